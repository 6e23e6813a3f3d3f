"""The app secret and request signatures never leak into logs, exchanges or errors."""

import json
import logging
import traceback
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from dajisaas import DajisaasClient, DajisaasError, HttpStatusError
from dajisaas_sandbox import DEFAULT_APP_KEY

SECRET = "Very-Secret-Value-42"  # the sandbox expects another one: every call fails with 401


class _RecordingSession(requests.Session):
    """Keeps every request actually sent, to learn the signs the client computed."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        return super().send(request, **kwargs)


def _signs(session):
    signs = []
    for request in session.sent:
        query = parse_qs(urlsplit(request.url).query)
        signs.extend(query.get("sign", []))
        if request.body:
            signs.append(json.loads(request.body).get("sign"))
    return [sign for sign in signs if sign]


def _error_texts(error):
    return [
        str(error),
        repr(error),
        error.user_message,
        getattr(error, "body_excerpt", ""),
        getattr(error, "api_message", ""),
        "".join(traceback.format_exception(error)),
    ]


@pytest.mark.parametrize("signing_mode", ["signed", "debug"])
def test_secret_and_sign_never_appear(sandbox, caplog, signing_mode, order_request, warehouse):
    caplog.set_level(logging.DEBUG, logger="dajisaas")
    session = _RecordingSession()
    exchanges = []
    client = DajisaasClient(
        sandbox.url,
        DEFAULT_APP_KEY,
        SECRET,
        signing_mode=signing_mode,
        timeout=0.2,
        backoff=0,
        on_exchange=exchanges.append,
        session=session,
    )
    item = sandbox.catalog.find(min_skus=1)
    sandbox.faults.inject("/taobao/traffic/item/search", "latency", seconds=0.5, times=3)
    sandbox.faults.inject("/taobao/traffic/item/get", "html")
    calls = [
        lambda: client.get_bunker(item.item_id),  # 401
        lambda: client.find_order("X"),  # 401, POST
        lambda: client.search_items("dress"),  # timeouts, retried
        lambda: client.get_item(item.item_id),  # HTML page
    ]
    errors = []
    for call in calls:
        with pytest.raises(DajisaasError) as caught:
            call()
        errors.append(caught.value)

    texts = [caplog.text] + [repr(exchange) for exchange in exchanges]
    texts += [text for error in errors for text in _error_texts(error)]
    leaks = [SECRET] + _signs(session)
    if signing_mode == "signed":
        assert len(_signs(session)) >= 4
    assert len(exchanges) >= 6 and caplog.records
    for text in texts:
        for leak in leaks:
            assert leak not in text


def test_post_call_leaks_nothing_even_in_debug_logs_of_all_loggers(sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    session = _RecordingSession()
    with DajisaasClient(sandbox.url, DEFAULT_APP_KEY, SECRET, session=session) as client:
        with pytest.raises(DajisaasError) as caught:
            client.pay_orders([1])
    [sign] = _signs(session)
    for text in [caplog.text, *_error_texts(caught.value)]:
        assert SECRET not in text and sign not in text


def test_exchange_content(client, sandbox, exchanges):
    item = sandbox.catalog.find(min_skus=1)
    client.get_bunker(item.item_id)
    client.find_order("X")
    get, post = exchanges
    assert (get.method, get.endpoint, get.attempt, get.status_code) == (
        "GET",
        "/taobao/product/get",
        1,
        200,
    )
    assert get.url_without_query == sandbox.url + "/taobao/product/get"
    assert get.request["item_id"] == str(item.item_id) and get.request["sign"] == "***"
    assert json.loads(get.response_body)["data"]["mpId"] == item.mp_id
    assert get.trace_id == json.loads(get.response_body)["traceId"] and get.error is None
    assert get.duration_ms >= 0
    assert post.method == "POST" and post.request["outer_purchase_id"] == "X"
    assert post.request["sign"] == "***" and post.request["requestTime"].isdigit()


def test_exchange_body_is_truncated(client, exchanges, monkeypatch):
    monkeypatch.setattr("dajisaas.client.EXCHANGE_BODY_LIMIT", 50)
    client.search_items("dress", page_size=20)
    assert len(exchanges[-1].response_body) == 50


@pytest.mark.parametrize("signing_mode", ["signed", "debug"])
def test_library_debug_logs_of_urls_hide_credentials(sandbox, caplog, signing_mode):
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's request lines included
    session = _RecordingSession()
    with (
        DajisaasClient(
            sandbox.url, DEFAULT_APP_KEY, SECRET, signing_mode=signing_mode, session=session
        ) as client,
        pytest.raises(DajisaasError),
    ):
        client.search_items("dress", page_size=1)
    assert "/taobao/traffic/item/search?" in caplog.text, "urllib3 did log the request line"
    assert SECRET not in caplog.text
    for sign in _signs(session):
        assert sign not in caplog.text


@responses.activate
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_never_followed(status):
    """The signed body (in debug mode, the appSecret) never goes to another host."""
    responses.post(
        "https://api.dajisaas.test/taobao/purchase/order/batch/pay",
        status=status,
        headers={"Location": "https://evil.example/steal?x=1"},
    )
    responses.post("https://evil.example/steal", json={"code": 200, "data": {}})
    client = DajisaasClient("https://api.dajisaas.test", "key", "the-secret", signing_mode="debug")
    with pytest.raises(HttpStatusError) as error:
        client.pay_orders([200012345678])
    assert "evil.example" in error.value.user_message
    assert "the-secret" not in error.value.user_message
    assert [call.request.url.split("?")[0] for call in responses.calls] == [
        "https://api.dajisaas.test/taobao/purchase/order/batch/pay"
    ]
