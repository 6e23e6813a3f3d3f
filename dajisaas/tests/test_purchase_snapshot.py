"""Create answers and query answers become the same typed shape."""

from dajisaas import CreateOrderResult, QueriedPurchaseOrder
from dajisaas.purchase_snapshot import CREATED_STATUS, PurchaseSnapshot, SubOrderSnapshot

CREATE_ANSWER = {
    "success": True,
    "outerPurchaseId": "S00042-42-1",
    "paymentUrl": "https://pay.example/pay?purchaseIds=2001",
    "traceId": "trace-1",
    "orderList": [
        {
            "purchaseId": 2001,
            "supplierNick": "优衣坊",
            "sourceMarket": "TB",
            "estimateAmount": 3190,
            "orderLineList": [
                {
                    "itemId": 9001,
                    "skuId": 8001,
                    "orderLineNo": "17",
                    "quantity": 2,
                    "subPurchaseOrderId": 3001,
                    "estimateAmount": "2390",
                }
            ],
        }
    ],
}

QUERY_ANSWER = {
    "purchase_id": 2001,
    "outer_purchase_id": "S00042-42-1",
    "status": "WAIT_BUYER_CONFIRM_GOODS",
    "purchase_amount": 3190,
    "pay_amount": 3190,
    "supplier_nick": "优衣坊",
    "sub_purchase_orders": [
        {
            "sub_purchase_order_id": 3001,
            "item_id": 9001,
            "sku_id": 8001,
            "quantity": 2,
            "status": "WAIT_BUYER_CONFIRM_GOODS",
            "purchase_amount": 2390,
            "logistic_orders": [
                {"logistic_company_name": "中通", "logistic_number": "ZT1"},
                {"logistic_company_name": "中通", "logistic_number": "ZT2"},
            ],
        }
    ],
}


def test_create_answer_becomes_snapshots():
    result = CreateOrderResult.model_validate(CREATE_ANSWER)
    (snapshot,) = PurchaseSnapshot.from_created(result, "S00042-42-1")
    assert snapshot.purchase_ref == "2001"
    assert snapshot.third_order_ref == "S00042-42-1"
    assert snapshot.status == CREATED_STATUS
    assert snapshot.amount_fen == 3190
    assert snapshot.paid_fen is None
    assert snapshot.trace_ref == "trace-1"
    assert snapshot.payment_url.endswith("2001")
    assert snapshot.lines_fen == 2390
    assert snapshot.sub_orders == (
        SubOrderSnapshot(
            sub_order_ref="3001",
            order_line_no="17",
            mp_ref="9001",
            mp_sku_ref="8001",
            quantity=2,
            amount_fen=2390,
            status=CREATED_STATUS,
        ),
    )


def test_query_answer_becomes_the_same_shape():
    snapshot = PurchaseSnapshot.from_queried(QueriedPurchaseOrder.model_validate(QUERY_ANSWER))
    assert snapshot.purchase_ref == "2001"
    assert snapshot.third_order_ref == "S00042-42-1"
    assert snapshot.status == "WAIT_BUYER_CONFIRM_GOODS"
    assert snapshot.paid_fen == 3190
    (sub,) = snapshot.sub_orders
    assert sub.order_line_no == "", "upstream's query does not echo the line number"
    assert sub.tracking_refs == ("ZT1", "ZT2")
    assert sub.logistic_company == "中通"


def test_query_answer_without_outer_id_keeps_the_one_asked_for():
    answer = dict(QUERY_ANSWER, outer_purchase_id=None)
    snapshot = PurchaseSnapshot.from_queried(
        QueriedPurchaseOrder.model_validate(answer), "S00042-42-2"
    )
    assert snapshot.third_order_ref == "S00042-42-2"
