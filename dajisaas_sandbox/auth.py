"""Checks the credentials a request carries: debug mode (appSecret) or a signature."""

import hmac

from .envelope import CODE_AUTHENTICATION, ApiError, invalid_parameter, now_ms
from .signing import post_sign, request_sign

REQUEST_TIME_TOLERANCE_MS = 10 * 60 * 1000


class Authenticator:
    def __init__(self, app_key, app_secret, allow_debug=True):
        self.app_key = app_key
        self.app_secret = app_secret
        self.allow_debug = allow_debug

    def check_query(self, params):
        """GET: the sign covers every query parameter except ``sign``."""
        if self._check_key_or_debug(params):
            return
        self._check_sign(params.get("sign"), request_sign(params, self.app_secret))

    def check_json_body(self, body):
        """POST-JSON: the sign covers only ``appKey`` and a fresh ``requestTime``."""
        if self._check_key_or_debug(body):
            return
        request_time = body.get("requestTime")
        if request_time is None:
            raise _auth_error("签名错误 / invalid sign: requestTime is missing")
        if not isinstance(request_time, str) or not request_time.isdigit():
            raise invalid_parameter("requestTime", "must be a string of epoch milliseconds")
        if abs(now_ms() - int(request_time)) > REQUEST_TIME_TOLERANCE_MS:
            raise _auth_error("requestTime已过期 / requestTime expired")
        expected = post_sign(self.app_key, request_time, self.app_secret)
        self._check_sign(body.get("sign"), expected)

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
