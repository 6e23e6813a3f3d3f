"""Benchmark figures as rows: ours against a floor measured in the same run, over repeats.

Each benchmark script records its rows here; they are printed as they come and appended,
one JSON object per line, to the file named by ``BENCH_ROWS`` (when set), from which
``tools/benchmark_table.py`` writes ``docs/benchmarks.md``. No figure is typed by hand.

A figure is the median of its repeats with their range; a ratio is the median and range of
the per-repeat ratios (ours and its floor measured back to back in each repeat).
"""

import json
import os
import statistics


def spread(values, unit="", digits=0):
    """``median (min–max)`` of ``values``, e.g. ``412 ms (398–431)``."""
    values = list(values)
    middle = statistics.median(values)
    text = f"{middle:.{digits}f}{unit}"
    if len(values) > 1:
        text += f" ({min(values):.{digits}f}–{max(values):.{digits}f})"
    return text


def record(
    what,
    ours,
    floor,
    floor_label,
    target,
    ours_queries=None,
    floor_queries=None,
    unit=" ms",
    higher_is_better=False,
):
    """Print and keep one row.

    :param ours: our figure per repeat (milliseconds, or a rate with ``higher_is_better``)
    :param floor: the floor's figure per repeat, measured next to ours
    :param target: the ratio aimed at, e.g. ``"<= 1.3"`` or ``">= 0.9"``; ``None``: the
        row is for information (another view of a row that has one)
    """
    ratios = [o / f for o, f in zip(ours, floor, strict=True) if f]
    median = statistics.median(ratios)
    met = None
    if target:
        limit = float(target.split()[-1])
        met = median >= limit if higher_is_better else median <= limit
    digits = 2 if min(min(ours), min(floor)) < 10 else 0
    row = {
        "what": what,
        "ours": spread(ours, unit, digits),
        "floor": f"{floor_label}: {spread(floor, unit, digits)}",
        "ratio": spread(ratios, digits=2),
        "target": target or "–",
        "met": met,
        "repeats": len(ratios),
        "condition": os.environ.get("BENCH_CONDITION", "quiet"),
    }
    if ours_queries is not None:
        row["ours"] += f", {statistics.median(ours_queries):.0f} queries"
    if floor_queries is not None:
        row["floor"] += f", {statistics.median(floor_queries):.0f} queries"
        if ours_queries is not None and statistics.median(floor_queries):
            row["query_ratio"] = round(
                statistics.median(ours_queries) / statistics.median(floor_queries), 2
            )
    queries = f" | queries x{row['query_ratio']}" if "query_ratio" in row else ""
    verdict = "" if met is None else f" (target {target}: {'met' if met else 'NOT MET'})"
    print(
        f"{what}: {row['ours']} | {row['floor']} | ratio {row['ratio']}{verdict}{queries}",
        flush=True,
    )
    path = os.environ.get("BENCH_ROWS")
    if path:
        with open(path, "a", encoding="utf-8") as rows:
            rows.write(json.dumps(row, ensure_ascii=False) + "\n")
    return row
