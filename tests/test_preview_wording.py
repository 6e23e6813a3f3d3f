# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the Purchase on Taobao preview and the review messages call a SKU, and what the
preview shows for what it cannot price."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..dajisaas import PreviewResult
from .common import TaobaoRecoveryCase


@tagged("post_install", "-at_install")
class TestPreviewWording(TaobaoRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # variants as an import makes them: one attribute per Taobao SKU property
        # (颜色分类, 尺码...), so that a SKU can be named the way the seller reads it
        cls.item = cls.sandbox.catalog.find(
            min_skus=3, max_skus=20, exclude_items=[cls.item.item_id]
        )
        template = cls.env["taobao.product.importer"]._import_item(cls.item.item_id).template
        by_sku = {v.taobao_sku_id: v for v in template.product_variant_ids}
        cls.red_sku, cls.blue_sku = cls.item.skus_in_stock[:2]
        cls.red = by_sku[str(cls.red_sku.sku_id)]
        cls.blue = by_sku[str(cls.blue_sku.sku_id)]

    def properties(self, sku):
        return [f"{prop.prop_name}: {prop.value_name}" for prop in sku.properties]

    def assertNamesSku(self, text, product, sku):
        self.assertIn(product.display_name, text)
        for prop in self.properties(sku):
            self.assertIn(prop, text)

    def preview_wizard(self, order):
        action = order.action_taobao_open_preview()
        return self.env[action["res_model"]].browse(action["res_id"])

    def out_of_stock(self, sku):
        self.sandbox.catalog.set_sku_stock(self.item.item_id, sku.sku_id, 0)

    # --- an unavailable SKU is named by its product and properties -------------------

    def test_blocked_purchase_names_the_unavailable_sku_by_its_properties(self):
        self.company.taobao_preview_before_purchase = True
        self.out_of_stock(self.red_sku)
        order = self.make_order([(self.red, 1, 500.0), (self.blue, 1, 500.0)])
        with self.assertRaises(UserError) as caught:
            order.action_taobao_purchase()
        message = str(caught.exception)
        self.assertIn("cannot be bought right now", message)
        self.assertNamesSku(message, self.red, self.red_sku)
        self.assertNotIn(self.blue.display_name, message, "only the SKU that cannot be bought")
        self.assertNotIn(f"item {self.red.taobao_mp_id}", message, "no internal ids")
        self.assertNotIn(self.red.taobao_mp_sku_id, message)
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_preview_names_the_unavailable_sku_with_dajisaas_reason(self):
        self.out_of_stock(self.red_sku)
        order = self.make_order([(self.red, 1, 500.0), (self.blue, 1, 500.0)])
        wizard = self.preview_wizard(order)
        self.assertFalse(wizard.problems)
        self.assertNamesSku(wizard.unavailable, self.red, self.red_sku)
        self.assertNotIn(self.red.taobao_mp_sku_id, wizard.unavailable)
        row = wizard.line_ids.filtered(lambda r: r.product_id == self.red)
        reason = row.warning.removeprefix("Cannot be bought now: ").split(" · ")[0]
        self.assertTrue(reason)
        self.assertIn(reason, wizard.unavailable, "DajiSaaS's reason is given")

    def test_an_unavailable_sku_odoo_does_not_know_is_called_dajisaas_s_id(self):
        preview = PreviewResult.model_validate(
            {
                "total_fen": 0,
                "shipping_fee_fen": 0,
                "unavailable": [{"item_id": 987654321, "sku_id": 123456789, "reason": "下架"}],
            }
        )
        text = self.env["sale.order"]._taobao_unavailable_text(preview)
        self.assertIn("DajiSaaS", text)
        self.assertIn("987654321", text)
        self.assertIn("下架", text)
        self.assertNotIn("item 987654321 / SKU", text)

    # --- the preview never shows a cost it does not know -----------------------------

    def test_preview_with_an_unavailable_line_does_not_show_a_total_or_margin(self):
        self.out_of_stock(self.red_sku)
        order = self.make_order([(self.red, 1, 500.0), (self.blue, 1, 500.0)])
        wizard = self.preview_wizard(order)
        self.assertTrue(wizard.unavailable)
        self.assertFalse(wizard.total_known, "DajiSaaS priced only the available line")
        self.assertFalse(wizard.margin_too_low)

    def test_preview_of_only_unavailable_lines_shows_no_zero_total_nor_full_margin(self):
        self.out_of_stock(self.red_sku)
        order = self.make_order([(self.red, 1, 500.0)])
        wizard = self.preview_wizard(order)
        self.assertFalse(wizard.problems)
        self.assertFalse(wizard.total_known)
        self.assertNotEqual(wizard.margin, 100.0)

    def test_preview_of_available_lines_shows_the_total(self):
        order = self.make_order([(self.red, 1, 500.0)])
        wizard = self.preview_wizard(order)
        self.assertTrue(wizard.total_known)
        self.assertGreater(wizard.total_cny, 0)

    def test_preview_form_hides_unknown_amounts_and_says_so(self):
        arch = self.env["taobao.purchase.preview.wizard"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        form = etree.fromstring(arch)
        for name in ("total_cny", "shipping_cny", "cost", "margin"):
            (node,) = form.xpath(f"//field[@name='{name}']")
            self.assertIn("not total_known", node.get("invisible", ""), name)
        self.assertTrue(form.xpath("//*[@invisible='total_known' and contains(., 'not known')]"))
        (purchase,) = form.xpath("//button[@name='action_purchase']")
        self.assertIn("not total_known", purchase.get("invisible"))

    # --- on a phone -------------------------------------------------------------------

    def test_preview_lines_show_as_cards_with_the_warning_on_a_phone(self):
        """Odoo shows a one2many's kanban on small screens, its list elsewhere: each line's
        warning then reads under its product instead of in a column off-screen."""
        arch = self.env["taobao.purchase.preview.wizard"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        (lines,) = etree.fromstring(arch).xpath("//field[@name='line_ids']")
        self.assertTrue(lines.xpath("./list//field[@name='warning']"), "the desktop list")
        (card,) = lines.xpath("./kanban/templates/t[@t-name='card']")
        names = [node.get("name") for node in card.iter("field")]
        self.assertIn("product_id", names)
        self.assertIn("sku", names)
        self.assertIn("warning", names)
        self.assertLess(names.index("product_id"), names.index("warning"))

    # --- the review message names unmatched sub-orders --------------------------------

    def test_review_names_an_unmatched_sub_order_by_product_item_and_properties(self):
        self.sandbox.set_dialect({"query_line_numbers": False})
        order = self.unknown_order()
        # DajiSaaS reports a quantity no line has: the sub-order cannot be told apart
        order.order_line.sudo().write({"product_uom_qty": 3})
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "review")
        message = order.taobao_last_error
        self.assertIn("could not be matched", message)
        self.assertNamesSku(message, self.red, self.red_sku)
        self.assertIn(str(self.item.item_id), message, "the Taobao item id")
        self.assertNotIn(f"Taobao item {self.red.taobao_mp_id}", message)

    def test_review_calls_an_unknown_sub_order_s_id_dajisaas_s_product_id(self):
        self.sandbox.set_dialect({"query_line_numbers": False})
        order = self.unknown_order()
        mp_id = self.red.taobao_mp_id
        # the product no longer carries the distribution ids: nothing in Odoo is that SKU
        self.red.product_tmpl_id.sudo().taobao_mp_id = False
        self.red.sudo().taobao_mp_sku_id = False
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "review")
        message = order.taobao_last_error
        self.assertIn(f"DajiSaaS product id {mp_id}", message)
        self.assertNotIn("Taobao item", message)

    def test_review_names_the_item_of_a_sub_order_whose_sku_odoo_does_not_know(self):
        self.sandbox.set_dialect({"query_line_numbers": False})
        order = self.unknown_order()
        mp_sku_id = self.red.taobao_mp_sku_id
        self.red.sudo().taobao_mp_sku_id = False  # the item is known, not this SKU
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "review")
        message = order.taobao_last_error
        self.assertIn(self.red.product_tmpl_id.display_name, message)
        self.assertIn(f"Taobao item {self.item.item_id}", message)
        self.assertIn(f"DajiSaaS's SKU id {mp_sku_id}", message)
        for prop in self.properties(self.blue_sku):  # not another variant's properties
            if prop not in self.properties(self.red_sku):
                self.assertNotIn(prop, message)
