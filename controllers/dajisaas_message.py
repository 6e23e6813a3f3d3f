# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import request

from ..dajisaas import DajisaasError, parse_status_message, verify_message_signature

_logger = logging.getLogger(__name__)


class DajisaasMessageController(http.Controller):
    """Receives DajiSaaS order messages (form fields ``message`` and ``_dj_signature``).

    A message is only a hint: its signature is checked, then the purchase is queued for a
    synchronization that asks DajiSaaS for the real state (messages may arrive out of order).
    """

    _message_route = "/taobao_purchase/message/<int:company_id>"

    @http.route(_message_route, type="http", auth="public", methods=["POST"], csrf=False)
    def receive_message(self, company_id, **post):
        company = request.env["res.company"].sudo().browse(company_id).exists()
        if not company or not company.taobao_app_secret:
            raise NotFound()
        message = post.get("message") or ""
        signature = post.get("_dj_signature") or ""
        if not verify_message_signature(message, signature, company.taobao_app_secret):
            _logger.warning(
                "DajiSaaS message with an invalid signature for company %s", company_id
            )
            raise Forbidden()
        try:
            parsed = parse_status_message(message)
        except DajisaasError:
            _logger.warning("Unreadable DajiSaaS message for company %s", company_id)
            return request.make_response("ignored")
        request.env["purchase.order"].sudo()._taobao_note_message(company, parsed)
        return request.make_response("success")
