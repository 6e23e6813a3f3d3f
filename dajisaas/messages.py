"""The English text of every error reason the client gives: one catalogue.

``str()`` of a client error is its reason's text here (with the endpoint and trace id, for
logs); the Odoo layer translates the same text for its users (``models/wording.py``). Each
text is marked with :func:`_`, which Odoo's term export reads, so that the translations
live with the addon's others. A text names its values as ``%(name)s``.
"""

# pylint: disable=prefer-env-translation
# (``_`` below is the pure marker Odoo's term export reads; this module has no Odoo env)

from collections.abc import Mapping

SETTINGS_LOCATION = "Settings > Sales > Taobao (DajiSaaS)"
"""Where users fix the connection settings; named in error texts."""


def _(text: str) -> str:
    """Mark ``text`` for translation (Odoo's export reads ``_(...)``); return it as it is."""
    return text


ERROR_TEXTS: dict[str, str] = {
    "redirect": _(
        "DajiSaaS answered HTTP %(status)s, a redirect to %(target)s; redirects are never "
        "followed. Check the API URL in %(settings)s."
    ),
    "no_data": _(
        "DajiSaaS answered without the expected data. Try again; if it persists, contact "
        "DajiSaaS support."
    ),
    "unexpected_shape": _(
        "DajiSaaS answered in a shape this addon does not know. The API may have changed: send "
        "the API log to the addon maintainer."
    ),
    "create_unreadable": _(
        "DajiSaaS accepted the order but its answer names no purchase order this addon can read, "
        "so what was bought is unknown. The order is looked up on DajiSaaS before anything is "
        "bought again."
    ),
    "too_large": _(
        "DajiSaaS answered with more than %(limit)s bytes; the answer was not read. Contact "
        "DajiSaaS support."
    ),
    "pay_unknown": _(
        "DajiSaaS accepted the payment request but its answer could not be read, so whether it "
        "paid is unknown. The purchases are looked up now; do not pay them again before that."
    ),
    "invalid_json": _(
        "DajiSaaS's answer was cut off or unreadable. Try again; if it persists, contact "
        "DajiSaaS support."
    ),
    "not_an_envelope": _(
        "The server at the API URL does not answer like DajiSaaS. Check the API URL in "
        "%(settings)s."
    ),
    "html_page": _(
        "DajiSaaS answered with a web page instead of data. Check the API URL in %(settings)s: a "
        "proxy, a login page or a wrong host answers with a page."
    ),
    "connect_timeout": _(
        "Could not connect to DajiSaaS at %(url)s within %(seconds)s s. Check the API URL in "
        "%(settings)s and this server's network access."
    ),
    "read_timeout": _("DajiSaaS did not answer within %(seconds)s s."),
    "connection_closed": _("The connection to DajiSaaS closed before an answer arrived."),
    "connection_refused": _(
        "Could not connect to DajiSaaS at %(url)s (connection refused or host not found). Check "
        "the API URL in %(settings)s and the network."
    ),
    "server_failed": _(
        "DajiSaaS or a gateway in front of it failed (HTTP %(status)s). This is usually "
        "temporary: try again in a few minutes; if it persists, contact DajiSaaS support."
    ),
    "http_not_found": _(
        "DajiSaaS answered HTTP 404 (not found). Check the API URL in %(settings)s: it must be "
        "the server root, without a path."
    ),
    "http_status": _(
        "DajiSaaS answered HTTP %(status)s. Check the API URL and the credentials in "
        "%(settings)s, then try again."
    ),
    "credentials": _(
        "DajiSaaS refused the credentials (%(message)s). Check the appKey, the appSecret and the "
        "signing in %(settings)s (Test Connection finds the signing DajiSaaS accepts), and that "
        "this server's clock is right."
    ),
    "parameter": _(
        "DajiSaaS refused a value of the request: %(message)s. Correct the data it names and try "
        "again."
    ),
    "not_found": _(
        "DajiSaaS does not know this item or order: %(message)s. Check the id; the item may have "
        "been removed."
    ),
    "refused": _(
        "DajiSaaS failed with code %(code)s: %(message)s. Try again later; if it persists, "
        "contact DajiSaaS support with the trace id."
    ),
    "unavailable": _(
        "DajiSaaS cannot supply this item: %(message)s. Check its stock and whether it is open "
        "to distribution, or choose another item."
    ),
    "business": _(
        "DajiSaaS could not do it: %(message)s. Fix the cause it gives and try again, or contact "
        "DajiSaaS support."
    ),
}
"""The text of each :attr:`~.errors.DajisaasError.reason` (keys: :data:`~.errors.REASONS`)."""

AFTER_TEXTS: dict[str, str] = {
    "outcome_unknown": _(
        "The request may have gone through: it is looked up on DajiSaaS before anything is "
        "sent again."
    ),
    "try_again": _("Try again in a few minutes."),
}
"""A sentence some errors' texts are followed by (:func:`after_text`)."""

WITH_ERROR_CODE = ("unavailable", "business")
"""The reasons whose message shows DajiSaaS's own error code after it."""


def error_values(reason: str, details: Mapping[str, object], settings: str) -> dict[str, object]:
    """The values the text of ``reason`` names: its ``details``, where the settings are, and
    an empty message or code when DajiSaaS gave none."""
    values: dict[str, object] = {"message": "", "code": "", **details, "settings": settings}
    if reason in WITH_ERROR_CODE and details.get("error_code"):
        values["message"] = f"{values['message']} [{details['error_code']}]"
    return values


def after_text(reason: str, outcome_unknown: bool) -> str | None:
    """The key in :data:`AFTER_TEXTS` of the sentence that follows the text of ``reason``:
    a request that may have gone through says so (a payment's and a create's text already
    do); a
    connection that timed out or closed says when to try again."""
    if outcome_unknown and reason not in ("pay_unknown", "create_unreadable"):
        return "outcome_unknown"
    if reason in ("read_timeout", "connection_closed"):
        return "try_again"
    return None


def error_message(
    reason: str,
    details: Mapping[str, object],
    *,
    outcome_unknown: bool = False,
    endpoint: str = "",
    trace_id: str | None = None,
) -> str:
    """The English text of ``reason`` with its values, and where it happened (for logs)."""
    text = ERROR_TEXTS[reason] % error_values(reason, details, SETTINGS_LOCATION)
    after = after_text(reason, outcome_unknown)
    if after:
        text = f"{text} {AFTER_TEXTS[after]}"
    where = details.get("where")
    context = ", ".join(
        str(part)
        for part in (endpoint, trace_id and f"trace id {trace_id}", where and f"at {where}")
        if part
    )
    return f"{text} ({context})" if context else text
