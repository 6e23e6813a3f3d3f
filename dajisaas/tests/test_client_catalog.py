"""Catalog endpoints against the sandbox: search, item detail, bunker."""

import pytest

from dajisaas import (
    MAX_SEARCH_PAGE_SIZE,
    DajisaasClient,
    NotFoundError,
    ParameterError,
    UnavailableSkuError,
)
from dajisaas_sandbox import DEFAULT_APP_KEY, DEFAULT_APP_SECRET


def test_search_pages(client, exchanges):
    first = client.search_items("dress", page_size=2)
    assert first.page_no == 1 and first.page_size == 2 and len(first.items) == 2
    assert first.has_more
    assert all(item.price_fen > 0 and item.item_id > 0 for item in first.items)
    assert exchanges[-1].request["page_size"] == "2"


def test_search_past_the_last_page_is_empty(client):
    page = client.search_items("dress", page_no=500, page_size=20)
    assert page.items == [] and not page.has_more


def test_search_page_size_is_clamped(client, exchanges):
    page = client.search_items("dress", page_size=50, language="en")
    assert page.page_size == MAX_SEARCH_PAGE_SIZE
    assert exchanges[-1].request["page_size"] == str(MAX_SEARCH_PAGE_SIZE)
    assert exchanges[-1].request["language"] == "en"


def test_search_prices_are_fen(client, sandbox):
    item = client.search_items("dress", page_size=1).items[0]
    assert item.price_fen == sandbox.catalog.get(item.item_id).price


@pytest.mark.parametrize("arguments", [{"keyword": " "}, {"keyword": "x", "page_no": 0}])
def test_search_rejects_bad_arguments_locally(client, exchanges, arguments):
    with pytest.raises(ValueError):
        client.search_items(**arguments)
    assert exchanges == []


def test_get_item_with_skus(client, sandbox):
    catalog_item = sandbox.catalog.find(min_skus=2)
    detail = client.get_item(catalog_item.item_id)
    assert detail.item_id == catalog_item.item_id
    assert detail.price_fen == catalog_item.price
    assert {sku.sku_id for sku in detail.skus} == {sku.sku_id for sku in catalog_item.skus}
    assert detail.skus[0].properties


def test_get_item_without_skus(client, sandbox):
    catalog_item = sandbox.catalog.find(has_skus=False)
    detail = client.get_item(catalog_item.item_id)
    assert detail.skus == [] and detail.quantity == catalog_item.quantity


def test_get_unknown_item(client):
    with pytest.raises(NotFoundError) as caught:
        client.get_item(1)
    assert caught.value.code == 404 and caught.value.trace_id


@pytest.mark.parametrize("mp_sku_id_key", ["mpSkuId", "mpSkuid"])
def test_bunker_maps_sku_ids(client, sandbox, mp_sku_id_key):
    catalog_item = sandbox.catalog.find(min_skus=1, mp_sku_id_key=mp_sku_id_key)
    bunker = client.get_bunker(catalog_item.item_id)
    assert bunker.mp_id == catalog_item.mp_id
    for sku in catalog_item.skus:
        assert bunker.mp_sku_id_for(sku.sku_id) == sku.mp_sku_id


def test_bunker_item_not_open_to_distribution(client, sandbox):
    catalog_item = sandbox.catalog.find(distributable=False)
    with pytest.raises(UnavailableSkuError) as caught:
        client.get_bunker(catalog_item.item_id)
    assert caught.value.code == 1009
    assert "cannot supply this item" in str(caught.value)


def test_check_connection(client, exchanges):
    report = client.check_connection()
    assert report.post_accepted and report.signing_tried == [client.dialect.post_signing]
    [query] = [e for e in exchanges if e.endpoint.endswith("/order/query")]
    assert query.request["page_size"] == 1


def test_signed_mode_never_sends_the_secret(client, exchanges):
    client.get_item(client.search_items("dress", page_size=1).items[0].item_id)
    for exchange in exchanges:
        assert "appSecret" not in exchange.request
        assert exchange.request["sign"] == "***"


def test_debug_mode(sandbox, exchanges):
    with DajisaasClient(
        sandbox.url,
        DEFAULT_APP_KEY,
        DEFAULT_APP_SECRET,
        signing_mode="debug",
        on_exchange=exchanges.append,
    ) as debug_client:
        assert debug_client.search_items("dress", page_size=1).items
    assert exchanges[-1].request["appSecret"] == "***"
    assert "sign" not in exchanges[-1].request


def test_server_side_parameter_error(client, sandbox, monkeypatch):
    # Bypass the local clamp to see the server's own check.
    monkeypatch.setattr("dajisaas.client.MAX_SEARCH_PAGE_SIZE", 21)
    with pytest.raises(ParameterError) as caught:
        client.search_items("dress", page_size=21)
    assert caught.value.code == 400 and "page_size" in caught.value.api_message
