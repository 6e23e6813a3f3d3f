"""Controls under /_sandbox/ so a sandbox started from the CLI can be steered with curl.

No authentication: the sandbox listens on loopback. Errors use the envelope with an HTTP
status equal to its code (400, 404).
"""

from . import payloads
from .catalog_builder import grid_item
from .envelope import CODE_NOT_FOUND, CODE_PARAMETER, ApiError
from .validation import to_int


def handle(sandbox, method, path, body):
    handler = _ROUTES.get((method, path))
    if handler is None:
        raise ApiError(
            CODE_NOT_FOUND, f"unknown sandbox control: {method} {path}", http_status=404
        )
    try:
        return handler(sandbox, body)
    except ApiError as error:
        error.http_status = error.code if error.code in (400, 404) else 400
        raise
    except KeyError as error:
        raise ApiError(CODE_NOT_FOUND, str(error.args[0]), http_status=404) from None
    except ValueError as error:
        raise ApiError(CODE_PARAMETER, str(error), http_status=400) from None


def _list_faults(sandbox, body):
    """The faults queued per endpoint."""
    return sandbox.faults.pending()


def _inject_fault(sandbox, body):
    """Queue a fault: {"path", "kind", "times", "params"}."""
    params = body.get("params") or {}
    if not isinstance(params, dict):
        raise ValueError("params must be an object")
    sandbox.faults.inject(body.get("path"), body.get("kind"), body.get("times", 1), **params)
    return sandbox.faults.pending()


def _clear_faults(sandbox, body):
    """Forget every queued fault."""
    sandbox.faults.clear()
    return []


def _ship(sandbox, body):
    """Ship a paid purchase order: {"purchase_id"}."""
    order = sandbox.ship(to_int(body.get("purchase_id"), "purchase_id"))
    return payloads.purchase_order(order)


def _pay(sandbox, body):
    """Pay purchase orders like the batch pay endpoint: {"purchase_ids": [...]}."""
    ids = body.get("purchase_ids")
    if not isinstance(ids, list) or not ids:
        raise ValueError("purchase_ids must be a non-empty list")
    return sandbox.pay([to_int(value, "purchase_ids") for value in ids])


def _set_latency(sandbox, body):
    """Delay every API answer from now on: {"ms": 150} (0: none)."""
    ms = body.get("ms")
    if not isinstance(ms, int | float) or isinstance(ms, bool) or not 0 <= ms <= 60_000:
        raise ValueError("ms must be a number of milliseconds from 0 to 60000")
    sandbox.latency = ms / 1000
    return {"ms": ms}


def _set_stock(sandbox, body):
    """Set the stock of every SKU of an item: {"item_id", "quantity"}."""
    item_id = to_int(body.get("item_id"), "item_id")
    quantity = to_int(body.get("quantity"), "quantity")
    item = next((i for i in sandbox.catalog.items if i.item_id == item_id), None)
    if item is None:
        raise KeyError(f"unknown item {item_id}")
    for sku in item.skus or [None]:
        sandbox.catalog.set_sku_stock(item_id, sku and sku.sku_id, quantity)
    return {"item_id": item_id, "quantity": quantity}


def _add_grid_item(sandbox, body):
    """Add an item whose SKUs cover a grid (until the next reset): {"item_id", "sizes",
    "sku_count", "step"}; see catalog_builder.grid_item."""
    sizes = body.get("sizes")
    if not isinstance(sizes, list) or not 1 <= len(sizes) <= 3:
        raise ValueError("sizes must be a list of 1 to 3 dimension sizes")
    item = grid_item(
        to_int(body.get("item_id"), "item_id"),
        tuple(to_int(size, "sizes") for size in sizes),
        body.get("sku_count") and to_int(body["sku_count"], "sku_count"),
        to_int(body.get("step", 1), "step"),
    )
    sandbox.catalog.items.append(item)
    return {"itemId": item.item_id, "skuCount": len(item.skus)}


def _reset(sandbox, body):
    """Forget orders and faults, rebuild the catalog, restore the dialect."""
    sandbox.reset()
    return {"reset": True}


def _list_orders(sandbox, body):
    """Every purchase order, as the order query answers it."""
    return [payloads.purchase_order(order) for order in sandbox.orders]


def _set_callback(sandbox, body):
    """Where status messages are posted: {"url"}."""
    url = body.get("url")
    if url is not None and not isinstance(url, str):
        raise ValueError("url must be a string or null")
    sandbox.set_callback_url(url or None)
    return {"url": url or None}


def _list_catalog(sandbox, body):
    """The catalog's items, with their mpId and SKU count."""
    return [
        {
            "itemId": item.item_id,
            "mpId": item.mp_id,
            "title": item.title,
            "keywords": list(item.keywords),
            "shopName": item.shop_name,
            "skuCount": len(item.skus),
            "quantity": item.quantity,
            "price": item.price,
            "distributable": item.distributable,
            "mpSkuIdKey": item.mp_sku_id_key,
        }
        for item in sandbox.catalog.items
    ]


def _get_dialect(sandbox, body):
    """The dialect spoken where the DajiSaaS docs are silent."""
    return dict(sandbox.dialect)


def _set_dialect(sandbox, body):
    """Change dialect choices: {"name": "value", ...}."""
    return sandbox.set_dialect(body)


def _index(sandbox, body):
    """What the controls are, so that the address the banner prints answers."""
    return {
        f"{method} {path}": (handler.__doc__ or handler.__name__).strip().splitlines()[0]
        for (method, path), handler in _ROUTES.items()
    }


_ROUTES = {
    ("GET", "/_sandbox/"): _index,
    ("GET", "/_sandbox/dialect"): _get_dialect,
    ("POST", "/_sandbox/dialect"): _set_dialect,
    ("GET", "/_sandbox/faults"): _list_faults,
    ("POST", "/_sandbox/faults"): _inject_fault,
    ("DELETE", "/_sandbox/faults"): _clear_faults,
    ("POST", "/_sandbox/ship"): _ship,
    ("POST", "/_sandbox/pay"): _pay,
    ("POST", "/_sandbox/latency"): _set_latency,
    ("POST", "/_sandbox/stock"): _set_stock,
    ("POST", "/_sandbox/catalog/grid"): _add_grid_item,
    ("POST", "/_sandbox/reset"): _reset,
    ("GET", "/_sandbox/orders"): _list_orders,
    ("POST", "/_sandbox/callback"): _set_callback,
    ("GET", "/_sandbox/catalog"): _list_catalog,
}
