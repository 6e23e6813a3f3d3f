# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import binascii
import io

from PIL import Image

from odoo import models

from ..dajisaas import PictureError

PICTURE_SIDE = 1024
"""The longest side of a picture sent: well under DajiSaaS's 3 MB once in JPEG."""


def picture_to_send(picture):
    """A picture field's value (base64) as the JPEG DajiSaaS is sent, at most
    :data:`PICTURE_SIDE` pixels a side, whatever it was (a large WEBP, which Odoo keeps as
    it is, included). PictureError when it is not a picture Pillow reads."""
    try:
        with Image.open(io.BytesIO(base64.b64decode(picture, validate=True))) as image:
            image.thumbnail((PICTURE_SIDE, PICTURE_SIDE))
            output = io.BytesIO()
            image.convert("RGB").save(output, format="JPEG", quality=90)
    except (binascii.Error, OSError, ValueError, Image.DecompressionBombError) as error:
        raise PictureError("not a picture") from error
    return output.getvalue()


class ResCompany(models.Model):
    _inherit = "res.company"

    def _taobao_picture_problem(self, picture, picture_url):
        """What keeps a picture from being searched with as this company searches, for the
        user to read; None when nothing does."""
        self.ensure_one()
        if self.taobao_picture_search == "address" and not picture_url:
            return self.env._(
                "Your DajiSaaS account searches by picture address: only a picture already on "
                "Taobao can be searched, such as an imported product's (Find by Picture on the "
                "product). Test Connection, in Settings > Sales > Taobao (DajiSaaS), finds out "
                "whether it can search by uploaded picture, which takes any photo."
            )
        if self.taobao_picture_search == "upload" and not picture:
            return self.env._("Upload a picture to search Taobao with.")
        return None

    def _taobao_search_by_picture(
        self,
        client,
        picture=None,
        picture_url=None,
        category_id=None,
        crop=False,
        page_no=1,
        page_size=20,
    ):
        """Taobao items that look like ``picture`` (a picture field's value) or the picture
        at ``picture_url``, as this company searches (:meth:`_taobao_picture_problem` says
        first whether it can): by address, one page (from 1) of the V2.0 search; else by the
        uploaded picture, V1.0's one list.

        :raises ValueError: ``picture`` is not a picture
        :raises DajisaasError: DajiSaaS failed
        """
        self.ensure_one()
        if self.taobao_picture_search == "address":
            return client.search_by_image_url(
                picture_url,
                category_id=category_id,
                crop=crop,
                page_no=page_no - 1,
                page_size=page_size,
            )
        return client.search_by_image_id(client.upload_image(picture_to_send(picture)))
