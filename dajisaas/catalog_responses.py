"""Response models of the catalog endpoints: keyword search, item detail and bunker.

Money is integer fen. The search endpoint sends yuan strings, converted on parsing.
"""

from .tolerant_model import Fen, FenFromYuan, Stock, TolerantModel


class SearchItem(TolerantModel):
    """One hit of ``GET /taobao/traffic/item/search`` (a Taobao item, not yet an mpId)."""

    wire_keys = {
        "item_id": ("itemId", "tbItemId"),
        "price_fen": ("price",),
    }

    item_id: int
    title: str = ""
    main_image_url: str = ""
    price_fen: FenFromYuan
    inventory: Stock | None = None
    shop_name: str = ""


class SearchPage(TolerantModel):
    """One page of keyword search results. DajiSaaS sends no total count."""

    wire_keys = {"items": ("data", "items")}

    page_no: int
    page_size: int
    items: list[SearchItem] = []

    @property
    def has_more(self) -> bool:
        """Whether a next page may exist (this page is full)."""
        return len(self.items) == self.page_size


class SkuProperty(TolerantModel):
    """A property value of an item or SKU (e.g. 颜色分类 = 黑色)."""

    prop_id: str = ""
    prop_name: str = ""
    value_id: str = ""
    value_name: str = ""


class ItemSku(TolerantModel):
    """A SKU of :class:`ItemDetail`; ``sku_id`` is the Taobao SKU id (not the mpSkuId)."""

    wire_keys = {
        "price_fen": ("price",),
        "promotion_price_fen": ("promotionPrice",),
    }

    sku_id: int
    price_fen: Fen = 0
    promotion_price_fen: Fen | None = None
    quantity: Stock = 0
    pic_url: str = ""
    properties: list[SkuProperty] = []


class ItemDetail(TolerantModel):
    """``GET /taobao/traffic/item/get``: a Taobao item with its SKUs."""

    wire_keys = {
        "price_fen": ("price",),
        "skus": ("skuList", "skus"),
    }

    item_id: int
    title: str = ""
    pic_urls: list[str] = []
    description: str = ""
    shop_id: str = ""
    shop_name: str = ""
    price_fen: Fen = 0
    quantity: Stock | None = None
    properties: list[SkuProperty] = []
    skus: list[ItemSku] = []


class BunkerSku(TolerantModel):
    """A SKU of :class:`BunkerItem`: Taobao ``sku_id`` and its distribution ``mp_sku_id``."""

    wire_keys = {
        "mp_sku_id": ("mpSkuId",),
        "price_fen": ("price",),
    }

    sku_id: int
    mp_sku_id: int | None = None
    price_fen: Fen | None = None
    quantity: Stock | None = None
    status: str = ""
    properties: list[SkuProperty] = []


class BunkerItem(TolerantModel):
    """``GET /taobao/product/get``: the distribution ids needed to preview and order.

    ``mp_id`` (a 16-digit string) is sent as ``itemId`` and each SKU's ``mp_sku_id`` as
    ``skuId`` in preview/create requests.
    """

    wire_keys = {
        "price_fen": ("price",),
        "skus": ("skuList", "skus"),
    }

    item_id: int
    mp_id: str
    item_type: str = ""
    title: str = ""
    quantity: Stock = 0
    price_fen: Fen = 0
    skus: list[BunkerSku] = []

    def mp_sku_id_for(self, sku_id: int) -> int | None:
        """Return the ``mpSkuId`` of the Taobao SKU ``sku_id``, or None if unknown."""
        for sku in self.skus:
            if sku.sku_id == int(sku_id):
                return sku.mp_sku_id
        return None
