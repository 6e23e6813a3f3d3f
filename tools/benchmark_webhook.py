"""Webhook throughput against a do-nothing route of the same Odoo, measured in one run.

Run by tools/benchmark_webhook, which starts Odoo with 4 HTTP workers (no cron worker, so
that only the messages are measured) and installs ``taobao_bench_floor`` beside the addon.
Signed status messages are posted by ``--clients`` threads, one connection per message as
DajiSaaS does, in three rounds, each next to two floor routes declared like the message route:

- ``floor``: does nothing with the message (the issue's minimal route);
- ``kept``: keeps the raw message in one INSERT and checks nothing, the least a webhook that
  must not lose what it was told can do.

The kinds of messages:

- about a different purchase each (every message asks for a new synchronization);
- a burst about one purchase (every message after the first finds it already asked);
- one message replayed (every copy after the first is recognised and ignored).

Each repeat posts the same messages to the three routes, in short chunks that take turns
(``--chunks``), so that whatever slows the machine for a moment slows every route alike.
Repeats: ``--repeats``, ``BENCH_WEBHOOK_REPEATS`` (9) by default.

Prints requests per second, p50 and p99 latency, any answer other than 200 "success", and
the CPU time each request cost Odoo's processes, the bench database's PostgreSQL backends
and this load generator (from /proc, where there is one: every process shares the
machine's cores).
"""

import argparse
import itertools
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from benchmark_rows import record

from dajisaas import message_signature

KIND_WORDS = {
    "different": "about a different purchase each",
    "same": "about one purchase",
    "replayed": "replayed",
}
FLOOR_ROUTE = "/taobao_bench_floor/message/{company}"
KEPT_ROUTE = "/taobao_bench_floor/kept/{company}"
MESSAGE_ROUTE = "/taobao_purchase/message/{company}"
ORDERS = list(itertools.permutations(("floor", "kept", "message")))
"""The orders the routes take turns in, each as often as the others."""


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


class ProcessCpu:
    """CPU seconds used so far by Odoo (a process and its workers), the PostgreSQL backends
    of the bench database only (not the machine's other databases), and us.

    Counted per process: a process that ends between two reads takes nothing back (its
    time is lost rather than subtracted), so a figure is never negative.
    """

    TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, odoo_pid, database=None):
        self.odoo_pid, self.database = odoo_pid, database

    def _is_bench_backend(self, pid, name):
        if not name.startswith("postgres"):
            return False
        if not self.database:
            return True
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                title = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            return False
        # a backend's title: "postgres: <user> <database> <host(port)> <state>"
        return f" {self.database} " in f" {title} "

    def read(self):
        """``{(kind, pid): seconds}`` of every process counted."""
        used = {}
        try:
            pids = [name for name in os.listdir("/proc") if name.isdigit()]
        except OSError:
            return None
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="utf-8") as stat_file:
                    stat = stat_file.read()
            except OSError:
                continue
            name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat.rsplit(")", 1)[1]
            fields = fields.split()
            seconds = (int(fields[11]) + int(fields[12])) / self.TICKS
            if int(pid) == os.getpid():
                used["load", pid] = seconds
            elif self.odoo_pid in (int(pid), int(fields[1])):
                used["odoo", pid] = seconds
            elif self._is_bench_backend(pid, name):
                used["postgres", pid] = seconds
        return used

    @staticmethod
    def used_between(before, after):
        """CPU seconds per kind between two reads, process by process."""
        used = {"odoo": 0.0, "postgres": 0.0, "load": 0.0}
        for (kind, pid), seconds in after.items():
            used[kind] += max(0.0, seconds - before.get((kind, pid), 0.0))
        return used


class Round:
    """Post messages to ``route`` with ``pool``'s threads, chunk after chunk; keep each
    latency, and add up the time and CPU the chunks took."""

    def __init__(self, url, route, pool, cpu=None):
        self.url, self.route, self.pool, self.cpu = url, route, pool, cpu
        self.latencies, self.failures = [], []
        self.sent, self.wall, self.cpu_used = 0, 0.0, None
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

    def run(self, messages):
        before = self.cpu.read() if self.cpu else None
        start = time.perf_counter()
        list(self.pool.map(self._post, messages))
        self.wall += time.perf_counter() - start
        self.sent += len(messages)
        after = self.cpu.read() if self.cpu else None
        if before and after:
            used = ProcessCpu.used_between(before, after)
            self.cpu_used = {
                kind: seconds + (self.cpu_used or {}).get(kind, 0.0)
                for kind, seconds in used.items()
            }
        return self

    @property
    def rate(self):
        return self.sent / self.wall

    def percentile(self, fraction):
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    def cpu_per_request(self, key):
        return self.cpu_used[key] / self.sent * 1000 if self.cpu_used else None

    def line(self, label):
        cpu = (
            ", CPU ms/request: "
            + " ".join(f"{key} {self.cpu_per_request(key):.2f}" for key in self.cpu_used)
            if self.cpu_used
            else ""
        )
        return (
            f"  {label:<12} {self.rate:6.1f} req/s, p50 {self.percentile(0.5):5.0f} ms, "
            f"p99 {self.percentile(0.99):5.0f} ms, {len(self.failures)} failed{cpu}"
            + (f" {sorted(set(map(str, self.failures)))[:3]}" if self.failures else "")
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo-url", required=True)
    parser.add_argument("--setup", required=True, help="JSON written by the setup script")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--repeats",
        type=int,
        default=int(os.environ.get("BENCH_WEBHOOK_REPEATS", "9")),
        help="a repeat takes seconds, and beside a busy neighbour the rates vary by a tenth",
    )
    parser.add_argument(
        "--chunks",
        type=int,
        default=3,
        help="each repeat's messages go to the routes in this many chunks, taking turns",
    )
    parser.add_argument("--odoo-pid", type=int, help="Odoo's main process, to count its CPU")
    parser.add_argument("--database", help="the bench database, whose backends' CPU is counted")
    args = parser.parse_args()
    if args.repeats < 1 or args.chunks < 1:
        parser.error("--repeats and --chunks take a number of at least 1")
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
    cpu = ProcessCpu(args.odoo_pid, args.database) if args.odoo_pid else None
    routes = {
        "floor": FLOOR_ROUTE.format(company=company),
        "kept": KEPT_ROUTE.format(company=company),
        "message": MESSAGE_ROUTE.format(company=company),
    }
    warm = signed(status_message(ref, next(numbers)) for ref in refs[-200:])
    # one pool for the whole run: starting threads is no part of any chunk's time
    with ThreadPoolExecutor(args.clients) as pool:
        for route in routes.values():
            Round(url, route, pool).run(warm)

        print(
            f"Webhook, {args.clients} clients, Odoo with 4 workers (messages per second); floors: "
            "'floor' does nothing, 'kept' keeps the raw message in one INSERT:"
        )
        worst = worst_kept = None
        for name, make in rounds.items():
            done = {route: [] for route in routes}
            for repeat in range(args.repeats):
                messages = make(repeat)
                measured = {route: Round(url, routes[route], pool, cpu) for route in routes}
                # the routes take turns in short chunks, in every order in turn, so that a
                # pause of the machine (a checkpoint, an autovacuum, the neighbour's share of
                # the cores), or the work one chunk leaves to the next, falls on all alike
                for chunk in range(args.chunks):
                    part = messages[
                        chunk * len(messages) // args.chunks : (chunk + 1)
                        * len(messages)
                        // args.chunks
                    ]
                    for route in ORDERS[(repeat * args.chunks + chunk) % len(ORDERS)]:
                        measured[route].run(part)
                for route in routes:
                    done[route].append(measured[route])
            # medians: one round hit by a pause of the machine moves the ratio less
            rate = {route: statistics.median(r.rate for r in done[route]) for route in routes}
            ratio, kept_ratio = rate["message"] / rate["floor"], rate["message"] / rate["kept"]
            worst = ratio if worst is None else min(worst, ratio)
            worst_kept = kept_ratio if worst_kept is None else min(worst_kept, kept_ratio)
            for floor_route, label in (
                ("kept", "a route that only keeps the message (one INSERT)"),
                ("floor", "a route that does nothing"),
            ):
                record(
                    f"Webhook, {args.clients} clients, 4 workers: messages {KIND_WORDS[name]}, "
                    "per second",
                    [r.rate for r in done["message"]],
                    [r.rate for r in done[floor_route]],
                    label,
                    ">= 0.9" if floor_route == "kept" else None,
                    unit="/s",
                    higher_is_better=True,
                )
            print(
                f" {name}, {len(messages)} messages in {args.chunks} chunks x {args.repeats}: "
                f"{ratio:.2f}x the floor, {kept_ratio:.2f}x 'kept' "
                f"(which is {rate['kept'] / rate['floor']:.2f}x the floor)"
            )
            for number in range(args.repeats):
                for route in routes:
                    print(done[route][number].line(f"{route} #{number + 1}"))
            if cpu:
                medians = {
                    route: {
                        key: statistics.median(r.cpu_per_request(key) for r in done[route])
                        for key in ("odoo", "postgres", "load")
                    }
                    for route in routes
                }
                print(
                    "  median CPU ms/request (Odoo + PostgreSQL): "
                    + ", ".join(
                        f"{route} {medians[route]['odoo']:.2f} + {medians[route]['postgres']:.2f}"
                        for route in routes
                    )
                )
    print(f" worst ratio: {worst_kept:.2f}x 'kept' (target >= 0.9x); {worst:.2f}x the floor")


if __name__ == "__main__":
    main()
