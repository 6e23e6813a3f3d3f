"""Finding Taobao items by picture: the requests' rules and the answers' models.

Two versions, both documented only in part (``docs/wire-contract.md``):

- V2.0, ``GET /taobao/image-search/url``: a picture DajiSaaS can fetch (``picUrl``), an
  optional category, "detect the main subject" (``crop``), pages 0-499 of 1-20 hits;
- V1.0, ``GET /taobao/traffic/item/imgsearch``: a picture uploaded first
  (``POST /taobao/upload/image`` answers its ``imageId``), one list without paging.

An answer is read wherever its hits sit (``data``, ``data.data``, ``result``...); one where no
list of hits is found is an unknown shape, never "nothing found".
"""

import base64
from typing import Annotated

from pydantic import Field

from .tolerant_model import FenFromYuan, Stock, TolerantModel, WebAddress

MAX_IMAGE_BYTES = 3 * 1024 * 1024
"""The largest picture DajiSaaS takes for an upload (3 MB, before base64)."""

MAX_IMAGE_PAGE_SIZE = 20
MAX_IMAGE_PAGE_NO = 499
"""V2.0 pages: numbered from 0 to 499, of at most 20 hits."""

IMAGE_CATEGORIES: dict[int, str] = {
    0: "tops",
    1: "dresses",
    2: "bottoms",
    3: "bags",
    4: "shoes",
    5: "accessories",
    6: "snacks",
    7: "beauty",
    8: "bottled drinks",
    9: "furniture",
    20: "toys",
    21: "underwear",
    22: "digital",
    88888888: "other",
}
"""V2.0 categories (``categoryId``), as DajiSaaS documents them; none: DajiSaaS guesses."""

PROBE_PICTURE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAABsElEQVR42u2az0eDcRzHn2dNU0/04xDLlFZGJn"
    "uqQz8Pi0p16RDxiFFKlpRoh+owmXXabqU9icTEbos01ZaOXTqsacwkRTt0Suywxp7+gffxeSTen+Prw5cXHz4/"
    "nkd0NysCCs/WOORhOQq5ue0U8lYtCXndxRjkn+4eyPc7RMhNwj8PClCAAhT42xALwhtMbESuIHcWGyGvntyFPG"
    "EZhrycTEO+frOC+8OxnyVEAQpQgAIG9AGHVIKJeDeey50DeO4vZ2OQZ/de8TtpK+RdKfyOTThkCVGAAhSggAF9"
    "YFVdgAntpAL5mYTvRcveF8gVGe8JucA15A3tHsh92yaWEAUoQAEK6B/m98gMTDyn1iAfco1AHnLh+09Qxt8fQq"
    "Ma5Gr+A/IJq8QSogAFKEABA/pAVSGM5/X8DuQO3x3kMQveE6IqvvOUivgedbSE+8n01yJLiAIUoAAFDOgD5/5O"
    "mDiwz0OeUDYhn8o7IW8avIf8J4D/F/qu7Yf8sm+OJUQBClCAAvqHWGmxw8RjDZ7vNVs95PHZHOTeB7w/ZJ4yeH"
    "/oVXHfCN6yhChAAQpQQP/4BV0eXKwIYnBJAAAAAElFTkSuQmCC"
)
"""A 64-pixel PNG of coloured blocks: what Test Connection uploads to find out whether
V1.0 answers (a real search, with a picture DajiSaaS has no reason to find too small)."""


class PictureError(ValueError):
    """A picture DajiSaaS would refuse (not a JPG, PNG or WEBP file, or too large):
    nothing was sent."""


_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def image_format(image: bytes) -> str | None:
    """``"jpeg"``, ``"png"`` or ``"webp"`` from a picture's first bytes; None for any other
    file (the only formats DajiSaaS takes)."""
    for signature, name in _SIGNATURES:
        if image.startswith(signature):
            return name
    if image[:4] == b"RIFF" and image[8:12] == b"WEBP":
        return "webp"
    return None


class UploadedImage(TolerantModel):
    """The answer of an upload: the id V1.0 searches by."""

    wire_keys = {"image_id": ("imageId", "image_id", "picId")}

    image_id: str


class ImageSearchHit(TolerantModel):
    """One item a picture search found, best first."""

    wire_keys = {
        "item_id": ("itemId", "tbItemId", "item_id"),
        "main_image_url": ("mainImageUrl", "picUrl", "imageUrl"),
        "price_fen": ("price",),
        "coupon_price_fen": ("couponPrice",),
        "inventory": ("inventory", "quantity"),
    }

    item_id: Annotated[int, Field(gt=0)]
    title: str = ""
    main_image_url: WebAddress = ""
    price_fen: FenFromYuan
    coupon_price_fen: FenFromYuan | None = None
    inventory: Stock | None = None
    shop_name: str = ""


class ImageSearchPage(TolerantModel):
    """The hits of one picture search: one V2.0 page, or V1.0's whole list (``paged``
    False, then there is no next page)."""

    wire_keys = {"hits": ("data", "items", "list")}

    page_no: int
    page_size: int
    paged: bool
    hits: list[ImageSearchHit] = []

    @property
    def has_more(self) -> bool:
        """Whether a next page may exist (a V2.0 page that is full, below the last)."""
        return self.paged and len(self.hits) == self.page_size and self.page_no < MAX_IMAGE_PAGE_NO
