"""DajiSaaS request signing (MD5) and webhook message verification (HMAC).

The open parts of both rules are choices of a :class:`~.dialect.Dialect`.
"""

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping

from .conventions import REQUEST_TIME_KEY, SIGN_KEY, SIGN_SECRET_KEY
from .dialect import MESSAGE_SIGNATURE_VARIANTS, GetSigning, MessageSignature, PostSigning

APP_KEY = "appKey"


def wire_value(value: object) -> str:
    """A scalar as it is both signed and sent: JSON spelling for booleans.

    Lists become comma-joined text so that the query string carries exactly one value per
    key, the one that was signed (``requests`` would repeat the key instead).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(wire_value(item) for item in value)
    return str(value)


def string_to_sign(params: Mapping[str, object], app_secret: str, sign_text: str = "pairs") -> str:
    """The text the MD5 sign of ``params`` is computed over.

    ``sign`` and ``None`` values are left out (empty strings are kept) and keys are sorted
    by ASCII (uppercase before lowercase), with raw values. ``pairs``: ``k=v`` joined with
    ``&``, then ``&secret=<app_secret>``; ``top``: the secret, ``kv`` without separators,
    the secret.
    """
    pairs = sorted(
        (key, wire_value(value))
        for key, value in params.items()
        if key != SIGN_KEY and value is not None
    )
    if sign_text == "top":
        return app_secret + "".join(f"{key}{value}" for key, value in pairs) + app_secret
    text = "&".join(f"{key}={value}" for key, value in pairs)
    return text + f"&{SIGN_SECRET_KEY}={app_secret}"


def md5_sign(
    params: Mapping[str, object],
    app_secret: str,
    sign_text: str = "pairs",
    sign_case: str = "upper",
) -> str:
    """Return the DajiSaaS MD5 signature of ``params`` (see :func:`string_to_sign`): the MD5
    hex of the UTF-8 text, upper case unless ``sign_case`` is ``lower``."""
    digest = hashlib.md5(string_to_sign(params, app_secret, sign_text).encode("utf-8")).hexdigest()
    return digest if sign_case == "lower" else digest.upper()


def sign_query_params(
    params: Mapping[str, object],
    app_key: str,
    app_secret: str,
    variant: GetSigning | None = None,
) -> dict[str, str]:
    """Return GET query params as sent: text values, ``appKey`` and ``sign`` added, ``None``
    values dropped; signed as ``variant`` says (the contract's rule by default)."""
    variant = variant or GetSigning("pairs", "upper")
    signed = {key: wire_value(value) for key, value in params.items() if value is not None}
    signed[APP_KEY] = app_key
    signed[SIGN_KEY] = md5_sign(signed, app_secret, variant.sign_text, variant.sign_case)
    return signed


def _request_time(time_ms: int, time_format: str) -> str | int:
    if time_format == "ms_number":
        return time_ms
    if time_format == "s_string":
        return str(time_ms // 1000)
    return str(time_ms)


def _signed_fields(body: Mapping[str, object], signed_fields: str) -> dict[str, object]:
    if signed_fields == "scalars":
        return {
            key: value
            for key, value in body.items()
            if isinstance(value, str | int | float | bool)
        }
    if signed_fields == "values":
        return {
            key: value
            if isinstance(value, str | int | float | bool) or value is None
            else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            for key, value in body.items()
        }
    return {}


def sign_post(
    body: Mapping[str, object],
    app_key: str,
    app_secret: str,
    request_time_ms: int,
    variant: PostSigning,
) -> tuple[dict[str, object], dict[str, str]]:
    """Return ``(json_body, query_params)`` of a signed POST-JSON request.

    ``variant`` says which fields the sign covers, how ``requestTime`` is written and whether
    the credentials travel in the body or in the query string.
    """
    credentials: dict[str, object] = {
        APP_KEY: app_key,
        REQUEST_TIME_KEY: _request_time(request_time_ms, variant.request_time_format),
    }
    signed = {**_signed_fields(body, variant.signed_fields), **credentials}
    credentials[SIGN_KEY] = md5_sign(signed, app_secret)
    if variant.credentials_in == "query":
        return dict(body), {key: wire_value(value) for key, value in credentials.items()}
    return {**body, **credentials}, {}


def post_string_to_sign(
    body: Mapping[str, object],
    app_key: str,
    app_secret: str,
    request_time_ms: int,
    variant: PostSigning,
) -> str:
    """The text the sign of a POST made by :func:`sign_post` covers."""
    credentials = {
        APP_KEY: app_key,
        REQUEST_TIME_KEY: _request_time(request_time_ms, variant.request_time_format),
    }
    return string_to_sign(
        {**_signed_fields(body, variant.signed_fields), **credentials}, app_secret
    )


def message_signature(
    message: str, app_secret: str, variant: str = MESSAGE_SIGNATURE_VARIANTS[0], app_key: str = ""
) -> str:
    """Return the expected ``_dj_signature`` of a webhook ``message`` under ``variant``."""
    choice = MessageSignature.from_code(variant)
    text = (app_key + message) if choice.signed_input == "app_key_message" else message
    digest = hmac.new(app_secret.encode("utf-8"), text.encode("utf-8"), choice.algorithm)
    if choice.encoding == "base64":
        return base64.b64encode(digest.digest()).decode("ascii")
    return digest.hexdigest()


def _same_signature(expected: str, given: str, encoding: str) -> bool:
    given = given.strip()
    if encoding == "hex":
        expected, given = expected.lower(), given.lower()
    try:
        given_bytes = given.encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(expected.encode("ascii"), given_bytes)


def verify_message_signature(
    message: str,
    signature: str,
    app_secret: str,
    variant: str = MESSAGE_SIGNATURE_VARIANTS[0],
    app_key: str = "",
) -> bool:
    """Tell whether ``signature`` is the valid ``_dj_signature`` of ``message``.

    ``message`` must be the exact form field text as received (not re-serialized JSON).
    The comparison is constant-time; hex ignores letter case.
    """
    if not signature or not app_secret:
        return False
    expected = message_signature(message, app_secret, variant, app_key)
    return _same_signature(expected, signature, MessageSignature.from_code(variant).encoding)


def matching_message_signatures(
    message: str, signature: str, app_secret: str, app_key: str = ""
) -> list[str]:
    """The message signature variants under which ``signature`` is valid (a diagnosis).

    Without an appKey, the variants over appKey + message are the same as those over the
    message alone, and are left out.
    """
    return [
        variant
        for variant in MESSAGE_SIGNATURE_VARIANTS
        if (app_key or not variant.endswith(".app_key_message"))
        and verify_message_signature(message, signature, app_secret, variant, app_key)
    ]
