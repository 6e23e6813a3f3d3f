# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Odoo flow against the sandbox speaking the other dialects DajiSaaS may speak.

Where the documentation is silent the addon finds out, or fails safe and says what it saw.
"""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TaobaoRecoveryCase


@tagged("post_install", "-at_install")
class TestDajisaasDialects(TaobaoRecoveryCase):
    def test_connection_finds_the_post_signing_the_server_accepts(self):
        """Test Connection tries the known signing variants and offers to save one."""
        self.sandbox.set_dialect({"post_signing": "values.s_string.query"})
        settings = self.env["res.config.settings"].create({})
        action = settings.action_taobao_test_connection()
        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertTrue(report.post_accepted)
        self.assertEqual(report.post_signing, "values.s_string.query")
        self.assertTrue(report.differs)
        self.assertGreater(report.signing_tried_count, 1)
        self.assertNotEqual(self.company.taobao_post_signing, "values.s_string.query")
        report.action_save()
        self.assertEqual(self.company.taobao_post_signing, "values.s_string.query")
        # what Test Connection found is what every call now uses
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_connection_finds_the_order_query(self):
        self.sandbox.set_dialect({"order_query": "upstream"})
        action = self.env["res.config.settings"].create({}).action_taobao_test_connection()
        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertTrue(report.post_accepted and report.differs)
        self.assertEqual(report.order_query, "upstream")

    def test_connection_says_when_all_is_well(self):
        action = self.env["res.config.settings"].create({}).action_taobao_test_connection()
        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertTrue(report.post_accepted)
        self.assertFalse(report.differs)
        self.assertEqual(report.signing_tried_count, 1)

    def test_connection_tests_the_values_on_screen(self):
        """The button saves the screen without a dialog, and that is what is tested."""
        view = self.env.ref(
            "taobao_purchase.res_config_settings_view_form_inherit_taobao_purchase"
        )
        self.assertIn('noSaveDialog="true"', view.arch)
        settings = self.env["res.config.settings"].create({"taobao_app_key": "typed-key"})
        action = settings.action_taobao_test_connection()
        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertFalse(report.get_accepted)
        self.assertRegex(report.last_error, "(?i)appKey")

    def test_query_answer_with_other_orders_is_not_attached(self):
        """A server that ignores the query filter does not give one sale another's
        purchases (which would leave its own lines unbought, or look bought)."""
        self.sandbox.set_dialect({"query_ignores_filter": True})
        bought = self.make_order([(self.red, 1, 500.0)])
        bought.action_taobao_purchase()
        self.assertEqual(bought.taobao_state, "to_pay")
        order = self.unknown_order(bought=False)
        order._taobao_resolve_unknown()
        self.assertFalse(order.taobao_purchase_ids)
        self.assertEqual(order.taobao_attempt_state, "queued", "nothing found: buy it")
        self.assertEqual(len(bought.taobao_purchase_ids), 1)

    def test_recovery_without_line_numbers_matches_by_distribution_ids(self):
        """Upstream's query answer has no order_line_no; recovery must not buy again."""
        self.sandbox.set_dialect({"query_line_numbers": False})
        order = self.unknown_order(lines=[(self.red, 1, 500.0), (self.blue, 2, 500.0)])
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")
        lines = order.taobao_purchase_ids.order_line.filtered("taobao_sub_order_ref")
        self.assertEqual(lines.sale_line_id, order.order_line)
        self.assertFalse(order._taobao_lines_to_purchase())
        order.action_taobao_purchase()
        self.assertEqual(len(self.sandbox.orders), 1, "nothing bought twice")

    def test_unmatched_recovery_stops_for_a_person(self):
        """Sub-orders that match no sale line stop the order until a person decides."""
        self.sandbox.set_dialect({"query_line_numbers": False})
        order = self.unknown_order()
        # DajiSaaS reports a quantity no line has: the sub-order cannot be told apart
        order.order_line.sudo().write({"product_uom_qty": 3})
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "review")
        self.assertEqual(order.taobao_state, "review")
        self.assertIn("could not be matched", order.taobao_last_error)
        check = self.env.ref("taobao_purchase.mail_activity_taobao_check_purchases")
        self.assertEqual(order.activity_ids.activity_type_id, check)
        # neither a click nor the job buys anything more
        with self.assertRaisesRegex(UserError, "could not be matched"):
            order.action_taobao_purchase()
        order._taobao_queue()
        self.assertEqual(order.taobao_attempt_state, "review")
        self.assertEqual(len(self.sandbox.orders), 1)
        # a person decides
        action = order.action_taobao_review_done()
        self.assertIn(order.name, action["params"]["message"], "it says what it did")
        self.assertEqual(order.taobao_attempt_state, "idle")
        self.assertFalse(order.activity_ids.filtered(lambda a: a.activity_type_id == check))

    def test_nested_pay_answer_is_read(self):
        """Upstream nests the pay result (data.data); it was read as nothing paid."""
        self.sandbox.set_dialect({"pay_answer": "nested"})
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        order.taobao_purchase_ids._taobao_sync()  # BULIDING -> WAIT_BUYER_P
        action = self.pay(order, self.env.user)
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(order.taobao_purchase_ids.taobao_status, "WAIT_SELLER_SEND_GOODS")

    def test_an_unreadable_pay_answer_is_looked_up_not_failed(self):
        """An answer that can't be read may hide an accepted payment: sync, never fail."""
        self.sandbox.set_dialect({"pay_answer": "odd"})
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        purchase._taobao_sync()
        action = self.pay(order, self.env.user)
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("did not confirm", action["params"]["message"])
        self.assertTrue(purchase.taobao_pay_requested)
        self.assertEqual(purchase.taobao_status, "WAIT_SELLER_SEND_GOODS", "looked up at once")

    def test_preview_with_shipping_on_each_supplier(self):
        """Upstream puts the shipping fee on each render item; it was read as 0."""
        self.sandbox.set_dialect({"render_answer": "per_item"})
        self.company.taobao_preview_before_purchase = True
        order = self.make_order([(self.red, 1, 500.0)])
        action = order.action_taobao_open_preview()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.shipping_cny, 8.0)
        self.assertGreater(wizard.total_cny, 8.0)

    def test_partial_success_follows_the_setting(self):
        """The documentation's example sends support_partial_success false."""
        order = self.make_order([(self.red, 1, 500.0)])
        request = order._taobao_build_request(order.order_line)
        self.assertFalse(request.support_partial_success)
        self.company.taobao_partial_success = True
        request = order._taobao_build_request(order.order_line)
        self.assertTrue(request.support_partial_success)

    def test_a_requested_payment_is_not_paid_twice_without_asking(self):
        """Review: the 'payment requested' mark was only a view condition."""
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        purchase.sudo().taobao_pay_requested = True  # an earlier answer was lost
        with self.assertRaisesRegex(UserError, "already requested"):
            purchase.action_taobao_pay()
        self.assertFalse(order.taobao_can_pay)
        # Pay Again asks DajiSaaS first: still unpaid, so it may be paid
        action = purchase.action_taobao_pay_again()
        self.assertEqual(action["res_model"], "taobao.purchase.pay.wizard")
        self.assertFalse(purchase.taobao_pay_requested)

    def test_pay_again_says_when_dajisaas_reports_it_paid(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        self.pay(order, self.env.user)
        purchase.sudo().taobao_pay_requested = True
        with self.assertRaisesRegex(UserError, "nothing to pay again"):
            purchase.action_taobao_pay_again()
