import base64
import io

import pytest
from PIL import Image

from dajisaas_sandbox.picture_search import item_picture

UPLOAD = "/taobao/upload/image"
SEARCH_V1 = "/taobao/traffic/item/imgsearch"
SEARCH_V2 = "/taobao/image-search/url"


def as_odoo_keeps_it(picture):
    """A picture resized and re-encoded, as Odoo keeps a product's image."""
    image = Image.open(io.BytesIO(picture)).convert("RGB").resize((128, 128))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=70)
    return output.getvalue()


def upload(api, picture):
    body = {"image_base64": base64.b64encode(picture).decode()}
    return api.post(UPLOAD, body)["data"]["imageId"]


def test_an_item_s_own_picture_finds_it_first_even_re_encoded(api, sandbox):
    for item in sandbox.catalog.find_all()[:5]:
        image_id = upload(api, as_odoo_keeps_it(item_picture(item.item_id)))
        hits = api.get(SEARCH_V1, {"image_id": image_id, "language": "en"})["data"]
        assert hits[0]["tbItemId"] == item.item_id
        assert len(hits) == 20
        assert set(hits[0]) == {
            "tbItemId",
            "title",
            "mainImageUrl",
            "price",
            "couponPrice",
            "inventory",
            "shopName",
        }
        assert hits[0]["price"] == f"{item.price / 100:.2f}"


def test_the_same_picture_gets_the_same_id_and_the_same_hits(api, sandbox):
    item = sandbox.catalog.find(min_skus=1)
    first, second = (upload(api, item_picture(item.item_id)) for _ in range(2))
    assert first == second
    assert (
        api.get(SEARCH_V1, {"image_id": first})["data"]
        == api.get(SEARCH_V1, {"image_id": second})["data"]
    )


def test_v2_finds_the_item_of_a_picture_address_in_pages(api, sandbox):
    item = sandbox.catalog.find(min_skus=1)
    pages = [
        api.get(SEARCH_V2, {"picUrl": item.pic_urls[0], "pageNo": page_no, "pageSize": 5})["data"]
        for page_no in (0, 1)
    ]
    assert pages[0]["data"][0]["tbItemId"] == item.item_id
    assert (pages[1]["pageNo"], pages[1]["pageSize"]) == (1, 5)
    ids = [hit["tbItemId"] for page in pages for hit in page["data"]]
    assert len(ids) == len(set(ids)) == 10


def test_an_upload_by_address_is_searched_as_its_item(api, sandbox):
    item = sandbox.catalog.find(min_skus=1)
    image_id = api.post(UPLOAD, {"pic_url": item.pic_urls[0]})["data"]["imageId"]
    assert api.get(SEARCH_V1, {"image_id": image_id})["data"][0]["tbItemId"] == item.item_id


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (SEARCH_V1, {"image_id": "never-uploaded"}),
        (SEARCH_V2, {"picUrl": "https://example.com/not-an-item.jpg"}),
        (SEARCH_V2, {"picUrl": "{url}", "categoryId": 10}),
        (SEARCH_V2, {"picUrl": "{url}", "pageNo": 500}),
        (SEARCH_V2, {"picUrl": "{url}", "pageSize": 21}),
    ],
)
def test_searches_outside_the_contract_are_refused(api, sandbox, path, params):
    url = sandbox.catalog.find(min_skus=1).pic_urls[0]
    params = {key: str(value).format(url=url) for key, value in params.items()}
    reply = api.raw_get(path, params).json()
    assert reply["code"] != 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"image_base64": "not base64!"},
        {"image_base64": base64.b64encode(b"GIF89a" + b"\0" * 40).decode()},
        {"image_base64": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 << 20)).decode()},
    ],
)
def test_uploads_outside_the_contract_are_refused(api, body):
    assert api.raw_post(UPLOAD, body).json()["code"] != 200


def test_nested_answers_follow_the_catalog_dialect(api, sandbox):
    sandbox.set_dialect({"catalog_answer": "nested"})
    item = sandbox.catalog.find(min_skus=1)
    uploaded = api.post(UPLOAD, {"pic_url": item.pic_urls[0]})["data"]
    assert "imageId" in uploaded["data"]
    page = api.get(SEARCH_V2, {"picUrl": item.pic_urls[0]})["data"]
    assert page["data"]["data"][0]["tbItemId"] == item.item_id
