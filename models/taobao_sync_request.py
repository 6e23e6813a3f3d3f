# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL, create_index


class TaobaoSyncRequest(models.Model):
    """A record DajiSaaS said something about, waiting for the jobs to ask DajiSaaS.

    The sync job marks here the purchases the messages it read name (and the purchase job
    the unknown outcomes); a request a run could not serve is marked again. A request
    already pending is not repeated, so a burst or a replay of messages about one purchase
    makes one synchronization. No unique key: two transactions at once may both insert,
    which costs nothing (the job takes them as one), where a unique key would fail the
    later one for a serialization error.
    """

    _name = "taobao.sync.request"
    _description = "Taobao Synchronization Request"
    _log_access = False

    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    refund = fields.Boolean(help="DajiSaaS reported a refund: a person should review it.")

    def init(self):
        create_index(
            self.env.cr,
            "taobao_sync_request_record_index",
            self._table,
            ["res_model", "res_id"],
        )

    @api.model
    def _request(self, records, refund=False):
        """Ask for a synchronization of ``records``; return True when one was not pending
        (or not with this refund), so that the job is to be woken up."""
        if not records:
            return False
        self.env.cr.execute(
            SQL(
                """INSERT INTO taobao_sync_request (res_model, res_id, refund)
                   SELECT %(model)s, record_id, %(refund)s
                     FROM unnest(%(ids)s::int[]) AS record_id
                    WHERE NOT EXISTS (
                          SELECT FROM taobao_sync_request pending
                           WHERE pending.res_model = %(model)s
                             AND pending.res_id = record_id
                             AND (pending.refund OR NOT %(refund)s))
                   RETURNING res_id""",
                model=records._name,
                ids=records.ids,
                refund=refund,
            )
        )
        return bool(self.env.cr.fetchall())

    @api.model
    def _take(self, res_model, limit=None):
        """Remove and return ``{res_id: refund}`` of the requests for ``res_model``.

        Another job that took requests after this transaction began (Odoo's transactions
        are REPEATABLE READ) makes the lock a serialization failure: then nothing is taken
        now, and what that job left is taken by the next run."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """DELETE FROM taobao_sync_request WHERE id IN (
                               SELECT id FROM taobao_sync_request WHERE res_model = %(model)s
                               ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
                           RETURNING res_id, refund""",
                        model=res_model,
                        limit=limit,
                    ),
                    log_exceptions=False,
                )
                rows = self.env.cr.fetchall()
        except SerializationFailure:
            return {}
        taken = {}
        for res_id, refund in rows:
            taken[res_id] = taken.get(res_id, False) or refund
        return taken
