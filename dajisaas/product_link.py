"""Linking products a seller already has to a Taobao item: pure helpers.

``parse_item_ref`` reads what a person pastes (an item URL or its id); ``match_skus`` pairs
variants with SKUs by their attribute values, for a person to confirm.
"""

import re
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

ITEM_HOSTS = ("taobao.com", "tmall.com", "tmall.hk", "taobao.global")
_DIGITS = re.compile(r"^\d{6,20}$")


class ItemRefError(ValueError):
    """What was pasted is not a Taobao item; ``code`` says why (``empty``, ``short_link``,
    ``not_taobao``, ``no_id``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_item_ref(text: str) -> int:
    """The Taobao item id in ``text``: an id, or an item page URL carrying ``id=``.

    :raises ItemRefError: with a code telling what is wrong
    """
    text = (text or "").strip()
    if not text:
        raise ItemRefError("empty")
    if _DIGITS.match(text):
        return int(text)
    url = urlsplit(text if "://" in text else f"https://{text}")
    host = (url.hostname or "").lower()
    if host == "tb.cn" or host.endswith(".tb.cn"):
        raise ItemRefError("short_link")  # a redirect only a browser follows
    if not any(host == h or host.endswith(f".{h}") for h in ITEM_HOSTS):
        raise ItemRefError("not_taobao")
    for value in parse_qs(url.query).get("id", []):
        if _DIGITS.match(value.strip()):
            return int(value.strip())
    raise ItemRefError("no_id")


def _normalized(values) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in values if v and v.strip())


def match_skus(variants: Mapping[int, list[str]], skus: Mapping[str, list[str]]) -> dict[int, str]:
    """Pair variants with SKUs by attribute values; each SKU goes to one variant at most.

    :param variants: variant id → its attribute value names (``["黑色", "M"]``)
    :param skus: SKU id → its property value names
    :return: variant id → SKU id, for the variants with exactly one candidate: the SKU whose
        values are the variant's, or else the only SKU whose values include them. A single
        variant without attributes matches an item's single SKU.
    """
    sku_values = {sku: _normalized(values) for sku, values in skus.items()}
    taken: set[str] = set()
    matches: dict[int, str] = {}
    ordered = sorted(variants.items(), key=lambda item: -len(item[1]))
    for variant_id, values in ordered:
        wanted = _normalized(values)
        if not wanted:
            if len(variants) == 1 and len(skus) == 1:
                matches[variant_id] = next(iter(skus))
            continue
        exact = [s for s, v in sku_values.items() if v == wanted and s not in taken]
        # a partial match is proposed only when it is the only SKU with these values at all
        including = [s for s, v in sku_values.items() if wanted <= v]
        partial = including if len(including) == 1 and including[0] not in taken else []
        candidates = exact or partial
        if len(candidates) == 1:
            matches[variant_id] = candidates[0]
            taken.add(candidates[0])
    return matches
