"""Signatures: the MD5 request sign and the HMAC-SHA1 of webhook messages.

Written from the wire contract, independently of the client package, so that each side
checks the other.
"""

import hashlib
import hmac


def request_sign(params, app_secret, variant="pairs.upper"):
    """MD5 hex over the parameters sorted by key: ``k=v`` pairs joined by ``&`` with
    ``&secret=`` appended (``pairs``), or the secret, ``kv`` without separators and the
    secret again (``top``); upper case hex unless the variant says ``lower``.

    ``sign`` itself and None values are left out; empty strings are kept. Values are
    joined raw, not URL-encoded.
    """
    text_rule, case = variant.split(".")
    pairs = sorted(
        (key, value) for key, value in params.items() if key != "sign" and value is not None
    )
    if text_rule == "top":
        text = app_secret + "".join(f"{key}{value}" for key, value in pairs) + app_secret
    else:
        text = "&".join(f"{key}={value}" for key, value in pairs) + f"&secret={app_secret}"
    digest = hashlib.md5(text.encode("utf-8")).hexdigest()
    return digest if case == "lower" else digest.upper()


def post_sign(app_key, request_time, app_secret):
    """The simplified POST-JSON rule: only ``appKey`` and ``requestTime`` are signed."""
    return request_sign({"appKey": app_key, "requestTime": request_time}, app_secret)


def message_signature(message, app_secret):
    """Lowercase hex HMAC-SHA1 of the exact ``message`` text, keyed by the appSecret."""
    return hmac.new(app_secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha1).hexdigest()
