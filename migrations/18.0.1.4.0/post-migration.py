# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Books that add up, states that tell the truth.

- A Taobao purchase is billed on what was ordered once paid: the stored quantities to bill and
  billing statuses of existing Taobao purchases are computed again, so that a paid and billed
  one stops "Waiting Bills" (and Create Bill no longer makes a credit note). The cost of the
  sale lines they buy takes in their share of the shipping inside China.
- "Purchased" is split into "Bought, to Pay", "Paid" and "Shipped in China", and an order whose
  purchases DajiSaaS closed is to purchase again: the stored Taobao state is computed again.
- "Purchase on Taobao" from the list opens the preview for one order; an action that ran it
  as a step (a multi-action) runs the automation's own "Purchase on Taobao (automation)"
  instead, so that it still buys without a person.
- Every background job runs on ``taobao.jobs``: the scheduled actions of the purchase queue
  and the reconciliation (on ``taobao.purchaser``, which is no more) and of the
  synchronizations (on ``purchase.order``) are moved there, keeping their schedule and
  whether they are active. Without it, Odoo would delete those of a model that is gone.
- One Taobao shop is one vendor: earlier versions made a second vendor for a shop when a
  purchase named it by its nick and the catalog by its id. Such vendors, same name and both
  made for a Taobao shop, are merged into the one the products buy from.
"""

import logging

from odoo import SUPERUSER_ID, Command, api

_logger = logging.getLogger(__name__)

SHOP_PREFIX = "TAOBAO-SHOP-"
LANES = ("", "_lane_2", "_lane_3", "_lane_4")
JOBS = {
    **{f"ir_cron_taobao_purchase_queue{lane}": "taobao.purchaser" for lane in LANES},
    "ir_cron_taobao_reconcile": "taobao.purchaser",
    "ir_cron_taobao_sync": "purchase.order",
    "ir_cron_taobao_sync_requested": "purchase.order",
}
"""The scheduled actions this version moves to ``taobao.jobs``, by the model they ran on."""
RENAMED = {
    "_cron_taobao_sync_requested(": "_cron_sync_requested(",
    "_cron_taobao_sync(": "_cron_sync(",
}
"""The jobs whose method has a new name on ``taobao.jobs``; their arguments are kept."""
MERGE_AT_ONCE = 3  # Odoo's partner merge takes at most three contacts at a time


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _move_jobs(env)
    _recompute_bills(env)
    _recompute_states(env)
    _merge_shop_vendors(env)
    _keep_multi_actions_buying(env)


def _move_jobs(env):
    """Each scheduled action of ``JOBS`` still on its old model runs on ``taobao.jobs``, its
    code kept but for a renamed method (a manager's arguments stay)."""
    jobs = env["ir.model"]._get_id("taobao.jobs")
    for xmlid, old_model in JOBS.items():
        cron = env.ref(f"taobao_purchase.{xmlid}", raise_if_not_found=False)
        if not cron or cron.model_id.model != old_model:
            continue
        code = cron.code or ""
        for old, new in RENAMED.items():
            code = code.replace(old, new)
        cron.write({"model_id": jobs, "code": code})
        _logger.info("taobao_purchase upgrade: scheduled action %s now runs %s", xmlid, code)


def _recompute_bills(env):
    lines = env["purchase.order.line"].search([("order_id.is_taobao", "=", True)])
    env.add_to_compute(lines._fields["qty_to_invoice"], lines)
    env.add_to_compute(lines._fields["qty_invoiced"], lines)
    orders = lines.order_id
    env.add_to_compute(orders._fields["invoice_status"], orders)
    # a sale line's cost now holds its share of the shipping inside China
    lines.sale_line_id._taobao_update_cost()
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
    # vendors as the addon makes them only: never a person's contact, nor a company's own
    shops = Partner.search(
        [
            ("ref", "=like", f"{SHOP_PREFIX}%"),
            ("company_id", "=", False),
            ("parent_id", "=", False),
            ("child_ids", "=", False),
            ("user_ids", "=", False),
        ],
        order="id",
    )
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
            try:
                with env.cr.savepoint():
                    env["base.partner.merge.automatic.wizard"]._merge(
                        [kept.id, *(partner.id for partner in batch)], kept, extra_checks=False
                    )
            except Exception:  # an upgrade never stops for a vendor left as it was
                _logger.warning(
                    "taobao_purchase 18.0.1.4.0: vendors %s of shop %s not merged",
                    [partner.id for partner in batch],
                    kept.name,
                    exc_info=True,
                )
                continue
            merged += len(batch)
    _logger.info("taobao_purchase 18.0.1.4.0: %s duplicate Taobao shop vendors merged", merged)


def _keep_multi_actions_buying(env):
    screen = env.ref("taobao_purchase.action_server_taobao_purchase", raise_if_not_found=False)
    automation = env.ref(
        "taobao_purchase.action_server_taobao_purchase_automation", raise_if_not_found=False
    )
    if not (screen and automation):
        return
    parents = (
        env["ir.actions.server"]
        .with_context(active_test=False)
        .search([("child_ids", "in", screen.ids)])
    )
    parents.write({"child_ids": [Command.unlink(screen.id), Command.link(automation.id)]})
    _logger.info(
        "taobao_purchase 18.0.1.4.0: %s multi-actions run the automation's purchase", len(parents)
    )
