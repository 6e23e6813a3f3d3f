from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dajisaas import fen_to_yuan, format_yuan, yuan_to_fen
from dajisaas.money import fen_amount


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [
        ("29.90", 2990),
        ("29.9", 2990),
        ("0.01", 1),
        (" 5 ", 500),
        (29, 2900),
        (Decimal("1.005"), 101),
        ("1.004", 100),
        ("0", 0),
    ],
)
def test_yuan_to_fen(yuan, fen):
    assert yuan_to_fen(yuan) == fen


@pytest.mark.parametrize("bad", ["", "abc", "NaN", "Infinity"])
def test_yuan_to_fen_rejects_non_amounts(bad):
    with pytest.raises(ValueError):
        yuan_to_fen(bad)


@pytest.mark.parametrize("bad", [29.9, True, None, [1]])
def test_yuan_to_fen_refuses_float_and_other_types(bad):
    with pytest.raises(TypeError):
        yuan_to_fen(bad)


def test_fen_to_yuan_and_format():
    assert fen_to_yuan(2990) == Decimal("29.90")
    assert format_yuan(2990) == "29.90"
    assert format_yuan(1) == "0.01"
    assert format_yuan(-150) == "-1.50"
    with pytest.raises(TypeError):
        fen_to_yuan(29.9)


def test_fen_amount_accepts_digit_strings_refuses_fractions():
    assert fen_amount("2990") == 2990
    assert fen_amount(Decimal("2990")) == 2990
    with pytest.raises(ValueError):
        fen_amount("29.90")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_round_trip(fen):
    assert yuan_to_fen(format_yuan(fen)) == fen
    assert yuan_to_fen(fen_to_yuan(fen)) == fen
