# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every purchase of the first release becomes the purchase order it would be today.

The first release (18.0.1.0.0, up to commit 57704f4) kept a Taobao purchase in the addon's own
``taobao.purchase.order`` (one per DajiSaaS purchase) and ``taobao.purchase.order.line`` (one
per sub-order). The pre-migration renamed their tables ``taobao_legacy_*``; here each row is
made what the purchase flow makes today (``purchase.order._taobao_prepare_order_values``): a
purchase order of the shop's vendor, in CNY, its lines on the sale lines they bought, with the
DajiSaaS references, statuses, amounts, payment link and tracking numbers, confirmed as it was
recorded (no receipt or dropship is made for goods long delivered, no customer delivery is
cancelled); its chatter (messages, followers, attachments, activities) and the API log entries
that named it follow it; the Taobao state of the sale orders is computed again; the requests
the first release sent go into the ledger of requests, for the reconciliation to look up.

Nothing is bought, paid or asked of DajiSaaS: the conversion runs with the company's DajiSaaS
client refused, so that a call made by mistake aborts the upgrade instead of reaching
DajiSaaS. A purchase DajiSaaS had closed becomes a cancelled purchase order. The first release
made no vendor bills: a purchase DajiSaaS reported paid gets its bill now, as the flow makes
one when it learns of a payment (draft or posted as the company says; a bill Odoo refuses is
said in the purchase's chatter, as in the flow). An unpaid one gets none.

A row that cannot be converted (its sale order or company gone, a sub-order on another sale
order's line, a DajiSaaS purchase Odoo already records for another sale order) stops the
upgrade with a message naming it: the addon is not updated (Odoo keeps the modules it
installed before it), and the purchases stay where they were. The legacy tables are kept,
each converted row naming its purchase order (``migrated_purchase_order_id``), and a second
run converts only what is left.

The two scheduled actions of the first release are noupdate records that still call methods
of ``sale.order`` the code no longer has: they are pointed at today's methods.
"""

import contextlib
import logging
import re
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

from odoo.addons.taobao_purchase.const import CLOSED_STATUS, PAID_STATUSES
from odoo.addons.taobao_purchase.dajisaas.purchase_snapshot import (
    CREATED_STATUS,
    PurchaseSnapshot,
    SubOrderSnapshot,
)

_logger = logging.getLogger(__name__)

LEGACY_ORDER = "taobao_legacy_purchase_order"
LEGACY_LINE = "taobao_legacy_purchase_order_line"
LEGACY_MODEL = "taobao.purchase.order"
LEGACY_LINE_MODEL = "taobao.purchase.order.line"
# the first release's scheduled actions: xmlid -> (old model, old code, new model, new code);
# the new ones are today's (18.0.1.4.0 moved every job to taobao.jobs)
CRONS = {
    "taobao_purchase.ir_cron_taobao_purchase_queue": (
        "sale.order",
        "model._cron_taobao_purchase_queue()",
        "taobao.jobs",
        "model._cron_purchase_queue()",
    ),
    "taobao_purchase.ir_cron_taobao_sync": (
        "sale.order",
        "model._cron_taobao_sync()",
        "taobao.jobs",
        "model._cron_sync()",
    ),
}


class LegacyPurchaseRefused(Exception):
    """A legacy purchase cannot become a purchase order: the upgrade must not go on."""


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _repoint_crons(env)
    if not table_exists(cr, LEGACY_ORDER):
        return
    with no_dajisaas(env):
        migrated, orders = convert_legacy_purchases(env)
        sends = record_sent_requests(env)
    _logger.info(
        "taobao_purchase upgrade: %s purchases migrated, %s orders recomputed, %s purchase "
        "requests put in the ledger",
        migrated,
        len(orders),
        sends,
    )


@contextlib.contextmanager
def no_dajisaas(env):
    """Every DajiSaaS call goes through ``res.company._taobao_client``: refuse it."""

    def refuse(company, *args, **kwargs):
        raise LegacyPurchaseRefused(
            "taobao_purchase upgrade: the migration tried to call DajiSaaS; nothing was sent "
            "and the upgrade is stopped"
        )

    with patch.object(type(env["res.company"]), "_taobao_client", refuse):
        yield


def _repoint_crons(env):
    for xmlid, (old_model, old_code, new_model, new_code) in CRONS.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        if not cron or cron.model_id.model != old_model or (cron.code or "").strip() != old_code:
            continue
        cron.write({"model_id": env["ir.model"]._get_id(new_model), "code": new_code})
        _logger.info("taobao_purchase upgrade: scheduled action %s now runs %s", xmlid, new_code)


def _fen(amount):
    return None if amount is None else round(amount * 100)


def _legacy_rows(cr):
    cr.execute(
        SQL(
            "SELECT * FROM %s WHERE migrated_purchase_order_id IS NULL ORDER BY id",
            SQL.identifier(LEGACY_ORDER),
        )
    )
    orders = cr.dictfetchall()
    lines = {}
    if orders and table_exists(cr, LEGACY_LINE):
        cr.execute(
            SQL(
                "SELECT * FROM %s WHERE purchase_order_id IN %s ORDER BY purchase_order_id, id",
                SQL.identifier(LEGACY_LINE),
                tuple(row["id"] for row in orders),
            )
        )
        for line in cr.dictfetchall():
            lines.setdefault(line["purchase_order_id"], []).append(line)
    return orders, lines


def _describe(row):
    return (
        f"legacy Taobao purchase #{row['id']} (DajiSaaS purchase {row.get('purchase_id')}, "
        f"sale order id {row.get('sale_order_id')})"
    )


def _check(env, orders, lines):
    """Every reason a legacy purchase cannot be converted, as one message per row."""
    problems = []
    SaleOrder = env["sale.order"].with_context(active_test=False)
    SaleLine = env["sale.order.line"]
    Company = env["res.company"]
    Purchase = env["purchase.order"].with_context(active_test=False)
    for row in orders:
        what = _describe(row)
        sale_order = SaleOrder.browse(row.get("sale_order_id") or 0).exists()
        if not sale_order:
            problems.append(f"{what}: its sale order no longer exists")
            continue
        if not row.get("purchase_id"):
            problems.append(f"{what}: it has no DajiSaaS purchase id")
        company = Company.browse(row.get("company_id") or 0).exists()
        if not company:
            problems.append(f"{what}: its company no longer exists")
        elif company != sale_order.company_id:
            problems.append(f"{what}: its company is not its sale order's")
        for line in lines.get(row["id"], []):
            sale_line = SaleLine.browse(line.get("sale_line_id") or 0).exists()
            if sale_line and sale_line.order_id != sale_order:
                problems.append(
                    f"{what}: its sub-order {line.get('sub_purchase_order_id')} names sale line "
                    f"{sale_line.id} of another sale order ({sale_line.order_id.name})"
                )
            if not line.get("sub_purchase_order_id"):
                problems.append(f"{what}: its line #{line['id']} has no sub-order id")
        if company and row.get("purchase_id"):
            other = Purchase.search(
                [
                    ("company_id", "=", company.id),
                    ("taobao_purchase_ref", "=", str(row["purchase_id"])),
                ]
            )
            if other and other.taobao_sale_order_id != sale_order:
                problems.append(
                    f"{what}: Odoo already records this DajiSaaS purchase as {other.name} for "
                    f"{other.taobao_sale_order_id.name or 'no sale order'}"
                )
    if problems:
        raise LegacyPurchaseRefused(
            "taobao_purchase upgrade refused: these purchases of the first release cannot "
            "become purchase orders, and the upgrade would lose them. The addon is not "
            "updated (Odoo keeps the modules it installed before it), and they stay in "
            "taobao_purchase_order, as before. Fix them (or delete them knowingly) and "
            "upgrade again:\n" + "\n".join(f"- {problem}" for problem in problems)
        )


def _snapshot(row, lines):
    subs = tuple(
        SubOrderSnapshot(
            sub_order_ref=str(line["sub_purchase_order_id"]),
            order_line_no=str(line.get("order_line_no") or ""),
            mp_ref=str(line.get("item_id") or ""),
            mp_sku_ref=str(line.get("sku_id") or ""),
            quantity=line.get("quantity") or 0,
            amount_fen=_fen(line.get("amount")),
            status=line.get("status") or "",
            logistic_company=line.get("logistic_company") or "",
            tracking_refs=tuple(
                ref.strip()
                for ref in (line.get("tracking_numbers") or "").split(",")
                if ref.strip()
            ),
        )
        for line in lines
    )
    return PurchaseSnapshot(
        purchase_ref=str(row["purchase_id"]),
        third_order_ref=row.get("third_order_id") or "",
        supplier_nick=row.get("supplier_nick") or "",
        source_market=row.get("source_market") or "",
        status=row.get("status") or CREATED_STATUS,
        amount_fen=_fen(row.get("estimate_amount")),
        paid_fen=_fen(row.get("paid_amount")),
        sub_orders=subs,
        trace_ref=row.get("trace_id") or "",
        payment_url=row.get("payment_url") or "",
    )


def _order_values(env, row, lines, sale_order):
    """What the purchase flow would create today for this legacy purchase."""
    PurchaseOrder = env["purchase.order"]
    SaleLine = env["sale.order.line"]
    Product = env["product.product"].with_context(active_test=False)
    snapshot = _snapshot(row, lines)
    by_sub = {}
    for sub, line in zip(snapshot.sub_orders, lines, strict=True):
        by_sub[id(sub)] = SaleLine.browse(line.get("sale_line_id") or 0).exists()
    values = PurchaseOrder._taobao_prepare_order_values(
        sale_order, snapshot, lambda sub: by_sub[id(sub)]
    )
    # a sub-order whose sale line is gone keeps the product it bought
    for command, line in zip(values["order_line"], lines, strict=False):
        product = Product.browse(line.get("product_id") or 0).exists()
        if command[0] == Command.CREATE and not command[2].get("sale_line_id") and product:
            command[2].update(
                product_id=product.id, name=product.display_name, product_uom=product.uom_po_id.id
            )
    values.update(
        {
            "taobao_pay_requested": bool(row.get("pay_requested")),
            "taobao_cancel_reason": row.get("cancel_reason") or False,
            "taobao_last_sync": row.get("last_sync") or False,
        }
    )
    if row.get("date_order"):
        values["date_order"] = row["date_order"]
    return values


def _create_as_recorded(PurchaseOrder, row, lines, sale_order):
    """The purchase order, confirmed (or cancelled, when DajiSaaS had closed it) as the first
    release recorded it, and nothing more: confirming it the flow's way would make receipts
    or dropships of goods long delivered, cancel the customer's pending deliveries, and
    leave activities on the sale order, wherever Inventory is installed."""
    company = sale_order.company_id
    purchase = PurchaseOrder.with_company(company).create(
        _order_values(PurchaseOrder.env, row, lines, sale_order)
    )
    if purchase.taobao_status == CLOSED_STATUS:
        state = "cancel"
    else:  # as button_approve leaves it: locked when the company locks confirmed orders
        state = "done" if company.po_lock == "lock" else "purchase"
    purchase.write(
        {"state": state, "date_approve": row.get("date_order") or fields.Datetime.now()}
    )
    purchase._taobao_post(
        f"Taobao purchase TB{row['purchase_id']} of the first release (18.0.1.0.0), made a "
        "purchase order by the upgrade."
    )
    return purchase


def record_sent_requests(env):
    """Put every purchase request the first release sent into the ledger of requests, open:
    the 18.0.1.2.0 post-migration closes those whose purchases Odoo now holds, and the
    reconciliation looks the others up on DajiSaaS (a request refused or failed then may
    have been committed late). A request being sent when the first release stopped stays
    ``sending``, so that the purchase job finds it lost and looks its outcome up.

    :return: how many requests were put in the ledger
    """
    cr = env.cr
    if not column_exists(cr, "sale_order", "taobao_attempt"):
        return 0
    cr.execute(
        SQL(
            """SELECT id, name, company_id, taobao_attempt, taobao_attempt_state,
                      taobao_pending_third_order_id
                 FROM sale_order
                WHERE taobao_attempt > 1 OR taobao_pending_third_order_id IS NOT NULL"""
        )
    )
    rows = []
    for order_id, name, company_id, attempt, attempt_state, pending in cr.fetchall():
        for number in range(1, (attempt or 1)):
            rows.append((company_id, order_id, number, _first_release_ref(name, order_id, number)))
        if pending:
            rows.append((company_id, order_id, attempt or 1, pending, attempt_state == "sending"))
    # the ids the purchases were recorded under, whatever the order is called today
    if column_exists(cr, LEGACY_ORDER, "third_order_id"):
        cr.execute(
            SQL(
                """SELECT company_id, sale_order_id, third_order_id FROM %s
                    WHERE third_order_id IS NOT NULL AND sale_order_id IS NOT NULL""",
                SQL.identifier(LEGACY_ORDER),
            )
        )
        rows += [(company, order, 0, ref) for company, order, ref in cr.fetchall()]
    count = 0
    for company_id, order_id, number, ref, *sending in rows:
        cr.execute(
            SQL(
                """INSERT INTO taobao_purchase_intent (company_id, sale_order_ref, attempt,
                       third_order_ref, state, outcome, create_uid, write_uid, create_date,
                       write_date)
                   SELECT %(company)s, %(order)s, %(attempt)s, %(ref)s, %(state)s, 'open', 1,
                          1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                    WHERE NOT EXISTS (
                          SELECT FROM taobao_purchase_intent
                           WHERE company_id = %(company)s AND third_order_ref = %(ref)s)""",
                company=company_id,
                order=order_id,
                attempt=number,
                ref=ref,
                state="sending" if sending and sending[0] else "resolved",
            )
        )
        count += cr.rowcount
    return count


def _first_release_ref(name, order_id, attempt):
    """The thirdOrderId the first release sent for an attempt (its ``third_order_id``)."""
    safe_name = re.sub(r"[^A-Za-z0-9_-]+", "-", name or "").strip("-") or "SO"
    return f"{safe_name}-{order_id}-{attempt}"


def convert_legacy_purchases(env):
    """Convert the legacy rows not converted yet; return (how many, the sale orders)."""
    cr = env.cr
    orders, lines = _legacy_rows(cr)
    _check(env, orders, lines)
    PurchaseOrder = (
        env["purchase.order"]
        .sudo()
        .with_context(active_test=False, mail_create_nolog=True, tracking_disable=True)
    )
    SaleOrder = env["sale.order"].with_context(active_test=False)
    sale_orders = SaleOrder.browse()
    paid = PurchaseOrder.browse()
    converted = 0
    for row in orders:
        sale_order = SaleOrder.browse(row["sale_order_id"])
        company = sale_order.company_id
        row_lines = lines.get(row["id"], [])
        existing = PurchaseOrder.search(
            [
                ("company_id", "=", company.id),
                ("taobao_purchase_ref", "=", str(row["purchase_id"])),
            ]
        )
        try:
            with cr.savepoint():
                if existing:  # recorded by a later release too (same sale order): keep it
                    purchase = existing
                else:
                    purchase = _create_as_recorded(PurchaseOrder, row, row_lines, sale_order)
                    if purchase.taobao_status in PAID_STATUSES:
                        paid |= purchase
                _keep_history(cr, row, purchase, row_lines)
        except Exception as error:
            raise LegacyPurchaseRefused(
                f"taobao_purchase upgrade refused: {_describe(row)} could not become a purchase "
                f"order ({error}). The addon is not updated, and its purchases stay where they "
                "were (taobao_purchase_order); fix the cause and upgrade again."
            ) from error
        cr.execute(
            SQL(
                "UPDATE %s SET migrated_purchase_order_id = %s WHERE id = %s",
                SQL.identifier(LEGACY_ORDER),
                purchase.id,
                row["id"],
            )
        )
        sale_orders |= sale_order
        converted += 1
    env.invalidate_all()
    sale_orders.taobao_purchase_ids.order_line.sale_line_id._taobao_update_cost()
    paid._taobao_create_bills()
    env.flush_all()
    # the stored Taobao state of every order the first release had a word on
    stale = SaleOrder.search([("taobao_state", "not in", [False, "none"])])
    to_compute = sale_orders | stale
    env.add_to_compute(SaleOrder._fields["taobao_state"], to_compute)
    env.flush_all()
    return converted, to_compute


def _keep_history(cr, row, purchase, lines):
    """The legacy purchase's dates, chatter, attachments and API log entries follow it."""
    old_id, new_id = row["id"], purchase.id
    purchase.env.flush_all()  # what the ORM still holds must not overwrite what follows
    cr.execute(
        SQL(
            """UPDATE purchase_order
                  SET create_date = COALESCE(%(created)s, create_date),
                      create_uid = COALESCE(%(creator)s, create_uid)
                WHERE id = %(id)s""",
            created=row.get("create_date"),
            creator=row.get("create_uid"),
            id=new_id,
        )
    )
    repoint = {LEGACY_MODEL: {old_id: new_id}}
    by_sub = {
        line.taobao_sub_order_ref: line.id
        for line in purchase.order_line
        if line.taobao_sub_order_ref
    }
    repoint[LEGACY_LINE_MODEL] = {
        line["id"]: by_sub[str(line["sub_purchase_order_id"])]
        for line in lines
        if str(line["sub_purchase_order_id"]) in by_sub
    }
    for old_model, ids in repoint.items():
        new_model = "purchase.order" if old_model == LEGACY_MODEL else "purchase.order.line"
        for old, new in ids.items():
            _repoint(cr, old_model, old, new_model, new, purchase.name)


def _repoint(cr, old_model, old_id, new_model, new_id, name):
    where = {"old_model": old_model, "old_id": old_id, "model": new_model, "id": new_id}
    cr.execute(
        SQL(
            """UPDATE mail_message SET model = %(model)s, res_id = %(id)s, record_name = %(name)s
                WHERE model = %(old_model)s AND res_id = %(old_id)s""",
            name=name,
            **where,
        )
    )
    cr.execute(
        SQL(
            """UPDATE mail_followers old SET res_model = %(model)s, res_id = %(id)s
                WHERE old.res_model = %(old_model)s AND old.res_id = %(old_id)s
                  AND NOT EXISTS (
                      SELECT FROM mail_followers new
                       WHERE new.res_model = %(model)s AND new.res_id = %(id)s
                         AND new.partner_id = old.partner_id)""",
            **where,
        )
    )
    cr.execute(
        SQL(
            "DELETE FROM mail_followers WHERE res_model = %(old_model)s AND res_id = %(old_id)s",
            **where,
        )
    )
    cr.execute(
        SQL(
            """UPDATE mail_activity
                  SET res_model = %(model)s, res_id = %(id)s,
                      res_model_id = (SELECT id FROM ir_model WHERE model = %(model)s)
                WHERE res_model = %(old_model)s AND res_id = %(old_id)s""",
            **where,
        )
    )
    cr.execute(
        SQL(
            """UPDATE ir_attachment SET res_model = %(model)s, res_id = %(id)s
                WHERE res_model = %(old_model)s AND res_id = %(old_id)s""",
            **where,
        )
    )
    if column_exists(cr, "taobao_api_log", "res_model"):
        cr.execute(
            SQL(
                """UPDATE taobao_api_log SET res_model = %(model)s, res_id = %(id)s
                    WHERE res_model = %(old_model)s AND res_id = %(old_id)s""",
                **where,
            )
        )
    if old_model == LEGACY_MODEL:
        # the tracked status changes name today's status field
        cr.execute(
            SQL(
                """UPDATE mail_tracking_value value
                      SET field_id = (SELECT id FROM ir_model_fields
                                       WHERE model = 'purchase.order' AND name = 'taobao_status')
                     FROM mail_message message, ir_model_fields field
                    WHERE value.mail_message_id = message.id
                      AND message.model = %(model)s AND message.res_id = %(id)s
                      AND value.field_id = field.id
                      AND field.model = %(old_model)s AND field.name = 'status'""",
                **where,
            )
        )
