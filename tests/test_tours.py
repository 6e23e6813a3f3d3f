# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Browser tours (headless Chromium): what a person clicks, on a real web client."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import TaobaoPurchaseCase, ensure_http_server


@tagged("post_install", "-at_install")
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
