"""Data for tools/benchmark_webhook, run inside ``odoo-bin shell`` (committed).

The company gets a message secret, and ``BENCH_PURCHASES`` open Taobao purchase orders are
made, each with its DajiSaaS purchase id; their ids are written to ``BENCH_OUT`` as JSON.
"""
# ruff: noqa: F821 - `env` is provided by odoo-bin shell

import json
import os

SECRET = os.environ["BENCH_SECRET"]
count = int(os.environ.get("BENCH_PURCHASES", "2000"))

company = env.company
company.write({"taobao_app_key": "bench-app-key", "taobao_app_secret": SECRET})
vendor = env["res.partner"].create({"name": "Webhook benchmark shop"})
purchases = env["purchase.order"].create(
    [
        {
            "partner_id": vendor.id,
            "taobao_purchase_ref": str(300000000000 + number),
            "taobao_third_order_ref": f"BENCH-{number}",
            "taobao_status": "WAIT_SELLER_SEND_GOODS",
            "taobao_last_sync": "2026-01-01 00:00:00",
        }
        for number in range(count)
    ]
)
env.cr.commit()
with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as out:
    json.dump(
        {
            "company_id": company.id,
            "purchase_refs": purchases.mapped("taobao_purchase_ref"),
            "signature_variant": company.taobao_message_signature,
        },
        out,
    )
