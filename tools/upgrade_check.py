# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""After an upgrade to the working tree: every purchase, link and status survived, and a
purchase click buys nothing.

Run by ``tools/upgrade_test`` through ``odoo-bin shell`` once ``-u taobao_purchase`` has run,
with ``$TAOBAO_UPGRADE_EXPECTED`` the JSON ``tools/upgrade_seed.py`` wrote before the upgrade.
It starts the working tree's DajiSaaS sandbox, points the company at it, clicks *Purchase on
Taobao* on each sale order and checks that no create request reached the sandbox and that no
purchase order was made. Nothing is committed. Prints ``upgrade check: OK`` or raises with
every difference found.
"""
# ruff: noqa: F821  (``env`` is given by odoo-bin shell)

import json
import os

from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    SandboxServer,
)

PAID = ("WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS")
JOBS = (
    "ir_cron_taobao_purchase_queue",
    "ir_cron_taobao_sync",
    "ir_cron_taobao_sync_requested",
    "ir_cron_taobao_reconcile",
)
"""The scheduled actions every release has had (the first under other models)."""


def main(env):
    with open(os.environ["TAOBAO_UPGRADE_EXPECTED"], encoding="utf-8") as source:
        expected = json.load(source)
    problems = check_kept(env, expected)
    problems += check_buys_nothing(env, expected)
    env.cr.rollback()
    if problems:
        raise SystemExit("upgrade check FAILED:\n" + "\n".join(f"- {p}" for p in problems))
    print(
        f"upgrade check: OK ({len(expected['purchases'])} purchases, "
        f"{len(expected['orders'])} sale orders, 0 create calls)"
    )


def check_kept(env, expected):
    problems = []
    legacy = expected["model"] == "taobao.purchase.order"
    Purchase = env["purchase.order"].with_context(active_test=False)
    taobao = Purchase.search([("is_taobao", "=", True)])
    if len(taobao) != len(expected["purchases"]):
        problems.append(
            f"{len(taobao)} Taobao purchase orders after the upgrade, "
            f"{len(expected['purchases'])} before"
        )
    cny = env.ref("base.CNY")
    for old in expected["purchases"]:
        ref = old["ref"]
        purchase = Purchase.search([("taobao_purchase_ref", "=", ref)])
        if len(purchase) != 1:
            problems.append(f"DajiSaaS purchase {ref}: {len(purchase)} purchase orders")
            continue
        say = f"{ref} ({purchase.name})"

        def differs(what, got, want, say=say):
            if got != want:
                problems.append(f"{say}: {what} is {got!r}, was {want!r}")

        differs("sale order", purchase.taobao_sale_order_id.id, old["sale_order_id"])
        differs("DajiSaaS status", purchase.taobao_status or False, old["status"])
        differs("thirdOrderId", purchase.taobao_third_order_ref or False, old["third_order_ref"])
        differs("payment link", purchase.taobao_payment_url or False, old["payment_url"])
        differs("paid amount", round(purchase.taobao_paid_amount, 2), round(old["paid_amount"], 2))
        differs("pay requested", purchase.taobao_pay_requested, old["pay_requested"])
        differs("currency", purchase.currency_id, cny)
        differs("amount", round(purchase.amount_untaxed, 2), round(old["amount"], 2))
        want_state = "cancel" if old["status"] == "TRADE_CLOSED" else "purchase"
        differs("state", purchase.state, want_state)
        if not (purchase.partner_id.ref or "").startswith("TAOBAO-SHOP-"):
            problems.append(f"{say}: vendor {purchase.partner_id.display_name} is no shop vendor")
        lines = {line.taobao_sub_order_ref: line for line in purchase.order_line}
        for old_line in old["lines"]:
            line = lines.get(old_line["sub_ref"])
            if not line:
                problems.append(f"{say}: sub-order {old_line['sub_ref']} has no line")
                continue
            what = f"sub-order {old_line['sub_ref']}"
            differs(f"{what}'s sale line", line.sale_line_id.id, old_line["sale_line_id"])
            differs(f"{what}'s status", line.taobao_status or False, old_line["status"])
            differs(f"{what}'s tracking", line.taobao_tracking_refs or False, old_line["tracking"])
            differs(f"{what}'s quantity", line.product_qty, old_line["quantity"])
        # the first release made no bills: a paid one gets its bill; later ones keep theirs
        bills = len(purchase.invoice_ids)
        want_bills = int(old["status"] in PAID) if legacy else old["bills"]
        differs("number of vendor bills", bills, want_bills)
        messages = env["mail.message"].browse(old["message_ids"]).exists()
        differs("chatter messages kept", len(messages), len(old["message_ids"]))
        for message in messages:
            if (message.model, message.res_id) != ("purchase.order", purchase.id):
                problems.append(
                    f"{say}: message {message.id} is on {message.model},{message.res_id}"
                )
    attachment = env["ir.attachment"].browse(expected["attachment_id"]).exists()
    if not attachment or attachment.res_model != "purchase.order":
        problems.append(f"attachment {expected['attachment_id']} lost or not on its purchase")
    else:
        follower = env["mail.followers"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "=", attachment.res_id),
                ("partner_id", "=", expected["follower_partner_id"]),
            ]
        )
        if not follower:
            problems.append("the purchase's follower was lost")
    problems += check_pending_message(env, expected.get("receipt"))
    problems += check_jobs(env)
    problems += check_third_order_key(env)
    for order_id, order in expected["orders"].items():
        sale_order = env["sale.order"].browse(int(order_id))
        if sale_order.taobao_state != order["state"]:
            problems.append(
                f"{order['name']}: Taobao state {sale_order.taobao_state!r}, "
                f"expected {order['state']!r}"
            )
        if sale_order._taobao_lines_to_purchase():
            problems.append(f"{order['name']}: lines to purchase again after the upgrade")
    return problems


def check_jobs(env):
    """Every scheduled action of the addon survived, and runs on ``taobao.jobs``."""
    problems = []
    for xmlid in JOBS:
        cron = env.ref(f"taobao_purchase.{xmlid}", raise_if_not_found=False)
        if not cron:
            problems.append(f"scheduled action {xmlid} was lost")
        elif cron.model_id.model != "taobao.jobs":
            problems.append(f"scheduled action {xmlid} runs on {cron.model_id.model}")
    return problems


def check_third_order_key(env):
    """The key of thirdOrderIds is made by the upgrade (the first releases made none), not
    by the first purchase, which two purchase lanes could make at once."""
    if not env["ir.config_parameter"].sudo().get_param("taobao_purchase.third_order_key"):
        return ["no key of thirdOrderIds after the upgrade"]
    return []


def check_pending_message(env, receipt):
    """The message the seed kept is still there, for its company, to be acted upon."""
    if not receipt:
        return []
    digest, company_id = receipt
    env.cr.execute(
        "SELECT company_ref, pending FROM taobao_message_receipt WHERE digest = %s", [digest]
    )
    kept = env.cr.fetchall()
    if kept != [(company_id, True)]:
        return [f"the message {digest[:8]}... of company {company_id} is now {kept}"]
    return []


def check_buys_nothing(env, expected):
    problems = []
    admin = env.ref("base.user_admin")
    sandbox = SandboxServer(
        app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET, first_purchase_id=900000000
    ).start()
    try:
        env.company.sudo().write({"taobao_api_url": sandbox.url})
        before = env["purchase.order"].search_count([])
        for order_id, order in expected["orders"].items():
            sale_order = env["sale.order"].with_user(admin).browse(int(order_id))
            calls = sandbox.create_calls
            sale_order.action_taobao_purchase()
            env.invalidate_all()
            if sandbox.create_calls != calls:
                problems.append(f"{order['name']}: Purchase on Taobao sent a create request")
        after = env["purchase.order"].search_count([])
        if after != before:
            problems.append(f"Purchase on Taobao made {after - before} purchase orders")
        if sandbox.orders:
            problems.append(f"the sandbox holds {len(sandbox.orders)} orders")
    finally:
        sandbox.stop()
    return problems


main(env)
