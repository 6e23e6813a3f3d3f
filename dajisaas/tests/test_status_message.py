import json

import pytest

from dajisaas import MalformedMessageError, is_storable_text, parse_status_message

MESSAGE = json.dumps(
    {
        "seller_id": "2100000000001",
        "message_type": 3,
        "timestamp": 1735700000,
        "site": "taobao_hk",
        "data": {
            "business_time": 1735700000123,
            "outer_purchase_id": "SO-000123",
            "purchase_id": 200012345678,
            "seller_id": 2100000000001,
            "status": "WAIT_BUYER_CONFIRM_GOODS",
            "sku_list": [
                {
                    "item_id": 2048000000000001,
                    "sku_id": 5000000000001,
                    "order_line_no": "1",
                    "status": "WAIT_BUYER_CONFIRM_GOODS",
                    "logistic_company_name": "中通快递",
                    "logistic_number": "ZT0000000000",
                }
            ],
        },
    },
    ensure_ascii=False,
)


def test_parse_order_status_message():
    message = parse_status_message(MESSAGE)
    assert message.message_type == 3
    assert message.purchase_id == 200012345678
    assert message.outer_purchase_id == "SO-000123"
    assert message.status == "WAIT_BUYER_CONFIRM_GOODS"
    assert message.business_time == 1735700000123 and message.timestamp == 1735700000
    assert message.seller_id == "2100000000001"
    assert message.sku_list[0].logistic_number == "ZT0000000000"
    assert message.sku_list[0].order_line_no == "1"


def test_parse_other_message_type_keeps_defaults():
    message = parse_status_message('{"message_type": 8, "data": {"purchaseOrderId": 5}}')
    assert message.message_type == 8 and message.purchase_id is None and message.sku_list == []
    assert message.order_purchase_id == 5, "type 8 names the purchase order purchaseOrderId"


@pytest.mark.parametrize("text", ["", "{", "[1]", '{"data": {}}', '{"message_type": "x"}'])
def test_malformed_messages(text):
    with pytest.raises(MalformedMessageError):
        parse_status_message(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"message_type": 3, "site": "hk\\u0000"}',
        '{"message_type": 3, "site": "hk\\ud800"}',
        '{"message_type": 3, "data": {"sku_list": [{"status": "\\udfff"}]}}',
        '{"message_type": 3, "k\\u0000": 1}',
        '{"message_type": 3, "site": "hk\x00"}',
        '{"message_type": 3, "site": "hk\\uD83D"}',
        '{"message_type": 3, "site": "hk\ud800"}',
    ],
)
def test_text_that_cannot_be_stored_is_malformed(text):
    """PostgreSQL refuses NUL and UTF-8 cannot encode a lone surrogate: such a message
    is refused as malformed, never a crash where it is stored."""
    with pytest.raises(MalformedMessageError):
        parse_status_message(text)


def test_an_escaped_character_that_can_be_stored_is_kept():
    assert parse_status_message('{"message_type": 3, "site": "hk\\ud83d\\ude00"}').site == "hk😀"


def test_storable_text():
    assert is_storable_text("淘宝 order 1")
    assert not is_storable_text("a\x00b")
    assert not is_storable_text("a\ud800b")
