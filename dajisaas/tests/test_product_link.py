import pytest

from dajisaas.product_link import ItemRefError, parse_item_ref


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


def test_a_host_ending_like_a_short_link_is_not_one():
    with pytest.raises(ItemRefError) as caught:
        parse_item_ref("https://notb.cn/item?id=123456789")
    assert caught.value.code == "not_taobao"
