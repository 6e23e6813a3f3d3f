"""Checks the credentials a request carries: debug mode (appSecret) or a signature."""

import hmac

from .dialect import post_signed_text_fields, sign_text
from .envelope import CODE_AUTHENTICATION, ApiError, now_ms
from .signing import request_sign

REQUEST_TIME_TOLERANCE_MS = 10 * 60 * 1000


class Authenticator:
    def __init__(self, app_key, app_secret, allow_debug=True):
        self.app_key = app_key
        self.app_secret = app_secret
        self.allow_debug = allow_debug

    def check_query(self, params, get_signing="pairs.upper"):
        """GET: the sign covers every query parameter except ``sign``."""
        if self._check_key_or_debug(params):
            return
        self._check_sign(params.get("sign"), request_sign(params, self.app_secret, get_signing))

    def check_json_body(self, body, query=None, post_signing="credentials.ms_string.body"):
        """POST-JSON, as the dialect's ``post_signing`` says (see ``dialect.DEFAULTS``)."""
        fields, time_format, place = post_signing.split(".")
        credentials = dict(query or {}) if place == "query" else body
        if place == "query" and "appKey" in body and "appKey" not in credentials:
            raise _auth_error("签名错误 / invalid sign: credentials expected in the query string")
        if self._check_key_or_debug(credentials):
            return
        request_time = credentials.get("requestTime")
        if request_time is None:
            raise _auth_error("签名错误 / invalid sign: requestTime is missing")
        request_time_ms = self._request_time_ms(request_time, time_format, place)
        if abs(now_ms() - request_time_ms) > REQUEST_TIME_TOLERANCE_MS:
            raise _auth_error("requestTime已过期 / requestTime expired")
        business = {k: v for k, v in body.items() if k not in ("appKey", "requestTime", "sign")}
        signed = {
            key: sign_text(value)
            for key, value in post_signed_text_fields(fields, business).items()
        }
        signed.update(appKey=self.app_key, requestTime=sign_text(request_time))
        self._check_sign(credentials.get("sign"), request_sign(signed, self.app_secret))

    @staticmethod
    def _request_time_ms(request_time, time_format, place):
        text = sign_text(request_time)
        wanted_type = int if time_format == "ms_number" and place == "body" else str
        if type(request_time) is not wanted_type or not text.isdigit():
            # the server signs what it reads: another spelling is another sign
            raise _auth_error(
                f"签名错误 / invalid sign: requestTime must be {time_format.replace('_', ' ')}"
            )
        return int(text) * (1000 if time_format == "s_string" else 1)

    def _check_key_or_debug(self, params):
        """Check the appKey; return True when the request is in (valid) debug mode."""
        if not _same(params.get("appKey"), self.app_key):
            raise _auth_error("appKey无效 / invalid appKey")
        if "appSecret" not in params:
            return False
        if not self.allow_debug:
            raise _auth_error("调试模式已关闭 / debug mode (appSecret) is disabled, send a sign")
        if not _same(params["appSecret"], self.app_secret):
            raise _auth_error("appSecret错误 / invalid appSecret")
        return True

    @staticmethod
    def _check_sign(given, expected):
        if not _same(given, expected):
            raise _auth_error("签名错误 / invalid sign")


def _same(given, expected):
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def _auth_error(message):
    return ApiError(CODE_AUTHENTICATION, message)


def refused_as(answer, refusal):
    """The refusal ``refusal`` of the credentials as the dialect's ``bad_sign_answer`` words
    it: envelope code 401 (as raised), 400 or 10001, or an HTTP 401 or 403 status."""
    kind, _, value = answer.partition("_")
    if kind == "http":
        return ApiError(int(value), refusal.message, http_status=int(value))
    return ApiError(int(value), refusal.message)
