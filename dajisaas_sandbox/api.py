"""The documented Taobao endpoints of DajiSaaS: validation, business rules, payloads.

Handlers receive the authenticated parameters (query or JSON body) and return the
envelope's ``data``; they raise ApiError for envelope errors. The sandbox calls them under
its state lock, so they may read and change the catalog and the orders freely.
"""

import copy
import uuid

from . import payloads
from .dialect import DEFAULTS, ORDER_QUERIES, OUTER_ID_SUFFIX
from .envelope import CODE_BUSINESS, ApiError, missing_parameter, not_found
from .order_lines import check_availability, parse_lines
from .orders import OrderStateError
from .picture_search import PictureIndex, ranked
from .validation import (
    address,
    id_list,
    optional_bool,
    optional_str,
    page_param,
    required_int,
    required_str,
    to_int,
)

SEARCH = "/taobao/traffic/item/search"
ITEM_GET = "/taobao/traffic/item/get"
PRODUCT_GET = "/taobao/product/get"
ORDER_RENDER = "/taobao/purchase/order/render"
ORDER_CREATE = "/taobao/purchase/order/create"
ORDER_QUERY = "/taobao/purchase/order/query"
ORDER_CANCEL = "/taobao/purchase/order/asyn/cancel"
ORDER_PAY = "/taobao/purchase/order/batch/pay"
UPLOAD_IMAGE = "/taobao/upload/image"
IMAGE_SEARCH_V1 = "/taobao/traffic/item/imgsearch"
IMAGE_SEARCH_V2 = "/taobao/image-search/url"

# path -> (HTTP method, TaobaoApi method name)
ROUTES = {
    SEARCH: ("GET", "search"),
    ITEM_GET: ("GET", "item_get"),
    PRODUCT_GET: ("GET", "product_get"),
    ORDER_RENDER: ("POST", "render"),
    ORDER_CREATE: ("POST", "create"),
    ORDER_QUERY: ("POST", "query"),
    ORDER_CANCEL: ("POST", "cancel"),
    ORDER_PAY: ("POST", "pay"),
    UPLOAD_IMAGE: ("POST", "upload_image"),
    IMAGE_SEARCH_V1: ("GET", "image_search_v1"),
    IMAGE_SEARCH_V2: ("GET", "image_search_v2"),
}

SEARCH_PAGE_SIZE = 10
PICTURE_HITS = 20  # V1.0 answers one list, V2.0 pages of at most 20
PICTURE_LAST_PAGE = 499
PICTURE_CATEGORIES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 22, 88888888}
SEARCH_MAX_PAGE_SIZE = 20
QUERY_PAGE_SIZE = 20
QUERY_MAX_PAGE_SIZE = 50
MAX_PAY_IDS = 10
SHIPPING_FEE_PER_SUPPLIER = 800  # fen
ORDER_STATUS_NOT_ALLOW_CANCEL = "ORDER_STATUS_NOT_ALLOW_CANCEL"
NOT_DISTRIBUTABLE = "该商品不支持分销 / item not available for distribution"
DUPLICATE_ORDER = "第三方订单号重复 / thirdOrderId already used"


class TaobaoApi:
    def __init__(self, catalog, orders, payment_page_url, dialect=None):
        """``payment_page_url(purchase_ids)`` builds the paymentUrl of a create response;
        ``dialect`` (read at each call) says how answers are shaped (``dialect.py``)."""
        self.dialect = dialect if dialect is not None else dict(DEFAULTS)
        self.catalog = catalog
        self.orders = orders
        self.payment_page_url = payment_page_url
        self.create_calls = 0
        self._create_responses = {}  # thirdOrderId -> data of the successful create
        self.in_flight = set()  # thirdOrderIds whose create is held (late_commit fault)
        self.pictures = PictureIndex()

    def reset(self):
        self.pictures.reset()
        self.create_calls = 0
        self._create_responses.clear()
        self.in_flight.clear()

    # -- products --------------------------------------------------------------------------

    def search(self, params):
        keyword = required_str(params, "keyword").strip()
        if not keyword:
            raise missing_parameter("keyword")
        page_no = page_param(params, "page_no", 1)
        page_size = page_param(params, "page_size", SEARCH_PAGE_SIZE, SEARCH_MAX_PAGE_SIZE)
        start = (page_no - 1) * page_size
        page = self.catalog.search(keyword)[start : start + page_size]
        items = [payloads.search_result(item) for item in page]
        if self.dialect["catalog_answer"] == "nested":
            return {"data": {"page_no": page_no, "page_size": page_size, "data": items}}
        return {"pageNo": page_no, "pageSize": page_size, "data": items}

    def item_get(self, params):
        resource = params.get("item_resource")
        if resource not in (None, "taobao"):
            raise ApiError(400, f"参数错误 item_resource / unknown item_resource: {resource}")
        detail = payloads.item_detail(self._item(params))
        if self.dialect["catalog_answer"] == "nested":
            return {"data": detail}
        return detail

    def product_get(self, params):
        item = self._item(params)
        if not item.distributable:
            result = {
                "success": False,
                "errorInfo": NOT_DISTRIBUTABLE,
                "errorCode": "ITEM_NOT_DISTRIBUTABLE",
            }
            raise ApiError(CODE_BUSINESS, NOT_DISTRIBUTABLE, {"result": result})
        if self.dialect["catalog_answer"] == "nested":
            return {"data": payloads.bunker_product(item)}
        return payloads.bunker_product(item)

    def upload_image(self, params):
        image_id = self.pictures.upload(
            self.catalog,
            image_base64=optional_str(params, "image_base64"),
            pic_url=optional_str(params, "pic_url"),
        )
        if self.dialect["catalog_answer"] == "nested":
            return {"data": {"imageId": image_id}}
        return {"imageId": image_id}

    def image_search_v1(self, params):
        """Upstream's answer: the hits as ``data``'s list itself, no paging."""
        picture_hash = self.pictures.hash_of(required_str(params, "image_id"))
        return [payloads.picture_hit(item) for item in ranked(self.catalog, picture_hash)][
            :PICTURE_HITS
        ]

    def image_search_v2(self, params):
        picture_hash = self.pictures.hash_at(self.catalog, required_str(params, "picUrl"))
        category = params.get("categoryId")
        if category not in (None, "") and to_int(category, "categoryId") not in PICTURE_CATEGORIES:
            raise ApiError(400, f"参数错误 categoryId / unknown categoryId: {category}")
        page_no = to_int(params.get("pageNo") or 0, "pageNo")
        page_size = to_int(params.get("pageSize") or PICTURE_HITS, "pageSize")
        if not 0 <= page_no <= PICTURE_LAST_PAGE or not 1 <= page_size <= PICTURE_HITS:
            raise ApiError(400, "参数错误 pageNo/pageSize / pageNo 0-499, pageSize 1-20")
        start = page_no * page_size
        page = ranked(self.catalog, picture_hash)[start : start + page_size]
        hits = [payloads.picture_hit(item) for item in page]
        if self.dialect["catalog_answer"] == "nested":
            return {"data": {"pageNo": page_no, "pageSize": page_size, "data": hits}}
        return {"pageNo": page_no, "pageSize": page_size, "data": hits}

    def _item(self, params):
        item_id = to_int(required_str(params, "item_id"), "item_id")
        item = self.catalog.get(item_id)
        if item is None:
            raise not_found("商品", "item")
        return item

    # -- orders ----------------------------------------------------------------------------

    def render(self, body):
        optional_bool(body, "need_supplychain_service")
        address(body, "receiver_address")
        address(body, "warehouse_address", required=False)
        lines = parse_lines(self.catalog, body, "render_item_List", with_line_numbers=False)
        check_availability(self.catalog, lines)
        suppliers = _by_supplier(line for line in lines if line.available)
        goods = sum(
            line.unit_price * line.quantity for group in suppliers.values() for line in group
        )
        shipping = SHIPPING_FEE_PER_SUPPLIER * len(suppliers)
        render_items = [
            {
                "nick": nick,
                "itemPriceInfos": [
                    {
                        "itemId": line.item_id,
                        "skuId": line.sku_id,
                        "quantity": line.quantity,
                        "originPrice": payloads.money(line.unit_price * line.quantity),
                    }
                    for line in group
                ],
                "mainlandShippingFee": payloads.money(SHIPPING_FEE_PER_SUPPLIER),
            }
            for nick, group in suppliers.items()
        ]
        unavailable = [payloads.unavailable_sku(line) for line in lines if not line.available]
        unit = self.dialect["render_money"]
        if self.dialect["render_answer"] == "per_item":
            # upstream: the shipping fee only on each supplier's item, snake_case keys
            data = {
                "total_real_pay_price": payloads.money(goods + shipping, unit),
                "render_item_list": [
                    {
                        "nick": item["nick"],
                        "order_fee": payloads.money(
                            sum(info["originPrice"]["amount"] for info in item["itemPriceInfos"]),
                            unit,
                        ),
                        "mainland_shipping_fee": payloads.money(SHIPPING_FEE_PER_SUPPLIER, unit),
                    }
                    for item in render_items
                ],
                "unavailable_sku_list": unavailable,
            }
            return {"result": {"success": True, "error_code": None, "data": data}}
        data = {
            "totalRealPayPrice": payloads.money(goods + shipping, unit),
            "mainlandShippingFee": payloads.money(shipping, unit),
            "orderFee": payloads.money(goods, unit),
            "renderItemList": render_items,
            "unavailableSkuList": unavailable,
        }
        return {"result": {"success": True, "errorCode": None, "errorMsg": None, "data": data}}

    def create(self, body, failing_line_nos=()):
        """Idempotent on thirdOrderId: a successful create is answered again verbatim."""
        self.create_calls += 1
        third_order_id = required_str(body, "thirdOrderId")
        required_int(body, "purchase_amount", minimum=0)
        seller_order_number = optional_str(body, "seller_order_number")
        order_source = optional_str(body, "order_source")
        for name in ("channel_order_type", "order_remark"):
            optional_str(body, name)
        for name in ("support_partial_success", "need_supply_chain_service", "need_sys_retry"):
            optional_bool(body, name)
        address(body, "receiver")
        address(body, "warehouse_address_info", required=False)
        lines = parse_lines(self.catalog, body, "order_line_list", with_line_numbers=True)
        if third_order_id in self.in_flight:
            raise ApiError(CODE_BUSINESS, DUPLICATE_ORDER)
        if third_order_id in self._create_responses:
            if self.dialect["create_replay"] == "refuse":
                raise ApiError(CODE_BUSINESS, DUPLICATE_ORDER)
            return copy.deepcopy(self._create_responses[third_order_id])
        outer_id = third_order_id + (
            OUTER_ID_SUFFIX if self.dialect["outer_id"] == "suffixed" else ""
        )

        check_availability(self.catalog, lines, failing_line_nos)
        failed = [line for line in lines if not line.available]
        response = {
            "success": True,
            "errorCode": None,
            "errorMessage": None,
            "outerPurchaseId": outer_id,
            "paymentUrl": None,
            "orderList": [],
            "failedOrderLineList": [payloads.failed_line(line) for line in failed],
        }
        if len(failed) == len(lines) or (failed and not body.get("support_partial_success")):
            response.update(success=False, errorCode=failed[0].error_code)
            response["errorMessage"] = failed[0].error_message
            return response

        orders = []
        for nick, group in _by_supplier(line for line in lines if line.available).items():
            orders.append(
                self.orders.add(
                    outer_purchase_id=outer_id,
                    seller_order_number=seller_order_number,
                    order_source=order_source,
                    supplier_nick=nick,
                    shipping_fee=SHIPPING_FEE_PER_SUPPLIER,
                    lines=[_sub_order_fields(line) for line in group],
                )
            )
            for line in group:
                _take_stock(line)
        response[self.dialect["create_orders_key"]] = [
            payloads.created_order(order) for order in orders
        ]
        if self.dialect["create_orders_key"] != "orderList":
            del response["orderList"]
        response["paymentUrl"] = self.payment_page_url([order.purchase_id for order in orders])
        self._create_responses[third_order_id] = copy.deepcopy(response)
        return response

    def query(self, body):
        _path, third_field, ids_field = ORDER_QUERIES[self.dialect["order_query"]]
        outer_purchase_id = optional_str(body, third_field, None)
        purchase_ids = None if body.get(ids_field) is None else id_list(body, ids_field)
        if not outer_purchase_id and purchase_ids is None:
            raise missing_parameter(f"{third_field} / {ids_field}")
        if self.dialect["query_ignores_filter"]:
            outer_purchase_id = purchase_ids = None
        outer_ids = {outer_purchase_id}
        if outer_purchase_id and self.dialect["outer_id"] == "suffixed":
            outer_ids.add(outer_purchase_id + OUTER_ID_SUFFIX)
        page_no = page_param(body, "page_no", 1)
        page_size = page_param(body, "page_size", QUERY_PAGE_SIZE, QUERY_MAX_PAGE_SIZE)
        found = [
            order
            for order in self.orders.all()
            if (not outer_purchase_id or order.outer_purchase_id in outer_ids)
            and (purchase_ids is None or order.purchase_id in purchase_ids)
        ]
        for order in found:
            self.orders.await_payment(order)
        start = (page_no - 1) * page_size
        return {
            "success": True,
            "data": {
                "results_total": len(found),
                "page_no": page_no,
                "page_size": page_size,
                "purchase_orders": [
                    payloads.purchase_order(order, self.dialect["query_line_numbers"])
                    for order in found[start : start + page_size]
                ],
            },
        }

    def cancel(self, body):
        if body.get("purchase_id") in (None, ""):
            raise missing_parameter("purchase_id")
        order = self.orders.get(to_int(body["purchase_id"], "purchase_id"))
        sub_ids = id_list(body, "sub_purchase_orderId_list")
        optional_str(body, "cancel_reason")
        optional_str(body, "cancel_remark")
        if order is None:
            raise not_found("订单", "purchase order")
        sub_orders = [order.sub_order(sub_id) for sub_id in sub_ids]
        if None in sub_orders:
            raise not_found("子订单", "sub purchase order")
        answer = {"code": "0", "success": True, "requestId": uuid.uuid4().hex, "errorCode": None}
        answer.update(TraceId=uuid.uuid4().hex, errorMsg=None)
        try:
            closed = self.orders.cancel(order, sub_orders)
        except OrderStateError as error:
            answer.update(code="1", success=False, errorCode=ORDER_STATUS_NOT_ALLOW_CANCEL)
            answer["errorMsg"] = str(error)
            return answer
        for sub in closed:
            self._return_stock(sub)
        return answer

    def pay(self, body, shape=None):
        """``shape`` overrides the dialect's (the cashier page reads the flat one)."""
        purchase_ids = list(dict.fromkeys(id_list(body, "purchaseOrderIdList", MAX_PAY_IDS)))
        paid, failures = [], []
        for purchase_id in purchase_ids:
            order = self.orders.get(purchase_id)
            try:
                if order is None:
                    raise OrderStateError("订单不存在 / purchase order not found")
                self.orders.pay(order)
            except OrderStateError as error:
                failures.append({"purchaseOrderId": purchase_id, "reason": str(error)})
            else:
                paid.append(purchase_id)
        shape = shape or self.dialect["pay_answer"]
        if shape == "nested":
            return {
                "success": True,
                "data": {
                    "will_pay_purchase_order_ids": paid,
                    "pay_failure_purchase_order_ids": [f["purchaseOrderId"] for f in failures],
                    "pay_failed_results": [
                        {"gspOrderId": f["purchaseOrderId"], "errorMessage": f["reason"]}
                        for f in failures
                    ],
                },
            }
        if shape == "odd":
            return {"success": True, "result": {"accepted": len(paid)}}
        return {
            "success": True,
            "willPayPurchaseOrderIds": paid,
            "payFailurePurchaseOrderIds": [failure["purchaseOrderId"] for failure in failures],
            "payFailedResults": failures,
        }

    def _return_stock(self, sub):
        item = self.catalog.get(sub.taobao_item_id)
        if item is None:
            return
        if sub.taobao_sku_id is None:
            item.own_quantity += sub.quantity
        elif (sku := item.sku(sub.taobao_sku_id)) is not None:
            sku.quantity += sub.quantity


def _by_supplier(lines):
    suppliers = {}
    for line in lines:
        suppliers.setdefault(line.item.shop_name, []).append(line)
    return suppliers


def _sub_order_fields(line):
    return {
        "order_line_no": line.line_no,
        "item_id": line.item.mp_id,
        "sku_id": line.sku.mp_sku_id if line.sku else None,
        "taobao_item_id": line.item.item_id,
        "taobao_sku_id": line.sku.sku_id if line.sku else None,
        "title": line.title or line.item.title,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
    }


def _take_stock(line):
    if line.sku:
        line.sku.quantity -= line.quantity
    else:
        line.item.own_quantity -= line.quantity
