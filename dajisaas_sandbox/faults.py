"""Fault injection: per endpoint path, a queue of faults consumed one request at a time.

``partial_success`` only acts on the create endpoint; elsewhere it is consumed unused.
"""

import threading
from dataclasses import dataclass, field

LATENCY = "latency"
TIMEOUT_AFTER_COMMIT = "timeout_after_commit"
LATE_COMMIT = "late_commit"
RESET_AFTER_COMMIT = "reset_after_commit"
HTTP_500 = "http_500"
HTTP_502 = "http_502"
HTML = "html"
MALFORMED_JSON = "malformed_json"
BUSINESS_1009 = "business_1009"
PARTIAL_SUCCESS = "partial_success"
DRIP = "drip"
EVERY_LINE_FAILED = "every_line_failed"
ODD_AMOUNTS = "odd_amounts"
OVERSIZED = "oversized"

# Allowed parameters per kind, with their defaults (None = required).
FAULT_PARAMETERS = {
    LATENCY: {"seconds": 1.0},
    TIMEOUT_AFTER_COMMIT: {"seconds": 10.0},
    # a create DajiSaaS commits only after ``seconds`` (the client has given up by then);
    # meanwhile a create of the same thirdOrderId is refused with code 1009
    LATE_COMMIT: {"seconds": 10.0},
    RESET_AFTER_COMMIT: {},
    HTTP_500: {},
    HTTP_502: {},
    HTML: {},
    MALFORMED_JSON: {},
    BUSINESS_1009: {"message": "业务处理失败 / business error (injected fault)"},
    PARTIAL_SUCCESS: {"line_nos": None},
    # a create answered success with every line refused (out of stock), nothing bought
    EVERY_LINE_FAILED: {"message": "库存不足 / not enough stock"},
    # every amount of the answer replaced by ``amount`` (negative, huge, a decimal...)
    ODD_AMOUNTS: {"amount": -999000},
    # the answer sent one byte every ``seconds`` (each byte well inside a read timeout)
    DRIP: {"seconds": 0.5},
    # the answer padded with spaces to ``bytes`` before its closing brace
    OVERSIZED: {"bytes": 6 * 2**20},
}
FAULT_KINDS = frozenset(FAULT_PARAMETERS)


@dataclass
class Fault:
    kind: str
    remaining: int
    params: dict = field(default_factory=dict)


class FaultInjector:
    def __init__(self, known_paths):
        self._known_paths = frozenset(known_paths)
        self._queues = {}
        self._lock = threading.Lock()

    def inject(self, path, kind, times=1, **params):
        """Queue ``kind`` for the next ``times`` requests to ``path``.

        Raises ValueError for an unknown path or kind, a bad count or bad parameters.
        """
        if path not in self._known_paths:
            raise ValueError(f"unknown endpoint path {path!r}")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ValueError("times must be a positive integer")
        fault = Fault(kind, times, _check_params(kind, params))
        with self._lock:
            self._queues.setdefault(path, []).append(fault)

    def clear(self):
        with self._lock:
            self._queues.clear()

    def take(self, path):
        """Consume one use of the first fault queued for ``path``; None when there is none.

        Returns a Fault whose ``remaining`` is meaningless to the caller.
        """
        with self._lock:
            queue = self._queues.get(path)
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if not fault.remaining:
                queue.pop(0)
            return Fault(fault.kind, 1, dict(fault.params))

    def pending(self):
        with self._lock:
            return [
                {
                    "path": path,
                    "kind": fault.kind,
                    "times": fault.remaining,
                    "params": fault.params,
                }
                for path, queue in self._queues.items()
                for fault in queue
            ]


def _check_params(kind, params):
    allowed = FAULT_PARAMETERS[kind]
    unknown = set(params) - set(allowed)
    if unknown:
        raise ValueError(f"fault {kind!r} takes no parameter {sorted(unknown)}")
    checked = {**allowed, **params}
    if kind == ODD_AMOUNTS and (
        isinstance(checked["amount"], bool) or not isinstance(checked["amount"], int | float)
    ):
        raise ValueError("amount must be a number")
    if "bytes" in checked:
        size = checked["bytes"]
        if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= 64 * 2**20:
            raise ValueError("bytes must be a whole number from 1 to 64 MiB")
    if "seconds" in checked:
        seconds = checked["seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise ValueError("seconds must be a number >= 0")
    if kind == PARTIAL_SUCCESS:
        line_nos = checked["line_nos"]
        if not isinstance(line_nos, list | tuple) or not line_nos:
            raise ValueError("partial_success needs line_nos, a non-empty list of orderLineNo")
        checked["line_nos"] = [str(line_no) for line_no in line_nos]
    return checked
