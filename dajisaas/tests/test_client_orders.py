"""Order endpoints against the sandbox: preview, create, query, pay, cancel."""

import pytest

from dajisaas import (
    MAX_PAY_BATCH,
    BusinessError,
    Dialect,
    ParameterError,
    PreviewRequest,
    RenderItem,
    UnavailableSkuError,
)


def _two_shop_items(sandbox):
    first = sandbox.catalog.find(min_skus=1)
    second = sandbox.catalog.find(has_skus=False, exclude_shops=[first.shop_name])
    return first, second


def test_preview_prices_goods_and_shipping_per_shop(client, sandbox, line_for, warehouse):
    first, second = _two_shop_items(sandbox)
    lines = [line_for(first, 1, quantity=2), line_for(second, 2)]
    request = PreviewRequest(
        items=[
            RenderItem(item_id=line.item_id, sku_id=line.sku_id, quantity=line.quantity)
            for line in lines
        ],
        receiver=warehouse,
        warehouse=warehouse,
    )
    result = client.preview_order(request)
    goods = sum(line.price_fen * line.quantity for line in lines)
    assert result.shipping_fee_fen == 2 * 800
    assert result.total_fen == goods + 2 * 800
    assert result.currency == "CNY" and result.unavailable == []


def test_create_query_pay_ship(client, sandbox, line_for, order_request):
    first, second = _two_shop_items(sandbox)
    request = order_request("ODOO-1", [line_for(first, 1, quantity=2), line_for(second, 2)])
    result = client.create_order(request)
    assert result.success and result.trace_id and result.failed_lines == []
    assert result.outer_purchase_id == "ODOO-1" and result.payment_url
    assert len(result.orders) == 2  # one purchase order per shop
    line_nos = sorted(line.order_line_no for order in result.orders for line in order.lines)
    assert line_nos == ["1", "2"]

    queried = client.query_orders(purchase_ids=result.purchase_ids)
    assert sorted(order.purchase_id for order in queried) == sorted(result.purchase_ids)
    assert {order.status for order in queried} == {"WAIT_BUYER_P"}

    paid = client.pay_orders(result.purchase_ids)
    assert sorted(paid.will_pay_ids) == sorted(result.purchase_ids) and paid.failed == {}

    sandbox.ship(result.purchase_ids[0])
    shipped = client.find_order("ODOO-1").orders
    by_id = {order.purchase_id: order for order in shipped}
    assert by_id[result.purchase_ids[0]].status == "WAIT_BUYER_CONFIRM_GOODS"
    tracking = by_id[result.purchase_ids[0]].sub_orders[0].logistic_orders[0]
    assert tracking.tracking_number and tracking.company_name
    assert by_id[result.purchase_ids[1]].status == "WAIT_SELLER_SEND_GOODS"


def test_create_is_idempotent_on_third_order_id(client, sandbox, line_for, order_request):
    request = order_request("ODOO-IDEM", [line_for(sandbox.catalog.find(min_skus=1), 1)])
    first = client.create_order(request)
    second = client.create_order(request)
    assert first.purchase_ids == second.purchase_ids
    assert sandbox.create_calls == 2
    assert len(sandbox.orders_for("ODOO-IDEM")) == len(first.orders)


def test_find_order_unknown_is_empty(client):
    assert client.find_order("NEVER-CREATED").orders == []


def test_query_needs_a_criterion(client):
    with pytest.raises(ValueError):
        client.query_orders()


def test_query_walks_all_pages(client, sandbox, line_for, order_request, exchanges):
    items = sandbox.catalog.find_all(min_skus=1)
    shops = {}
    for item in items:
        shops.setdefault(item.shop_name, item)
    lines = [line_for(item, number) for number, item in enumerate(shops.values(), 1)]
    created = []
    for start in range(0, 21, len(lines)):
        result = client.create_order(order_request(f"ODOO-PAGE-{start}", lines))
        created.extend(result.purchase_ids)
        if len(created) > 20:
            break
    assert len(created) > 20
    exchanges.clear()
    client.dialect = Dialect(order_query_page_size=20)
    queried = client.query_orders(purchase_ids=created)
    assert sorted(order.purchase_id for order in queried) == sorted(created)
    assert [exchange.request["page_no"] for exchange in exchanges] == [1, 2]


def test_partial_success_lists_failed_lines(client, sandbox, line_for, order_request):
    first, second = _two_shop_items(sandbox)
    sandbox.faults.inject("/taobao/purchase/order/create", "partial_success", line_nos=["2"])
    result = client.create_order(
        order_request(
            "ODOO-PARTIAL",
            [line_for(first, 1), line_for(second, 2)],
            support_partial_success=True,
        )
    )
    assert result.success
    assert [line.order_line_no for line in result.failed_lines] == ["2"]
    assert result.failed_lines[0].error_code
    assert [line.order_line_no for order in result.orders for line in order.lines] == ["1"]


def test_out_of_stock_without_partial_success(client, sandbox, line_for, order_request):
    item = sandbox.catalog.find(min_skus=1)
    line = line_for(item, 1)
    sandbox.catalog.set_sku_stock(item.item_id, item.skus[0].sku_id, 0)
    with pytest.raises(UnavailableSkuError) as caught:
        client.create_order(order_request("ODOO-NOSTOCK", [line], support_partial_success=False))
    assert caught.value.error_code == "SKU_STOCK_NOT_ENOUGH" and caught.value.code == 200
    assert sandbox.orders_for("ODOO-NOSTOCK") == []


def test_raw_taobao_ids_are_refused(client, sandbox, line_for, order_request):
    item = sandbox.catalog.find(min_skus=1)
    line = line_for(item, 1).model_copy(
        update={"item_id": item.item_id, "sku_id": item.skus[0].sku_id}
    )
    with pytest.raises(ParameterError) as caught:
        client.create_order(order_request("ODOO-RAW", [line]))
    assert "mpId" in caught.value.api_message


def test_cancel_before_and_after_payment(client, sandbox, line_for, order_request):
    first, second = _two_shop_items(sandbox)
    result = client.create_order(
        order_request("ODOO-CANCEL", [line_for(first, 1), line_for(second, 2)])
    )
    unpaid, paid = result.orders
    cancelled = client.cancel_order(unpaid.purchase_id, reason="customer", remark="odoo")
    assert cancelled.success and cancelled.request_id
    client.pay_orders([paid.purchase_id])
    with pytest.raises(BusinessError) as caught:
        client.cancel_order(paid.purchase_id, reason="customer", remark="odoo")
    assert caught.value.error_code == "ORDER_STATUS_NOT_ALLOW_CANCEL"
    statuses = {
        order.purchase_id: order.status for order in client.find_order("ODOO-CANCEL").orders
    }
    assert statuses == {
        unpaid.purchase_id: "TRADE_CLOSED",
        paid.purchase_id: "WAIT_SELLER_SEND_GOODS",
    }


def _cancel_first_sub_order(client, sandbox, line_for, order_request, *, query_first):
    item = sandbox.catalog.find(min_skus=2)
    result = client.create_order(
        order_request("ODOO-SUB", [line_for(item, 1), line_for(item, 2, sku_index=1)])
    )
    order = result.orders[0]
    if query_first:
        client.find_order("ODOO-SUB")  # BULIDING -> WAIT_BUYER_P
    client.cancel_order(order.purchase_id, [order.lines[0].sub_purchase_order_id], "r", "m")
    [queried] = client.find_order("ODOO-SUB").orders
    statuses = {sub.order_line_no: sub.status for sub in queried.sub_orders}
    assert statuses == {"1": "TRADE_CLOSED", "2": "WAIT_BUYER_P"}
    assert queried.status == "WAIT_BUYER_P"


def test_cancel_one_sub_order(client, sandbox, line_for, order_request):
    _cancel_first_sub_order(client, sandbox, line_for, order_request, query_first=True)


def test_cancel_one_sub_order_while_building(client, sandbox, line_for, order_request):
    _cancel_first_sub_order(client, sandbox, line_for, order_request, query_first=False)


def test_pay_splits_into_batches(client, sandbox, line_for, order_request, exchanges):
    item = sandbox.catalog.find(min_skus=1)
    real_ids = client.create_order(order_request("ODOO-PAY", [line_for(item, 1)])).purchase_ids
    unknown_ids = list(range(100, 100 + 23 - len(real_ids)))
    exchanges.clear()
    result = client.pay_orders(real_ids + unknown_ids)
    sizes = [len(exchange.request["purchaseOrderIdList"]) for exchange in exchanges]
    assert sizes == [MAX_PAY_BATCH, MAX_PAY_BATCH, 3]
    assert result.will_pay_ids == real_ids
    assert sorted(result.failed) == unknown_ids and all(result.failed.values())
