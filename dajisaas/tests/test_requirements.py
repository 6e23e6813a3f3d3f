"""The client's dependencies are at versions without known vulnerabilities."""

import re
from importlib.metadata import version
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SAFE_REQUESTS = (2, 32, 4)  # 2.31 has CVE-2024-35195 and CVE-2024-47081


def _numbers(text):
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_requests_is_required_at_a_safe_version():
    lines = (REPOSITORY / "requirements.txt").read_text().splitlines()
    (requirement,) = [line for line in lines if line.startswith("requests")]
    minimum = re.match(r"requests>=([\d.]+)", requirement)
    assert minimum, requirement
    assert _numbers(minimum.group(1)) >= SAFE_REQUESTS


def test_the_pinned_and_installed_requests_are_safe():
    lines = (REPOSITORY / "requirements-odoo.txt").read_text().splitlines()
    (pin,) = [line for line in lines if line.startswith("requests==")]
    assert _numbers(pin.split("==", 1)[1]) >= SAFE_REQUESTS
    assert _numbers(version("requests")) >= SAFE_REQUESTS
