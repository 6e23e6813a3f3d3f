# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Synchronization requests made by overlapping transactions, as messages in a burst are.

Odoo's transactions are REPEATABLE READ: a row another transaction committed after this one
began is invisible to it, and meeting it on a unique key is a serialization failure, which
makes Odoo replay the whole HTTP request after a random pause.
"""

from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.taobao_purchase.dajisaas import StatusMessage

from .common import environment

FAKE_PURCHASE_ID = 2_000_000_001
DIGEST = "0" * 63 + "f"
MESSAGE = StatusMessage(message_type=3, purchase_id=FAKE_PURCHASE_ID)


@tagged("post_install", "-at_install")
class TestSyncRequestsAtOnce(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.addCleanup(self._take_all)
        self.addCleanup(self._forget_digest)

    def _forget_digest(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM taobao_message_receipt WHERE digest = %s", [DIGEST])

    def _take_all(self):
        with self.registry.cursor() as cr:
            return environment(self.registry, cr)["taobao.sync.request"]._take("purchase.order")

    def _purchase(self, env):
        return env["purchase.order"].browse(FAKE_PURCHASE_ID)

    def test_messages_about_one_purchase_at_once(self):
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first, second = (environment(self.registry, cr) for cr in (first_cr, second_cr))
            second_cr.execute("SELECT 1")  # the second transaction's snapshot is taken
            self.assertTrue(first["taobao.sync.request"]._request(self._purchase(first)))
            first_cr.commit()
            # the row the first one committed is not in the second's snapshot: no failure
            second["taobao.sync.request"]._request(self._purchase(second))
            second_cr.commit()
        self.assertEqual(self._take_all(), {FAKE_PURCHASE_ID: False}, "one synchronization")

    def test_a_message_and_its_replay_at_once(self):
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first, second = (environment(self.registry, cr) for cr in (first_cr, second_cr))
            company = first.ref("base.main_company")
            second_cr.execute("SELECT 1")
            self.assertTrue(first["taobao.message.receipt"]._receive(company, DIGEST, MESSAGE))
            first_cr.commit()
            # the replay cannot see the first receipt yet: it is let through (its request is
            # one more of the same, taken as one), never failed
            second["taobao.message.receipt"]._receive(company.with_env(second), DIGEST, MESSAGE)
            second_cr.commit()
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            company = env.ref("base.main_company")
            self.assertFalse(env["taobao.message.receipt"]._receive(company, DIGEST, MESSAGE))

    def test_a_message_is_kept_while_its_company_is_being_saved(self):
        """Keeping a message takes no lock on its company's row: a burst of messages does not
        queue on that one row, nor wait while a manager saves the company's settings."""
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first, second = (environment(self.registry, cr) for cr in (first_cr, second_cr))
            company = first.ref("base.main_company")
            first_cr.execute("SELECT 1 FROM res_company WHERE id = %s FOR UPDATE", [company.id])
            second_cr.execute("SET LOCAL lock_timeout = '1s'")
            self.assertTrue(
                second["taobao.message.receipt"]._receive(
                    company.with_env(second), DIGEST, MESSAGE
                )
            )
            second_cr.commit()

    def test_refund_reported_during_a_burst_is_kept(self):
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first, second = (environment(self.registry, cr) for cr in (first_cr, second_cr))
            second_cr.execute("SELECT 1")
            first["taobao.sync.request"]._request(self._purchase(first))
            first_cr.commit()
            second["taobao.sync.request"]._request(self._purchase(second), refund=True)
            second_cr.commit()
        self.assertEqual(self._take_all(), {FAKE_PURCHASE_ID: True})

    def test_a_pending_request_is_not_repeated(self):
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            requests = env["taobao.sync.request"]
            self.assertTrue(requests._request(self._purchase(env)))
            self.assertFalse(requests._request(self._purchase(env)))
            self.assertTrue(requests._request(self._purchase(env), refund=True), "news")
            self.assertFalse(requests._request(self._purchase(env)))
            cr.execute(
                "SELECT count(*) FROM taobao_sync_request WHERE res_id = %s", [FAKE_PURCHASE_ID]
            )
            self.assertLessEqual(cr.fetchone()[0], 2, "a burst adds no row per message")
        self.assertEqual(self._take_all(), {FAKE_PURCHASE_ID: True})

    def test_requests_taken_by_another_job_meanwhile(self):
        """Two jobs take requests: the one whose snapshot predates the other's commit met a
        serialization failure, an ERROR in the log and a failed job (the fault campaign)."""
        with self.registry.cursor() as cr:
            environment(self.registry, cr)["taobao.sync.request"]._request(
                self._purchase(environment(self.registry, cr))
            )
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first, second = (environment(self.registry, cr) for cr in (first_cr, second_cr))
            second_cr.execute("SELECT 1")  # the second job's snapshot is taken
            self.assertEqual(
                first["taobao.sync.request"]._take("purchase.order"), {FAKE_PURCHASE_ID: False}
            )
            first_cr.commit()
            self.assertEqual(second["taobao.sync.request"]._take("purchase.order"), {})
            second_cr.commit()
