"""Error classes, retry policy and unknown outcomes, with faults injected in the sandbox."""

import socket
import time

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from dajisaas import (
    AuthenticationError,
    BusinessError,
    ConnectionFailed,
    DajisaasClient,
    HttpStatusError,
    MalformedResponseError,
    OrderLine,
    RequestTimeout,
    UnavailableSkuError,
)
from dajisaas_sandbox import DEFAULT_APP_KEY, DEFAULT_APP_SECRET, SandboxServer

SEARCH = "/taobao/traffic/item/search"
BUNKER = "/taobao/product/get"
CREATE = "/taobao/purchase/order/create"
QUERY = "/taobao/purchase/order/query"
PAY = "/taobao/purchase/order/batch/pay"


def _attempts(exchanges):
    return [exchange.attempt for exchange in exchanges]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_get_retried_after_502(client, sandbox, exchanges):
    sandbox.faults.inject(SEARCH, "http_502")
    assert client.search_items("dress", page_size=1).items
    assert _attempts(exchanges) == [1, 2]
    assert [exchange.status_code for exchange in exchanges] == [502, 200]
    assert "HTTP 502" in exchanges[0].error and exchanges[1].error is None


def test_get_gives_up_after_max_retries(client, sandbox, exchanges):
    sandbox.faults.inject(SEARCH, "http_502", times=3)
    with pytest.raises(HttpStatusError) as caught:
        client.search_items("dress")
    assert caught.value.status_code == 502 and "try again" in str(caught.value)
    assert _attempts(exchanges) == [1, 2, 3]


def test_http_500_is_not_retried(client, sandbox, exchanges):
    sandbox.faults.inject(SEARCH, "http_500")
    with pytest.raises(HttpStatusError) as caught:
        client.search_items("dress")
    assert caught.value.status_code == 500 and _attempts(exchanges) == [1]


def test_get_retried_after_read_timeout(fast_client, sandbox, exchanges):
    sandbox.faults.inject(BUNKER, "latency", seconds=0.5)
    item = sandbox.catalog.find(min_skus=1)
    assert fast_client.get_bunker(item.item_id).mp_id == item.mp_id
    assert _attempts(exchanges) == [1, 2]
    assert exchanges[0].status_code is None and "did not answer within 0.2 s" in exchanges[0].error


def test_get_retried_after_reset(client, sandbox, exchanges):
    sandbox.faults.inject(SEARCH, "reset_after_commit")
    assert client.search_items("dress", page_size=1).items
    assert _attempts(exchanges) == [1, 2]


def test_query_retried_after_502(client, sandbox, exchanges):
    sandbox.faults.inject(QUERY, "http_502")
    assert client.find_order("NOPE").orders == []
    assert _attempts(exchanges) == [1, 2]


def test_create_never_resent_after_timeout(
    fast_client, sandbox, exchanges, line_for, order_request
):
    request = order_request("ODOO-TIMEOUT", [line_for(sandbox.catalog.find(min_skus=1), 1)])
    exchanges.clear()
    sandbox.faults.inject(CREATE, "timeout_after_commit", seconds=0.5)
    with pytest.raises(RequestTimeout) as caught:
        fast_client.create_order(request)
    assert caught.value.outcome_unknown
    assert "did not answer within 0.2 s" in str(caught.value)
    assert "looked up on DajiSaaS before anything is sent again" in str(caught.value)
    assert sandbox.create_calls == 1 and _attempts(exchanges) == [1]

    found = fast_client.find_order("ODOO-TIMEOUT").orders
    assert [order.purchase_id for order in found] == [
        order.purchase_id for order in sandbox.orders_for("ODOO-TIMEOUT")
    ]
    # Re-creating with the same thirdOrderId is safe: it returns the same purchase.
    again = fast_client.create_order(request)
    assert again.purchase_ids == [order.purchase_id for order in found]


def test_create_reset_after_commit(client, sandbox, exchanges, line_for, order_request):
    request = order_request("ODOO-RESET", [line_for(sandbox.catalog.find(min_skus=1), 1)])
    exchanges.clear()
    sandbox.faults.inject(CREATE, "reset_after_commit")
    with pytest.raises(ConnectionFailed) as caught:
        client.create_order(request)
    assert caught.value.outcome_unknown
    assert sandbox.create_calls == 1 and _attempts(exchanges) == [1]
    assert len(client.find_order("ODOO-RESET").orders) == 1


def test_pay_not_resent_after_502(client, sandbox, exchanges):
    sandbox.faults.inject(PAY, "http_502")
    with pytest.raises(HttpStatusError):
        client.pay_orders([1, 2])
    assert _attempts(exchanges) == [1]


@pytest.mark.parametrize(
    ("kind", "words"),
    [("html", "a web page instead of data"), ("malformed_json", "cut off or unreadable")],
)
def test_malformed_answers(client, sandbox, exchanges, kind, words):
    sandbox.faults.inject(SEARCH, kind)
    with pytest.raises(MalformedResponseError) as caught:
        client.search_items("dress")
    assert words in str(caught.value) and caught.value.body_excerpt
    assert _attempts(exchanges) == [1]


def test_business_1009(client, sandbox, line_for, order_request):
    request = order_request("ODOO-1009", [line_for(sandbox.catalog.find(min_skus=1), 1)])
    sandbox.faults.inject(CREATE, "business_1009", message="库存锁定失败 / lock failed")
    with pytest.raises(BusinessError) as caught:
        client.create_order(request)
    assert type(caught.value) is BusinessError
    assert caught.value.code == 1009 and "lock failed" in caught.value.api_message
    assert sandbox.orders_for("ODOO-1009") == []


def test_business_1009_on_bunker_means_unavailable(client, sandbox):
    sandbox.faults.inject(BUNKER, "business_1009")
    with pytest.raises(UnavailableSkuError):
        client.get_bunker(sandbox.catalog.find(min_skus=1).item_id)


@pytest.mark.parametrize("signing_mode", ["signed", "debug"])
def test_wrong_secret(sandbox, signing_mode):
    with DajisaasClient(
        sandbox.url, DEFAULT_APP_KEY, "wrong-secret", signing_mode=signing_mode
    ) as wrong:
        if signing_mode == "debug":
            with pytest.raises(AuthenticationError) as caught:
                wrong.check_connection()
            error = caught.value
        else:  # every signing variant was refused: the report says so, for support
            report = wrong.check_connection()
            assert not report.get_accepted and not report.post_accepted
            error = report.last_error
            assert "wrong-secret" not in report.support_text()
    assert error.code == 401
    assert str(error).startswith("DajiSaaS refused the credentials (")
    assert "Settings > Sales > Taobao (DajiSaaS)" in str(error)


def test_wrong_app_key_on_post(sandbox):
    with DajisaasClient(sandbox.url, "unknown-key", DEFAULT_APP_SECRET) as wrong:
        with pytest.raises(AuthenticationError):
            wrong.find_order("X")


def test_debug_mode_refused_when_the_server_disallows_it():
    with SandboxServer(allow_debug=False) as strict:
        with DajisaasClient(
            strict.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, signing_mode="debug"
        ) as debug_client:
            with pytest.raises(AuthenticationError):
                debug_client.check_connection()
        with DajisaasClient(strict.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET) as signed:
            signed.check_connection()


def test_stale_request_time(client, sandbox, monkeypatch):
    eleven_minutes_ago = time.time_ns() - 11 * 60 * 10**9
    monkeypatch.setattr("dajisaas.client.time.time_ns", lambda: eleven_minutes_ago)
    with pytest.raises(AuthenticationError) as caught:
        client.find_order("X")
    assert "requestTime" in caught.value.api_message


def test_wrong_path_prefix(sandbox):
    with DajisaasClient(sandbox.url + "/api", DEFAULT_APP_KEY, DEFAULT_APP_SECRET) as wrong:
        with pytest.raises(HttpStatusError) as caught:
            wrong.check_connection()
    assert caught.value.status_code == 404 and "Check the API URL" in str(caught.value)


def test_connection_refused_is_not_an_unknown_outcome(exchanges, order_request, warehouse):
    url = f"http://127.0.0.1:{_free_port()}"
    with DajisaasClient(
        url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, backoff=0, on_exchange=exchanges.append
    ) as unreachable:
        with pytest.raises(ConnectionFailed) as caught:
            unreachable.check_connection()
        assert not caught.value.outcome_unknown
        assert "Could not connect to DajiSaaS" in str(caught.value)
        with pytest.raises(ConnectionFailed) as caught:
            unreachable.pay_orders([1])
        assert not caught.value.outcome_unknown
    assert all(exchange.status_code is None for exchange in exchanges)


class _FailingSession(requests.Session):
    """A session whose every request fails with ``error`` (no network involved)."""

    def __init__(self, error):
        super().__init__()
        self.error = error

    def request(self, *args, **kwargs):
        raise self.error


_NOT_SENT = NewConnectionError(None, "refused")


@pytest.mark.parametrize(
    ("error", "error_class", "unknown_on_create"),
    [
        (requests.ConnectTimeout("connect"), RequestTimeout, False),
        (requests.ReadTimeout("read"), RequestTimeout, True),
        (requests.ConnectionError(MaxRetryError(None, "/", _NOT_SENT)), ConnectionFailed, False),
        (requests.ConnectionError(ProtocolError("aborted", OSError())), ConnectionFailed, True),
        (requests.exceptions.ChunkedEncodingError("cut"), ConnectionFailed, True),
    ],
)
def test_transport_error_classification(
    error, error_class, unknown_on_create, order_request, warehouse
):
    line = OrderLine(item_id=1, order_line_no="1", quantity=1, price_fen=1, title="t")
    session = _FailingSession(error)
    client = DajisaasClient("http://dajisaas.test", "k", "s", backoff=0, session=session)
    with pytest.raises(error_class) as caught:
        client.create_order(order_request("X", [line]))
    assert type(caught.value) is error_class
    assert caught.value.outcome_unknown is unknown_on_create
    with pytest.raises(error_class) as caught:
        client.search_items("x")
    assert caught.value.outcome_unknown is False


def test_a_failing_exchange_hook_does_not_break_the_call(sandbox, caplog):
    def broken_hook(exchange):
        raise RuntimeError("hook bug")

    with DajisaasClient(
        sandbox.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, on_exchange=broken_hook
    ) as hooked:
        assert hooked.search_items("dress", page_size=1).items
    assert "on_exchange hook failed" in caplog.text
