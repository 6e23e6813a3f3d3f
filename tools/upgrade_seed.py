# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Buy, pay, ship and synchronize two sale orders with an OLD release of the addon.

Run by ``tools/upgrade_test`` through ``odoo-bin shell`` against a database where a previous
release is installed (its addons path points at a git worktree of that release), with the
DajiSaaS sandbox that release ships, started in this process. Only what every release has is
used: the sandbox's catalog, the sale order's ``action_taobao_purchase``, ``_taobao_sync`` and
the purchases' pay action (``action_pay`` on the 18.0.1.0.0 ``taobao.purchase.order``, the
confirmation dialog of ``action_taobao_pay`` on ``purchase.order`` later).

It commits, then writes what an upgrade must keep to ``$TAOBAO_UPGRADE_EXPECTED`` (JSON), read
by ``tools/upgrade_check.py`` once the database runs the working tree's code.

Sale order A: two lines from one shop and one from another (two purchases), both paid, one
shipped with a tracking number: its Taobao state must become "paid". Sale order B: one line,
bought and not paid: "to_pay". A note with an attachment is left on one purchase, whose
chatter must follow it.
"""
# ruff: noqa: F821  (``env`` is given by odoo-bin shell)

import base64
import json
import os

from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    SandboxServer,
)


def main(env):
    sandbox = SandboxServer(app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET).start()
    try:
        expected = seed(env, sandbox)
    finally:
        sandbox.stop()
    with open(os.environ["TAOBAO_UPGRADE_EXPECTED"], "w", encoding="utf-8") as out:
        json.dump(expected, out, indent=1, sort_keys=True)
    print(
        f"upgrade seed: {len(expected['purchases'])} purchases on {len(expected['orders'])} orders"
    )


def seed(env, sandbox):
    admin = env.ref("base.user_admin")
    admin.write(
        {
            "groups_id": [
                (4, env.ref("taobao_purchase.group_taobao_manager").id),
                (4, env.ref("sales_team.group_sale_manager").id),
            ]
        }
    )
    company = env.company
    cny = env.ref("base.CNY")
    cny.active = True
    env["res.currency.rate"].search([("currency_id", "=", cny.id)]).unlink()
    env["res.currency.rate"].create(
        {"currency_id": cny.id, "rate": 7.0, "company_id": company.id, "name": "2020-01-01"}
    )
    warehouse = env["res.partner"].create(
        {
            "name": "深圳转运仓",
            "country_id": env.ref("base.cn").id,
            "state_id": env.ref("base.state_cn_GD").id,
            "city": "深圳市",
            "street": "福永街道 凤凰工业区 3栋",
            "street2": "宝安区",
            "zip": "518103",
            "phone": "0755-88880000",
            "mobile": "13800138000",
        }
    )
    customer = env["res.partner"].create(
        {
            "name": "Camille Martin",
            "country_id": env.ref("base.fr").id,
            "city": "Lyon",
            "street": "12 rue de la République",
            "zip": "69002",
            "phone": "+33 4 00 00 00 00",
        }
    )
    company.write(
        {
            "taobao_environment": "sandbox",
            "taobao_api_url": sandbox.url,
            "taobao_app_key": DEFAULT_APP_KEY,
            "taobao_app_secret": DEFAULT_APP_SECRET,
            "taobao_signing_mode": "signed",
            "taobao_warehouse_partner_id": warehouse.id,
            "taobao_min_margin": 10.0,
            "taobao_preview_before_purchase": True,
            "taobao_auto_purchase": False,
            "taobao_ship_to": "warehouse",
        }
    )
    catalog = sandbox.catalog
    item = catalog.find(min_skus=3, max_skus=20)
    red, blue = make_products(env, item, item.skus_in_stock[:2])
    other_item = catalog.find(min_skus=2, max_skus=20, exclude_shops=[item.shop_name])
    (other,) = make_products(env, other_item, other_item.skus_in_stock[:1])
    env.cr.commit()

    admin_env = env(user=admin)
    order_a = make_order(admin_env, customer, [(red, 2), (blue, 1), (other, 1)])
    order_b = make_order(admin_env, customer, [(red, 1)])
    for order in (order_a, order_b):
        order.action_taobao_purchase()
        env.cr.commit()
        assert order.taobao_purchase_ids, f"{order.name} bought nothing: {order.taobao_last_error}"

    purchases_a = order_a.taobao_purchase_ids
    assert len(purchases_a) == 2, "order A buys from two shops"
    if hasattr(purchases_a, "action_pay"):  # 18.0.1.0.0: taobao.purchase.order
        purchases_a.action_pay()
    else:
        action = purchases_a.action_taobao_pay()
        admin_env[action["res_model"]].browse(action["res_id"]).action_confirm()
    env.cr.commit()
    shipped = purchases_a.sorted("id")[0]
    sandbox.ship(int(ref_of(shipped)))
    (purchases_a | order_b.taobao_purchase_ids)._taobao_sync()
    env.cr.commit()

    # a note with an attachment in the chatter of a purchase
    attachment = env["ir.attachment"].create(
        {
            "name": "supplier-invoice.txt",
            "datas": base64.b64encode(b"upgrade test"),
            "res_model": shipped._name,
            "res_id": shipped.id,
        }
    )
    shipped.message_post(body="Upgrade test note", attachment_ids=[attachment.id])
    shipped.message_subscribe(partner_ids=[customer.id])
    receipt = pending_receipt(env, company)
    env.cr.commit()
    env.invalidate_all()
    return {
        "receipt": receipt,
        "model": shipped._name,
        "purchases": [describe(env, purchase) for purchase in env[shipped._name].search([])],
        "orders": {
            str(order_a.id): {"name": order_a.name, "state": "paid"},
            str(order_b.id): {"name": order_b.name, "state": "to_pay"},
        },
        "attachment_id": attachment.id,
        "follower_partner_id": customer.id,
    }


def pending_receipt(env, company):
    """A kept message not acted upon yet, in the releases that keep messages (the first one
    does not): ``[digest, company id]``, or None."""
    if "taobao.message.receipt" not in env:
        return None
    digest = "f" * 64
    env.cr.execute(
        """INSERT INTO taobao_message_receipt (company_id, digest, received, purchase_ref, pending)
           VALUES (%s, %s, now() AT TIME ZONE 'UTC', '990000000001', TRUE)""",
        [company.id, digest],
    )
    return [digest, company.id]


def ref_of(purchase):
    return (
        purchase.purchase_id if "purchase_id" in purchase._fields else purchase.taobao_purchase_ref
    )


def describe(env, purchase):
    """What the upgrade must keep of ``purchase``, in either release's shape."""
    legacy = purchase._name == "taobao.purchase.order"
    if legacy:
        lines = [
            {
                "sub_ref": line.sub_purchase_order_id,
                "sale_line_id": line.sale_line_id.id,
                "status": line.status or False,
                "tracking": line.tracking_numbers or False,
                "quantity": line.quantity,
            }
            for line in purchase.line_ids
        ]
    else:
        lines = [
            {
                "sub_ref": line.taobao_sub_order_ref,
                "sale_line_id": line.sale_line_id.id,
                "status": line.taobao_status or False,
                "tracking": line.taobao_tracking_refs or False,
                "quantity": line.product_qty,
            }
            for line in purchase.order_line
            if line.taobao_sub_order_ref
        ]
    messages = env["mail.message"].search(
        [("model", "=", purchase._name), ("res_id", "=", purchase.id)]
    )
    return {
        "id": purchase.id,
        "ref": ref_of(purchase),
        "sale_order_id": (purchase.sale_order_id if legacy else purchase.taobao_sale_order_id).id,
        "status": (purchase.status if legacy else purchase.taobao_status) or False,
        "third_order_ref": (purchase.third_order_id if legacy else purchase.taobao_third_order_ref)
        or False,
        "payment_url": (purchase.payment_url if legacy else purchase.taobao_payment_url) or False,
        "paid_amount": purchase.paid_amount if legacy else purchase.taobao_paid_amount,
        "amount": purchase.estimate_amount if legacy else purchase.amount_untaxed,
        "pay_requested": purchase.pay_requested if legacy else purchase.taobao_pay_requested,
        "bills": 0 if legacy else len(purchase.invoice_ids),
        "lines": lines,
        "message_ids": messages.ids,
    }


def make_products(env, item, skus):
    """Odoo variants for a sandbox catalog item, one per SKU (as the releases' tests do)."""
    attribute = env["product.attribute"].create(
        {
            "name": f"SKU of {item.item_id}",
            "value_ids": [(0, 0, {"name": str(sku.sku_id)}) for sku in skus],
        }
    )
    template = env["product.template"].create(
        {
            "name": item.title,
            "type": "consu",
            "list_price": 100.0,
            "taobao_item_id": str(item.item_id),
            "taobao_mp_id": item.mp_id,
            "taobao_shop_name": item.shop_name,
            "attribute_line_ids": [
                (
                    0,
                    0,
                    {"attribute_id": attribute.id, "value_ids": [(6, 0, attribute.value_ids.ids)]},
                )
            ],
        }
    )
    variants = env["product.product"]
    for sku in skus:
        variant = template.product_variant_ids.filtered(
            lambda v, s=sku: v.product_template_attribute_value_ids.name == str(s.sku_id)
        )
        variant.write(
            {
                "taobao_sku_id": str(sku.sku_id),
                "taobao_mp_sku_id": str(sku.mp_sku_id),
                "taobao_price_fen": sku.price,
            }
        )
        variants |= variant
    return variants


def make_order(env, customer, lines):
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                (0, 0, {"product_id": p.id, "product_uom_qty": q, "price_unit": 5000.0})
                for p, q in lines
            ],
        }
    )
    order.action_confirm()
    return order


main(env)
