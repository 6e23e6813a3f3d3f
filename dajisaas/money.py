"""Conversions between yuan amounts and integer fen (1/100 CNY), never through float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
_CENT = Decimal("0.01")


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money must be a str, int or Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | str):
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not a money amount: {value!r}") from None
    else:
        raise TypeError(f"money must be a str, int or Decimal, not {type(value).__name__}")
    if not amount.is_finite():
        raise ValueError(f"not a money amount: {value!r}")
    return amount


def yuan_to_fen(yuan: str | int | Decimal) -> int:
    """Convert a yuan amount (``"29.90"``, ``29``, ``Decimal("29.9")``) to integer fen.

    Sub-fen digits are rounded half up. Floats are refused: they cannot hold money exactly.
    """
    amount = _to_decimal(yuan).quantize(_CENT, rounding=ROUND_HALF_UP)
    return int(amount * FEN_PER_YUAN)


def fen_to_yuan(fen: int) -> Decimal:
    """Convert integer fen to a two-decimal yuan :class:`~decimal.Decimal` (2990 → 29.90)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    return (Decimal(fen) / FEN_PER_YUAN).quantize(_CENT)


def format_yuan(fen: int) -> str:
    """Format integer fen as a yuan string with two decimals (2990 → ``"29.90"``)."""
    return f"{fen_to_yuan(fen):.2f}"


def fen_amount(value: str | int | Decimal) -> int:
    """Read an integer fen amount sent as a number or a string of digits (``"2990"``).

    Raises :class:`ValueError` for a fractional amount: fen fields never carry decimals.
    """
    amount = _to_decimal(value)
    if amount != amount.to_integral_value():
        raise ValueError(f"a fen amount must be a whole number: {value!r}")
    return int(amount)
