"""Deterministic generation of the catalog items from the seed in ``catalog_data``."""

import itertools
import random
import string
import zlib

from .catalog_data import CATEGORIES, ITEM_SPECS, PROPERTY_IDS
from .catalog_items import CatalogItem, Property, Sku

MAX_RANDOM_SKUS = 12
ZERO_STOCK_RATE = 0.1
TAGS = ("包邮", "7天无理由退货", "极速退款", "品质保障", "24小时发货", "运费险")
ORIGIN = "中国大陆"


def build_items(seed):
    rng = random.Random(seed)
    ids = _IdAllocator(rng)
    return [_build_item(spec, rng, ids) for spec in ITEM_SPECS]


GRID_DIMENSIONS = ("颜色分类", "尺码", "规格")
GRID_SHOP = ("网格测试店 (grid test shop)", 2200000000999)


def grid_item(item_id, sizes, sku_count=None, step=1):
    """An item outside the generated catalog whose SKUs cover every ``step``-th cell of a
    grid of ``sizes`` values per dimension (``sku_count`` of them at most): dense or sparse
    SKU grids, past Odoo's 1000 combinations too, for the tests and the benchmark."""
    cells = list(itertools.product(*(range(size) for size in sizes)))[::step][:sku_count]
    if len(cells) >= 5000:
        raise ValueError("a grid item has fewer than 5000 SKUs")
    names = GRID_DIMENSIONS[: len(sizes)]
    shop_name, shop_id = GRID_SHOP
    return CatalogItem(
        item_id=item_id,
        mp_id=str(2048000000000000 + item_id % 10**12),
        title=f"网格商品 {'x'.join(map(str, sizes))}",
        keywords=("grid",),
        shop_id=shop_id,
        shop_name=shop_name,
        description="",
        pic_urls=[],
        properties=[],
        tags=[],
        skus=[
            Sku(
                sku_id=item_id * 10_000 + number,
                mp_sku_id=item_id * 10_000 + 5_000 + number,
                price=1990 + number,
                promotion_price=1890 + number,
                quantity=5,
                pic_url="",
                properties=[
                    _property(name, f"{name}{value}")
                    for name, value in zip(names, cell, strict=True)
                ],
            )
            for number, cell in enumerate(cells)
        ],
    )


def _build_item(spec, rng, ids):
    category = CATEGORIES[spec.category]
    shop = spec.shop
    item_id = spec.item_id or ids.taobao_item_id()
    base_price = _retail_price(rng, *category.price_range)
    pic_urls = [_image_url(rng, shop.shop_id) for _ in range(rng.randint(3, 5))]
    item = CatalogItem(
        item_id=item_id,
        mp_id=ids.mp_id() if spec.distributable else None,
        title=spec.title,
        keywords=tuple(word.casefold() for word in category.keywords + spec.keywords),
        shop_id=shop.shop_id,
        shop_name=shop.name,
        description=_description(spec.title, pic_urls),
        pic_urls=pic_urls,
        properties=[
            _property("品牌", rng.choice(category.brands)),
            _property("材质", rng.choice(category.materials)),
            _property("产地", ORIGIN),
        ],
        tags=rng.sample(TAGS, rng.randint(1, 3)),
        mp_sku_id_key=spec.mp_sku_id_key,
    )
    if spec.has_skus:
        dimensions = spec.dimensions or category.dimensions
        item.skus = _build_skus(rng, ids, shop.shop_id, dimensions, spec.sku_grid, base_price)
    else:
        item.own_quantity = rng.randrange(20, 600)
        item.own_price = base_price
        item.own_promotion_price = _promotion_price(base_price)
    return item


def _build_skus(rng, ids, shop_id, dimensions, sku_grid, base_price):
    grid = sku_grid or _random_grid(rng, dimensions)
    chosen = [
        [_property(name, value) for value in values[:count]]
        for (name, values), count in zip(dimensions, grid, strict=True)
    ]
    # One picture per value of the first dimension (usually the colour), as on Taobao.
    pictures = {prop.value_id: _image_url(rng, shop_id) for prop in chosen[0]}
    surcharges = [rng.choice((0, 0, 0, 500, 1000)) for _ in chosen[-1]]
    skus = []
    for indexes in itertools.product(*(range(len(values)) for values in chosen)):
        properties = [values[index] for values, index in zip(chosen, indexes, strict=True)]
        price = base_price + surcharges[indexes[-1]]
        skus.append(
            Sku(
                sku_id=ids.sku_id(),
                mp_sku_id=ids.mp_sku_id(),
                price=price,
                promotion_price=_promotion_price(price),
                quantity=0 if rng.random() < ZERO_STOCK_RATE else 5 + int(rng.random() * 795),
                pic_url=pictures[properties[0].value_id],
                properties=properties,
            )
        )
    if not any(sku.quantity for sku in skus):
        skus[0].quantity = 50
    return skus


def _random_grid(rng, dimensions):
    """Values per dimension giving 2 to 12 SKUs."""
    while True:
        grid = [rng.randint(1, min(len(values), 4)) for _name, values in dimensions]
        total = 1
        for count in grid:
            total *= count
        if 2 <= total <= MAX_RANDOM_SKUS:
            return grid


def _property(name, value):
    return Property(
        prop_id=PROPERTY_IDS[name],
        prop_name=name,
        value_id=zlib.crc32(f"{name}:{value}".encode()) % 10_000_000,
        value_name=value,
    )


def _retail_price(rng, low, high):
    """A price in fen ending in 90, like 129.90."""
    return rng.randrange(low // 100, high // 100 + 1) * 100 - 10


def _promotion_price(price):
    return price * 9 // 1000 * 100 - 10 if price >= 1000 else price


def _image_url(rng, shop_id):
    token = "".join(rng.choices(string.ascii_letters + string.digits, k=18))
    server = f"i{rng.randint(1, 4)}"
    return f"https://img.alicdn.com/imgextra/{server}/{shop_id}/O1CN01{token}_!!{shop_id}.jpg"


def _description(title, pic_urls):
    images = "".join(f'<img src="{url}"/>' for url in pic_urls)
    return f"<p>{title}</p><p>正品保障，支持7天无理由退货。</p>{images}"


class _IdAllocator:
    """Unique ids of the sizes Taobao and DajiSaaS use."""

    def __init__(self, rng):
        self._rng = rng
        self._used = set()

    def taobao_item_id(self):  # 12 digits
        return self._unique(500_000_000_000, 799_999_999_999)

    def mp_id(self):  # 16-digit string
        return str(self._unique(2_048_000_000_000_000, 2_048_999_999_999_999))

    def sku_id(self):  # 13 digits
        return self._unique(5_100_000_000_000, 5_199_999_999_999)

    def mp_sku_id(self):  # 13 digits, a range apart from the Taobao SKU ids
        return self._unique(5_200_000_000_000, 5_299_999_999_999)

    def _unique(self, low, high):
        while True:
            value = low + int(self._rng.random() * (high - low))
            if value not in self._used:
                self._used.add(value)
                return value
