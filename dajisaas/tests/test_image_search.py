"""Finding items by picture: the requests sent, and every answer shape read or refused."""

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from dajisaas import DajisaasClient, MalformedResponseError, PictureError
from dajisaas.image_search import MAX_IMAGE_BYTES, image_format

from .stub_server import StubServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16
HIT = {
    "tbItemId": "652874751412",
    "title": "宽松连帽卫衣",
    "mainImageUrl": "https://img.alicdn.com/a.jpg",
    "price": "59.90",
    "couponPrice": "49.90",
    "inventory": 120,
    "shopName": "优衣坊旗舰店",
}
PARAMS_V2 = {"picUrl", "categoryId", "crop", "pageNo", "pageSize"}


def envelope(data):
    return {"code": 200, "message": "success", "data": data, "traceId": "t-img"}


@pytest.fixture
def answering():
    """``answering(data) -> (client, stub)``: a client whose every request gets ``data``
    inside DajiSaaS's envelope."""
    servers = []

    def serve(data, raw=None):
        body = raw if raw is not None else json.dumps(envelope(data)).encode("utf-8")
        stub = StubServer(lambda _body: body).__enter__()
        stub.bodies = []
        respond = stub.respond
        stub.respond = lambda request: stub.bodies.append(request) or respond(request)
        servers.append(stub)
        return DajisaasClient(stub.url, "ak_demo", "sk_demo", max_retries=0), stub

    yield serve
    for stub in servers:
        stub.__exit__(None, None, None)


def query_of(stub):
    return {key: values[0] for key, values in parse_qs(urlsplit(stub.paths[-1]).query).items()}


def test_formats_are_told_from_the_first_bytes():
    assert [image_format(picture) for picture in (PNG, JPEG, WEBP)] == ["png", "jpeg", "webp"]
    assert image_format(b"GIF89a" + b"\x00" * 10) is None
    assert image_format(b"") is None


def test_an_upload_sends_the_picture_in_base64_and_answers_its_id(answering):
    client, stub = answering({"imageId": "img-1"})
    assert client.upload_image(PNG) == "img-1"
    assert urlsplit(stub.paths[-1]).path == "/taobao/upload/image"
    assert json.loads(stub.bodies[-1])["image_base64"] == base64.b64encode(PNG).decode()


@pytest.mark.parametrize(
    "data", [{"imageId": "img-2"}, {"data": {"imageId": "img-2"}}, {"result": {"picId": "img-2"}}]
)
def test_an_upload_answer_is_read_where_its_id_sits(answering, data):
    client, _stub = answering(data)
    assert client.upload_image(pic_url="https://img.alicdn.com/a.jpg") == "img-2"


@pytest.mark.parametrize("data", [{"image": "img-3"}, {"imageId": ""}, [], "img-3"])
def test_an_upload_answer_without_an_id_is_refused(answering, data):
    client, _stub = answering(data)
    with pytest.raises(MalformedResponseError):
        client.upload_image(JPEG)


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({}, "not both"),
        ({"image": PNG, "pic_url": "https://a.cn/a.png"}, "not both"),
        ({"image": b"GIF89a" + b"\x00" * 10}, "JPG, PNG or WEBP"),
        ({"image": PNG + b"\x00" * MAX_IMAGE_BYTES}, "at most"),
        ({"pic_url": "file:///etc/passwd"}, "address"),
        ({"pic_url": "javascript:alert(1)"}, "address"),
    ],
)
def test_a_picture_dajisaas_would_refuse_is_not_sent(answering, arguments, problem):
    client, stub = answering({"imageId": "never"})
    expected = PictureError if problem in ("JPG, PNG or WEBP", "at most") else ValueError
    with pytest.raises(expected, match=problem):
        client.upload_image(**arguments)
    assert stub.requests == 0


def test_a_v2_search_sends_the_documented_parameters(answering):
    client, stub = answering({"data": [HIT]})
    page = client.search_by_image_url(
        "https://img.alicdn.com/a.jpg", category_id=4, crop=True, page_no=2, page_size=50
    )
    assert urlsplit(stub.paths[-1]).path == "/taobao/image-search/url"
    sent = {key: value for key, value in query_of(stub).items() if key in PARAMS_V2}
    assert sent == {
        "picUrl": "https://img.alicdn.com/a.jpg",
        "categoryId": "4",
        "crop": "true",
        "pageNo": "2",
        "pageSize": "20",
    }
    assert (page.page_no, page.page_size, page.paged) == (2, 20, True)
    [hit] = page.hits
    assert (hit.item_id, hit.price_fen, hit.coupon_price_fen, hit.inventory) == (
        652874751412,
        5990,
        4990,
        120,
    )
    assert (hit.shop_name, hit.main_image_url) == ("优衣坊旗舰店", "https://img.alicdn.com/a.jpg")
    assert not page.has_more


@pytest.mark.parametrize(
    "arguments",
    [
        {"pic_url": "ftp://a.cn/a.png"},
        {"pic_url": "https://a.cn/a.png", "category_id": 10},
        {"pic_url": "https://a.cn/a.png", "page_no": 500},
        {"pic_url": "https://a.cn/a.png", "page_no": -1},
        {"pic_url": "https://a.cn/a.png", "page_size": 0},
    ],
)
def test_a_v2_search_out_of_the_documented_range_is_not_sent(answering, arguments):
    client, stub = answering({"data": []})
    with pytest.raises(ValueError):
        client.search_by_image_url(**arguments)
    assert stub.requests == 0


def test_a_full_v2_page_may_have_a_next_one(answering):
    client, _stub = answering({"data": [HIT] * 3})
    assert client.search_by_image_url("https://a.cn/a.png", page_size=3).has_more
    assert len(client.search_by_image_url("https://a.cn/a.png", page_size=2).hits) == 2


@pytest.mark.parametrize(
    "data",
    [
        [HIT],
        {"data": [HIT]},
        {"data": {"data": [HIT]}},
        {"result": {"items": [HIT]}},
        {"list": [HIT]},
    ],
)
def test_a_v1_search_reads_the_hits_wherever_they_sit(answering, data):
    client, stub = answering(data)
    page = client.search_by_image_id("img-1", language="en")
    assert urlsplit(stub.paths[-1]).path == "/taobao/traffic/item/imgsearch"
    assert query_of(stub)["image_id"] == "img-1"
    assert query_of(stub)["language"] == "en"
    assert [hit.item_id for hit in page.hits] == [652874751412]
    assert (page.paged, page.has_more) == (False, False)


def test_an_empty_list_of_hits_is_nothing_found(answering):
    client, _stub = answering({"data": []})
    assert client.search_by_image_id("img-1").hits == []


@pytest.mark.parametrize(
    "data",
    [
        {"items": "none"},
        {"total": 0},
        "no hits",
        None,
        {"data": [dict(HIT, tbItemId=0)]},
        {"data": [dict(HIT, tbItemId=-5)]},
    ],
)
def test_an_answer_without_a_list_of_hits_is_an_unknown_shape_not_nothing_found(answering, data):
    client, _stub = answering(data)
    with pytest.raises(MalformedResponseError):
        client.search_by_image_id("img-1")


def test_a_price_in_fen_text_is_not_taken_for_yuan(answering):
    """Yuan text is the documented price: a hit priced "5990" is ¥5990, never ¥59.90."""
    client, _stub = answering({"data": [dict(HIT, price="5990")]})
    assert client.search_by_image_id("img-1").hits[0].price_fen == 599000


def test_a_v1_search_needs_an_image_id(answering):
    client, stub = answering({"data": []})
    with pytest.raises(ValueError):
        client.search_by_image_id("  ")
    assert stub.requests == 0


# --- against the sandbox --------------------------------------------------------------------


def test_a_product_s_own_picture_finds_its_item_first(client, sandbox):
    from dajisaas_sandbox.picture_search import item_picture

    item = sandbox.catalog.find(min_skus=1)
    image_id = client.upload_image(item_picture(item.item_id))
    by_upload = client.search_by_image_id(image_id)
    by_address = client.search_by_image_url(item.pic_urls[0], page_size=5)
    assert by_upload.hits[0].item_id == by_address.hits[0].item_id == item.item_id
    assert by_upload.hits[0].price_fen == item.price
    assert (len(by_address.hits), by_address.has_more) == (5, True)


def test_a_failing_search_is_retried_then_reported(client, sandbox):
    from dajisaas import HttpStatusError

    item = sandbox.catalog.find(min_skus=1)
    sandbox.faults.inject("/taobao/image-search/url", "http_502", times=1)
    assert client.search_by_image_url(item.pic_urls[0]).hits[0].item_id == item.item_id
    sandbox.faults.inject("/taobao/image-search/url", "http_502", times=10)
    with pytest.raises(HttpStatusError):
        client.search_by_image_url(item.pic_urls[0])


def test_an_uploaded_picture_is_logged_by_its_size_only(sandbox, exchanges, client):
    from dajisaas_sandbox.picture_search import item_picture

    picture = item_picture(sandbox.catalog.find(min_skus=1).item_id)
    client.upload_image(picture)
    [upload] = [e for e in exchanges if e.endpoint == "/taobao/upload/image"]
    assert upload.request["image_base64"] == (
        f"<{len(base64.b64encode(picture))} characters of base64>"
    )


def test_a_stock_odoo_cannot_store_is_kept_within_its_bounds(answering):
    hits = [dict(HIT, inventory=10**12), dict(HIT, inventory=-3)]
    client, _stub = answering({"data": hits})
    assert [hit.inventory for hit in client.search_by_image_id("img-1").hits] == [2**31 - 1, 0]
