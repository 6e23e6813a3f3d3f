"""Tolerant parsing of response payloads: key spellings, numbers as strings, nulls, units."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dajisaas import (
    BunkerItem,
    CancelResult,
    CreateOrderResult,
    ItemDetail,
    PayResult,
    PreviewResult,
    QueriedPurchaseOrder,
    SearchItem,
    SearchPage,
)
from dajisaas.answer_shapes import find_payload
from dajisaas.direct_parse import validate_plain_answer
from dajisaas.order_responses import PayBatchAnswer

SEARCH_ITEM_CASES = [
    (
        {
            "itemId": 101,
            "title": "连衣裙",
            "mainImageUrl": "u",
            "price": "29.90",
            "inventory": 7,
            "shopName": "店",
            "tags": ["x"],
        },
        {
            "item_id": 101,
            "title": "连衣裙",
            "main_image_url": "u",
            "price_fen": 2990,
            "inventory": 7,
            "shop_name": "店",
        },
    ),
    (
        {
            "item_id": "101",
            "main_image_url": "u",
            "price": "5",
            "inventory": "3",
            "shop_name": "店",
            "title": "t",
        },
        {
            "item_id": 101,
            "title": "t",
            "main_image_url": "u",
            "price_fen": 500,
            "inventory": 3,
            "shop_name": "店",
        },
    ),
    (
        {"itemId": 101, "price": Decimal("0.1"), "inventory": None},
        {
            "item_id": 101,
            "title": "",
            "main_image_url": "",
            "price_fen": 10,
            "inventory": None,
            "shop_name": "",
        },
    ),
]


@pytest.mark.parametrize(("payload", "expected"), SEARCH_ITEM_CASES)
def test_search_item(payload, expected):
    assert SearchItem.model_validate(payload).model_dump() == expected


def test_search_page_has_more():
    full = SearchPage.model_validate(
        {"pageNo": 1, "pageSize": 2, "data": [{"itemId": 1, "price": "1"}] * 2}
    )
    short = SearchPage.model_validate({"page_no": "2", "page_size": "2", "data": []})
    assert full.has_more and not short.has_more
    assert short.page_no == 2


@pytest.mark.parametrize("key", ["mpSkuId", "mpSkuid", "mp_sku_id", "mp_skuId", "MPSKUID"])
def test_bunker_mp_sku_id_spellings(key):
    item = BunkerItem.model_validate(
        {
            "itemId": "680000000001",
            "mpId": "2048100000000001",
            "itemType": "HAVE_MATERIAL",
            "quantity": "120",
            "price": 2990,
            "skuList": [{"skuId": "5100000000001", key: "5200000000001", "price": "2990"}],
        }
    )
    assert item.mp_id == "2048100000000001"
    assert item.mp_sku_id_for(5100000000001) == 5200000000001
    assert item.mp_sku_id_for("5100000000001") == 5200000000001
    assert item.mp_sku_id_for(1) is None
    assert item.skus[0].price_fen == 2990


def test_bunker_snake_case_and_numeric_mp_id():
    item = BunkerItem.model_validate(
        {"item_id": 1, "mp_id": 2048100000000001, "item_type": "X", "sku_list": []}
    )
    assert item.mp_id == "2048100000000001" and item.skus == [] and item.price_fen == 0


def test_a_null_is_a_missing_value_whatever_else_the_object_holds():
    # a null under the documented spelling gives way to a value under another, and a null
    # text is the default, in nested objects too
    detail = ItemDetail.model_validate(
        {
            "itemId": 1,
            "title": None,
            "skuList": [
                {"skuId": None, "sku_id": 11, "picUrl": None, "properties": None},
                {"skuId": 12, "promotionPrice": None, "price": "1990"},
            ],
        }
    )
    assert detail.title == "" and [sku.sku_id for sku in detail.skus] == [11, 12]
    assert detail.skus[0].pic_url == "" and detail.skus[0].properties == []
    assert detail.skus[1].price_fen == 1990 and detail.skus[1].promotion_price_fen is None


def test_item_detail_with_and_without_skus():
    detail = ItemDetail.model_validate(
        {
            "itemId": 1,
            "title": "t",
            "picUrls": ["a", "b"],
            "shopId": 99,
            "price": "1990",
            "properties": [{"propId": 1, "propName": "颜色", "valueId": 2, "valueName": "红"}],
            "skuList": [
                {
                    "skuId": "11",
                    "quantity": "4",
                    "price": 1990,
                    "promotionPrice": None,
                    "picUrl": "p",
                    "properties": [],
                },
            ],
        }
    )
    assert detail.shop_id == "99" and detail.price_fen == 1990 and detail.quantity is None
    assert detail.skus[0].sku_id == 11 and detail.skus[0].promotion_price_fen is None
    assert detail.properties[0].value_name == "红"
    plain = ItemDetail.model_validate({"item_id": 2, "sku_list": [], "quantity": 8})
    assert plain.skus == [] and plain.quantity == 8


@pytest.mark.parametrize(
    ("quantity", "kept"),
    [("4", 4), (7.0, 7), (True, 1), (-3, 0), (2**31 - 1, 2**31 - 1), (2**31, 2**31 - 1)],
)
def test_a_stock_count_is_kept_within_what_odoo_stores(quantity, kept):
    """Read the same way by the general path and the direct one (the fast path must not
    hand a count over to the slow one)."""
    body = {"itemId": 1, "quantity": quantity, "skuList": [{"skuId": 2, "quantity": quantity}]}
    general = ItemDetail.model_validate(body)
    assert (general.quantity, general.skus[0].quantity) == (kept, kept)
    direct = validate_plain_answer(json.dumps({"code": 200, "data": body}), ItemDetail)
    assert direct is not None
    assert (direct[0].quantity, direct[0].skus[0].quantity) == (kept, kept)


def test_a_null_stock_is_none_on_the_item_and_zero_on_a_sku():
    body = {"itemId": 1, "quantity": None, "skuList": [{"skuId": 2, "quantity": None}]}
    detail = ItemDetail.model_validate(body)
    assert (detail.quantity, detail.skus[0].quantity) == (None, 0)


@pytest.mark.parametrize("quantity", ["many", 5.5])
def test_a_stock_that_is_no_count_is_one_error_at_its_field(quantity):
    body = {"itemId": 1, "skuList": [{"skuId": 2, "quantity": quantity}]}
    with pytest.raises(ValidationError) as raised:
        ItemDetail.model_validate(body)
    [error] = raised.value.errors()
    assert error["loc"] == ("skuList", 0, "quantity") and error["type"] == "stock_count"
    assert validate_plain_answer(json.dumps({"code": 200, "data": body}), ItemDetail) is None


@pytest.mark.parametrize(
    "payload",
    [
        {"itemId": "abc", "price": "1"},  # id not a number
        {"price": "1"},  # id missing
        {"itemId": 1, "price": "free"},  # price not an amount
        {"itemId": 1, "price": 29.9},  # a float never becomes money
    ],
)
def test_search_item_rejects_bad_payloads(payload):
    with pytest.raises(ValidationError):
        SearchItem.model_validate(payload)


def test_preview_result_camel_and_snake():
    camel = {
        "result": {
            "success": True,
            "data": {
                "totalRealPayPrice": {"amount": 6780, "currency": "CNY"},
                "mainlandShippingFee": {"amount": "800", "currency": "CNY"},
                "unavailableSkuList": [
                    {"itemId": 1, "skuId": "2", "reason": "no stock", "errorCode": "E"}
                ],
            },
        }
    }
    snake = {
        "result": {
            "data": {
                "total_real_pay_price": {"amount": "6780"},
                "mainland_shipping_fee": {"amount": 800},
                "unavailable_sku_list": [
                    {"item_id": "1", "sku_id": 2, "error_msg": "no stock", "error_code": "E"}
                ],
            }
        }
    }
    for payload in (camel, snake):
        result = PreviewResult.from_api(find_payload("render", payload))
        assert (result.total_fen, result.shipping_fee_fen, result.currency) == (6780, 800, "CNY")
        assert result.unavailable[0].sku_id == 2
        assert result.unavailable[0].reason == "no stock"


CREATE_DATA = {
    "success": True,
    "errorCode": None,
    "errorMessage": None,
    "outerPurchaseId": "SO1",
    "paymentUrl": "http://x/pay",
    "orderList": [
        {
            "purchaseId": "200012345678",
            "supplierNick": "店",
            "sourceMarket": "TB",
            "estimateAmount": "5980",
            "estimateCurrency": "CNY",
            "orderLineList": [
                {
                    "itemId": "2048100000000001",
                    "skuId": 5200000000001,
                    "orderLineNo": 1,
                    "quantity": "2",
                    "subPurchaseOrderId": 200012345679,
                    "estimateAmount": 5980,
                }
            ],
        }
    ],
    "failedOrderLineList": [
        {
            "orderLineNo": "2",
            "itemId": 3,
            "skuId": None,
            "errorCode": "SKU_STOCK_NOT_ENOUGH",
            "errorMessage": "库存不足",
        }
    ],
}


def test_create_order_result():
    result = CreateOrderResult.model_validate(CREATE_DATA)
    assert result.success and result.purchase_ids == [200012345678]
    line = result.orders[0].lines[0]
    assert (line.order_line_no, line.quantity, line.sub_purchase_order_id) == (
        "1",
        2,
        200012345679,
    )
    assert result.failed_lines[0].sku_id is None
    assert result.failed_lines[0].error_code == "SKU_STOCK_NOT_ENOUGH"
    assert result.error_code is None and result.trace_id is None


def test_queried_purchase_order_snake_case():
    order = QueriedPurchaseOrder.model_validate(
        {
            "purchase_id": 1,
            "outer_purchase_id": "SO1",
            "status": "WAIT_BUYER_P",
            "purchase_amount": "6780",
            "pay_amount": None,
            "purchase_currency": "CNY",
            "created_time": 1735700000000,
            "sub_purchase_orders": [
                {
                    "sub_purchase_order_id": "2",
                    "item_id": 3,
                    "sku_id": 4,
                    "quantity": 1,
                    "status": "WAIT_BUYER_P",
                    "order_line_no": "1",
                    "purchase_amount": 5980,
                    "logistic_orders": [
                        {"logistic_company_name": "中通快递", "logistic_number": "ZT1"}
                    ],
                }
            ],
        }
    )
    assert order.purchase_amount_fen == 6780 and order.pay_amount_fen is None
    sub = order.sub_orders[0]
    assert sub.sub_purchase_order_id == 2
    assert (sub.logistic_orders[0].company_name, sub.logistic_orders[0].tracking_number) == (
        "中通快递",
        "ZT1",
    )


def test_pay_result_merge():
    answers = [
        PayBatchAnswer.model_validate(
            {
                "success": True,
                "willPayPurchaseOrderIds": [1, "2"],
                "payFailurePurchaseOrderIds": [3],
                "payFailedResults": [{"purchaseOrderId": 3, "reason": "状态不允许"}],
            }
        ),
        PayBatchAnswer.model_validate(
            {"will_pay_purchase_order_ids": [4], "pay_failure_purchase_order_ids": [5]}
        ),
    ]
    assert PayResult.merge(answers) == PayResult(
        will_pay_ids=[1, 2, 4], failed={3: "状态不允许", 5: ""}
    )


def test_cancel_result():
    result = CancelResult.model_validate(
        {
            "code": "0",
            "success": True,
            "requestId": 21,
            "errorCode": None,
            "TraceId": "t",
            "errorMsg": None,
        }
    )
    assert result.success and result.request_id == "21" and result.error_message is None


@given(
    item_id=st.integers(min_value=1, max_value=10**18),
    fen=st.integers(min_value=0, max_value=10**9),
    id_as_text=st.booleans(),
    camel=st.booleans(),
)
def test_search_item_property(item_id, fen, id_as_text, camel):
    yuan = f"{fen // 100}.{fen % 100:02d}"
    key_id, key_image = ("itemId", "mainImageUrl") if camel else ("item_id", "main_image_url")
    payload = {key_id: str(item_id) if id_as_text else item_id, key_image: "u", "price": yuan}
    item = SearchItem.model_validate(payload)
    assert (item.item_id, item.price_fen, item.main_image_url) == (item_id, fen, "u")
