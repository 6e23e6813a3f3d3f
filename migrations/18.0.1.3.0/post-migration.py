# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Products already on Taobao keep their own content.

18.0.1.3.0 lets an import overwrite the name, description, picture and sale prices only of a
product the importer made. Earlier versions did not record whether a person linked a product
by hand, so every product already carrying a Taobao item is taken as the seller's: importing
its item again proposes Taobao's changes instead of writing them.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """UPDATE product_template SET taobao_seller_content = TRUE
                WHERE taobao_item_id IS NOT NULL AND taobao_seller_content IS NOT TRUE"""
        )
    )
    _logger.info(
        "taobao_purchase 18.0.1.3.0: %s products on Taobao keep their own content", cr.rowcount
    )
