# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import socket
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.taobao_purchase.dajisaas import StatusMessage, parse_status_message
from odoo.addons.taobao_purchase.models.sale_order_taobao_purchase import THIRD_ORDER_KEY_PARAM

from .common import TaobaoPurchaseCase

CREATE = "/taobao/purchase/order/create"
PREVIEW = "/taobao/purchase/order/render"


@tagged("post_install", "-at_install")
class TestTaobaoPurchase(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        catalog = cls.sandbox.catalog
        cls.item = catalog.find(min_skus=3, max_skus=20)
        cls.red, cls.blue = cls.make_taobao_products(cls.item, cls.item.skus_in_stock[:2])
        cls.other_item = catalog.find(min_skus=2, max_skus=20, exclude_shops=[cls.item.shop_name])
        cls.other_shop_product = cls.make_taobao_products(cls.other_item)
        cls.manager = new_test_user(
            cls.env,
            login="tb_purchase_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )
        cls.taobao_user = new_test_user(
            cls.env,
            login="tb_purchase_user",
            groups="taobao_purchase.group_taobao_user",
        )

    # --- happy paths ----------------------------------------------------------------

    def test_the_third_order_id_key_is_made_at_install_not_by_a_purchase(self):
        """Two purchase lanes making the key at once would collide on its unique name."""
        key = self.env["ir.config_parameter"].sudo().get_param(THIRD_ORDER_KEY_PARAM)
        self.assertTrue(key)
        self.assertEqual(self.env["sale.order"]._taobao_third_order_key(), key)

    def test_purchase_one_supplier(self):
        order = self.make_order([(self.red, 2, 500.0), (self.blue, 1, 500.0)])
        self.assertEqual(order.taobao_state, "to_purchase")
        third_id = order._taobao_third_order_id()
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "success")
        purchase = order.taobao_purchase_ids
        self.assertEqual(len(purchase), 1)
        self.assertEqual(purchase.taobao_third_order_ref, third_id)
        self.assertEqual(purchase.taobao_supplier_nick, self.item.shop_name)
        self.assertEqual(len(purchase.order_line.filtered("taobao_sub_order_ref")), 2)
        self.assertEqual(
            purchase.order_line.filtered("taobao_sub_order_ref").sale_line_id, order.order_line
        )
        self.assertTrue(
            all(
                purchase.order_line.filtered("taobao_sub_order_ref").mapped("taobao_sub_order_ref")
            )
        )
        self.assertEqual(
            sorted(purchase.order_line.filtered("taobao_sub_order_ref").mapped("product_qty")),
            [1, 2],
        )
        expected_fen = 2 * self.red.taobao_price_fen + self.blue.taobao_price_fen
        self.assertAlmostEqual(purchase.amount_total, (expected_fen + 800) / 100)
        self.assertEqual(purchase.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertIn("/pay?purchaseIds=", order.taobao_payment_url)
        self.assertEqual(order.taobao_attempt, 2, "the next attempt gets a new thirdOrderId")
        self.assertTrue(purchase.taobao_trace_ref)
        self.assertIn(purchase.name, order.message_ids[0].body)
        self.assertEqual(len(self.sandbox.orders_for(third_id)), 1)
        # purchasing again has nothing left to buy and sends nothing
        calls = self.sandbox.create_calls
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "info")
        self.assertEqual(self.sandbox.create_calls, calls)

    def test_purchase_several_suppliers(self):
        order = self.make_order([(self.red, 1, 500.0), (self.other_shop_product, 1, 500.0)])
        order.action_taobao_purchase()
        purchases = order.taobao_purchase_ids
        self.assertEqual(len(purchases), 2)
        self.assertEqual(
            set(purchases.mapped("taobao_supplier_nick")),
            {self.item.shop_name, self.other_item.shop_name},
        )
        self.assertEqual(len(set(purchases.mapped("taobao_third_order_ref"))), 1)
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(order.taobao_purchase_count, 2)

    def test_a_purchase_id_recorded_for_another_order_is_not_applied_to_it(self):
        """An answer naming a DajiSaaS purchase Odoo records for another sale order (a
        sandbox restarted with its ids, a replayed or wrong answer) must not rewrite that
        order's purchase order; this order stops for a person instead."""
        first = self.make_order([(self.red, 2, 500.0)])
        first.action_taobao_purchase()
        recorded = first.taobao_purchase_ids
        before = recorded.read(["taobao_third_order_ref", "taobao_status", "amount_total"])
        lines_before = recorded.order_line.read(["product_qty", "sale_line_id"])
        # the sandbox hands out the same purchase id again
        self.sandbox.reuse_purchase_ids_from(recorded.taobao_purchase_ref)

        second = self.make_order([(self.blue, 1, 500.0)])
        action = second.action_taobao_purchase()

        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(
            recorded.read(["taobao_third_order_ref", "taobao_status", "amount_total"]), before
        )
        self.assertEqual(recorded.order_line.read(["product_qty", "sale_line_id"]), lines_before)
        self.assertFalse(second.taobao_purchase_ids)
        self.assertEqual(second.taobao_attempt_state, "review")
        self.assertIn(recorded.taobao_purchase_ref, second.taobao_last_error)
        self.assertIn(first.name, second.taobao_last_error)
        # nothing more is bought for it until a person has looked
        calls = self.sandbox.create_calls
        with self.assertRaises(UserError):
            second.action_taobao_purchase()
        self.assertEqual(self.sandbox.create_calls, calls)

    def test_non_taobao_lines_are_ignored(self):
        order = self.make_order([(self.red, 1, 500.0), (self.service, 1, 5.0)])
        order.action_taobao_purchase()
        bought = order.taobao_purchase_ids.order_line.filtered("taobao_sub_order_ref").sale_line_id
        self.assertEqual(bought.product_id, self.red)
        self.assertEqual(order.taobao_state, "to_pay")

    def test_order_without_taobao_lines(self):
        order = self.make_order([(self.service, 1, 5.0)])
        self.assertEqual(order.taobao_state, "none")
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "info")
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_quotation_cannot_be_purchased(self):
        order = self.make_order([(self.red, 1, 500.0)], confirm=False)
        with self.assertRaisesRegex(UserError, "confirm it"):
            order.action_taobao_purchase()

    def test_distribution_ids_fetched_through_bunker(self):
        item = self.sandbox.catalog.find(
            min_skus=2, max_skus=20, exclude_items=[self.item.item_id]
        )
        product = self.make_taobao_products(item, with_mp_ids=False)
        self.assertFalse(product.taobao_mp_id)
        order = self.make_order([(product, 1, 500.0)])
        order.action_taobao_purchase()
        self.assertEqual(product.taobao_mp_id, item.mp_id)
        sku = item.sku(int(product.taobao_sku_id))
        self.assertEqual(product.taobao_mp_sku_id, str(sku.mp_sku_id))
        self.assertEqual(order.taobao_state, "to_pay")

    def test_item_without_skus(self):
        item = self.sandbox.catalog.find(has_skus=False)
        product = self.make_taobao_products(item)
        order = self.make_order([(product, 1, 500.0)])
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(
            order.taobao_purchase_ids.order_line.filtered(
                "taobao_sub_order_ref"
            ).taobao_mp_sku_ref,
            False,
        )

    def test_ship_to_customer_uses_delivery_address(self):
        self.company.taobao_ship_to = "customer"
        shenzhen_customer = self.warehouse.copy({"name": "李先生"})
        order = self.make_order([(self.red, 1, 500.0)], partner=shenzhen_customer)
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")

    # --- what stops a purchase before anything is sent ------------------------------

    def test_missing_address_fields_reported_at_once(self):
        self.warehouse.write({"zip": False, "city": False, "phone": False, "mobile": False})
        order = self.make_order([(self.red, 1, 500.0)])
        with self.assertRaises(UserError) as caught:
            order.action_taobao_purchase()
        message = str(caught.exception)
        for expected in ("zip is missing", "city is missing", "phone or mobile is missing"):
            self.assertIn(expected, message)
        self.assertIn(self.warehouse.display_name, message)
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_missing_warehouse(self):
        self.company.taobao_warehouse_partner_id = False
        order = self.make_order([(self.red, 1, 500.0)])
        with self.assertRaisesRegex(UserError, "No China warehouse"):
            order.action_taobao_purchase()

    def test_margin_too_low_stops_then_manager_overrides(self):
        order = self.make_order([(self.red, 1, 0.01)])
        with self.assertRaisesRegex(UserError, "margin of .* below the minimum of 10"):
            order.action_taobao_purchase()
        self.assertEqual(self.sandbox.create_calls, 0)
        with self.assertRaisesRegex(UserError, "Only Taobao Purchasing managers"):
            order.with_user(self.taobao_user).action_taobao_purchase_force()
        order.with_user(self.manager).action_taobao_purchase_force()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_preview_wizard_shows_cost_before_buying(self):
        order = self.make_order([(self.red, 2, 500.0)])
        action = order.action_taobao_open_preview()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertFalse(wizard.problems)
        expected_fen = 2 * self.red.taobao_price_fen + 800
        self.assertAlmostEqual(wizard.total_cny, expected_fen / 100)
        self.assertAlmostEqual(wizard.shipping_cny, 8.0)
        self.assertAlmostEqual(wizard.cost, round(expected_fen / 100 / 7.0, 2), places=2)
        self.assertFalse(wizard.margin_too_low)
        self.assertEqual(self.sandbox.create_calls, 0, "the preview buys nothing")
        wizard.action_purchase()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_preview_reports_unavailable_sku(self):
        sku = self.item.sku(int(self.red.taobao_sku_id))
        self.sandbox.catalog.set_sku_stock(self.item.item_id, sku.sku_id, 0)
        order = self.make_order([(self.red, 1, 500.0)])
        with self.assertRaisesRegex(UserError, "cannot be bought right now"):
            order.action_taobao_purchase()
        self.assertEqual(self.sandbox.create_calls, 0)

    # --- failures of the call itself ------------------------------------------------

    def test_partial_success_then_retry_buys_the_rest(self):
        self.company.taobao_preview_before_purchase = False
        self.company.taobao_partial_success = True
        order = self.make_order([(self.red, 1, 500.0), (self.blue, 1, 500.0)])
        blue_line = order.order_line.filtered(lambda line: line.product_id == self.blue)
        self.sandbox.faults.inject(CREATE, "partial_success", line_nos=[str(blue_line.id)])
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(order.taobao_state, "partial")
        self.assertIn(self.blue.display_name, order.taobao_last_error)
        self.assertIn("partly purchased", order.message_ids[0].body)
        self.assertEqual(
            order.taobao_purchase_ids.order_line.filtered(
                "taobao_sub_order_ref"
            ).sale_line_id.product_id,
            self.red,
        )
        order.action_taobao_purchase()
        self.assertEqual(len(order.taobao_purchase_ids), 2)
        self.assertEqual(
            order.taobao_purchase_ids.order_line.filtered("taobao_sub_order_ref").sale_line_id,
            order.order_line,
        )
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(len(set(order.taobao_purchase_ids.mapped("taobao_third_order_ref"))), 2)

    def test_timeout_after_the_order_was_recorded_never_buys_twice(self):
        self.company.taobao_preview_before_purchase = False
        self.company.taobao_timeout = 0.5
        order = self.make_order([(self.red, 1, 500.0)])
        third_id = order._taobao_third_order_id()
        self.sandbox.faults.inject(CREATE, "timeout_after_commit", seconds=2.0)
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(order.taobao_attempt_state, "unknown")
        self.assertEqual(order.taobao_state, "in_progress")
        self.assertFalse(order.taobao_purchase_ids)
        self.assertEqual(len(self.sandbox.orders_for(third_id)), 1, "DajiSaaS did buy")
        self.assertEqual(order.taobao_pending_third_order_id, third_id)
        order.name = "S-RENAMED"  # the pending id, not the new name, is asked for
        # the next attempt asks DajiSaaS first and records what it finds
        order.action_taobao_purchase()
        self.assertEqual(len(order.taobao_purchase_ids), 1)
        self.assertEqual(order.taobao_purchase_ids.taobao_third_order_ref, third_id)
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(self.sandbox.create_calls, 1, "the create was never sent again")
        self.assertEqual(len(self.sandbox.orders), 1)
        self.assertFalse(order.taobao_pending_third_order_id)

    def test_sync_resolves_an_unknown_outcome(self):
        self.company.taobao_preview_before_purchase = False
        self.company.taobao_timeout = 0.5
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE, "timeout_after_commit", seconds=2.0)
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "unknown")
        self.sandbox.faults.inject("/taobao/purchase/order/query", "http_500")
        with self.assertRaisesRegex(UserError, "Synchronization of .* failed"):
            order.action_taobao_sync()
        order.action_taobao_sync()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(self.sandbox.create_calls, 1)

    def test_dropped_connection_then_nothing_created_resends_same_id(self):
        self.company.taobao_preview_before_purchase = False
        order = self.make_order([(self.red, 1, 500.0)])
        third_id = order._taobao_third_order_id()
        self.sandbox.faults.inject(CREATE, "http_502")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "unknown")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_purchase_ids.taobao_third_order_ref, third_id)
        self.assertEqual(len(self.sandbox.orders), 1)

    def test_business_error_1009_is_recorded_with_a_log(self):
        self.company.taobao_preview_before_purchase = False
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE, "business_1009", message="库存不足 out of stock")
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(order.taobao_state, "failed")
        self.assertIn("out of stock", order.taobao_last_error)
        self.assertIn("out of stock", order.message_ids[0].body)
        # the log was committed on its own: another transaction already sees it
        log = self.committed_api_logs(
            [
                ("endpoint", "=", CREATE),
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
            ]
        )[0]
        self.assertEqual(log["state"], "error")
        self.assertIn("out of stock", log["response_body"])
        self.assertTrue(log["trace_id"])
        self.assertNotIn(self.company.sudo().taobao_app_secret, log["request_body"])
        # a failed attempt is over: the retry uses a new thirdOrderId and succeeds
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_not_configured(self):
        self.company.taobao_app_key = False
        order = self.make_order([(self.red, 1, 500.0)])
        with self.assertRaisesRegex(UserError, "not configured"):
            order.action_taobao_purchase()

    # --- pay, cancel, sync -------------------------------------------------------------

    def test_pay_then_ship_then_sync(self):
        order = self.make_order([(self.red, 1, 500.0), (self.other_shop_product, 1, 500.0)])
        order.action_taobao_purchase()
        purchases = order.taobao_purchase_ids
        with self.assertRaisesRegex(UserError, "managers"):
            purchases.with_user(self.taobao_user).action_taobao_pay()
        self.pay(purchases, self.manager)
        self.assertEqual(set(purchases.mapped("taobao_status")), {"WAIT_SELLER_SEND_GOODS"})
        self.assertTrue(all(purchases.mapped("taobao_pay_requested")))
        for purchase in purchases:
            self.sandbox.ship(int(purchase.taobao_purchase_ref))
        order.action_taobao_sync()
        self.assertEqual(set(purchases.mapped("taobao_status")), {"WAIT_BUYER_CONFIRM_GOODS"})
        self.assertTrue(
            all(
                purchases.order_line.filtered("taobao_sub_order_ref").mapped(
                    "taobao_tracking_refs"
                )
            )
        )
        self.assertTrue(purchases[0].taobao_tracking_refs)
        self.assertEqual(order.taobao_state, "shipped")

    def test_pay_in_batches_of_ten(self):
        orders = self.env["sale.order"]
        for _index in range(11):
            orders |= self.make_order([(self.red, 1, 500.0)])
        orders.action_taobao_purchase()  # several orders are queued
        self.env["taobao.jobs"]._cron_purchase_queue()
        purchases = orders.taobao_purchase_ids
        self.assertEqual(len(purchases), 11)
        self.pay(purchases, self.manager)
        self.assertEqual(set(purchases.mapped("taobao_status")), {"WAIT_SELLER_SEND_GOODS"})
        pay_logs = self.committed_api_logs(
            [
                ("endpoint", "=", "/taobao/purchase/order/batch/pay"),
                ("res_model", "=", "purchase.order"),
                ("res_id", "in", purchases.ids),
            ]
        )
        self.assertEqual(len(pay_logs), 2)

    def test_cancel_whole_purchase(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        action = purchase.with_user(self.manager).action_taobao_open_cancel_wizard()
        self.confirm_cancel_wizard(action, self.manager, "customer cancelled")
        self.assertEqual(purchase.taobao_status, "TRADE_CLOSED")
        self.assertEqual(purchase.taobao_cancel_reason, "customer cancelled")
        # what DajiSaaS closed buys nothing: the order is to purchase again
        self.assertEqual(order.taobao_state, "to_purchase")
        self.assertIn("customer cancelled", order.message_ids[0].body + order.message_ids[1].body)

    def test_pay_and_cancel_from_the_sale_order(self):
        paid = self.make_order([(self.red, 1, 500.0)])
        cancelled = self.make_order([(self.blue, 1, 500.0), (self.other_shop_product, 1, 500.0)])
        (paid | cancelled).action_taobao_purchase()
        self.env["taobao.jobs"]._cron_purchase_queue()
        self.pay(paid, self.manager)
        self.assertEqual(paid.taobao_purchase_ids.taobao_status, "WAIT_SELLER_SEND_GOODS")
        self.assertIn(
            "Payment on Taobao requested",
            " ".join(paid.taobao_purchase_ids.message_ids.mapped("body")),
        )
        action = cancelled.with_user(self.manager).action_taobao_cancel()
        self.assertEqual(len(action["context"]["default_purchase_order_ids"]), 2)
        self.confirm_cancel_wizard(action, self.manager, "customer changed their mind")
        self.assertEqual(
            set(cancelled.taobao_purchase_ids.mapped("taobao_status")), {"TRADE_CLOSED"}
        )
        self.assertEqual(cancelled.taobao_state, "to_purchase")
        with self.assertRaisesRegex(UserError, "awaiting payment"):
            paid.with_user(self.manager).action_taobao_cancel()

    def test_cancel_one_sub_order(self):
        order = self.make_order([(self.red, 1, 500.0), (self.blue, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        blue_line = purchase.order_line.filtered("taobao_sub_order_ref").filtered(
            lambda line: line.product_id == self.blue
        )
        purchase.with_user(self.manager)._taobao_cancel("wrong colour", blue_line)
        self.assertEqual(blue_line.taobao_status, "TRADE_CLOSED")
        self.assertNotEqual(purchase.taobao_status, "TRADE_CLOSED")
        self.assertEqual(order.taobao_state, "partial")

    def test_cancel_refused_after_payment(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        self.pay(purchase, self.manager)
        with self.assertRaisesRegex(UserError, "only purchases awaiting payment"):
            purchase.with_user(self.manager)._taobao_cancel("too late")

    # --- automation --------------------------------------------------------------------

    def test_automatic_purchase_on_confirmation(self):
        self.company.taobao_auto_purchase = True
        order = self.make_order([(self.red, 1, 500.0)])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.taobao_attempt_state, "queued")
        self.assertEqual(order.taobao_state, "in_progress")
        self.assertEqual(self.sandbox.create_calls, 0, "confirming never waits for the API")
        self.env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_the_pay_dialog_asks_dajisaas_first_about_a_purchase_being_created(self):
        """Right after the click the purchase holds the create's estimate: paying asks
        DajiSaaS for its real state and amount before showing them."""
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        self.assertEqual(purchase.taobao_status, "BULIDING")
        action = purchase.with_user(self.manager).action_taobao_pay()
        self.assertEqual(purchase.taobao_status, "WAIT_BUYER_P")
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.purchase_order_ids, purchase)

    def test_paying_a_purchase_dajisaas_has_moved_on_says_so_instead_of_asking(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        self.sandbox.pay([int(purchase.taobao_purchase_ref)])  # paid elsewhere meanwhile
        action = purchase.with_user(self.manager).action_taobao_pay()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(purchase.taobao_status, "WAIT_SELLER_SEND_GOODS")

    def test_people_without_settings_rights_queue_orders(self):
        """Confirming with automatic purchase on, or buying several orders at once, wakes
        the purchase lanes for a salesperson or a Taobao user too (the lanes are read as
        the job's records, not as the person's)."""
        self.company.taobao_auto_purchase = True
        salesman = new_test_user(
            self.env, login="tb_lane_salesman", groups="sales_team.group_sale_salesman"
        )
        order = self.make_order([(self.red, 1, 500.0)], confirm=False)
        order.user_id = salesman
        order.with_user(salesman).action_confirm()
        self.assertEqual(order.taobao_attempt_state, "queued")
        self.company.taobao_auto_purchase = False
        orders = self.make_order([(self.red, 1, 500.0)]) | self.make_order([(self.blue, 1, 500.0)])
        orders.with_user(self.taobao_user).action_taobao_purchase()
        self.assertEqual(set(orders.mapped("taobao_attempt_state")), {"queued"})

    def test_the_first_lane_is_the_switch_of_the_others(self):
        """Archiving the purchase job pauses every lane: none is woken, and a lane that
        runs anyway buys nothing."""
        jobs = self.env["taobao.jobs"]
        first = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")
        second = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue_lane_2")
        self.assertTrue(second.active)
        first.active = False
        self.assertFalse(self.env["sale.order"]._taobao_queue_lanes())
        order = self.make_order([(self.red, 1, 500.0)])
        order._taobao_queue()
        jobs.with_context(cron_id=second.id)._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "queued")
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_automatic_purchase_with_api_down_is_retried(self):
        self.company.taobao_auto_purchase = True
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        self.company.taobao_api_url = f"http://127.0.0.1:{closed_port}"
        order = self.make_order([(self.red, 1, 500.0)])
        self.assertEqual(order.state, "sale", "confirmation does not depend on the API")
        self.env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "queued")
        self.assertEqual(order.taobao_retry_count, 1)
        self.assertTrue(order.taobao_next_retry)
        self.assertIn("connect", order.taobao_last_error.lower())
        self.assertFalse(order.activity_ids)
        # the API is back: the retry purchases
        self.company.taobao_api_url = self.sandbox.url
        order.taobao_next_retry = False
        self.env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_automatic_purchase_gives_up_with_an_activity(self):
        self.company.write({"taobao_auto_purchase": True, "taobao_retry_limit": 0})
        self.warehouse.zip = False
        order = self.make_order([(self.red, 1, 500.0)])
        self.env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "failed")
        self.assertEqual(len(order.activity_ids), 1)
        self.assertIn("zip is missing", order.activity_ids.note)

    def test_server_action_on_many_orders(self):
        good = self.make_order([(self.red, 1, 500.0)]) | self.make_order([(self.blue, 2, 500.0)])
        cheap = self.make_order([(self.red, 1, 0.01)])
        orders = good | cheap
        server_action = self.env.ref("taobao_purchase.action_server_taobao_purchase")
        result = server_action.with_context(active_model="sale.order", active_ids=orders.ids).run()
        # several orders are queued: no request buys more than one order
        self.assertEqual(self.sandbox.create_calls, 0)
        self.assertEqual(set(orders.mapped("taobao_attempt_state")), {"queued"})
        self.assertIn("3 orders queued", result["params"]["message"])
        self.env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(set(good.mapped("taobao_state")), {"to_pay"})
        self.assertEqual(cheap.taobao_state, "failed")
        self.assertIn("below the minimum", cheap.activity_ids.note)

    def test_to_purchase_filter(self):
        to_buy = self.make_order([(self.red, 1, 500.0)])
        bought = self.make_order([(self.blue, 1, 500.0)])
        bought.action_taobao_purchase()
        found = self.env["sale.order"].search(
            [("state", "=", "sale"), ("taobao_state", "in", ("to_purchase", "partial", "failed"))]
        )
        self.assertIn(to_buy, found)
        self.assertNotIn(bought, found)

    def test_created_purchase_is_refreshed_after_the_click(self):
        """The person who clicked does not wait for the query of the purchase's real state:
        the requested-synchronization job makes it moments later."""
        order = self.make_order([(self.red, 1, 500.0)])
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_sync_requested")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        logs = self.committed_api_logs(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(
            sorted(log["endpoint"] for log in logs),
            sorted([CREATE, PREVIEW]),
            "no query while the user waits",
        )
        self.assertEqual(purchase.taobao_status, "BULIDING")
        self.assertEqual(order.taobao_state, "to_pay", "being created is payable already")
        new_triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        self.assertEqual(len(new_triggers), 1)
        self.assertGreater(new_triggers.call_at, fields.Datetime.now())
        self.env["taobao.jobs"]._cron_sync_requested()
        self.assertEqual(purchase.taobao_status, "WAIT_BUYER_P")

    def test_status_message_schedules_a_sync(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        requests = self.env["taobao.sync.request"]
        requests._take("purchase.order")  # the refresh asked after the create
        message = StatusMessage(message_type=3, purchase_id=int(purchase.taobao_purchase_ref))
        self.receive_message(message)
        self.assertFalse(requests._take("purchase.order"), "receiving is only recording")
        self.env["taobao.jobs"]._note_messages()
        self.assertEqual(requests._take("purchase.order"), {purchase.id: False})
        # a price change (type 8) names the order purchaseOrderId: it is synced too
        price_change = parse_status_message(
            json.dumps(
                {"message_type": 8, "data": {"purchaseOrderId": purchase.taobao_purchase_ref}}
            )
        )
        self.receive_message(price_change)
        purchase.sudo().taobao_last_sync = "2026-01-01 00:00:00"
        self.env["taobao.jobs"]._cron_sync()
        self.assertGreater(purchase.taobao_last_sync, fields.Datetime.now() - timedelta(minutes=1))
        self.assertFalse(requests._take("purchase.order"), "the sync job consumed the request")

    def test_status_message_for_an_unknown_outcome_queues_the_lookup(self):
        self.company.taobao_preview_before_purchase = False
        self.company.taobao_timeout = 0.5
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE, "timeout_after_commit", seconds=2.0)
        order.action_taobao_purchase()
        order.taobao_next_retry = "2030-01-01 00:00:00"
        message = StatusMessage(
            message_type=3,
            purchase_id=999,
            outer_purchase_id=order.taobao_pending_third_order_id,
        )
        self.receive_message(message)
        self.env["taobao.jobs"]._note_messages()  # the sync job, every minute
        self.assertEqual(order.taobao_next_retry.year, 2030, "the message writes no order row")
        self.env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(self.sandbox.create_calls, 1)
