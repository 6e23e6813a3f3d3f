"""Status messages pushed by the sandbox verify and parse with the client's functions."""

from dajisaas import parse_status_message, verify_message_signature
from dajisaas.conventions import MESSAGE_FIELD, MESSAGE_SIGNATURE_FIELD
from dajisaas_sandbox import DEFAULT_APP_SECRET


def test_pushed_message_verifies_and_parses(client, sandbox, callback, line_for, order_request):
    result = client.create_order(
        order_request("ODOO-MSG", [line_for(sandbox.catalog.find(min_skus=1), 7)])
    )
    client.find_order("ODOO-MSG")  # BULIDING -> WAIT_BUYER_P: a status change
    form = callback.get(timeout=5)
    [message] = form[MESSAGE_FIELD]
    [signature] = form[MESSAGE_SIGNATURE_FIELD]
    assert verify_message_signature(message, signature, DEFAULT_APP_SECRET)
    assert not verify_message_signature(message, signature, "another-secret")
    parsed = parse_status_message(message)
    assert parsed.message_type == 3 and parsed.site == "taobao_hk"
    assert parsed.purchase_id == result.purchase_ids[0]
    assert parsed.outer_purchase_id == "ODOO-MSG" and parsed.status == "WAIT_BUYER_P"
    assert parsed.sku_list[0].order_line_no == "7"
