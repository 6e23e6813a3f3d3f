import pytest

QUERY = "/taobao/purchase/order/query"
CANCEL = "/taobao/purchase/order/asyn/cancel"
PAY = "/taobao/purchase/order/batch/pay"


@pytest.fixture
def created(api, sandbox):
    """A purchase "SO-LIFE" with two sub-orders from one shop."""
    item = sandbox.catalog.find(min_skus=2, max_skus=12)
    sku_a, sku_b = item.skus_in_stock[:2]
    lines = [api.line(item, sku_a, 1, "1"), api.line(item, sku_b, 2, "2")]
    return api.create(lines, "SO-LIFE")["data"]["orderList"][0]


def cancel(api, purchase_id, sub_ids=()):
    body = {
        "purchase_id": str(purchase_id),
        "sub_purchase_orderId_list": [str(sub_id) for sub_id in sub_ids],
        "cancel_reason": "customer cancelled",
        "cancel_remark": "odoo",
    }
    return api.post(CANCEL, body)["data"]


def pay(api, purchase_ids):
    return api.post(PAY, {"purchaseOrderIdList": list(purchase_ids)})


def test_query_shape_and_first_status_step(api, sandbox, created):
    assert sandbox.orders[0].status == "BULIDING"
    data = api.query(outer_purchase_id="SO-LIFE")
    assert data["success"] is True
    page = data["data"]
    assert (page["results_total"], page["page_no"], page["page_size"]) == (1, 1, 20)
    order = page["purchase_orders"][0]
    assert order["purchase_id"] == created["purchaseId"]
    assert order["outer_purchase_id"] == "SO-LIFE"
    assert order["status"] == "WAIT_BUYER_P"
    assert order["purchase_amount"] == created["estimateAmount"]
    assert order["pay_amount"] == 0 and order["purchase_currency"] == "CNY"
    assert order["supplier_nick"] == created["supplierNick"]
    assert order["created_time"] <= order["modify_time"]
    sub = order["sub_purchase_orders"][0]
    line = created["orderLineList"][0]
    assert sub["sub_purchase_order_id"] == line["subPurchaseOrderId"]
    assert sub["item_id"] == int(line["itemId"]) and sub["sku_id"] == line["skuId"]
    assert sub["order_line_no"] == "1" and sub["status"] == "WAIT_BUYER_P"
    assert sub["logistic_orders"] == []


def test_query_by_purchase_ids_and_paging(api, created):
    data = api.query(purchase_ids=[created["purchaseId"]], page_no=2, page_size=1)["data"]
    assert data["results_total"] == 1 and data["purchase_orders"] == []


def test_query_unknown_third_order_id_is_empty(api):
    data = api.query(outer_purchase_id="never-created")["data"]
    assert data["results_total"] == 0 and data["purchase_orders"] == []


def test_query_needs_a_filter(api):
    reply = api.post(QUERY, {})
    assert reply["code"] == 400 and "outer_purchase_id" in reply["message"]


def test_pay_then_ship(api, sandbox, created):
    purchase_id = created["purchaseId"]
    data = pay(api, [purchase_id])["data"]
    assert data == {
        "success": True,
        "willPayPurchaseOrderIds": [purchase_id],
        "payFailurePurchaseOrderIds": [],
        "payFailedResults": [],
    }
    order = api.query(purchase_ids=[purchase_id])["data"]["purchase_orders"][0]
    assert order["status"] == "WAIT_SELLER_SEND_GOODS"
    assert order["pay_amount"] == order["purchase_amount"]
    shipped = sandbox.ship(purchase_id)
    assert shipped.status == "WAIT_BUYER_CONFIRM_GOODS"
    order = api.query(purchase_ids=[purchase_id])["data"]["purchase_orders"][0]
    assert order["status"] == "WAIT_BUYER_CONFIRM_GOODS"
    for sub in order["sub_purchase_orders"]:
        assert sub["status"] == "WAIT_BUYER_CONFIRM_GOODS"
        [logistic] = sub["logistic_orders"]
        assert logistic["logistic_company_name"] and logistic["logistic_number"]


def test_pay_failures_are_listed(api, sandbox, created):
    purchase_id = created["purchaseId"]
    pay(api, [purchase_id])
    data = pay(api, [purchase_id, 999])["data"]
    assert data["willPayPurchaseOrderIds"] == []
    assert data["payFailurePurchaseOrderIds"] == [purchase_id, 999]
    assert all(result["reason"] for result in data["payFailedResults"])


def test_pay_takes_one_to_ten_ids(api):
    assert pay(api, list(range(1, 12)))["code"] == 400
    assert pay(api, [])["code"] == 400
    assert pay(api, list(range(1, 11)))["code"] == 200


def test_ship_needs_a_paid_order(sandbox, created):
    with pytest.raises(ValueError):
        sandbox.ship(created["purchaseId"])
    with pytest.raises(KeyError):
        sandbox.ship(1)


def test_cancel_whole_order(api, sandbox, created):
    item = sandbox.catalog.get_by_mp_id(created["orderLineList"][0]["itemId"])
    sku = item.sku_by_mp_sku_id(created["orderLineList"][0]["skuId"])
    stock_before = sku.quantity
    data = cancel(api, created["purchaseId"])
    assert data["code"] == "0" and data["success"] is True
    assert data["errorCode"] is None and data["errorMsg"] is None
    assert data["requestId"] and data["TraceId"]
    order = api.query(outer_purchase_id="SO-LIFE")["data"]["purchase_orders"][0]
    assert order["status"] == "TRADE_CLOSED"
    assert {sub["status"] for sub in order["sub_purchase_orders"]} == {"TRADE_CLOSED"}
    assert sku.quantity == stock_before + 1


def test_cancel_sub_orders_one_by_one(api, created):
    first, second = (line["subPurchaseOrderId"] for line in created["orderLineList"])
    assert cancel(api, created["purchaseId"], [first])["success"] is True
    order = api.query(outer_purchase_id="SO-LIFE")["data"]["purchase_orders"][0]
    assert order["status"] == "WAIT_BUYER_P"
    statuses = [sub["status"] for sub in order["sub_purchase_orders"]]
    assert statuses == ["TRADE_CLOSED", "WAIT_BUYER_P"]
    assert cancel(api, created["purchaseId"], [second])["success"] is True
    order = api.query(outer_purchase_id="SO-LIFE")["data"]["purchase_orders"][0]
    assert order["status"] == "TRADE_CLOSED"


def test_sub_order_cancelled_while_building_stays_closed(api, created):
    first = created["orderLineList"][0]["subPurchaseOrderId"]
    cancel(api, created["purchaseId"], [first])
    order = api.query(outer_purchase_id="SO-LIFE")["data"]["purchase_orders"][0]
    assert order["sub_purchase_orders"][0]["status"] == "TRADE_CLOSED"
    pay(api, [created["purchaseId"]])
    order = api.query(outer_purchase_id="SO-LIFE")["data"]["purchase_orders"][0]
    assert [sub["status"] for sub in order["sub_purchase_orders"]] == [
        "TRADE_CLOSED",
        "WAIT_SELLER_SEND_GOODS",
    ]
    assert (
        order["pay_amount"]
        == order["purchase_amount"] - created["orderLineList"][0]["estimateAmount"]
    )


def test_cancel_is_refused_after_payment(api, created):
    pay(api, [created["purchaseId"]])
    data = cancel(api, created["purchaseId"])
    assert data["success"] is False and data["code"] == "1"
    assert data["errorCode"] == "ORDER_STATUS_NOT_ALLOW_CANCEL" and data["errorMsg"]


def test_cancel_closed_order_is_refused(api, created):
    cancel(api, created["purchaseId"])
    assert cancel(api, created["purchaseId"])["errorCode"] == "ORDER_STATUS_NOT_ALLOW_CANCEL"


def test_cancel_unknown_orders(api, created):
    assert api.post(CANCEL, {"purchase_id": "1", "sub_purchase_orderId_list": []})["code"] == 404
    body = {"purchase_id": str(created["purchaseId"]), "sub_purchase_orderId_list": ["1"]}
    assert api.post(CANCEL, body)["code"] == 404
    reply = api.post(CANCEL, {"purchase_id": str(created["purchaseId"])})
    assert reply["code"] == 400 and "sub_purchase_orderId_list" in reply["message"]
