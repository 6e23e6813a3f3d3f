# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=30)
"""How old an intent must be before the sweep looks at it.

The attempt that wrote an intent holds its sale order's row lock until its transaction
ends, so an intent whose order is not locked belongs to a finished attempt; the delay only
keeps the sweep away from attempts that have just started."""


class TaobaoPurchaseIntent(models.Model):
    """A create request about to be sent to DajiSaaS, committed before it is sent.

    Written through its own cursor, so it survives a worker killed while the request is in
    flight. The sale order itself says whether the outcome became known: a sweep of the
    purchase job turns an intent whose outcome was lost into an "unknown outcome", which is
    then resolved by asking DajiSaaS for that thirdOrderId.
    """

    _name = "taobao.purchase.intent"
    _description = "Taobao Purchase Intent"
    _order = "id desc"
    _rec_name = "third_order_ref"

    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    sale_order_ref = fields.Integer(
        string="Sale Order ID",
        required=True,
        index=True,
        help="Not a link: written before " "the sale order's own transaction commits.",
    )
    attempt = fields.Integer(required=True)
    third_order_ref = fields.Char(string="thirdOrderId", required=True, index=True)
    state = fields.Selection(
        [("sending", "Sending"), ("resolved", "Resolved")],
        required=True,
        default="sending",
        index=True,
    )

    @api.model
    def _record_sending(self, order, third_order_ref):
        """Commit, on a cursor of its own, that ``order`` is sending ``third_order_ref``."""
        try:
            with self.env.registry.cursor() as cr:
                cr.execute(
                    SQL(
                        """INSERT INTO taobao_purchase_intent (company_id, sale_order_ref,
                               attempt, third_order_ref, state, create_uid, write_uid,
                               create_date, write_date)
                           SELECT company.id, %(order)s, %(attempt)s, %(ref)s, 'sending',
                               %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                               now() AT TIME ZONE 'UTC'
                           FROM res_company company WHERE company.id = %(company)s""",
                        order=order.id,
                        attempt=order.taobao_attempt,
                        ref=third_order_ref,
                        uid=SUPERUSER_ID,
                        company=order.company_id.id,
                    )
                )
        except Exception:  # the purchase itself must go on: its state is written as well
            _logger.warning("Could not record the intent of %s", third_order_ref, exc_info=True)

    @api.model
    def _sweep(self):
        """Turn intents whose outcome was lost into unknown outcomes; return how many."""
        stale = self.search(
            [("state", "=", "sending"), ("create_date", "<", fields.Datetime.now() - STALE_AFTER)]
        )
        lost = 0
        for intent in stale:
            order = self.env["sale.order"].browse(intent.sale_order_ref).exists()
            if order and not self.env["taobao.purchaser"]._lock(order, log=False):
                continue  # the attempt that sent it is still running
            if order and intent._is_lost(order):
                lost += 1
                self.env["taobao.purchaser"]._recover_lost_intent(order, intent.third_order_ref)
            intent.state = "resolved"
        return lost

    def _is_lost(self, order):
        """True when ``order`` never recorded the outcome of this intent."""
        self.ensure_one()
        if order.taobao_attempt > self.attempt:
            return False  # the outcome was known and the attempt moved on
        if order.taobao_pending_third_order_id == self.third_order_ref:
            return order.taobao_attempt_state == "sending"  # known but its answer was lost
        bought = self.env["purchase.order"].search_count(
            [("taobao_third_order_ref", "=", self.third_order_ref)], limit=1
        )
        return not bought
