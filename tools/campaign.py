"""Fault campaign against a real multi-process Odoo and an out-of-process sandbox.

Run by ``tools/campaign``, which starts both. It confirms and clicks sale orders
concurrently while faults are injected into the sandbox, kills Odoo workers in the middle of
creates, cancels sale orders mid-purchase and stops the sandbox for a while; then it lets
everything settle and reconciles what the sandbox holds (the ground truth: every purchase it
made) with what Odoo recorded. Exit status 1 when the target is missed: any duplicate line,
purchase unknown to Odoo, phantom (an Odoo purchase DajiSaaS does not hold), purchase line on
another sale line than DajiSaaS bought it for, status apart from DajiSaaS's, order stuck,
failure without a reason, ERROR line in Odoo's log, or settling later than the target.

The company keeps the addon's default settings (timeouts, retries); the sandbox refuses a
replayed thirdOrderId (code 1009) instead of answering it again, and posts its status
messages to Odoo.

Only loopback addresses are used; every loop is bounded in count and time.
"""

import argparse
import json
import os
import random
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from dajisaas import DajisaasClient

APP_KEY, APP_SECRET = "sandbox-app-key", "sandbox-app-secret"
CREATE = "/taobao/purchase/order/create"
RENDER = "/taobao/purchase/order/render"
QUERY = "/taobao/purchase/order/query"
FAULT_MIX = [  # (path, kind, params): what the campaign injects, uniformly at random
    (CREATE, "http_500", {}),
    (CREATE, "http_502", {}),
    (CREATE, "html", {}),
    (CREATE, "malformed_json", {}),
    (CREATE, "reset_after_commit", {}),
    (CREATE, "timeout_after_commit", {"seconds": 12.0}),
    # DajiSaaS commits after a click gave up (10 s); a replay meanwhile is refused
    (CREATE, "late_commit", {"seconds": 12.0}),
    (CREATE, "every_line_failed", {}),
    (CREATE, "business_1009", {"message": "业务处理失败 (campaign)"}),
    (CREATE, "latency", {"seconds": 2.0}),
    (RENDER, "http_500", {}),
    (RENDER, "latency", {"seconds": 1.0}),
    (QUERY, "http_502", {}),
    (QUERY, "malformed_json", {}),
]
BUSY_STATES = ("queued", "sending", "unknown")


def loopback_only(url):
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to target {host}: the campaign runs on loopback only")
    return url.rstrip("/")


class Odoo:
    """A tiny JSON-RPC client (one HTTP session per thread)."""

    def __init__(self, url, db, login="admin", password="admin"):
        self.url, self.db, self.password = loopback_only(url), db, password
        self._local = threading.local()
        self.uid = self._call("common", "login", db, login, password)
        if not self.uid:
            raise SystemExit("cannot log in to Odoo as admin")

    def _session(self):
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def _call(self, service, method, *args, timeout=120):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
        }
        response = self._session().post(f"{self.url}/jsonrpc", json=payload, timeout=timeout)
        answer = response.json()
        if answer.get("error"):
            data = answer["error"].get("data") or {}
            raise RpcError(data.get("name", ""), data.get("message") or str(answer["error"]))
        return answer["result"]

    def call(self, model, method, *args, timeout=120, **kwargs):
        return self._call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            args,
            kwargs,
            timeout=timeout,
        )


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


class Sandbox:
    def __init__(self, url, pid):
        self.url, self.pid = loopback_only(url), pid

    def control(self, method, path, body=None):
        response = requests.request(
            method, f"{self.url}/_sandbox/{path}", json=body or {}, timeout=30
        )
        return response.json().get("data")

    def inject(self, path, kind, params):
        self.control("POST", "faults", {"path": path, "kind": kind, "params": params})

    def orders(self):
        return self.control("GET", "orders")


class Campaign:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.odoo = Odoo(args.odoo_url, args.db)
        self.sandbox = Sandbox(args.sandbox_url, args.sandbox_pid)
        self.counts = Counter()
        self.last_fault = time.monotonic()
        self.lock = threading.Lock()

    def count(self, key, number=1):
        with self.lock:
            self.counts[key] += number

    # --- set-up ------------------------------------------------------------------------

    def set_up(self):
        odoo = self.odoo
        warehouse = odoo.call(
            "res.partner",
            "create",
            {
                "name": "战役转运仓 (campaign warehouse)",
                "country_id": self.xmlid("base.cn"),
                "state_id": self.xmlid("base.state_cn_GD"),
                "city": "深圳市",
                "street": "福永街道 1号",
                "street2": "宝安区",
                "zip": "518103",
                "mobile": "13800138000",
            },
        )
        company_id = odoo.call("res.users", "read", [odoo.uid], ["company_id"])[0]["company_id"][0]
        odoo.call(
            "res.company",
            "write",
            [company_id],
            {
                "taobao_environment": "sandbox",
                "taobao_api_url": self.sandbox.url,
                "taobao_app_key": APP_KEY,
                "taobao_app_secret": APP_SECRET,
                "taobao_signing_mode": "signed",
                "taobao_warehouse_partner_id": warehouse,
                "taobao_auto_purchase": True,
                "taobao_preview_before_purchase": True,
                "taobao_min_margin": 0.0,
            },
        )
        # a DajiSaaS that is not idempotent, and that tells Odoo what changes
        self.sandbox.control("POST", "dialect", {"create_replay": "refuse"})
        self.sandbox.control(
            "POST",
            "callback",
            {"url": f"{self.odoo.url}/taobao_purchase/message/{company_id}"},
        )
        cny = self.xmlid("base.CNY")
        odoo.call("res.currency.rate", "create", {"currency_id": cny, "rate": 7.0})
        self.customer = odoo.call("res.partner", "create", {"name": "Campaign customer"})
        self.products = self.make_products()

    def xmlid(self, xmlid):
        module, name = xmlid.split(".")
        data = self.odoo.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        return data[0]["res_id"]

    def make_products(self):
        """One Odoo product per SKU of a few catalog items, with their Taobao ids."""
        catalog = self.sandbox.control("GET", "catalog")
        items = [i for i in catalog if i["distributable"] and 2 <= i["skuCount"] <= 40][:8]
        products = []
        with DajisaasClient(self.sandbox.url, APP_KEY, APP_SECRET, timeout=10) as client:
            for item in items:
                detail = client.get_item(item["itemId"])
                bunker = client.get_bunker(item["itemId"])
                skus = sorted(detail.skus, key=lambda s: -s.quantity)[:3]
                for sku in skus:
                    template = self.odoo.call(
                        "product.template",
                        "create",
                        {
                            "name": f"{detail.title[:40]} {sku.sku_id}",
                            "type": "consu",
                            "list_price": 1000.0,
                            "taobao_item_id": str(item["itemId"]),
                            "taobao_mp_id": str(bunker.mp_id),
                        },
                    )
                    variant = self.odoo.call(
                        "product.product", "search", [("product_tmpl_id", "=", template)]
                    )[0]
                    self.odoo.call(
                        "product.product",
                        "write",
                        [variant],
                        {
                            "taobao_sku_id": str(sku.sku_id),
                            "taobao_mp_sku_id": str(bunker.mp_sku_id_for(sku.sku_id) or ""),
                            "taobao_price_fen": sku.price_fen,
                        },
                    )
                    products.append(variant)
        if not products:
            raise SystemExit("the sandbox catalog offered no product")
        return products

    def make_orders(self):
        values = [
            {
                "partner_id": self.customer,
                "order_line": [
                    (0, 0, {"product_id": product, "product_uom_qty": 1, "price_unit": 1000})
                    for product in self.rng.sample(self.products, self.rng.randint(1, 3))
                ],
            }
            for _index in range(self.args.orders)
        ]
        ids = []
        for start in range(0, len(values), 50):
            ids += self.odoo.call("sale.order", "create", values[start : start + 50])
        return ids

    # --- the storm ---------------------------------------------------------------------

    def confirm_and_click(self, order_id):
        try:
            self.odoo.call("sale.order", "action_confirm", [order_id])
            self.count("confirmations")
        except (RpcError, requests.RequestException) as error:
            self.count(f"confirm errors ({type(error).__name__})")
            return
        if self.rng.random() < self.args.click_share:
            burst = self.rng.randint(1, 3)
            with ThreadPoolExecutor(burst) as pool:
                for _click in range(burst):
                    pool.submit(self.click, order_id)

    def click(self, order_id):
        self.count("clicks")
        try:
            self.odoo.call("sale.order", "action_taobao_purchase", [order_id], timeout=60)
        except RpcError:
            self.count("clicks answered with an error")
        except requests.RequestException:
            self.count("clicks cut off (worker killed or timed out)")

    def cancel(self, order_id):
        try:
            action = self.odoo.call("sale.order", "action_cancel", [order_id])
            if isinstance(action, dict) and action.get("res_model") == "taobao.sale.cancel.wizard":
                self.odoo.call(
                    "taobao.sale.cancel.wizard", "action_keep_purchases", [action["res_id"]]
                )
            elif isinstance(action, dict):
                self.odoo.call(
                    "sale.order",
                    "action_cancel",
                    [order_id],
                    context={"disable_cancel_warning": True},
                )
            self.count("cancellations")
        except (RpcError, requests.RequestException):
            self.count("cancellations refused")

    def inject_faults(self, stop):
        deadline = time.monotonic() + self.args.max_seconds
        while not stop.is_set() and time.monotonic() < deadline:
            path, kind, params = self.rng.choice(FAULT_MIX)
            try:
                self.sandbox.inject(path, kind, params)
                self.count("faults injected")
                self.last_fault = time.monotonic()
            except requests.RequestException:
                pass  # the sandbox is stopped (outage): inject later
            stop.wait(self.args.fault_interval)

    def workers(self):
        children = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.args.odoo_pid:
                children.append(int(pid))
        return children

    def kill_workers(self, stop):
        for _kill in range(self.args.kills):
            if stop.wait(self.rng.uniform(2, 6)):
                return
            # hold the next creates for a while, then kill a worker in the middle of one
            try:
                self.sandbox.inject(CREATE, "latency", {"seconds": 3.0})
            except requests.RequestException:
                pass
            if stop.wait(1.0):
                return
            workers = self.workers()
            if workers:
                os.kill(self.rng.choice(workers), signal.SIGKILL)
                self.count("workers killed")
                self.last_fault = time.monotonic()

    def outage(self):
        os.kill(self.sandbox.pid, signal.SIGSTOP)
        time.sleep(self.args.outage)
        os.kill(self.sandbox.pid, signal.SIGCONT)
        self.count("outage seconds", self.args.outage)
        self.last_fault = time.monotonic()

    def storm(self, order_ids):
        stop, never = threading.Event(), threading.Event()
        helpers = [
            threading.Thread(target=self.inject_faults, args=(stop,)),
            # every kill happens, however short the storm (each waits a few seconds)
            threading.Thread(target=self.kill_workers, args=(never,)),
        ]
        for helper in helpers:
            helper.start()
        to_cancel = set(self.rng.sample(order_ids, min(self.args.cancels, len(order_ids))))
        half = len(order_ids) // 2
        try:
            with ThreadPoolExecutor(self.args.concurrency) as pool:
                for index, order_id in enumerate(order_ids):
                    pool.submit(self.confirm_and_click, order_id)
                    if order_id in to_cancel:
                        pool.submit(self.delayed_cancel, order_id)
                    if index == half and self.args.outage:
                        pool.submit(self.outage)
            # keep clicking while the killer works, so that it hits creates in flight
            while helpers[1].is_alive():
                self.click(self.rng.choice(order_ids))
        finally:
            stop.set()
            for helper in helpers:
                helper.join()
            self.sandbox.control("DELETE", "faults")

    def delayed_cancel(self, order_id):
        time.sleep(self.rng.uniform(0.5, 3.0))
        self.cancel(order_id)

    # --- settling and reconciling -----------------------------------------------------

    def busy_orders(self):
        return self.odoo.call(
            "sale.order",
            "search_count",
            [
                "|",
                "&",
                ("taobao_attempt_state", "=", "queued"),
                ("state", "=", "sale"),
                ("taobao_attempt_state", "in", ("sending", "unknown")),
            ],
        )

    def lost_orders(self):
        """Confirmed orders that look untouched although auto-purchase queued them all."""
        return self.odoo.call(
            "sale.order",
            "search_count",
            [
                ("state", "=", "sale"),
                ("taobao_state", "=", "to_purchase"),
                ("taobao_attempt_state", "=", "idle"),
            ],
        )

    def settle(self):
        deadline = time.monotonic() + self.args.settle_timeout
        while time.monotonic() < deadline:
            if not self.busy_orders() and not self.lost_orders():
                return time.monotonic() - self.last_fault
            time.sleep(5)
        return None

    def reconcile(self, order_ids):
        sandbox_orders = self.sandbox.orders()
        odoo_purchases = self.odoo.call(
            "purchase.order",
            "search_read",
            [("is_taobao", "=", True)],
            ["taobao_purchase_ref", "taobao_status"],
            context={"active_test": False},
        )
        known = {p["taobao_purchase_ref"] for p in odoo_purchases}
        unknown_to_odoo = [o for o in sandbox_orders if str(o["purchase_id"]) not in known]
        held = {str(o["purchase_id"]): o for o in sandbox_orders}
        phantoms = [p for p in odoo_purchases if p["taobao_purchase_ref"] not in held]
        status_apart = [
            p
            for p in odoo_purchases
            if p["taobao_purchase_ref"] in held
            and p["taobao_status"] != held[p["taobao_purchase_ref"]]["status"]
            # created, then awaiting payment at its first query: the same state for Odoo
            and {p["taobao_status"], held[p["taobao_purchase_ref"]]["status"]}
            != {"BULIDING", "WAIT_BUYER_P"}
        ]
        lines = self.odoo.call(
            "purchase.order.line",
            "search_read",
            [("taobao_sub_order_ref", "!=", False)],
            ["taobao_sub_order_ref", "sale_line_id"],
        )
        bought_for = {
            str(sub["sub_purchase_order_id"]): sub["order_line_no"]
            for order in sandbox_orders
            for sub in order["sub_purchase_orders"]
        }
        wrong_line = [
            line
            for line in lines
            if bought_for.get(line["taobao_sub_order_ref"]) not in (None, "")
            and bought_for[line["taobao_sub_order_ref"]]
            != str(line["sale_line_id"][0] if line["sale_line_id"] else "")
        ]
        bought = Counter(
            sub["order_line_no"]
            for order in sandbox_orders
            for sub in order["sub_purchase_orders"]
            if sub["status"] != "TRADE_CLOSED"
        )
        duplicates = sum(1 for count in bought.values() if count > 1)
        orders = self.odoo.call(
            "sale.order",
            "read",
            order_ids,
            ["state", "taobao_state", "taobao_attempt_state", "taobao_last_error"],
        )
        stuck = [
            o
            for o in orders
            if o["taobao_attempt_state"] in ("sending", "unknown")
            or (o["taobao_attempt_state"] == "queued" and o["state"] == "sale")
        ]
        no_reason = [
            o for o in orders if o["taobao_state"] == "failed" and not o["taobao_last_error"]
        ]
        lost = [
            o
            for o in orders
            if o["state"] == "sale"
            and o["taobao_state"] in ("to_purchase", "partial")
            and o["taobao_attempt_state"] == "idle"
        ]
        return {
            "sandbox purchase orders": len(sandbox_orders),
            "Odoo Taobao purchase orders": len(odoo_purchases),
            "duplicate lines": duplicates,
            "purchases unknown to Odoo": len(unknown_to_odoo),
            "phantoms (in Odoo, not at DajiSaaS)": len(phantoms),
            "purchase lines on another sale line (or none)": len(wrong_line),
            "statuses apart from DajiSaaS's": len(status_apart),
            "orders in Needs Review": sum(1 for o in orders if o["taobao_state"] == "review"),
            "orders stuck": len(stuck),
            "orders lost (idle, nothing bought, no reason)": len(lost),
            "failures without a reason": len(no_reason),
            "final states": dict(Counter(o["taobao_state"] for o in orders)),
            "failure reasons (first line, most common)": Counter(
                (o["taobao_last_error"] or "").splitlines()[0][:80]
                for o in orders
                if o["taobao_state"] == "failed"
            ).most_common(3),
        }

    def error_lines(self):
        if not self.args.odoo_log:
            return 0
        with open(self.args.odoo_log, encoding="utf-8", errors="replace") as log:
            return sum(1 for line in log if " ERROR " in line)

    def run(self):
        started = time.monotonic()
        self.set_up()
        order_ids = self.make_orders()
        self.storm(order_ids)
        settled_after = self.settle()
        result = self.reconcile(order_ids)
        errors = self.error_lines()
        report = {
            "orders": len(order_ids),
            **dict(sorted(self.counts.items())),
            **result,
            "ERROR lines in Odoo's log": errors,
            "settled (s after the last fault)": (
                round(settled_after) if settled_after is not None else "NOT SETTLED"
            ),
            "campaign duration (s)": round(time.monotonic() - started),
        }
        width = max(len(key) for key in report)
        print("\n| What | Count |\n|---|---|")
        for key, value in report.items():
            print(f"| {key.ljust(width)} | {value} |")
        json.dump(report, sys.stderr, ensure_ascii=False)
        print(file=sys.stderr)
        target_met = (
            settled_after is not None
            and settled_after <= self.args.settle_target
            and not result["duplicate lines"]
            and not result["purchases unknown to Odoo"]
            and not result["phantoms (in Odoo, not at DajiSaaS)"]
            and not result["purchase lines on another sale line (or none)"]
            and not result["statuses apart from DajiSaaS's"]
            and not errors
            and not result["orders stuck"]
            and not result["orders lost (idle, nothing bought, no reason)"]
            and not result["failures without a reason"]
        )
        print(f"\ncampaign: {'TARGET MET' if target_met else 'TARGET MISSED'}")
        return 0 if target_met else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--odoo-url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--odoo-pid", type=int, required=True)
    parser.add_argument("--sandbox-url", required=True)
    parser.add_argument("--sandbox-pid", type=int, required=True)
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--click-share", type=float, default=0.5)
    parser.add_argument("--fault-interval", type=float, default=0.5, help="seconds")
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--cancels", type=int, default=20)
    parser.add_argument("--outage", type=float, default=30.0, help="seconds")
    parser.add_argument("--settle-timeout", type=float, default=900.0)
    parser.add_argument("--settle-target", type=float, default=120.0)
    parser.add_argument("--odoo-log", help="Odoo's log file, whose ERROR lines miss the target")
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument("--seed", type=int, default=20261128)
    sys.exit(Campaign(parser.parse_args()).run())


if __name__ == "__main__":
    main()
