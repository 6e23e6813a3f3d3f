import json
import threading

import pytest

from dajisaas_sandbox import SandboxServer

CREATE = "/taobao/purchase/order/create"


@pytest.fixture
def two_shops(sandbox, api):
    """An item with SKUs from one shop and an item without SKUs from another."""
    first = sandbox.catalog.find(min_skus=2, max_skus=12)
    second = sandbox.catalog.find(has_skus=False, exclude_shops={first.shop_name})
    return first, second


def test_create_splits_per_supplier(api, sandbox, two_shops):
    first, second = two_shops
    sku_a, sku_b = first.skus_in_stock[:2]
    lines = [
        api.line(first, sku_a, 2, "1"),
        api.line(second, None, 1, "2"),
        api.line(first, sku_b, 1, "3"),
    ]
    data = api.create(lines, "SO-SPLIT")["data"]
    assert data["success"] is True and data["errorCode"] is None
    assert data["outerPurchaseId"] == "SO-SPLIT"
    assert data["failedOrderLineList"] == []
    by_nick = {order["supplierNick"]: order for order in data["orderList"]}
    assert set(by_nick) == {first.shop_name, second.shop_name}
    order = by_nick[first.shop_name]
    assert [line["orderLineNo"] for line in order["orderLineList"]] == ["1", "3"]
    assert order["estimateAmount"] == sku_a.price * 2 + sku_b.price + 800
    assert order["sourceMarket"] == "TB" and order["estimateCurrency"] == "CNY"
    line = order["orderLineList"][0]
    assert line["itemId"] == first.mp_id and line["skuId"] == sku_a.mp_sku_id
    assert line["quantity"] == 2 and line["estimateAmount"] == sku_a.price * 2
    assert line["supplierNick"] == first.shop_name
    plain_line = by_nick[second.shop_name]["orderLineList"][0]
    assert plain_line["skuId"] is None
    purchase_ids = [order["purchaseId"] for order in data["orderList"]]
    assert (
        data["paymentUrl"] == f"{sandbox.url}/pay?purchaseIds={purchase_ids[0]},{purchase_ids[1]}"
    )
    recorded = sandbox.orders_for("SO-SPLIT")
    assert [order.purchase_id for order in recorded] == purchase_ids
    assert all(order.status == "BULIDING" for order in recorded)
    assert recorded[0].seller_order_number == "S00042" and recorded[0].order_source == "odoo"


def test_create_takes_stock(api, sandbox, order_item):
    sku = order_item.skus_in_stock[0]
    stock_before = sku.quantity
    api.create([api.line(order_item, sku, 2)])
    assert sku.quantity == stock_before - 2


def test_partial_success_orders_the_good_lines(api, sandbox, order_item):
    good = order_item.skus_in_stock[0]
    lines = [
        api.line(order_item, good, 1, "1"),
        api.line(order_item, good, good.quantity + 5, "2"),
        {**api.line(order_item, good, 1, "3"), "itemId": 2048000000000000},
    ]
    data = api.create(lines, "SO-PARTIAL", partial=True)["data"]
    assert data["success"] is True
    assert [line["orderLineNo"] for line in data["orderList"][0]["orderLineList"]] == ["1"]
    failed = {line["orderLineNo"]: line["errorCode"] for line in data["failedOrderLineList"]}
    assert failed == {"2": "SKU_STOCK_NOT_ENOUGH", "3": "ITEM_NOT_FOUND"}
    assert data["failedOrderLineList"][0]["errorMessage"]


def test_without_partial_success_one_bad_line_fails_the_call(api, sandbox, order_item):
    good = order_item.skus_in_stock[0]
    lines = [api.line(order_item, good, 1, "1"), api.line(order_item, good, good.quantity, "2")]
    data = api.create(lines, "SO-ALL-OR-NOTHING")["data"]
    assert data["success"] is False
    assert data["errorCode"] == "SKU_STOCK_NOT_ENOUGH" and data["errorMessage"]
    assert data["orderList"] == []
    assert sandbox.orders_for("SO-ALL-OR-NOTHING") == []


def test_zero_stock_sku_and_removed_sku_fail(api, sandbox, order_item):
    first, second = order_item.skus[:2]
    sandbox.catalog.set_sku_stock(order_item.item_id, first.sku_id, 0)
    sandbox.catalog.remove_sku(order_item.item_id, second.sku_id)
    lines = [api.line(order_item, first, 1, "1"), api.line(order_item, second, 1, "2")]
    data = api.create(lines, partial=True)["data"]
    assert data["success"] is False
    codes = [line["errorCode"] for line in data["failedOrderLineList"]]
    assert codes == ["SKU_STOCK_NOT_ENOUGH", "SKU_NOT_FOUND"]


def test_item_with_skus_needs_a_sku(api, order_item):
    line = api.line(order_item)
    line.pop("skuId", None)
    data = api.create([line])["data"]
    assert data["success"] is False and data["errorCode"] == "SKU_NOT_FOUND"


def test_create_is_idempotent_on_third_order_id(api, sandbox, order_item):
    lines = [api.line(order_item, order_item.skus_in_stock[0], 1)]
    first = api.create(lines, "SO-IDEM")
    second = api.create(lines, "SO-IDEM")
    assert second["data"] == first["data"]
    assert second["traceId"] != first["traceId"]
    assert sandbox.create_calls == 2
    assert len(sandbox.orders_for("SO-IDEM")) == 1


def test_failed_create_is_not_remembered(api, sandbox, order_item):
    sku = order_item.skus_in_stock[0]
    sandbox.catalog.set_sku_stock(order_item.item_id, sku.sku_id, 0)
    assert api.create([api.line(order_item, sku, 1)], "SO-RETRY")["data"]["success"] is False
    sandbox.catalog.set_sku_stock(order_item.item_id, sku.sku_id, 5)
    assert api.create([api.line(order_item, sku, 1)], "SO-RETRY")["data"]["success"] is True


def test_concurrent_creates_with_one_third_order_id_make_one_purchase(api, sandbox, order_item):
    body = api.create_body([api.line(order_item, order_item.skus_in_stock[0], 1)], "SO-RACE")
    barrier = threading.Barrier(4)
    replies = []

    def create():
        barrier.wait()
        replies.append(api.raw_post(CREATE, body).json()["data"])

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert len(replies) == 4
    assert all(reply == replies[0] for reply in replies)
    assert len(sandbox.orders_for("SO-RACE")) == 1
    assert sandbox.create_calls == 4


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"thirdOrderId": ""}, "thirdOrderId"),
        ({"thirdOrderId": None}, "thirdOrderId"),
        ({"purchase_amount": None}, "purchase_amount"),
        ({"purchase_amount": "100"}, "purchase_amount"),
        ({"purchase_amount": 1.5}, "purchase_amount"),
        ({"order_line_list": None}, "order_line_list"),
        ({"order_line_list": "not json"}, "order_line_list"),
        ({"order_line_list": "[]"}, "order_line_list"),
        ({"receiver": None}, "receiver"),
        ({"support_partial_success": "yes"}, "support_partial_success"),
    ],
)
def test_create_parameter_errors(api, sandbox, order_item, change, field):
    body = api.create_body([api.line(order_item, order_item.skus[0])])
    body.update(change)
    reply = api.post(CREATE, {k: v for k, v in body.items() if v is not None})
    assert reply["code"] == 400
    assert field in reply["message"]
    assert sandbox.orders == []


@pytest.mark.parametrize("field", ["country", "state", "city", "address", "name"])
def test_create_needs_receiver_fields(api, order_item, field):
    body = api.create_body([api.line(order_item, order_item.skus[0])])
    body["receiver"] = {**body["receiver"], field: ""}
    reply = api.post(CREATE, body)
    assert reply["code"] == 400 and f"receiver.{field}" in reply["message"]


def test_create_needs_a_receiver_phone(api, order_item):
    body = api.create_body([api.line(order_item, order_item.skus[0])])
    body["receiver"] = {**body["receiver"], "phone": "", "mobile_phone": None}
    assert api.post(CREATE, body)["code"] == 400
    body["receiver"]["mobile_phone"] = "13900000000"
    assert api.post(CREATE, body)["data"]["success"] is True


def test_order_line_list_must_be_a_json_string(api, order_item):
    lines = [api.line(order_item, order_item.skus[0])]
    reply = api.post(CREATE, api.create_body(lines, order_line_list=lines))
    assert reply["code"] == 400
    assert "order_line_list must be a JSON string, not an array" in reply["message"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "two"}, "quantity"),
        ({"orderLineNo": ""}, "orderLineNo"),
        ({"itemId": None}, "itemId"),
    ],
)
def test_create_line_errors(api, order_item, change, message):
    line = {**api.line(order_item, order_item.skus[0]), **change}
    line = {k: v for k, v in line.items() if v is not None}
    reply = api.post(CREATE, api.create_body([line], order_line_list=json.dumps([line])))
    assert reply["code"] == 400
    assert message in reply["message"]


def test_create_refuses_raw_taobao_ids(api, order_item):
    sku = order_item.skus[0]
    raw_item = {**api.line(order_item, sku), "itemId": order_item.item_id}
    reply = api.post(CREATE, api.create_body([raw_item], order_line_list=json.dumps([raw_item])))
    assert reply["code"] == 400
    assert "itemId must be the mpId returned by /taobao/product/get" in reply["message"]
    raw_sku = {**api.line(order_item, sku), "skuId": sku.sku_id}
    reply = api.post(CREATE, api.create_body([raw_sku], order_line_list=json.dumps([raw_sku])))
    assert reply["code"] == 400 and "mpSkuId" in reply["message"]


def test_duplicate_order_line_numbers_are_refused(api, order_item):
    lines = [api.line(order_item, order_item.skus[0], 1, "1")] * 2
    reply = api.create(lines)
    assert reply["code"] == 400 and "orderLineNo" in reply["message"]


def test_create_accepts_mp_ids_sent_as_strings(api, order_item):
    sku = order_item.skus_in_stock[0]
    line = {**api.line(order_item, sku), "itemId": order_item.mp_id, "skuId": str(sku.mp_sku_id)}
    assert api.create([line])["data"]["success"] is True


def test_purchase_ids_start_where_told(api, order_item):
    # tools/run restarts the sandbox on a database that keeps its purchase orders: a
    # sandbox started again must not hand out the ids of the purchases Odoo recorded
    with SandboxServer(first_purchase_id=900_000_000_001) as restarted:
        other = type(api)(restarted.url)
        sku = order_item.skus_in_stock[0]
        data = other.create([other.line(order_item, sku, 1, "1")], "SO-RESTARTED")["data"]
        other.session.close()
    order = data["orderList"][0]
    assert order["purchaseId"] == 900_000_000_001
    assert order["orderLineList"][0]["subPurchaseOrderId"] > 900_000_000_001
