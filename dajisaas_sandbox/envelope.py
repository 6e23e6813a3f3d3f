"""The DajiSaaS response envelope and the error that maps onto it."""

import time
import uuid

SUCCESS_MESSAGE = "操作成功"

CODE_OK = 200
CODE_PARAMETER = 400
CODE_AUTHENTICATION = 401
CODE_NOT_FOUND = 404
CODE_METHOD_NOT_ALLOWED = 405
CODE_INTERNAL = 500
CODE_BUSINESS = 1009


class ApiError(Exception):
    """A request the sandbox refuses with an envelope error code.

    ``http_status`` stays 200 for envelope errors, as on the real gateway; only unknown
    paths and wrong methods change it.
    """

    def __init__(self, code, message, data=None, http_status=200):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data
        self.http_status = http_status


def envelope(code, message, data=None):
    return {
        "code": code,
        "message": message,
        "data": data,
        "timestamp": now_ms(),
        "traceId": uuid.uuid4().hex,
    }


def success(data):
    return envelope(CODE_OK, SUCCESS_MESSAGE, data)


def now_ms():
    return int(time.time() * 1000)


def missing_parameter(name):
    return ApiError(CODE_PARAMETER, f"缺少参数 {name} / missing parameter: {name}")


def invalid_parameter(name, reason):
    return ApiError(CODE_PARAMETER, f"参数错误 {name} / invalid parameter: {name} {reason}")


def not_found(chinese, english):
    return ApiError(CODE_NOT_FOUND, f"{chinese}不存在 / {english} not found")
