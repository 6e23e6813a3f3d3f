import time

import pytest

from dajisaas_sandbox import SandboxServer

SEARCH = "/taobao/traffic/item/search"
QUERY = "/taobao/purchase/order/query"
ELEVEN_MINUTES_MS = 11 * 60 * 1000


def test_signed_get_is_accepted(api):
    assert api.get(SEARCH, {"keyword": "tea"})["code"] == 200


def test_signed_post_is_accepted(api):
    assert api.post(QUERY, {"outer_purchase_id": "nothing"})["code"] == 200


def test_debug_mode_get_and_post_are_accepted(api):
    assert api.get(SEARCH, {"keyword": "tea"}, auth="debug")["code"] == 200
    assert api.post(QUERY, {"outer_purchase_id": "x"}, auth="debug")["code"] == 200


@pytest.mark.parametrize("auth", ["signed", "debug"])
def test_unknown_app_key_is_refused(api, auth):
    api.app_key = "someone-else"
    reply = api.get(SEARCH, {"keyword": "tea"}, auth=auth)
    assert reply["code"] == 401
    assert "appKey" in reply["message"]
    assert api.post(QUERY, {"outer_purchase_id": "x"}, auth=auth)["code"] == 401


def test_missing_credentials_are_refused(api):
    assert api.get(SEARCH, {"keyword": "tea"}, auth="none")["code"] == 401
    assert api.post(QUERY, {"outer_purchase_id": "x"}, auth="none")["code"] == 401


def test_bad_get_sign_is_refused(api):
    params = api.query_params({"keyword": "tea"})
    params["keyword"] = "dress"  # signed for another value
    response = api.session.get(api.base_url + SEARCH, params=params, timeout=5)
    assert response.json()["code"] == 401
    assert "sign" in response.json()["message"]


def test_get_sign_must_be_uppercase(api):
    params = api.query_params({"keyword": "tea"})
    params["sign"] = params["sign"].lower()
    assert api.session.get(api.base_url + SEARCH, params=params, timeout=5).json()["code"] == 401


def test_get_sign_covers_empty_values(api):
    reply = api.get(SEARCH, {"keyword": "tea", "language": ""})
    assert reply["code"] == 200


def test_bad_post_sign_is_refused(api):
    body = api.json_body({"outer_purchase_id": "x"})
    body["sign"] = "0" * 32
    reply = api.session.post(api.base_url + QUERY, json=body, timeout=5).json()
    assert reply["code"] == 401


def test_post_without_request_time_is_refused(api):
    body = api.json_body({"outer_purchase_id": "x"})
    del body["requestTime"]
    assert api.session.post(api.base_url + QUERY, json=body, timeout=5).json()["code"] == 401


def test_request_time_must_be_a_string(api):
    body = api.json_body({"outer_purchase_id": "x"})
    body["requestTime"] = int(body["requestTime"])
    reply = api.session.post(api.base_url + QUERY, json=body, timeout=5).json()
    assert reply["code"] == 401
    assert "requestTime" in reply["message"]


@pytest.mark.parametrize("offset_ms", [-ELEVEN_MINUTES_MS, ELEVEN_MINUTES_MS])
def test_stale_request_time_is_refused(api, offset_ms):
    request_time = str(int(time.time() * 1000) + offset_ms)
    body = api.json_body({"outer_purchase_id": "x"}, request_time=request_time)
    reply = api.session.post(api.base_url + QUERY, json=body, timeout=5).json()
    assert reply["code"] == 401
    assert reply["message"].endswith("requestTime expired")


def test_request_time_nine_minutes_old_is_accepted(api):
    request_time = str(int(time.time() * 1000) - 9 * 60 * 1000)
    body = api.json_body({"outer_purchase_id": "x"}, request_time=request_time)
    assert api.session.post(api.base_url + QUERY, json=body, timeout=5).json()["code"] == 200


def test_wrong_app_secret_in_debug_mode_is_refused(api):
    api.app_secret = "not-the-secret"
    reply = api.get(SEARCH, {"keyword": "tea"}, auth="debug")
    assert reply["code"] == 401
    assert "appSecret" in reply["message"]


def test_debug_mode_can_be_disabled(client_factory):
    with SandboxServer(app_key="k", app_secret="s", allow_debug=False) as server:
        client = client_factory(server.url, "k", "s")
        reply = client.get(SEARCH, {"keyword": "tea"}, auth="debug")
        assert reply["code"] == 401
        assert "debug" in reply["message"]
        assert client.post(QUERY, {"outer_purchase_id": "x"}, auth="debug")["code"] == 401
        assert client.get(SEARCH, {"keyword": "tea"})["code"] == 200
        assert client.post(QUERY, {"outer_purchase_id": "x"})["code"] == 200


def test_invalid_json_body_is_a_parameter_error(api):
    response = api.session.post(api.base_url + QUERY, data=b"{not json", timeout=5)
    assert response.json()["code"] == 400


def test_every_response_has_a_fresh_trace_id(api):
    first = api.get(SEARCH, {"keyword": "tea"})
    second = api.get(SEARCH, {"keyword": "tea"})
    assert first["traceId"] != second["traceId"]
    for reply in (first, second):
        assert len(reply["traceId"]) == 32
        int(reply["traceId"], 16)
        assert reply["message"] == "操作成功"
        assert abs(reply["timestamp"] - time.time() * 1000) < 60_000
