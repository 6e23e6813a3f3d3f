"""Removal of the app secret and request signatures from logged or displayed text."""

import logging
import re
from collections.abc import Iterable, Mapping

REDACTED = "***"

SENSITIVE_KEYS = frozenset({"appSecret", "sign", "secret"})
"""Request keys whose values are never logged, recorded or shown."""

_SENSITIVE_VALUE = re.compile(
    r"""(?P<key>\b(?:appSecret|sign|secret)\b["']?\s*[:=]\s*["']?)(?P<value>[^"'&\s,}]+)"""
)


def redact_mapping(params: Mapping[str, object]) -> dict[str, object]:
    """Return a copy of request params with sensitive values replaced by ``***``."""
    return {key: REDACTED if key in SENSITIVE_KEYS else value for key, value in params.items()}


class Redactor:
    """Removes known secrets, and values of sensitive keys, from free text."""

    def __init__(self, secrets: Iterable[str]):
        # Longest first, so that a secret containing another one is fully removed.
        self._secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        """Return ``text`` with every secret and sensitive value replaced by ``***``."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _SENSITIVE_VALUE.sub(lambda match: match["key"] + REDACTED, text)


class CredentialLogFilter(logging.Filter):
    """Redacts credentials from log records of libraries that log request URLs.

    urllib3 logs every request line at DEBUG, query string included: with GET signing
    that is the ``sign``, and in debug mode the ``appSecret`` itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SENSITIVE_VALUE.sub(lambda match: match["key"] + REDACTED, message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


URL_LOGGING_LIBRARIES = ("urllib3.connectionpool",)


def install_credential_log_filter() -> None:
    """Add :class:`CredentialLogFilter` to the loggers that log request URLs (once)."""
    for name in URL_LOGGING_LIBRARIES:
        library_logger = logging.getLogger(name)
        if not any(isinstance(f, CredentialLogFilter) for f in library_logger.filters):
            library_logger.addFilter(CredentialLogFilter())
