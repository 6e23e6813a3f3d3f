import json

import pytest
from pydantic import ValidationError

from dajisaas import Address, CreateOrderRequest, OrderLine, PreviewRequest, RenderItem

WAREHOUSE = {
    "country": "中国",
    "state": "广东省",
    "city": "深圳市",
    "district": "宝安区",
    "address": "某路1号 仓库A",
    "zip": "518000",
    "name": "仓库收货",
    "phone": "13800000000",
    "mobile_phone": "",
}


def _create_request(**overrides):
    values = {
        "third_order_id": "ODOO-PO-000123",
        "purchase_amount_fen": 7980,
        "seller_order_number": "SO-000456",
        "order_source": "odoo",
        "lines": [
            OrderLine(
                item_id=2048100000000001,
                sku_id=5200000000001,
                order_line_no="1",
                quantity=2,
                price_fen=2990,
                title="示例商品",
            ),
            OrderLine(
                item_id=2048100000000002,
                sku_id=None,
                order_line_no="2",
                quantity=1,
                price_fen=2000,
                title="无SKU商品",
            ),
        ],
        "receiver": Address(**WAREHOUSE, tax_id="T1"),
        "warehouse": Address(**WAREHOUSE),
    }
    values.update(overrides)
    return CreateOrderRequest(**values)


def test_create_order_body_is_exactly_the_documented_dict():
    body = _create_request().to_body()
    assert body == {
        "thirdOrderId": "ODOO-PO-000123",
        "purchase_amount": 7980,
        "seller_order_number": "SO-000456",
        "order_source": "odoo",
        "order_line_list": (
            '[{"itemId":2048100000000001,"orderLineNo":"1","quantity":"2","price":2990,'
            '"currency":"CNY","title":"示例商品","skuId":5200000000001},'
            '{"itemId":2048100000000002,"orderLineNo":"2","quantity":"1","price":2000,'
            '"currency":"CNY","title":"无SKU商品"}]'
        ),
        "receiver": {**WAREHOUSE, "tax_id": "T1"},
        "warehouse_address_info": WAREHOUSE,
        "channel_order_type": "PANAMA",
        "support_partial_success": False,
        "order_remark": "",
        "need_supply_chain_service": False,
        "need_sys_retry": False,
    }
    lines = json.loads(body["order_line_list"])
    assert isinstance(lines[0]["quantity"], str) and isinstance(lines[0]["price"], int)


def test_receiver_sends_null_tax_id():
    body = _create_request(receiver=Address(**WAREHOUSE)).to_body()
    assert body["receiver"]["tax_id"] is None
    assert "tax_id" not in body["warehouse_address_info"]


def test_preview_body():
    request = PreviewRequest(
        items=[
            RenderItem(item_id=2048100000000001, sku_id=5200000000001, quantity=2),
            RenderItem(item_id=2048100000000002, sku_id=None, quantity=1),
        ],
        receiver=Address(**WAREHOUSE),
        warehouse=Address(**WAREHOUSE),
    )
    assert request.to_body() == {
        "need_supplychain_service": False,
        "receiver_address": WAREHOUSE,
        "warehouse_address": WAREHOUSE,
        "render_item_List": (
            '[{"itemId":2048100000000001,"quantity":"2","skuId":5200000000001},'
            '{"itemId":2048100000000002,"quantity":"1"}]'
        ),
    }


def test_preview_body_without_warehouse():
    request = PreviewRequest(items=[RenderItem(item_id=1, quantity=1)], receiver=WAREHOUSE)
    assert "warehouse_address" not in request.to_body()


@pytest.mark.parametrize(
    "overrides",
    [
        {"lines": []},
        {"third_order_id": ""},
        {"purchase_amount_fen": -1},
        {
            "lines": [
                {"item_id": 1, "order_line_no": "1", "quantity": 0, "price_fen": 1, "title": "t"}
            ]
        },
        {
            "lines": [
                {"item_id": 1, "order_line_no": "1", "quantity": 1, "price_fen": -5, "title": "t"}
            ]
        },
        {
            "lines": [
                {"item_id": 1, "order_line_no": "1", "quantity": 1, "price_fen": 1, "title": "t"}
            ]
            * 2
        },
        {"receiver": {**WAREHOUSE, "phone": "", "mobile_phone": ""}},
        {"receiver": {**WAREHOUSE, "city": ""}},
        {"unknown_field": 1},
    ],
)
def test_create_request_validation(overrides):
    with pytest.raises(ValidationError):
        _create_request(**overrides)
