"""Where each answer's payload sits inside the envelope ``data``, in the shapes DajiSaaS may use.

The documentation shows few answers. Upstream (Taobao Global) wraps its payloads once more
(``data.data``) or under ``result``; DajiSaaS may pass them through flat or wrapped. Rather
than guess one shape, a parser looks along the known paths for the first object that carries
the answer's own keys, and refuses an answer where none does.
"""

from collections.abc import Mapping
from typing import Any

from .tolerant_model import lookup

ANSWER_PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "search": ((), ("data",), ("result",), ("result", "data")),
    "bunker": ((), ("data",), ("result",), ("result", "data")),
    "item": ((), ("data",), ("result",), ("result", "data")),
    "render": (("result", "data"), ("data",), (), ("result",)),
    "pay": ((), ("data",), ("result",), ("result", "data")),
    "query": (("data",), (), ("result", "data")),
    "upload": ((), ("data",), ("result",), ("result", "data")),
    "image_search": ((), ("data",), ("result",), ("result", "data")),
}
"""Per answer, the paths tried in order: the contract's shape first."""

ANSWER_KEYS: dict[str, tuple[str, ...]] = {
    "search": ("data", "items"),
    "bunker": ("mpId", "skuList"),
    "item": ("itemId", "title"),
    "render": ("totalRealPayPrice", "renderItemList", "unavailableSkuList"),
    "pay": ("willPayPurchaseOrderIds", "payFailurePurchaseOrderIds", "payFailedResults"),
    "query": ("purchaseOrders", "orders", "resultsTotal"),
    "upload": ("imageId", "picId"),
    "image_search": ("data", "items", "list"),
}
"""Per answer, the keys (any spelling) that make an object its payload."""


def _at(data: object, path: tuple[str, ...]) -> object:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = lookup(data, key)
    return data


def _is_payload(answer: str, candidate: object) -> bool:
    if not isinstance(candidate, Mapping):
        return False
    for key in ANSWER_KEYS[answer]:
        value = lookup(candidate, key)
        if value is None:
            continue
        # a search page's items are a list; a mapping under "data" is one more wrapping
        if answer in ("search", "image_search") and not isinstance(value, list):
            continue
        return True
    return False


def find_payload(answer: str, data: object) -> Mapping[str, Any] | None:
    """The payload of ``answer`` inside the envelope ``data``, or None when unrecognised."""
    for path in ANSWER_PATHS[answer]:
        candidate = _at(data, path)
        if isinstance(candidate, Mapping) and _is_payload(answer, candidate):
            return candidate
    return None
