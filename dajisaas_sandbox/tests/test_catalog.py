import time

import pytest

from dajisaas_sandbox.catalog import DEFAULT_SEED, Catalog
from dajisaas_sandbox.catalog_builder import grid_item


@pytest.fixture(scope="module")
def catalog():
    return Catalog()


def test_generation_is_fast_and_deterministic(catalog):
    started = time.perf_counter()
    again = Catalog(DEFAULT_SEED)
    assert time.perf_counter() - started < 0.05
    assert again.items == catalog.items
    assert Catalog(DEFAULT_SEED + 1).items != catalog.items


def test_ids_have_the_documented_sizes_and_are_distinct(catalog):
    items = catalog.items
    assert len(items) == 36
    assert all(len(str(item.item_id)) == 12 for item in items)
    mp_ids = [item.mp_id for item in items if item.distributable]
    assert all(isinstance(mp_id, str) and len(mp_id) == 16 for mp_id in mp_ids)
    skus = [sku for item in items for sku in item.skus]
    assert all(len(str(sku.sku_id)) == 13 and len(str(sku.mp_sku_id)) == 13 for sku in skus)
    sku_ids = {sku.sku_id for sku in skus}
    mp_sku_ids = {sku.mp_sku_id for sku in skus}
    assert len(sku_ids) == len(mp_sku_ids) == len(skus)
    assert not sku_ids & mp_sku_ids
    assert len({item.item_id for item in items}) == len(set(mp_ids)) + 2 == 36


def test_catalog_shapes_tests_rely_on(catalog):
    items = catalog.items
    assert len({item.shop_name for item in items}) == 8
    assert len([item for item in items if not item.has_skus]) >= 3
    assert len([item for item in items if len(item.skus) >= 300]) >= 2
    assert len([item for item in items if not item.distributable]) == 2
    assert len(catalog.find_all(mp_sku_id_key="mpSkuid")) >= 2
    assert all(
        2 <= len(item.skus) <= 12 for item in items if item.has_skus and len(item.skus) < 300
    )
    assert any(sku.quantity == 0 for item in items for sku in item.skus)
    assert all(item.quantity > 0 for item in items)
    assert all(
        url.startswith("https://img.alicdn.com/imgextra/") for i in items for url in i.pic_urls
    )
    assert catalog.get(703446760426) is items[0]  # the id of the API docs' example


def test_keywords_allow_paging(catalog):
    words = ["dress", "t-shirt", "sneakers", "phone case", "backpack", "headphones", "tea", "mug"]
    for word in words:
        assert len(catalog.search(word)) >= 3, word
    assert len(catalog.search("2024")) >= 25
    assert len(catalog.search("FASHION")) == len(catalog.search("fashion")) >= 20
    assert catalog.search("连衣裙")


def test_find_picks_items_by_shape(catalog):
    item = catalog.find(has_skus=True, min_skus=3)
    assert len(item.skus) >= 3 and item.distributable
    other = catalog.find(has_skus=True, exclude_shops={item.shop_name})
    assert other.shop_name != item.shop_name
    assert not catalog.find(has_skus=False).skus
    assert not catalog.find(distributable=False).distributable
    with pytest.raises(LookupError):
        catalog.find(min_skus=10_000)


def test_helpers_change_prices_stock_and_skus():
    catalog = Catalog()
    item = catalog.find(min_skus=3)
    sku = item.skus[0]
    catalog.set_sku_price(item.item_id, sku.sku_id, 1234)
    catalog.set_sku_stock(item.item_id, sku.sku_id, 0)
    assert (sku.price, sku.quantity) == (1234, 0)
    catalog.remove_sku(item.item_id, sku.sku_id)
    assert item.sku(sku.sku_id) is None
    plain = catalog.find(has_skus=False)
    catalog.set_sku_stock(plain.item_id, None, 7)
    assert plain.quantity == 7
    with pytest.raises(KeyError):
        catalog.set_sku_stock(item.item_id, None, 1)
    catalog.remove_item(plain.item_id)
    assert catalog.get(plain.item_id) is None
    with pytest.raises(KeyError):
        catalog.remove_item(plain.item_id)
    catalog.reset()
    assert catalog.items == Catalog().items


def test_a_grid_item_covers_the_cells_asked_for():
    sparse = grid_item(910002, (9, 9, 9), 100, step=7)
    assert len(sparse.skus) == 100
    assert sparse.distributable
    ids = [sku.sku_id for sku in sparse.skus] + [sku.mp_sku_id for sku in sparse.skus]
    assert len(set(ids)) == 200, "every SKU id and distribution id is its own"
    combinations = {tuple(p.value_name for p in sku.properties) for sku in sparse.skus}
    assert len(combinations) == 100
    assert len(grid_item(1, (10, 10, 10)).skus) == 1000
