import pytest

from dajisaas.variant_matching import (
    AMBIGUOUS,
    MATCHED,
    NO_MATCH,
    attribute_key,
    match_variant,
    match_variants,
    normalize,
    undecorated,
)

COLOURS = {"red": [("颜色分类", "红色")], "black": [("颜色分类", "黑色")]}
GRID = {
    "red-m": [("颜色分类", "红色"), ("尺码", "M")],
    "red-l": [("颜色分类", "红色"), ("尺码", "L")],
    "black-m": [("颜色分类", "黑色"), ("尺码", "M")],
}


def test_names_are_compared_without_width_case_or_whitespace():
    assert normalize(" Ｘ Ｌ ") == normalize("xl") == "xl"
    assert normalize("红 色") == "红色"
    assert undecorated("XL（建议140-160斤）") == "xl"
    assert undecorated("【现货】红色【包邮】") == "红色"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("颜色", "颜色分类"),
        ("Color", "Colour"),
        ("COLOR", "颜色"),
        ("尺码", "尺寸"),
        ("Size", "尺码"),
    ],
)
def test_attribute_spellings(one, other):
    assert attribute_key(one) == attribute_key(other)


def test_attribute_spellings_differ_when_meanings_do():
    assert attribute_key("颜色") != attribute_key("尺码")


def test_colour_attribute_against_colour_category():
    match = match_variant([("颜色", "红色")], COLOURS)
    assert (match.code, match.sku) == (MATCHED, "red")


def test_english_value_matches_through_its_translation():
    match = match_variant([(("Color", "颜色"), ("Red", "红色"))], COLOURS)
    assert (match.code, match.sku, match.rank) == (MATCHED, "red", 0)


def test_english_value_without_translation_matches_nothing():
    assert match_variant([("Color", "Red")], COLOURS).code == NO_MATCH


def test_two_attributes_in_any_order_and_spelling():
    attributes = [(("Size", "尺码"), ("M",)), (("Colour",), ("Red", "红色"))]
    match = match_variant(attributes, GRID)
    assert (match.code, match.sku) == (MATCHED, "red-m")


def test_full_width_and_case_differences_match():
    match = match_variant([("颜色", "红色"), ("尺寸", "ｍ")], GRID)
    assert (match.code, match.sku) == (MATCHED, "red-m")


def test_a_named_property_is_compared_with_its_own_attribute_only():
    # the seller's colour "M" (a colour code) is not Taobao's size M
    skus = {"a": [("颜色分类", "红色"), ("尺码", "M")], "b": [("颜色分类", "M"), ("尺码", "L")]}
    match = match_variant([("颜色", "M")], skus)
    assert (match.code, match.sku) == (MATCHED, "b")


def test_unknown_attribute_names_fall_back_to_the_values():
    match = match_variant([("Farbe", ("Rot", "红色"))], COLOURS)
    assert (match.code, match.sku) == (MATCHED, "red")


@pytest.mark.parametrize(
    "decorated", ["红色【现货】", "红色(预售)", "红色（7天发货）", "【新款】红色"]
)
def test_decorated_taobao_value_matches_when_one_sku_fits(decorated):
    skus = {"red": [("颜色分类", decorated)], "black": [("颜色分类", "黑色【现货】")]}
    match = match_variant([("颜色", "红色")], skus)
    assert (match.code, match.sku, match.rank) == (MATCHED, "red", 2)


def test_size_with_advice_matches():
    skus = {
        "m": [("尺码", "M(建议100-120斤)")],
        "xl": [("尺码", "XL(建议140-160斤)")],
        "2xl": [("尺码", "2XL(建议160-180斤)")],
    }
    match = match_variant([("Size", "XL")], skus)
    assert (match.code, match.sku) == (MATCHED, "xl")


def test_two_decorated_skus_fitting_equally_are_ambiguous():
    skus = {"now": [("颜色分类", "红色【现货】")], "later": [("颜色分类", "红色【预售】")]}
    match = match_variant([("颜色", "红色")], skus)
    assert match.code == AMBIGUOUS
    assert match.sku is None
    assert set(match.candidates) == {"now", "later"}


def test_an_exact_value_fits_better_than_a_decorated_one():
    skus = {"plain": [("颜色分类", "红色")], "preorder": [("颜色分类", "红色【预售】")]}
    match = match_variant([("颜色", "红色")], skus)
    assert (match.code, match.sku) == (MATCHED, "plain")


def test_a_partial_variant_is_matched_only_when_one_sku_has_its_values():
    assert match_variant([("颜色", "红色")], GRID).code == AMBIGUOUS
    match = match_variant([("颜色", "黑色")], GRID)
    assert (match.code, match.sku, match.rank) == (MATCHED, "black-m", 1)


def test_a_variant_without_attributes_fits_a_single_sku():
    assert match_variant([], {"a": [("尺码", "均码")]}).sku == "a"
    assert match_variant([], GRID).code == AMBIGUOUS
    assert match_variant([("颜色", "红色")], {}).code == NO_MATCH


def test_variants_share_no_sku():
    variants = {
        1: [(("Color", "颜色"), ("Red", "红色")), ("Size", "M")],
        2: [(("Color", "颜色"), ("Red", "红色")), ("Size", "L")],
        3: [("颜色", "黑色"), ("尺码", "M")],
    }
    matches = match_variants(variants, GRID)
    assert {v: m.sku for v, m in matches.items()} == {1: "red-m", 2: "red-l", 3: "black-m"}


def test_the_variant_fitting_a_sku_best_keeps_it():
    # 1 has the SKU's values; 2 only fits it because the SKU has more properties
    variants = {1: [("颜色", "黑色"), ("尺码", "M")], 2: [("颜色", "黑色")]}
    matches = match_variants(variants, GRID)
    assert (matches[1].code, matches[1].sku) == (MATCHED, "black-m")
    assert matches[2].code == NO_MATCH


def test_variants_fitting_one_sku_equally_are_all_ambiguous():
    # two Odoo values translated alike: a person decides
    variants = {1: [("Color", ("Crimson", "红色"))], 2: [("Color", ("Scarlet", "红色"))]}
    matches = match_variants(variants, COLOURS)
    assert {m.code for m in matches.values()} == {AMBIGUOUS}
    assert all(m.sku is None for m in matches.values())
