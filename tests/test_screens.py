# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Screens that guide: what each shows, when each button applies, what each
action says."""

from unittest.mock import patch

from psycopg2 import OperationalError

from odoo.tests import new_test_user, tagged

from ..models import taobao_jobs
from .common import TaobaoPurchaseCase


@tagged("post_install", "-at_install")
class TestScreens(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item = cls.sandbox.catalog.find(min_skus=3, max_skus=20)
        cls.red, cls.blue = cls.make_taobao_products(cls.item, cls.item.skus_in_stock[:2])
        cls.salesman = new_test_user(
            cls.env, login="tb_screen_salesman", groups="sales_team.group_sale_salesman"
        )

    def test_preview_shows_each_line_and_what_is_off(self):
        red_sku, blue_sku = self.item.skus_in_stock[:2]
        order = self.make_order([(self.red, 1, 500.0), (self.blue, 2, 500.0)])
        self.sandbox.catalog.set_sku_price(self.item.item_id, red_sku.sku_id, red_sku.price + 100)
        self.sandbox.catalog.set_sku_stock(self.item.item_id, blue_sku.sku_id, 1)
        action = order.action_taobao_open_preview()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(len(wizard.line_ids), 2)
        red_row = wizard.line_ids.filtered(lambda r: r.product_id == self.red)
        blue_row = wizard.line_ids.filtered(lambda r: r.product_id == self.blue)
        self.assertEqual(red_row.quantity, 1)
        self.assertEqual(red_row.known_price, red_sku.price / 100)
        self.assertEqual(red_row.current_price, (red_sku.price + 100) / 100)
        self.assertIn("Price changed", red_row.warning)
        self.assertEqual(red_row.supplier, self.item.shop_name)
        self.assertEqual(blue_row.stock, 1)
        self.assertIn("Only 1 in stock", blue_row.warning)
        self.assertTrue(wizard.unavailable, "DajiSaaS refuses the blue quantity too")

    def test_pay_and_cancel_show_only_while_a_purchase_awaits_payment(self):
        self.company.taobao_preview_before_purchase = False
        order = self.make_order([(self.red, 1, 500.0)])
        self.assertFalse(order.taobao_can_pay or order.taobao_can_cancel)
        order.action_taobao_purchase()
        self.assertTrue(order.taobao_can_pay and order.taobao_can_cancel)
        self.pay(order, self.env.user)
        self.assertFalse(order.taobao_can_pay, "paid: Pay no longer applies")
        self.assertFalse(order.taobao_can_cancel, "paid: DajiSaaS cancels only unpaid orders")

    def test_sync_says_what_it_found(self):
        self.company.taobao_preview_before_purchase = False
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        action = order.action_taobao_sync()
        self.assertEqual(action["params"]["type"], "success")
        purchase = order.taobao_purchase_ids
        self.assertIn(purchase.name, action["params"]["message"])
        self.assertIn("Awaiting payment", action["params"]["message"])

    def test_cancel_says_what_it_did(self):
        self.company.taobao_preview_before_purchase = False
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        action = order.action_taobao_cancel()
        result = self.confirm_cancel_wizard(action, self.env.user, "customer changed mind")
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(order.taobao_purchase_ids.name, result["params"]["message"])

    def test_next_retry_is_hidden_once_nothing_is_retried(self):
        view = self.env.ref("taobao_purchase.view_order_form_inherit_taobao_purchase")
        self.assertIn("taobao_attempt_state not in ('queued', 'unknown')", view.arch)

    def test_salespeople_see_taobao_on_their_orders_read_only(self):
        self.company.taobao_preview_before_purchase = False
        order = self.make_order([(self.red, 1, 500.0)])
        order.user_id = self.salesman
        order.action_taobao_purchase()
        mine = order.with_user(self.salesman)
        self.assertEqual(mine.taobao_state, "to_pay")
        self.assertTrue(mine.taobao_purchase_ids)
        self.assertTrue(mine.taobao_payment_url)
        arch = mine.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="taobao"', arch, "the Taobao tab")
        self.assertIn("action_view_taobao_purchases", arch, "the smart button")
        self.assertNotIn("action_taobao_pay", arch, "no money button for them")

    def test_detail_wizard_filters_skus_and_adds_several_at_once(self):
        item = self.sandbox.catalog.find(min_skus=8)
        partner = self.env["res.partner"].create({"name": "Buyer"})
        order = self.env["sale.order"].create({"partner_id": partner.id})
        detail = self.env["taobao.product.detail.wizard"].create(
            {"item_id": str(item.item_id), "sale_order_id": order.id}
        )
        detail._load()
        first = item.skus[0].properties[0]
        value = detail.value_ids.filtered(
            lambda v: v.prop_name == first.prop_name and v.value_name == first.value_name
        )
        detail.filter_value_ids = value
        detail.action_filter()
        shown = detail.shown_sku_ids
        self.assertTrue(shown)
        self.assertLess(len(shown), len(detail.sku_ids))
        self.assertTrue(all(first.value_name in sku.properties for sku in shown))
        in_stock = shown.filtered(lambda s: s.stock > 1 and s.mp_sku_id)[:2]
        in_stock[0].quantity = 2
        in_stock[1].quantity = 1
        action = detail.action_add_quantities()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(sorted(order.order_line.mapped("product_uom_qty")), [1, 2])
        self.assertEqual(
            set(order.order_line.product_id.mapped("taobao_sku_id")),
            set(in_stock.mapped("sku_id")),
        )
        detail.action_clear_filter()
        self.assertEqual(detail.shown_sku_ids, detail.sku_ids)

    def test_the_purchase_job_announces_what_it_bought(self):
        """Open forms learn of a background purchase through the bus."""
        self.company.taobao_preview_before_purchase = False
        order = self.make_order([(self.red, 1, 500.0)])
        jobs = self.env["taobao.jobs"]
        order._taobao_queue()
        groups = type(self.env["res.groups"])
        with patch.object(groups, "_bus_send", autospec=True) as bus_send:
            jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")
        group, kind, payload = bus_send.call_args.args
        self.assertEqual(group, self.env.ref("sales_team.group_sale_salesman"))
        self.assertEqual(kind, "taobao_purchase/updated")
        self.assertEqual(payload, {"model": "sale.order", "ids": [order.id]})

    def buy_three_in_one_run(self, announce_every):
        """Three queued orders bought by one run of the job announcing every
        ``announce_every`` seconds; return them and the ids of each announcement."""
        self.company.taobao_preview_before_purchase = False
        orders = self.env["sale.order"].concat(
            *(self.make_order([(self.red, 1, 500.0)]) for _ in range(3))
        )
        orders._taobao_queue()
        groups = type(self.env["res.groups"])
        with (
            patch.object(groups, "_bus_send", autospec=True) as bus_send,
            patch.object(taobao_jobs, "ANNOUNCE_EVERY", announce_every),
        ):
            self.env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(set(orders.mapped("taobao_state")), {"to_pay"})
        return orders, [sorted(call.args[2]["ids"]) for call in bus_send.call_args_list]

    def test_a_busy_queue_announces_what_it_bought_together(self):
        """Each bus notification opens a connection to PostgreSQL: a queue buying orders
        one after the other announced each of them, a new PostgreSQL backend per order."""
        orders, announced = self.buy_three_in_one_run(announce_every=3600)
        self.assertEqual(announced, [orders.ids])

    def test_a_long_run_announces_as_it_goes(self):
        """Open forms do not wait for the end of a run that goes on."""
        orders, announced = self.buy_three_in_one_run(announce_every=0)
        self.assertEqual(announced, [[order_id] for order_id in orders.ids])

    def test_an_announcement_that_fails_does_not_stop_the_queue(self):
        """The bus notifies on a connection of its own after the commit: PostgreSQL refusing
        it must leave the form unreloaded, not the purchase job stopped."""
        order = self.make_order([(self.red, 1, 500.0)])
        cursor = self.env.cr
        with (
            patch.object(cursor, "commit", side_effect=OperationalError("too many clients")),
            patch.object(cursor, "rollback") as rollback,
            self.assertLogs(taobao_jobs.__name__, "WARNING") as logged,
        ):
            self.env["taobao.jobs"]._announce(order, auto_commit=True)
        rollback.assert_called_once()
        self.assertIn("open forms were not told", logged.output[0])

    def test_search_results_say_which_items_can_be_ordered(self):
        """A non-distributable item is flagged in the results, before any Import."""
        closed = self.sandbox.catalog.find(distributable=False)
        search = self.env["taobao.product.search.wizard"].create(
            {"keyword": closed.keywords[0], "page_size": 20}
        )
        search.action_search()
        row = search.result_ids.filtered(lambda r: r.item_id == str(closed.item_id))
        self.assertEqual(row.orderable, "no")
        others = search.result_ids - row
        self.assertTrue(others and all(r.orderable == "yes" for r in others))

    def test_the_item_dialog_costs_no_query_per_sku(self):
        """1000 SKUs made 1015 queries, one currency lookup per row."""
        big = self.sandbox.catalog.find(min_skus=300)
        small = self.sandbox.catalog.find(min_skus=2, max_skus=4)
        counts = {}
        for item in (small, big):
            detail = self.env["taobao.product.detail.wizard"].create(
                {"item_id": str(item.item_id)}
            )
            self.env.flush_all()
            start = self.cr.sql_log_count
            detail._load()
            self.env.flush_all()
            counts[len(item.skus)] = self.cr.sql_log_count - start
        few, many = counts[len(small.skus)], counts[len(big.skus)]
        # rows are inserted in batches: the count grows far slower than the SKUs
        self.assertLess(many - few, len(big.skus) / 10, counts)
