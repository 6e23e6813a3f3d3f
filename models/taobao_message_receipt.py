# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_index

KEEP_RECEIPTS = timedelta(days=7)


class TaobaoMessageReceipt(models.Model):
    """The digest of each verified DajiSaaS message, so that a replay does nothing."""

    _name = "taobao.message.receipt"
    _description = "DajiSaaS Message Receipt"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    digest = fields.Char(required=True)
    received = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    def init(self):
        create_index(
            self.env.cr,
            "taobao_message_receipt_digest_index",
            self._table,
            ["company_id", "digest"],
        )

    @api.model
    def _first_time(self, company, digest):
        """Record ``digest``; True when this message had not been received before.

        A message and its replay at the very same moment may both pass (each acts: the
        synchronization they ask for is taken as one). A unique key would instead fail the
        later one for a serialization error, and Odoo would replay the whole request."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO taobao_message_receipt (company_id, digest, received)
                   SELECT %(company)s, %(digest)s, now() AT TIME ZONE 'UTC'
                    WHERE NOT EXISTS (
                          SELECT FROM taobao_message_receipt
                           WHERE company_id = %(company)s AND digest = %(digest)s)""",
                company=company.id,
                digest=digest,
            )
        )
        return bool(self.env.cr.rowcount)

    @api.autovacuum
    def _gc_receipts(self):
        self.search([("received", "<", fields.Datetime.now() - KEEP_RECEIPTS)]).unlink()
