"""Sale order → create/preview request mapping, without Odoo."""

import json
from decimal import Decimal

import pytest

from dajisaas.sale_order_mapping import (
    MappingError,
    PartnerData,
    SaleLineData,
    build_create_request,
    map_address,
    preview_request_for,
    split_district,
    third_order_id,
)

WAREHOUSE = PartnerData(
    label="Shenzhen warehouse",
    name="深圳转运仓",
    country_code="CN",
    country_name="China",
    state="广东省",
    city="深圳市",
    street="福永街道 凤凰工业区 3栋",
    street2="宝安区",
    zip="518103",
    phone="0755-88880000",
    mobile="13800138000",
)
CUSTOMER = PartnerData(
    label="Ms Chen",
    name="陈女士",
    country_code="CN",
    country_name="China",
    state="浙江省",
    city="杭州市",
    street="余杭区 文一西路 969号",
    zip="311121",
    mobile="13900000000",
    vat="91330100MA2XXXXX",
)


def line(line_id=11, quantity="2", mp_sku_id="5200000000001", price_fen=2990, **kwargs):
    values = {
        "line_id": line_id,
        "label": f"Dress (red, M) #{line_id}",
        "title": "女装连衣裙 2024夏季新款",
        "quantity": Decimal(quantity),
        "mp_id": "2048100000000001",
        "mp_sku_id": mp_sku_id,
        "price_fen": price_fen,
    }
    values.update(kwargs)
    return SaleLineData(**values)


def build(lines, receiver=WAREHOUSE, warehouse=WAREHOUSE):
    return build_create_request(
        third_order_id="S00042-42-1",
        seller_order_number="PO-CUST-7",
        order_source="odoo",
        lines=lines,
        receiver=receiver,
        warehouse=warehouse,
    )


def test_create_request_body_is_exactly_the_documented_shape():
    request = build([line(11), line(12, quantity="1", mp_sku_id="", has_skus=False)])
    body = request.to_body()
    assert body["thirdOrderId"] == "S00042-42-1"
    assert body["seller_order_number"] == "PO-CUST-7"
    assert body["order_source"] == "odoo"
    assert body["purchase_amount"] == 2 * 2990 + 2990
    assert isinstance(body["order_line_list"], str)
    assert json.loads(body["order_line_list"]) == [
        {
            "itemId": 2048100000000001,
            "orderLineNo": "11",
            "quantity": "2",
            "price": 2990,
            "currency": "CNY",
            "title": "女装连衣裙 2024夏季新款",
            "skuId": 5200000000001,
        },
        {
            "itemId": 2048100000000001,
            "orderLineNo": "12",
            "quantity": "1",
            "price": 2990,
            "currency": "CNY",
            "title": "女装连衣裙 2024夏季新款",
        },
    ]
    assert body["receiver"] == {
        "country": "中国",
        "state": "广东省",
        "city": "深圳市",
        "district": "宝安区",
        "address": "福永街道 凤凰工业区 3栋",
        "zip": "518103",
        "name": "深圳转运仓",
        "phone": "0755-88880000",
        "mobile_phone": "13800138000",
        "tax_id": None,
    }
    assert "tax_id" not in body["warehouse_address_info"]


def test_direct_shipping_uses_customer_address_and_vat():
    body = build([line()], receiver=CUSTOMER).to_body()
    assert body["receiver"]["district"] == "余杭区"
    assert body["receiver"]["tax_id"] == "91330100MA2XXXXX"
    assert body["receiver"]["phone"] == "13900000000"
    assert body["warehouse_address_info"]["city"] == "深圳市"


def test_every_missing_value_is_reported_at_once():
    broken = PartnerData(label="Bare partner", name="X", country_code="CN", phone="1")
    with pytest.raises(MappingError) as caught:
        build([line(quantity="1.5"), line(12, mp_sku_id="", price_fen=0)], receiver=broken)
    problems = "\n".join(map(str, caught.value.problems))
    for expected in (
        "Receiver Bare partner: state is missing",
        "Receiver Bare partner: city is missing",
        "Receiver Bare partner: district",
        "Receiver Bare partner: street is missing",
        "Receiver Bare partner: zip is missing",
        "quantity 1.5 must be a whole number",
        "#12: the variant has no mpSkuId",
        "#12: no Taobao price is known",
    ):
        assert expected in problems
    assert len(caught.value.problems) == 8


def test_no_lines_is_a_mapping_error():
    with pytest.raises(MappingError, match="no Taobao line"):
        build([])


@pytest.mark.parametrize(
    ("street", "street2", "district", "address"),
    [
        ("福永街道 凤凰工业区", "宝安区", "宝安区", "福永街道 凤凰工业区"),
        ("余杭区文一西路969号", "", "余杭区", "余杭区文一西路969号"),
        ("文一西路969号", "长兴县 雉城镇", "长兴县", "文一西路969号 长兴县 雉城镇"),
        ("12 Queen's Road", "", "", "12 Queen's Road"),
        ("解放路1号", "义乌市", "义乌市", "解放路1号"),
    ],
)
def test_district_is_found_in_street2_or_street(street, street2, district, address):
    assert split_district(street, street2) == (district, address)


def test_foreign_country_keeps_its_name():
    partner = PartnerData(**{**CUSTOMER.__dict__, "country_code": "FR", "country_name": "France"})
    assert map_address(partner, "Receiver").country == "France"


def test_preview_request_uses_distribution_ids():
    body = preview_request_for(build([line()])).to_body()
    assert json.loads(body["render_item_List"]) == [
        {"itemId": 2048100000000001, "quantity": "2", "skuId": 5200000000001}
    ]
    assert body["need_supplychain_service"] is False


def test_third_order_id_is_stable_per_attempt():
    assert third_order_id("S00042", 42, 1) == third_order_id("S00042", 42, 1)
    assert third_order_id("S00042", 42, 2) != third_order_id("S00042", 42, 1)
    assert third_order_id("SO/2026/0001", 7, 3) == "SO-2026-0001-7-3"


def test_a_third_order_id_carries_a_part_no_one_can_guess():
    """An id a user could predict from the order's name could be claimed by another order."""
    first = third_order_id("S00056", 56, 1, secret="db-secret")
    assert first == third_order_id("S00056", 56, 1, secret="db-secret"), "stable: re-sent as is"
    assert first.startswith("S00056-56-1-") and len(first.rsplit("-", 1)[1]) == 8
    assert first != third_order_id("S00056", 56, 1, secret="another-secret")
    assert first != third_order_id("S00056", 56, 2, secret="db-secret")
