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

from .common import TaobaoPurchaseCase

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
        existing = self.env["sale.order"].create(base).with_user(user)

        def load():
            result = orders.load(["partner_id/.id", field], [[str(self.customer.id), str(value)]])
            if any(message["type"] == "error" for message in result["messages"]):
                raise AccessError(str(result["messages"]))

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
                        except AccessError:
                            continue
                        got_through += 1
                        self.fail(f"{user.login} stored {field} by {path}")
        self.assertGreater(tried, 100)
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
        third_id = self.env["taobao.purchaser"]._third_order_id(order)
        plain = f"{order.name}-{order.id}-1"
        self.assertTrue(third_id.startswith(plain + "-"))
        self.assertRegex(third_id[len(plain) + 1 :], "^[0-9a-f]{8}$")
