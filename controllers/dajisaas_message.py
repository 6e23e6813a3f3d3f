# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import logging
import secrets
import threading
import time

from odoo import http
from odoo.http import request

from ..dajisaas import (
    MESSAGE_SIGNATURE_VARIANTS,
    DajisaasError,
    is_storable_text,
    parse_status_message,
    verify_message_signature,
)
from ..dajisaas.conventions import MESSAGE_FIELD, MESSAGE_SIGNATURE_FIELD

_logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024
MAX_BODY_BYTES = 4 * MAX_MESSAGE_BYTES
"""The largest request body read at all (the form encoding of a largest message and its
signature fits); a larger one is refused with 413 before it is parsed."""
DECOY_KEYS = (secrets.token_hex(16), "", MESSAGE_SIGNATURE_VARIANTS[0])
"""What a message for an unknown company is checked against, so that it takes the time a
known company's takes: the answer's timing does not tell which company ids exist."""
WARNING_INTERVAL = 60.0
"""Seconds between two warnings about refused messages for one company (floods stay quiet)."""


class RefusalLog:
    """Warn about refused messages at most once a minute per company, with a count."""

    def __init__(self):
        self._lock = threading.Lock()
        self._last = {}
        self._suppressed = {}

    def warn(self, company_id, reason):
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(company_id, -WARNING_INTERVAL) < WARNING_INTERVAL:
                self._suppressed[company_id] = self._suppressed.get(company_id, 0) + 1
                return
            self._last[company_id] = now
            suppressed = self._suppressed.pop(company_id, 0)
        _logger.warning(
            "DajiSaaS message for company %s refused (%s); %s more refused since the last "
            "warning",
            company_id,
            reason,
            suppressed,
        )


REFUSALS = RefusalLog()


class DajisaasMessageController(http.Controller):
    """Receives DajiSaaS order messages (form fields ``message`` and ``_dj_signature``).

    A message is only a hint: its signature is checked, then it is recorded for the sync
    job, which asks DajiSaaS for the real state within a minute (messages may arrive out of
    order, twice, or forged). Answers: 200 when accepted (or already received), 400 when
    malformed, 403 when not signed by the company's appSecret, whether or not the company
    exists.
    """

    _message_route = "/taobao_purchase/message/<int:company_id>"

    @http.route(
        _message_route,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY_BYTES,
    )
    def receive_message(self, company_id, **post):
        message, signature = post.get(MESSAGE_FIELD), post.get(MESSAGE_SIGNATURE_FIELD)
        if (
            not isinstance(message, str)
            or not isinstance(signature, str)
            or not is_storable_text(message)
            or not is_storable_text(signature)
            or len(message.encode()) > MAX_MESSAGE_BYTES
            or len(signature) > 512
        ):
            return request.make_response("malformed", status=400)
        known = request.env["res.company"]._taobao_message_keys().get(company_id)
        # an unknown or unconfigured company is checked like a known one and answers like
        # a bad signature
        keys = known or DECOY_KEYS
        secret, app_key, variant = keys
        # no sudo(): a company browsed by id reads nothing, and a receipt is written in SQL
        company = request.env["res.company"].browse(company_id)
        valid = verify_message_signature(message, signature, secret, variant, app_key)
        if not (known and valid):
            matched = request.env["taobao.message.refusal"]._record(
                company, message, signature, keys, request.httprequest.remote_addr, known
            )
            REFUSALS.warn(
                company_id,
                "unknown or unconfigured company"
                if not known
                else f"bad signature; it matches {', '.join(matched)}"
                if matched
                else "bad signature",
            )
            return request.make_response("forbidden", status=403)
        try:
            parsed = parse_status_message(message)
        except (DajisaasError, ValueError, TypeError, RecursionError):
            return request.make_response("malformed", status=400)
        digest = hashlib.sha256(message.encode()).hexdigest()
        # recorded for the sync job, unless it is a replay (then nothing is done)
        request.env["taobao.message.receipt"]._receive(company, digest, parsed)
        return request.make_response("success")
