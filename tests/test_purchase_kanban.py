# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPurchaseKanban(TransactionCase):
    """The purchase order kanban shows a Taobao purchase's Taobao status, not "Purchase
    Order": on Purchase's own screens and on the addon's Taobao Purchases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = new_test_user(
            cls.env,
            login="tb_kanban_buyer",
            groups="purchase.group_purchase_user,taobao_purchase.group_taobao_user",
        )

    def _kanban_arch(self, view_xmlid):
        view = self.env.ref(view_xmlid)
        views = self.env["purchase.order"].with_user(self.buyer).get_views([(view.id, "kanban")])
        return etree.fromstring(views["views"]["kanban"]["arch"])

    def test_taobao_purchases_action_uses_the_kanban_without_dashboard(self):
        action = self.env.ref("taobao_purchase.action_taobao_purchase_orders")
        kanban = action.view_ids.filtered(lambda view: view.view_mode == "kanban").view_id
        without_dashboard = self.env.ref("purchase.purchase_order_view_kanban_without_dashboard")
        self.assertEqual(kanban, without_dashboard)

    def test_kanban_shows_the_taobao_status_badge(self):
        for view_xmlid in (
            "purchase.view_purchase_order_kanban",
            "purchase.purchase_order_view_kanban_without_dashboard",
        ):
            arch = self._kanban_arch(view_xmlid)
            (card,) = arch.xpath("//templates/t[@t-name='card']")
            (status,) = card.xpath(".//field[@name='taobao_status']")
            self.assertEqual(status.get("widget"), "badge", view_xmlid)
            self.assertEqual(status.get("invisible"), "not taobao_status", view_xmlid)
            self.assertTrue(
                any(name.startswith("decoration-") for name in status.attrib), view_xmlid
            )
            # the generic state label gives way on a Taobao purchase that has a status
            (state,) = card.xpath(".//field[@name='state']")
            self.assertEqual(state.get("invisible"), "taobao_status", view_xmlid)
