# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Browser tours (headless Chromium): what a person clicks, on a real web client."""

import base64

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..dajisaas_sandbox.picture_search import item_picture
from .common import TaobaoPurchaseCase, ensure_http_server


@tagged("post_install", "-at_install", "taobao_tour")
class TestTaobaoTours(TaobaoPurchaseCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        ensure_http_server(cls)
        super().setUpClass()
        cls.item = cls.sandbox.catalog.find(min_skus=3, max_skus=20)
        cls.red = cls.make_taobao_products(cls.item)
        cls.manager = new_test_user(
            cls.env,
            login="tb_tour_manager",
            password="tb_tour_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )

    def bought_order(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        return order, order.taobao_purchase_ids

    def test_cancel_on_taobao_from_the_sale_order(self):
        order, purchase = self.bought_order()
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "taobao_cancel_from_sale_order",
            login="tb_tour_manager",
        )
        self.assertEqual(purchase.taobao_status, "TRADE_CLOSED")
        self.assertEqual(purchase.taobao_cancel_reason, "customer changed their mind")

    def test_cancel_on_taobao_from_the_purchase_order(self):
        _order, purchase = self.bought_order()
        self.start_tour(
            f"/odoo/action-taobao_purchase.action_taobao_purchase_orders/{purchase.id}",
            "taobao_cancel_from_purchase_order",
            login="tb_tour_manager",
        )
        self.assertEqual(purchase.taobao_status, "TRADE_CLOSED")
        self.assertEqual(purchase.state, "cancel")

    def tour_user(self, login, lang):
        self.env["res.lang"]._activate_lang(lang)
        if lang != "en_US":
            self.env["ir.module.module"]._load_module_terms(["taobao_purchase"], [lang])
        return new_test_user(
            self.env,
            login=login,
            password=login,
            lang=lang,
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )

    def first_purchase(self, login, lang):
        """Find on Taobao → pick SKUs → quotation → Purchase on Taobao → purchase order,
        in a real browser, in ``lang``."""
        self.tour_user(login, lang)
        self.company.taobao_min_margin = -100.0  # the imported price is the tour's business
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.start_tour(
            f"/odoo/action-sale.action_orders/{quotation.id}",
            "taobao_first_purchase",
            login=login,
        )
        self.assertEqual(quotation.state, "sale")
        self.assertEqual(quotation.order_line.product_uom_qty, 2)
        self.assertEqual(quotation.taobao_state, "to_pay")
        purchase = quotation.taobao_purchase_ids
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.filtered("sale_line_id").product_qty, 2)

    def test_first_purchase_in_english(self):
        self.first_purchase("tb_tour_en", "en_US")

    def test_first_purchase_in_chinese(self):
        self.first_purchase("tb_tour_zh", "zh_CN")

    def board_pay(self, login, lang):
        """The buyer's board, in a real browser, in ``lang``: pay the order waiting in
        its column; its purchase order is billed and offers no Create Bill."""
        self.tour_user(login, lang)
        order, purchase = self.bought_order()
        self.start_tour(
            "/odoo/action-taobao_purchase.action_taobao_board", "taobao_board_pay", login=login
        )
        self.assertEqual(order.taobao_state, "paid")
        self.assertEqual(purchase.invoice_status, "invoiced")
        self.assertEqual(purchase.invoice_ids.move_type, "in_invoice")

    def test_board_pay_in_english(self):
        self.board_pay("tb_board_en", "en_US")

    def test_board_pay_in_chinese(self):
        self.board_pay("tb_board_zh", "zh_CN")

    def own_mug(self, **values):
        """A product the seller already sells, its variants the colours of the sandbox
        catalog's item 683422708849 (the item it is to be linked to)."""
        item = self.sandbox.catalog.get(683422708849)
        self.assertTrue(all(len(sku.properties) == 1 for sku in item.skus))
        attribute = self.env["product.attribute"].create(
            {
                "name": item.skus[0].properties[0].prop_name,
                "value_ids": [
                    Command.create({"name": sku.properties[0].value_name}) for sku in item.skus
                ],
            }
        )
        template = self.env["product.template"].create(
            {
                "name": "Our own mug",
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                ],
                **values,
            }
        )
        return item, template

    def test_link_an_existing_product(self):
        """A product the seller already sells, linked to a Taobao item in the browser."""
        item, template = self.own_mug()
        self.tour_user("tb_tour_link", "en_US")
        self.start_tour(
            f"/odoo/action-sale.product_template_action/{template.id}",
            "taobao_link_product",
            login="tb_tour_link",
        )
        self.assertEqual(template.taobao_item_id, str(item.item_id))
        self.assertEqual(
            sorted(template.product_variant_ids.mapped("taobao_sku_id")),
            sorted(str(sku.sku_id) for sku in item.skus),
        )

    def find_by_picture(self, login, lang):
        """A product the seller sells, with a photo of a Taobao item: Find by Picture on its
        form finds the item first, and links it, in a real browser, in ``lang``."""
        photo = base64.b64encode(item_picture(683422708849))
        item, template = self.own_mug(image_1920=photo)
        self.tour_user(login, lang)
        self.start_tour(
            f"/odoo/action-sale.product_template_action/{template.id}",
            "taobao_find_by_picture",
            login=login,
        )
        self.assertEqual(template.taobao_item_id, str(item.item_id))
        self.assertEqual(
            sorted(template.product_variant_ids.mapped("taobao_sku_id")),
            sorted(str(sku.sku_id) for sku in item.skus),
        )

    def test_find_by_picture_in_english(self):
        self.find_by_picture("tb_picture_en", "en_US")

    def test_find_by_picture_in_chinese(self):
        self.find_by_picture("tb_picture_zh", "zh_CN")

    def test_find_on_taobao_by_a_pasted_picture(self):
        """A picture pasted from the clipboard into Find on Taobao is searched: the item it
        shows comes first."""
        tour_user = self.tour_user("tb_paste", "en_US")
        tour_user.image_1920 = base64.b64encode(item_picture(683422708849))
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.start_tour(
            f"/odoo/action-sale.action_orders/{quotation.id}",
            "taobao_paste_picture",
            login="tb_paste",
        )
        search = self.env["taobao.product.search.wizard"].search(
            [("create_uid", "=", tour_user.id)]
        )
        self.assertEqual(search.search_by, "picture")
        self.assertTrue(search.picture)
        self.assertEqual(search.result_ids.sorted("rank")[0].item_id, "683422708849")
