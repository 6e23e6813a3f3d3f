"""Odoo-side numbers, run inside ``odoo-bin shell`` by tools/benchmark (rolled back).

Import time and SQL queries of a small item and of the largest one, and the cost of
purchasing sale orders of growing size next to Odoo's own cost of creating and confirming
the same purchase orders with the ORM, measured in the same run. Queries are counted on
every cursor (the API log writes through its own).
"""
# ruff: noqa: F821 - `env` is provided by odoo-bin shell

import collections
import contextlib
import logging
import os
import re
import time

from odoo import Command, fields, sql_db

from odoo.addons.taobao_purchase.const import STATUSES_TO_SYNC
from odoo.addons.taobao_purchase.dajisaas import BunkerItem, ItemDetail
from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    SandboxServer,
    payloads,
)
from odoo.addons.taobao_purchase.dajisaas_sandbox.catalog_builder import grid_item

LATENCY_S = float(os.environ.get("BENCH_LATENCY_MS", "150")) / 1000
"""How far DajiSaaS is (a cross-border round trip) where a figure includes API calls."""

logging.getLogger("dajisaas_sandbox").setLevel(logging.WARNING)
logging.getLogger("odoo.addons.taobao_purchase.dajisaas_sandbox").setLevel(logging.WARNING)


def measure(label, callable_, quiet=False):
    """Run ``callable_`` cold (empty record caches); return (result, ms, queries)."""
    env.flush_all()
    env.invalidate_all()
    queries_before = sql_db.sql_counter
    start = time.perf_counter()
    result = callable_()
    env.flush_all()
    elapsed = (time.perf_counter() - start) * 1000
    queries = sql_db.sql_counter - queries_before
    if not quiet:
        print(f"{label}: {elapsed:.0f} ms, {queries} queries")
    return result, elapsed, queries


def grid_answers(item_id, sizes, sku_count, step):
    """The detail and bunker of an item whose ``sku_count`` SKUs cover cells of a grid."""
    item = grid_item(item_id, sizes, sku_count, step)
    return (
        ItemDetail.model_validate(payloads.item_detail(item)),
        BunkerItem.model_validate(payloads.bunker_product(item)),
    )


def sparse_against_dense():
    """Importing a sparse item against a dense one with as many SKUs (the floor), and a
    refresh with nothing changed against reading the variants it compares (its floor)."""
    writer = env["taobao.product.importer"]._writer(env.company)
    empty = env["product.template"]
    dense, dense_bunker = grid_answers(910001, (10, 10), 100, 1)
    sparse, sparse_bunker = grid_answers(910002, (9, 9, 9), 100, 7)
    result, dense_ms, dense_q = measure(
        "", lambda: writer._apply_item(dense, dense_bunker, env.company, empty), quiet=True
    )
    sparse_result, sparse_ms, sparse_q = measure(
        "", lambda: writer._apply_item(sparse, sparse_bunker, env.company, empty), quiet=True
    )
    print(
        f"import of 100 SKUs: sparse 9x9x9 grid {sparse_ms:.0f} ms / {sparse_q} queries | dense "
        f"10x10 {dense_ms:.0f} ms / {dense_q} | ratio {sparse_ms / dense_ms:.2f} / "
        f"{sparse_q / dense_q:.2f}"
    )
    template = sparse_result.template
    _r, again_ms, again_q = measure(
        "",
        lambda: writer._apply_item(sparse, sparse_bunker, env.company, template, content=False),
        quiet=True,
    )
    fields = ["taobao_sku_id", "taobao_mp_sku_id", "taobao_price_fen", "taobao_stock"]
    _r, read_ms, read_q = measure(
        "", lambda: template.product_variant_ids.read(fields), quiet=True
    )
    print(
        f"refresh with nothing changed: {again_ms:.0f} ms / {again_q} queries | reading what it "
        f"compares {read_ms:.0f} ms / {read_q} | ratio {again_ms / read_ms:.2f}"
    )


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """Run the block, then undo what it wrote (a savepoint rolled back)."""
    with contextlib.suppress(_Rollback), env.cr.savepoint():
        yield
        env.flush_all()
        raise _Rollback
    env.invalidate_all()


class QueryLog(logging.Handler):
    """The SQL statements run while installed, as Odoo's debug log of ``odoo.sql_db``."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries = []

    def emit(self, record):
        if record.msg.startswith("[%.3f ms] query:"):
            self.queries.append(record.args[1])

    @contextlib.contextmanager
    def installed(self):
        sql_logger = logging.getLogger("odoo.sql_db")
        level = sql_logger.level
        sql_logger.addHandler(self)
        sql_logger.setLevel(logging.DEBUG)
        sql_logger.propagate = False
        try:
            yield self
        finally:
            sql_logger.removeHandler(self)
            sql_logger.setLevel(level)
            sql_logger.propagate = True

    def summary(self):
        """Each kind of statement (verb and table) with how many times it ran."""
        kinds = collections.Counter()
        for query in self.queries:
            text = " ".join(query.split())
            match = re.match(
                r"(SELECT|INSERT INTO|UPDATE|DELETE FROM|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO "
                r'SAVEPOINT|WITH|LOCK)\b.*?(?:FROM\s+)?"?([a-z_]+)"?',
                text,
                re.IGNORECASE,
            )
            verb, table = (match.group(1).upper(), match.group(2)) if match else (text[:30], "")
            if verb.endswith("SAVEPOINT"):
                table = ""
            elif verb == "SELECT":
                found = re.search(r'\bFROM\s+"?([a-z_]+)"?', text, re.IGNORECASE)
                table = found.group(1) if found else table
            kinds[f"{verb} {table}".strip()] += 1
        return kinds.most_common()


def sync_against_floor(sandbox, purchase_count):
    """The sync job over ``purchase_count`` open purchases against its floor, the same query
    pages to DajiSaaS plus: one batched write when nothing changed; when a fifth were paid,
    the status write and Odoo billing the same purchase orders in one batch."""
    importer = env["taobao.product.importer"]
    one_per_shop = []
    for shop in sorted({item.shop_name for item in sandbox.catalog.items}):
        item = sandbox.catalog.find(shop_name=shop, min_skus=1)
        for sku in item.skus:  # enough stock for every purchase of the run
            sandbox.catalog.set_sku_stock(item.item_id, sku.sku_id, 10**6)
        template = importer._import_item(item.item_id).template
        one_per_shop.append(template.product_variant_ids[:1])
    customer = env["res.partner"].create({"name": "Sync bench customer"})
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": v.id, "product_uom_qty": 1, "price_unit": 1000})
                    for v in one_per_shop
                ],
            }
            for _ in range(-(-purchase_count // len(one_per_shop)))
        ]
    )
    orders.action_confirm()
    for order in orders:
        order.action_taobao_purchase()
    purchases = orders.taobao_purchase_ids
    env.cr.commit()  # the sync job commits each page: start it from a committed state
    polled = env["purchase.order"].search(
        [("is_taobao", "=", True), ("taobao_status", "in", list(STATUSES_TO_SYNC))]
    )
    company = env.company
    page_size = company._taobao_dialect().order_query_page_size
    pages = -(-len(polled) // page_size)

    def query_pages():
        with company._taobao_client() as client:
            for start in range(0, len(polled), page_size):
                page = polled[start : start + page_size]
                client.query_orders(
                    purchase_ids=[int(ref) for ref in page.mapped("taobao_purchase_ref")]
                )

    def unchanged_floor():
        query_pages()
        polled.sudo().write({"taobao_last_sync": fields.Datetime.now()})

    paid = purchases[: len(purchases) // 5]

    def paid_floor():
        query_pages()
        paid.sudo().write({"taobao_status": "WAIT_SELLER_SEND_GOODS"})
        # Odoo's own bills of the same purchase orders, in one batch
        env["account.move"].with_context(default_move_type="in_invoice").create(
            [
                {
                    **order._prepare_invoice(),
                    "invoice_line_ids": [
                        Command.create(line._prepare_account_move_line())
                        for line in order.order_line
                    ],
                }
                for order in paid
            ]
        )
        polled.sudo().write({"taobao_last_sync": fields.Datetime.now()})

    sandbox.latency = LATENCY_S
    print(
        f"sync of {len(polled)} open purchases ({pages} query pages of {page_size}, DajiSaaS "
        f"{LATENCY_S * 1000:.0f} ms away): ours ms / queries | floor ms / queries | ratio"
    )
    for label, floor, pay in (
        ("nothing changed; floor: the same pages + one batched write", unchanged_floor, ()),
        (
            f"{len(paid)} paid, so billed; floor: the same pages + Odoo billing the same "
            "purchase orders",
            paid_floor,
            paid,
        ),
    ):
        refs = [int(ref) for ref in pay.mapped("taobao_purchase_ref")] if pay else []
        for start in range(0, len(refs), 10):  # DajiSaaS pays 10 at a time
            sandbox.pay(refs[start : start + 10])
        with rolled_back():
            _r, floor_ms, floor_q = measure("", floor, quiet=True)
        _r, ms, queries = measure("", env["purchase.order"]._cron_taobao_sync, quiet=True)
        print(
            f"  {label}: {ms:.0f} ms / {queries} | {floor_ms:.0f} ms / {floor_q} | "
            f"{ms / floor_ms:.2f}"
        )
    sandbox.latency = 0


def detail_dialog_queries(small, big):
    """Opening the item dialog (answers loaded, SKU lines read as the form shows them) for a
    small item and for a 1000-SKU one: the queries must not grow per SKU."""

    def open_dialog(item):
        wizard = env["taobao.product.detail.wizard"].create({"item_id": str(item.item_id)})
        wizard._load()
        wizard.shown_sku_ids.read(["sku_id", "mp_sku_id", "price", "stock", "properties"])

    counts = []
    for item in (small, big):
        with rolled_back():
            counts.append(measure("", lambda item=item: open_dialog(item), quiet=True)[2])
    growth = (counts[1] - counts[0]) / (len(big.skus) - len(small.skus))
    print(
        f"item dialog: {len(small.skus)} SKUs {counts[0]} queries | {len(big.skus)} SKUs "
        f"{counts[1]} queries | {growth:.3f} more query per SKU"
    )


def reimport_against_floor(sandbox, item_id, template):
    """Importing an item again, nothing changed, against its floor: the same two answers
    from DajiSaaS and reading the variant values they are compared with."""
    importer = env["taobao.product.importer"]
    fields_compared = ["taobao_sku_id", "taobao_mp_sku_id", "taobao_price_fen", "taobao_stock"]

    def floor():
        with env.company._taobao_client() as client:
            client.get_item(item_id)
            client.get_bunker(item_id)
        template.product_variant_ids.read(fields_compared)

    sandbox.latency = LATENCY_S
    _r, floor_ms, floor_q = measure("", floor, quiet=True)
    _r, ms, queries = measure("", lambda: importer._import_item(item_id), quiet=True)
    sandbox.latency = 0
    print(
        f"re-import of the {len(template.product_variant_ids)}-SKU item, nothing changed, "
        f"DajiSaaS {LATENCY_S * 1000:.0f} ms away: {ms:.0f} ms / {queries} queries | floor "
        f"(the same two answers + reading the compared values) {floor_ms:.0f} ms / {floor_q} | "
        f"ratio {ms / floor_ms:.2f}"
    )


def native_purchase_orders(purchases):
    """Odoo's own cost: the same purchase orders created and confirmed with the ORM."""
    values = [
        {
            "partner_id": po.partner_id.id,
            "currency_id": po.currency_id.id,
            "origin": po.origin,
            "partner_ref": po.partner_ref,
            "order_line": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "product_qty": line.product_qty,
                        "product_uom": line.product_uom.id,
                        "price_unit": line.price_unit,
                        "date_planned": line.date_planned,
                        "taxes_id": [],
                        "sale_line_id": line.sale_line_id.id,
                    }
                )
                for line in po.order_line
            ],
        }
        for po in purchases
    ]

    def create_and_confirm():
        orders = env["purchase.order"].create(values)
        orders.button_confirm()
        for order in orders:
            order.message_post(body="created", subtype_xmlid="mail.mt_note")
        return orders

    return create_and_confirm


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
    if os.environ.get("BENCH_ONLY") == "sync":  # the sync rows alone, for a quick look
        sync_against_floor(sandbox, int(os.environ.get("BENCH_SYNC_PURCHASES", "500")))
        raise SystemExit(0)
    importer = env["taobao.product.importer"]
    small = sandbox.catalog.find(min_skus=8, max_skus=8)
    big = sandbox.catalog.find(min_skus=300)
    measure(
        f"import item with {len(small.skus)} SKUs", lambda: importer._import_item(small.item_id)
    )
    result, _ms, _queries = measure(
        f"import item with {len(big.skus)} SKUs", lambda: importer._import_item(big.item_id)
    )
    reimport_against_floor(sandbox, big.item_id, result.template)
    thousand = grid_item(990_000_000_001, (10, 10, 10))
    sandbox.catalog.items.append(thousand)
    result_1000, _ms, _queries = measure(
        "import item with 1000 SKUs", lambda: importer._import_item(thousand.item_id)
    )
    reimport_against_floor(sandbox, thousand.item_id, result_1000.template)
    detail_dialog_queries(small, thousand)
    variants = result.template.product_variant_ids.filtered(
        lambda v: v.taobao_mp_sku_id and v.taobao_stock > 0
    )
    customer = env["res.partner"].create({"name": "Bench customer"})

    def confirmed_order(size):
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
        return order

    measure("warm-up purchase", confirmed_order(1).action_taobao_purchase, quiet=True)
    print(
        "purchase (lines): ours ms / queries | Odoo ORM creating the same POs ms / queries "
        "| ratio time / queries"
    )
    for size in (1, 10, 50):
        order = confirmed_order(size)
        _result, ms, queries = measure("", order.action_taobao_purchase, quiet=True)
        assert order.taobao_state == "to_pay", (order.taobao_state, order.taobao_last_error)
        _orders, native_ms, native_queries = measure(
            "", native_purchase_orders(order.taobao_purchase_ids), quiet=True
        )
        print(
            f"  {size:>2}: {ms:6.0f} ms / {queries:4d} | {native_ms:6.0f} ms / "
            f"{native_queries:4d} | {ms / native_ms:4.2f} / {queries / native_queries:4.2f}"
        )
    order = confirmed_order(1)
    env.flush_all()
    env.invalidate_all()
    with QueryLog().installed() as log:
        order.action_taobao_purchase()
    print(f"a cold purchase of 1 line, its {len(log.queries)} statements:")
    for kind, count in log.summary():
        print(f"  {count:3d} x {kind}")
    if os.environ.get("BENCH_STATEMENTS"):  # every statement, in order, for a closer look
        with open(os.environ["BENCH_STATEMENTS"], "w", encoding="utf-8") as out:
            out.write("\n\n".join(" ".join(query.split()) for query in log.queries))
    sparse_against_dense()
    sync_against_floor(sandbox, int(os.environ.get("BENCH_SYNC_PURCHASES", "500")))
