# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_index

from ..const import MESSAGE_TYPE_REFUND

_logger = logging.getLogger(__name__)

KEEP_RECEIPTS = timedelta(days=7)
KEEP_WAITING = timedelta(days=30)
"""How long a message about a purchase Odoo has not recorded waits for it to be."""


class TaobaoMessageReceipt(models.Model):
    """A verified DajiSaaS message: its digest, so that a replay does nothing, and what it
    is about, until the sync job acts upon it.

    Receiving a message is this one row and nothing else: no purchase is looked up, no job
    woken up, no row the jobs write is touched, so a burst of messages costs Odoo little
    more than any request and never waits on a lock. The job reads the pending ones every
    minute (:meth:`_take_pending`).
    """

    _name = "taobao.message.receipt"
    _description = "DajiSaaS Message Receipt"
    _log_access = False

    company_ref = fields.Integer(
        "Company Id",
        required=True,
        help="The id of the company the message was posted for. Not a foreign key: checking "
        "one locks the company's row for every message kept, so that a burst queues on that "
        "row and waits while the company is saved. A deleted company's receipts go with the "
        "weekly clean-up.",
    )
    digest = fields.Char(required=True)
    received = fields.Datetime(required=True, default=fields.Datetime.now)
    purchase_ref = fields.Char(help="The DajiSaaS purchase id the message is about.")
    outer_purchase_ref = fields.Char(help="The thirdOrderId the message names.")
    refund = fields.Boolean(help="DajiSaaS reported a refund: a person should review it.")
    pending = fields.Boolean(help="Not acted upon yet.")
    waiting = fields.Boolean(
        help="About a purchase Odoo has not recorded: kept (its refund included) until it is."
    )

    def init(self):
        create_index(
            self.env.cr,
            "taobao_message_receipt_digest_index",
            self._table,
            ["company_ref", "digest"],
        )
        create_index(
            self.env.cr,
            "taobao_message_receipt_pending_index",
            self._table,
            ["id"],
            where="pending",
        )

    @api.model
    def _receive(self, company, digest, message):
        """Record the verified, parsed ``message`` of text digest ``digest`` as pending;
        False when it was received before (a replay: nothing is recorded).

        A message and its replay at the very same moment may both be recorded (the job
        then takes them as one). A unique key would instead fail the later one for a
        serialization error, and Odoo would replay the whole request."""
        purchase_id = message.order_purchase_id
        self.env.cr.execute(
            SQL(
                """INSERT INTO taobao_message_receipt
                       (company_ref, digest, received, purchase_ref, outer_purchase_ref,
                        refund, pending)
                   SELECT %(company)s, %(digest)s, now() AT TIME ZONE 'UTC', %(purchase)s,
                          %(outer)s, %(refund)s, TRUE
                    WHERE NOT EXISTS (
                          SELECT FROM taobao_message_receipt
                           WHERE company_ref = %(company)s AND digest = %(digest)s)""",
                company=company.id,
                digest=digest,
                purchase=str(purchase_id) if purchase_id else None,
                outer=message.outer_purchase_id or None,
                refund=message.message_type == MESSAGE_TYPE_REFUND,
            )
        )
        return bool(self.env.cr.rowcount)

    @api.model
    def _take_pending(self):
        """Mark the pending messages acted upon and return what they are about:
        ``[(receipt id, company id, purchase ref, thirdOrderId, refund)]``, oldest first."""
        self.flush_model(["pending"])
        self.env.cr.execute(
            SQL(
                """UPDATE taobao_message_receipt SET pending = FALSE
                    WHERE id IN (SELECT id FROM taobao_message_receipt WHERE pending
                                  ORDER BY id FOR UPDATE SKIP LOCKED)
                RETURNING id, company_ref, purchase_ref, outer_purchase_ref, refund"""
            )
        )
        taken = sorted(self.env.cr.fetchall())
        self.invalidate_model(["pending"])
        return taken

    @api.model
    def _waiting(self):
        """``{company id: [purchase refs]}`` the waiting messages name."""
        waiting = {}
        for receipt in self.search([("waiting", "=", True)], order="id"):
            refs = waiting.setdefault(receipt.company_ref, [])
            if receipt.purchase_ref not in refs:
                refs.append(receipt.purchase_ref)
        return waiting

    @api.model
    def _claim(self, purchases):
        """The waiting messages about ``purchases``, now recorded, are acted upon: a refund
        they reported flags its purchase."""
        for company, company_purchases in purchases.grouped("company_id").items():
            receipts = self.sudo().search(
                [
                    ("company_ref", "=", company.id),
                    ("waiting", "=", True),
                    ("purchase_ref", "in", company_purchases.mapped("taobao_purchase_ref")),
                ]
            )
            refunded = set(receipts.filtered("refund").mapped("purchase_ref"))
            company_purchases.filtered(
                lambda p, r=refunded: p.taobao_purchase_ref in r
            )._taobao_flag_refund()
            receipts.write({"waiting": False})

    @api.autovacuum
    def _gc_receipts(self):
        now = fields.Datetime.now()
        self.search(
            [
                ("received", "<", now - KEEP_RECEIPTS),
                ("pending", "=", False),
                ("waiting", "=", False),
            ]
        ).unlink()
        expired = self.search([("received", "<", now - KEEP_WAITING), ("waiting", "=", True)])
        for receipt in expired:
            _logger.warning(
                "DajiSaaS message about purchase %s (refund: %s) dropped: Odoo never recorded "
                "that purchase",
                receipt.purchase_ref,
                receipt.refund,
            )
        expired.unlink()
