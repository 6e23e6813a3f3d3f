"""Fixtures for the client tests that run against the DajiSaaS sandbox over HTTP."""

import queue
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dajisaas import Address, CreateOrderRequest, DajisaasClient, OrderLine
from dajisaas_sandbox import DEFAULT_APP_KEY, DEFAULT_APP_SECRET, SandboxServer

WAREHOUSE = Address(
    country="中国",
    state="广东省",
    city="深圳市",
    district="宝安区",
    address="福永街道某路1号 仓库A",
    zip="518000",
    name="仓库收货",
    phone="13800000000",
    mobile_phone="13800000000",
)


@pytest.fixture
def warehouse():
    return WAREHOUSE


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer(app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET, port=0) as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh_sandbox(request):
    if "sandbox" in request.fixturenames:
        request.getfixturevalue("sandbox").reset()


@pytest.fixture
def exchanges():
    return []


@pytest.fixture
def client(sandbox, exchanges):
    with DajisaasClient(
        sandbox.url,
        DEFAULT_APP_KEY,
        DEFAULT_APP_SECRET,
        timeout=(1, 2),
        backoff=0.01,
        on_exchange=exchanges.append,
    ) as dajisaas_client:
        yield dajisaas_client


@pytest.fixture
def fast_client(sandbox, exchanges):
    """A client with a 0.2 s timeout, for timeout faults."""
    with DajisaasClient(
        sandbox.url,
        DEFAULT_APP_KEY,
        DEFAULT_APP_SECRET,
        timeout=0.2,
        backoff=0.01,
        on_exchange=exchanges.append,
    ) as dajisaas_client:
        yield dajisaas_client


@pytest.fixture
def line_for(client):
    """Build an OrderLine for a sandbox catalog item, ids read from the bunker endpoint."""
    return lambda item, line_no, quantity=1, sku_index=0: _order_line(
        client, item, line_no, quantity, sku_index
    )


@pytest.fixture
def order_request():
    """Build a CreateOrderRequest for lines (amount = goods + one shipping fee)."""
    return _create_request


def _order_line(client, item, line_no, quantity, sku_index):
    bunker = client.get_bunker(item.item_id)
    sku = bunker.skus[sku_index] if bunker.skus else None
    return OrderLine(
        item_id=int(bunker.mp_id),
        sku_id=sku.mp_sku_id if sku else None,
        order_line_no=str(line_no),
        quantity=quantity,
        price_fen=sku.price_fen if sku else bunker.price_fen,
        title=bunker.title,
    )


def _create_request(third_order_id, lines, **overrides):
    values = {
        "third_order_id": third_order_id,
        "purchase_amount_fen": sum(line.price_fen * line.quantity for line in lines) + 800,
        "seller_order_number": "SO-" + third_order_id,
        "order_source": "odoo",
        "lines": lines,
        "receiver": WAREHOUSE,
        "warehouse": WAREHOUSE,
    }
    values.update(overrides)
    return CreateOrderRequest(**values)


@pytest.fixture
def callback(sandbox):
    received = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.put(urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sandbox.set_callback_url(f"http://127.0.0.1:{server.server_address[1]}/dajisaas/message")
    yield received
    server.shutdown()
    server.server_close()
