import base64
import hashlib
import hmac
import json

import pytest

from dajisaas import (
    MESSAGE_SIGNATURE_VARIANTS,
    PostSigning,
    matching_message_signatures,
    md5_sign,
    verify_message_signature,
)
from dajisaas.signing import message_signature, sign_post, sign_query_params


def _upper_md5(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def test_contract_vector():
    expected = _upper_md5("appKey=ak_demo&item_id=703446760426&secret=sk_demo")
    assert expected == "63F7690774D694FD34870CBAB7ABDECD"
    assert md5_sign({"appKey": "ak_demo", "item_id": "703446760426"}, "sk_demo") == expected


def test_none_dropped_empty_kept_sign_ignored():
    params = {"b": "", "a": None, "sign": "OLD", "c": 3}
    assert md5_sign(params, "s") == _upper_md5("b=&c=3&secret=s")


def test_ascii_order_uppercase_first_raw_values():
    params = {"page_no": 1, "Zeta": "1", "appKey": "k", "keyword": "连衣裙 red&blue"}
    expected = _upper_md5("Zeta=1&appKey=k&keyword=连衣裙 red&blue&page_no=1&secret=s")
    assert md5_sign(params, "s") == expected


def test_booleans_signed_as_json_spelling():
    assert md5_sign({"flag": True}, "s") == _upper_md5("flag=true&secret=s")


def test_sign_query_params_adds_app_key_and_sign_without_secret():
    signed = sign_query_params({"item_id": 703446760426, "language": None}, "ak_demo", "sk_demo")
    assert signed == {
        "item_id": "703446760426",
        "appKey": "ak_demo",
        "sign": _upper_md5("appKey=ak_demo&item_id=703446760426&secret=sk_demo"),
    }


def test_query_params_are_sent_as_they_are_signed():
    # requests would send True as "True" and a list as a repeated key: neither was signed
    signed = sign_query_params({"flag": True, "tags": [1, 2]}, "ak", "sk")
    assert signed["flag"] == "true" and signed["tags"] == "1,2"
    assert signed["sign"] == _upper_md5("appKey=ak&flag=true&tags=1,2&secret=sk")


def test_post_rule_signs_only_app_key_and_request_time():
    body = {"thirdOrderId": "SO1", "receiver": {"name": "x"}, "purchase_amount": 100}
    signed, query = sign_post(
        body, "ak", "sk", 1735700000123, PostSigning.from_code("credentials.ms_string.body")
    )
    assert query == {}
    assert signed["requestTime"] == "1735700000123"
    assert signed["appKey"] == "ak"
    assert signed["sign"] == _upper_md5("appKey=ak&requestTime=1735700000123&secret=sk")
    assert "appSecret" not in signed
    assert body == {"thirdOrderId": "SO1", "receiver": {"name": "x"}, "purchase_amount": 100}


def test_message_signature_is_lowercase_hex_hmac_sha1():
    message = '{"message_type":3,"data":{"status":"WAIT_BUYER_P"}}'
    expected = hmac.new(b"secret", message.encode(), hashlib.sha1).hexdigest()
    assert message_signature(message, "secret") == expected
    assert verify_message_signature(message, expected, "secret")
    assert verify_message_signature(message, expected.upper(), "secret")


def test_message_signature_rejects_tampering_and_empty_values():
    message = '{"message_type":3}'
    signature = message_signature(message, "secret")
    assert not verify_message_signature(message + " ", signature, "secret")
    assert not verify_message_signature(message, signature, "other")
    assert not verify_message_signature(message, "", "secret")
    assert not verify_message_signature(message, signature, "")
    assert not verify_message_signature(message, "zz" + signature[2:], "secret")


BODY = {"thirdOrderId": "SO1", "flag": False, "receiver": {"name": "仓"}, "lines": [1]}


@pytest.mark.parametrize(
    ("code", "signed_text"),
    [
        (
            "scalars.ms_string.body",
            "appKey=ak&flag=false&requestTime=1735700000123&thirdOrderId=SO1&secret=sk",
        ),
        (
            "values.ms_string.body",
            'appKey=ak&flag=false&lines=[1]&receiver={"name":"仓"}&requestTime=1735700000123'
            "&thirdOrderId=SO1&secret=sk",
        ),
        ("credentials.s_string.body", "appKey=ak&requestTime=1735700000&secret=sk"),
        ("credentials.ms_number.body", "appKey=ak&requestTime=1735700000123&secret=sk"),
    ],
)
def test_post_signing_variants(code, signed_text):
    signed, query = sign_post(BODY, "ak", "sk", 1735700000123, PostSigning.from_code(code))
    assert signed["sign"] == _upper_md5(signed_text)
    assert query == {}
    assert isinstance(signed["requestTime"], int) == code.endswith("ms_number.body")


def test_post_credentials_in_the_query_string_leave_the_body_alone():
    variant = PostSigning.from_code("credentials.ms_number.query")
    body, query = sign_post(BODY, "ak", "sk", 1735700000123, variant)
    assert body == BODY
    assert query == {
        "appKey": "ak",
        "requestTime": "1735700000123",
        "sign": _upper_md5("appKey=ak&requestTime=1735700000123&secret=sk"),
    }


def test_unknown_signing_variant_is_refused():
    with pytest.raises(ValueError, match="not a POST signing variant"):
        PostSigning.from_code("everything.ms.body")


MESSAGE = json.dumps({"message_type": 3, "data": {"status": "WAIT_BUYER_P"}})


@pytest.mark.parametrize("variant", MESSAGE_SIGNATURE_VARIANTS)
def test_each_message_signature_variant_verifies_and_is_told_apart(variant):
    signature = message_signature(MESSAGE, "secret", variant, app_key="ak")
    assert verify_message_signature(MESSAGE, signature, "secret", variant, app_key="ak")
    assert matching_message_signatures(MESSAGE, signature, "secret", app_key="ak") == [variant]
    assert not verify_message_signature(MESSAGE, signature, "other", variant, app_key="ak")


def test_base64_message_signature_matches_the_java_mac_output():
    digest = hmac.new(b"secret", MESSAGE.encode(), hashlib.sha1).digest()
    signature = base64.b64encode(digest).decode()
    assert verify_message_signature(MESSAGE, signature, "secret", "base64.sha1.message")
    # base64 is case-sensitive: a changed case is another signature
    assert not verify_message_signature(
        MESSAGE, signature.swapcase(), "secret", "base64.sha1.message"
    )
    assert not verify_message_signature(MESSAGE, signature, "secret")  # the hex default
