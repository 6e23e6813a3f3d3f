"""What the sandbox sells: items, their SKUs and their properties."""

from dataclasses import dataclass, field

MP_SKU_ID = "mpSkuId"
MP_SKU_ID_LOWERCASE_I = "mpSkuid"  # spelling some bunker responses use; clients must read both


@dataclass
class Property:
    prop_id: int
    prop_name: str
    value_id: int
    value_name: str

    def as_dict(self):
        return {
            "propId": self.prop_id,
            "propName": self.prop_name,
            "valueId": self.value_id,
            "valueName": self.value_name,
        }


@dataclass
class Sku:
    sku_id: int  # Taobao SKU id
    mp_sku_id: int  # distribution SKU id, the one orders must use
    price: int  # fen
    promotion_price: int  # fen
    quantity: int
    pic_url: str
    properties: list[Property]


@dataclass
class CatalogItem:
    item_id: int  # Taobao item id
    mp_id: str | None  # distribution item id; None when not open to distribution
    title: str
    keywords: tuple[str, ...]  # English search words
    shop_id: int
    shop_name: str  # also the supplierNick orders are split by
    description: str
    pic_urls: list[str]
    properties: list[Property]
    tags: list[str]
    skus: list[Sku] = field(default_factory=list)
    # Stock and price of an item without SKUs; derived from the SKUs otherwise.
    own_quantity: int = 0
    own_price: int = 0
    own_promotion_price: int = 0
    mp_sku_id_key: str = MP_SKU_ID

    @property
    def distributable(self):
        return self.mp_id is not None

    @property
    def has_skus(self):
        return bool(self.skus)

    @property
    def quantity(self):
        return sum(sku.quantity for sku in self.skus) if self.skus else self.own_quantity

    @property
    def price(self):
        """Lowest SKU price, in fen."""
        return min(sku.price for sku in self.skus) if self.skus else self.own_price

    @property
    def promotion_price(self):
        if not self.skus:
            return self.own_promotion_price
        return min(sku.promotion_price for sku in self.skus)

    @property
    def skus_in_stock(self):
        return [sku for sku in self.skus if sku.quantity > 0]

    def sku(self, sku_id):
        return next((sku for sku in self.skus if sku.sku_id == int(sku_id)), None)

    def sku_by_mp_sku_id(self, mp_sku_id):
        return next((sku for sku in self.skus if sku.mp_sku_id == int(mp_sku_id)), None)

    def matches(self, keyword):
        """Case-insensitive substring of the title or of an English keyword."""
        needle = keyword.casefold()
        return needle in self.title.casefold() or any(needle in word for word in self.keywords)
