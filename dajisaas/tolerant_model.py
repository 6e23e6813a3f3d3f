"""Base model that reads DajiSaaS payloads whatever their key spelling.

DajiSaaS proxies an upstream API that speaks snake_case while its own examples use
camelCase, and some keys are spelled several ways (``mpSkuId``, ``mpSkuid``,
``mp_sku_id``, ``mp_skuId``). Keys are therefore compared after removing underscores and
lowering the case. Numbers sent as strings are accepted (pydantic's lax mode), ``null``
values fall back to the field default, and unknown keys are ignored.
"""

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from .money import fen_amount, yuan_to_fen


@lru_cache(maxsize=4096)
def normalize_key(key: str) -> str:
    """Return the spelling-independent form of a payload key (``mp_skuId`` → ``mpskuid``).

    Cached: an answer repeats the same few keys on every SKU.
    """
    return key.replace("_", "").lower()


def lookup(payload: Mapping, *wire_keys: str) -> object:
    """Return the first non-null value of ``payload`` under any spelling of ``wire_keys``."""
    wanted = [normalize_key(key) for key in wire_keys]
    by_key = {normalize_key(k): v for k, v in payload.items() if isinstance(k, str)}
    for key in wanted:
        if by_key.get(key) is not None:
            return by_key[key]
    return None


class TolerantModel(BaseModel):
    """Immutable response model filled from any key spelling.

    A field is read from the payload key of the same name unless :attr:`wire_keys` maps
    it to other candidate keys (first one present wins).
    """

    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)

    wire_keys: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    @classmethod
    def _wire_index(cls) -> dict[str, tuple[int, str] | None]:
        """Payload key, as spelled → (its rank among the field's candidates, the field), or
        None for a key no field reads. Filled as keys are met: answers repeat a few keys."""
        index = cls.__dict__.get("_wire_index_cache")
        if index is None:
            index = {}
            type.__setattr__(cls, "_wire_index_cache", index)
            normalized: dict[str, tuple[int, str]] = {}
            for name in cls.model_fields:
                for rank, wire_key in enumerate(cls.wire_keys.get(name, (name,))):
                    normalized.setdefault(normalize_key(wire_key), (rank, name))
            type.__setattr__(cls, "_wire_normalized", normalized)
        return index

    @classmethod
    def _field_of(cls, key: str) -> tuple[int, str] | None:
        index = cls._wire_index()
        try:
            return index[key]
        except KeyError:
            found = cls.__dict__["_wire_normalized"].get(normalize_key(key))
            if len(index) < 1024:  # bounded: keys come from outside
                index[key] = found
            return found

    @model_validator(mode="before")
    @classmethod
    def _pick_wire_keys(cls, payload: object) -> object:
        if not isinstance(payload, Mapping):
            return payload
        index = cls._wire_index()
        picked: dict[str, object] = {}
        ranks: dict[str, int] = {}
        for key, value in payload.items():
            if value is None or not isinstance(key, str):
                continue
            found = index[key] if key in index else cls._field_of(key)
            if found is None:
                continue
            rank, name = found
            # the first candidate key present wins; among spellings of one key, the first
            if name not in ranks or rank < ranks[name]:
                picked[name] = value
                ranks[name] = rank
        return picked


def _fen(value: object) -> object:
    if type(value) is int:
        return value
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        return fen_amount(value)
    return value  # let pydantic report the wrong type


def _fen_from_yuan(value: object) -> object:
    # A JSON integer is fen, as every integer price upstream; text and decimals are yuan.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str | Decimal):
        return yuan_to_fen(value)
    return value


Fen = Annotated[int, BeforeValidator(_fen)]
"""An integer fen amount, possibly sent as a string of digits."""

FenFromYuan = Annotated[int, BeforeValidator(_fen_from_yuan)]
"""A yuan amount on the wire (``"29.90"``, ``29.9``), held as integer fen; a JSON integer is
already fen (the search price is documented as yuan text only)."""
