"""Base model that reads DajiSaaS payloads whatever their key spelling.

DajiSaaS proxies an upstream API that speaks snake_case while its own examples use
camelCase, and some keys are spelled several ways (``mpSkuId``, ``mpSkuid``,
``mp_sku_id``, ``mp_skuId``). Keys are therefore compared after removing underscores and
lowering the case. Numbers sent as strings are accepted (pydantic's lax mode), ``null``
values fall back to the field default, and unknown keys are ignored.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Self, get_args

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
)
from pydantic.alias_generators import to_camel, to_snake
from pydantic_core import CoreSchema, core_schema

from .money import yuan_to_fen


@lru_cache(maxsize=4096)
def normalize_key(key: str) -> str:
    """Return the spelling-independent form of a payload key (``mp_skuId`` → ``mpskuid``).

    Cached: an answer repeats the same few keys on every SKU.
    """
    return key.replace("_", "").lower()


def lookup(payload: Mapping[str, Any], *wire_keys: str) -> object:
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
    it to other candidate keys (first one present wins). The usual spellings of each
    candidate (camelCase, as DajiSaaS documents its answers, then as given and snake_case)
    are validation aliases, read by pydantic's core when a JSON answer is validated directly
    (:mod:`.direct_parse`), which tries them in that order on every object;
    :meth:`model_validate` first picks the fields of a mapping under any spelling and drops
    nulls, down the nested models.
    """

    # "allow": pydantic's core keeps the keys no alias matched, so that a body validated
    # directly can be checked for other spellings of a field; they are then dropped.
    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        coerce_numbers_to_str=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    wire_keys: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        for name, field in cls.model_fields.items():
            field.validation_alias = AliasChoices(*_spellings(cls.wire_keys.get(name, (name,))))
        cls.model_rebuild(force=True)
        nested = cls.nested_models()
        type.__setattr__(
            cls,
            "_nested_fields",
            tuple((name, model, not model.nested_models()) for name, model in nested.items()),
        )
        return super().__pydantic_init_subclass__(**kwargs)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        model = super().model_validate(cls._picked(obj), *args, **kwargs)
        model.drop_unread_keys()
        return model

    def drop_unread_keys(self) -> bool:
        """Forget the payload keys no field read, here and in the nested models.

        :return: False (and nothing dropped past that point) when one of them is another
            spelling of a field, which only :meth:`model_validate` reads.
        """
        cls = type(self)
        extra = self.__pydantic_extra__
        if extra and not _drop_unread(cls, extra):
            return False
        for name, model, leaf in cls.__dict__["_nested_fields"]:
            value = self.__dict__[name]
            items = value if isinstance(value, list) else () if value is None else (value,)
            if not leaf:
                if not all(item.drop_unread_keys() for item in items):
                    return False
                continue
            for item in items:  # the many leaves (SKU properties): no call per item
                extra = item.__pydantic_extra__
                if extra and not _drop_unread(model, extra):
                    return False
        return True

    @classmethod
    def plain_keys(cls) -> frozenset[str]:
        """The keys pydantic reads by itself: every alias of every field."""
        keys = cls.__dict__.get("_plain_keys_cache")
        if keys is None:
            keys = frozenset(
                alias
                for field in cls.model_fields.values()
                if isinstance(field.validation_alias, AliasChoices)
                for alias in field.validation_alias.choices
                if isinstance(alias, str)
            )
            type.__setattr__(cls, "_plain_keys_cache", keys)
        return keys

    @classmethod
    def nested_models(cls) -> dict[str, "type[TolerantModel]"]:
        """Field name → the model its value (or each item of its list) is validated into."""
        nested = cls.__dict__.get("_nested_cache")
        if nested is None:
            nested = {
                name: model
                for name, field in cls.model_fields.items()
                if (model := _model_in(field.annotation)) is not None
            }
            type.__setattr__(cls, "_nested_cache", nested)
        return nested

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
    def field_of(cls, key: str) -> tuple[int, str] | None:
        """(rank among the candidates, field name) that the payload key ``key`` fills."""
        index = cls._wire_index()
        try:
            return index[key]
        except KeyError:
            found: tuple[int, str] | None = cls.__dict__["_wire_normalized"].get(
                normalize_key(key)
            )
            if len(index) < 1024:  # bounded: keys come from outside
                index[key] = found
            return found

    @classmethod
    def _picked(cls, payload: object) -> object:
        """The fields of ``payload`` under their names, nulls dropped, nested models too."""
        if type(payload) is dict:
            readable = cls.__dict__.get("_readable_keys") or cls._learn_keys(())
            if readable.issuperset(payload):
                # pydantic reads these keys itself, once the nulls (missing values) are gone
                if None in payload.values():
                    payload = {key: value for key, value in payload.items() if value is not None}
                return cls._nested_picked(payload)
        if not isinstance(payload, Mapping):
            return payload
        picked: dict[str, object] = {}
        ranks: dict[str, int] = {}
        for key, value in payload.items():
            if value is None or not isinstance(key, str):
                continue
            found = cls.field_of(key)
            if found is None:
                continue
            rank, name = found
            # the first candidate key present wins; among spellings of one key, the first
            if name not in ranks or rank < ranks[name]:
                picked[name] = value
                ranks[name] = rank
        cls._learn_keys(key for key in payload if isinstance(key, str))
        for name, model in cls.nested_models().items():
            value = picked.get(name)
            if isinstance(value, list):
                picked[name] = [model._picked(item) for item in value]
            elif value is not None:
                picked[name] = model._picked(value)
        return picked

    @classmethod
    def _nested_picked(cls, payload: dict[str, Any]) -> dict[str, Any]:
        """``payload`` (keyed by aliases) with its nested models' payloads picked."""
        copied = None
        for name, model in cls.nested_models().items():
            for alias in cls.model_fields[name].validation_alias.choices:  # type: ignore[union-attr]
                if isinstance(alias, str) and alias in payload:
                    value = payload[alias]
                    if isinstance(value, list):
                        value = [model._picked(item) for item in value]
                    else:
                        value = model._picked(value)
                    copied = copied or dict(payload)
                    copied[alias] = value
                    break
        return copied or payload

    @classmethod
    def _learn_keys(cls, keys: Iterable[str]) -> set[str]:
        """The keys read as they are: the aliases, and keys met that fill no field."""
        readable = cls.__dict__.get("_readable_keys")
        if readable is None:
            readable = set(cls.plain_keys())
            type.__setattr__(cls, "_readable_keys", readable)
        for key in keys:
            if len(readable) >= 1024:  # bounded: keys come from outside
                break
            if key not in readable and cls.field_of(key) is None:
                readable.add(key)
        return readable


def _drop_unread(model: type[TolerantModel], extra: dict[str, Any] | None) -> bool:
    if extra:
        if any(model.field_of(key) is not None for key in extra):
            return False
        extra.clear()
    return True


def _spellings(wire_keys: tuple[str, ...]) -> tuple[str, ...]:
    """Each candidate key in camelCase, as given and in snake_case, without repeats."""
    spellings: dict[str, None] = {}
    for key in wire_keys:
        spellings[to_camel(key)] = None
        spellings[key] = None
        spellings[to_snake(key)] = None
    return tuple(spellings)


def _model_in(annotation: object) -> type[TolerantModel] | None:
    """The TolerantModel of an annotation ``M``, ``M | None`` or ``list[M]``, else None."""
    if isinstance(annotation, type) and issubclass(annotation, TolerantModel):
        return annotation
    for argument in get_args(annotation):
        if argument is not type(None) and (model := _model_in(argument)) is not None:
            return model
    return None


def _fen_from_yuan(value: object) -> object:
    # A JSON integer is fen, as every integer price upstream; text and decimals are yuan.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str | Decimal):
        return yuan_to_fen(value)
    return value


MAX_FEN = 10**13
"""The largest amount read, in fen (100 billion yuan): a bound on what an answer can make Odoo
store, well inside the numeric columns of the reports. A business ceiling is the Odoo layer's."""


class _WholeFen:
    """The core schema of :data:`Fen`: validated by pydantic's core, no call into Python."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: object, _handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        digits = len(str(MAX_FEN))
        return core_schema.union_schema(
            [
                core_schema.int_schema(strict=True, ge=0, le=MAX_FEN),
                core_schema.chain_schema(
                    [
                        core_schema.str_schema(strict=True, pattern=rf"^\s*\d{{1,{digits}}}\s*$"),
                        core_schema.int_schema(ge=0, le=MAX_FEN),
                    ]
                ),
            ],
            mode="left_to_right",
            custom_error_type="fen_amount",
            custom_error_message=(
                "an amount in fen: a whole number from 0 to 10^13, as a JSON integer or a "
                "string of digits (a decimal point means another unit)"
            ),
        )


Fen = Annotated[int, _WholeFen]
"""An integer fen amount, a JSON integer or a string of digits. A decimal (``67.00``, even
whole), a negative amount or one above :data:`MAX_FEN` is a shape error, never a silent
reading: yuan read as fen would be 100 times too low and pass every margin guard."""

FenFromYuan = Annotated[int, BeforeValidator(_fen_from_yuan)]
"""A yuan amount on the wire (``"29.90"``, ``29.9``), held as integer fen; a JSON integer is
already fen (the search price is documented as yuan text only)."""


def _web_address(value: Any) -> Any:
    """An http(s) address with a host, else ``""``: a link DajiSaaS sends is shown to people
    as clickable, so nothing else (``javascript:``, ``data:``, a bare word) is kept."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    scheme, _, rest = text.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if scheme.lower() not in ("http", "https") or not host or any(c.isspace() for c in text):
        return ""
    return text


WebAddress = Annotated[str, BeforeValidator(_web_address)]
"""A link for people to open: an http(s) address, or ``""`` when DajiSaaS sent anything else."""


MAX_STOCK = 2**31 - 1
"""The largest stock kept: Odoo stores counts in 32-bit integers."""


def _stock(value: int | None) -> int | None:
    return None if value is None else min(max(value, 0), MAX_STOCK)


class _ClampedStock:
    """The core schema of :data:`Stock`: a count within range is validated by pydantic's core
    alone; only one out of range is clamped in Python (:func:`_stock`)."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: object, _handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.union_schema(
            [
                core_schema.int_schema(ge=0, le=MAX_STOCK),
                core_schema.no_info_after_validator_function(_stock, core_schema.int_schema()),
            ],
            mode="left_to_right",
            custom_error_type="stock_count",
            custom_error_message="a stock count: a whole number, or a string holding one",
        )


Stock = Annotated[int, _ClampedStock]
"""A stock count as DajiSaaS says it, within what Odoo stores: a negative count is none,
a larger one than :data:`MAX_STOCK` is that many (Taobao's own stocks are far smaller)."""
