# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the DajiSaaS client reports, worded for the user in their language.

The pure ``dajisaas`` package gives a stable code and values (``DajisaasError.reason`` and
``details``, ``MappingProblem``) and, for errors, the one English text of each code
(``dajisaas/messages.py``); the sentences a user reads are translated here, through Odoo.
An error raised without a code falls back to its English text.
"""

import contextlib

from odoo.exceptions import UserError

from ..dajisaas import DajisaasError
from ..dajisaas.messages import AFTER_TEXTS, ERROR_TEXTS, after_text, error_values


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


def error_text(env, error):
    """The user's sentence for a ``DajisaasError`` (or any exception: its own text).

    The English text of each reason is the client's own (``dajisaas/messages.py``, whose
    texts Odoo's term export reads): translated here, in the reader's language."""
    reason = getattr(error, "reason", "")
    if reason not in ERROR_TEXTS:
        return str(error)
    details = dict(getattr(error, "details", {}) or {})
    text = env._(ERROR_TEXTS[reason], **error_values(reason, details, _settings(env)))
    after = after_text(reason, bool(getattr(error, "outcome_unknown", False)))
    if after:
        text += " " + env._(AFTER_TEXTS[after])
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
