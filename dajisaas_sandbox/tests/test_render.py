import json

RENDER = "/taobao/purchase/order/render"


def render_body(lines, **overrides):
    receiver = {
        "country": "中国",
        "state": "浙江省",
        "city": "杭州市",
        "district": "余杭区",
        "address": "仓前街道1号",
        "zip": "311100",
        "name": "仓库",
        "phone": "13800000000",
        "mobile_phone": "13800000000",
    }
    body = {
        "need_supplychain_service": False,
        "receiver_address": receiver,
        "warehouse_address": receiver,
        "render_item_List": json.dumps(lines),
    }
    body.update(overrides)
    return body


def render_line(item, sku=None, quantity=1):
    line = {"itemId": int(item.mp_id), "quantity": str(quantity)}
    if sku is not None:
        line["skuId"] = sku.mp_sku_id
    return line


def test_preview_prices_lines_and_shipping_per_supplier(api, sandbox):
    first = sandbox.catalog.find(min_skus=2)
    second = sandbox.catalog.find(has_skus=False, exclude_shops={first.shop_name})
    sku = first.skus_in_stock[0]
    lines = [render_line(first, sku, 2), render_line(second, quantity=1)]
    result = api.post(RENDER, render_body(lines))["data"]["result"]
    assert result["success"] is True and result["errorCode"] is None
    data = result["data"]
    goods = sku.price * 2 + second.price
    assert data["orderFee"] == {"amount": goods, "currency": "CNY"}
    assert data["mainlandShippingFee"]["amount"] == 1600
    assert data["totalRealPayPrice"]["amount"] == goods + 1600
    assert [group["nick"] for group in data["renderItemList"]] == [
        first.shop_name,
        second.shop_name,
    ]
    info = data["renderItemList"][0]["itemPriceInfos"][0]
    assert info == {
        "itemId": int(first.mp_id),
        "skuId": sku.mp_sku_id,
        "quantity": 2,
        "originPrice": {"amount": sku.price * 2, "currency": "CNY"},
    }
    assert data["unavailableSkuList"] == []


def test_preview_lists_unavailable_skus(api, sandbox):
    item = sandbox.catalog.find(min_skus=2)
    sku = item.skus_in_stock[0]
    lines = [
        render_line(item, sku, sku.quantity + 1),
        {"itemId": 2048000000000000, "quantity": "1"},
        render_line(item, sku, 1),
    ]
    data = api.post(RENDER, render_body(lines))["data"]["result"]["data"]
    codes = [entry["errorCode"] for entry in data["unavailableSkuList"]]
    assert codes == ["SKU_STOCK_NOT_ENOUGH", "ITEM_NOT_FOUND"]
    assert data["unavailableSkuList"][0]["reason"]
    assert data["totalRealPayPrice"]["amount"] == sku.price + 800


def test_preview_wants_a_json_string(api, sandbox):
    item = sandbox.catalog.find(min_skus=2)
    lines = [render_line(item, item.skus[0])]
    reply = api.post(RENDER, render_body(lines, render_item_List=lines))
    assert reply["code"] == 400
    assert "render_item_List" in reply["message"] and "JSON string" in reply["message"]


def test_preview_refuses_raw_taobao_ids(api, sandbox):
    item = sandbox.catalog.find(min_skus=2)
    lines = [{"itemId": item.item_id, "quantity": "1", "skuId": item.skus[0].mp_sku_id}]
    reply = api.post(RENDER, render_body(lines))
    assert reply["code"] == 400
    assert "mpId returned by /taobao/product/get" in reply["message"]


def test_preview_needs_a_receiver_address(api, sandbox):
    item = sandbox.catalog.find(min_skus=2)
    body = render_body([render_line(item, item.skus[0])])
    del body["receiver_address"]
    reply = api.post(RENDER, body)
    assert reply["code"] == 400 and "receiver_address" in reply["message"]
