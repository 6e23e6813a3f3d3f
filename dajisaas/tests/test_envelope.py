"""Mapping of HTTP answers to results or to the precise error class."""

import json

import pytest

from dajisaas import (
    AuthenticationError,
    BusinessError,
    EnvelopeError,
    HttpStatusError,
    MalformedResponseError,
    NotFoundError,
    ParameterError,
    UnavailableSkuError,
)
from dajisaas.envelope import parse_envelope, raise_for_data_failure
from dajisaas.redaction import Redactor

TRACE = "0123456789abcdef0123456789abcdef"
REDACT = Redactor(["s3cr3t"])


def _body(code, message="", data=None):
    return json.dumps(
        {"code": code, "message": message, "data": data, "timestamp": 1, "traceId": TRACE}
    )


def test_success_returns_data_and_trace_id():
    envelope = parse_envelope("/p", 200, _body(200, "操作成功", {"a": 1}), REDACT)
    assert envelope.data == {"a": 1} and envelope.trace_id == TRACE


@pytest.mark.parametrize(
    ("code", "error_class"),
    [
        (400, ParameterError),
        (401, AuthenticationError),
        (404, NotFoundError),
        (500, EnvelopeError),
        (1009, BusinessError),
    ],
)
def test_envelope_codes(code, error_class):
    with pytest.raises(error_class) as caught:
        parse_envelope("/p", 200, _body(code, "msg"), REDACT)
    error = caught.value
    assert type(error) is error_class
    assert error.trace_id == TRACE and error.endpoint == "/p" and error.code == code
    assert error.api_message == "msg" and str(error) == error.user_message


def test_authentication_message_says_what_to_do():
    with pytest.raises(AuthenticationError) as caught:
        parse_envelope("/p", 200, _body(401, "签名错误 / invalid sign"), REDACT)
    assert "DajiSaaS refused the credentials (" in str(caught.value)
    assert "Settings > Sales > Taobao (DajiSaaS)" in str(caught.value)


def test_business_1009_reads_the_upstream_result():
    data = {"result": {"success": False, "errorInfo": "订单不存在", "errorCode": "4003"}}
    with pytest.raises(BusinessError) as caught:
        parse_envelope("/p", 200, _body(1009, "买家确认收货失败", data), REDACT)
    assert caught.value.error_code == "4003"
    assert caught.value.api_message == "买家确认收货失败: 订单不存在"


def test_business_1009_with_a_custom_class():
    with pytest.raises(UnavailableSkuError):
        parse_envelope("/p", 200, _body(1009, "该商品不支持分销"), REDACT, UnavailableSkuError)


@pytest.mark.parametrize("status", [404, 500, 502, 503])
def test_http_status(status):
    with pytest.raises(HttpStatusError) as caught:
        parse_envelope("/p", status, "<html>Bad Gateway</html>", REDACT)
    assert caught.value.status_code == status and caught.value.trace_id is None


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("<!DOCTYPE html><html><body>login</body></html>", "a web page instead of data"),
        ('{"code": 200, "data": {', "cut off or unreadable"),
        ("", "cut off or unreadable"),
        ('{"message": "no code"}', "does not answer like DajiSaaS"),
        ("[1, 2]", "does not answer like DajiSaaS"),
    ],
)
def test_malformed_bodies(body, words):
    with pytest.raises(MalformedResponseError) as caught:
        parse_envelope("/p", 200, body, REDACT)
    assert words in str(caught.value)


def test_malformed_excerpt_is_redacted():
    body = "<html>?appKey=k&appSecret=s3cr3t&sign=0123456789ABCDEF0123456789ABCDEF</html>"
    with pytest.raises(MalformedResponseError) as caught:
        parse_envelope("/p", 200, body, REDACT)
    assert "s3cr3t" not in caught.value.body_excerpt
    assert "0123456789ABCDEF" not in caught.value.body_excerpt
    assert "appKey=k" in caught.value.body_excerpt


@pytest.mark.parametrize(
    ("data", "error_class", "error_code"),
    [
        ({"success": False, "errorCode": "X", "errorMessage": "bad"}, BusinessError, "X"),
        (
            {
                "code": "1",
                "success": False,
                "errorCode": "ORDER_STATUS_NOT_ALLOW_CANCEL",
                "errorMsg": "no",
            },
            BusinessError,
            "ORDER_STATUS_NOT_ALLOW_CANCEL",
        ),
        ({"code": "1"}, BusinessError, None),
        (
            {"success": False, "errorCode": "SKU_STOCK_NOT_ENOUGH"},
            UnavailableSkuError,
            "SKU_STOCK_NOT_ENOUGH",
        ),
        ({"result": {"success": False, "errorCode": "R", "errorMsg": "m"}}, BusinessError, "R"),
    ],
)
def test_data_level_failures(data, error_class, error_code):
    with pytest.raises(error_class) as caught:
        raise_for_data_failure("/p", data, TRACE, REDACT)
    assert caught.value.error_code == error_code and caught.value.code == 200


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"success": True},
        {"code": "0", "success": True},
        {"pageNo": 1, "data": []},
        {"result": {"success": True, "data": {}}},
    ],
)
def test_data_level_successes(data):
    raise_for_data_failure("/p", data, TRACE, REDACT)


def test_business_detail_is_redacted_without_an_envelope_message():
    data = {"result": {"success": False, "errorInfo": "bad key s3cr3t", "errorCode": "9"}}
    with pytest.raises(BusinessError) as caught:
        parse_envelope("/p", 200, _body(1009, "", data), REDACT)
    assert "s3cr3t" not in caught.value.api_message
    assert "s3cr3t" not in str(caught.value)
