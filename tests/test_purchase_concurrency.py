# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Purchases made from real, committing transactions.

A TransactionCase runs in one transaction, which cannot show two users racing or a log
surviving a rollback. These tests commit their data and remove it afterwards.
"""

import base64
import threading
import time
from datetime import timedelta
from unittest.mock import patch

import psycopg2

from odoo import Command, fields
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    SandboxServer,
)

from ..dajisaas_sandbox.picture_search import item_picture
from .common import LoopbackRequestsMixin, environment

CREATE = "/taobao/purchase/order/create"
PREVIEW = "/taobao/purchase/order/render"
COMPANY_SETTINGS = (
    "taobao_environment",
    "taobao_api_url",
    "taobao_app_key",
    "taobao_app_secret",
    "taobao_signing_mode",
    "taobao_warehouse_partner_id",
    "taobao_preview_before_purchase",
    "taobao_auto_purchase",
    "taobao_timeout",
    "taobao_retry_limit",
    "taobao_retry_delay",
    "taobao_reconcile_last_run",
    "taobao_reconcile_checked",
    "taobao_reconcile_recorded",
    "taobao_reconcile_unplaced",
)


@tagged("post_install", "-at_install")
class TestPurchaseWithCommits(LoopbackRequestsMixin, BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.sandbox = SandboxServer(app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET)
        cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)

    def setUp(self):
        super().setUp()
        self.sandbox.reset()
        item = self.sandbox.catalog.find(min_skus=2, max_skus=20)
        sku = item.skus_in_stock[0]
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            company = env.ref("base.main_company").sudo()
            self.saved_settings = {
                name: company[name].id if name.endswith("_id") else company[name]
                for name in COMPANY_SETTINGS
            }
            warehouse = env["res.partner"].create(
                {
                    "name": "并发测试仓 (concurrency test warehouse)",
                    "country_id": env.ref("base.cn").id,
                    "state_id": env.ref("base.state_cn_GD").id,
                    "city": "深圳市",
                    "street": "福永街道 1号",
                    "street2": "宝安区",
                    "zip": "518103",
                    "mobile": "13800138000",
                }
            )
            company.write(
                {
                    "taobao_environment": "sandbox",
                    "taobao_api_url": self.sandbox.url,
                    "taobao_app_key": DEFAULT_APP_KEY,
                    "taobao_app_secret": DEFAULT_APP_SECRET,
                    "taobao_signing_mode": "signed",
                    "taobao_warehouse_partner_id": warehouse.id,
                    "taobao_preview_before_purchase": False,
                    "taobao_auto_purchase": False,
                }
            )
            template = env["product.template"].create(
                {
                    "name": item.title,
                    "type": "consu",
                    "taobao_item_id": str(item.item_id),
                    "taobao_mp_id": item.mp_id,
                }
            )
            template.product_variant_id.write(
                {
                    "taobao_sku_id": str(sku.sku_id),
                    "taobao_mp_sku_id": str(sku.mp_sku_id),
                    "taobao_price_fen": sku.price,
                }
            )
            order = env["sale.order"].create(
                {
                    "partner_id": warehouse.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": template.product_variant_id.id,
                                "product_uom_qty": 1,
                                "price_unit": 100.0,
                            }
                        )
                    ],
                }
            )
            order.action_confirm()
            self.order_id, self.template_id, self.warehouse_id = (
                order.id,
                template.id,
                warehouse.id,
            )
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            # the test's order, and those a test made of it
            order = env["sale.order"].search([("partner_id", "=", self.warehouse_id)])
            purchases = order.taobao_purchase_ids
            # the refresh each create asks for, and any other request about these records
            cr.execute(
                "DELETE FROM taobao_sync_request WHERE (res_model = 'purchase.order'"
                " AND res_id = ANY(%s)) OR (res_model = 'sale.order' AND res_id = ANY(%s))",
                [purchases.ids, order.ids],
            )
            purchases.sudo().write({"taobao_status": "TRADE_CLOSED"})
            purchases.button_cancel()
            purchases.unlink()
            order._action_cancel()
            order.unlink()
            template = env["product.template"].browse(self.template_id)
            try:
                with cr.savepoint():
                    template.unlink()
            except psycopg2.IntegrityError:
                template.action_archive()  # kept by the stock moves of Inventory
            env.ref("base.main_company").sudo().write(self.saved_settings)
            env["res.partner"].browse(self.warehouse_id).unlink()

    def _purchase_in_own_transaction(self, outcomes, name, delay=0.0):
        time.sleep(delay)
        try:
            with self.registry.cursor() as cr:
                env = environment(self.registry, cr)
                action = env["sale.order"].browse(self.order_id).action_taobao_purchase()
                outcomes[name] = action["params"]["type"]
        except Exception as error:
            outcomes[name] = repr(error)

    def _counting_attempts(self, attempted):
        """Meanwhile, the id of each order the purchase job attempts is added to
        ``attempted``, in every thread."""
        sale_order_class = self.registry["sale.order"]
        purchase_automatically = sale_order_class._taobao_purchase_automatically

        def counted(order):
            attempted.append(order.id)
            return purchase_automatically(order)

        return patch.object(
            sale_order_class, "_taobao_purchase_automatically", autospec=True, side_effect=counted
        )

    def _committed(self, callback):
        with self.registry.cursor() as cr:
            return callback(environment(self.registry, cr))

    def test_two_transactions_at_once_buy_once(self):
        # the first purchase holds the order while DajiSaaS takes a second to answer
        self.sandbox.faults.inject(CREATE, "latency", seconds=1.0)
        outcomes = {}
        first = threading.Thread(
            target=self._purchase_in_own_transaction, args=(outcomes, "first")
        )
        second = threading.Thread(
            target=self._purchase_in_own_transaction, args=(outcomes, "second", 0.4)
        )
        first.start()
        second.start()
        first.join(30)
        second.join(30)
        self.assertEqual(outcomes["first"], "success")
        self.assertEqual(outcomes["second"], "warning", "the second one is told to wait")
        # once the first has committed, a third attempt finds nothing left to buy
        self._purchase_in_own_transaction(outcomes, "third")
        self.assertEqual(outcomes["third"], "info")
        self.assertEqual(self.sandbox.create_calls, 1)
        purchases = self._committed(
            lambda env: len(env["sale.order"].browse(self.order_id).taobao_purchase_ids)
        )
        self.assertEqual(purchases, 1)

    def test_failed_call_log_survives_rollback(self):
        self.sandbox.faults.inject(CREATE, "business_1009", message="供应商关闭 shop closed")
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            env["sale.order"].browse(self.order_id).action_taobao_purchase()
            cr.rollback()  # the user's transaction is lost...

        def read_back(env):
            logs = env["taobao.api.log"].search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", self.order_id),
                    ("endpoint", "=", CREATE),
                ]
            )
            return (
                logs.mapped("state"),
                logs.mapped("response_body"),
                env["sale.order"].browse(self.order_id).taobao_attempt_state,
            )

        states, bodies, attempt_state = self._committed(read_back)
        self.assertEqual(attempt_state, "idle", "the failure itself was rolled back")
        self.assertEqual(states, ["error"], "...but the API log was kept")
        self.assertIn("shop closed", bodies[0])
        self._committed(
            lambda env: env["taobao.api.log"]
            .search([("res_model", "=", "sale.order"), ("res_id", "=", self.order_id)])
            .unlink()
        )

    def test_worker_killed_during_create_is_recovered_by_the_job(self):
        """The create reached DajiSaaS, then the worker died before committing."""
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            env["sale.order"].browse(self.order_id).action_taobao_purchase()
            cr.rollback()  # kill -9: nothing of the transaction is committed
        self.assertEqual(len(self.sandbox.orders), 1, "DajiSaaS did buy")

        def state(env):
            order = env["sale.order"].browse(self.order_id)
            return order.taobao_attempt_state, order.taobao_state, len(order.taobao_purchase_ids)

        self.assertEqual(self._committed(state), ("idle", "to_purchase", 0))
        # the intent was committed before the request was sent; once it is stale...
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE taobao_purchase_intent SET create_date = create_date - interval '1 hour'"
                " WHERE sale_order_ref = %s",
                [self.order_id],
            )
        # ...the purchase job finds the lost outcome, asks DajiSaaS and records the purchase
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            env["taobao.jobs"]._cron_purchase_queue()
        self.assertEqual(self._committed(state), ("idle", "to_pay", 1))
        self.assertEqual(self.sandbox.create_calls, 1, "nothing was bought twice")
        notes = self._committed(
            lambda env: env["sale.order"].browse(self.order_id).message_ids.mapped("body")
        )
        self.assertTrue(any("stopped before recording the answer" in note for note in notes))

    def test_two_lanes_sweep_a_stale_intent_without_an_error(self):
        """Two purchase lanes find the same stale intent (its purchase was recorded, the
        intent left "sending"): the first resolves it, the second skips it, and does not
        fail on the row the first one changed after the second's transaction began."""
        self._purchase_in_own_transaction({}, "bought")
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE taobao_purchase_intent SET state = 'sending',"
                " create_date = create_date - interval '1 hour' WHERE sale_order_ref = %s",
                [self.order_id],
            )
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first = environment(self.registry, first_cr)
            second = environment(self.registry, second_cr)
            # the second lane's transaction begins while the intent is "sending"
            second["taobao.purchase.intent"].search_count([("state", "=", "sending")])
            self.assertEqual(first["taobao.jobs"]._sweep_lost_intents(), 0, "nothing was lost")
            first_cr.commit()
            self.assertEqual(second["taobao.jobs"]._sweep_lost_intents(), 0)
            second.flush_all()
        states = self._committed(
            lambda env: env["taobao.purchase.intent"]
            .search([("sale_order_ref", "=", self.order_id)])
            .mapped("state")
        )
        self.assertEqual(set(states), {"resolved"})
        self.assertEqual(self.sandbox.create_calls, 1)

    def test_the_reconciliation_records_what_dajisaas_committed_after_the_order_stopped(self):
        """A create DajiSaaS commits late, after the order's lookups found nothing and it
        stopped for a person: the reconciliation looks every open request up again, records
        the purchase on its sale order and says what it did."""
        with self.registry.cursor() as cr:
            environment(self.registry, cr).ref("base.main_company").sudo().write(
                {"taobao_timeout": 0.3, "taobao_retry_limit": 0}
            )
        self.sandbox.faults.inject(CREATE, "late_commit", seconds=2.0)
        outcomes = {}
        self._purchase_in_own_transaction(outcomes, "click")
        self.assertEqual(outcomes["click"], "warning")
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE taobao_purchase_intent SET create_date = create_date - interval '1 hour'"
                " WHERE sale_order_ref = %s",
                [self.order_id],
            )
        with self.registry.cursor() as cr:  # the job: nothing shown yet, a person decides
            environment(self.registry, cr)["taobao.jobs"]._cron_purchase_queue()

        def state(env):
            order = env["sale.order"].browse(self.order_id)
            return order.taobao_attempt_state, len(order.taobao_purchase_ids)

        self.assertEqual(self._committed(state), ("review", 0))
        time.sleep(2.2)  # DajiSaaS commits the create
        with self.registry.cursor() as cr:
            environment(self.registry, cr)["taobao.jobs"]._cron_reconcile()
        self.assertEqual(self._committed(state), ("idle", 1), "DajiSaaS answered the question")
        self.assertEqual(len(self.sandbox.orders), 1)

        def figures(env):
            company = env.ref("base.main_company")
            return (
                bool(company.taobao_reconcile_last_run),
                company.taobao_reconcile_checked >= 1,
                company.taobao_reconcile_recorded,
            )

        self.assertEqual(self._committed(figures), (True, True, 1))
        # what it recorded is not looked up again
        with self.registry.cursor() as cr:
            environment(self.registry, cr)["taobao.jobs"]._cron_reconcile()
        self.assertEqual(self._committed(state), ("idle", 1))

    def test_an_id_is_not_sent_again_within_seconds_of_its_send(self):
        """An empty lookup right after a lost answer does not re-send at once: a create that
        DajiSaaS commits late usually shows within seconds."""
        self.sandbox.faults.inject(CREATE, "http_502")
        outcomes = {}
        self._purchase_in_own_transaction(outcomes, "click")
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            order = env["sale.order"].browse(self.order_id)
            order._taobao_resolve_unknown()
            state, next_retry = order.taobao_attempt_state, order.taobao_next_retry
        self.assertEqual(state, "unknown")
        self.assertGreater(next_retry, fields.Datetime.now() + timedelta(seconds=15))
        self.assertEqual(self.sandbox.create_calls, 0, "not sent again")

    def test_one_order_failing_unexpectedly_does_not_stop_the_queue(self):
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            env["sale.order"].browse(self.order_id).sudo().write(
                {"taobao_attempt_state": "queued", "taobao_next_retry": False}
            )
        sale_order_class = self.registry["sale.order"]

        def run_the_job():  # a thread of its own commits, as the cron's does
            with self.registry.cursor() as cr:
                environment(self.registry, cr)["taobao.jobs"]._cron_purchase_queue()

        with patch.object(
            sale_order_class,
            "_taobao_purchase_automatically",
            side_effect=psycopg2.IntegrityError("duplicate key"),
        ):
            job = threading.Thread(target=run_the_job)
            job.start()
            job.join(30)

        def state(env):
            order = env["sale.order"].browse(self.order_id)
            return order.taobao_attempt_state, order.taobao_next_retry, order.taobao_last_error

        attempt_state, next_retry, reason = self._committed(state)
        self.assertEqual(attempt_state, "queued")
        self.assertGreater(next_retry, fields.Datetime.now() + timedelta(minutes=50))
        self.assertIn("unexpected error", reason)

    def test_one_product_failing_unexpectedly_does_not_stop_the_picture_matching(self):
        item = self.sandbox.catalog.find(min_skus=1)
        picture = base64.b64encode(item_picture(item.item_id))

        def queue(env):
            products = env["product.template"].create(
                [{"name": f"Matched by picture {n}", "image_1920": picture} for n in range(2)]
            )
            env["taobao.picture.match"]._queue(products)
            return products.ids

        ids = self._committed(queue)
        self.addCleanup(self._committed, lambda env: env["product.template"].browse(ids).unlink())
        match_class = self.registry["taobao.picture.match"]
        search_picture = match_class._taobao_search_picture

        def first_one_breaks(match):
            if match.product_tmpl_id.id == ids[0]:
                raise RuntimeError("a bug meets this product")
            return search_picture(match)

        def run_the_job():  # a thread of its own commits, as the cron's does
            with self.registry.cursor() as cr:
                environment(self.registry, cr)["taobao.jobs"]._cron_picture_matches()

        with patch.object(match_class, "_taobao_search_picture", first_one_breaks):
            job = threading.Thread(target=run_the_job)
            job.start()
            job.join(30)

        def outcome(env):
            matches = env["taobao.picture.match"].search(
                [("product_tmpl_id", "in", ids)], order="product_tmpl_id"
            )
            return [(m.state, m.error or "", m.candidate_ids[:1].item_id) for m in matches]

        broken, searched = self._committed(outcome)
        self.assertEqual(broken[0], "failed")
        self.assertIn("unexpected error", broken[1])
        self.assertEqual(searched[::2], ("proposed", str(item.item_id)))

    def test_two_queue_lanes_take_different_orders_quietly(self):
        """Two lanes of the purchase queue at once: the order one holds is skipped by the
        other without an error, and it is bought once."""
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            env["sale.order"].browse(self.order_id).sudo().write(
                {"taobao_attempt_state": "queued", "taobao_next_retry": False}
            )
            lanes = env["sale.order"]._taobao_queue_lanes()
            self.assertGreaterEqual(len(lanes), 2, "two lanes by default")
        self.sandbox.faults.inject(CREATE, "latency", seconds=2.0)

        def lane(delay):
            time.sleep(delay)
            with self.registry.cursor() as cr:
                environment(self.registry, cr)["taobao.jobs"]._cron_purchase_queue()

        jobs = [threading.Thread(target=lane, args=(delay,)) for delay in (0.0, 0.8)]
        for job in jobs:
            job.start()
        for job in jobs:
            job.join(30)
        self.assertEqual(self.sandbox.create_calls, 1)

        def attempt(env):
            order = env["sale.order"].browse(self.order_id)
            return order.taobao_attempt_state, order.taobao_last_error

        self.assertEqual(self._committed(attempt), ("idle", False), "no error, no retry left")
        bought = self._committed(
            lambda env: len(env["sale.order"].browse(self.order_id).taobao_purchase_ids)
        )
        self.assertEqual(bought, 1)

    def test_queue_lanes_each_claim_the_next_order_no_other_holds(self):
        """Two lanes at once over four queued orders: each takes the next order the other
        does not hold, so every order is attempted once and bought once. Before, both lanes
        walked the same list and each tried again what the other had just bought."""
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            first = env["sale.order"].browse(self.order_id)
            copies = first.copy() | first.copy() | first.copy()
            copies.action_confirm()
            orders = first | copies
            orders.sudo().write({"taobao_attempt_state": "queued", "taobao_next_retry": False})
            order_ids = set(orders.ids)
        # the first lane's first purchase is slow: the other buys the rest meanwhile
        self.sandbox.faults.inject(CREATE, "latency", seconds=1.5)
        self.sandbox.faults.inject(CREATE, "latency", times=3, seconds=0.1)
        attempted = []

        def lane(delay):
            time.sleep(delay)
            with self.registry.cursor() as cr:
                environment(self.registry, cr)["taobao.jobs"]._cron_purchase_queue()

        with self._counting_attempts(attempted):
            jobs = [threading.Thread(target=lane, args=(delay,)) for delay in (0.0, 0.2)]
            for job in jobs:
                job.start()
            for job in jobs:
                job.join(60)
        self.assertEqual(sorted(attempted), sorted(order_ids), "each order attempted once")
        self.assertEqual(self.sandbox.create_calls, 4)
        bought = self._committed(
            lambda env: [
                len(order.taobao_purchase_ids)
                for order in env["sale.order"].browse(sorted(order_ids))
            ]
        )
        self.assertEqual(bought, [1, 1, 1, 1])

    def test_an_order_due_again_at_once_does_not_take_the_whole_run(self):
        """Without a retry delay, an order DajiSaaS keeps failing is due again at once after
        each attempt: one run tries it twice, then leaves it to the next run, instead of
        calling DajiSaaS again and again for the lane's whole time budget."""
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            env.ref("base.main_company").sudo().write(
                {"taobao_retry_delay": 0, "taobao_preview_before_purchase": True}
            )
            env["sale.order"].browse(self.order_id).sudo().write(
                {"taobao_attempt_state": "queued", "taobao_next_retry": False}
            )
        self.sandbox.faults.inject(PREVIEW, "http_500", times=200)
        attempted = []

        def run_the_job():
            with self.registry.cursor() as cr:
                environment(self.registry, cr)["taobao.jobs"]._cron_purchase_queue()

        with (
            self._counting_attempts(attempted),
            patch.object(self.registry["taobao.jobs"], "_time_budget", return_value=8.0),
        ):
            job = threading.Thread(target=run_the_job)
            job.start()
            job.join(60)
        self.assertEqual(attempted, [self.order_id] * 2)
        state = self._committed(
            lambda env: env["sale.order"].browse(self.order_id).taobao_attempt_state
        )
        self.assertEqual(state, "queued", "still queued, for the next run")

    def test_lock_contention_logs_no_error(self):
        """A busy order is skipped quietly, not with an ERROR 'bad query' line."""
        self.sandbox.faults.inject(CREATE, "latency", seconds=1.0)
        outcomes = {}
        first = threading.Thread(
            target=self._purchase_in_own_transaction, args=(outcomes, "first")
        )
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            first.start()
            time.sleep(0.4)
            self._purchase_in_own_transaction(outcomes, "second")
            first.join(30)
        self.assertEqual(outcomes["second"], "warning")

    def test_a_cancel_meeting_a_purchase_is_retried_quietly(self):
        """A sale order cancelled while a purchase writes it: the cancel's transaction fails
        for a serialization error, which Odoo retries, without a "bad query" ERROR line."""
        with self.registry.cursor() as cancel_cr:
            order = environment(self.registry, cancel_cr)["sale.order"].browse(self.order_id)
            self.assertEqual(order.state, "sale")  # the cancel's snapshot is taken
            # meanwhile the purchase job writes the order and commits
            self._committed(
                lambda env: env["sale.order"]
                .browse(self.order_id)
                .write({"taobao_last_error": "written by the purchase job"})
            )
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                order._action_cancel()
                order.env.flush_all()
            cancel_cr.rollback()

    def test_activities_of_background_work_write_no_partner(self):
        """An activity the purchase job or the synchronization schedules sends no assignment
        email: rendering one on a sale or a purchase writes the customer's or the vendor's row
        (its portal signup token), so that two jobs working for one partner at once would fail
        each other's transaction. The partner's row is held here as such a job holds it."""
        users = self.registry["res.users"]
        with (
            # customers may sign up: a notification on a sale carries their signup token
            patch.object(users, "_get_signup_invitation_scope", return_value="b2c"),
            self.registry.cursor() as holder_cr,
            self.registry.cursor() as cr,
        ):
            holder_cr.execute(
                "SELECT 1 FROM res_partner WHERE id = %s FOR NO KEY UPDATE", [self.warehouse_id]
            )
            cr.execute("SET LOCAL lock_timeout = '1s'")
            env = environment(self.registry, cr)(
                context={"mail_auto_subscribe_no_notify": True}  # the set-up notifies no one
            )
            admin = env.ref("base.user_admin")
            admin.notification_type = "email"
            order = env["sale.order"].browse(self.order_id)
            order.user_id = admin
            purchase = env["purchase.order"].create(
                {"partner_id": self.warehouse_id, "user_id": admin.id}
            )
            env.flush_all()
            order = order.with_context(mail_auto_subscribe_no_notify=False)
            purchase = purchase.with_context(mail_auto_subscribe_no_notify=False)
            order._taobao_automatic_failure("Out of stock on Taobao", retry=False)
            order._taobao_schedule_check("Check the purchases on Taobao")
            purchase._taobao_flag_refund()
            purchase._taobao_flag_amounts(["The paid amount is not a number"])
            env.flush_all()
            self.assertEqual(len(order.activity_ids), 2)
            self.assertEqual(len(purchase.activity_ids), 2)
            self.assertEqual(
                set((order.activity_ids | purchase.activity_ids).user_id.ids), {admin.id}
            )
            cr.rollback()
            holder_cr.rollback()
