import hashlib
import hmac
import json
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from dajisaas_sandbox import DEFAULT_APP_SECRET

PAY = "/taobao/purchase/order/batch/pay"


@pytest.fixture
def receiver():
    """A callback endpoint collecting (content type, form fields) per message."""
    received = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.put((self.headers["Content-Type"], parse_qs(body)))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_address[1]}/dajisaas/message"
    yield server
    server.shutdown()
    server.server_close()


def next_message(receiver):
    content_type, form = receiver.received.get(timeout=5)
    assert content_type.startswith("application/x-www-form-urlencoded")
    [text], [signature] = form["message"], form["_dj_signature"]
    expected = hmac.new(DEFAULT_APP_SECRET.encode(), text.encode(), hashlib.sha1).hexdigest()
    assert signature == expected
    return json.loads(text)


def test_status_changes_are_posted_and_signed(api, sandbox, receiver, order_item):
    sandbox.set_callback_url(receiver.url)
    sku = order_item.skus_in_stock[0]
    created = api.create([api.line(order_item, sku, 1, "7")], "SO-HOOK")["data"]
    purchase_id = created["orderList"][0]["purchaseId"]
    api.post(PAY, {"purchaseOrderIdList": [purchase_id]})
    sandbox.ship(purchase_id)
    messages = [next_message(receiver) for _ in range(3)]
    assert [m["data"]["status"] for m in messages] == [
        "WAIT_BUYER_P",
        "WAIT_SELLER_SEND_GOODS",
        "WAIT_BUYER_CONFIRM_GOODS",
    ]
    message = messages[-1]
    assert message["message_type"] == 3 and message["site"] == "taobao_hk"
    assert isinstance(message["seller_id"], str) and isinstance(message["data"]["seller_id"], int)
    assert message["timestamp"] < 10**11  # seconds
    assert message["data"]["business_time"] > 10**12  # milliseconds
    assert message["data"]["outer_purchase_id"] == "SO-HOOK"
    assert message["data"]["purchase_id"] == purchase_id
    [sku_entry] = message["data"]["sku_list"]
    assert sku_entry["order_line_no"] == "7"
    assert sku_entry["item_id"] == int(order_item.mp_id) and sku_entry["sku_id"] == sku.mp_sku_id
    assert sku_entry["logistic_number"] and sku_entry["logistic_company_name"]


def test_cancel_is_posted(api, sandbox, receiver, order_item):
    sandbox.set_callback_url(receiver.url)
    created = api.create([api.line(order_item, order_item.skus_in_stock[0])], "SO-HOOK2")
    purchase_id = created["data"]["orderList"][0]["purchaseId"]
    body = {"purchase_id": str(purchase_id), "sub_purchase_orderId_list": []}
    api.post("/taobao/purchase/order/asyn/cancel", body)
    assert next_message(receiver)["data"]["status"] == "TRADE_CLOSED"


def test_unreachable_callback_is_best_effort(api, sandbox, order_item):
    sandbox.set_callback_url("http://127.0.0.1:9/unreachable")
    created = api.create([api.line(order_item, order_item.skus_in_stock[0])], "SO-HOOK3")
    purchase_id = created["data"]["orderList"][0]["purchaseId"]
    assert api.post(PAY, {"purchaseOrderIdList": [purchase_id]})["code"] == 200


def test_no_callback_url_sends_nothing(api, sandbox, receiver, order_item):
    created = api.create([api.line(order_item, order_item.skus_in_stock[0])], "SO-HOOK4")
    api.post(PAY, {"purchaseOrderIdList": [created["data"]["orderList"][0]["purchaseId"]]})
    with pytest.raises(queue.Empty):
        receiver.received.get(timeout=0.2)
