"""The documented create request and answer, byte for byte where the documentation gives them.

``fixtures/create_*_documented.json`` are the examples of the DajiSaaS Create order page as the
project's research copied them (``shared/dajisaas-api.md``, Appendix): the values are invented
there, the shapes are DajiSaaS's. The seed page's own example answers thirdOrderId ``123123``
with outerPurchaseId ``1231234``: the last test holds the client to that pair.
"""

import json
from pathlib import Path

import pytest

from dajisaas import Address, CreateOrderRequest, DajisaasClient, OrderLine
from dajisaas.purchase_snapshot import PurchaseSnapshot

from .stub_server import StubServer

FIXTURES = Path(__file__).parent / "fixtures"
CREDENTIALS = ("appKey", "appSecret")


def documented(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def documented_request():
    body = json.loads(documented("create_request_documented.json"))
    receiver = Address(**body["receiver"])
    return body, CreateOrderRequest(
        third_order_id=body["thirdOrderId"],
        purchase_amount_fen=body["purchase_amount"],
        seller_order_number=body["seller_order_number"],
        order_source=body["order_source"],
        lines=[
            OrderLine(
                item_id=line["itemId"],
                sku_id=line["skuId"],
                order_line_no=line["orderLineNo"],
                quantity=int(line["quantity"]),
                price_fen=line["price"],
                title=line["title"],
            )
            for line in json.loads(body["order_line_list"])
        ],
        receiver=receiver,
        warehouse=Address(**body["warehouse_address_info"]),
    )


def test_the_create_request_is_the_documented_one():
    body, request = documented_request()
    sent = request.to_body()
    assert sent == {key: value for key, value in body.items() if key not in CREDENTIALS}
    # the line list is a JSON string: the same bytes, key order and spelling included
    assert sent["order_line_list"] == body["order_line_list"]


@pytest.fixture
def answering():
    """A client of a stub server answering every request with ``answer`` (text), as given."""
    servers = []

    def serve(answer):
        payload = answer.encode("utf-8")
        server = StubServer(lambda _body: payload).__enter__()
        servers.append(server)
        return DajisaasClient(server.url, "ak_demo", "sk_demo", max_retries=0)

    yield serve
    for server in servers:
        server.__exit__(None, None, None)


def test_the_documented_create_answer_is_read_field_for_field(answering):
    _body, request = documented_request()
    result = answering(documented("create_response_documented.json")).create_order(request)
    assert result.success and result.outer_purchase_id == "ODOO-PO-000123"
    assert result.trace_id == "0f1e2d3c4b5a" and result.payment_url == "https://…"
    [order] = result.orders
    assert (order.purchase_id, order.supplier_nick, order.source_market) == (
        200012345678,
        "示例店铺",
        "TB",
    )
    assert order.estimate_amount_fen == 5980
    [line] = order.lines
    assert (line.item_id, line.sku_id, line.order_line_no, line.quantity) == (
        2048100000000001,
        5200000000001,
        "1",
        2,
    )
    assert (line.sub_purchase_order_id, line.estimate_amount_fen) == (200012345679, 5980)
    [snapshot] = PurchaseSnapshot.from_created(result, "ODOO-PO-000123")
    assert snapshot.outer_ref == snapshot.third_order_ref == "ODOO-PO-000123"


def test_the_seed_pages_rewritten_outer_id_is_kept_beside_the_id_sent(answering):
    """thirdOrderId 123123 answered as outerPurchaseId 1231234 (the seed page's example)."""
    answer = json.loads(documented("create_response_documented.json"))
    answer["data"]["outerPurchaseId"] = "1231234"
    _body, request = documented_request()
    request = request.model_copy(update={"third_order_id": "123123"})
    result = answering(json.dumps(answer, ensure_ascii=False)).create_order(request)
    [snapshot] = PurchaseSnapshot.from_created(result, "123123")
    assert (snapshot.third_order_ref, snapshot.outer_ref) == ("123123", "1231234")
