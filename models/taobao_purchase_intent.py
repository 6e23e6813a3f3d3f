# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=30)
"""How old an intent must be before the sweep looks at it.

The attempt that wrote an intent holds its sale order's row lock until its transaction
ends, so an intent whose order is not locked belongs to a finished attempt; the delay only
keeps the sweep away from attempts that have just started."""

OUTCOMES = [
    ("open", "Sent, Not Shown Yet"),
    ("bought", "Bought"),
    ("refused", "Refused by DajiSaaS"),
    ("released", "Released by a Manager"),
    ("noted", "Other Purchase Reported"),
    ("alias", "Outer Id Confirmed by a Manager"),
]
"""What a row of the ledger says of its thirdOrderId: ``open``, a send (its outcome not
shown by that row); ``bought``, ``refused`` and ``released`` close the id, by what DajiSaaS
showed (its purchases, or a clear refusal of its first send) or by a manager's decision that
nothing was bought. An id with no closing row is looked up again. ``noted`` records a
purchase a lookup answered under an id no request explains (reported once); ``alias``, a
manager's word that such an outer id is the request's own.

The ledger is only ever added to: a send is committed on a cursor of its own before the
request leaves, which the sending transaction cannot see (nor update); what became of it is
added by that transaction, and is lost with it if it rolls back, so that the id stays open."""

CLOSING = ("bought", "refused", "released")
OUTER_IDS = ("bought", "alias")

DISPLAY_STATES = [
    ("sending", "Sending"),
    ("bought", "Bought"),
    ("refused", "Refused"),
    ("released", "Released"),
    ("unknown", "Outcome Unknown"),
    ("noted", "Other Purchase Reported"),
    ("alias", "Outer Id Confirmed"),
]
"""What the list of requests shows of a row (display only, see ``display_state``): a
send closed by a row of the ledger shows what closed it (``bought`` first, as in
``CLOSING``), one not closed shows ``sending`` until the sweep, then ``unknown`` (looked up
again); other rows show their own outcome."""


class TaobaoPurchaseIntent(models.Model):
    """A create request sent to DajiSaaS: the ledger of every thirdOrderId this company sent.

    Written through its own cursor before the request leaves, so it survives a worker killed
    while the request is in flight. A sweep of the purchase job turns an intent whose
    outcome was lost into an "unknown outcome" of its sale order; the reconciliation looks
    up every id whose outcome DajiSaaS has not shown, and records what it finds on the sale
    order that sent it, whatever that order's state.
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
    outer_purchase_ref = fields.Char(
        string="outerPurchaseId",
        index="btree_not_null",
        help="The outer id DajiSaaS answered for this thirdOrderId, when it answered another.",
    )
    state = fields.Selection(
        [("sending", "Sending"), ("resolved", "Resolved")],
        required=True,
        default="sending",
        index=True,
    )
    outcome = fields.Selection(OUTCOMES, required=True, default="open", index=True)
    purchase_ref = fields.Char(
        string="DajiSaaS Purchase ID", help="The purchase a noted row reports."
    )
    display_state = fields.Selection(
        DISPLAY_STATES,
        string="Status",
        compute="_compute_display_state",
        help="What became of the request, from the rows of the ledger that close its "
        "thirdOrderId: Bought as soon as its purchase is recorded, Sending while no answer "
        "is recorded, Outcome Unknown once the purchase job found it lost (it is looked up "
        "again). Display only: the ledger's own State moves on later, with the sweep.",
    )

    @api.depends("state", "outcome", "company_id", "third_order_ref")
    def _compute_display_state(self):
        sends = self.filtered(lambda row: row.outcome == "open")
        closed_by = {}
        if sends:
            for company, ref, outcome in self.sudo()._read_group(
                [
                    ("company_id", "in", sends.company_id.ids),
                    ("third_order_ref", "in", list(set(sends.mapped("third_order_ref")))),
                    ("outcome", "in", CLOSING),
                ],
                ["company_id", "third_order_ref", "outcome"],
            ):
                key = (company.id, ref)
                if key not in closed_by or CLOSING.index(outcome) < CLOSING.index(closed_by[key]):
                    closed_by[key] = outcome
        for row in self:
            if row.outcome != "open":
                row.display_state = row.outcome
            else:
                row.display_state = closed_by.get((row.company_id.id, row.third_order_ref)) or (
                    "sending" if row.state == "sending" else "unknown"
                )

    @api.model
    def _record_sending(self, order, third_order_ref):
        """Commit, on a cursor of its own, that ``order`` is sending ``third_order_ref``, and
        wake the purchase job for the moment the send would count as lost.

        :return: how many times this company has sent ``third_order_ref``, this send
            included; 0 when it could not be recorded (the caller cannot tell a first send)
        """
        try:
            with self.env.registry.cursor() as cr:
                cr.execute(
                    SQL(
                        """INSERT INTO taobao_purchase_intent (company_id, sale_order_ref,
                               attempt, third_order_ref, state, outcome, create_uid,
                               write_uid, create_date, write_date)
                           SELECT company.id, %(order)s, %(attempt)s, %(ref)s, 'sending',
                               'open', %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                               now() AT TIME ZONE 'UTC'
                           FROM res_company company WHERE company.id = %(company)s""",
                        order=order.id,
                        attempt=order.taobao_attempt,
                        ref=third_order_ref,
                        uid=SUPERUSER_ID,
                        company=order.company_id.id,
                    )
                )
                cron = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")
                cr.execute(
                    SQL(
                        """INSERT INTO ir_cron_trigger (cron_id, call_at)
                           VALUES (%(cron)s, now() AT TIME ZONE 'UTC' + %(delay)s)""",
                        cron=cron.id,
                        delay=STALE_AFTER + timedelta(seconds=5),
                    )
                )
                cr.execute(
                    SQL(
                        """SELECT count(*) FROM taobao_purchase_intent
                            WHERE company_id = %(company)s AND third_order_ref = %(ref)s
                              AND outcome = 'open'""",
                        company=order.company_id.id,
                        ref=third_order_ref,
                    )
                )
                return cr.fetchone()[0]
        except Exception:  # the purchase itself must go on: its state is written as well
            _logger.warning("Could not record the intent of %s", third_order_ref, exc_info=True)
            return 0

    @api.model
    def _close(self, order, third_order_ref, outcome, outer_ref=None):
        """Record what ``third_order_ref``, sent by ``order``, came to."""
        self.sudo().create(
            {
                "company_id": order.company_id.id,
                "sale_order_ref": order.id,
                "attempt": order.taobao_attempt,
                "third_order_ref": third_order_ref,
                "outer_purchase_ref": outer_ref
                if outer_ref and outer_ref != third_order_ref
                else False,
                "state": "resolved",
                "outcome": outcome,
            }
        )

    @api.model
    def _closed_refs(self, company, refs):
        """Those of ``refs`` (thirdOrderIds) that a row of the ledger closes."""
        return set(
            self.sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("third_order_ref", "in", list(refs)),
                    ("outcome", "in", CLOSING),
                ]
            )
            .mapped("third_order_ref")
        )

    @api.model
    def _of(self, company, refs):
        """The rows of ``company``'s requests whose thirdOrderId, or outer id (answered by
        DajiSaaS or confirmed by a manager), is in ``refs``."""
        refs = [ref for ref in refs if ref]
        if not refs:
            return self.sudo().browse()
        # the ledger is the flow's: read and written whoever runs it
        return self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("outcome", "!=", "noted"),  # a purchase reported, not a request's id
                "|",
                ("third_order_ref", "in", refs),
                ("outer_purchase_ref", "in", refs),
            ]
        )

    @api.model
    def _outer_refs(self, company, third_order_ref):
        """The outer ids DajiSaaS answered for ``third_order_ref``, or a manager confirmed
        are its own (to match a lookup)."""
        rows = self._of(company, [third_order_ref]).filtered(
            lambda row: row.outcome in OUTER_IDS and row.third_order_ref == third_order_ref
        )
        return set(rows.mapped("outer_purchase_ref")) - {False}

    @api.model
    def _noted(self, order):
        """The purchases already reported to a person for ``order`` (see :meth:`_note`)."""
        return self.sudo().search([("sale_order_ref", "=", order.id), ("outcome", "=", "noted")])

    @api.model
    def _noted_purchase_refs(self, order):
        return set(self._noted(order).mapped("purchase_ref"))

    @api.model
    def _note(self, order, third_order_ref, foreign_orders):
        """Record that the lookup of ``third_order_ref`` answered ``foreign_orders`` (under
        ids no request explains) and that ``order`` was stopped for a person about them."""
        self.sudo().create(
            [
                {
                    "company_id": order.company_id.id,
                    "sale_order_ref": order.id,
                    "attempt": order.taobao_attempt,
                    "third_order_ref": third_order_ref,
                    "outer_purchase_ref": foreign.outer_purchase_id or False,
                    "purchase_ref": str(foreign.purchase_id),
                    "state": "resolved",
                    "outcome": "noted",
                }
                for foreign in foreign_orders
            ]
        )

    @api.model
    def _explained_anywhere(self, outer_ref):
        """Whether a request of any company was sent as ``outer_ref``, or answered under it."""
        return bool(
            self.sudo().search_count(
                [
                    ("outcome", "!=", "noted"),
                    "|",
                    ("third_order_ref", "=", outer_ref),
                    ("outer_purchase_ref", "=", outer_ref),
                ],
                limit=1,
            )
        )

    @api.model
    def _alias(self, order, third_order_ref, outer_ref):
        """A manager confirmed that ``outer_ref`` is DajiSaaS's id for ``third_order_ref``."""
        self.sudo().create(
            {
                "company_id": order.company_id.id,
                "sale_order_ref": order.id,
                "attempt": order.taobao_attempt,
                "third_order_ref": third_order_ref,
                "outer_purchase_ref": outer_ref,
                "state": "resolved",
                "outcome": "alias",
            }
        )

    @api.model
    def _sent_for_attempt(self, order):
        """The thirdOrderId sent for ``order``'s current attempt and not closed, if any."""
        sends = self.sudo().search(
            [
                ("company_id", "=", order.company_id.id),
                ("sale_order_ref", "=", order.id),
                ("attempt", "=", order.taobao_attempt),
                ("outcome", "=", "open"),
            ],
            order="id desc",
        )
        refs = set(sends.mapped("third_order_ref"))
        open_refs = refs - self._closed_refs(order.company_id, refs)
        return next((s.third_order_ref for s in sends if s.third_order_ref in open_refs), False)

    @api.model
    def _last_send(self, order, third_order_ref):
        """When ``order`` last sent ``third_order_ref`` (None when the ledger does not say)."""
        last = self.sudo().search(
            [
                ("sale_order_ref", "=", order.id),
                ("third_order_ref", "=", third_order_ref),
                ("outcome", "=", "open"),
            ],
            order="create_date desc",
            limit=1,
        )
        return last.create_date or None

    @api.model
    def _open_refs_of(self, order):
        """The thirdOrderIds ``order`` sent whose outcome DajiSaaS has not shown."""
        sent = set(
            self.sudo()
            .search([("company_id", "=", order.company_id.id), ("sale_order_ref", "=", order.id)])
            .mapped("third_order_ref")
        )
        return sorted(sent - self._closed_refs(order.company_id, sent))

    @api.model
    def _open_sends(self, company, since):
        """One swept send per thirdOrderId of ``company`` sent since ``since`` whose outcome
        no row of the ledger closes."""
        sends = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("outcome", "=", "open"),
                ("state", "=", "resolved"),
                ("create_date", ">=", since),
            ]
        )
        closed = self._closed_refs(company, set(sends.mapped("third_order_ref")))
        return sends.filtered(lambda send: send.third_order_ref not in closed)

    def _claim(self):
        """Lock this intent for the sweep; False when another transaction holds it or has
        changed it since this one began (purchase lanes sweep at the same time)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM taobao_purchase_intent WHERE id = %s AND state = 'sending'"
                    " FOR NO KEY UPDATE SKIP LOCKED",
                    [self.id],
                    log_exceptions=False,
                )
                return bool(self.env.cr.fetchone())
        except (LockNotAvailable, SerializationFailure):
            return False

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
