# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A kept message names its company by id, without a foreign key.

The key's check locked the company's row for every message kept (``FOR KEY SHARE``): a burst
of messages queued on that one row, and waited while a manager saved the company. The column
``company_id`` of ``taobao_message_receipt`` becomes ``company_ref`` with the same values, its
foreign key is dropped (Odoo would keep it: it only adds the keys fields ask for), and the
index on it follows the column. Run before Odoo reads the model, so that it finds the column
already there and neither adds an empty one nor drops the old one with its values.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

TABLE = "taobao_message_receipt"
FOREIGN_KEY = "taobao_message_receipt_company_id_fkey"


def migrate(cr, version):
    if not version or not column_exists(cr, TABLE, "company_id"):
        return
    cr.execute(
        SQL(
            "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
            SQL.identifier(TABLE),
            SQL.identifier(FOREIGN_KEY),
        )
    )
    cr.execute(
        SQL(
            "ALTER TABLE %s RENAME COLUMN company_id TO company_ref",
            SQL.identifier(TABLE),
        )
    )
