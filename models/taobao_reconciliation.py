# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..dajisaas import DajisaasError, OrderLookup

_logger = logging.getLogger(__name__)


class TaobaoReconciliation(models.AbstractModel):
    """The reconciliation of what DajiSaaS holds with what Odoo recorded, like a payment
    provider's settlement report.

    Every thirdOrderId this company sent whose outcome DajiSaaS has not shown (the ledger,
    ``taobao.purchase.intent``) is looked up, for ``taobao_reconcile_days``; so is every
    purchase a DajiSaaS message named that Odoo does not hold. What is found is recorded on
    the sale order that sent it, whatever that order's state, and the order stops for a
    person when it did not expect it. A run's figures are kept on the company (Settings).
    """

    _inherit = "taobao.jobs"

    @api.model
    def _cron_reconcile(self):
        """Look up the open requests and the purchases messages named; never raises."""
        deadline = self._deadline()
        Intent = self.env["taobao.purchase.intent"]
        requested = Intent.browse(list(self.env["taobao.sync.request"]._take(Intent._name)))
        requested = requested.exists()
        waiting = self.env["taobao.message.receipt"]._waiting()
        companies = self.env["res.company"].search([("taobao_app_key", "!=", False)])
        left = Intent.browse()
        for company in companies:
            since = fields.Datetime.now() - timedelta(days=company.taobao_reconcile_days)
            intents = requested.filtered(
                lambda i, c=company: i.company_id == c
            ) | Intent._open_sends(company, since)
            purchase_refs = waiting.get(company.id, [])
            if not intents and not purchase_refs:
                continue
            stats = {"checked": 0, "recorded": 0, "unplaced": 0}
            try:
                with company._taobao_client() as client:
                    left |= self._reconcile_requests(client, company, intents, deadline, stats)
                    if purchase_refs and time.monotonic() < deadline:
                        self._reconcile_purchases(client, company, purchase_refs, stats)
            except (DajisaasError, UserError) as error:
                _logger.warning("Taobao reconciliation of %s stopped: %s", company.name, error)
                left |= requested.filtered(lambda i, c=company: i.company_id == c)
            company.sudo().write(
                {
                    "taobao_reconcile_last_run": fields.Datetime.now(),
                    "taobao_reconcile_checked": stats["checked"],
                    "taobao_reconcile_recorded": stats["recorded"],
                    "taobao_reconcile_unplaced": stats["unplaced"],
                }
            )
            if stats["recorded"] or stats["unplaced"]:
                _logger.info(
                    "Taobao reconciliation of %s: %s requests looked up, %s purchases "
                    "recorded, %s not placed",
                    company.name,
                    stats["checked"],
                    stats["recorded"],
                    stats["unplaced"],
                )
            self._commit()
        # a request not served (busy order, time out, DajiSaaS failing) is asked again
        if self.env["taobao.sync.request"]._request(left & requested):
            self.env["sale.order"]._taobao_reconcile_cron()._trigger(
                at=fields.Datetime.now() + timedelta(minutes=1)
            )

    @api.model
    def _reconcile_requests(self, client, company, intents, deadline, stats):
        """Look up each thirdOrderId of ``intents`` once; return the intents not served."""
        by_ref = {}
        for intent in intents:
            by_ref.setdefault(intent.third_order_ref, intent)
        left = self.env["taobao.purchase.intent"]
        for ref, intent in by_ref.items():
            order = self.env["sale.order"].browse(intent.sale_order_ref).exists()
            if not order:
                continue
            if time.monotonic() >= deadline or not order._taobao_lock(log=False):
                left |= intent
                continue
            try:
                with self.env.cr.savepoint():
                    lookup = order._taobao_look_up(client, ref)
                    stats["checked"] += 1
                    if lookup.orders or lookup.foreign:
                        purchases, unplaced, _shown = order._taobao_apply_lookup(ref, lookup)
                        stats["recorded"] += len(purchases)
                        stats["unplaced"] += len(unplaced)
            except DajisaasError:
                raise  # DajiSaaS failing: the run stops, what is left is asked again
            except Exception:
                # one request's trouble (a constraint, a bug) is logged and left for later;
                # the savepoint undid its half-written records
                _logger.warning("Taobao reconciliation of %s failed", ref, exc_info=True)
                left |= intent
            self._commit()
        return left

    @api.model
    def _reconcile_purchases(self, client, company, purchase_refs, stats):
        """Place the purchases DajiSaaS messages named that Odoo does not hold: by the outer
        id DajiSaaS answers for each, on the request that sent it."""
        Intent = self.env["taobao.purchase.intent"]
        held = (
            self.env["purchase.order"]
            .sudo()
            .search(
                [("company_id", "=", company.id), ("taobao_purchase_ref", "in", purchase_refs)]
            )
        )
        # recorded since the message came (a concurrent run): its message is acted upon now
        self.env["taobao.message.receipt"]._claim(held)
        recorded = set(held.mapped("taobao_purchase_ref"))
        ids = [int(ref) for ref in purchase_refs if ref not in recorded and ref.isdigit()]
        if not ids:
            return
        for queried in client.query_orders(purchase_ids=ids):
            intent = Intent._of(company, [queried.outer_purchase_id])[:1]
            order = self.env["sale.order"].browse(intent.sale_order_ref).exists()
            if not order or not order._taobao_lock(log=False):
                if not order:
                    stats["unplaced"] += 1
                    _logger.warning(
                        "DajiSaaS purchase %s (outerPurchaseId %s) matches no purchase "
                        "request of %s",
                        queried.purchase_id,
                        queried.outer_purchase_id or "-",
                        company.name,
                    )
                continue
            lookup = OrderLookup(orders=[queried])
            try:
                with self.env.cr.savepoint():
                    purchases, _unplaced, _shown = order._taobao_apply_lookup(
                        intent.third_order_ref, lookup
                    )
                    stats["recorded"] += len(purchases)
            except Exception:
                _logger.warning(
                    "Taobao purchase %s not recorded", queried.purchase_id, exc_info=True
                )
            self._commit()

    @api.model
    def _commit(self):
        if self._auto_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit
