"""Validating a plain DajiSaaS answer straight from its JSON body, in one pass.

A large answer (an item with hundreds of SKUs) costs most of its parsing in building Python
objects twice: once for ``json.loads``, once for the models. Pydantic's core reads the body
directly into the models when it is plain: the documented flat envelope with code 200, no
failure flag or nested payload in ``data``, and every key either spelled as a field alias or
read by no field. Any other body gives None and goes through
:func:`.envelope.parse_envelope` and :meth:`.TolerantModel.model_validate`, which accept
every spelling, null and shape, and report every error.
"""

from functools import cache
from typing import Literal, TypeVar

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, create_model

from .tolerant_model import TolerantModel, normalize_key

M = TypeVar("M", bound=TolerantModel)

# Keys in ``data`` that the general path reads: a failure report or a nested payload.
_DATA_STATUS_KEYS = frozenset({"success", "code", "result", "data", "errorcode"})


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    code: Literal[200]
    trace_id: str | None = Field(None, validation_alias=AliasChoices("traceId", "trace_id"))


@cache
def _envelope_of(model: type[TolerantModel]) -> type[_Envelope]:
    return create_model(f"{model.__name__}Envelope", __base__=_Envelope, data=(model, ...))


def validate_plain_answer(body: str | bytes, model: type[M]) -> tuple[M, str | None] | None:
    """The answer's data as ``model`` and its traceId, or None when the body is not plain."""
    try:
        envelope = _envelope_of(model).model_validate_json(body)
    except ValidationError:
        return None
    data: M = envelope.data  # type: ignore[attr-defined]
    extra = data.__pydantic_extra__ or {}
    if any(normalize_key(key) in _DATA_STATUS_KEYS for key in extra):
        return None
    if not data.drop_unread_keys():
        return None
    return data, envelope.trace_id
