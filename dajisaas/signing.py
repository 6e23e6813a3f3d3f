"""DajiSaaS request signing (MD5) and webhook message verification (HMAC-SHA1)."""

import hashlib
import hmac
from collections.abc import Mapping

from .conventions import (
    MESSAGE_SIGNATURE_ALGORITHM,
    POST_SIGNED_KEYS,
    REQUEST_TIME_KEY,
    SIGN_KEY,
    SIGN_SECRET_KEY,
)


def _sign_value(value: object) -> str:
    # JSON spells booleans in lowercase; str(True) would give "True".
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def md5_sign(params: Mapping[str, object], app_secret: str) -> str:
    """Return the DajiSaaS MD5 signature of ``params``.

    ``sign`` and ``None`` values are left out (empty strings are kept), keys are sorted by
    ASCII (uppercase before lowercase), joined as ``k=v`` with ``&`` using raw values,
    ``&secret=<app_secret>`` is appended, and the uppercase MD5 hex of the UTF-8 bytes is
    returned.
    """
    pairs = sorted(
        (key, _sign_value(value))
        for key, value in params.items()
        if key != SIGN_KEY and value is not None
    )
    text = "&".join(f"{key}={value}" for key, value in pairs)
    text += f"&{SIGN_SECRET_KEY}={app_secret}"
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def sign_query_params(
    params: Mapping[str, object], app_key: str, app_secret: str
) -> dict[str, object]:
    """Return GET query params with ``appKey`` and ``sign`` added and ``None`` values dropped."""
    signed = {key: value for key, value in params.items() if value is not None}
    signed["appKey"] = app_key
    signed[SIGN_KEY] = md5_sign(signed, app_secret)
    return signed


def sign_json_body(
    body: Mapping[str, object], app_key: str, app_secret: str, request_time_ms: int
) -> dict[str, object]:
    """Return a POST-JSON body with ``appKey``, ``requestTime`` and ``sign`` added.

    The sign covers only :data:`~.conventions.POST_SIGNED_KEYS` (see ``conventions``).
    """
    signed = dict(body)
    signed["appKey"] = app_key
    signed[REQUEST_TIME_KEY] = str(request_time_ms)
    signed[SIGN_KEY] = md5_sign({key: signed[key] for key in POST_SIGNED_KEYS}, app_secret)
    return signed


def message_signature(message: str, app_secret: str) -> str:
    """Return the expected ``_dj_signature`` of a webhook ``message`` (lowercase hex)."""
    return hmac.new(
        app_secret.encode("utf-8"), message.encode("utf-8"), MESSAGE_SIGNATURE_ALGORITHM
    ).hexdigest()


def verify_message_signature(message: str, signature: str, app_secret: str) -> bool:
    """Tell whether ``signature`` is the valid ``_dj_signature`` of ``message``.

    ``message`` must be the exact form field text as received (not re-serialized JSON).
    The comparison is constant-time and ignores hex letter case.
    """
    if not signature or not app_secret:
        return False
    expected = message_signature(message, app_secret)
    return hmac.compare_digest(expected.encode("ascii"), signature.strip().lower().encode())
