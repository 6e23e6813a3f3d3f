"""Search by picture, deterministically: every catalog item has a picture of its own, and a
search ranks the items by how close their picture is to the one searched with.

Closeness is the Hamming distance between average hashes (8x8 grey, one bit per pixel above
the mean), which survives what Odoo does to a picture it keeps (resizing, re-encoding): the
picture of an imported product finds its own item first. A picture address is the address of
one of an item's pictures; any other address cannot be fetched, as DajiSaaS could not.
"""

import base64
import binascii
import hashlib
import io
import random
from functools import lru_cache

from PIL import Image, UnidentifiedImageError

from .envelope import ApiError

MAX_IMAGE_BYTES = 3 * 1024 * 1024
FORMATS = ("JPEG", "PNG", "WEBP")
HASH_SIDE = 8
PICTURE_SIDE = 256


@lru_cache(maxsize=1024)
def item_picture(item_id: int) -> bytes:
    """The PNG picture of an item: large blocks of colour drawn from its id."""
    rng = random.Random(item_id)
    grid = Image.new("RGB", (HASH_SIDE, HASH_SIDE))
    grid.putdata(
        [tuple(rng.randrange(256) for _ in range(3)) for _ in range(HASH_SIDE * HASH_SIDE)]
    )
    picture = grid.resize((PICTURE_SIDE, PICTURE_SIDE), Image.Resampling.NEAREST)
    output = io.BytesIO()
    picture.save(output, format="PNG")
    return output.getvalue()


def average_hash(picture: bytes) -> int:
    """The 64-bit average hash of a picture; ApiError for anything that is not one."""
    try:
        with Image.open(io.BytesIO(picture)) as image:
            if image.format not in FORMATS:
                raise ApiError(400, f"图片格式错误 / unsupported picture format {image.format}")
            grey = image.convert("L").resize((HASH_SIDE, HASH_SIDE), Image.Resampling.BOX)
    except (UnidentifiedImageError, OSError) as error:
        raise ApiError(400, "图片无法识别 / not a picture") from error
    pixels = list(grey.getdata())
    mean = sum(pixels) / len(pixels)
    return sum(1 << index for index, value in enumerate(pixels) if value > mean)


@lru_cache(maxsize=1024)
def item_hash(item_id: int) -> int:
    return average_hash(item_picture(item_id))


class PictureIndex:
    """The pictures uploaded so far, by the id the upload answered."""

    def __init__(self):
        self.hashes: dict[str, int] = {}

    def reset(self):
        self.hashes.clear()

    def upload(self, catalog, image_base64=None, pic_url=None):
        """Keep a picture sent in base64 or named by address; return its imageId."""
        if image_base64:
            try:
                picture = base64.b64decode(image_base64, validate=True)
            except (binascii.Error, ValueError) as error:
                raise ApiError(
                    400, "image_base64 格式错误 / image_base64 is not base64"
                ) from error
            if len(picture) > MAX_IMAGE_BYTES:
                raise ApiError(400, "图片超过3M / picture larger than 3 MB")
            picture_hash = average_hash(picture)
            digest = hashlib.sha1(picture, usedforsecurity=False).hexdigest()
        elif pic_url:
            picture_hash = self.hash_at(catalog, pic_url)
            digest = hashlib.sha1(pic_url.encode(), usedforsecurity=False).hexdigest()
        else:
            raise ApiError(
                400, "缺少参数 image_base64 或 pic_url / image_base64 or pic_url missing"
            )
        image_id = f"sbx{digest[:20]}"
        self.hashes[image_id] = picture_hash
        return image_id

    def hash_of(self, image_id):
        if image_id not in self.hashes:
            raise ApiError(404, f"图片不存在 / unknown image_id {image_id}")
        return self.hashes[image_id]

    @staticmethod
    def hash_at(catalog, pic_url):
        """The hash of the item picture at ``pic_url``; ApiError when no item has it."""
        for item in catalog.items:
            if pic_url in item.pic_urls or any(sku.pic_url == pic_url for sku in item.skus):
                return item_hash(item.item_id)
        raise ApiError(400, f"图片下载失败 / the picture could not be fetched: {pic_url}")


def ranked(catalog, picture_hash):
    """The distributable items, closest picture first (then by id)."""
    items = [item for item in catalog.items if item.distributable]
    return sorted(
        items,
        key=lambda item: ((item_hash(item.item_id) ^ picture_hash).bit_count(), item.item_id),
    )
