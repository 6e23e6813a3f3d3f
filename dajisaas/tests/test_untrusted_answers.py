"""Answers the documentation does not rule out: each one reads as "unknown", never as
"nothing happened", and none can make the client read without bound."""

import json
import time

import pytest

from dajisaas import (
    BusinessError,
    CreateOutcomeUnknown,
    DajisaasClient,
    MalformedResponseError,
    PreviewRequest,
    RenderItem,
    RequestTimeout,
)
from dajisaas.client import MAX_ANSWER_BYTES, MAX_QUERY_PAGES
from dajisaas.order_responses import (
    CreateOrderResult,
    OrderQueryPage,
    PreviewResult,
    QueriedPurchaseOrder,
)
from dajisaas_sandbox import DEFAULT_APP_KEY, DEFAULT_APP_SECRET

from .stub_server import StubServer

CREATE = "/taobao/purchase/order/create"
QUERY = "/taobao/purchase/order/query"
RENDER = "/taobao/purchase/order/render"


def answering(answer):
    """A stub server answering every request with the JSON document ``answer``."""
    payload = json.dumps(answer).encode()
    return StubServer(lambda _body: payload)


def endless_pages(body):
    """Each query page holds 50 new orders, without end."""
    start = (json.loads(body)["page_no"] - 1) * 50
    orders = [{"purchaseId": start + n, "outerPurchaseId": "X"} for n in range(1, 51)]
    return json.dumps(
        {"code": 200, "data": {"resultsTotal": 10**6, "purchaseOrders": orders}}
    ).encode()


# --- outer ids -----------------------------------------------------------------------


def test_an_answered_outer_id_is_matched_and_other_ids_are_returned_apart(
    client, sandbox, line_for, order_request
):
    """The seed page answers thirdOrderId 123123 with outerPurchaseId 1231234: the lookup
    of the id sent must not drop that order as another sale's."""
    sandbox.set_dialect({"outer_id": "suffixed"})
    item = sandbox.catalog.find(min_skus=1)
    result = client.create_order(order_request("123123", [line_for(item, 1)]))
    assert result.outer_purchase_id == "1231234"

    blind = client.find_order("123123")
    assert blind.orders == [], "an unknown outer id is not taken for the id's own"
    assert [o.outer_purchase_id for o in blind.foreign] == ["1231234"], "nor dropped"
    assert blind.foreign_descriptions() == [f"{result.purchase_ids[0]} (1231234)"]

    known = client.find_order("123123", also=["1231234"])
    assert [o.purchase_id for o in known.orders] == result.purchase_ids
    assert known.foreign == []


# --- create answers that do not show what was bought ----------------------------------


def test_a_create_success_with_its_orders_under_another_key_is_an_unknown_outcome(
    client, sandbox, line_for, order_request
):
    sandbox.set_dialect({"create_orders_key": "purchaseOrderList"})
    item = sandbox.catalog.find(min_skus=1)
    with pytest.raises(CreateOutcomeUnknown) as raised:
        client.create_order(order_request("ODOO-KEY", [line_for(item, 1)]))
    assert raised.value.outcome_unknown and raised.value.reason == "create_unreadable"
    assert len(sandbox.orders) == 1, "DajiSaaS did buy it"


def test_a_create_that_fails_every_line_is_a_clear_answer(
    client, sandbox, line_for, order_request
):
    item = sandbox.catalog.find(min_skus=1)
    request = order_request("ODOO-NONE", [line_for(item, 1)], support_partial_success=True)
    with pytest.raises(BusinessError):
        sandbox.faults.inject(CREATE, "partial_success", line_nos=["1"])
        client.create_order(request)
    assert sandbox.orders == []


@pytest.mark.parametrize(
    ("lines", "failed", "readable"),
    [
        ([], ["1", "2"], True),  # success, every line refused: said of each line
        ([["1"]], ["2"], True),
        ([["1"]], [], False),  # line 2: neither bought nor refused
        ([[""]], [], False),  # one line bought without its number, two sent
        ([["", ""]], [], True),
    ],
)
def test_a_create_success_must_say_what_became_of_every_line(
    line_for, order_request, sandbox, lines, failed, readable
):
    item = sandbox.catalog.find(min_skus=2)
    request = order_request("ODOO-SAY", [line_for(item, 1), line_for(item, 2, sku_index=1)])
    answer = {
        "code": 200,
        "data": {
            "success": True,
            "outerPurchaseId": "ODOO-SAY",
            "orderList": [
                {
                    "purchaseId": 1 + index,
                    "orderLineList": [
                        {"itemId": 1, "orderLineNo": no, "quantity": 1, "subPurchaseOrderId": 9}
                        for no in numbers
                    ],
                }
                for index, numbers in enumerate(lines)
            ],
            "failedOrderLineList": [{"orderLineNo": no, "errorCode": "X"} for no in failed],
        },
    }
    with answering(answer) as stub:
        client = DajisaasClient(
            stub.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=5, max_retries=0
        )
        if readable:
            assert client.create_order(request).success
        else:
            with pytest.raises(CreateOutcomeUnknown):
                client.create_order(request)


def test_orders_without_an_outer_id_are_foreign_when_the_filter_was_ignored():
    answer = {
        "code": 200,
        "data": {
            "resultsTotal": 2,
            "purchaseOrders": [
                {"purchaseId": 1, "outerPurchaseId": "OTHER"},
                {"purchaseId": 2},
            ],
        },
    }
    with answering(answer) as stub:
        client = DajisaasClient(
            stub.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=5, max_retries=0
        )
        lookup = client.find_order("MINE")
    assert lookup.orders == []
    assert sorted(o.purchase_id for o in lookup.foreign) == [1, 2]


def test_a_replay_refused_while_the_first_send_is_still_running(sandbox, line_for, order_request):
    """DajiSaaS commits a create after the client gave up; the retry meanwhile is refused
    (code 1009), and the purchase shows afterwards."""
    item = sandbox.catalog.find(min_skus=1)
    request = order_request("ODOO-LATE", [line_for(item, 1)])
    sandbox.faults.inject(CREATE, "late_commit", seconds=1.0)
    with DajisaasClient(
        sandbox.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=0.3, backoff=0.01
    ) as impatient:
        with pytest.raises(RequestTimeout) as raised:
            impatient.create_order(request)
        assert raised.value.outcome_unknown
        with pytest.raises(BusinessError) as refused:
            impatient.create_order(request)
        assert refused.value.code == 1009
        assert impatient.find_order("ODOO-LATE").orders == [], "not shown yet"
        time.sleep(1.2)
        assert len(impatient.find_order("ODOO-LATE").orders) == 1


def test_a_refusing_server_refuses_every_replay(client, sandbox, line_for, order_request):
    sandbox.set_dialect({"create_replay": "refuse"})
    item = sandbox.catalog.find(min_skus=1)
    request = order_request("ODOO-TWICE", [line_for(item, 1)])
    client.create_order(request)
    with pytest.raises(BusinessError):
        client.create_order(request)
    assert len(sandbox.orders) == 1


# --- query answers in an unknown shape --------------------------------------------------


def test_an_order_query_answer_in_an_unknown_shape_is_not_read_as_no_orders():
    with answering({"code": 200, "data": {"success": True, "items": [{"id": 1}]}}) as stub:
        client = DajisaasClient(
            stub.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=1, max_retries=0
        )
        with pytest.raises(MalformedResponseError) as raised:
            client.find_order("ODOO-SHAPE")
    assert raised.value.reason == "unexpected_shape"


def test_an_empty_answer_that_says_so_is_no_orders():
    with answering({"code": 200, "data": {"resultsTotal": 0}}) as stub:
        client = DajisaasClient(
            stub.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=1, max_retries=0
        )
        assert client.find_order("ODOO-EMPTY").orders == []


def test_a_query_answering_more_than_a_page_reads_a_page_and_stops_on_a_repeat():
    """A server answering 1000 orders for a page of 50, whatever the page asked, with a total
    it never reaches: the client reads a page per call, and a page that brings nothing new
    ends the walk, each order read once."""
    orders = [
        {"purchaseId": n, "outerPurchaseId": "X", "status": "WAIT_BUYER_P"} for n in range(1, 1001)
    ]
    answer = {"code": 200, "data": {"resultsTotal": 10**6, "purchaseOrders": orders}}
    with answering(answer) as stub:
        client = DajisaasClient(
            stub.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=5, max_retries=0
        )
        found = client.find_order("X")
    assert stub.requests == 2
    page_size = client.dialect.order_query_page_size
    assert sorted(o.purchase_id for o in found.orders) == list(range(1, page_size + 1))


def test_a_query_that_never_ends_is_not_taken_for_the_whole_answer():
    """Pages keep bringing new orders past MAX_QUERY_PAGES: what was read is not all."""
    with StubServer(endless_pages) as stub:
        client = DajisaasClient(
            stub.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=5, max_retries=0
        )
        with pytest.raises(MalformedResponseError):
            client.find_order("X")
        assert stub.requests == MAX_QUERY_PAGES


# --- money ------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [67.00, 67.8, "67.00", "67.8", -990, "-1", 1e40, 10**40, True])
def test_an_amount_that_is_not_whole_fen_is_a_shape_error(amount):
    """A yuan decimal where fen is declared (even a whole one, 67.00), a negative or an
    absurd amount is refused: read as fen it would be 100 times off, or break the books."""
    with pytest.raises(ValueError):
        PreviewResult.from_api({"totalRealPayPrice": {"amount": amount, "currency": "CNY"}})
    with pytest.raises(ValueError):
        QueriedPurchaseOrder.model_validate({"purchaseId": 1, "purchaseAmount": amount})


@pytest.mark.parametrize("amount", [67, "67", " 6780 "])
def test_whole_fen_reads_as_fen(amount):
    result = PreviewResult.from_api({"totalRealPayPrice": {"amount": amount, "currency": "CNY"}})
    assert result.total_fen == int(str(amount).strip())


def test_a_preview_in_yuan_decimals_is_refused(client, sandbox, line_for, warehouse):
    sandbox.set_dialect({"render_money": "yuan"})
    line = line_for(sandbox.catalog.find(min_skus=1), 1)
    request = PreviewRequest(
        items=[RenderItem(item_id=line.item_id, sku_id=line.sku_id, quantity=1)],
        receiver=warehouse,
        warehouse=warehouse,
    )
    with pytest.raises(MalformedResponseError) as raised:
        client.preview_order(request)
    assert raised.value.reason == "unexpected_shape"


def test_a_direct_answer_in_yuan_is_refused_too():
    page = OrderQueryPage.model_validate(
        {"purchaseOrders": [{"purchaseId": 1, "purchaseAmount": 6780}]}
    )
    assert page.orders[0].purchase_amount_fen == 6780
    with pytest.raises(ValueError):
        OrderQueryPage.model_validate_json(
            json.dumps({"purchaseOrders": [{"purchaseId": 1, "purchaseAmount": 67.8}]})
        )


# --- answers without bound -----------------------------------------------------------------


def test_an_oversized_answer_is_refused_unread(client, sandbox):
    sandbox.faults.inject(QUERY, "oversized", bytes=MAX_ANSWER_BYTES + 10)
    with pytest.raises(MalformedResponseError) as raised:
        client.find_order("ODOO-BIG")
    assert raised.value.reason == "too_large"


def test_a_dripping_answer_cannot_hold_a_call_past_its_timeouts(sandbox):
    """One byte every 0.2 s is within a 1 s read timeout at every byte; the whole answer is
    still cut at connect + read timeout."""
    sandbox.faults.inject(QUERY, "drip", seconds=0.2)
    with DajisaasClient(
        sandbox.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=(0.5, 1.0), max_retries=0
    ) as slow:
        started = time.monotonic()
        with pytest.raises(RequestTimeout):
            slow.find_order("ODOO-DRIP")
        assert time.monotonic() - started < 3.0


def test_a_search_answering_more_hits_than_its_page_gives_a_page():
    """1000 hits for a page of 20: each result may cost a call of its own afterwards."""
    hits = [{"itemId": n, "title": f"item {n}", "price": "1.00"} for n in range(1, 1001)]
    with answering({"code": 200, "data": {"data": hits}}) as stub:
        client = DajisaasClient(
            stub.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, timeout=5, max_retries=0
        )
        page = client.search_items("dress", page_size=20)
    assert len(page.items) == 20 and page.page_size == 20 and page.has_more


@pytest.mark.parametrize("amount", [-999000, 10**40, 67.0])
def test_the_sandbox_answering_odd_amounts_is_refused(
    client, sandbox, line_for, order_request, amount
):
    """Negative amounts made a -9990 CNY purchase order; 1e40 fen broke Purchase Analysis."""
    item = sandbox.catalog.find(min_skus=1)
    client.create_order(order_request("ODOO-ODD", [line_for(item, 1)]))
    sandbox.faults.inject(QUERY, "odd_amounts", amount=amount)
    with pytest.raises(MalformedResponseError):
        client.find_order("ODOO-ODD")
    assert len(client.find_order("ODOO-ODD").orders) == 1, "the next answer is read"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/pay",
        "https:///no-host",
        "https://pay.example/a b",
        "pay.example/x",
        "ftp://pay.example/x",
    ],
)
def test_a_payment_link_that_is_not_a_web_address_is_not_kept(link):
    """The payment link is shown to people as a link to click."""
    result = CreateOrderResult.model_validate({"success": True, "payment_url": link})
    assert result.payment_url == ""


def test_a_web_payment_link_is_kept():
    link = "https://pay.dajisaas.example/cashier?purchaseIds=1,2"
    result = CreateOrderResult.model_validate({"success": True, "payment_url": f" {link} "})
    assert result.payment_url == link
