"""Order status messages (message_type 3) posted to the client's callback URL."""

import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from .dialect import message_signature

_logger = logging.getLogger(__name__)

SELLER_ID = 2_200_000_000_001
SITE = "taobao_hk"
MESSAGE_TYPE_ORDER_STATUS = 3
DELIVERY_TIMEOUT = 5.0


def status_message(order, seller_id=SELLER_ID):
    return {
        "seller_id": str(seller_id),
        "message_type": MESSAGE_TYPE_ORDER_STATUS,
        "timestamp": int(time.time()),
        "site": SITE,
        "data": {
            "business_time": order.modify_time,
            "outer_purchase_id": order.outer_purchase_id,
            "purchase_id": order.purchase_id,
            "seller_id": seller_id,
            "status": order.status,
            "sku_list": [
                {
                    "item_id": int(sub.item_id),
                    "sku_id": sub.sku_id,
                    "order_line_no": sub.order_line_no,
                    "status": sub.status,
                    "logistic_company_name": sub.logistic_company_name,
                    "logistic_number": sub.logistic_number,
                }
                for sub in order.sub_orders
            ],
        },
    }


class WebhookSender:
    """Posts messages from one background thread, in order, best effort (no retry).

    ``deliveries`` records each attempt as ``{"url", "status"}`` or ``{"url", "error"}``.
    """

    def __init__(self, app_secret, url=None, app_key="", sandbox=None):
        self.url = url
        self.deliveries = []
        self._app_secret = app_secret
        self._app_key = app_key
        self._sandbox = sandbox  # its dialect says how messages are signed
        self._queue = queue.Queue()
        self._worker = None
        self._worker_lock = threading.Lock()

    def notify_status_change(self, order):
        """Queue a status message for ``order`` if a callback URL is set."""
        url = self.url
        if not url:
            return
        text = json.dumps(status_message(order), ensure_ascii=False, separators=(",", ":"))
        variant = (
            self._sandbox.dialect["message_signature"] if self._sandbox else "hex.sha1.message"
        )
        signature = message_signature(text, self._app_secret, self._app_key, variant)
        form = {"message": text, "_dj_signature": signature}
        self._ensure_worker()
        self._queue.put((url, urllib.parse.urlencode(form).encode("ascii")))

    def stop(self):
        with self._worker_lock:
            if self._worker is not None:
                self._queue.put(None)
                self._worker.join(timeout=DELIVERY_TIMEOUT + 1)
                self._worker = None

    def _ensure_worker(self):
        with self._worker_lock:
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._deliver_forever, name="sandbox-webhook", daemon=True
                )
                self._worker.start()

    def _deliver_forever(self):
        while (job := self._queue.get()) is not None:
            self._deliver(*job)

    def _deliver(self, url, body):
        request = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT) as response:
                self.deliveries.append({"url": url, "status": response.status})
        except urllib.error.HTTPError as error:
            self.deliveries.append({"url": url, "status": error.code})
            _logger.warning("webhook %s answered HTTP %s", url, error.code)
        except (OSError, ValueError) as error:
            self.deliveries.append({"url": url, "error": str(error)})
            _logger.warning("webhook %s failed: %s", url, error)
