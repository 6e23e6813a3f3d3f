"""Every reason the client gives is in the one catalogue of texts (messages.py), whose
texts are complete and are what ``str()`` of an error says."""

import ast
import pathlib

from dajisaas.errors import (
    REASONS,
    CreateOutcomeUnknown,
    MalformedResponseError,
    RequestTimeout,
)
from dajisaas.messages import AFTER_TEXTS, ERROR_TEXTS, error_message

PACKAGE = pathlib.Path(__file__).resolve().parent.parent


def _reasons_in_source():
    """String constants passed to ``.because(...)`` or assigned to a name ``reason``."""
    found = set()
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "because"
                and node.args
            ):
                roots = [node.args[0]]
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "reason" for target in node.targets
            ):
                roots = [node.value]
            else:
                continue
            for root in roots:
                for leaf in ast.walk(root):
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str):
                        found.add(leaf.value)
    return found


def test_every_reason_in_the_code_is_catalogued():
    in_source = _reasons_in_source()
    assert in_source, "the scan found the client's reasons"
    assert in_source <= REASONS, in_source - REASONS


def test_every_catalogued_reason_is_given_somewhere():
    assert REASONS <= _reasons_in_source(), REASONS - _reasons_in_source()


VALUES = {"status": 302, "target": "t", "limit": 1, "url": "u", "seconds": 1}


def test_every_text_is_complete_with_its_values():
    for reason in REASONS:
        text = error_message(reason, VALUES)
        assert "%(" not in text and text.endswith("."), (reason, text)


def test_str_of_an_error_is_its_catalogue_text_and_where():
    error = RequestTimeout(endpoint="/x", trace_id="T1", outcome_unknown=True).because(
        "read_timeout", endpoint="/x", seconds=3
    )
    assert str(error) == (
        ERROR_TEXTS["read_timeout"] % {"seconds": 3}
        + " "
        + AFTER_TEXTS["outcome_unknown"]
        + " (/x, trace id T1)"
    )


def test_a_log_says_where_an_answer_broke_and_a_create_says_it_once():
    shape = MalformedResponseError(endpoint="/q").because(
        "unexpected_shape", endpoint="/q", where="the query did not end within 20 pages"
    )
    assert str(shape).endswith("(/q, at the query did not end within 20 pages)")
    create = CreateOutcomeUnknown().because("create_unreadable")
    assert str(create) == ERROR_TEXTS["create_unreadable"]
