"""Which Taobao SKU a variant is: its attribute values against the SKUs' properties.

Pure: imports no Odoo. A variant's attributes come as ``(attribute names, value names)``
pairs, each name a string or every translation of it (``("Color", "颜色")``,
``("Red", "红色")``); a SKU's properties as ``(property name, value name)`` pairs.

Names are compared normalized (width, case and whitespace ignored), attribute names also
through a small table of synonyms (颜色 = 颜色分类 = Color = Colour, 尺码 = 尺寸 = Size…).
A value matches a property's value as it is, or else once bracketed decorations are left
out of both (``红色【现货】``, ``XL(建议140-160斤)``). A variant is matched to the one SKU
that fits it best; when two SKUs fit it equally well it is ambiguous, never guessed.
"""

import itertools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

MATCHED = "matched"
AMBIGUOUS = "ambiguous"
NO_MATCH = "none"

# Names a Taobao shop or a seller gives one property; the first of a row stands for it.
SYNONYMS = (
    ("颜色", "颜色分类", "主要颜色", "color", "colour"),
    ("尺码", "尺寸", "大小", "鞋码", "size"),
    ("型号", "适用型号", "model"),
    ("款式", "款式分类", "style"),
    ("规格", "spec", "specification"),
)
_SPACES = re.compile(r"\s+")
# after NFKC full-width brackets are ASCII ones; 【】〔〕「」『』 stay as they are
_DECORATION = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|<[^>]*>|【[^】]*】|〔[^〕]*〕|「[^」]*」|『[^』]*』"
)

Names = str | Iterable[str]
Properties = Sequence[tuple[str, str]]


def normalize(text: str) -> str:
    """``text`` without width, case or whitespace differences: ``" Ｘ L "`` → ``"xl"``."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).casefold()


def undecorated(text: str) -> str:
    """Normalized ``text`` without its bracketed parts: ``"XL(建议140斤)"`` → ``"xl"``."""
    return _DECORATION.sub("", normalize(text))


_SYNONYM_OF = {normalize(name): row[0] for row in SYNONYMS for name in row}


def attribute_key(name: str) -> str:
    """What a property name stands for: the same key for 颜色, 颜色分类 and Colour."""
    key = normalize(name)
    return _SYNONYM_OF.get(key, key)


@dataclass(frozen=True)
class Match:
    """How a variant fits the SKUs: ``code`` is ``MATCHED`` (``sku`` is the SKU),
    ``AMBIGUOUS`` (``candidates`` fit equally well) or ``NO_MATCH``. ``rank`` says how well
    the SKU fits: 0 same values, 1 the SKU has more properties, 2 same values once
    decorations are left out, 3 both."""

    code: str
    sku: Hashable | None = None
    candidates: tuple[Hashable, ...] = ()
    rank: int | None = None


@dataclass(frozen=True)
class _Attribute:
    keys: frozenset[str]
    values: frozenset[str]
    bare: frozenset[str]

    @classmethod
    def of(cls, names: Names, values: Names) -> "_Attribute":
        names, values = _strings(names), _strings(values)
        return cls(
            frozenset(attribute_key(n) for n in names),
            frozenset(normalize(v) for v in values) - {""},
            frozenset(undecorated(v) for v in values) - {""},
        )


def _strings(names: Names) -> list[str]:
    return [names] if isinstance(names, str) else [n for n in names if n]


def _value_level(attribute: _Attribute, value: str) -> int | None:
    """0 when ``value`` is one of the attribute's values, 1 once undecorated, else None."""
    if normalize(value) in attribute.values:
        return 0
    if undecorated(value) in attribute.bare:
        return 1
    return None


def _rank(attributes: list[_Attribute], properties: Properties) -> int | None:
    """How well one SKU fits (see ``Match.rank``); None when it does not.

    Each attribute takes a property of its own: one named like it when the SKU has such a
    property, else any property whose value is one of the attribute's values.
    """
    keys = [attribute_key(name) for name, _value in properties]
    values = [value for _name, value in properties]

    def level(attribute: _Attribute, index: int) -> int | None:
        named = attribute.keys & set(keys)
        if named and keys[index] not in named:
            return None
        return _value_level(attribute, values[index])

    fits = []
    for chosen in itertools.permutations(range(len(properties)), len(attributes)):
        levels = [level(a, i) for a, i in zip(attributes, chosen, strict=True)]
        if all(lv is not None for lv in levels):
            fits.append(max((lv for lv in levels if lv is not None), default=0))
    if not fits:
        return None
    return 2 * min(fits) + (len(properties) > len(attributes))


def match_variant(
    attributes: Sequence[tuple[Names, Names]], skus: Mapping[Hashable, Properties]
) -> Match:
    """The SKU of ``skus`` (SKU id → properties) that fits the variant best, if only one
    does. A variant without attributes fits an item's single SKU."""
    wanted = [_Attribute.of(names, values) for names, values in attributes]
    ranks = {}
    for sku, properties in skus.items():
        rank = _rank(wanted, properties)
        if rank is not None:
            ranks[sku] = rank
    if not ranks:
        return Match(NO_MATCH)
    best = min(ranks.values())
    fitting = tuple(sku for sku, rank in ranks.items() if rank == best)
    if len(fitting) > 1:
        return Match(AMBIGUOUS, candidates=fitting, rank=best)
    return Match(MATCHED, sku=fitting[0], candidates=fitting, rank=best)


def match_variants(
    variants: Mapping[Hashable, Sequence[tuple[Names, Names]]],
    skus: Mapping[Hashable, Properties],
) -> dict[Hashable, Match]:
    """:func:`match_variant` for each variant; a SKU goes to one variant at most.

    When several variants fit one SKU, the one that fits it best keeps it and the others
    are left unmatched; when they fit it equally well, all of them are ambiguous.
    """
    matches = {variant: match_variant(attrs, skus) for variant, attrs in variants.items()}
    claimants: dict[Hashable, list[Hashable]] = {}
    for variant, match in matches.items():
        if match.code == MATCHED:
            claimants.setdefault(match.sku, []).append(variant)
    for sku, claiming in claimants.items():
        if len(claiming) < 2:
            continue
        rank = {v: matches[v].rank or 0 for v in claiming}  # a match has a rank
        best = min(rank.values())
        winners = [v for v in claiming if rank[v] == best]
        for variant in claiming:
            if len(winners) > 1 and variant in winners:
                matches[variant] = Match(AMBIGUOUS, candidates=(sku,), rank=best)
            elif variant not in winners:
                matches[variant] = Match(NO_MATCH)
    return matches
