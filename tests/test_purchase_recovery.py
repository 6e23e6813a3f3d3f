# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Exactly once through refusals, cancellations, busy orders, bursts and a hung DajiSaaS."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.taobao_purchase.dajisaas import StatusMessage

from .common import TaobaoRecoveryCase

CREATE = "/taobao/purchase/order/create"
QUERY = "/taobao/purchase/order/query"


@tagged("post_install", "-at_install")
class TestPurchaseRecovery(TaobaoRecoveryCase):
    def test_refused_replay_is_looked_up_before_moving_on(self):
        """A business error on a replayed thirdOrderId is no proof nothing was bought."""
        order = self.unknown_order()
        third_id = order.taobao_pending_third_order_id
        # the worker died: Odoo forgot the attempt, DajiSaaS did not
        order.sudo().write(
            {"taobao_attempt_state": "idle", "taobao_pending_third_order_id": False}
        )
        self.assertEqual(order._taobao_third_order_id(), third_id, "same id is replayed")
        self.sandbox.faults.inject(CREATE, "business_1009", message="重复订单 duplicate order")
        action = order.action_taobao_purchase()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(order.taobao_purchase_ids.taobao_third_order_ref, third_id)
        # nothing is left to buy: no second purchase under a new thirdOrderId
        order.action_taobao_purchase()
        self.assertEqual(len(self.sandbox.orders), 1)

    def test_a_real_refusal_still_fails(self):
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE, "business_1009", message="库存不足 out of stock")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "failed")
        self.assertEqual(order.taobao_attempt, 2)

    def test_cancelled_order_with_unknown_outcome_is_still_resolved(self):
        """The queue resolves unknown outcomes whatever the sale order's state."""
        order = self.unknown_order()
        action = order.action_cancel()
        self.assertEqual(action["res_model"], "taobao.sale.cancel.wizard")
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.pending_order_ids, order)
        wizard.action_keep_purchases()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.taobao_attempt_state, "unknown", "still to be looked up")
        self.jobs._cron_purchase_queue()
        self.assertEqual(len(order.taobao_purchase_ids), 1, "what DajiSaaS bought is recorded")
        self.assertEqual(order.taobao_attempt_state, "review", "a cancelled order got goods")
        self.assertEqual(self.sandbox.create_calls, 1)

    def test_cancelled_order_whose_lookups_find_nothing_waits_for_a_person(self):
        """An empty lookup never means "nothing was bought": a cancelled order whose request
        DajiSaaS does not show is looked up on a growing delay, then stops for a person."""
        self.company.taobao_retry_limit = 2
        order = self.unknown_order(bought=False)
        action = order.action_cancel()
        self.env[action["res_model"]].browse(action["res_id"]).action_keep_purchases()
        for _lookup in range(2):
            order.sudo().taobao_next_retry = fields.Datetime.now() - timedelta(seconds=1)
            self.jobs._cron_purchase_queue()
            self.assertEqual(order.taobao_attempt_state, "unknown", "looked up again later")
            self.assertGreater(order.taobao_next_retry, fields.Datetime.now())
        self.assertNotIn("nothing was bought", " ".join(order.message_ids.mapped("body")))
        order.sudo().taobao_next_retry = fields.Datetime.now() - timedelta(seconds=1)
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "review")
        self.assertIn(order.taobao_pending_third_order_id, order.taobao_last_error)
        self.assertFalse(order.taobao_purchase_ids)
        self.assertFalse(self.sandbox.orders)
        self.assertEqual(self.sandbox.create_calls, 0, "a cancelled order is never sent again")

    def test_cancelling_an_order_with_open_purchases_offers_to_cancel_them(self):
        """Cancelling warns, and can cancel the unpaid purchases on Taobao too."""
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        action = order.action_cancel()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.cancellable_purchase_ids, purchase)
        wizard.action_cancel_on_taobao()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.taobao_status, "TRADE_CLOSED")
        self.assertEqual(purchase.state, "cancel")

    def test_cancelling_and_keeping_purchases_leaves_an_activity(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        action = order.action_cancel()
        self.env[action["res_model"]].browse(action["res_id"]).action_keep_purchases()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(
            order.taobao_purchase_ids.taobao_status, "BULIDING", "kept, not cancelled"
        )
        self.assertIn(order.taobao_purchase_ids.name, order.activity_ids.note)

    def test_queued_order_cancelled_is_not_bought(self):
        self.company.taobao_auto_purchase = True
        order = self.make_order([(self.red, 1, 500.0)])
        self.assertEqual(order.taobao_attempt_state, "queued")
        order.action_cancel()  # nothing bought yet: Odoo's own cancel wizard
        order._action_cancel()
        self.jobs._cron_purchase_queue()
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_busy_order_is_not_a_failure(self):
        """An order held elsewhere (a person buying it, another lane) is "try again soon",
        not a final failure with an activity."""
        self.company.taobao_auto_purchase = True
        order = self.make_order([(self.red, 1, 500.0)])
        held = self.env["sale.order"]  # what the claim's SKIP LOCKED answers
        with patch.object(type(self.jobs), "_claim_next_due", return_value=held):
            self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_attempt_state, "queued")
        self.assertEqual(order.taobao_retry_count, 0)
        self.assertFalse(order.activity_ids)
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")
        soon = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", cron.id), ("call_at", ">", fields.Datetime.now())]
        )
        self.assertTrue(soon, "the job looks again in a minute")
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_sync_keeps_an_unknown_order_in_the_queue(self):
        """A lookup that finds nothing queues the same thirdOrderId again."""
        order = self.unknown_order(bought=False)
        third_id = order.taobao_pending_third_order_id
        order.action_taobao_sync()
        self.assertEqual(order.taobao_attempt_state, "queued")
        self.assertEqual(order.taobao_pending_third_order_id, third_id)
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertEqual(order.taobao_purchase_ids.taobao_third_order_ref, third_id)

    def test_unknown_past_the_retry_limit_waits_and_makes_one_activity(self):
        """Next_retry moves on, doubling up to an hour, and only one activity is made,
        however many runs: an outage is waited out, never given up."""
        self.company.taobao_retry_limit = 0
        order = self.unknown_order()
        self.sandbox.faults.inject(QUERY, "http_500", times=30)
        delays = []
        for _run in range(6):
            order.sudo().taobao_next_retry = fields.Datetime.now() - timedelta(minutes=1)
            self.jobs._cron_purchase_queue()
            self.assertEqual(order.taobao_attempt_state, "unknown")
            delays.append(order.taobao_next_retry - fields.Datetime.now())
        self.assertEqual(delays, sorted(delays), "the delay grows")
        self.assertLessEqual(delays[-1], timedelta(hours=1), "up to an hour")
        self.assertGreater(delays[-1], timedelta(minutes=50))
        self.assertEqual(len(order.activity_ids), 1)

    def test_queue_reports_progress_and_wakes_up_for_the_next_retry(self):
        """Progress goes to the cron; a retry falling due triggers the job."""
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")
        self.company.taobao_auto_purchase = True
        orders = self.make_order([(self.red, 1, 500.0)]) | self.make_order([(self.blue, 1, 500)])
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.jobs.with_context(ir_cron_progress_id=progress.id)._cron_purchase_queue()
        self.assertEqual(set(orders.mapped("taobao_state")), {"to_pay"})
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        # a transient failure is retried at its time, not at the next 15-minute tick
        self.company.taobao_api_url = "http://127.0.0.1:9"
        order = self.make_order([(self.red, 1, 500.0)])
        self.jobs._cron_purchase_queue()
        self.assertEqual(order.taobao_retry_count, 1)
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.assertIn(order.taobao_next_retry, triggers.mapped("call_at"))

    def test_sync_takes_every_open_purchase_a_page_at_a_time(self):
        """Every open purchase is synced in a run (no fixed cap), one query page at a
        time; what the time budget leaves is reported to the cron, which runs again."""
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_sync")
        self.company.taobao_order_query_page_size = 2
        orders = self.env["sale.order"]
        for _number in range(5):
            order = self.make_order([(self.red, 1, 500.0)])
            order.action_taobao_purchase()
            orders |= order
        purchases = orders.taobao_purchase_ids
        purchases.sudo().write({"taobao_status": "BULIDING"})
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        sync = self.env["taobao.jobs"].with_context(ir_cron_progress_id=progress.id)
        with patch.object(type(self.env["taobao.jobs"]), "_time_budget", return_value=0.0):
            sync._cron_sync()
        self.assertEqual((progress.done, progress.remaining), (0, 5), "out of time: all left")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        sync.with_context(ir_cron_progress_id=progress.id)._cron_sync()
        self.assertEqual((progress.done, progress.remaining), (5, 0))
        self.assertEqual(set(purchases.mapped("taobao_status")), {"WAIT_BUYER_P"})

    def test_message_burst_makes_one_sync_and_writes_no_purchase(self):
        """300 messages about one purchase: no trigger, no row of the jobs written;
        the minute job synchronizes that purchase once, and only it."""
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        other = self.make_order([(self.red, 1, 500.0)])
        other.action_taobao_purchase()
        self.env["taobao.sync.request"]._take("purchase.order")  # the refresh after create
        self.env.flush_all()
        triggers = self.env["ir.cron.trigger"].search_count([])
        write_date = purchase.write_date
        message = StatusMessage(message_type=3, purchase_id=int(purchase.taobao_purchase_ref))
        for _message in range(300):
            self.receive_message(message)
        self.env.flush_all()
        self.assertEqual(self.env["ir.cron.trigger"].search_count([]), triggers)
        purchase.invalidate_recordset()
        self.assertEqual(purchase.write_date, write_date)
        cron = self.env.ref("taobao_purchase.ir_cron_taobao_sync_requested")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "minutes"))
        with patch.object(type(purchase), "_taobao_sync", autospec=True) as sync:
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            self.env["taobao.jobs"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_sync_requested()
            self.assertEqual(sync.call_count, 1)
            self.assertEqual(sync.call_args.args[0], purchase, "the others wait for the poll")
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.env["taobao.jobs"]._cron_sync_requested()
            self.assertEqual(sync.call_count, 1, "nothing requested, nothing asked")

    def test_a_click_waits_seconds_not_the_full_timeout(self):
        """A person waiting gets a short connect and a bounded read timeout."""
        self.company.taobao_timeout = 30
        self.assertEqual(self.company._taobao_client(interactive=True).timeout, (3.0, 10.0))
        self.assertEqual(self.company._taobao_client().timeout, (5.0, 30.0))
        order = self.make_order([(self.red, 1, 500.0)])
        company_class = type(self.company)
        original = company_class._taobao_client
        interactive_calls = []

        def spy(company, record=None, interactive=False):
            interactive_calls.append(interactive)
            return original(company, record=record, interactive=interactive)

        with patch.object(company_class, "_taobao_client", spy):
            order.action_taobao_purchase()
        self.assertTrue(interactive_calls)
        self.assertTrue(all(interactive_calls), "a click never waits the full API timeout")
