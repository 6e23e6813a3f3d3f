"""Write docs/benchmarks.md from the rows a run of tools/benchmark recorded (JSON lines).

Usage: benchmark_table.py ROWS_FILE... > docs/benchmarks.md
Nothing in the page is typed by hand: the figures, and what machine they come from.
"""

import json
import os
import platform
import subprocess
import sys
import time


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


def commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            rows.extend(json.loads(line) for line in lines if line.strip())
    conditions = list(dict.fromkeys(row["condition"] for row in rows))
    out = [
        "# Benchmarks",
        "",
        f"Written by `tools/benchmark --write-docs` on {time.strftime('%Y-%m-%d')} from commit "
        f"`{commit()}`, on {machine()}. Every figure is the median of its repeats with their "
        "range; every floor was measured back to back with ours in the same run; a ratio is "
        "the median and range of the per-repeat ratios (for rates, ours over the floor's, so "
        "higher is better). The webhook's routes take turns in short chunks of the same "
        "messages within each repeat. No test asserts a time.",
        "",
    ]
    for condition in conditions:
        out += [f"## {condition[:1].upper()}{condition[1:]}", ""]
        out += [
            "| What | Ours | Floor, same run | Ratio | Target | Met |",
            "|---|---|---|---|---|---|",
        ]
        for row in rows:
            if row["condition"] != condition:
                continue
            met = {True: "yes", False: "**no**", None: "–"}[row["met"]]
            ours = row["ours"] + (
                f" (queries ×{row['query_ratio']})" if "query_ratio" in row else ""
            )
            out.append(
                f"| {row['what']} | {ours} | {row['floor']} | {row['ratio']} | "
                f"{row['target']} | {met} |"
            )
        out.append("")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
