import hashlib
import hmac

from dajisaas_sandbox.signing import message_signature, post_sign, request_sign


def test_contract_test_vector():
    params = {"appKey": "ak_demo", "item_id": "703446760426"}
    expected = (
        hashlib.md5(b"appKey=ak_demo&item_id=703446760426&secret=sk_demo").hexdigest().upper()
    )
    assert expected == "63F7690774D694FD34870CBAB7ABDECD"
    assert request_sign(params, "sk_demo") == expected


def test_sign_ignores_sign_and_none_but_keeps_empty_strings():
    params = {"b": "", "appKey": "ak_demo", "sign": "XYZ", "a": None, "Z": "1"}
    text = "Z=1&appKey=ak_demo&b=&secret=sk_demo"  # ASCII order: uppercase first
    assert request_sign(params, "sk_demo") == hashlib.md5(text.encode()).hexdigest().upper()


def test_sign_uses_raw_utf8_values():
    params = {"appKey": "ak_demo", "keyword": "连衣裙 dress&x"}
    text = "appKey=ak_demo&keyword=连衣裙 dress&x&secret=sk_demo"
    assert request_sign(params, "sk_demo") == hashlib.md5(text.encode()).hexdigest().upper()


def test_post_sign_covers_app_key_and_request_time_only():
    assert post_sign("ak_demo", "1735700000000", "sk_demo") == "FB7AE1C87D4C1CF33B0EA30D1AEDD72A"


def test_message_signature_is_lowercase_hex_hmac_sha1():
    signature = message_signature('{"message_type":3}', "sk_demo")
    assert signature == "3d2b93c74ec2f338e044b83c0768bb3127edbb91"
    expected = hmac.new(b"sk_demo", b'{"message_type":3}', hashlib.sha1).hexdigest()
    assert signature == expected
