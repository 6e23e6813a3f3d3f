"""Odoo-side figures, run inside ``odoo-bin shell`` by tools/benchmark on a throwaway database.

Every row is ours against a floor measured back to back in the same run, repeated
``BENCH_REPEATS`` times (5 by default): the median and range of each, and of the ratio.
DajiSaaS is the sandbox in its own process (its CPU is not Odoo's), ``BENCH_LATENCY_MS``
away (150 ms by default) for every figure that includes API calls; the set-up runs without
latency. Queries are counted on every cursor (the API log writes through its own).

The floors:

- *first import*: the same two answers fetched, then the ORM making the same product (its
  attributes, template and variants with their Taobao values) in one batch;
- *re-import*: the same two answers and reading the values they are compared with;
- *purchase click*: the same preview and create calls, then the ORM creating and
  confirming the same purchase orders;
- *sync*: the same query pages; per page, reading the values an answer is compared with,
  one batched write (and for paid purchases their status and Odoo billing them in one
  batch), committed per page as the job does;
- *queue*: the same calls per order and the ORM making its purchase order, in as many
  threads as the queue has lanes;
- *search by picture*: the same upload, search and bunker calls; the catalog job against
  the same upload and search per product, one after the other.
"""
# ruff: noqa: F821 - `env` is provided by odoo-bin shell

import contextlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time

import requests

import odoo
from odoo import SUPERUSER_ID, Command, api, fields, sql_db

from odoo.addons.taobao_purchase.const import STATUSES_TO_SYNC
from odoo.addons.taobao_purchase.dajisaas import BunkerItem, ItemDetail
from odoo.addons.taobao_purchase.dajisaas.sale_order_mapping import preview_request_for
from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    payloads,
)
from odoo.addons.taobao_purchase.dajisaas_sandbox.catalog_builder import grid_item

sys.path.insert(0, os.environ["BENCH_TOOLS"])
from benchmark_rows import record

LATENCY_MS = float(os.environ.get("BENCH_LATENCY_MS", "150"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
SYNC_SIZES = [int(n) for n in os.environ.get("BENCH_SYNC_PURCHASES", "500,2000").split(",")]
LANES = [int(n) for n in os.environ.get("BENCH_LANES", "1,2,4").split(",")]
QUEUE_ORDERS = int(os.environ.get("BENCH_QUEUE_ORDERS", "100"))
ADDON_DIR = os.path.dirname(odoo.addons.taobao_purchase.__file__)

logging.getLogger("odoo.addons.taobao_purchase").setLevel(logging.WARNING)


class DistantSandbox:
    """The DajiSaaS sandbox in a process of its own, steered through its /_sandbox/ controls."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dajisaas_sandbox", "--port", str(port)],
            cwd=ADDON_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.process.stdout.readline()  # "listening on ..."
        self.url = f"http://127.0.0.1:{port}"
        self.session = requests.Session()
        self.items = self.control("GET", "catalog")

    def control(self, method, path, body=None):
        response = self.session.request(
            method, f"{self.url}/_sandbox/{path}", json=body, timeout=120
        )
        response.raise_for_status()
        return response.json()["data"]

    @contextlib.contextmanager
    def distant(self):
        """DajiSaaS ``LATENCY_MS`` away meanwhile."""
        self.control("POST", "latency", {"ms": LATENCY_MS})
        try:
            yield
        finally:
            self.control("POST", "latency", {"ms": 0})

    def find(self, min_skus=0, max_skus=None, shop=None):
        return next(
            item
            for item in self.items
            if item["distributable"]
            and item["quantity"] > 0
            and min_skus <= item["skuCount"] <= (max_skus or 10**6)
            and shop in (None, item["shopName"])
        )

    def stock_up(self, item_id):
        self.control("POST", "stock", {"item_id": item_id, "quantity": 10**7})

    def add_grid(self, item_id, sizes, sku_count=None, step=1):
        body = {"item_id": item_id, "sizes": list(sizes), "sku_count": sku_count, "step": step}
        return self.control("POST", "catalog/grid", body)

    def pay(self, purchase_refs):
        for start in range(0, len(purchase_refs), 10):  # DajiSaaS pays 10 at a time
            self.control("POST", "pay", {"purchase_ids": purchase_refs[start : start + 10]})

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def measure(callable_):
    """Run ``callable_`` cold (empty record caches); return (result, ms, queries)."""
    env.flush_all()
    env.invalidate_all()
    queries_before = sql_db.sql_counter
    start = time.perf_counter()
    result = callable_()
    env.flush_all()
    elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, sql_db.sql_counter - queries_before


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


def pairs(ours, floor, rounds=REPEATS, undo=True):
    """Measure ``ours`` and ``floor`` back to back ``rounds`` times, alternating which goes
    first; each in a rolled-back savepoint when ``undo``. Return four lists: ours ms, floor
    ms, ours queries, floor queries."""
    figures = ([], [], [], [])
    for number in range(rounds):
        runs = [(ours, 0), (floor, 1)]
        for callable_, index in runs if number % 2 == 0 else runs[::-1]:
            with rolled_back() if undo else contextlib.nullcontext():
                _result, ms, queries = measure(lambda c=callable_, n=number: c(n))
            figures[index].append(ms)
            figures[index + 2].append(queries)
    return figures


# --- Imports ------------------------------------------------------------------------------


def answers(item_id):
    with env.company._taobao_client() as client:
        return client.get_item(item_id), client.get_bunker(item_id)


def orm_product(detail, bunker):
    """The ORM making the product an import makes, the cheapest way: dynamic attributes and
    their values, the template, and its variants with their Taobao values in one batch."""
    dimensions = {}
    for sku in detail.skus:
        for prop in sku.properties:
            dimensions.setdefault(prop.prop_name, {}).setdefault(prop.value_name, None)
    attributes = env["product.attribute"].create(
        [
            {
                "name": name,
                "create_variant": "dynamic",
                "value_ids": [Command.create({"name": value}) for value in values],
            }
            for name, values in dimensions.items()
        ]
    )
    template = env["product.template"].create(
        {
            "name": detail.title,
            "type": "consu",
            "taobao_item_id": str(detail.item_id),
            "attribute_line_ids": [
                Command.create(
                    {
                        "attribute_id": attribute.id,
                        "value_ids": [Command.set(attribute.value_ids.ids)],
                    }
                )
                for attribute in attributes
            ],
        }
    )
    ptav = {
        (value.attribute_id.name, value.name): value.id
        for value in template.attribute_line_ids.product_template_value_ids
    }
    mp_sku = {sku.sku_id: sku.mp_sku_id for sku in bunker.skus}
    env["product.product"].with_context(mail_create_nolog=True, tracking_disable=True).create(
        [
            {
                "product_tmpl_id": template.id,
                "product_template_attribute_value_ids": [
                    Command.set([ptav[p.prop_name, p.value_name] for p in sku.properties])
                ],
                "taobao_sku_id": str(sku.sku_id),
                "taobao_mp_sku_id": str(mp_sku.get(sku.sku_id) or ""),
                "taobao_price_fen": sku.price_fen,
                "taobao_stock": sku.quantity,
                "standard_price": sku.price_fen / 100 / 7.2,
            }
            for sku in detail.skus
        ]
    )
    return template


def import_rows(sandbox):
    importer = env["taobao.product.importer"]
    grids = {100: (10, 10), 320: (16, 20), 1000: (10, 10, 10)}
    imported = {}
    for size, sizes in grids.items():
        item_id = 990_000_000_000 + size
        sandbox.add_grid(item_id, sizes, sku_count=size)
        with sandbox.distant():
            ours, floor, ours_q, floor_q = pairs(
                lambda _n, i=item_id: importer._import_item(i),
                lambda _n, i=item_id: orm_product(*answers(i)),
            )
        record(
            f"First import of {size} SKUs",
            ours,
            floor,
            "the same two answers + the ORM making the same product",
            "<= 1.3",
            ours_q,
            floor_q,
        )
        imported[size] = importer._import_item(item_id).template
    fields_compared = ["taobao_sku_id", "taobao_mp_sku_id", "taobao_price_fen", "taobao_stock"]
    for size in (320, 1000):
        template, item_id = imported[size], 990_000_000_000 + size

        def read_compared(_n, template=template, item_id=item_id):
            answers(item_id)
            template.product_variant_ids.read(fields_compared)

        with sandbox.distant():
            ours, floor, ours_q, floor_q = pairs(
                lambda _n, i=item_id: importer._import_item(i), read_compared
            )
        record(
            f"Re-import of {size} SKUs, nothing changed",
            ours,
            floor,
            "the same two answers + reading the compared values",
            "<= 1.3",
            ours_q,
            floor_q,
        )
    template = imported[100]
    detail, bunker = (
        ItemDetail.model_validate(payloads_of(990_000_000_100, (10, 10), 100)[0]),
        BunkerItem.model_validate(payloads_of(990_000_000_100, (10, 10), 100)[1]),
    )
    writer = importer._writer(env.company)
    ours, floor, ours_q, floor_q = pairs(
        lambda _n: writer._apply_item(
            detail, bunker, env.company, template, content=False, sku_ids=()
        ),
        lambda _n: read_refresh_compared(template, fields_compared),
    )
    record(
        "Refresh of 100 SKUs without its API calls, nothing changed",
        ours,
        floor,
        "reading the compared values (variants, their cost, the template, its vendor line, "
        "the CNY rate)",
        "<= 3",
        ours_q,
        floor_q,
    )
    return imported


def read_refresh_compared(template, fields_compared):
    company = env.company
    template.read(["taobao_item_id", "taobao_mp_id", "taobao_shop_name"])
    template.product_variant_ids.read([*fields_compared, "standard_price"])
    template.seller_ids.read(["partner_id", "price", "currency_id"])
    cny = env.ref("base.CNY")
    cny._get_conversion_rate(cny, company.currency_id, company, fields.Date.today())


def payloads_of(item_id, sizes, sku_count):
    item = grid_item(item_id, sizes, sku_count)
    return payloads.item_detail(item), payloads.bunker_product(item)


# --- Purchases ----------------------------------------------------------------------------


def confirmed_order(customer, lines):
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": v.id, "product_uom_qty": qty, "price_unit": 1000})
                for v, qty in lines
            ],
        }
    )
    order.action_confirm()
    return order


def native_purchase_values(purchases):
    return [
        {
            "partner_id": po.partner_id.id,
            "currency_id": po.currency_id.id,
            "origin": po.origin,
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


def native_purchase(environment, values):
    orders = environment["purchase.order"].create(values)
    orders.button_confirm()
    return orders


def purchase_rows(sandbox, imported, customer, shop_variants):
    """The click, 1 to 200 lines and across shops, against its two calls + Odoo's POs."""
    variants = imported[1000].product_variant_ids
    # one earlier purchase of each shape shows the POs the floor makes
    shapes = {
        "1 line": [(variants[0], 1)],
        "10 lines": [(v, 1) for v in variants[:10]],
        "50 lines": [(v, 1) for v in variants[:50]],
        "200 lines": [(v, 1) for v in variants[:200]],
        f"{len(shop_variants)} lines from {len(shop_variants)} shops": [
            (v, 2) for v in shop_variants
        ],
    }
    for label, lines in shapes.items():
        model = confirmed_order(customer, lines)
        model.action_taobao_purchase()
        values = native_purchase_values(model.taobao_purchase_ids)
        orders = [confirmed_order(customer, lines) for _ in range(REPEATS)]
        requests_ = []
        for order in orders:
            request = order._taobao_build_request(order._taobao_lines_to_purchase())
            requests_.append(
                request.model_copy(update={"third_order_id": f"FLOOR-{request.third_order_id}"})
            )

        def floor(number, requests_=requests_, values=values):
            with env.company._taobao_client() as client:
                client.preview_order(preview_request_for(requests_[number]))
                client.create_order(requests_[number])
            native_purchase(env, values)

        env.cr.commit()
        with sandbox.distant():
            ours, floor_ms, ours_q, floor_q = pairs(
                lambda number, orders=orders: orders[number].action_taobao_purchase(),
                floor,
                undo=False,
            )
        bought = {order.taobao_state for order in orders}
        assert bought == {"to_pay"}, bought
        record(
            f"Purchase click, {label}",
            ours,
            floor_ms,
            "the same preview and create calls + the ORM making the same POs",
            "<= 1.2",
            ours_q,
            floor_q,
        )
        env.cr.commit()


# --- The purchase queue -------------------------------------------------------------------


def in_threads(count, work):
    """Run ``work(thread_number, env)`` in ``count`` threads, each with a committing cursor
    of its own (as cron threads have); return the wall time in ms."""
    registry = env.registry
    errors = []

    def run(number):
        try:
            with registry.cursor() as cr:
                work(number, api.Environment(cr, SUPERUSER_ID, {}))
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return (time.perf_counter() - start) * 1000


def queue_rows(sandbox, customer, variant):
    model = confirmed_order(customer, [(variant, 1)])
    model.action_taobao_purchase()
    values = native_purchase_values(model.taobao_purchase_ids)
    for po_values in values:  # threads at once must not all update one sale line
        for _command, _id, line in po_values["order_line"]:
            line.pop("sale_line_id")
    # Odoo's first PO of a product from a vendor adds the vendor to the product (ours never
    # does): made once here, or the floor's threads all write one template and fail
    native_purchase(env, values)
    env.cr.commit()
    for lanes in LANES:
        ours, floor = [], []
        for repeat in range(REPEATS):
            orders = env["sale.order"].browse(
                [confirmed_order(customer, [(variant, 1)]).id for _ in range(QUEUE_ORDERS)]
            )
            floor_requests = [
                o._taobao_build_request(o._taobao_lines_to_purchase()).model_copy(
                    update={"third_order_id": f"FLOOR-{o.name}"}
                )
                for o in orders
            ]
            orders.sudo().write({"taobao_attempt_state": "queued", "taobao_next_retry": False})
            env.cr.commit()

            def lane(_number, lane_env):
                # as the cron does: the job runs again while due orders remain
                jobs = lane_env["taobao.jobs"]
                for _run in range(5):
                    jobs._cron_purchase_queue()
                    if not lane_env["sale.order"].search_count(jobs._due_domain()):
                        break

            def floor_lane(number, lane_env, floor_requests=floor_requests, lanes=lanes):
                with lane_env.company._taobao_client() as client:
                    for request in floor_requests[number::lanes]:
                        client.preview_order(preview_request_for(request))
                        client.create_order(request)
                        native_purchase(lane_env, values)
                        lane_env.cr.commit()

            # which goes first alternates, as in pairs(): the one right after the 100
            # orders were made may share the cores with PostgreSQL tidying up after them
            runs = [(ours, lane), (floor, floor_lane)]
            with sandbox.distant():
                for times, work in runs if repeat % 2 == 0 else runs[::-1]:
                    times.append(in_threads(lanes, work))
            env.invalidate_all()
            states = set(orders.mapped("taobao_state"))
            assert states == {"to_pay"}, states
        record(
            f"Purchase queue, {QUEUE_ORDERS} orders, {lanes} lane(s) (orders per minute)",
            [QUEUE_ORDERS / ms * 60_000 for ms in ours],
            [QUEUE_ORDERS / ms * 60_000 for ms in floor],
            f"the same calls and POs in {lanes} thread(s)",
            ">= 0.77",  # 1.3x the floor's time
            unit="/min",
            higher_is_better=True,
        )


# --- Search by picture -------------------------------------------------------------------

PICTURE_PRODUCTS = int(os.environ.get("BENCH_PICTURE_PRODUCTS", "20"))


def picture_rows(sandbox):
    """Find on Taobao by a product's picture, and the catalog job, against their calls."""
    import base64

    from odoo.addons.taobao_purchase.dajisaas_sandbox.picture_search import item_picture
    from odoo.addons.taobao_purchase.models.res_company_picture import picture_to_send

    items = [item for item in sandbox.items if item["distributable"]][:PICTURE_PRODUCTS]
    photos = [base64.b64encode(item_picture(item["itemId"])) for item in items]
    company = env.company

    def ours(number):
        wizard = env["taobao.product.search.wizard"].create(
            {"search_by": "picture", "picture": photos[number % len(photos)]}
        )
        wizard.action_search()
        assert wizard.result_ids, wizard.message

    imported = set(
        env["product.template"].search([("taobao_item_id", "!=", False)]).mapped("taobao_item_id")
    )

    def floor(number):
        with company._taobao_client() as client:
            page = client.search_by_image_id(
                client.upload_image(picture_to_send(photos[number % len(photos)]))
            )
            # whether each hit can be bought: asked of DajiSaaS unless imported already
            for hit in page.hits:
                if str(hit.item_id) not in imported:
                    client.get_bunker(hit.item_id)

    with sandbox.distant():
        ours_ms, floor_ms, ours_q, floor_q = pairs(ours, floor)
    record(
        "Find on Taobao by picture (upload, search, 20 hits checked)",
        ours_ms,
        floor_ms,
        "the same calls (a bunker call per hit not imported)",
        "<= 1.3",
        ours_q,
        floor_q,
    )
    templates = env["product.template"].create(
        [{"name": f"Bench own product {n}", "image_1920": photo} for n, photo in enumerate(photos)]
    )
    env.cr.commit()
    jobs = env["taobao.jobs"]
    ours_rate, floor_rate = [], []
    for _repeat in range(REPEATS):
        env["taobao.picture.match"]._queue(templates)
        env.cr.commit()
        with sandbox.distant():
            start = time.perf_counter()
            jobs._cron_picture_matches(batch=len(templates))
            ours_rate.append(len(templates) / (time.perf_counter() - start) * 60)
            start = time.perf_counter()
            with company._taobao_client() as client:
                for template in templates:
                    client.search_by_image_id(
                        client.upload_image(picture_to_send(template.image_1920))
                    )
            floor_rate.append(len(templates) / (time.perf_counter() - start) * 60)
        states = set(env["taobao.picture.match"].search([]).mapped("state"))
        assert states == {"proposed"}, states
    record(
        f"Catalog matches by picture, {len(templates)} products (products per minute)",
        ours_rate,
        floor_rate,
        "the same calls, one product after the other",
        None,
        unit="/min",
        higher_is_better=True,
    )


# --- The synchronization ------------------------------------------------------------------


def drain_sync_requests():
    """Serve every refresh the creates asked for (the job serves them within its budget)."""
    for _run in range(20):
        if not env["taobao.sync.request"].search_count([]):
            return
        env["taobao.jobs"]._cron_sync_requested()
        env.cr.commit()
    raise RuntimeError("the refreshes the creates asked for were not served")


def open_purchases(count, customer, shop_variants):
    """At least ``count`` open purchases, one per shop and sale order."""
    have = env["purchase.order"].search_count(
        [("is_taobao", "=", True), ("taobao_status", "in", list(STATUSES_TO_SYNC))]
    )
    while have < count:
        order = confirmed_order(customer, [(v, 1) for v in shop_variants])
        order.action_taobao_purchase()
        have += len(order.taobao_purchase_ids)
        if have % 200 < len(shop_variants):
            env.cr.commit()
    drain_sync_requests()  # the refresh each create asked for
    env.cr.commit()
    return env["purchase.order"].search(
        [("is_taobao", "=", True), ("taobao_status", "in", list(STATUSES_TO_SYNC))],
        order="id",
        limit=count,
    )


COMPARED = ["taobao_status", "taobao_paid_amount", "taobao_payment_url", "currency_id"]
COMPARED_LINES = [
    "taobao_sub_order_ref",
    "taobao_status",
    "taobao_tracking_refs",
    "price_unit",
    "product_qty",
]
"""What a sync compares an answer with, for its floor to read."""


def sync_rows(sandbox, customer, shop_variants):
    Purchase = env["purchase.order"]
    company = env.company
    # the purchases of the other rows (up to 200 lines each) are not the sync's subject: the
    # refreshes their creates asked for are served first (a request served later would
    # bring them back), then they are moved out of the sync
    drain_sync_requests()
    Purchase.search(
        [("is_taobao", "=", True), ("taobao_status", "in", list(STATUSES_TO_SYNC))]
    ).sudo().write({"taobao_status": "WAIT_BUYER_CONFIRM_GOODS"})
    env.cr.commit()
    page_size = company._taobao_dialect().order_query_page_size
    paid_per_repeat = 50
    for count in SYNC_SIZES:
        polled = open_purchases(count, customer, shop_variants)

        def floor_pages(paid=None, polled=polled):
            with company._taobao_client() as client:
                for start in range(0, len(polled), page_size):
                    page = polled[start : start + page_size]
                    client.query_orders(
                        purchase_ids=[int(ref) for ref in page.mapped("taobao_purchase_ref")]
                    )
                    page.read(COMPARED)  # what an answer is compared with
                    page.order_line.read(COMPARED_LINES)
                    page_paid = page & paid if paid else page.browse()
                    if page_paid:
                        page_paid.sudo().write({"taobao_status": "WAIT_SELLER_SEND_GOODS"})
                        env["account.move"].with_context(default_move_type="in_invoice").create(
                            [
                                {
                                    **order._prepare_invoice(),
                                    "invoice_line_ids": [
                                        Command.create(line._prepare_account_move_line())
                                        for line in order.order_line
                                    ],
                                }
                                for order in page_paid
                            ]
                        )
                    page.sudo().write({"taobao_last_sync": fields.Datetime.now()})
                    env.cr.commit()

        with sandbox.distant():
            ours, floor, ours_q, floor_q = pairs(
                lambda _n: env["taobao.jobs"]._cron_sync(), lambda _n: floor_pages(), undo=False
            )
        pages = -(-len(polled) // page_size)
        record(
            f"Sync of {len(polled)} open purchases, nothing changed ({pages} query pages)",
            ours,
            floor,
            "the same pages + per page: reading the compared values, one batched write, "
            "a commit",
            "<= 1.3",
            ours_q,
            floor_q,
        )
        if count != SYNC_SIZES[0]:
            continue
        # ours first, then the floor, each on purchases of its own, both moved out of the
        # sync afterwards (so that no run finds what the other one left)
        ours, floor, ours_q, floor_q = [], [], [], []
        for _repeat in range(REPEATS):
            polled = open_purchases(count, customer, shop_variants)
            unpaid = polled.filtered(lambda p: p.taobao_status == "WAIT_BUYER_P")
            mine, theirs = unpaid[:paid_per_repeat], unpaid[paid_per_repeat : 2 * paid_per_repeat]
            for paid, run, (times, queries) in (
                (mine, env["taobao.jobs"]._cron_sync, (ours, ours_q)),
                (
                    theirs,
                    lambda theirs=theirs, polled=polled: floor_pages(theirs, polled),
                    (floor, floor_q),
                ),
            ):
                sandbox.pay([int(ref) for ref in paid.mapped("taobao_purchase_ref")])
                env.cr.commit()
                with sandbox.distant():
                    _r, ms, query_count = measure(run)
                times.append(ms)
                queries.append(query_count)
                paid.sudo().write({"taobao_status": "WAIT_BUYER_CONFIRM_GOODS"})
                env.cr.commit()
            assert all(p.invoice_ids for p in mine), "the paid purchases are billed"
        record(
            f"Sync of {len(polled)} open purchases, {paid_per_repeat} of them paid (so billed)",
            ours,
            floor,
            "the same pages + per page: reading the compared values, the status write, "
            "Odoo billing the same number of POs in one batch, a commit",
            "<= 1.3",
            ours_q,
            floor_q,
        )


def main():
    sandbox = DistantSandbox()
    try:
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
                "taobao_amount_ceiling": 10**9,
            }
        )
        customer = env["res.partner"].create({"name": "Bench customer"})
        env.cr.commit()
        only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
        print(
            f"Odoo figures: {REPEATS} repeats, DajiSaaS (the sandbox in its own process) "
            f"{LATENCY_MS:g} ms away",
            flush=True,
        )
        importer = env["taobao.product.importer"]
        shop_variants = []
        for shop in sorted({item["shopName"] for item in sandbox.items}):
            item = sandbox.find(min_skus=1, shop=shop)
            sandbox.stock_up(item["itemId"])
            template = importer._import_item(item["itemId"]).template
            shop_variants.append(template.product_variant_ids[:1])
        env.cr.commit()
        if not only or "import" in only or "purchase" in only:
            imported = import_rows(sandbox)
            env.cr.commit()
        if not only or "purchase" in only:
            for size in (1000,):
                sandbox.stock_up(990_000_000_000 + size)
            purchase_rows(sandbox, imported, customer, shop_variants[:5])
        if not only or "queue" in only:
            queue_rows(sandbox, customer, shop_variants[0])
        if not only or "sync" in only:
            sync_rows(sandbox, customer, shop_variants)
        if not only or "picture" in only:
            picture_rows(sandbox)
    finally:
        sandbox.close()


main()
