"""Lines of preview and create requests: syntax checks, then availability in the catalog.

A malformed line refuses the whole request (code 400); a line that is well formed but
cannot be supplied (unknown mp id, stock) is a *line failure* the endpoint reports.
"""

from dataclasses import dataclass

from .envelope import invalid_parameter, missing_parameter
from .validation import json_string_list, to_int

ITEM_NOT_FOUND = "ITEM_NOT_FOUND"
SKU_NOT_FOUND = "SKU_NOT_FOUND"
SKU_STOCK_NOT_ENOUGH = "SKU_STOCK_NOT_ENOUGH"

FAILURE_MESSAGES = {
    ITEM_NOT_FOUND: "商品不存在或不支持分销 / item not found or not available for distribution",
    SKU_NOT_FOUND: "SKU不存在 / sku not found (skuId must be an mpSkuId of the item)",
    SKU_STOCK_NOT_ENOUGH: "库存不足 / not enough stock",
}


@dataclass
class OrderLine:
    item_id: int  # mpId as sent
    sku_id: int | None  # mpSkuId as sent
    quantity: int
    line_no: str | None = None
    title: str | None = None
    item: object = None  # CatalogItem once available
    sku: object = None  # Sku once available
    error_code: str | None = None

    @property
    def available(self):
        return self.error_code is None

    @property
    def error_message(self):
        return FAILURE_MESSAGES.get(self.error_code)

    @property
    def unit_price(self):
        return self.sku.price if self.sku else self.item.price

    def fail(self, error_code):
        self.error_code = error_code
        self.item = self.sku = None


def parse_lines(catalog, params, field, with_line_numbers):
    """Check the JSON-string list ``field``; raise ApiError (400) on the first bad line."""
    lines = []
    for index, raw in enumerate(json_string_list(params, field)):
        name = f"{field}[{index}]"
        for required in ("itemId", "quantity") + (("orderLineNo",) if with_line_numbers else ()):
            if raw.get(required) in (None, ""):
                raise missing_parameter(f"{name}.{required}")
        line = OrderLine(
            item_id=to_int(raw["itemId"], f"{name}.itemId"),
            sku_id=None if raw.get("skuId") is None else to_int(raw["skuId"], f"{name}.skuId"),
            quantity=to_int(raw["quantity"], f"{name}.quantity"),
            title=raw.get("title"),
        )
        if line.quantity < 1:
            raise invalid_parameter(f"{name}.quantity", "must be >= 1")
        if catalog.get(line.item_id) is not None:
            raise invalid_parameter(
                f"{name}.itemId", "itemId must be the mpId returned by /taobao/product/get"
            )
        if line.sku_id is not None and catalog.is_taobao_sku_id(line.sku_id):
            raise invalid_parameter(
                f"{name}.skuId", "skuId must be the mpSkuId returned by /taobao/product/get"
            )
        if with_line_numbers:
            line.line_no = str(raw["orderLineNo"])
            if any(other.line_no == line.line_no for other in lines):
                raise invalid_parameter(f"{name}.orderLineNo", "is used twice")
        lines.append(line)
    return lines


def check_availability(catalog, lines, failing_line_nos=()):
    """Attach catalog items and SKUs to the lines, or mark them failed.

    Stock is checked against what earlier lines of the same request already take.
    """
    taken = {}
    for line in lines:
        item = catalog.get_by_mp_id(line.item_id)
        if item is None:
            line.fail(ITEM_NOT_FOUND)
            continue
        if item.has_skus:
            sku = None if line.sku_id is None else item.sku_by_mp_sku_id(line.sku_id)
            if sku is None:
                line.fail(SKU_NOT_FOUND)
                continue
            stock, key = sku.quantity, (item.item_id, sku.sku_id)
        elif line.sku_id is not None:
            line.fail(SKU_NOT_FOUND)
            continue
        else:
            sku, stock, key = None, item.quantity, (item.item_id, None)
        if line.line_no in failing_line_nos or taken.get(key, 0) + line.quantity > stock:
            line.fail(SKU_STOCK_NOT_ENOUGH)
            continue
        taken[key] = taken.get(key, 0) + line.quantity
        line.item, line.sku = item, sku
    return lines
