import pytest

from dajisaas.product_link import ItemRefError, match_skus, parse_item_ref


@pytest.mark.parametrize(
    "text",
    [
        "703446760426",
        " 703446760426 ",
        "https://item.taobao.com/item.htm?id=703446760426&spm=a1z10",
        "https://detail.tmall.com/item.htm?spm=x&id=703446760426&skuId=5",
        "item.taobao.com/item.htm?id=703446760426",
        "https://world.taobao.com/item/x.htm?id=703446760426",
    ],
)
def test_item_ids_and_urls(text):
    assert parse_item_ref(text) == 703446760426


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("https://m.tb.cn/h.abc", "short_link"),
        ("https://evil.example/item.htm?id=703446760426", "not_taobao"),
        ("https://item.taobao.com.evil.example/?id=703446760426", "not_taobao"),
        ("https://item.taobao.com/item.htm", "no_id"),
        ("12ab", "not_taobao"),
    ],
)
def test_what_is_not_an_item(text, code):
    with pytest.raises(ItemRefError) as caught:
        parse_item_ref(text)
    assert caught.value.code == code


def test_variants_match_skus_by_attribute_values():
    variants = {1: ["黑色", "M"], 2: ["黑色", "L"], 3: ["白色", "m"]}
    skus = {"a": ["黑色", "M"], "b": ["黑色", "L"], "c": ["白色", "M"], "d": ["白色", "L"]}
    assert match_skus(variants, skus) == {1: "a", 2: "b", 3: "c"}


def test_partial_values_match_only_when_unambiguous():
    # the seller's variants have colour only; the item has colour x size
    assert match_skus({1: ["红色"]}, {"a": ["红色", "S"], "b": ["红色", "M"]}) == {}
    assert match_skus({1: ["红色"]}, {"a": ["红色", "S"], "b": ["蓝色", "S"]}) == {1: "a"}


def test_a_sku_goes_to_one_variant():
    matched = match_skus({1: ["红色"], 2: ["红色"]}, {"a": ["红色"]})
    assert list(matched.values()) == ["a"]


def test_single_variant_without_attributes_and_single_sku():
    assert match_skus({7: []}, {"a": ["均码"]}) == {7: "a"}
    assert match_skus({7: [], 8: []}, {"a": ["均码"]}) == {}


def test_a_host_ending_like_a_short_link_is_not_one():
    with pytest.raises(ItemRefError) as caught:
        parse_item_ref("https://notb.cn/item?id=123456789")
    assert caught.value.code == "not_taobao"


def test_a_partial_match_is_never_a_leftover():
    # 黑色/M is taken by the exact variant; 黑色 alone has two SKUs: no proposal
    variants = {1: ["黑色", "M"], 2: ["黑色"]}
    skus = {"a": ["黑色", "M"], "b": ["黑色", "L"]}
    assert match_skus(variants, skus) == {1: "a"}
