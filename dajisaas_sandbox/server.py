"""SandboxServer: a loopback HTTP server that behaves like the DajiSaaS Taobao API."""

import threading
from http.server import ThreadingHTTPServer

from . import dialect as dialects
from .api import ORDER_QUERY, ROUTES, TaobaoApi
from .auth import Authenticator, refused_as
from .catalog import DEFAULT_SEED, Catalog
from .envelope import ApiError
from .faults import FaultInjector
from .orders import FIRST_PURCHASE_ID, OrderBook
from .request_handler import SandboxRequestHandler
from .webhook import WebhookSender

DEFAULT_APP_KEY = "sandbox-app-key"
DEFAULT_APP_SECRET = "sandbox-app-secret"
SHUTDOWN_POLL_INTERVAL = 0.05  # seconds; stop() waits up to this long


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, sandbox):
        self.sandbox = sandbox
        super().__init__(address, SandboxRequestHandler)


class SandboxServer:
    """Serves the Taobao endpoints of the wire contract, faults included.

    Usable as a context manager. ``orders`` returns deep copies of the recorded
    PurchaseOrder objects (see ``orders.py``), oldest first.
    """

    def __init__(
        self,
        app_key=DEFAULT_APP_KEY,
        app_secret=DEFAULT_APP_SECRET,
        host="127.0.0.1",
        port=0,
        allow_debug=True,
        callback_url=None,
        seed=DEFAULT_SEED,
        dialect=None,
        latency=0.0,
        first_purchase_id=FIRST_PURCHASE_ID,
    ):
        """``latency``: seconds every API answer waits (0: none), like a distant server.
        ``first_purchase_id``: the first purchase id handed out (see :class:`OrderBook`)."""
        if latency < 0:
            raise ValueError("latency cannot be negative")
        self.latency = latency
        self.host = host
        self._initial_dialect = {**dialects.DEFAULTS, **dialects.checked(dict(dialect or {}))}
        self.dialect = dict(self._initial_dialect)
        self.port = port
        self._initial_callback_url = callback_url
        # One lock for all state: request handlers and test helpers both take it.
        self._lock = threading.RLock()
        self.catalog = Catalog(seed, self._lock)
        self.faults = FaultInjector(ROUTES)
        self.webhook = WebhookSender(app_secret, callback_url, app_key, self)
        self._order_book = OrderBook(
            on_status_change=self.webhook.notify_status_change,
            first_purchase_id=first_purchase_id,
        )
        self._api = TaobaoApi(self.catalog, self._order_book, self._payment_url, self.dialect)
        self._authenticator = Authenticator(app_key, app_secret, allow_debug)
        self._httpd = None
        self._thread = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self):
        if self._httpd is not None:
            raise RuntimeError("sandbox already started")
        self._httpd = _HttpServer((self.host, self.port), self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_INTERVAL},
            name="dajisaas-sandbox",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self):
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = self._thread = None
        self.webhook.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        if self._httpd is None:
            raise RuntimeError("sandbox not started")
        return f"http://{self.host}:{self.port}"

    # -- serving ---------------------------------------------------------------------------

    def route(self, path):
        """``(method, handler name)`` of an API path in the current dialect, or None."""
        query_path = dialects.ORDER_QUERIES[self.dialect["order_query"]][0]
        if path == query_path:
            return ROUTES[ORDER_QUERY]
        if path == ORDER_QUERY:
            return None  # the query lives at another path in this dialect
        return ROUTES.get(path)

    def call_api(self, path, params, failing_line_nos=(), query=None):
        """Authenticate and run one endpoint; returns the envelope data or raises ApiError.

        ``query`` holds the query string of a POST (where some dialects put credentials).
        """
        method, handler_name = self.route(path)
        try:
            if method == "GET":
                self._authenticator.check_query(params, self.dialect["get_signing"])
            else:
                self._authenticator.check_json_body(params, query, self.dialect["post_signing"])
        except ApiError as refusal:
            raise refused_as(self.dialect["bad_sign_answer"], refusal) from None
        handler = getattr(self._api, handler_name)
        with self._lock:
            if handler_name == "create":
                return handler(params, failing_line_nos)
            return handler(params)

    def hold_create(self, body):
        """Mark the thirdOrderId of a create body as being created (``late_commit``): a
        create of the same id is refused until :meth:`release_create`."""
        third_order_id = str(body.get("thirdOrderId") or "") if isinstance(body, dict) else ""
        with self._lock:
            self._api.in_flight.add(third_order_id)
        return third_order_id

    def release_create(self, third_order_id):
        with self._lock:
            self._api.in_flight.discard(third_order_id)

    def _payment_url(self, purchase_ids):
        return f"{self.url}/pay?purchaseIds={','.join(str(pid) for pid in purchase_ids)}"

    # -- test controls ---------------------------------------------------------------------

    def reset(self):
        """Forget orders, faults and the create count; rebuild the catalog; restore the
        callback URL given at construction."""
        with self._lock:
            self._order_book.clear()
            self._api.reset()
            self.catalog.reset()
            self.faults.clear()
            self.webhook.url = self._initial_callback_url
            self.set_dialect(self._initial_dialect)

    def set_dialect(self, changes):
        """Change some dialect choices (ValueError for an unknown one); returns the dialect."""
        with self._lock:
            self.dialect.update(dialects.checked(dict(changes)))
            return dict(self.dialect)

    @property
    def orders(self):
        with self._lock:
            return self._order_book.snapshot()

    def orders_for(self, third_order_id):
        return [order for order in self.orders if order.outer_purchase_id == third_order_id]

    @property
    def create_calls(self):
        """Authenticated create requests handled, idempotent replays included."""
        return self._api.create_calls

    def ship(self, purchase_id):
        """WAIT_SELLER_SEND_GOODS -> WAIT_BUYER_CONFIRM_GOODS with a tracking number per open
        sub-order. KeyError for an unknown order, ValueError (OrderStateError) if unpaid."""
        with self._lock:
            order = self._order_book.get(int(purchase_id))
            if order is None:
                raise KeyError(f"unknown purchase order {purchase_id}")
            self._order_book.ship(order)
            return self._order_book.snapshot_of(order)

    def reuse_purchase_ids_from(self, purchase_id):
        """Hand out purchase ids from ``purchase_id`` again, as a sandbox restarted on its
        first ids would: the next create answers an id Odoo may already hold."""
        with self._lock:
            self._order_book.reuse_purchase_ids_from(int(purchase_id))

    def pay(self, purchase_ids):
        """Pay like the batch pay endpoint (used by the cashier page); returns its data."""
        with self._lock:
            return self._api.pay({"purchaseOrderIdList": list(purchase_ids)}, shape="flat")

    def set_callback_url(self, url):
        self.webhook.url = url
