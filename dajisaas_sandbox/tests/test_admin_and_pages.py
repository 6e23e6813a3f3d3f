import requests

CREATE = "/taobao/purchase/order/create"


def admin(sandbox, method, path, body=None):
    return requests.request(method, f"{sandbox.url}/_sandbox/{path}", json=body, timeout=5)


def test_fault_controls(api, sandbox):
    body = {"path": CREATE, "kind": "latency", "times": 2, "params": {"seconds": 0.01}}
    response = admin(sandbox, "POST", "faults", body)
    assert response.status_code == 200 and response.json()["code"] == 200
    [fault] = admin(sandbox, "GET", "faults").json()["data"]
    assert fault == {"path": CREATE, "kind": "latency", "times": 2, "params": {"seconds": 0.01}}
    assert admin(sandbox, "DELETE", "faults").json()["data"] == []
    assert sandbox.faults.pending() == []


def test_bad_fault_is_a_400(api, sandbox):
    response = admin(sandbox, "POST", "faults", {"path": CREATE, "kind": "nope"})
    assert response.status_code == 400 and response.json()["code"] == 400


def test_orders_ship_and_reset_controls(api, sandbox, order_item):
    created = api.create([api.line(order_item, order_item.skus_in_stock[0])], "SO-ADMIN")
    purchase_id = created["data"]["orderList"][0]["purchaseId"]
    [order] = admin(sandbox, "GET", "orders").json()["data"]
    assert order["purchase_id"] == purchase_id and order["status"] == "BULIDING"

    response = admin(sandbox, "POST", "ship", {"purchase_id": purchase_id})
    assert response.status_code == 400  # not paid yet
    sandbox.pay([purchase_id])
    shipped = admin(sandbox, "POST", "ship", {"purchase_id": purchase_id}).json()["data"]
    assert shipped["status"] == "WAIT_BUYER_CONFIRM_GOODS"
    assert admin(sandbox, "POST", "ship", {"purchase_id": 1}).status_code == 404

    assert admin(sandbox, "POST", "reset").json()["data"] == {"reset": True}
    assert admin(sandbox, "GET", "orders").json()["data"] == []
    assert sandbox.create_calls == 0


def test_callback_and_catalog_controls(api, sandbox):
    data = admin(sandbox, "POST", "callback", {"url": "http://127.0.0.1:9/hook"}).json()["data"]
    assert data == {"url": "http://127.0.0.1:9/hook"}
    assert sandbox.webhook.url == "http://127.0.0.1:9/hook"
    admin(sandbox, "POST", "callback", {"url": None})
    assert sandbox.webhook.url is None
    items = admin(sandbox, "GET", "catalog").json()["data"]
    assert len(items) == len(sandbox.catalog.items)
    assert {"itemId", "mpId", "title", "keywords", "skuCount", "distributable"} <= set(items[0])


def test_unknown_control_is_a_404(api, sandbox):
    assert admin(sandbox, "GET", "nothing").status_code == 404


def test_unknown_path_and_wrong_method(api, sandbox):
    response = requests.get(f"{sandbox.url}/taobao/nothing", timeout=5)
    assert response.status_code == 404 and response.json()["code"] == 404
    response = requests.get(f"{sandbox.url}{CREATE}", timeout=5)
    assert response.status_code == 405 and response.json()["code"] == 405


def test_cashier_page_shows_and_pays_orders(api, sandbox, order_item):
    created = api.create([api.line(order_item, order_item.skus_in_stock[0])], "SO-CASHIER")
    payment_url = created["data"]["paymentUrl"]
    purchase_id = created["data"]["orderList"][0]["purchaseId"]
    page = requests.get(payment_url, timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert str(purchase_id) in page.text and order_item.shop_name in page.text
    paid = requests.post(f"{sandbox.url}/pay", data={"purchaseIds": str(purchase_id)}, timeout=5)
    assert "WAIT_SELLER_SEND_GOODS" in paid.text
    assert sandbox.orders_for("SO-CASHIER")[0].status == "WAIT_SELLER_SEND_GOODS"
    assert requests.get(f"{sandbox.url}/pay?purchaseIds=x", timeout=5).status_code == 400


def test_controls_a_distant_benchmark_steers_the_sandbox_with(api, sandbox, order_item):
    assert admin(sandbox, "POST", "latency", {"ms": 5}).json()["data"] == {"ms": 5}
    assert sandbox.latency == 0.005
    assert admin(sandbox, "POST", "latency", {"ms": -1}).status_code == 400
    admin(sandbox, "POST", "latency", {"ms": 0})

    stock = {"item_id": order_item.item_id, "quantity": 12345}
    assert admin(sandbox, "POST", "stock", stock).status_code == 200
    assert {sku.quantity for sku in order_item.skus} == {12345}
    assert admin(sandbox, "POST", "stock", {"item_id": 1, "quantity": 1}).status_code == 404

    grid = {"item_id": 990000000777, "sizes": [3, 4], "sku_count": 10, "step": 1}
    assert admin(sandbox, "POST", "catalog/grid", grid).json()["data"]["skuCount"] == 10
    assert sandbox.catalog.find(min_skus=10, max_skus=10, exclude_items=()).item_id
    assert admin(sandbox, "POST", "catalog/grid", {"item_id": 1, "sizes": []}).status_code == 400

    created = api.create([api.line(order_item, order_item.skus_in_stock[0])], "SO-PAY")
    purchase_id = created["data"]["orderList"][0]["purchaseId"]
    assert admin(sandbox, "POST", "pay", {"purchase_ids": [purchase_id]}).status_code == 200
    [order] = admin(sandbox, "GET", "orders").json()["data"]
    assert order["status"] == "WAIT_SELLER_SEND_GOODS"
    assert admin(sandbox, "POST", "pay", {"purchase_ids": []}).status_code == 400
