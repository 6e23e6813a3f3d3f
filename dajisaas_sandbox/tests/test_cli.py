import hashlib
import subprocess
import sys
import threading
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_cli_serves_until_terminated():
    command = [sys.executable, "-m", "dajisaas_sandbox", "--port", "0", "--app-key", "cli-key"]
    command += ["--app-secret", "cli-secret-value"]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watchdog = threading.Timer(20, process.kill)  # a hung CLI must not hang the suite
    watchdog.start()
    try:
        first_line = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in first_line, first_line
        url = first_line.rsplit(" ", 1)[1].strip()
        params = {"appKey": "cli-key", "keyword": "tea"}
        text = "appKey=cli-key&keyword=tea&secret=cli-secret-value"
        params["sign"] = hashlib.md5(text.encode()).hexdigest().upper()
        reply = requests.get(f"{url}/taobao/traffic/item/search", params=params, timeout=5).json()
        assert reply["code"] == 200 and reply["data"]["data"]
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=10)
        watchdog.cancel()
    assert process.returncode == 0
    assert "GET /taobao/traffic/item/search -> HTTP 200 code 200" in stderr
    assert "cli-secret-value" not in stdout + stderr
    assert params["sign"] not in stderr
