"""One sandbox per test module, reset before each test, and a tiny signing client.

The client signs on its own (it must not import the ``dajisaas`` package): the two
implementations of the wire contract check each other.
"""

import hashlib
import json
import time

import pytest
import requests

from dajisaas_sandbox import DEFAULT_APP_KEY, DEFAULT_APP_SECRET, SandboxServer

CREATE = "/taobao/purchase/order/create"
RECEIVER = {
    "country": "中国",
    "state": "广东省",
    "city": "深圳市",
    "district": "宝安区",
    "address": "福永街道某路1号 仓库A",
    "zip": "518000",
    "name": "仓库收货",
    "phone": "13800000000",
    "mobile_phone": "13800000000",
    "tax_id": None,
}


def md5_sign(params, secret):
    pairs = sorted((k, v) for k, v in params.items() if k != "sign" and v is not None)
    text = "&".join(f"{k}={v}" for k, v in pairs) + f"&secret={secret}"
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


class Client:
    """Speaks the wire contract over real HTTP; ``auth`` is "signed", "debug" or "none"."""

    def __init__(self, base_url, app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET):
        self.base_url = base_url
        self.app_key = app_key
        self.app_secret = app_secret
        self.session = requests.Session()

    def query_params(self, params, auth="signed"):
        params = {key: str(value) for key, value in params.items()}
        if auth == "none":
            return params
        params["appKey"] = self.app_key
        if auth == "debug":
            params["appSecret"] = self.app_secret
        else:
            params["sign"] = md5_sign(params, self.app_secret)
        return params

    def json_body(self, body, auth="signed", request_time=None):
        body = dict(body)
        if auth == "none":
            return body
        body["appKey"] = self.app_key
        if auth == "debug":
            body["appSecret"] = self.app_secret
        else:
            body["requestTime"] = request_time or str(int(time.time() * 1000))
            signed = {"appKey": self.app_key, "requestTime": body["requestTime"]}
            body["sign"] = md5_sign(signed, self.app_secret)
        return body

    def raw_get(self, path, params, auth="signed", timeout=5):
        query = self.query_params(params, auth)
        return self.session.get(self.base_url + path, params=query, timeout=timeout)

    def raw_post(self, path, body, auth="signed", timeout=5):
        payload = self.json_body(body, auth)
        return self.session.post(self.base_url + path, json=payload, timeout=timeout)

    def get(self, path, params, auth="signed"):
        response = self.raw_get(path, params, auth)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path, body, auth="signed"):
        response = self.raw_post(path, body, auth)
        assert response.status_code == 200, response.text
        return response.json()

    # -- order helpers ---------------------------------------------------------------------

    def bunker(self, item_id):
        return self.get("/taobao/product/get", {"item_id": item_id})["data"]

    @staticmethod
    def line(item, sku=None, quantity=1, line_no="1"):
        line = {
            "itemId": int(item.mp_id),
            "orderLineNo": line_no,
            "quantity": str(quantity),
            "price": sku.price if sku else item.price,
            "currency": "CNY",
            "title": item.title,
        }
        if sku is not None:
            line["skuId"] = sku.mp_sku_id
        return line

    @staticmethod
    def create_body(lines, third_order_id="SO-0001", partial=False, **overrides):
        body = {
            "thirdOrderId": third_order_id,
            "purchase_amount": sum(line.get("price", 0) for line in lines),
            "seller_order_number": "S00042",
            "order_source": "odoo",
            "order_line_list": json.dumps(lines, ensure_ascii=False),
            "receiver": RECEIVER,
            "warehouse_address_info": {k: v for k, v in RECEIVER.items() if k != "tax_id"},
            "channel_order_type": "PANAMA",
            "support_partial_success": partial,
            "order_remark": "",
            "need_supply_chain_service": False,
            "need_sys_retry": False,
        }
        body.update(overrides)
        return body

    def create(self, lines, third_order_id="SO-0001", partial=False, **overrides):
        return self.post(CREATE, self.create_body(lines, third_order_id, partial, **overrides))

    def query(self, **body):
        return self.post("/taobao/purchase/order/query", body)["data"]


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture
def api(sandbox):
    sandbox.reset()
    client = Client(sandbox.url)
    yield client
    client.session.close()


@pytest.fixture
def order_item(sandbox, api):
    """A distributable item with a few SKUs, from some shop."""
    return sandbox.catalog.find(has_skus=True, min_skus=2, max_skus=12)


@pytest.fixture
def client_factory():
    """Build a Client for another sandbox: ``client_factory(url, app_key, app_secret)``."""
    return Client
