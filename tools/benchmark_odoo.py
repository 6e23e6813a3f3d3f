"""Odoo-side numbers, run inside ``odoo-bin shell`` by tools/benchmark (rolled back).

Import time and SQL queries of a small item and of the largest one, and the cost of
purchasing sale orders of growing size.
"""
# ruff: noqa: F821 - `env` is provided by odoo-bin shell

import logging
import time

from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    SandboxServer,
)

logging.getLogger("dajisaas_sandbox").setLevel(logging.WARNING)
logging.getLogger("odoo.addons.taobao_purchase.dajisaas_sandbox").setLevel(logging.WARNING)


def measure(label, callable_):
    env.flush_all()
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    result = callable_()
    env.flush_all()
    elapsed = (time.perf_counter() - start) * 1000
    print(f"{label}: {elapsed:.0f} ms, {env.cr.sql_log_count - queries_before} queries")
    return result


with SandboxServer(app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET) as sandbox:
    company = env.company
    cny = env.ref("base.CNY")
    cny.active = True
    env["res.currency.rate"].create({"currency_id": cny.id, "rate": 7.2, "name": "2020-01-01"})
    warehouse = env["res.partner"].create(
        {
            "name": "Bench warehouse",
            "country_id": env.ref("base.cn").id,
            "state_id": env.ref("base.state_cn_GD").id,
            "city": "深圳市",
            "street": "福永街道 1号",
            "street2": "宝安区",
            "zip": "518103",
            "mobile": "13800138000",
        }
    )
    company.write(
        {
            "taobao_api_url": sandbox.url,
            "taobao_app_key": DEFAULT_APP_KEY,
            "taobao_app_secret": DEFAULT_APP_SECRET,
            "taobao_warehouse_partner_id": warehouse.id,
        }
    )
    importer = env["taobao.product.importer"]
    small = sandbox.catalog.find(min_skus=8, max_skus=8)
    big = sandbox.catalog.find(min_skus=300)
    measure(
        f"import item with {len(small.skus)} SKUs", lambda: importer._import_item(small.item_id)
    )
    result = measure(
        f"import item with {len(big.skus)} SKUs", lambda: importer._import_item(big.item_id)
    )
    measure("re-import of it", lambda: importer._import_item(big.item_id))
    variants = result.template.product_variant_ids.filtered(
        lambda v: v.taobao_mp_sku_id and v.taobao_stock > 0
    )
    customer = env["res.partner"].create({"name": "Bench customer"})
    for size in (1, 10, 50):
        order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    (0, 0, {"product_id": v.id, "product_uom_qty": 1, "price_unit": 1000})
                    for v in variants[:size]
                ],
            }
        )
        order.action_confirm()
        measure(f"purchase a sale order of {size} line(s)", order.action_taobao_purchase)
    env.cr.rollback()
