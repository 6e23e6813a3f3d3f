"""The sandbox's dialect: chosen at start, over the control API, and restored by reset."""

import pytest
import requests

from dajisaas_sandbox import SandboxServer
from dajisaas_sandbox.__main__ import _parser
from dajisaas_sandbox.dialect import DEFAULTS, parse_assignment


def test_dialect_over_the_control_api(sandbox):
    url = sandbox.url + "/_sandbox/dialect"
    assert requests.get(url, timeout=5).json()["data"] == DEFAULTS
    reply = requests.post(url, json={"pay_answer": "nested"}, timeout=5).json()
    assert reply["data"]["pay_answer"] == "nested"
    refused = requests.post(url, json={"pay_answer": "sideways"}, timeout=5)
    assert refused.status_code == 400 and "pay_answer must be one of" in refused.json()["message"]
    unknown = requests.post(url, json={"colour": "red"}, timeout=5)
    assert unknown.status_code == 400 and "unknown dialect choice" in unknown.json()["message"]
    sandbox.reset()
    assert sandbox.dialect == DEFAULTS


def test_dialect_chosen_at_start():
    with SandboxServer(dialect={"order_query": "upstream"}) as server:
        assert server.route("/taobao/purchase/orders/query") == ("POST", "query")
        assert server.route("/taobao/purchase/order/query") is None
    with pytest.raises(ValueError, match="order_query must be one of"):
        SandboxServer(dialect={"order_query": "sql"})


def test_dialect_on_the_command_line():
    args = _parser().parse_args(
        ["--dialect", "query_line_numbers=false", "--dialect", "render_answer=per_item"]
    )
    assert args.dialect == [{"query_line_numbers": False}, {"render_answer": "per_item"}]
    assert parse_assignment("query_ignores_filter=yes") == {"query_ignores_filter": True}
    with pytest.raises(SystemExit):
        _parser().parse_args(["--dialect", "post_signing=whatever"])


def test_query_credentials_in_the_body_are_refused_when_the_dialect_wants_the_query(sandbox, api):
    sandbox.set_dialect({"post_signing": "credentials.ms_string.query"})
    reply = api.post("/taobao/purchase/order/query", {"outer_purchase_id": "x"})
    assert reply["code"] == 401


def test_the_controls_address_the_banner_prints_answers(sandbox):
    reply = requests.get(sandbox.url + "/_sandbox/", timeout=5)
    assert reply.status_code == 200
    assert "POST /_sandbox/dialect" in reply.json()["data"]


def test_latency_delays_every_api_answer():
    import time

    with SandboxServer(latency=0.05) as server:
        started = time.monotonic()
        requests.get(server.url + "/taobao/traffic/item/search", timeout=5)
        assert time.monotonic() - started >= 0.05
    assert _parser().parse_args(["--latency-ms", "150"]).latency_ms == 150
    with pytest.raises(ValueError, match="negative"):
        SandboxServer(latency=-1)
