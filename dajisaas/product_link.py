"""Linking products a seller already has to a Taobao item: pure helpers.

``parse_item_ref`` reads what a person pastes (an item URL or its id); variants are paired
with SKUs by :mod:`.variant_matching`.
"""

import re
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
