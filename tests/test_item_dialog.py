# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Find on Taobao dialogs in a browser (headless Chromium): the keyboard and the rows."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.taobao_purchase.dajisaas_sandbox.catalog_builder import grid_item

from .common import TaobaoPurchaseCase, ensure_http_server


@tagged("post_install", "-at_install", "taobao_tour")
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


class SkuGridCase(TaobaoPurchaseCase, HttpCase):
    """An item whose SKUs make a colour × size grid, and a user for the browser."""

    @classmethod
    def setUpClass(cls):
        ensure_http_server(cls)
        super().setUpClass()
        cls.item = grid_item(990_000_000_022, (3, 4))
        new_test_user(
            cls.env,
            login="tb_sku_grid",
            password="tb_sku_grid",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )

    def setUp(self):
        super().setUp()
        self.sandbox.catalog.items.append(self.item)  # the catalog is rebuilt for each test

    def detail(self, quotation):
        wizard = self.env["taobao.product.detail.wizard"].create(
            {"item_id": str(self.item.item_id), "sale_order_id": quotation.id}
        )
        wizard._load()
        return wizard


@tagged("post_install", "-at_install")
class TestSkuGrid(SkuGridCase):
    """The colour × size quantity grid of the item dialog."""

    def test_two_properties_make_a_grid(self):
        wizard = self.detail(self.env["sale.order"].create({"partner_id": self.customer.id}))
        grid = wizard.sku_grid
        self.assertEqual((len(grid["rows"]), len(grid["cols"])), (3, 4))
        cell = grid["cells"][1][2]
        sku = wizard.sku_ids.filtered(lambda row: row.sku_id == cell["sku"])
        values = sku._values_by_property()
        self.assertEqual(values[grid["row_name"]], grid["rows"][1])
        self.assertEqual(values[grid["col_name"]], grid["cols"][2])

    def test_only_the_items_buyable_skus_within_stock_are_added(self):
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        wizard = self.detail(quotation)
        first, second, third = wizard.sku_ids[:3]
        wizard.grid_quantities = {
            first.sku_id: 2,
            second.sku_id: 10**6,  # over its stock
            third.sku_id: True,
            "123": 4,  # not this item's
        }
        wizard.action_add_quantities()
        self.assertEqual(quotation.order_line.product_id.taobao_sku_id, first.sku_id)
        self.assertEqual(quotation.order_line.product_uom_qty, 2)
        self.assertFalse(wizard.grid_quantities, "the grid is emptied once added")

    def test_an_item_whose_skus_have_one_property_has_no_grid(self):
        self.sandbox.catalog.items.append(grid_item(990_000_000_023, (5,)))
        wizard = self.env["taobao.product.detail.wizard"].create({"item_id": "990000000023"})
        wizard._load()
        self.assertFalse(wizard.sku_grid)

    def test_skus_with_other_property_names_make_no_grid(self):
        wizard = self.env["taobao.product.detail.wizard"].create(
            {
                "item_id": str(self.item.item_id),
                "sku_ids": [
                    Command.create({"sku_id": "1", "property_values": "颜色=红\n尺码=S"}),
                    Command.create({"sku_id": "2", "property_values": "颜色=蓝\n规格=X"}),
                ],
            }
        )
        self.assertFalse(wizard.sku_grid)

    def test_a_failed_add_keeps_what_was_typed_in_the_grid(self):
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        wizard = self.detail(quotation)
        sku = wizard.sku_ids[:1]
        wizard.grid_quantities = {sku.sku_id: 2}
        quotation.action_cancel()  # no longer a quotation: nothing can be added
        wizard.action_add_quantities()
        self.assertFalse(quotation.order_line)
        self.assertEqual(wizard.grid_quantities, {sku.sku_id: 2})


@tagged("post_install", "-at_install", "taobao_tour")
class TestSkuGridTour(SkuGridCase):
    def test_a_buyer_orders_from_the_grid_in_the_browser(self):
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.start_tour(
            f"/odoo/action-sale.action_orders/{quotation.id}",
            "taobao_sku_grid",
            login="tb_sku_grid",
        )
        self.assertEqual(sorted(quotation.order_line.mapped("product_uom_qty")), [2, 3])
        template = quotation.order_line.product_id.product_tmpl_id
        self.assertEqual(len(template.product_variant_ids), 2, "only the two SKUs ordered")
