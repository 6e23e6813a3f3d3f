import hashlib
import hmac

from dajisaas import md5_sign, verify_message_signature
from dajisaas.signing import message_signature, sign_json_body, sign_query_params


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
        "item_id": 703446760426,
        "appKey": "ak_demo",
        "sign": _upper_md5("appKey=ak_demo&item_id=703446760426&secret=sk_demo"),
    }


def test_post_rule_signs_only_app_key_and_request_time():
    body = {"thirdOrderId": "SO1", "receiver": {"name": "x"}, "purchase_amount": 100}
    signed = sign_json_body(body, "ak", "sk", 1735700000123)
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
