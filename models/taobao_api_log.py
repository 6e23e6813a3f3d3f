# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

from ..dajisaas.redaction import Redactor

_logger = logging.getLogger(__name__)

RETENTION_DAYS_PARAM = "taobao_purchase.api_log_retention_days"


def insert_log_row(cr, values):
    """Write one log row in a single INSERT on ``cr``: every DajiSaaS call writes one.

    Needs no environment (so no registry lookup from the calling thread). The user is linked
    only when this transaction can see it (it may exist only in the caller's uncommitted
    transaction, as in tests); the row is kept either way.
    """
    columns = [name for name in values if name not in ("company_id", "user_id")]
    cr.execute(
        SQL(
            """INSERT INTO taobao_api_log (company_id, user_id, create_uid, write_uid,
                   create_date, write_date, %(columns)s)
               SELECT company.id, (SELECT id FROM res_users WHERE id = %(user_id)s),
                   %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',
                   %(values)s
               FROM res_company company WHERE company.id = %(company_id)s""",
            columns=SQL(", ").join(SQL.identifier(name) for name in columns),
            values=SQL(", ").join(
                SQL("%s", None if values[name] is False else values[name]) for name in columns
            ),
            user_id=values.get("user_id"),
            uid=SUPERUSER_ID,
            company_id=values["company_id"],
        )
    )
    if not cr.rowcount:
        _logger.warning("DajiSaaS API log not written: company %s not found", values)


class TaobaoApiLog(models.Model):
    """One HTTP exchange with DajiSaaS, written through its own cursor.

    The log is committed on its own so that the trace of a failed call survives the
    rollback of the transaction that made it.
    """

    _name = "taobao.api.log"
    _description = "DajiSaaS API Log"
    _order = "id desc"
    _rec_name = "endpoint"

    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", ondelete="set null")
    res_model = fields.Char(string="Related Model", index=True)
    res_id = fields.Many2oneReference(string="Related Record", model_field="res_model", index=True)
    method = fields.Char(required=True)
    endpoint = fields.Char(required=True, index=True)
    url = fields.Char(string="URL")
    attempt = fields.Integer(default=1)
    status_code = fields.Integer(string="HTTP Status")
    duration_ms = fields.Integer(string="Duration (ms)")
    trace_id = fields.Char(string="Trace ID", index=True)
    state = fields.Selection(
        selection=[("success", "Success"), ("error", "Error")], required=True, index=True
    )
    error = fields.Text()
    request_body = fields.Text(string="Request (redacted)")
    response_body = fields.Text(string="Response (redacted)")

    @api.autovacuum
    def _gc_api_logs(self):
        """Keep the log bounded: rows older than the retention (days; 0 keeps them all)."""
        days = int(self.env["ir.config_parameter"].sudo().get_param(RETENTION_DAYS_PARAM, 90) or 0)
        if days > 0:
            cutoff = fields.Datetime.now() - timedelta(days=days)
            self.sudo().search([("create_date", "<", cutoff)]).unlink()

    @api.model
    def _exchange_recorder(self, company, record=None):
        """Return a callback for the client's ``on_exchange`` hook that logs each exchange.

        :param company: the company whose credentials made the call
        :param record: an optional record the call was made for (a sale order...)
        """
        dbname = self.env.cr.dbname
        registry = self.env.registry
        secrets = [s for s in [company.sudo().taobao_app_secret] if s]
        base_values = {
            "company_id": company.id,
            "user_id": self.env.uid,
            "res_model": record._name if record else False,
            "res_id": record.id if record else False,
        }

        def record_exchange(exchange):
            values = dict(base_values, **self._values_from_exchange(exchange, secrets))
            try:
                with registry.cursor() as cr:
                    insert_log_row(cr, values)
            except Exception:  # a log must never break the call it records
                _logger.warning(
                    "Could not write the DajiSaaS API log in %s", dbname, exc_info=True
                )

        return record_exchange

    @api.model
    def _values_from_exchange(self, exchange, secrets):
        redactor = Redactor(secrets)

        def redact(value):
            if value is None:
                return ""
            return redactor(
                value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            )

        return {
            "method": exchange.method,
            "endpoint": exchange.endpoint,
            "url": exchange.url_without_query,
            "attempt": exchange.attempt,
            "status_code": exchange.status_code or 0,
            "duration_ms": int(exchange.duration_ms or 0),
            "trace_id": exchange.trace_id,
            "state": "error" if exchange.error else "success",
            "error": redact(exchange.error) if exchange.error else False,
            "request_body": redact(exchange.request),
            "response_body": redact(exchange.response_body),
        }
