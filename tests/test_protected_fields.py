# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every field that asks for a purchase, by every path a user has to write it.

Generated from the models: a field added to ``SALE_ORDER_PROTECTED`` is covered without
anyone remembering to add it here. A salesperson once created an order already "queued",
confirmed it, and the purchase job bought it; another created an order carrying a victim's
pending thirdOrderId and took its purchase over.
"""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.taobao_purchase.models.taobao_access import SALE_ORDER_PROTECTED

from .common import TaobaoPurchaseCase, report_attacks

GUARD_WORDS = "only the Taobao purchase flow writes them"
VALUES = {
    "taobao_attempt_state": "queued",
    "taobao_attempt": 7,
    "taobao_pending_third_order_id": "S00056-56-1",
    "taobao_retry_count": 0,
    "taobao_next_retry": "2020-01-01 00:00:00",
    "taobao_last_error": "written by hand",
    "taobao_payment_url": "https://evil.example/pay",
    "taobao_purchase_ids": [],
}


@tagged("post_install", "-at_install")
class TestProtectedSaleOrderFields(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = [
            new_test_user(
                cls.env, login="tb_prot_salesman", groups="sales_team.group_sale_salesman"
            ),
            new_test_user(
                cls.env,
                login="tb_prot_taobao",
                groups="sales_team.group_sale_salesman,taobao_purchase.group_taobao_user",
            ),
            new_test_user(
                cls.env,
                login="tb_prot_manager",
                groups="sales_team.group_sale_manager,taobao_purchase.group_taobao_manager",
            ),
        ]

    def paths(self, user, field, value):
        """Every way a user stores a sale order field: (name, callable)."""
        orders = self.env["sale.order"].with_user(user)
        base = {"partner_id": self.customer.id}
        # the user's own order: record rules let them write it, the guard alone refuses
        existing = self.env["sale.order"].create({**base, "user_id": user.id}).with_user(user)

        def load():
            result = orders.load(["partner_id/.id", field], [[str(self.customer.id), str(value)]])
            errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
            if errors:
                raise AccessError("; ".join(errors))

        def personal_default():
            self.env["ir.default"].with_user(user).set("sale.order", field, value, user_id=True)
            orders.create(base)

        return [
            ("create", lambda: orders.create({**base, field: value})),
            ("write", lambda: existing.write({field: value})),
            ("web_save of a new order", lambda: orders.web_save({**base, field: value}, {})),
            ("web_save of an order", lambda: existing.web_save({field: value}, {})),
            ("copy with defaults", lambda: existing.copy({field: value})),
            (
                "default_ context key",
                lambda: orders.with_context(**{f"default_{field}": value}).create(base),
            ),
            ("load (import)", load),
            ("personal default (ir.default)", personal_default),
        ]

    def test_no_user_path_stores_what_asks_for_a_purchase(self):
        tried = got_through = 0
        for field in sorted(SALE_ORDER_PROTECTED):
            if field == "taobao_purchase_ids":
                continue  # a one2many: its records are purchase orders, protected there
            value = VALUES[field]
            for user in self.users:
                for path, store in self.paths(user, field, value):
                    tried += 1
                    with self.subTest(field=field, user=user.login, path=path):
                        try:
                            with self.env.cr.savepoint():
                                store()
                        except AccessError as error:
                            # refused by the guard itself, not for some other reason
                            self.assertIn(GUARD_WORDS, str(error))
                            continue
                        got_through += 1
                        self.fail(f"{user.login} stored {field} by {path}")
        report_attacks("sale order fields x write paths x users", tried, got_through)
        self.assertGreater(tried, 140)
        self.assertEqual(got_through, 0)

    def test_the_flow_still_writes_them(self):
        order = (
            self.env["sale.order"]
            .sudo()
            .create({"partner_id": self.customer.id, "taobao_attempt_state": "queued"})
        )
        self.assertEqual(order.taobao_attempt_state, "queued")

    def test_a_third_order_id_cannot_be_guessed_from_the_order(self):
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        third_id = order._taobao_third_order_id()
        plain = f"{order.name}-{order.id}-1"
        self.assertTrue(third_id.startswith(plain + "-"))
        self.assertRegex(third_id[len(plain) + 1 :], "^[0-9a-f]{8}$")

    def test_an_id_sent_before_an_upgrade_is_sent_again_as_it_was(self):
        """A send whose transaction died kept no pending id on the order; the ledger holds
        it, in whatever format it was made: the attempt goes on under that very id."""
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.env["taobao.purchase.intent"].create(
            {
                "company_id": order.company_id.id,
                "sale_order_ref": order.id,
                "attempt": order.taobao_attempt,
                "third_order_ref": f"{order.name}-{order.id}-1",
                "state": "resolved",
            }
        )
        third_id = order._taobao_third_order_id()
        self.assertEqual(third_id, f"{order.name}-{order.id}-1")
