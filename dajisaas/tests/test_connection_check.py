"""Test Connection finds how a server wants to be signed, whatever shape its refusal has, and
gives DajiSaaS support every attempt when nothing matches."""

import pytest

from dajisaas import GET_SIGNING_VARIANTS, AuthenticationError, DajisaasClient, Dialect
from dajisaas_sandbox import DEFAULT_APP_KEY

REFUSAL_SHAPES = ("code_401", "code_400", "code_10001", "http_401", "http_403")


@pytest.fixture
def speak(sandbox, client):
    def speak(**choices):
        sandbox.set_dialect(choices)
        client.dialect = Dialect()
        return client

    return speak


@pytest.mark.parametrize("variant", GET_SIGNING_VARIANTS)
def test_each_get_signing_variant_is_spoken(speak, variant):
    client = speak(get_signing=variant)
    client.dialect = Dialect(get_signing=variant)
    assert client.search_items("dress").items


@pytest.mark.parametrize("shape", REFUSAL_SHAPES)
def test_a_bad_sign_refused_in_any_shape_makes_the_check_try_the_next_variant(speak, shape):
    """A bad sign came back as HTTP 200 with code 401 only in the contract; with code 400,
    10001 or an HTTP 401/403 the check stopped at the first variant and gave wrong advice."""
    client = speak(
        get_signing="top.lower", post_signing="scalars.s_string.query", bad_sign_answer=shape
    )
    report = client.check_connection()
    assert report.get_accepted and report.dialect.get_signing == "top.lower"
    assert report.post_accepted and report.dialect.post_signing == "scalars.s_string.query"


def test_an_unrelated_refusal_is_not_taken_for_a_signing_one(speak, sandbox):
    client = speak(bad_sign_answer="code_400")
    sandbox.faults.inject("/taobao/traffic/item/search", "business_1009", message="系统繁忙")
    with pytest.raises(Exception, match="系统繁忙"):
        client.check_connection()


def test_when_nothing_matches_support_gets_every_attempt_without_the_secret(sandbox):
    with DajisaasClient(sandbox.url, DEFAULT_APP_KEY, "not-the-secret", timeout=2) as wrong:
        report = wrong.check_connection()
    assert not report.get_accepted and not report.post_accepted
    assert isinstance(report.last_error, AuthenticationError)
    text = report.support_text()
    assert "not-the-secret" not in text
    assert text.count("string to sign:") == len(report.attempts)
    assert len(report.attempts) >= len(GET_SIGNING_VARIANTS) + 1
    assert "&secret=<appSecret>" in text and "<appSecret>appKey" in text  # pairs and top
    assert "/taobao/traffic/item/search" in text and "签名错误" in text


def test_an_item_detail_nested_like_upstream_is_read(speak, sandbox):
    client = speak(catalog_answer="nested")
    item = sandbox.catalog.find(min_skus=1)
    detail = client.get_item(item.item_id)
    assert detail.item_id == item.item_id and detail.skus


UPLOAD = "/taobao/upload/image"
SEARCH_V2 = "/taobao/image-search/url"


def test_the_check_finds_the_search_by_uploaded_picture(client):
    assert client.check_connection().picture_search == "upload"


def test_without_uploads_the_check_finds_the_search_by_picture_address(client, sandbox):
    sandbox.faults.inject(UPLOAD, "http_502", times=10)
    report = client.check_connection()
    assert report.picture_search == "address"
    assert report.picture_address in {u for item in sandbox.catalog.items for u in item.pic_urls}


def test_when_neither_answers_the_check_says_so_and_still_succeeds(client, sandbox):
    sandbox.faults.inject(UPLOAD, "http_502", times=10)
    sandbox.faults.inject(SEARCH_V2, "http_502", times=10)
    report = client.check_connection()
    assert report.post_accepted and report.picture_search is None
