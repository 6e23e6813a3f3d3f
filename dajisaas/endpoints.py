"""Paths of the DajiSaaS Taobao endpoints the client calls.

The order query's path is a dialect choice (``dialect.ORDER_QUERIES``).
"""

SEARCH_ITEMS = "/taobao/traffic/item/search"
GET_ITEM = "/taobao/traffic/item/get"
GET_BUNKER = "/taobao/product/get"
PREVIEW_ORDER = "/taobao/purchase/order/render"
CREATE_ORDER = "/taobao/purchase/order/create"
CANCEL_ORDER = "/taobao/purchase/order/asyn/cancel"
PAY_ORDERS = "/taobao/purchase/order/batch/pay"
UPLOAD_IMAGE = "/taobao/upload/image"
IMAGE_SEARCH_V1 = "/taobao/traffic/item/imgsearch"
IMAGE_SEARCH_V2 = "/taobao/image-search/url"
