# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Books that add up, states that tell the truth.

- A Taobao purchase is billed on what was ordered once paid: the stored quantities to bill and
  billing statuses of existing Taobao purchases are computed again, so that a paid and billed
  one stops "Waiting Bills" (and Create Bill no longer makes a credit note).
- "Purchased" is split into "Bought, to Pay", "Paid" and "Shipped in China", and an order whose
  purchases DajiSaaS closed is to purchase again: the stored Taobao state is computed again.
- One Taobao shop is one vendor: earlier versions made a second vendor for a shop when a
  purchase named it by its nick and the catalog by its id. Such vendors, same name and both
  made for a Taobao shop, are merged into the one the products buy from.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

SHOP_PREFIX = "TAOBAO-SHOP-"
MERGE_AT_ONCE = 3  # Odoo's partner merge takes at most three contacts at a time


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _recompute_bills(env)
    _recompute_states(env)
    _merge_shop_vendors(env)


def _recompute_bills(env):
    lines = env["purchase.order.line"].search([("order_id.is_taobao", "=", True)])
    env.add_to_compute(lines._fields["qty_to_invoice"], lines)
    env.add_to_compute(lines._fields["qty_invoiced"], lines)
    orders = lines.order_id
    env.add_to_compute(orders._fields["invoice_status"], orders)
    env.flush_all()
    _logger.info("taobao_purchase 18.0.1.4.0: bills of %s Taobao purchases computed", len(orders))


def _recompute_states(env):
    orders = env["sale.order"].search([("taobao_state", "!=", "none")])
    env.add_to_compute(orders._fields["taobao_state"], orders)
    env.flush_all()
    _logger.info(
        "taobao_purchase 18.0.1.4.0: Taobao state of %s sale orders computed", len(orders)
    )


def _merge_shop_vendors(env):
    Partner = env["res.partner"].with_context(active_test=False)
    shops = Partner.search([("ref", "=like", f"{SHOP_PREFIX}%")], order="id")
    merged = 0
    for _name, same in shops.grouped("name").items():
        if len(same) < 2:
            continue
        # the vendor the products name (the catalog's) stays; then the oldest
        supplied = set(
            env["product.supplierinfo"].search([("partner_id", "in", same.ids)]).partner_id.ids
        )
        kept, *others = sorted(same, key=lambda partner: (partner.id not in supplied, partner.id))
        for start in range(0, len(others), MERGE_AT_ONCE - 1):
            batch = others[start : start + MERGE_AT_ONCE - 1]
            env["base.partner.merge.automatic.wizard"]._merge(
                [kept.id, *(partner.id for partner in batch)], kept, extra_checks=False
            )
            merged += len(batch)
    _logger.info("taobao_purchase 18.0.1.4.0: %s duplicate Taobao shop vendors merged", merged)
