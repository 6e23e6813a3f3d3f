"""Webhook throughput against a do-nothing route of the same Odoo, measured in one run.

Run by tools/benchmark_webhook, which starts Odoo with 4 HTTP workers (no cron worker, so
that only the messages are measured) and installs ``taobao_bench_floor`` beside the addon.
Signed status messages are posted by ``--clients`` threads, one connection per message as
DajiSaaS does, in three rounds, each next to the floor route, alternately:

- about a different purchase each (every message asks for a new synchronization);
- a burst about one purchase (every message after the first finds it already asked);
- one message replayed (every copy after the first is recognised and ignored).

Prints requests per second, p50 and p99 latency, and any answer other than 200 "success".
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from dajisaas import message_signature  # noqa: E402

FLOOR_ROUTE = "/taobao_bench_floor/message/{company}"
MESSAGE_ROUTE = "/taobao_purchase/message/{company}"


def status_message(purchase_ref, number):
    return json.dumps(
        {
            "seller_id": "2200000000001",
            "message_type": 3,
            "timestamp": 1735700000 + number,
            "site": "taobao_hk",
            "data": {
                "business_time": 1735700000000 + number,
                "outer_purchase_id": f"BENCH-{number}",
                "purchase_id": int(purchase_ref),
                "status": "WAIT_SELLER_SEND_GOODS",
                "sku_list": [],
            },
        }
    )


class Round:
    """Post ``messages`` to ``route`` from ``clients`` threads; keep each latency."""

    def __init__(self, url, route, messages, clients):
        self.url, self.route, self.messages, self.clients = url, route, messages, clients
        self.latencies, self.failures = [], []
        self._lock = threading.Lock()

    def _post(self, form):
        start = time.perf_counter()
        try:
            response = requests.post(self.url + self.route, data=form, timeout=60)
            answer = (response.status_code, response.text)
        except requests.RequestException as error:
            answer = (None, type(error).__name__)
        elapsed = time.perf_counter() - start
        with self._lock:
            self.latencies.append(elapsed)
            if answer != (200, "success"):
                self.failures.append(answer)

    def run(self):
        start = time.perf_counter()
        with ThreadPoolExecutor(self.clients) as pool:
            list(pool.map(self._post, self.messages))
        self.wall = time.perf_counter() - start
        return self

    @property
    def rate(self):
        return len(self.messages) / self.wall

    def percentile(self, fraction):
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    def line(self, label):
        return (
            f"  {label:<12} {self.rate:6.1f} req/s, p50 {self.percentile(0.5):5.0f} ms, "
            f"p99 {self.percentile(0.99):5.0f} ms, {len(self.failures)} failed"
            + (f" {sorted(set(map(str, self.failures)))[:3]}" if self.failures else "")
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo-url", required=True)
    parser.add_argument("--setup", required=True, help="JSON written by the setup script")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=4)
    args = parser.parse_args()
    with open(args.setup, encoding="utf-8") as setup_file:
        setup = json.load(setup_file)
    company, refs = setup["company_id"], setup["purchase_refs"]
    url = args.odoo_url.rstrip("/")

    def signed(messages):
        return [
            {
                "message": message,
                "_dj_signature": message_signature(
                    message, args.secret, setup["signature_variant"], "bench-app-key"
                ),
            }
            for message in messages
        ]

    half = len(refs) // 2
    numbers = iter(range(10**6))
    rounds = {
        # each repeat gets purchases no message named before: every request is new
        "different": lambda repeat: signed(
            status_message(ref, next(numbers))
            for ref in refs[repeat * half // args.repeats : (repeat + 1) * half // args.repeats]
        ),
        "same": lambda repeat: signed(
            status_message(refs[half + repeat], next(numbers)) for _ in range(half // args.repeats)
        ),
        "replayed": lambda repeat: signed(
            [status_message(refs[-1 - repeat], next(numbers))] * (half // args.repeats)
        ),
    }
    warm = signed(status_message(ref, next(numbers)) for ref in refs[-200:])
    Round(url, MESSAGE_ROUTE.format(company=company), warm, args.clients).run()
    Round(url, FLOOR_ROUTE.format(company=company), warm, args.clients).run()

    print(f"Webhook, {args.clients} clients, Odoo with 4 workers (messages per second):")
    worst = None
    for name, make in rounds.items():
        ours, floor = [], []
        for repeat in range(args.repeats):
            messages = make(repeat)
            for rounds_of, route in ((floor, FLOOR_ROUTE), (ours, MESSAGE_ROUTE)):
                rounds_of.append(
                    Round(url, route.format(company=company), messages, args.clients).run()
                )
        # medians: one round hit by a pause of the machine moves the ratio less
        ratio = statistics.median(r.rate for r in ours) / statistics.median(r.rate for r in floor)
        worst = ratio if worst is None else min(worst, ratio)
        print(f" {name}, {len(messages)} messages x {args.repeats}: {ratio:.2f}x the floor")
        for number, (floor_round, our_round) in enumerate(zip(floor, ours, strict=True)):
            print(floor_round.line(f"floor #{number + 1}"))
            print(our_round.line(f"message #{number + 1}"))
    print(f" worst ratio: {worst:.2f}x (target >= 0.9x)")


if __name__ == "__main__":
    main()
