# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Messages and synchronization requests lose their unique keys, receipts an index; the
purchases of the first release are kept for the post-migration.

Two messages at once about one purchase (or a message and its replay) met on those keys:
the later one failed for a serialization error and Odoo replayed the whole request. The
index on a receipt's date cost every message an index entry for a daily clean-up. Odoo
drops a removed SQL constraint only when the module is uninstalled, and keeps an index a
field no longer asks for, so both are dropped here (when their tables exist: a database of
the first release, commit 57704f4, has neither).

A database of the first release (18.0.1.0.0 up to commit 57704f4) keeps its Taobao purchases
in the addon's own ``taobao.purchase.order`` and ``taobao.purchase.order.line``, which later
code has no more: at the end of the update Odoo would forget those models (and delete their
chatter). Their tables are renamed ``taobao_legacy_purchase_order`` and
``taobao_legacy_purchase_order_line`` here, out of the way of any model, and the
post-migration makes each row the purchase order it is today. Views the current code no
longer defines (those of the removed models, and the sale order views of that release, since
renamed) are deleted now rather than at the end of the update: they name fields that no
longer exist, and Odoo validates them with every view it loads for the same model.
"""

import ast
import logging
from pathlib import Path

from lxml import etree

from odoo.tools import SQL
from odoo.tools.sql import table_exists

_logger = logging.getLogger(__name__)

MODULE = "taobao_purchase"
DROPPED = (
    ("taobao_sync_request", "taobao_sync_request_record_uniq"),
    ("taobao_message_receipt", "taobao_message_receipt_digest_uniq"),
)
DROPPED_INDEX = "taobao_message_receipt__received_index"
LEGACY_TABLES = (
    ("taobao_purchase_order", "taobao_legacy_purchase_order"),
    ("taobao_purchase_order_line", "taobao_legacy_purchase_order_line"),
)
LEGACY_MODELS = ("taobao.purchase.order", "taobao.purchase.order.line")


def migrate(cr, version):
    if not version:
        return
    for table, constraint in DROPPED:
        if table_exists(cr, table):
            cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                    SQL.identifier(table),
                    SQL.identifier(constraint),
                )
            )
        cr.execute(SQL("DELETE FROM ir_model_constraint WHERE name = %s", constraint))
    cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(DROPPED_INDEX)))
    keep_legacy_purchases(cr)
    delete_obsolete_views(cr)


def keep_legacy_purchases(cr):
    """Rename the first release's purchase tables, when this database has them."""
    for table, legacy in LEGACY_TABLES:
        if not table_exists(cr, table):
            continue
        if table_exists(cr, legacy):
            raise RuntimeError(
                f"taobao_purchase upgrade refused: both {table} and {legacy} exist. A previous "
                f"upgrade kept the first release's purchases in {legacy}; {table} holds rows no "
                "migration knows about. Compare the two tables and merge them by hand first."
            )
        cr.execute(
            SQL("ALTER TABLE %s RENAME TO %s", SQL.identifier(table), SQL.identifier(legacy))
        )
    if table_exists(cr, LEGACY_TABLES[0][1]):
        cr.execute(
            "ALTER TABLE taobao_legacy_purchase_order "
            "ADD COLUMN IF NOT EXISTS migrated_purchase_order_id integer"
        )
        cr.execute("SELECT count(*) FROM taobao_legacy_purchase_order")
        _logger.info(
            "taobao_purchase upgrade: %s purchases of the first release kept in "
            "taobao_legacy_purchase_order for the post-migration",
            cr.fetchone()[0],
        )


def current_view_xmlids():
    """The views the data files of the code being installed define (unqualified ids)."""
    root = Path(__file__).resolve().parents[2]
    manifest = ast.literal_eval((root / "__manifest__.py").read_text(encoding="utf-8"))
    ids = set()
    for name in manifest.get("data", []):
        if not name.endswith(".xml"):
            continue
        tree = etree.parse(str(root / name))
        for node in tree.iter("record", "template"):
            if node.tag == "template" or node.get("model") == "ir.ui.view":
                xmlid = node.get("id", "")
                module, _dot, local = xmlid.rpartition(".")
                if module in ("", MODULE):
                    ids.add(local)
    return ids


def delete_obsolete_views(cr):
    """Delete the addon's views the current code no longer defines (Odoo would delete them
    at the end of the update, after validating the views it loads against them), as Odoo
    would: not those marked noupdate. A view of someone else (another module, or made by
    hand) inheriting one of them is never deleted: the upgrade stops and names it."""
    current = current_view_xmlids()
    cr.execute(
        SQL(
            """SELECT d.res_id, d.name FROM ir_model_data d
                WHERE d.module = %s AND d.model = 'ir.ui.view'
                  AND NOT COALESCE(d.noupdate, false)""",
            MODULE,
        )
    )
    obsolete = [res_id for res_id, name in cr.fetchall() if name not in current]
    if not obsolete:
        return
    cr.execute(
        SQL(
            """WITH RECURSIVE doomed(id) AS (
                   SELECT id FROM ir_ui_view WHERE id IN %s
                   UNION
                   SELECT child.id FROM ir_ui_view child
                     JOIN doomed ON child.inherit_id = doomed.id
               )
               SELECT v.id, v.name, v.model, d.module
                 FROM ir_ui_view v
                 JOIN doomed ON doomed.id = v.id
                 LEFT JOIN ir_model_data d ON d.model = 'ir.ui.view' AND d.res_id = v.id""",
            tuple(obsolete),
        )
    )
    rows = cr.fetchall()
    foreign = sorted({row for row in rows if row[3] != MODULE})
    if foreign:
        raise RuntimeError(
            "taobao_purchase upgrade refused: these views inherit views of the first release "
            "that the current code no longer has, and are not the addon's. Deleting them would "
            "lose them; move or delete them yourself, then upgrade again:\n"
            + "\n".join(
                f"- view {view_id} {name!r} on {model} ({module or 'made by hand'})"
                for view_id, name, model, module in foreign
            )
        )
    ids = tuple({row[0] for row in rows})
    # children first: a view's parent is an ON DELETE RESTRICT key
    left = len(ids)
    while left:
        cr.execute(
            SQL(
                """DELETE FROM ir_ui_view v WHERE v.id IN %s AND NOT EXISTS (
                       SELECT FROM ir_ui_view child WHERE child.inherit_id = v.id)""",
                ids,
            )
        )
        if not cr.rowcount:
            raise RuntimeError(f"taobao_purchase upgrade: views {ids} could not be deleted")
        left -= cr.rowcount
    cr.execute(SQL("DELETE FROM ir_model_data WHERE model = 'ir.ui.view' AND res_id IN %s", ids))
    _logger.info(
        "taobao_purchase upgrade: %s views the code no longer defines deleted before the update",
        len(ids),
    )
