# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Only the right people, only once, whatever is sent.

Each test is a finding of the review, replayed through the ORM as RPC would call it.
"""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.taobao_purchase.dajisaas import DajisaasClient, PreviewResult
from odoo.addons.taobao_purchase.dajisaas.exchange import Exchange

from .common import TaobaoPurchaseCase


def no_api_call(*_args, **_kwargs):
    raise AssertionError("DajiSaaS must not be called")


@tagged("post_install", "-at_install")
class TestTaobaoSecurity(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item = cls.sandbox.catalog.find(min_skus=3, max_skus=20)
        cls.red, cls.blue = cls.make_taobao_products(cls.item, cls.item.skus_in_stock[:2])
        cls.salesman = new_test_user(
            cls.env, login="tb_sec_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.other_salesman = new_test_user(
            cls.env, login="tb_sec_salesman2", groups="sales_team.group_sale_salesman"
        )
        cls.taobao_user = new_test_user(
            cls.env, login="tb_sec_user", groups="taobao_purchase.group_taobao_user"
        )
        cls.manager = new_test_user(
            cls.env,
            login="tb_sec_manager",
            groups="taobao_purchase.group_taobao_manager,purchase.group_purchase_manager",
        )
        cls.portal = new_test_user(cls.env, login="tb_sec_portal", groups="base.group_portal")
        cls.other_company = cls.env["res.company"].create({"name": "Other Taobao Co"})
        cls.configure_company(cls.other_company)

    def no_api(self):
        return patch.object(DajisaasClient, "_call", side_effect=no_api_call)

    def bought_order(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.action_taobao_purchase()
        return order, order.taobao_purchase_ids

    # --- authorization on the server ---------------------------------------------------

    def test_plain_salesman_cannot_buy_or_sync(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.user_id = self.salesman
        with self.no_api():
            with self.assertRaises(AccessError):
                order.with_user(self.salesman).action_taobao_purchase()
            with self.assertRaises(AccessError):
                order.with_user(self.salesman).action_taobao_sync()
            with self.assertRaises(AccessError):
                order.with_user(self.salesman).action_taobao_open_preview()
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_portal_user_cannot_buy(self):
        order = self.make_order([(self.red, 1, 500.0)])
        with self.no_api(), self.assertRaises(AccessError):
            order.with_user(self.portal).action_taobao_purchase()

    def test_taobao_user_buys_but_cannot_pay_cancel_or_force(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order.user_id = self.taobao_user
        order.with_user(self.taobao_user).action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")
        purchase = order.taobao_purchase_ids
        with self.no_api():
            for action in (
                lambda: purchase.with_user(self.taobao_user).action_taobao_pay(),
                lambda: purchase.with_user(self.taobao_user)._taobao_pay(),
                lambda: purchase.with_user(self.taobao_user)._taobao_cancel("x"),
                lambda: order.with_user(self.taobao_user).action_taobao_pay(),
                lambda: order.with_user(self.taobao_user).action_taobao_purchase_force(),
            ):
                with self.assertRaises(AccessError):
                    action()

    def test_taobao_user_without_product_rights_can_buy_what_needs_a_lookup(self):
        item = self.sandbox.catalog.find(
            min_skus=2, max_skus=20, exclude_items=[self.item.item_id]
        )
        product = self.make_taobao_products(item, with_mp_ids=False)
        self.assertFalse(self.taobao_user.has_group("product.group_product_manager"))
        order = self.make_order([(product, 1, 500.0)])
        order.user_id = self.taobao_user
        order.with_user(self.taobao_user).action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")

    def test_other_company_is_refused_without_calling_dajisaas(self):
        self.taobao_user.company_ids = self.company
        order = self.make_order([(self.red, 1, 500.0)], confirm=False)
        order.write({"company_id": self.other_company.id, "pricelist_id": False})
        with self.no_api(), self.assertRaisesRegex(AccessError, "Other Taobao Co"):
            order.with_user(self.taobao_user).action_taobao_purchase()
        wizard = (
            self.env["taobao.product.search.wizard"]
            .with_user(self.taobao_user)
            .create({"keyword": "dress", "company_id": self.company.id})
        )
        wizard.sudo().company_id = self.other_company
        with self.no_api():
            wizard.with_user(self.taobao_user).action_search()
        self.assertIn("Other Taobao Co", wizard.message)
        self.assertFalse(wizard.result_ids)

    def test_records_of_another_company_are_refused_on_every_link(self):
        """A dialog of one company does not add to another company's quotation, and a
        purchase is not recorded for another company's sale order (Odoo's company check)."""
        theirs = self.make_order([(self.red, 1, 500.0)], confirm=False)
        theirs.write({"company_id": self.other_company.id, "pricelist_id": False})
        for model in ("taobao.product.search.wizard", "taobao.product.detail.wizard"):
            with self.subTest(model=model), self.assertRaises(UserError):
                self.env[model].create(
                    {"item_id": "1", "company_id": self.company.id, "sale_order_id": theirs.id}
                    if model.endswith("detail.wizard")
                    else {"company_id": self.company.id, "sale_order_id": theirs.id}
                )
        _order, purchase = self.bought_order()
        with self.assertRaises(UserError):
            purchase.sudo().taobao_sale_order_id = theirs

    # --- what DajiSaaS said cannot be rewritten ---------------------------------------

    def test_recorded_state_cannot_be_written_by_users(self):
        order, purchase = self.bought_order()
        for user in (self.taobao_user, self.manager):
            with self.assertRaises(AccessError):
                purchase.with_user(user).write({"taobao_status": "TRADE_CLOSED"})
            with self.assertRaises(AccessError):
                purchase.order_line.with_user(user).write({"taobao_status": "TRADE_CLOSED"})
            with self.assertRaises(AccessError):
                purchase.with_user(user).write({"taobao_payment_url": "https://phish.example"})
            with self.assertRaises(AccessError):
                purchase.order_line[:1].with_user(user).write({"sale_line_id": False})
            with self.assertRaises(AccessError):
                purchase.order_line[:1].with_user(user).unlink()
            with self.assertRaises(AccessError):
                order.with_user(user).write(
                    {"taobao_attempt_state": "idle", "taobao_pending_third_order_id": False}
                )
        # and so nothing can be bought twice
        order.action_taobao_purchase()
        self.assertEqual(len(self.sandbox.orders), 1)

    def test_a_fake_purchase_cannot_be_created(self):
        with self.assertRaises(AccessError):
            self.env["purchase.order"].with_user(self.manager).create(
                {
                    "partner_id": self.customer.id,
                    "taobao_purchase_ref": "666",
                    "taobao_status": "WAIT_SELLER_SEND_GOODS",
                }
            )

    def test_a_local_cancel_does_not_make_a_line_buyable_again(self):
        order, purchase = self.bought_order()
        with self.assertRaises(AccessError):
            purchase.with_user(self.manager).write({"state": "cancel"})
        purchase.sudo().write({"state": "cancel"})
        order.action_taobao_purchase()
        self.assertEqual(len(self.sandbox.orders), 1)

    # --- money checks fail closed -----------------------------------------------------

    def test_no_cny_rate_means_no_purchase(self):
        cny = self.env.ref("base.CNY")
        self.env["res.currency.rate"].search([("currency_id", "=", cny.id)]).unlink()
        order = self.make_order([(self.red, 1, 500.0)])
        with self.assertRaisesRegex(UserError, "no exchange rate for the Chinese yuan"):
            order.action_taobao_purchase()
        self.assertEqual(self.sandbox.create_calls, 0)
        action = order.action_taobao_open_preview()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertIn("no exchange rate", wizard.problems)

    def test_a_preview_without_total_stops_the_purchase(self):
        order = self.make_order([(self.red, 1, 500.0)])
        unreadable = PreviewResult(total_fen=0, shipping_fee_fen=0)
        with (
            patch.object(DajisaasClient, "preview_order", return_value=unreadable),
            self.assertRaisesRegex(UserError, "gave no total"),
        ):
            order.action_taobao_purchase()
        self.assertEqual(self.sandbox.create_calls, 0)

    def test_pay_shows_the_amount_then_says_what_was_paid(self):
        _order, purchase = self.bought_order()
        action = purchase.with_user(self.manager).action_taobao_pay()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertAlmostEqual(wizard.amount_total, purchase.amount_total)
        self.assertEqual(wizard.purchase_order_ids, purchase)
        self.assertEqual(purchase.taobao_status, "WAIT_BUYER_P", "nothing paid before confirming")
        result = wizard.with_user(self.manager).action_confirm()
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn(purchase.name, result["params"]["message"])
        self.assertEqual(purchase.taobao_status, "WAIT_SELLER_SEND_GOODS")

    # --- settings ----------------------------------------------------------------------

    def test_settings_are_validated(self):
        for values in (
            {"taobao_timeout": 1e9},
            {"taobao_retry_delay": -60},
            {"taobao_min_margin": -1e6},
            {"taobao_api_url": "ftp://openapi.dajisaas.com"},
            {"taobao_environment": "production", "taobao_api_url": "http://api.example"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)
                self.env.flush_all()

    def test_api_url_survives_saving_other_settings(self):
        self.company.taobao_api_url = "https://dajisaas.example"
        with Form(self.env["res.config.settings"]) as form:
            form.taobao_order_source = "lazada"
        self.assertEqual(self.company.taobao_api_url, "https://dajisaas.example")

    # --- visibility ----------------------------------------------------------------------

    def test_salespeople_see_the_purchases_of_their_own_orders_only(self):
        mine, my_purchase = self.bought_order()
        mine.user_id = self.salesman
        theirs, their_purchase = self.bought_order()
        theirs.user_id = self.other_salesman
        visible = self.env["purchase.order"].with_user(self.salesman).search([])
        self.assertIn(my_purchase, visible)
        self.assertNotIn(their_purchase, visible)
        self.assertEqual(
            mine.with_user(self.salesman).taobao_purchase_ids.taobao_status, "BULIDING"
        )
        with self.assertRaises(AccessError):
            their_purchase.with_user(self.salesman).read(["amount_total"])

    def test_api_log_keeps_no_secret_and_no_signature(self):
        """What the log keeps is redacted once more, like every text the client gives: the
        company's secrets and the value of any sensitive key, even one the client missed."""
        exchange = Exchange(
            method="POST",
            endpoint="/x",
            url_without_query="https://api.example/x",
            request={"appKey": "k", "sign": "A1B2C3"},
            response_body='{"echo": "appSecret=s3cret-value"}',
            status_code=200,
            duration_ms=1,
            trace_id=None,
            error="failed with the-secret inside",
            attempt=1,
        )
        values = self.env["taobao.api.log"]._values_from_exchange(exchange, ["the-secret"])
        kept = " ".join(str(values[key]) for key in ("request_body", "response_body", "error"))
        for secret in ("A1B2C3", "s3cret-value", "the-secret"):
            self.assertNotIn(secret, kept)

    def test_api_log_is_append_only(self):
        self.bought_order()
        logs = self.env["taobao.api.log"].search([])
        self.assertTrue(logs)
        with self.assertRaises(AccessError):
            logs.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            logs.with_user(self.manager).write({"error": "nothing happened"})
