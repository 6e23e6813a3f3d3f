"""Paths of the DajiSaaS Taobao endpoints the client calls."""

from .conventions import ORDER_QUERY_PATH

SEARCH_ITEMS = "/taobao/traffic/item/search"
GET_ITEM = "/taobao/traffic/item/get"
GET_BUNKER = "/taobao/product/get"
PREVIEW_ORDER = "/taobao/purchase/order/render"
CREATE_ORDER = "/taobao/purchase/order/create"
QUERY_ORDERS = ORDER_QUERY_PATH
CANCEL_ORDER = "/taobao/purchase/order/asyn/cancel"
PAY_ORDERS = "/taobao/purchase/order/batch/pay"
