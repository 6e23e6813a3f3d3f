"""Client and sandbox numbers: latency per call, parsing time and memory of a 360-SKU item.

Run by tools/benchmark; prints one line per measure. Loopback only, bounded loops.
"""

import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc

import requests
from benchmark_rows import record

from dajisaas import DajisaasClient, ItemDetail
from dajisaas.direct_parse import validate_plain_answer
from dajisaas.envelope import parse_envelope
from dajisaas.image_download import download_image
from dajisaas.order_requests import Address, CreateOrderRequest, OrderLine
from dajisaas_sandbox import DEFAULT_APP_KEY, DEFAULT_APP_SECRET, SandboxServer, payloads

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))

WAREHOUSE = Address(
    country="中国",
    state="广东省",
    city="深圳市",
    district="宝安区",
    address="福永街道 1号",
    zip="518103",
    name="仓库",
    mobile_phone="13800138000",
)


def timed(callable_, repeat):
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        callable_()
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), max(durations)


def report(label, callable_, repeat):
    median, worst = timed(callable_, repeat)
    print(f"{label}, {repeat} calls: median {median:.1f} ms, max {worst:.1f} ms")


def main():
    with (
        SandboxServer() as sandbox,
        DajisaasClient(sandbox.url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET) as client,
    ):
        big = sandbox.catalog.find(min_skus=300)
        small = sandbox.catalog.find(min_skus=2, max_skus=4)
        client.search_items("dress")  # warm the connection

        report("search (20 items)", lambda: client.search_items("fashion", page_size=20), 200)
        report(f"bunker ({len(small.skus)} SKUs)", lambda: client.get_bunker(small.item_id), 200)
        report(f"item detail ({len(big.skus)} SKUs)", lambda: client.get_item(big.item_id), 50)

        tracemalloc.start()
        client.get_item(big.item_id)
        client.get_bunker(big.item_id)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"detail + bunker of {len(big.skus)} SKUs: peak memory {peak / 1024:.0f} KiB")

        bunker = client.get_bunker(small.item_id)
        sku = bunker.skus[0]
        counter = iter(range(10**6))

        def create():
            client.create_order(
                CreateOrderRequest(
                    third_order_id=f"BENCH-{next(counter)}",
                    purchase_amount_fen=sku.price_fen or 100,
                    order_source="bench",
                    lines=[
                        OrderLine(
                            item_id=int(bunker.mp_id),
                            sku_id=sku.mp_sku_id,
                            order_line_no="1",
                            quantity=1,
                            price_fen=sku.price_fen or 100,
                            title="bench",
                        )
                    ],
                    receiver=WAREHOUSE,
                    warehouse=WAREHOUSE,
                )
            )

        report("create order", create, 100)
        parsing_ratio(big)
        ids = [order.purchase_id for order in sandbox.orders][:95]
        start = time.perf_counter()
        client.pay_orders(ids)
        elapsed = (time.perf_counter() - start) * 1000
        print(f"pay {len(ids)} purchases (10 batches): {elapsed:.0f} ms")


def parsing_ratio(item):
    """Parsing a detail answer into the typed model, against json.loads of the same body
    (the floor), same process, same run, CPU time."""
    body = json.dumps(
        {"code": 200, "message": "ok", "traceId": "t", "data": payloads.item_detail(item)},
        ensure_ascii=False,
    )

    def cpu_ms(callable_, repeat=50):
        durations = []
        for _ in range(repeat):
            start = time.process_time()
            callable_()
            durations.append((time.process_time() - start) * 1000)
        return statistics.median(durations)

    # the same answer where upstream said null for "none": a picture and a promotion price
    # on every SKU, and the description
    data = payloads.item_detail(item)
    data["description"] = None
    for sku in data["skuList"]:
        sku["picUrl"] = sku["promotionPrice"] = None
    nulls = json.dumps({"code": 200, "message": "ok", "traceId": "t", "data": data})

    def general_way(text):
        return ItemDetail.model_validate(parse_envelope("/x", 200, text, str).data)

    samples = {name: [] for name in ("floor", "direct", "general", "nulls_floor", "nulls")}
    for _repeat in range(REPEATS):
        samples["floor"].append(cpu_ms(lambda: json.loads(body)))
        samples["direct"].append(cpu_ms(lambda: validate_plain_answer(body, ItemDetail)))
        samples["general"].append(cpu_ms(lambda: general_way(body)))
        samples["nulls_floor"].append(cpu_ms(lambda: json.loads(nulls)))
        samples["nulls"].append(
            cpu_ms(lambda: validate_plain_answer(nulls, ItemDetail) or general_way(nulls))
        )
    what = f"Parse a {len(item.skus)}-SKU detail answer (CPU)"
    record(f"{what}, a plain answer", samples["direct"], samples["floor"], "json.loads", "<= 2")
    record(
        f"{what}, the general way (other spellings, a nested payload)",
        samples["general"],
        samples["floor"],
        "json.loads",
        None,
    )
    record(
        f"{what}, nulls on every SKU (a direct try, then the general way)",
        samples["nulls"],
        samples["nulls_floor"],
        "json.loads",
        None,
    )


class PictureAdapter(requests.adapters.BaseAdapter):
    """Serves one picture for any URL, from memory: what is measured is the client's code."""

    def __init__(self, content):
        super().__init__()
        self.content = content
        self.latency = 0.0

    def send(self, request, **kwargs):
        time.sleep(self.latency)
        response = requests.Response()
        response.status_code = 200
        response.headers["content-length"] = str(len(self.content))
        response.raw = io.BytesIO(self.content)
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def image_download_ratio(latency_ms, size=300 * 1024):
    """A picture downloaded through ``download_image`` (URL and address checks, redirects
    refused, size cap, deadline) against ``requests.get`` of the same bytes from the same
    server, wall time: served from memory (the client's own cost), then ``latency_ms``
    away. The host name resolves to a public address without DNS."""
    adapter = PictureAdapter(os.urandom(size))
    session = requests.Session()
    session.mount("https://", adapter)
    url = "https://img.alicdn.com/imgextra/i1/2200000000001/picture.jpg"

    def resolve(host, port):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("140.205.94.189", port))]

    for latency, repeat in ((0.0, 200), (latency_ms / 1000, 10)):
        adapter.latency = latency
        checked, floor = [], []
        for _repeat in range(REPEATS):
            checked.append(
                timed(lambda: download_image(url, session=session, resolve=resolve), repeat)[0]
            )
            floor.append(timed(lambda: session.get(url).content, repeat)[0])
        record(
            f"Picture download, {size // 1024} KiB, {latency * 1000:.0f} ms away "
            "(checked and capped)",
            checked,
            floor,
            "plain requests.get of the same bytes",
            "<= 1.3" if latency else None,
        )


def distant_sandbox_numbers(latency_ms):
    """The client against a sandbox in its own process that answers after ``latency_ms``:
    wall time per call against that floor, and the client's own CPU time per call."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dajisaas_sandbox",
            "--port",
            str(port),
            "--latency-ms",
            str(latency_ms),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        server.stdout.readline()  # "listening on ..."
        url = f"http://127.0.0.1:{port}"
        with DajisaasClient(url, DEFAULT_APP_KEY, DEFAULT_APP_SECRET) as client:
            client.search_items("dress")  # the connection is pooled from here on
            for label, call, repeat in (
                ("search (20 items)", lambda: client.search_items("fashion", page_size=20), 20),
                ("order query (1 id)", lambda: client.find_order("BENCH-NONE"), 20),
            ):
                walls = []
                for _ in range(repeat):
                    wall = time.perf_counter()
                    call()
                    walls.append((time.perf_counter() - wall) * 1000)
                record(
                    f"Client call, {label}, DajiSaaS {latency_ms:g} ms away (the sandbox in "
                    "its own process)",
                    walls,
                    [latency_ms] * len(walls),
                    "the latency itself",
                    "<= 1.1",
                )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
    image_download_ratio(float(os.environ.get("BENCH_LATENCY_MS", "150")))
    distant_sandbox_numbers(float(os.environ.get("BENCH_LATENCY_MS", "150")))
