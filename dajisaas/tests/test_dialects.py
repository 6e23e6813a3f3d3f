"""The client against the sandbox speaking each dialect where the DajiSaaS docs are silent.

The sandbox implements every alternative on its own (``dajisaas_sandbox/dialect.py``), so
these tests show that the client speaks each one, not only that it agrees with itself.
"""

import pytest

from dajisaas import (
    MESSAGE_SIGNATURE_VARIANTS,
    ORDER_QUERIES,
    POST_SIGNING_VARIANTS,
    AuthenticationError,
    Dialect,
    HttpStatusError,
    MalformedResponseError,
    PayOutcomeUnknown,
    matching_message_signatures,
    verify_message_signature,
)
from dajisaas.answer_shapes import find_payload
from dajisaas.conventions import MESSAGE_FIELD, MESSAGE_SIGNATURE_FIELD
from dajisaas.order_responses import PreviewResult
from dajisaas.sale_order_mapping import preview_request_for
from dajisaas_sandbox import DEFAULT_APP_KEY, DEFAULT_APP_SECRET


@pytest.fixture
def speak(sandbox, client):
    """Make the sandbox speak ``choices`` and the client the dialect ``client_dialect``."""

    def speak(client_dialect=None, **choices):
        sandbox.set_dialect(choices)
        client.dialect = client_dialect or Dialect()
        return client

    return speak


@pytest.mark.parametrize("variant", POST_SIGNING_VARIANTS)
def test_each_post_signing_variant_is_spoken(speak, variant):
    client = speak(Dialect(post_signing=variant), post_signing=variant)
    assert client.find_order("ODOO-NOTHING").orders == []


def test_another_post_signing_is_refused_and_found_by_the_connection_check(speak):
    client = speak(post_signing="scalars.s_string.query")
    with pytest.raises(AuthenticationError, match="签名错误"):
        client.find_order("ODOO-NOTHING")
    report = client.check_connection()
    assert report.post_accepted
    assert report.dialect.post_signing == "scalars.s_string.query"
    assert report.signing_tried[0] == Dialect().post_signing
    assert report.signing_tried[-1] == "scalars.s_string.query"


@pytest.mark.parametrize("name", ORDER_QUERIES)
def test_each_order_query_dialect(speak, line_for, order_request, sandbox, name):
    client = speak(Dialect(order_query=name), order_query=name)
    item = sandbox.catalog.find(min_skus=1)
    created = client.create_order(order_request("ODOO-Q", [line_for(item, 1)]))
    assert [o.purchase_id for o in client.find_order("ODOO-Q").orders] == created.purchase_ids
    assert [o.purchase_id for o in client.query_orders(purchase_ids=created.purchase_ids)] == (
        created.purchase_ids
    )


def test_order_query_at_another_path_is_found_by_the_connection_check(speak):
    client = speak(order_query="upstream")
    with pytest.raises(HttpStatusError, match="404"):
        client.find_order("ODOO-NOTHING")
    report = client.check_connection()
    assert report.post_accepted and report.dialect.order_query == "upstream"


def test_order_query_with_other_names_is_found_by_the_connection_check(speak):
    client = speak(order_query="camel")
    report = client.check_connection()
    assert report.post_accepted and report.dialect.order_query == "camel"


def test_a_query_answer_with_other_orders_keeps_only_those_asked_for(
    speak, line_for, order_request, sandbox
):
    client = speak(query_ignores_filter=True)
    item = sandbox.catalog.find(min_skus=1)
    mine = client.create_order(order_request("ODOO-MINE", [line_for(item, 1)]))
    other = client.create_order(order_request("ODOO-OTHER", [line_for(item, 1)]))
    assert [o.purchase_id for o in client.find_order("ODOO-MINE").orders] == mine.purchase_ids
    by_id = client.query_orders(purchase_ids=other.purchase_ids)
    assert [o.purchase_id for o in by_id] == other.purchase_ids
    assert client.check_connection().foreign_orders >= 1


def test_query_answer_without_line_numbers(speak, line_for, order_request, sandbox):
    client = speak(query_line_numbers=False)
    item = sandbox.catalog.find(min_skus=1)
    client.create_order(order_request("ODOO-NOLINE", [line_for(item, 1)]))
    [order] = client.find_order("ODOO-NOLINE").orders
    assert [sub.order_line_no for sub in order.sub_orders] == [""]
    assert order.sub_orders[0].item_id and order.sub_orders[0].quantity == 1


def _bought(client, sandbox, line_for, order_request, third_id):
    item = sandbox.catalog.find(min_skus=1)
    return client.create_order(order_request(third_id, [line_for(item, 1)])).purchase_ids


@pytest.mark.parametrize("shape", ["flat", "nested"])
def test_pay_answer_shapes(speak, sandbox, line_for, order_request, shape):
    client = speak(pay_answer=shape)
    [purchase_id] = _bought(client, sandbox, line_for, order_request, f"ODOO-PAY-{shape}")
    client.find_order(f"ODOO-PAY-{shape}")  # BULIDING -> WAIT_BUYER_P
    result = client.pay_orders([purchase_id, 999999])
    assert result.will_pay_ids == [purchase_id]
    assert list(result.failed) == [999999] and result.failed[999999]
    assert result.unknown_ids == []


def test_an_unreadable_pay_answer_means_outcome_unknown(speak, sandbox, line_for, order_request):
    client = speak(pay_answer="odd")
    [purchase_id] = _bought(client, sandbox, line_for, order_request, "ODOO-PAY-ODD")
    client.find_order("ODOO-PAY-ODD")
    with pytest.raises(PayOutcomeUnknown) as caught:
        client.pay_orders([purchase_id])
    assert caught.value.outcome_unknown
    # it was paid all the same: only a query can tell
    [order] = client.find_order("ODOO-PAY-ODD").orders
    assert order.status == "WAIT_SELLER_SEND_GOODS"


@pytest.mark.parametrize("shape", ["totals", "per_item"])
def test_render_answer_shapes(speak, sandbox, line_for, order_request, shape):
    client = speak(render_answer=shape)
    shops = {}
    for item in sandbox.catalog.find_all(min_skus=1):
        shops.setdefault(item.shop_name, item)
    first, second = list(shops.values())[:2]
    request = order_request("ODOO-RENDER", [line_for(first, 1), line_for(second, 2)])
    preview = client.preview_order(preview_request_for(request))
    goods = sum(line.price_fen * line.quantity for line in request.lines)
    assert preview.shipping_fee_fen == 1600  # 8 yuan for each of the two suppliers
    assert preview.total_fen == goods + 1600


def test_a_preview_that_tells_no_total_is_refused():
    assert find_payload("render", {"result": {"data": {"foo": 1}}}) is None
    with pytest.raises(ValueError, match="no total"):
        PreviewResult.from_api({"unavailableSkuList": []})


def test_an_unrecognised_preview_answer_is_an_error_not_a_zero_total(client):
    with pytest.raises(MalformedResponseError, match="shape"):
        client._payload("render", {"result": {"success": True}}, "/render", None)


@pytest.mark.parametrize("shape", ["flat", "nested"])
def test_search_and_bunker_answer_shapes(speak, sandbox, shape):
    client = speak(catalog_answer=shape)
    item = sandbox.catalog.find(min_skus=2)
    page = client.search_items(item.keywords[0], page_size=5)
    assert page.items and all(hit.price_fen > 0 for hit in page.items)
    bunker = client.get_bunker(item.item_id)
    assert bunker.mp_id == item.mp_id and len(bunker.skus) == len(item.skus)


def test_integer_search_price_is_fen_and_text_is_yuan():
    from dajisaas import SearchItem

    assert SearchItem.model_validate({"itemId": 1, "price": 2990}).price_fen == 2990
    assert SearchItem.model_validate({"itemId": 1, "price": "29.90"}).price_fen == 2990


def test_detail_request_names_its_source_market(client, sandbox, exchanges):
    client.get_item(sandbox.catalog.find(min_skus=1).item_id)
    assert exchanges[-1].request["item_resource"] == "taobao"


def test_partial_success_is_off_unless_asked(order_request, line_for, sandbox):
    item = sandbox.catalog.find(min_skus=1)
    assert order_request("X", [line_for(item, 1)]).to_body()["support_partial_success"] is False


@pytest.mark.parametrize(
    "variant", [MESSAGE_SIGNATURE_VARIANTS[0], "base64.sha1.message", "hex.sha256.app_key_message"]
)
def test_sandbox_messages_signed_in_each_dialect(
    speak, sandbox, callback, line_for, order_request, variant
):
    client = speak(message_signature=variant)
    _bought(client, sandbox, line_for, order_request, "ODOO-MSG-DIALECT")
    client.find_order("ODOO-MSG-DIALECT")
    form = callback.get(timeout=5)
    [message], [signature] = form[MESSAGE_FIELD], form[MESSAGE_SIGNATURE_FIELD]
    assert verify_message_signature(
        message, signature, DEFAULT_APP_SECRET, variant, app_key=DEFAULT_APP_KEY
    )
    found = matching_message_signatures(message, signature, DEFAULT_APP_SECRET, DEFAULT_APP_KEY)
    assert found == [variant]


def test_connection_check_tells_an_unknown_query_shape(client, monkeypatch):
    import dajisaas.client as client_module

    monkeypatch.setattr(client_module, "find_payload", lambda answer, data: None)
    report = client.check_connection()
    assert report.post_accepted and not report.query_shape_recognised


def test_every_convention_constant_is_read():
    """Conventions.py names nothing the code does not use."""
    import pathlib

    from dajisaas import conventions

    package = pathlib.Path(conventions.__file__).parent
    readers = [*package.glob("*.py"), *package.parent.glob("[cmw]*/*.py")]
    sources = "".join(
        path.read_text(encoding="utf-8") for path in readers if path.name != "conventions.py"
    )
    names = [name for name in vars(conventions) if name.isupper()]
    assert names
    unread = [name for name in names if name not in sources]
    assert unread == []


def test_a_decimal_search_price_is_yuan():
    from decimal import Decimal

    from dajisaas import SearchItem

    # JSON decimals are parsed as Decimal (never float): they are yuan
    assert SearchItem.model_validate({"itemId": 1, "price": Decimal("29.9")}).price_fen == 2990


def test_pages_capped_below_the_size_asked_are_walked_to_the_total(
    client, sandbox, line_for, order_request, monkeypatch
):
    import dajisaas_sandbox.api as sandbox_api

    asked_for = sandbox_api.page_param

    def capped(params, name, default, maximum=None):
        value = asked_for(params, name, default, maximum)
        return min(value, 2) if name == "page_size" else value  # caps without a word

    monkeypatch.setattr(sandbox_api, "page_param", capped)
    item = sandbox.catalog.find(min_skus=1)
    created = []
    for number in range(5):
        created += client.create_order(
            order_request(f"ODOO-CAP-{number}", [line_for(item, 1)])
        ).purchase_ids
    assert sorted(o.purchase_id for o in client.query_orders(purchase_ids=created)) == sorted(
        created
    )
