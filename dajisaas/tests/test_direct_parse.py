"""A plain answer is validated straight from its body; any other goes the general way."""

import json

import pytest

import dajisaas.client
from dajisaas import BunkerItem, BusinessError, ItemDetail
from dajisaas.direct_parse import validate_plain_answer
from dajisaas.envelope import parse_envelope, raise_for_data_failure

DETAIL = {
    "itemId": 7,
    "title": "连衣裙",
    "price": "2990",
    "shopName": "店",
    "sellerNick": "not a field",
    "skuList": [
        {
            "skuId": 71,
            "price": 2990,
            "quantity": "5",
            "skuName": "not a field",
            "properties": [{"propId": 1, "propName": "颜色分类", "valueName": "黑色", "x": 1}],
        }
    ],
}


def _body(data, **envelope):
    return json.dumps({"code": 200, "message": "ok", "traceId": "tr-1", **envelope, "data": data})


def _general(body, model):
    envelope = parse_envelope("/x", 200, body, str)
    raise_for_data_failure("/x", envelope.data, envelope.trace_id, str)
    return model.model_validate(envelope.data)


def test_a_plain_answer_is_read_directly_as_the_general_path_reads_it():
    body = _body(DETAIL)
    detail, trace_id = validate_plain_answer(body, ItemDetail)
    assert trace_id == "tr-1"
    assert detail == _general(body, ItemDetail)
    assert detail.skus[0].quantity == 5 and detail.price_fen == 2990
    assert detail.skus[0].properties[0].prop_id == "1"
    # keys no field reads are not kept
    assert detail.__pydantic_extra__ == {} and detail.skus[0].__pydantic_extra__ == {}
    assert detail.skus[0].properties[0].__pydantic_extra__ == {}
    assert "sellerNick" not in detail.model_dump()


@pytest.mark.parametrize(
    "data",
    [
        # another spelling of a field: only the general path reads it
        {**DETAIL, "skuList": [{**DETAIL["skuList"][0], "promotion_Price": 100}]},
        {"item_Id": 7},
        # a null where text is expected: the general path uses the default
        {**DETAIL, "title": None},
        # a failure flag or a nested payload inside data
        {**DETAIL, "success": False, "errorMessage": "no"},
        {**DETAIL, "code": "1"},
        {"success": True, "data": DETAIL},
        # a fractional fen amount: the general path reports it
        {**DETAIL, "price": "29.90"},
    ],
)
def test_any_other_answer_goes_the_general_way(data):
    assert validate_plain_answer(_body(data), ItemDetail) is None


def test_an_odd_spelling_read_by_the_general_path():
    data = {**DETAIL, "skuList": [{**DETAIL["skuList"][0], "promotion_Price": 100}]}
    assert _general(_body(data), ItemDetail).skus[0].promotion_price_fen == 100


def test_a_reported_failure_is_still_raised():
    with pytest.raises(BusinessError):
        _general(_body({**DETAIL, "success": False, "errorMessage": "no"}), ItemDetail)


@pytest.mark.parametrize(
    "body",
    ['{"code": 1009, "message": "no", "data": null}', "<html>", "", '{"code": 200}'],
)
def test_not_an_answer_goes_the_general_way(body):
    assert validate_plain_answer(body, BunkerItem) is None


def test_the_client_reads_sandbox_answers_directly(client, sandbox, monkeypatch):
    direct = []

    def recording(body, model):
        result = validate_plain_answer(body, model)
        direct.append(result is not None)
        return result

    monkeypatch.setattr(dajisaas.client, "validate_plain_answer", recording)
    item = sandbox.catalog.find(min_skus=3)
    detail = client.get_item(item.item_id)
    bunker = client.get_bunker(item.item_id)
    assert direct == [True, True]
    assert [sku.sku_id for sku in detail.skus] == [sku.sku_id for sku in item.skus]
    assert bunker.mp_id == item.mp_id


def test_the_documented_spelling_is_looked_up_first():
    # pydantic's core tries a field's aliases in order on every object of a JSON body: the
    # camelCase of DajiSaaS's documented answers comes first, the other spellings after
    from dajisaas.catalog_responses import ItemSku, SkuProperty

    assert SkuProperty.model_fields["prop_name"].validation_alias.choices[0] == "propName"
    assert ItemSku.model_fields["pic_url"].validation_alias.choices == ["picUrl", "pic_url"]
    assert ItemDetail.model_fields["skus"].validation_alias.choices[0] == "skuList"
    snake = json.loads(_body(DETAIL))
    snake["data"]["shop_name"] = snake["data"].pop("shopName")
    item, _trace = validate_plain_answer(json.dumps(snake), ItemDetail)
    assert item.shop_name == "店", "the upstream snake_case is read directly too"
