# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..dajisaas import matching_message_signatures

KEEP_REFUSALS = 100
"""Refused messages kept per company: enough to diagnose, bounded against floods."""
MESSAGE_EXCERPT = 4000
QUIET_SECONDS = 10
"""At most one refusal is recorded per company in this many seconds: a flood writes little
and cannot push the first, telling refusals out at once."""


class TaobaoMessageRefusal(models.Model):
    """A DajiSaaS message refused for its signature: what came, and what it matched.

    When DajiSaaS signs messages another way than the company's setting says, every message
    is refused; these records tell an administrator which variant the signature matches
    (all variants are keyed by the appSecret), or that it matches none.
    """

    _name = "taobao.message.refusal"
    _description = "Refused DajiSaaS Message"
    _order = "id desc"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    received = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    remote_addr = fields.Char(string="Sent From", readonly=True)
    message = fields.Text(readonly=True, help="The message text as received (its start).")
    signature = fields.Char(
        string="Signature Received",
        readonly=True,
        help="A digest of it: a valid signature under another variant is never kept, so "
        "that nobody can replay the message with it.",
    )
    variant_tried = fields.Selection(
        selection=lambda self: self.env["res.company"]._taobao_message_signature_selection(),
        string="Signature Expected",
        readonly=True,
    )
    variants_matched = fields.Char(
        string="Signature Matches",
        readonly=True,
        help="The known signature variants under which the signature is valid. Empty: it "
        "matches none, so the appSecret differs or the message was not sent by DajiSaaS.",
    )

    @api.model
    def _record(self, company, message, signature, keys, remote_addr, known=True):
        """Keep one refusal (and only the company's latest ones); return the matches.

        :param keys: the company's ``(appSecret, appKey, signature variant)``, as the
            message route read them (:meth:`res.company._taobao_message_keys`)
        :param known: whether ``company`` is a configured company; for another id the same
            work is done and nothing is kept, so that the answer takes the same time

        Nothing is kept when another refusal of the company was kept moments ago."""
        recent = self.sudo().search_count(
            [
                ("company_id", "=", company.id),
                ("received", ">", fields.Datetime.now() - timedelta(seconds=QUIET_SECONDS)),
            ],
            limit=1,
        )
        secret, app_key, variant = keys
        matched = matching_message_signatures(message, signature, secret, app_key)
        if recent or not known:
            return matched
        self.sudo().create(
            {
                "company_id": company.id,
                "remote_addr": remote_addr,
                "message": message[:MESSAGE_EXCERPT],
                "signature": "sha256:" + hashlib.sha256(signature.encode()).hexdigest()[:16],
                "variant_tried": variant,
                "variants_matched": ", ".join(matched) or False,
            }
        )
        self.env.cr.execute(
            SQL(
                """DELETE FROM taobao_message_refusal
                    WHERE company_id = %s
                      AND id NOT IN (SELECT id FROM taobao_message_refusal
                                      WHERE company_id = %s ORDER BY id DESC LIMIT %s)""",
                company.id,
                company.id,
                KEEP_REFUSALS,
            )
        )
        return matched
