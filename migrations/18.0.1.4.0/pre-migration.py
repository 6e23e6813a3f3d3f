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


def migrate(cr, version):
    if not version or not column_exists(cr, TABLE, "company_id"):
        return
    # every foreign key on the column, whatever its name
    cr.execute(
        SQL(
            """SELECT c.conname FROM pg_constraint c
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                WHERE c.conrelid = %s::regclass AND c.contype = 'f'
                  AND a.attname = 'company_id'""",
            TABLE,
        )
    )
    for (name,) in cr.fetchall():
        cr.execute(
            SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(TABLE), SQL.identifier(name))
        )
        cr.execute(SQL("DELETE FROM ir_model_constraint WHERE name = %s", name))
    cr.execute(
        SQL("ALTER TABLE %s RENAME COLUMN company_id TO company_ref", SQL.identifier(TABLE))
    )
