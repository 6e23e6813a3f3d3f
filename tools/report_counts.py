"""Print how many tests each suite ran, from pytest's JUnit XML reports."""

import sys
import xml.etree.ElementTree as ET

totals = {"passed": 0, "failed": 0, "skipped": 0}
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print(f"{path}: no report (the suite did not run)")
        totals["failed"] += 1
        continue
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    tests = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    passed = tests - failed - skipped
    totals["passed"] += passed
    totals["failed"] += failed
    totals["skipped"] += skipped
    name = path.rsplit("/", 1)[-1]
    print(f"{name}: {tests} ran, {passed} passed, {failed} failed, {skipped} skipped")
    if not tests:
        # a suite that ran nothing proves nothing: never count it as passed
        print(f"{name}: NO TEST RAN")
        totals["failed"] += 1
passed, failed, skipped = totals["passed"], totals["failed"], totals["skipped"]
print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
