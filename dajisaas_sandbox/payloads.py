"""The JSON shapes the endpoints answer with, built from catalog items and orders."""

CURRENCY = "CNY"


def money(amount, unit="fen"):
    """A money object; ``unit="yuan"`` writes it as a decimal number of yuan (67.0)."""
    if unit == "yuan":
        return {"amount": amount / 100, "currency": CURRENCY}
    return {"amount": amount, "currency": CURRENCY}


def yuan(fen):
    """29.90 style, as the search endpoint prints prices."""
    return f"{fen // 100}.{fen % 100:02d}"


def search_result(item):
    return {
        "itemId": item.item_id,
        "title": item.title,
        "mainImageUrl": item.pic_urls[0] if item.pic_urls else "",
        "price": yuan(item.price),
        "inventory": item.quantity,
        "shopName": item.shop_name,
        "tags": list(item.tags),
    }


def picture_hit(item):
    """One hit of a search by picture, in upstream's spelling (``tbItemId``, prices as text)."""
    price = item.price
    return {
        "tbItemId": item.item_id,
        "title": item.title,
        "mainImageUrl": item.pic_urls[0] if item.pic_urls else "",
        "price": yuan(price),
        "couponPrice": yuan(price - price // 10),
        "inventory": item.quantity,
        "shopName": item.shop_name,
    }


def item_detail(item):
    return {
        "itemId": item.item_id,
        "title": item.title,
        "picUrls": list(item.pic_urls),
        "shopId": item.shop_id,
        "shopName": item.shop_name,
        "description": item.description,
        "price": item.price,
        "promotionPrice": item.promotion_price,
        "quantity": item.quantity,
        "properties": [prop.as_dict() for prop in item.properties],
        "skuList": [
            {
                "skuId": sku.sku_id,
                "quantity": sku.quantity,
                "price": sku.price,
                "promotionPrice": sku.promotion_price,
                "picUrl": sku.pic_url,
                "properties": [prop.as_dict() for prop in sku.properties],
            }
            for sku in item.skus
        ],
    }


def bunker_product(item):
    return {
        "itemId": item.item_id,
        "mpId": item.mp_id,
        "title": item.title,
        "itemType": "HAVE_MATERIAL",
        "quantity": item.quantity,
        "price": item.price,
        "picUrls": list(item.pic_urls),
        "shopName": item.shop_name,
        "skuList": [
            {
                "skuId": str(sku.sku_id),
                item.mp_sku_id_key: sku.mp_sku_id,
                "price": sku.price,
                "quantity": sku.quantity,
                "status": "active",
                "picUrl": sku.pic_url,
                "properties": [prop.as_dict() for prop in sku.properties],
            }
            for sku in item.skus
        ],
    }


def created_order(order):
    """An ``orderList`` entry of the create response."""
    return {
        "purchaseId": order.purchase_id,
        "supplierNick": order.supplier_nick,
        "sourceMarket": "TB",
        "estimateAmount": order.purchase_amount,
        "estimateCurrency": CURRENCY,
        "orderLineList": [
            {
                "itemId": sub.item_id,
                "skuId": sub.sku_id,
                "orderLineNo": sub.order_line_no,
                "quantity": sub.quantity,
                "supplierNick": order.supplier_nick,
                "estimateAmount": sub.amount,
                "subPurchaseOrderId": sub.sub_purchase_order_id,
                "estimateCurrency": CURRENCY,
            }
            for sub in order.sub_orders
        ],
    }


def failed_line(line):
    return {
        "orderLineNo": line.line_no,
        "itemId": line.item_id,
        "skuId": line.sku_id,
        "errorCode": line.error_code,
        "errorMessage": line.error_message,
    }


def unavailable_sku(line):
    return {
        "itemId": line.item_id,
        "skuId": line.sku_id,
        "reason": line.error_message,
        "errorCode": line.error_code,
        "errorMsg": line.error_message,
    }


def purchase_order(order, line_numbers=True):
    """One ``purchase_orders`` entry of the query response (upstream snake_case).

    Without ``line_numbers``, sub-orders carry no ``order_line_no``, as upstream's answer.
    """
    return {
        "purchase_id": order.purchase_id,
        "outer_purchase_id": order.outer_purchase_id,
        "seller_order_number": order.seller_order_number,
        "order_source": order.order_source,
        "status": order.status,
        "purchase_amount": order.purchase_amount,
        "pay_amount": order.pay_amount,
        "purchase_currency": CURRENCY,
        "supplier_nick": order.supplier_nick,
        "created_time": order.created_time,
        "modify_time": order.modify_time,
        "sub_purchase_orders": [
            {
                "sub_purchase_order_id": sub.sub_purchase_order_id,
                "item_id": int(sub.item_id),
                "sku_id": sub.sku_id,
                "title": sub.title,
                "quantity": sub.quantity,
                "status": sub.status,
                "purchase_amount": sub.amount,
                "order_line_no": sub.order_line_no if line_numbers else None,
                "logistic_orders": (
                    [
                        {
                            "logistic_company_name": sub.logistic_company_name,
                            "logistic_number": sub.logistic_number,
                        }
                    ]
                    if sub.logistic_number
                    else []
                ),
            }
            for sub in order.sub_orders
        ],
    }
