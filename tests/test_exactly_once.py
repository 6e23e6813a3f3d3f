# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Exactly once whatever DajiSaaS answers: late, odd, refused or silent.

Absence of evidence is no evidence of absence: a refused replay, an empty lookup, a create
success without readable orders, an order under another outer id, each leaves the purchase
attempt open (unknown, or stopped for a person), never "nothing was bought".
"""

import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.taobao_purchase.dajisaas import StatusMessage

from .common import TaobaoRecoveryCase

CREATE = "/taobao/purchase/order/create"
QUERY = "/taobao/purchase/order/query"


@tagged("post_install", "-at_install")
class TestExactlyOnce(TaobaoRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tb_once_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )
        cls.other_manager = new_test_user(
            cls.env,
            login="tb_once_other_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )

    def make_due(self, order):
        order.sudo().taobao_next_retry = fields.Datetime.now() - timedelta(seconds=1)

    def late_order(self, seconds=1.5):
        """A confirmed order whose create DajiSaaS commits ``seconds`` after the click
        gave up on it; a replay meanwhile is refused (code 1009)."""
        self.company.taobao_timeout = 0.3
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE, "late_commit", seconds=seconds)
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "unknown")
        return order

    # --- a late create, then a refused retry --------------------------------

    def test_a_late_create_then_a_refused_retry_buys_once(self):
        order = self.late_order()
        third_id = order.taobao_pending_third_order_id
        order.action_taobao_purchase()  # DajiSaaS is still creating the first one
        self.assertEqual(order.taobao_attempt_state, "unknown", "a refused replay is no proof")
        self.assertEqual(order.taobao_pending_third_order_id, third_id, "no new thirdOrderId")
        self.assertEqual(order.taobao_attempt, 1)
        time.sleep(1.6)  # DajiSaaS commits the first create
        self.make_due(order)
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(order.taobao_purchase_ids.taobao_third_order_ref, third_id)
        order.action_taobao_purchase()
        self.assertEqual(len(self.sandbox.orders), 1, "bought once")

    def test_a_first_send_clearly_refused_still_fails_and_moves_on(self):
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE, "business_1009", message="库存不足 out of stock")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "failed")
        self.assertEqual(order.taobao_attempt, 2, "the next attempt has a new thirdOrderId")

    def test_a_refused_replay_past_the_retries_waits_for_a_manager(self):
        self.company.taobao_retry_limit = 1
        self.sandbox.set_dialect({"create_replay": "refuse"})
        order = self.unknown_order(bought=False)
        third_id = order.taobao_pending_third_order_id
        # the first send reached DajiSaaS, which remembers the id and refuses any replay
        self.sandbox.faults.inject(CREATE, "business_1009", times=5, message="重复订单")
        for _lookup in range(3):
            self.make_due(order)
            self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "review")
        self.assertIn(third_id, order.taobao_last_error)
        self.assertEqual(order.taobao_attempt, 1)
        self.assertFalse(self.sandbox.orders)
        # only a manager's decision, after a fresh lookup, opens a new thirdOrderId
        with self.assertRaises(AccessError):
            order.with_user(self.taobao_user()).action_taobao_nothing_bought()
        action = order.with_user(self.manager).action_taobao_nothing_bought()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertFalse(wizard.found)
        self.assertIn(third_id, wizard.lookup_summary)
        with self.assertRaises(AccessError):
            wizard.with_user(self.other_manager).action_confirm()
        wizard.with_user(self.manager).action_confirm()
        self.assertEqual(order.taobao_attempt_state, "idle")
        self.assertEqual(order.taobao_attempt, 2)
        self.assertFalse(order.taobao_pending_third_order_id)
        self.assertIn("nothing was bought", order.message_ids[0].body)
        self.sandbox.faults.clear()
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertNotEqual(order.taobao_purchase_ids.taobao_third_order_ref, third_id)

    def taobao_user(self):
        return new_test_user(
            self.env, login="tb_once_user", groups="taobao_purchase.group_taobao_user"
        )

    # --- a late create and a cancel ----------------------------------------------

    def test_a_late_create_of_a_cancelled_order_is_recorded_for_a_person(self):
        order = self.late_order()
        action = order.action_cancel()
        self.env[action["res_model"]].browse(action["res_id"]).action_keep_purchases()
        self.make_due(order)
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "unknown", "not shown yet: asked again")
        bodies = " ".join(order.message_ids.mapped("body"))
        self.assertNotIn("nothing was bought", bodies)
        time.sleep(1.6)
        self.make_due(order)
        self.jobs._cron_purchase_queue()
        self.assertEqual(len(order.taobao_purchase_ids), 1, "the late purchase is recorded")
        self.assertEqual(order.taobao_attempt_state, "review", "a cancelled order got goods")
        self.assertIn(order.taobao_purchase_ids.name, order.taobao_last_error)

    # --- an outer id that is not the thirdOrderId ---------------------------------

    def test_an_answer_under_a_rewritten_outer_id_is_never_bought_again(self):
        """The seed page answers thirdOrderId 123123 as outerPurchaseId 1231234. With the
        create answer lost and a DajiSaaS that refuses replays, the lookup shows the order
        under the other id: it stops for a person, nothing is sent again."""
        self.sandbox.set_dialect({"outer_id": "suffixed", "create_replay": "refuse"})
        order = self.unknown_order()
        third_id = order.taobao_pending_third_order_id
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "review")
        self.assertIn(third_id + "4", order.taobao_last_error)
        self.assertEqual(self.sandbox.create_calls, 1)
        with self.assertRaisesRegex(UserError, "Purchases Checked"):
            order.action_taobao_purchase()
        self.assertEqual(self.sandbox.create_calls, 1, "nothing is bought until a person looks")

    def test_the_outer_id_answered_is_kept_and_matched(self):
        self.sandbox.set_dialect({"outer_id": "suffixed"})
        order = self.make_order([(self.red, 1, 500.0)])
        third_id = order._taobao_third_order_id()
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        self.assertEqual(purchase.taobao_third_order_ref, third_id)
        self.assertEqual(purchase.taobao_outer_ref, third_id + "4")
        with self.company._taobao_client() as client:
            lookup = order._taobao_look_up(client, third_id)
        self.assertEqual(
            [str(o.purchase_id) for o in lookup.orders], [purchase.taobao_purchase_ref]
        )
        self.assertFalse(lookup.foreign)

    # --- success, with the orders under another key ------------------------------

    def test_a_success_without_readable_orders_is_looked_up_not_bought_again(self):
        self.sandbox.set_dialect({"create_orders_key": "purchaseOrderList"})
        order = self.make_order([(self.red, 1, 500.0)])
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(order.taobao_attempt_state, "unknown")
        self.assertEqual(order.taobao_attempt, 1)
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(self.sandbox.create_calls, 1)
        self.assertEqual(len(self.sandbox.orders), 1)

    # --- a refund before its purchase is recorded ---------------------------------

    def test_a_refund_message_before_its_purchase_is_recorded_is_kept(self):
        order = self.unknown_order()
        third_id = order.taobao_pending_third_order_id
        [bought] = self.sandbox.orders_for(third_id)
        order.sudo().taobao_next_retry = fields.Datetime.now() + timedelta(days=1)
        self.receive_message(
            StatusMessage(
                message_type=9, purchase_id=bought.purchase_id, outer_purchase_id=third_id
            )
        )
        self.env["taobao.jobs"]._cron_sync_requested()
        self.assertFalse(order.taobao_purchase_ids, "not recorded yet")
        self.jobs._cron_purchase_queue()  # the message woke the lookup up
        self.assertEqual(order.taobao_state, "exception", "a refund to review")
        self.assertTrue(order.taobao_purchase_ids.taobao_refund_to_review)

    # --- amounts not to be believed -------------------------------------------------

    def test_a_preview_in_yuan_is_refused_before_buying(self):
        """67.00 yuan read as 67 fen made a preview 100 times too cheap, which passed the
        margin guard. A decimal where fen is declared is now a shape error."""
        self.company.taobao_preview_before_purchase = True
        self.sandbox.set_dialect({"render_money": "yuan"})
        [sku] = [s for s in self.item.skus if s.sku_id == int(self.red.taobao_sku_id)]
        self.sandbox.catalog.set_sku_stock(self.item.item_id, sku.sku_id, 100)
        order = self.make_order([(self.red, 100, 50000.0)])  # whole yuan, whatever the price
        with self.assertRaisesRegex(UserError, "shape this addon does not know"):
            order.action_taobao_purchase()
        self.assertFalse(self.sandbox.orders)

    def test_a_preview_ten_times_off_the_known_prices_stops_even_a_manager(self):
        self.company.taobao_preview_before_purchase = True
        self.red.taobao_price_fen *= 20  # what Odoo knows; DajiSaaS says 1/20 of it
        order = self.make_order([(self.red, 1, 50000.0)])
        with self.assertRaisesRegex(UserError, "ten times or more apart"):
            order.with_user(self.manager).action_taobao_purchase_force()
        self.assertFalse(self.sandbox.orders)

    def test_a_preview_above_the_ceiling_stops(self):
        self.company.taobao_preview_before_purchase = True
        self.company.taobao_amount_ceiling = 1.0
        order = self.make_order([(self.red, 1, 500.0)])
        with self.assertRaisesRegex(UserError, "above the largest purchase"):
            order.action_taobao_purchase()
        self.assertFalse(self.sandbox.orders)

    def test_a_purchase_above_the_ceiling_is_recorded_without_its_amounts(self):
        self.company.taobao_amount_ceiling = 1.0
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        self.assertEqual(len(purchase), 1, "what DajiSaaS bought is recorded")
        self.assertEqual(purchase.amount_total, 0.0, "its amounts are not believed")
        self.assertEqual(order.taobao_attempt_state, "review")
        self.assertIn("above the largest purchase", order.taobao_last_error)

    # --- recovery at once, outages waited out ---------------------------

    def test_an_unknown_outcome_wakes_the_purchase_job_at_once(self):
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search([], order="id desc", limit=1).id
        order = self.unknown_order()
        triggers = Trigger.search([("cron_id", "=", cron.id), ("id", ">", before)])
        self.assertTrue(triggers.filtered(lambda t: t.call_at <= fields.Datetime.now()))
        self.assertLessEqual(order.taobao_next_retry, fields.Datetime.now())

    def test_a_send_leaves_a_wake_up_that_survives_the_worker(self):
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s", [cron.id])
            before = cr.fetchone()[0]
        self.make_order([(self.red, 1, 500.0)]).action_taobao_purchase()
        with self.registry.cursor() as cr:  # committed before the request left
            cr.execute(
                "SELECT call_at - now() AT TIME ZONE 'UTC' FROM ir_cron_trigger"
                " WHERE cron_id = %s ORDER BY id DESC",
                [cron.id],
            )
            rows = cr.fetchall()
        self.assertEqual(len(rows), before + 1)
        self.assertLess(rows[0][0], timedelta(minutes=1))

    def test_the_runs_odoo_makes_in_a_row_share_one_time_budget(self):
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")
        in_cron = self.jobs.with_context(cron_id=cron.id)
        first = in_cron._deadline()
        time.sleep(0.05)
        self.assertEqual(in_cron._deadline(), first, "the budget is for the series")
        self.assertGreater(self.jobs._deadline(), first, "a direct call has its own")

    def test_an_outage_is_waited_out_with_the_default_settings(self):
        """With the defaults (3 retries, 5 minutes doubling) an outage longer than ~35
        minutes left every queued order failed. A passing failure is retried, at most an
        hour apart, for as long as it takes; a person is told once."""
        defaults = {
            name: self.company._fields[name].default(self.company)
            for name in ("taobao_retry_limit", "taobao_retry_delay", "taobao_timeout")
        }
        self.company.write({**defaults, "taobao_preview_before_purchase": True})
        self.company.taobao_api_url = "http://127.0.0.1:9"
        order = self.make_order([(self.red, 1, 500.0)])
        order._taobao_queue()
        for _run in range(8):
            self.make_due(order)
            self.jobs._cron_purchase_queue()
            self.assertEqual(order.taobao_attempt_state, "queued")
            self.assertLessEqual(
                order.taobao_next_retry, fields.Datetime.now() + timedelta(hours=1)
            )
        self.assertEqual(len(order.activity_ids), 1)

    # --- what the outside review of this change found -------------------------------------

    def test_a_replay_answered_with_every_line_refused_is_no_proof(self):
        """The first send took the stock; its replay's lines are refused as out of stock.
        That closes nothing: the first send may have bought them."""
        order = self.unknown_order(bought=False)
        third_id = order.taobao_pending_third_order_id
        self.make_due(order)
        order.sudo().taobao_attempt_state = "unknown"
        self.sandbox.faults.inject(CREATE, "every_line_failed")
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "unknown")
        self.assertEqual(order.taobao_pending_third_order_id, third_id)
        self.assertEqual(order.taobao_attempt, 1)

    def test_a_first_send_answered_with_every_line_refused_fails(self):
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE, "every_line_failed")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "failed")
        self.assertEqual(order.taobao_attempt, 2)
        self.assertIn("not enough stock", order.taobao_last_error)

    def test_purchases_under_another_id_are_reported_once_and_can_be_claimed(self):
        self.sandbox.set_dialect({"outer_id": "suffixed", "create_replay": "refuse"})
        order = self.unknown_order()
        third_id = order.taobao_pending_third_order_id
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "review")
        order.with_user(self.manager).action_taobao_review_done()
        self.make_due(order)
        self.jobs._cron_purchase_queue()  # the same answer again: not a new report
        self.assertNotEqual(order.taobao_attempt_state, "review")
        action = order.with_user(self.manager).action_taobao_nothing_bought()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertFalse(wizard.found)
        self.assertEqual(wizard.other_ids, f"{third_id}={third_id}4")
        wizard.with_user(self.manager).action_attach()
        self.assertTrue(wizard.found)
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(order.taobao_purchase_ids.taobao_third_order_ref, third_id)
        self.assertEqual(self.sandbox.create_calls, 1)

    def test_nothing_is_sent_when_the_ledger_cannot_hold_the_send(self):
        order = self.make_order([(self.red, 1, 500.0)])
        Intent = type(self.env["taobao.purchase.intent"])
        with (
            patch.object(Intent, "_record_sending", return_value=0),
            self.assertRaisesRegex(UserError, "could not record the request"),
        ):
            order.action_taobao_purchase()
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_a_queued_order_with_nothing_left_to_buy_leaves_the_queue(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        order.sudo().write({"taobao_attempt_state": "queued", "taobao_next_retry": False})
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "idle")

    def test_doubtful_amounts_at_sync_are_flagged_once_on_the_purchase(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        self.company.taobao_amount_ceiling = 1.0
        for _sync in range(2):
            purchase._taobao_sync()
        self.assertTrue(purchase.taobao_amounts_doubtful)
        self.assertEqual(len(purchase.activity_ids), 1)
        self.assertNotEqual(order.taobao_attempt_state, "review", "the sale order goes on")

    def test_a_purchase_that_goes_through_wakes_those_waiting_out_a_failure(self):
        """An outage ends for every order at once: the queued orders waiting out a passing
        failure are bought in the same run as the first one DajiSaaS answers again."""
        waiting = self.make_order([(self.red, 1, 500.0)])
        waiting.sudo().write(
            {
                "taobao_attempt_state": "queued",
                "taobao_retry_count": 3,
                "taobao_next_retry": fields.Datetime.now() + timedelta(minutes=40),
            }
        )
        self.make_order([(self.blue, 1, 500.0)])._taobao_queue()
        self.jobs._cron_purchase_queue()
        self.assertEqual(waiting.taobao_state, "to_pay", "bought in the same run")

    def test_negative_or_absurd_amounts_are_never_written(self):
        """Negative amounts made a -9990 CNY purchase order and a vendor credit; 1e40 fen
        broke Purchase Analysis for everyone. Such an answer is a shape error: nothing of it
        is written, and the next answer is read as usual."""
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        total = purchase.amount_total
        for amount in (-999000, 10**40):
            self.sandbox.faults.inject(QUERY, "odd_amounts", times=3, amount=amount)
            self.env["taobao.jobs"]._cron_sync()
            self.assertEqual(purchase.amount_total, total)
            self.assertGreaterEqual(purchase.taobao_paid_amount, 0)

    def test_a_purchase_reported_before_is_no_news_on_the_next_lookup(self):
        """Once a purchase under another id was reported and a person let the order go on,
        the same answer again is an empty lookup: no "recorded" message, and the order is
        not looked up again and again in one run."""
        self.sandbox.set_dialect({"outer_id": "suffixed", "create_replay": "refuse"})
        order = self.unknown_order()
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "review")
        order.with_user(self.manager).action_taobao_review_done()
        order.sudo().write(
            {"taobao_attempt_state": "unknown", "taobao_next_retry": fields.Datetime.now()}
        )
        self.assertTrue(order._taobao_resolve_unknown() is False, "nothing new shown")
        self.assertEqual(order.taobao_attempt_state, "queued")
