"""Print what the attack matrices of the Odoo tests tried, and how many got through.

Each argument is a JSON-lines file the tests wrote (``TAOBAO_ATTACK_REPORT``), one line per
matrix: ``{"matrix": ..., "tried": N, "through": M}``. Exits 1 when an attack got through,
or when a report is missing or empty (a matrix that did not run proves nothing), unless
``--allow-missing`` (a run narrowed to some tests).
"""

import json
import sys

allow_missing = "--allow-missing" in sys.argv[1:]
status = 0
for path in (arg for arg in sys.argv[1:] if not arg.startswith("--")):
    name = path.rsplit("/", 1)[-1]
    try:
        with open(path, encoding="utf-8") as report:
            rows = [json.loads(line) for line in report if line.strip()]
    except (OSError, ValueError):
        rows = []
    if not rows:
        print(f"{name}: NO ATTACK MATRIX RAN")
        status |= not allow_missing
        continue
    for row in rows:
        print(f"  {row['matrix']}: {row['tried']} tried, {row['through']} got through")
    tried = sum(row["tried"] for row in rows)
    through = sum(row["through"] for row in rows)
    print(f"{name}: {tried} attacks tried, {through} got through")
    status |= bool(through)
sys.exit(status)
