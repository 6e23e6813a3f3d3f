# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class TaobaoSyncRequest(models.Model):
    """A record DajiSaaS said something about, waiting for the jobs to ask DajiSaaS.

    A message only inserts a row here (one per record at most): it never writes the rows
    the jobs write, never waits on their locks, and a burst or a replay of messages about
    one purchase makes one synchronization.
    """

    _name = "taobao.sync.request"
    _description = "Taobao Synchronization Request"
    _log_access = False

    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    refund = fields.Boolean(help="DajiSaaS reported a refund: a person should review it.")

    _sql_constraints = [
        ("record_uniq", "unique(res_model, res_id)", "A synchronization is already requested."),
    ]

    @api.model
    def _request(self, records, refund=False):
        """Ask for a synchronization of ``records``; return True when none was pending."""
        if not records:
            return False
        self.env.cr.execute(
            SQL(
                """INSERT INTO taobao_sync_request (res_model, res_id, refund)
                   SELECT %(model)s, unnest(%(ids)s::int[]), %(refund)s
                   ON CONFLICT (res_model, res_id) DO UPDATE
                       SET refund = taobao_sync_request.refund OR EXCLUDED.refund
                   RETURNING (xmax = 0) AS inserted""",
                model=records._name,
                ids=records.ids,
                refund=refund,
            )
        )
        return any(inserted for (inserted,) in self.env.cr.fetchall())

    @api.model
    def _take(self, res_model, limit=None):
        """Remove and return ``{res_id: refund}`` of the requests for ``res_model``."""
        self.env.cr.execute(
            SQL(
                """DELETE FROM taobao_sync_request WHERE id IN (
                       SELECT id FROM taobao_sync_request WHERE res_model = %(model)s
                       ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
                   RETURNING res_id, refund""",
                model=res_model,
                limit=limit,
            )
        )
        return dict(self.env.cr.fetchall())
