# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Messages and synchronization requests lose their unique keys, receipts an index.

Two messages at once about one purchase (or a message and its replay) met on those keys:
the later one failed for a serialization error and Odoo replayed the whole request. The
index on a receipt's date cost every message an index entry for a daily clean-up. Odoo
drops a removed SQL constraint only when the module is uninstalled, and keeps an index a
field no longer asks for, so both are dropped here.
"""

from odoo.tools import SQL

DROPPED = (
    ("taobao_sync_request", "taobao_sync_request_record_uniq"),
    ("taobao_message_receipt", "taobao_message_receipt_digest_uniq"),
)
DROPPED_INDEX = "taobao_message_receipt__received_index"


def migrate(cr, version):
    for table, constraint in DROPPED:
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )
        cr.execute(SQL("DELETE FROM ir_model_constraint WHERE name = %s", constraint))
    cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(DROPPED_INDEX)))
