import time

import pytest
import requests

CREATE = "/taobao/purchase/order/create"
SEARCH = "/taobao/traffic/item/search"


@pytest.fixture
def create_body(api, order_item):
    return api.create_body([api.line(order_item, order_item.skus_in_stock[0])], "SO-FAULT")


def test_latency_delays_then_answers(api, sandbox):
    sandbox.faults.inject(SEARCH, "latency", seconds=0.2)
    started = time.monotonic()
    reply = api.get(SEARCH, {"keyword": "tea"})
    assert time.monotonic() - started >= 0.2
    assert reply["code"] == 200


def test_timeout_after_commit_records_the_order(api, sandbox, create_body):
    sandbox.faults.inject(CREATE, "timeout_after_commit", seconds=0.3)
    with pytest.raises(requests.ReadTimeout):
        api.raw_post(CREATE, create_body, timeout=0.1)
    [order] = sandbox.orders_for("SO-FAULT")
    retry = api.post(CREATE, create_body)["data"]
    assert retry["orderList"][0]["purchaseId"] == order.purchase_id
    assert sandbox.create_calls == 2 and len(sandbox.orders_for("SO-FAULT")) == 1


def test_reset_after_commit_records_the_order(api, sandbox, create_body):
    sandbox.faults.inject(CREATE, "reset_after_commit")
    with pytest.raises(requests.ConnectionError):
        api.raw_post(CREATE, create_body)
    assert len(sandbox.orders_for("SO-FAULT")) == 1
    assert api.post(CREATE, create_body)["data"]["success"] is True
    assert len(sandbox.orders_for("SO-FAULT")) == 1


@pytest.mark.parametrize(("kind", "status"), [("http_500", 500), ("http_502", 502)])
def test_http_errors_record_nothing(api, sandbox, create_body, kind, status):
    sandbox.faults.inject(CREATE, kind)
    response = api.raw_post(CREATE, create_body)
    assert response.status_code == status
    assert str(status) in response.text
    assert sandbox.orders == [] and sandbox.create_calls == 0


def test_html_page_with_status_200(api, sandbox, create_body):
    sandbox.faults.inject(CREATE, "html")
    response = api.raw_post(CREATE, create_body)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert sandbox.orders == []


def test_malformed_json(api, sandbox, create_body):
    sandbox.faults.inject(CREATE, "malformed_json")
    response = api.raw_post(CREATE, create_body)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    with pytest.raises(ValueError):
        response.json()
    assert sandbox.orders == []


def test_business_1009(api, sandbox, create_body):
    sandbox.faults.inject(CREATE, "business_1009", message="账户余额不足 / balance too low")
    reply = api.post(CREATE, create_body)
    assert reply["code"] == 1009 and reply["message"] == "账户余额不足 / balance too low"
    assert sandbox.orders == []
    sandbox.faults.inject(SEARCH, "business_1009")
    assert api.get(SEARCH, {"keyword": "tea"})["code"] == 1009


@pytest.mark.parametrize("partial", [True, False])
def test_partial_success_fault_fails_the_named_lines(api, sandbox, order_item, partial):
    sku_a, sku_b = order_item.skus_in_stock[:2]
    lines = [api.line(order_item, sku_a, 1, "1"), api.line(order_item, sku_b, 1, "2")]
    sandbox.faults.inject(CREATE, "partial_success", line_nos=["2"])
    data = api.create(lines, "SO-PART", partial=partial)["data"]
    assert data["failedOrderLineList"][0]["orderLineNo"] == "2"
    assert data["failedOrderLineList"][0]["errorCode"] == "SKU_STOCK_NOT_ENOUGH"
    assert data["success"] is partial
    assert len(sandbox.orders_for("SO-PART")) == (1 if partial else 0)


def test_faults_are_consumed_in_order_with_counts(api, sandbox):
    sandbox.faults.inject(SEARCH, "http_502", times=2)
    sandbox.faults.inject(SEARCH, "html")
    statuses = [api.raw_get(SEARCH, {"keyword": "tea"}) for _ in range(4)]
    assert [response.status_code for response in statuses] == [502, 502, 200, 200]
    assert statuses[2].text.startswith("<!DOCTYPE html>")
    assert statuses[3].json()["code"] == 200


def test_faults_are_per_path_and_can_be_cleared(api, sandbox):
    sandbox.faults.inject(CREATE, "http_500")
    assert api.raw_get(SEARCH, {"keyword": "tea"}).status_code == 200
    sandbox.faults.clear()
    assert sandbox.faults.pending() == []


@pytest.mark.parametrize(
    ("args", "params"),
    [
        (("/nope", "http_500"), {}),
        ((CREATE, "explode"), {}),
        ((CREATE, "http_500", 0), {}),
        ((CREATE, "http_500"), {"seconds": 1}),
        ((CREATE, "latency"), {"seconds": -1}),
        ((CREATE, "partial_success"), {}),
    ],
)
def test_bad_injections_are_refused(sandbox, args, params):
    with pytest.raises(ValueError):
        sandbox.faults.inject(*args, **params)
