"""HTTP plumbing: parse the request, apply faults, route, answer with the envelope."""

import json
import logging
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from . import admin, cashier, faults
from .envelope import (
    CODE_BUSINESS,
    CODE_INTERNAL,
    CODE_METHOD_NOT_ALLOWED,
    CODE_NOT_FOUND,
    CODE_PARAMETER,
    ApiError,
    envelope,
    success,
)
from .responses import GATEWAY_ERROR_PAGE, LOGIN_PAGE, TRUNCATED_JSON

_logger = logging.getLogger("dajisaas_sandbox")

ADMIN_PREFIX = "/_sandbox/"
CASHIER_PATH = "/pay"
JSON_CONTENT_TYPE = "application/json;charset=UTF-8"
HTML_CONTENT_TYPE = "text/html;charset=UTF-8"


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """One instance per connection; ``self.server.sandbox`` is the SandboxServer."""

    protocol_version = "HTTP/1.1"
    server_version = "DajiSaaS-Sandbox/1.0"
    timeout = 60  # idle keep-alive connections
    disable_nagle_algorithm = True  # headers and body go out in two writes

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_DELETE(self):
        self._dispatch()

    def do_PUT(self):
        self._dispatch()

    def _dispatch(self):
        started = time.monotonic()
        self._outcome = "no response"
        self._fault = None
        url = urlsplit(self.path)
        try:
            body = self._read_body()
            if url.path.startswith(ADMIN_PREFIX):
                self._serve_admin(url, body)
            elif url.path == CASHIER_PATH:
                self._serve_cashier(url, body)
            elif self.server.sandbox.route(url.path):
                self._serve_api(url, body)
            else:
                error = envelope(CODE_NOT_FOUND, f"接口不存在 / unknown path: {url.path}")
                self._send_json(404, error)
        except Exception:
            _logger.exception("sandbox failed on %s %s", self.command, url.path)
            self._send_json(200, envelope(CODE_INTERNAL, "系统错误 / internal error"))
        # Only the path: the query string carries appKey and sign (or appSecret).
        fault = f" [fault {self._fault}]" if self._fault else ""
        elapsed_ms = (time.monotonic() - started) * 1000
        _logger.info(
            "%s %s -> %s%s %.0fms", self.command, url.path, self._outcome, fault, elapsed_ms
        )

    # -- the DajiSaaS API ------------------------------------------------------------------

    def _serve_api(self, url, body):
        sandbox = self.server.sandbox
        method, _handler = sandbox.route(url.path)
        if self.command != method:
            message = f"请求方法不支持 / method not allowed, use {method}"
            self._send_json(405, envelope(CODE_METHOD_NOT_ALLOWED, message))
            return
        if sandbox.latency:
            time.sleep(sandbox.latency)  # a cross-border round trip, for honest benchmarks
        fault = sandbox.faults.take(url.path)
        kind = fault.kind if fault else None
        self._fault = kind
        if kind == faults.LATENCY:
            time.sleep(fault.params["seconds"])
        if kind in (faults.HTTP_500, faults.HTTP_502, faults.HTML, faults.MALFORMED_JSON):
            self._send_broken_gateway(kind)
            return
        if kind == faults.BUSINESS_1009:
            self._send_json(200, envelope(CODE_BUSINESS, fault.params["message"]))
            return
        failing_line_nos = fault.params["line_nos"] if kind == faults.PARTIAL_SUCCESS else ()
        held = None
        try:
            params = (
                dict(parse_qsl(url.query, keep_blank_values=True))
                if method == "GET"
                else _json_object(body)
            )
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            if kind == faults.EVERY_LINE_FAILED:
                self._send_json(200, success(every_line_failed(params, fault.params["message"])))
                return
            if kind == faults.LATE_COMMIT:
                held = sandbox.hold_create(params)
                time.sleep(fault.params["seconds"])
                sandbox.release_create(held)
                held = None
            reply = success(sandbox.call_api(url.path, params, failing_line_nos, query))
        except ApiError as error:
            reply = envelope(error.code, error.message, error.data)
            if error.http_status != 200:
                self._send_json(error.http_status, reply)
                return
        finally:
            if held is not None:
                sandbox.release_create(held)
        if kind == faults.TIMEOUT_AFTER_COMMIT:
            time.sleep(fault.params["seconds"])
        if kind == faults.RESET_AFTER_COMMIT:
            self._reset_connection()
            return
        if kind == faults.ODD_AMOUNTS:
            reply = with_amounts(reply, fault.params["amount"])
        if kind in (faults.DRIP, faults.OVERSIZED):
            self._send_misshapen(kind, fault.params, reply)
            return
        self._send_json(200, reply)

    def _send_misshapen(self, kind, params, reply):
        """A valid answer sent too slowly (``drip``) or too big (``oversized``)."""
        text = json.dumps(reply, ensure_ascii=False)
        if kind == faults.OVERSIZED:
            text = text[:-1] + " " * params["bytes"] + "}"
        payload = text.encode("utf-8")
        self._outcome = f"HTTP 200 code {reply['code']}"
        try:
            self.send_response(200)
            self.send_header("Content-Type", JSON_CONTENT_TYPE)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if kind == faults.OVERSIZED:
                self.wfile.write(payload)
                return
            for byte in payload:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(params["seconds"])
        except OSError:  # the client gave up
            self.close_connection = True
            self._outcome += " (client gone)"

    def _send_broken_gateway(self, kind):
        if kind == faults.MALFORMED_JSON:
            self._send(200, JSON_CONTENT_TYPE, TRUNCATED_JSON)
        elif kind == faults.HTML:
            self._send(200, HTML_CONTENT_TYPE, LOGIN_PAGE)
        else:
            status, reason = (
                (500, "Internal Server Error") if kind == faults.HTTP_500 else (502, "Bad Gateway")
            )
            self._send(
                status, HTML_CONTENT_TYPE, GATEWAY_ERROR_PAGE.format(status=status, reason=reason)
            )

    def _reset_connection(self):
        """Close without answering; linger 0 makes the close a TCP reset."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self._outcome = "connection reset"

    # -- sandbox controls and cashier page --------------------------------------------------

    def _serve_admin(self, url, body):
        try:
            data = admin.handle(
                self.server.sandbox, self.command, url.path, _json_object(body, optional=True)
            )
        except ApiError as error:
            self._send_json(error.http_status, envelope(error.code, error.message, error.data))
        else:
            self._send_json(200, success(data))

    def _serve_cashier(self, url, body):
        if self.command == "POST":
            form = body.decode("utf-8", errors="replace")
            status, page = cashier.pay_and_render(self.server.sandbox, dict(parse_qsl(form)))
        else:
            status, page = cashier.render(self.server.sandbox, dict(parse_qsl(url.query)))
        self._send(status, HTML_CONTENT_TYPE, page)

    # -- reading and writing ---------------------------------------------------------------

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send_json(self, status, reply):
        self._outcome = f"HTTP {status} code {reply['code']}"
        self._send(status, JSON_CONTENT_TYPE, json.dumps(reply, ensure_ascii=False), log=False)

    def _send(self, status, content_type, text, log=True):
        if log:
            self._outcome = f"HTTP {status}"
        payload = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (read timeout) before the answer
            self.close_connection = True
            self._outcome += " (client gone)"

    def log_request(self, code="-", size="-"):
        """Replaced by the one line per request that _dispatch logs."""

    def log_message(self, format, *args):
        _logger.debug("%s - %s", self.address_string(), format % args)


def _json_object(body, optional=False):
    if not body and optional:
        return {}
    try:
        value = json.loads(body.decode("utf-8"))
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise ApiError(
            CODE_PARAMETER, "参数错误 / invalid request body: a JSON object is expected"
        )
    return value


def every_line_failed(body, message):
    """A create answer: success, no purchase order, every line sent refused."""
    try:
        lines = json.loads(body.get("order_line_list") or "[]")
    except (TypeError, ValueError):
        lines = []
    return {
        "success": True,
        "outerPurchaseId": body.get("thirdOrderId"),
        "orderList": [],
        "failedOrderLineList": [
            {
                "orderLineNo": str(line.get("orderLineNo", "")),
                "itemId": line.get("itemId"),
                "skuId": line.get("skuId"),
                "errorCode": "SKU_STOCK_NOT_ENOUGH",
                "errorMessage": message,
            }
            for line in lines
            if isinstance(line, dict)
        ],
    }


AMOUNT_KEYS = frozenset(
    {"amount", "purchase_amount", "pay_amount", "estimateAmount", "purchaseAmount", "payAmount"}
)


def with_amounts(value, amount):
    """``value`` with every money amount in it replaced by ``amount``."""
    if isinstance(value, dict):
        return {
            key: amount if key in AMOUNT_KEYS else with_amounts(item, amount)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [with_amounts(item, amount) for item in value]
    return value
