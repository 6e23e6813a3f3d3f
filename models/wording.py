# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the DajiSaaS client reports, worded for the user in their language.

The pure ``dajisaas`` package gives a stable code and values (``DajisaasError.reason`` and
``details``, ``MappingProblem``); the sentences a user reads are written here, through Odoo's
translation. An error raised without a code falls back to its English text.
"""

import contextlib

from odoo.exceptions import UserError

from ..dajisaas import DajisaasError


@contextlib.contextmanager
def failure_told(env, sentence):
    """A DajiSaaS failure in the block, raised again for the person waiting as a
    ``UserError`` saying ``sentence(reason)``: ``reason`` is what went wrong, in their
    language (:func:`error_text`)."""
    try:
        yield
    except DajisaasError as error:
        raise UserError(sentence(error_text(env, error))) from None


def _settings(env):
    return env._("Settings > Sales > Taobao (DajiSaaS)")


def _dajisaas_error_texts(env, details):
    settings = _settings(env)
    return {
        "redirect": lambda: env._(
            "DajiSaaS answered HTTP %(status)s, a redirect to %(target)s; redirects are never "
            "followed. Check the API URL in %(settings)s.",
            settings=settings,
            **details,
        ),
        "no_data": lambda: env._(
            "DajiSaaS answered without the expected data. Try again; if it persists, contact "
            "DajiSaaS support."
        ),
        "unexpected_shape": lambda: env._(
            "DajiSaaS answered in a shape this addon does not know. The API may have changed: "
            "send the API log to the addon maintainer."
        ),
        "create_unreadable": lambda: env._(
            "DajiSaaS accepted the order but its answer names no purchase order this addon can "
            "read, so what was bought is unknown. The order is looked up on DajiSaaS before "
            "anything is bought again."
        ),
        "too_large": lambda: env._(
            "DajiSaaS answered with more than %(limit)s bytes; the answer was not read. Contact "
            "DajiSaaS support.",
            **details,
        ),
        "pay_unknown": lambda: env._(
            "DajiSaaS accepted the payment request but its answer could not be read, so "
            "whether it paid is unknown. The purchases are looked up now; do not pay them "
            "again before that."
        ),
        "connect_timeout": lambda: env._(
            "Could not connect to DajiSaaS at %(url)s within %(seconds)s s. Check the API URL "
            "in %(settings)s and this server's network access.",
            settings=settings,
            **details,
        ),
        "read_timeout": lambda: env._("DajiSaaS did not answer within %(seconds)s s.", **details),
        "connection_closed": lambda: env._(
            "The connection to DajiSaaS closed before an answer arrived."
        ),
        "connection_refused": lambda: env._(
            "Could not connect to DajiSaaS at %(url)s (connection refused or host not found). "
            "Check the API URL in %(settings)s and the network.",
            settings=settings,
            **details,
        ),
        "server_failed": lambda: env._(
            "DajiSaaS or a gateway in front of it failed (HTTP %(status)s). This is usually "
            "temporary: try again in a few minutes; if it persists, contact DajiSaaS support.",
            **details,
        ),
        "http_not_found": lambda: env._(
            "DajiSaaS answered HTTP 404 (not found). Check the API URL in %(settings)s: it "
            "must be the server root, without a path.",
            settings=settings,
        ),
        "http_status": lambda: env._(
            "DajiSaaS answered HTTP %(status)s. Check the API URL and the credentials in "
            "%(settings)s, then try again.",
            settings=settings,
            **details,
        ),
        "html_page": lambda: env._(
            "DajiSaaS answered with a web page instead of data. Check the API URL in "
            "%(settings)s: a proxy, a login page or a wrong host answers with a page.",
            settings=settings,
        ),
        "invalid_json": lambda: env._(
            "DajiSaaS's answer was cut off or unreadable. Try again; if it persists, contact "
            "DajiSaaS support."
        ),
        "not_an_envelope": lambda: env._(
            "The server at the API URL does not answer like DajiSaaS. Check the API URL in "
            "%(settings)s.",
            settings=settings,
        ),
        "credentials": lambda: env._(
            "DajiSaaS refused the credentials (%(message)s). Check the appKey, the appSecret "
            "and the signing in %(settings)s (Test Connection finds the signing DajiSaaS "
            "accepts), and that this server's clock is right.",
            settings=settings,
            message=details.get("message", ""),
        ),
        "parameter": lambda: env._(
            "DajiSaaS refused a value of the request: %(message)s. Correct the data it names "
            "and try again.",
            message=details.get("message", ""),
        ),
        "not_found": lambda: env._(
            "DajiSaaS does not know this item or order: %(message)s. Check the id; the item "
            "may have been removed.",
            message=details.get("message", ""),
        ),
        "refused": lambda: env._(
            "DajiSaaS failed with code %(code)s: %(message)s. Try again later; if it "
            "persists, contact DajiSaaS support with the trace id.",
            code=details.get("code", ""),
            message=details.get("message", ""),
        ),
        "unavailable": lambda: env._(
            "DajiSaaS cannot supply this item: %(message)s. Check its stock and whether it is "
            "open to distribution, or choose another item.",
            message=_with_code(details),
        ),
        "business": lambda: env._(
            "DajiSaaS could not do it: %(message)s. Fix the cause it gives and try again, or "
            "contact DajiSaaS support.",
            message=_with_code(details),
        ),
    }


def _with_code(details):
    code = details.get("error_code")
    message = details.get("message", "")
    return f"{message} [{code}]" if code else message


def error_text(env, error):
    """The user's sentence for a ``DajisaasError`` (or any exception: its own text)."""
    reason = getattr(error, "reason", "")
    texts = _dajisaas_error_texts(env, dict(getattr(error, "details", {}) or {}))
    if reason not in texts:
        return str(error)
    text = texts[reason]()
    if getattr(error, "outcome_unknown", False) and reason != "pay_unknown":
        text += " " + env._(
            "The request may have gone through: it is looked up on DajiSaaS before anything "
            "is sent again."
        )
    elif reason in ("read_timeout", "connection_closed"):
        text += " " + env._("Try again in a few minutes.")
    trace_id = getattr(error, "trace_id", None)
    if trace_id:
        text += " " + env._("(DajiSaaS trace id %(trace)s)", trace=trace_id)
    return text


def problem_text(env, problem):
    """The user's sentence for a ``MappingProblem`` of a sale order."""
    roles = {"receiver": env._("Receiver"), "warehouse": env._("China warehouse")}
    fields = {
        "name": env._("the name"),
        "country": env._("the country"),
        "state": env._("the state (province)"),
        "city": env._("the city"),
        "district": env._("the district (put it in Street 2, e.g. 宝安区)"),
        "street": env._("the street"),
        "zip": env._("the zip"),
    }
    role = roles.get(problem.role, problem.role)
    texts = {
        "missing": lambda: env._(
            "%(role)s %(partner)s: %(field)s is missing",
            role=role,
            partner=problem.subject,
            field=fields.get(problem.field, problem.field),
        ),
        "no_phone": lambda: env._(
            "%(role)s %(partner)s: the phone or mobile is missing",
            role=role,
            partner=problem.subject,
        ),
        "quantity": lambda: env._(
            "Line %(line)s: the quantity %(quantity)s must be a whole number of at least 1",
            line=problem.subject,
            quantity=problem.value,
        ),
        "no_mp_id": lambda: env._(
            "Line %(line)s: the product has no DajiSaaS distribution id (mpId); it may not be "
            "open to distribution",
            line=problem.subject,
        ),
        "no_mp_sku_id": lambda: env._(
            "Line %(line)s: the variant has no DajiSaaS SKU id (mpSkuId): link it to a Taobao "
            "SKU",
            line=problem.subject,
        ),
        "no_price": lambda: env._(
            "Line %(line)s: no Taobao price is known; refresh the product from Taobao",
            line=problem.subject,
        ),
        "no_lines": lambda: env._("The order has no Taobao line to purchase"),
    }
    text = texts.get(problem.code)
    return text() if text else str(problem)
