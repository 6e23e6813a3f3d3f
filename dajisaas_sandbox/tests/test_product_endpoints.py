import pytest

SEARCH = "/taobao/traffic/item/search"
ITEM_GET = "/taobao/traffic/item/get"
PRODUCT_GET = "/taobao/product/get"


def test_search_shape(api, sandbox):
    reply = api.get(SEARCH, {"keyword": "Tea", "language": "en"})
    data = reply["data"]
    assert (data["pageNo"], data["pageSize"]) == (1, 10)
    assert len(data["data"]) == len(sandbox.catalog.search("tea"))
    row = data["data"][0]
    assert set(row) == {
        "itemId",
        "title",
        "mainImageUrl",
        "price",
        "inventory",
        "shopName",
        "tags",
    }
    item = sandbox.catalog.get(row["itemId"])
    assert row["price"] == f"{item.price / 100:.2f}"
    assert row["inventory"] == item.quantity
    assert row["mainImageUrl"] == item.pic_urls[0]


def test_search_pages_until_an_empty_page(api, sandbox):
    expected = [item.item_id for item in sandbox.catalog.search("2024")]
    seen, page_no = [], 1
    while True:
        rows = api.get(SEARCH, {"keyword": "2024", "page_no": page_no, "page_size": 10})["data"]
        if not rows["data"]:
            break
        assert len(rows["data"]) <= 10
        seen += [row["itemId"] for row in rows["data"]]
        page_no += 1
    assert seen == expected
    assert page_no == 4  # 26 hits: 10 + 10 + 6, then an empty page


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"keyword": ""}, "keyword"),
        ({}, "keyword"),
        ({"keyword": "tea", "page_size": 21}, "page_size"),
        ({"keyword": "tea", "page_size": 0}, "page_size"),
        ({"keyword": "tea", "page_no": 0}, "page_no"),
        ({"keyword": "tea", "page_no": "x"}, "page_no"),
    ],
)
def test_search_parameter_errors(api, params, field):
    reply = api.get(SEARCH, params)
    assert reply["code"] == 400
    assert field in reply["message"]
    assert reply["data"] is None


def test_search_accepts_the_maximum_page_size(api):
    assert len(api.get(SEARCH, {"keyword": "2024", "page_size": 20})["data"]["data"]) == 20


def test_item_get_shape(api, sandbox):
    item = sandbox.catalog.find(min_skus=4)
    data = api.get(ITEM_GET, {"item_id": item.item_id})["data"]
    assert data["itemId"] == item.item_id
    assert data["price"] == min(sku.price for sku in item.skus)
    assert data["shopName"] == item.shop_name and data["shopId"] == item.shop_id
    assert {"propId", "propName", "valueId", "valueName"} == set(data["properties"][0])
    assert [sku["skuId"] for sku in data["skuList"]] == [sku.sku_id for sku in item.skus]
    sku = data["skuList"][0]
    assert set(sku) == {"skuId", "quantity", "price", "promotionPrice", "picUrl", "properties"}
    assert isinstance(sku["skuId"], int)
    assert sku["properties"][0]["propName"] == "颜色分类"


def test_item_get_without_skus(api, sandbox):
    item = sandbox.catalog.find(has_skus=False)
    data = api.get(ITEM_GET, {"item_id": item.item_id})["data"]
    assert data["skuList"] == []
    assert data["quantity"] == item.quantity and data["price"] == item.price


def test_item_get_unknown_and_missing(api, sandbox):
    assert api.get(ITEM_GET, {"item_id": "100000000000"})["code"] == 404
    mp_id = sandbox.catalog.find().mp_id
    assert api.get(ITEM_GET, {"item_id": mp_id})["code"] == 404
    reply = api.get(ITEM_GET, {})
    assert reply["code"] == 400 and "item_id" in reply["message"]


def test_bunker_shape(api, sandbox):
    item = sandbox.catalog.find(min_skus=3, mp_sku_id_key="mpSkuId")
    data = api.bunker(item.item_id)
    assert data["mpId"] == item.mp_id and isinstance(data["mpId"], str)
    assert data["itemType"] == "HAVE_MATERIAL"
    assert data["quantity"] == item.quantity
    for wire, sku in zip(data["skuList"], item.skus, strict=True):
        assert wire["skuId"] == str(sku.sku_id)
        assert wire["mpSkuId"] == sku.mp_sku_id and "mpSkuid" not in wire
        assert wire["status"] == "active"


def test_bunker_spells_mp_skuid_for_some_items(api, sandbox):
    item = sandbox.catalog.find(mp_sku_id_key="mpSkuid")
    sku = api.bunker(item.item_id)["skuList"][0]
    assert sku["mpSkuid"] == item.skus[0].mp_sku_id
    assert "mpSkuId" not in sku


def test_bunker_item_without_skus(api, sandbox):
    item = sandbox.catalog.find(has_skus=False)
    data = api.bunker(item.item_id)
    assert data["skuList"] == [] and data["quantity"] == item.quantity


def test_bunker_refuses_items_not_open_to_distribution(api, sandbox):
    item = sandbox.catalog.find(distributable=False)
    reply = api.get(PRODUCT_GET, {"item_id": item.item_id})
    assert reply["code"] == 1009
    assert "distribution" in reply["message"]
    assert reply["data"]["result"]["success"] is False


def test_big_items_come_whole(api, sandbox):
    item = sandbox.catalog.find(min_skus=300)
    assert len(api.bunker(item.item_id)["skuList"]) == len(item.skus)


def test_catalog_helpers_show_through_the_api(api, sandbox):
    item = sandbox.catalog.find(min_skus=3)
    first, second = item.skus[0], item.skus[1]
    sandbox.catalog.set_sku_price(item.item_id, first.sku_id, 99)
    sandbox.catalog.set_sku_stock(item.item_id, first.sku_id, 3)
    sandbox.catalog.remove_sku(item.item_id, second.sku_id)
    skus = api.bunker(item.item_id)["skuList"]
    assert (skus[0]["price"], skus[0]["quantity"]) == (99, 3)
    assert str(second.sku_id) not in {sku["skuId"] for sku in skus}


def test_a_removed_item_is_gone_from_detail_and_bunker(api, sandbox):
    item = sandbox.catalog.find(min_skus=2)
    sandbox.catalog.remove_item(item.item_id)
    assert api.get(ITEM_GET, {"item_id": item.item_id})["code"] == 404
    assert api.get(PRODUCT_GET, {"item_id": item.item_id})["code"] == 404
