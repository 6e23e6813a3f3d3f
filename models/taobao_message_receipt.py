# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

KEEP_RECEIPTS = timedelta(days=7)


class TaobaoMessageReceipt(models.Model):
    """The digest of each verified DajiSaaS message, so that a replay does nothing."""

    _name = "taobao.message.receipt"
    _description = "DajiSaaS Message Receipt"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    digest = fields.Char(required=True)
    received = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    _sql_constraints = [
        ("digest_uniq", "unique(company_id, digest)", "This message was already received."),
    ]

    @api.model
    def _first_time(self, company, digest):
        """Record ``digest``; True when this message had not been received before."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO taobao_message_receipt (company_id, digest, received)
                   VALUES (%s, %s, now() AT TIME ZONE 'UTC')
                   ON CONFLICT (company_id, digest) DO NOTHING""",
                company.id,
                digest,
            )
        )
        return bool(self.env.cr.rowcount)

    @api.autovacuum
    def _gc_receipts(self):
        self.search([("received", "<", fields.Datetime.now() - KEEP_RECEIPTS)]).unlink()
