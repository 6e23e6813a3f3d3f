"""The sandbox catalog: lookups for the endpoints and knobs for tests."""

import copy
import threading

from .catalog_builder import build_items

DEFAULT_SEED = 20240601


class Catalog:
    """The generated items, rebuilt identically from ``seed`` by :meth:`reset`.

    Mutators take the lock the sandbox shares with its request handlers, so a test may
    change prices or stock while the server runs.
    """

    def __init__(self, seed=DEFAULT_SEED, lock=None):
        self.seed = seed
        self._lock = lock or threading.RLock()
        self._pristine = build_items(seed)
        self.items = _copy_items(self._pristine)

    def reset(self):
        """Back to the generated state: new item and SKU objects with the original stock,
        prices and SKU lists."""
        with self._lock:
            self.items[:] = _copy_items(self._pristine)

    def get(self, item_id):
        """The item with this Taobao item id, or None."""
        item_id = _as_int(item_id)
        return next((item for item in self.items if item.item_id == item_id), None)

    def get_by_mp_id(self, mp_id):
        mp_id = str(mp_id)
        return next((item for item in self.items if item.mp_id == mp_id), None)

    def is_taobao_sku_id(self, sku_id):
        sku_id = _as_int(sku_id)
        return any(sku.sku_id == sku_id for item in self.items for sku in item.skus)

    def search(self, keyword):
        return [item for item in self.items if item.matches(keyword)]

    def find_all(
        self,
        *,
        min_skus=0,
        max_skus=None,
        has_skus=None,
        distributable=True,
        mp_sku_id_key=None,
        shop_name=None,
        exclude_shops=(),
        exclude_items=(),
    ):
        """Items of a given shape, in catalog order. ``distributable=None`` accepts both."""

        def fits(item):
            return (
                len(item.skus) >= min_skus
                and (max_skus is None or len(item.skus) <= max_skus)
                and (has_skus is None or item.has_skus == has_skus)
                and (distributable is None or item.distributable == distributable)
                and (
                    mp_sku_id_key is None or item.has_skus and item.mp_sku_id_key == mp_sku_id_key
                )
                and (shop_name is None or item.shop_name == shop_name)
                and item.shop_name not in exclude_shops
                and item.item_id not in exclude_items
                and item.quantity > 0
            )

        return [item for item in self.items if fits(item)]

    def find(self, **criteria):
        """The first item of the shape :meth:`find_all` describes; LookupError if none."""
        found = self.find_all(**criteria)
        if not found:
            raise LookupError(f"no catalog item with {criteria}")
        return found[0]

    def set_sku_price(self, item_id, sku_id, price_fen):
        """Change a SKU's price (promotion price follows); ``sku_id=None`` for an item
        without SKUs."""
        with self._lock:
            item, sku = self._item_and_sku(item_id, sku_id)
            if sku is None:
                item.own_price = item.own_promotion_price = price_fen
            else:
                sku.price = sku.promotion_price = price_fen

    def set_sku_stock(self, item_id, sku_id, quantity):
        """Change a SKU's stock; ``sku_id=None`` for an item without SKUs."""
        with self._lock:
            item, sku = self._item_and_sku(item_id, sku_id)
            if sku is None:
                item.own_quantity = quantity
            else:
                sku.quantity = quantity

    def remove_sku(self, item_id, sku_id):
        """Delist a SKU: it disappears from the endpoints and cannot be ordered."""
        with self._lock:
            item, sku = self._item_and_sku(item_id, sku_id)
            item.skus.remove(sku)

    def remove_item(self, item_id):
        """Delist a whole item: detail and bunker answer 404, orders refuse its mpId."""
        with self._lock:
            item = self.get(item_id)
            if item is None:
                raise KeyError(f"unknown item {item_id}")
            self.items.remove(item)

    def _item_and_sku(self, item_id, sku_id):
        item = self.get(item_id)
        if item is None:
            raise KeyError(f"unknown item {item_id}")
        if sku_id is None:
            if item.has_skus:
                raise KeyError(f"item {item_id} has SKUs: give a sku_id")
            return item, None
        sku = item.sku(sku_id)
        if sku is None:
            raise KeyError(f"item {item_id} has no SKU {sku_id}")
        return item, sku


def _copy_items(items):
    # Copying what the helpers and orders change (stock, prices, SKU lists) is enough, and
    # much faster than generating again: reset() runs before every test.
    copies = []
    for item in items:
        clone = copy.copy(item)
        clone.skus = [copy.copy(sku) for sku in item.skus]
        copies.append(clone)
    return copies


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
