# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Purchase Requests Sent shows what became of a request as soon as the ledger holds it, not
"Sending" until the sweep moves the send's own state on."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import CREATE_PATH, TaobaoRecoveryCase


@tagged("post_install", "-at_install")
class TestIntentDisplay(TaobaoRecoveryCase):
    def setUp(self):
        super().setUp()
        self.Intent = self.env["taobao.purchase.intent"]
        self.shown_in_flight = []
        # The send is committed on a cursor of its own, which this test's transaction cannot
        # see: it is written here in the test's transaction instead, as the list reads it
        # once both transactions committed. While the request is in flight (this call
        # returns before it leaves), the list is read as a person would read it then.
        test = self

        def record_sending(intents, order, third_order_ref):
            send = test.Intent.create(
                {
                    "company_id": order.company_id.id,
                    "sale_order_ref": order.id,
                    "attempt": order.taobao_attempt,
                    "third_order_ref": third_order_ref,
                    "state": "sending",
                    "outcome": "open",
                }
            )
            test.shown_in_flight.append(send.display_state)
            send.invalidate_recordset(["display_state"])
            return test.Intent.search_count(
                [
                    ("company_id", "=", order.company_id.id),
                    ("third_order_ref", "=", third_order_ref),
                    ("outcome", "=", "open"),
                ]
            )

        self.startPatcher(
            patch.object(
                type(self.Intent), "_record_sending", autospec=True, side_effect=record_sending
            )
        )

    def sends(self, order):
        """The sends of ``order`` as the list shows them (read afresh, as a page load does)."""
        self.env.invalidate_all()
        return self.Intent.search([("sale_order_ref", "=", order.id), ("outcome", "=", "open")])

    def test_a_request_whose_purchase_was_recorded_shows_bought_at_once(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "idle")
        self.assertTrue(order.taobao_purchase_ids, "the purchase was recorded")
        self.assertEqual(self.shown_in_flight, ["sending"], "in flight, it was Sending")
        send = self.sends(order)
        self.assertEqual(len(send), 1)
        self.assertEqual(send.state, "sending", "the sweep has not moved the ledger on")
        self.assertEqual(send.display_state, "bought")
        rows = self.Intent.search([("third_order_ref", "=", send.third_order_ref)])
        self.assertEqual(set(rows.mapped("display_state")), {"bought"})

    def test_a_request_still_in_flight_shows_sending(self):
        order = self.make_order([(self.red, 1, 500.0)])
        third_id = order._taobao_third_order_id()
        self.Intent._record_sending(order, third_id)
        self.assertEqual(self.sends(order).display_state, "sending")

    def test_a_request_whose_answer_was_lost_shows_sending_then_outcome_unknown(self):
        self.company.taobao_timeout = 0.5
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE_PATH, "http_502")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "unknown")
        send = self.sends(order)
        self.assertEqual(send.display_state, "sending", "nothing closes it yet")
        send.state = "resolved"  # as the sweep leaves a send it found lost
        self.assertEqual(self.sends(order).display_state, "unknown")

    def test_a_first_send_clearly_refused_shows_refused(self):
        order = self.make_order([(self.red, 1, 500.0)])
        self.sandbox.faults.inject(CREATE_PATH, "business_1009", message="库存不足 out of stock")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "failed")
        self.assertEqual(self.sends(order).display_state, "refused")

    def test_a_send_released_by_a_manager_shows_released(self):
        order = self.make_order([(self.red, 1, 500.0)])
        third_id = order._taobao_third_order_id()
        self.Intent._record_sending(order, third_id)
        self.Intent._close(order, third_id, "released")
        self.assertEqual(self.sends(order).display_state, "released")

    def test_a_row_of_another_company_closes_nothing(self):
        order = self.make_order([(self.red, 1, 500.0)])
        third_id = order._taobao_third_order_id()
        self.Intent._record_sending(order, third_id)
        other = self.env["res.company"].create({"name": "Other Taobao company"})
        self.Intent.create(
            {
                "company_id": other.id,
                "sale_order_ref": order.id,
                "attempt": 1,
                "third_order_ref": third_id,
                "state": "resolved",
                "outcome": "bought",
            }
        )
        self.assertEqual(self.sends(order).display_state, "sending")
