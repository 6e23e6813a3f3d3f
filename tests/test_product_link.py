# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Products a seller already has, linked to Taobao and bought at once."""

import dataclasses

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TaobaoPurchaseCase


@tagged("post_install", "-at_install")
class TestProductLink(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.taobao_preview_before_purchase = False

    def existing_product(self, item, name="Existing mug"):
        """A product of the seller's catalog whose variants are the item's colours."""
        prop_name = item.skus[0].properties[0].prop_name
        attribute = self.env["product.attribute"].create(
            {
                "name": prop_name,
                "value_ids": [
                    Command.create({"name": sku.properties[0].value_name}) for sku in item.skus
                ],
            }
        )
        return self.env["product.template"].create(
            {
                "name": name,
                "list_price": 300.0,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                ],
            }
        )

    def one_property_item(self, exclude=(), min_skus=2):
        return next(
            item
            for item in self.sandbox.catalog.find_all(min_skus=min_skus, max_skus=6)
            if all(len(sku.properties) == 1 for sku in item.skus)
            and len({sku.properties[0].value_name for sku in item.skus}) == len(item.skus)
            and item.item_id not in exclude
        )

    def test_link_an_existing_product_from_its_url(self):
        item = self.one_property_item()
        template = self.existing_product(item)
        action = template.action_taobao_link()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard.item_ref = f"https://item.taobao.com/item.htm?spm=a1z&id={item.item_id}"
        wizard.action_look_up()
        self.assertEqual(wizard.item_id, str(item.item_id))
        self.assertEqual(len(wizard.line_ids), len(item.skus))
        self.assertTrue(all(wizard.line_ids.mapped("proposed")), "matched by colour")
        for line in wizard.line_ids:
            colour = line.product_id.product_template_attribute_value_ids.name
            sku = next(s for s in item.skus if s.properties[0].value_name == colour)
            self.assertEqual(line.sku_id.sku_ref, str(sku.sku_id))
        result = wizard.action_link()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(template.taobao_item_id, str(item.item_id))
        self.assertEqual(template.taobao_mp_id, item.mp_id)
        for variant in template.product_variant_ids:
            sku = item.sku(variant.taobao_sku_id)
            self.assertEqual(variant.taobao_mp_sku_id, str(sku.mp_sku_id))
            self.assertEqual(variant.taobao_price_fen, sku.price)
        # bought at once
        order = self.make_order([(template.product_variant_ids[0], 1, 300.0)])
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_a_person_can_change_a_proposal_and_doubles_are_refused(self):
        item = self.one_property_item()
        template = self.existing_product(item)
        wizard = self.env["taobao.product.link.wizard"].browse(
            template.action_taobao_link()["res_id"]
        )
        wizard.item_ref = str(item.item_id)
        wizard.action_look_up()
        first, second = wizard.line_ids[:2]
        second.sku_id = first.sku_id
        with self.assertRaisesRegex(UserError, "one variant only"):
            wizard.action_link()

    def test_what_is_not_an_item_says_what_to_paste(self):
        template = self.existing_product(self.one_property_item())
        wizard = self.env["taobao.product.link.wizard"].browse(
            template.action_taobao_link()["res_id"]
        )
        for text, words in (
            ("https://m.tb.cn/h.xyz", "short share link"),
            ("https://example.com/?id=123456789", "not a Taobao"),
            ("", "Paste"),
        ):
            wizard.item_ref = text
            with self.assertRaisesRegex(UserError, words):
                wizard.action_look_up()

    def test_csv_import_of_taobao_ids_then_a_purchase(self):
        """Variants take taobao_item_id and taobao_sku_id from Odoo's CSV import, and a
        product carrying only those ids is bought: the bunker call gives ids and prices."""
        item = self.one_property_item()
        template = self.existing_product(item, name="Imported from a spreadsheet")
        variants = template.product_variant_ids
        rows = []
        for variant in variants:
            colour = variant.product_template_attribute_value_ids.name
            sku = next(s for s in item.skus if s.properties[0].value_name == colour)
            rows.append([str(variant.id), str(item.item_id), str(sku.sku_id)])
        csv = "id,taobao_item_id,taobao_sku_id\n" + "\n".join(
            f"__import__.v{row[0]},{row[1]},{row[2]}" for row in rows
        )
        self.env["ir.model.data"].create(
            [
                {
                    "module": "__import__",
                    "name": f"v{variant.id}",
                    "model": "product.product",
                    "res_id": variant.id,
                }
                for variant in variants
            ]
        )
        importer = self.env["base_import.import"].create(
            {"res_model": "product.product", "file": csv.encode(), "file_type": "text/csv"}
        )
        result = importer.execute_import(
            ["id", "taobao_item_id", "taobao_sku_id"],
            ["id", "taobao_item_id", "taobao_sku_id"],
            {"quoting": '"', "separator": ",", "has_headers": True},
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(template.taobao_item_id, str(item.item_id))
        self.assertEqual(
            sorted(variants.mapped("taobao_sku_id")), sorted(str(s.sku_id) for s in item.skus)
        )
        self.assertFalse(any(variants.mapped("taobao_price_fen")), "no price known yet")
        order = self.make_order([(variants[0], 1, 300.0), (variants[1], 2, 300.0)])
        self.company.taobao_preview_before_purchase = True
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertTrue(all(p > 0 for p in variants[:2].mapped("taobao_price_fen")))
        self.assertTrue(all(variants[:2].mapped("taobao_mp_sku_id")))

    def test_a_linked_sku_dajisaas_does_not_know_is_refused_with_the_reason(self):
        item = self.one_property_item()
        template = self.existing_product(item)
        variant = template.product_variant_ids[0]
        variant.write({"taobao_item_id": str(item.item_id), "taobao_sku_id": "999"})
        order = self.make_order([(variant, 1, 300.0)])
        with self.assertRaisesRegex(UserError, "SKU 999 is not a SKU"):
            order.action_taobao_purchase()
        self.assertFalse(self.sandbox.orders)

    def test_refreshing_a_product_linked_by_hand_keeps_it_as_the_seller_made_it(self):
        """A refresh finds the linked SKUs by their ids: the seller's attributes, variants
        and prices stay, nothing is archived or flagged gone."""
        item = self.one_property_item()
        color = self.env["product.attribute"].create(
            {"name": "Color", "value_ids": [Command.create({"name": f"C{n}"}) for n in range(2)]}
        )
        template = self.env["product.template"].create(
            {
                "name": "Seller's own bag",
                "list_price": 300.0,
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": color.id, "value_ids": [Command.set(color.value_ids.ids)]}
                    )
                ],
            }
        )
        wizard = self.env["taobao.product.link.wizard"].browse(
            template.action_taobao_link()["res_id"]
        )
        wizard.item_ref = str(item.item_id)
        wizard.action_look_up()
        for line, sku in zip(wizard.line_ids, wizard.sku_ids, strict=False):
            line.sku_id = sku
        wizard.action_link()
        variants = template.product_variant_ids
        self.sandbox.catalog.set_sku_price(item.item_id, item.skus[0].sku_id, 4321)
        template.action_taobao_refresh()
        self.assertEqual(template.attribute_line_ids.attribute_id, color)
        self.assertEqual(template.product_variant_ids, variants, "none archived or added")
        self.assertFalse(any(variants.mapped("taobao_sku_removed")))
        first = variants.filtered(lambda v: v.taobao_sku_id == str(item.skus[0].sku_id))
        self.assertEqual(first.taobao_price_fen, 4321)
        self.assertEqual(template.list_price, 300.0, "the seller's sale price")

    # matching across languages and spellings ------------------------------------------

    ENGLISH = {"黑色": "Black", "白色": "White", "灰色": "Grey", "红色": "Red", "粉色": "Pink"}

    def seller_product(self, attribute_name, values):
        """A product whose one attribute is ``attribute_name``, with ``values`` as
        ``(name, zh_CN translation or None)``: the seller's own names, not Taobao's."""
        self.env["res.lang"]._activate_lang("zh_CN")
        attribute = self.env["product.attribute"].create(
            {
                "name": attribute_name,
                "value_ids": [Command.create({"name": name}) for name, _zh in values],
            }
        )
        for value, (_name, zh) in zip(attribute.value_ids, values, strict=True):
            if zh:
                value.update_field_translations("name", {"zh_CN": zh})
        return self.env["product.template"].create(
            {
                "name": "Seller's own shirt",
                "list_price": 300.0,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                ],
            }
        )

    def english(self, chinese, n):
        return self.ENGLISH.get(chinese, f"Shade {n}")

    def set_taobao_value(self, sku, value_name):
        """Rename a sandbox SKU's (only) property value, as the seller's shop may."""
        sku.properties = [dataclasses.replace(sku.properties[0], value_name=value_name)]

    def look_up(self, template, item):
        wizard = self.env["taobao.product.link.wizard"].browse(
            template.action_taobao_link()["res_id"]
        )
        wizard.item_ref = str(item.item_id)
        wizard.action_look_up()
        return wizard

    def sku_of(self, wizard, variant):
        return wizard.line_ids.filtered(lambda line: line.product_id == variant).sku_id

    def test_english_variant_values_match_chinese_skus_through_translations(self):
        item = self.one_property_item()
        chinese = [sku.properties[0].value_name for sku in item.skus]
        template = self.seller_product(
            "Color", [(self.english(zh, n), zh) for n, zh in enumerate(chinese)]
        )
        english = template.product_variant_ids.product_template_attribute_value_ids.mapped("name")
        self.assertFalse(set(english) & set(chinese), "the user reads English names")
        wizard = self.look_up(template, item)
        self.assertTrue(all(wizard.line_ids.mapped("proposed")), "matched through zh_CN")
        for variant in template.product_variant_ids:
            zh = variant.product_template_attribute_value_ids.with_context(lang="zh_CN").name
            sku = next(s for s in item.skus if s.properties[0].value_name == zh)
            self.assertEqual(self.sku_of(wizard, variant).sku_ref, str(sku.sku_id))
        wizard.action_link()
        self.assertEqual(
            len(set(template.product_variant_ids.mapped("taobao_sku_id"))), len(item.skus)
        )

    def test_colour_attribute_matches_colour_category_with_decorated_values(self):
        """Odoo's 颜色 against Taobao's 颜色分类, whose values carry 【现货】."""
        item = self.one_property_item()
        self.assertEqual(item.skus[0].properties[0].prop_name, "颜色分类")
        chinese = [sku.properties[0].value_name for sku in item.skus]
        for sku, zh in zip(item.skus, chinese, strict=True):
            self.set_taobao_value(sku, f"{zh}【现货】")
        template = self.seller_product("颜色", [(zh, None) for zh in chinese])
        wizard = self.look_up(template, item)
        self.assertTrue(all(wizard.line_ids.mapped("proposed")))
        for variant in template.product_variant_ids:
            zh = variant.product_template_attribute_value_ids.name
            sku = next(s for s in item.skus if s.properties[0].value_name == f"{zh}【现货】")
            self.assertEqual(self.sku_of(wizard, variant).sku_ref, str(sku.sku_id))

    def test_a_variant_two_skus_fit_equally_stays_unmatched(self):
        """Never a guess: 黑色【现货】 and 黑色【预售】 both fit Black; its neighbours match."""
        item = self.one_property_item(min_skus=3)
        chinese = [sku.properties[0].value_name for sku in item.skus]
        first, doubled = item.skus[0], item.skus[1]
        self.set_taobao_value(first, f"{chinese[0]}【现货】")
        self.set_taobao_value(doubled, f"{chinese[0]}【预售】")
        kept = [zh for n, zh in enumerate(chinese) if n != 1]
        template = self.seller_product(
            "Color", [(self.english(zh, n), zh) for n, zh in enumerate(kept)]
        )
        wizard = self.look_up(template, item)
        ambiguous = template.product_variant_ids.filtered(
            lambda v: v.product_template_attribute_value_ids.with_context(lang="zh_CN").name
            == chinese[0]
        )
        line = wizard.line_ids.filtered(lambda line: line.product_id == ambiguous)
        self.assertFalse(line.sku_id, "two SKUs fit equally: a person chooses")
        self.assertFalse(line.proposed)
        others = wizard.line_ids - line
        self.assertTrue(others and all(others.mapped("proposed")), "the others matched")
        self.assertIn(ambiguous.display_name, wizard.message or "")
        self.assertIn("several", wizard.message or "")

    def test_the_product_shows_the_taobao_sku_of_each_variant(self):
        """The product's Taobao page lists its variants with their SKU ids, read-only."""
        item = self.one_property_item()
        template = self.existing_product(item)
        wizard = self.look_up(template, item)
        wizard.action_link()
        arch = etree.fromstring(template.get_views([(False, "form")])["views"]["form"]["arch"])
        page = arch.xpath("//page[@name='taobao']")[0]
        table = page.xpath(".//field[@name='product_variant_ids']")
        self.assertEqual(len(table), 1)
        self.assertEqual(table[0].get("readonly"), "1")
        columns = table[0].xpath("./list/field/@name")
        for name in ("product_template_variant_value_ids", "taobao_sku_id", "taobao_mp_sku_id"):
            self.assertIn(name, columns)
        form = Form(template)
        self.assertEqual(form.product_variant_ids.ids, template.product_variant_ids.ids)
        self.assertEqual(
            sorted(row["taobao_sku_id"] for row in form.product_variant_ids._records),
            sorted(str(sku.sku_id) for sku in item.skus),
        )
