"""The page behind a create response's paymentUrl: a pretend Taobao cashier."""

from html import escape

from .envelope import ApiError
from .payloads import yuan

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>沙箱收银台 / Sandbox cashier</title></head>
<body><h1>沙箱收银台 / Sandbox cashier</h1>
<p>This is the DajiSaaS sandbox. No money moves; paying here is the same as
<code>/taobao/purchase/order/batch/pay</code>.</p>
{notice}<table border="1" cellpadding="4">
<tr><th>purchaseId</th><th>supplier</th><th>status</th><th>amount (CNY)</th></tr>
{rows}</table>
<form method="post" action="/pay"><input type="hidden" name="purchaseIds" value="{ids}">
<button type="submit">支付 / Pay</button></form></body></html>
"""


def render(sandbox, query, notice=""):
    """(HTTP status, HTML) for ``purchaseIds=<id>,<id>``."""
    try:
        purchase_ids = _purchase_ids(query)
    except ValueError:
        return 400, PAGE.format(
            notice="<p>purchaseIds: comma separated ids expected</p>", rows="", ids=""
        )
    orders = {order.purchase_id: order for order in sandbox.orders}
    rows = []
    for purchase_id in purchase_ids:
        order = orders.get(purchase_id)
        if order is None:
            rows.append(f"<tr><td>{purchase_id}</td><td colspan='3'>not found</td></tr>")
        else:
            rows.append(
                f"<tr><td>{purchase_id}</td><td>{escape(order.supplier_nick)}</td>"
                f"<td>{escape(order.status)}</td><td>{yuan(order.purchase_amount)}</td></tr>"
            )
    ids = ",".join(str(purchase_id) for purchase_id in purchase_ids)
    return 200, PAGE.format(notice=notice, rows="\n".join(rows), ids=escape(ids))


def pay_and_render(sandbox, form):
    try:
        purchase_ids = _purchase_ids(form)
    except ValueError:
        return render(sandbox, form)
    try:
        result = sandbox.pay(purchase_ids)
    except ApiError as error:
        return render(sandbox, form, f"<p>{escape(error.message)}</p>")
    failures = "".join(
        f"<li>{failure['purchaseOrderId']}: {escape(failure['reason'])}</li>"
        for failure in result["payFailedResults"]
    )
    notice = f"<p>Paid: {result['willPayPurchaseOrderIds']}</p>"
    if failures:
        notice += f"<ul>{failures}</ul>"
    return render(sandbox, form, notice)


def _purchase_ids(params):
    text = params.get("purchaseIds", "")
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(part.isdigit() for part in parts):
        raise ValueError("purchaseIds must be comma separated ids")
    return [int(part) for part in parts]
