# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Find on Taobao dialogs in a browser (headless Chromium): the keyboard and the rows."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import TaobaoPurchaseCase, ensure_http_server


@tagged("post_install", "-at_install")
class TestItemDialogTour(TaobaoPurchaseCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        ensure_http_server(cls)
        super().setUpClass()
        new_test_user(
            cls.env,
            login="tb_item_dialog",
            password="tb_item_dialog",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )

    def test_enter_searches_the_filter_filters_and_a_row_adds_its_quantity(self):
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.start_tour(
            f"/odoo/action-sale.action_orders/{quotation.id}",
            "taobao_item_dialog",
            login="tb_item_dialog",
        )
        search = self.env["taobao.product.search.wizard"].search(
            [("sale_order_id", "=", quotation.id)]
        )
        self.assertEqual(search.keyword, "dress", "Enter saved the keyword and searched")
        self.assertTrue(search.result_ids)
        detail = self.env["taobao.product.detail.wizard"].search(
            [("sale_order_id", "=", quotation.id)]
        )
        line = quotation.order_line
        self.assertEqual(line.product_uom_qty, 2)
        chosen = detail.filter_value_ids
        self.assertEqual(len(chosen), 1)
        sku = detail.sku_ids.filtered(lambda row: row.sku_id == line.product_id.taobao_sku_id)
        self.assertEqual(
            sku._values_by_property().get(chosen.prop_name),
            chosen.value_name,
            "the row added was one the filter showed",
        )
        self.assertEqual(len(line.product_id.product_tmpl_id.product_variant_ids), 1)
