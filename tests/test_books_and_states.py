# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Books that add up, states that tell the truth, and the buyer's board."""

from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.taobao_purchase.dajisaas import StatusMessage

from .common import TaobaoPurchaseCase
from .test_migrations import migration


@tagged("post_install", "-at_install")
class TestBooksAndStates(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item = cls.sandbox.catalog.find(min_skus=3, max_skus=20)
        template = cls.env["taobao.product.importer"]._import_item(cls.item.item_id).template
        cls.red, cls.blue = template.product_variant_ids.filtered("taobao_mp_sku_id")[:2]
        cls.manager = new_test_user(
            cls.env,
            login="tb_books_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )
        cls.seller = new_test_user(
            cls.env,
            login="tb_books_seller",
            groups="taobao_purchase.group_taobao_user,sales_team.group_sale_salesman",
        )

    def bought(self, lines=None, user=None):
        order = self.make_order(lines or [(self.red, 2, 500.0)])
        if user:
            order.user_id = user
        order.action_taobao_purchase()
        return order, order.taobao_purchase_ids

    def sandbox_order(self, purchase):
        purchase_id = int(purchase.taobao_purchase_ref)
        return next(o for o in self.sandbox.orders if o.purchase_id == purchase_id)

    # --- 1. the books -----------------------------------------------------------------

    def test_imported_products_are_billed_on_ordered_quantities(self):
        self.assertEqual(self.red.purchase_method, "purchase")

    def test_a_paid_purchase_is_billed_and_create_bill_makes_no_credit_note(self):
        # whatever the product says (a product linked by hand keeps the seller's policy)
        self.red.product_tmpl_id.purchase_method = "receive"
        _order, purchase = self.bought()
        self.assertEqual(purchase.invoice_status, "no", "nothing is billed before it is paid")
        self.pay(purchase, self.manager)
        self.assertEqual(len(purchase.invoice_ids), 1)
        self.assertEqual(purchase.invoice_status, "invoiced", "not Waiting Bills")
        for line in purchase.order_line:
            self.assertEqual(line.qty_to_invoice, 0, line.name)
        # Create Bill again bills nothing, and never a credit note
        with self.assertRaises(Exception):  # noqa: B017 (Odoo: "no invoiceable line")
            purchase.with_context(create_bill=True).action_create_invoice()
        self.assertFalse(purchase.invoice_ids.filtered(lambda m: m.move_type == "in_refund"))
        view = purchase.get_views([(False, "form")])["views"]["form"]["arch"]
        buttons = etree.fromstring(view).xpath(
            "//header/button[@name='action_create_invoice'][not(contains(@class, 'oe_highlight'))]"
        )
        self.assertTrue(buttons)
        self.assertIn("is_taobao", buttons[0].get("invisible"), "hidden once billed")

    def test_a_bill_refused_at_payment_is_left_to_create_bill(self):
        _order, purchase = self.bought()
        self.pay(purchase, self.manager)
        purchase.invoice_ids.unlink()
        self.assertEqual(purchase.invoice_status, "to invoice")
        purchase.with_context(create_bill=True).action_create_invoice()
        bill = purchase.invoice_ids
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertAlmostEqual(
            bill.amount_total, self.sandbox_order(purchase).purchase_amount / 100
        )

    # --- 2, 4. states ------------------------------------------------------------------

    def test_the_sale_order_says_where_its_purchases_stand(self):
        order, purchase = self.bought()
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertTrue(order.taobao_payment_url)
        self.pay(purchase, self.manager)
        self.assertEqual(order.taobao_state, "paid")
        self.sandbox.ship(int(purchase.taobao_purchase_ref))
        order.action_taobao_sync()
        self.assertEqual(order.taobao_state, "shipped")
        labels = dict(order._fields["taobao_state"]._description_selection(self.env))
        self.assertEqual(labels["to_pay"], "Bought, to Pay")
        self.assertEqual(labels["shipped"], "Shipped in China")

    def test_a_refund_to_review_is_an_exception(self):
        order, purchase = self.bought()
        self.pay(purchase, self.manager)
        self.receive_message(
            StatusMessage(
                message_type=9, purchase_id=int(purchase.taobao_purchase_ref), status="REFUNDING"
            )
        )
        self.env["taobao.jobs"]._cron_sync()
        self.assertEqual(order.taobao_state, "exception")

    def test_the_payment_link_shows_only_while_something_is_to_pay(self):
        order, purchase = self.bought()
        arch = etree.fromstring(order.get_views([(False, "form")])["views"]["form"]["arch"])
        [link] = arch.xpath("//field[@name='taobao_payment_url']")
        self.assertIn("taobao_can_pay", link.get("invisible"))
        self.assertTrue(order.taobao_can_pay)
        self.pay(purchase, self.manager)
        self.assertFalse(order.taobao_can_pay, "paid: the link is hidden")

    def test_an_order_whose_purchases_were_cancelled_is_bought_again_from_its_form(self):
        order, purchase = self.bought()
        purchase.with_user(self.manager)._taobao_cancel("out of stock")
        self.assertEqual(purchase.taobao_status, "TRADE_CLOSED")
        self.assertEqual(order.taobao_state, "to_purchase")
        self.assertEqual(order._taobao_lines_to_purchase(), order.order_line)
        found = self.env["sale.order"].search(
            [("id", "=", order.id), ("state", "=", "sale"), ("taobao_state", "=", "to_purchase")]
        )
        self.assertEqual(found, order, "back in To Purchase")
        order.action_taobao_purchase()
        self.assertEqual(len(order.taobao_purchase_ids), 2)
        self.assertEqual(order.taobao_state, "to_pay")

    def test_a_cancelled_sale_order_says_cancelled(self):
        order = self.make_order([(self.red, 1, 500.0)])
        order._action_cancel()
        self.assertEqual(order.taobao_state, "cancelled")

    def test_a_cancelled_sale_order_with_open_purchases_still_shows_them(self):
        order, _purchase = self.bought()
        order.with_context(disable_cancel_warning=True)._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.taobao_state, "to_pay", "still to pay or cancel on Taobao")
        action = self.env.ref("taobao_purchase.action_taobao_board")
        self.assertIn(order, self.env["sale.order"].search(safe_eval(action.domain)))

    def test_a_closed_purchase_with_a_refund_to_review_is_an_exception(self):
        order, purchase = self.bought()
        purchase.with_user(self.manager)._taobao_cancel("out of stock")
        purchase.sudo().taobao_refund_to_review = True
        self.assertEqual(order.taobao_state, "exception")

    # --- 3. one Purchase on Taobao, through the preview ---------------------------------

    def test_purchase_on_taobao_for_one_order_opens_the_preview(self):
        order = self.make_order([(self.red, 1, 500.0)])
        action = self.env.ref("taobao_purchase.action_server_taobao_purchase")
        self.assertEqual(action.binding_view_types, "list", "not a second entry on the form")
        order.user_id = self.seller
        result = (
            action.with_user(self.seller)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .run()
        )
        self.assertEqual(result["res_model"], "taobao.purchase.preview.wizard")
        self.assertFalse(self.sandbox.orders, "nothing bought without the preview")
        automation = self.env.ref("taobao_purchase.action_server_taobao_purchase_automation")
        self.assertFalse(automation.binding_model_id, "automation's own action is on no screen")

    # --- 5. the recipient's language ---------------------------------------------------

    def test_a_background_purchase_writes_in_the_salespersons_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["taobao_purchase"], ["zh_CN"])
        self.seller.lang = "zh_CN"
        self.company.write({"taobao_auto_purchase": True, "taobao_retry_limit": 0})
        self.warehouse.zip = False
        order = self.make_order([(self.red, 1, 500.0)], confirm=False)
        order.user_id = self.seller
        order.action_confirm()
        self.env["taobao.jobs"].with_context(lang="en_US")._cron_purchase_queue()
        self.assertEqual(order.taobao_state, "failed")
        activity = order.activity_ids
        self.assertTrue(activity)
        chinese = (
            self.env["taobao.jobs"].with_context(lang="zh_CN").env._("Taobao purchase failed")
        )
        self.assertNotEqual(chinese, "Taobao purchase failed", "the term is translated")
        self.assertEqual(activity.summary, chinese)

    def test_a_purchase_dajisaas_closes_is_cancelled_in_the_salespersons_language(self):
        """Odoo's own cancellation (sale_purchase's activity on the sale order included)
        runs in the language of the sale order's reader, whoever synchronizes."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.seller.lang = "zh_CN"
        order = self.make_order([(self.red, 1, 500.0)], confirm=False)
        order.user_id = self.seller
        order.action_confirm()
        order.action_taobao_purchase()
        purchase = order.taobao_purchase_ids
        languages = []
        cancel = type(purchase).button_cancel

        def recording_cancel(records):
            languages.append(records.env.lang)
            return cancel(records)

        purchase.sudo().taobao_status = "TRADE_CLOSED"
        with patch.object(type(purchase), "button_cancel", recording_cancel):
            purchase.with_context(lang="en_US")._taobao_after_status_change("WAIT_BUYER_P")
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(languages, ["zh_CN"])

    # --- 6. one shop, one vendor --------------------------------------------------------

    def test_a_shop_is_one_vendor_whether_named_by_id_or_by_nick(self):
        shop_partner = self.red.seller_ids.partner_id
        self.assertTrue(shop_partner._taobao_is_shop())
        nick_partner = self.env["res.partner"]._taobao_shop_partner(
            "some-nick-key", shop_partner.name
        )
        self.assertEqual(nick_partner, shop_partner)

    # --- 8. activities go to someone who can act -----------------------------------------

    def test_the_refund_activity_goes_to_a_taobao_manager(self):
        order, purchase = self.bought(user=self.seller)
        self.receive_message(
            StatusMessage(
                message_type=9, purchase_id=int(purchase.taobao_purchase_ref), status="REFUNDING"
            )
        )
        self.env["taobao.jobs"]._cron_sync()
        self.assertTrue(purchase.activity_ids)
        assignee = purchase.activity_ids.user_id
        self.assertTrue(assignee.has_group("taobao_purchase.group_taobao_manager"), assignee.name)
        purchase.with_user(assignee).action_taobao_refund_reviewed()
        self.assertFalse(purchase.taobao_refund_to_review)
        self.assertEqual(order.taobao_state, "to_pay")

    # --- 9. a Taobao purchase order looks like what it is --------------------------------

    def test_a_taobao_purchase_order_looks_read_only_with_only_usable_buttons(self):
        order, purchase = self.bought(user=self.seller)
        arch = etree.fromstring(
            purchase.with_user(self.seller).get_views([(False, "form")])["views"]["form"]["arch"]
        )
        [lines] = arch.xpath("//page[@name='products']/field[@name='order_line']")
        self.assertIn("is_taobao", lines.get("readonly"))
        names = set(arch.xpath("//header/button/@name"))
        for name in ("action_create_invoice", "button_done"):
            self.assertNotIn(name, names, "a salesperson would get an Access Error")
        [cancel] = arch.xpath("//header/button[@name='button_cancel']")
        self.assertIn("is_taobao", cancel.get("invisible"), "Cancel on Taobao instead")

    # --- 11. Purchases Checked offers only what is not bought -----------------------------

    def test_purchases_checked_does_not_offer_again_what_was_bought(self):
        order, purchase = self.bought([(self.red, 1, 500.0), (self.blue, 1, 500.0)])
        # DajiSaaS reported a sub-order without naming its line
        lost = purchase.order_line.filtered(lambda pl: pl.sale_line_id.product_id == self.blue)
        lost.sudo().sale_line_id = False
        order._taobao_set_attempt("review", taobao_last_error="check")
        order.with_user(self.manager).action_taobao_review_done()
        self.assertEqual(lost.sale_line_id.product_id, self.blue)
        self.assertFalse(order._taobao_lines_to_purchase(), "nothing offered again")
        self.assertEqual(order.taobao_state, "to_pay")

    def test_purchases_checked_leaves_a_line_bought_in_part_to_the_person(self):
        order, purchase = self.bought([(self.red, 3, 500.0)])
        line = purchase.order_line.filtered("sale_line_id")
        line.sudo().write({"sale_line_id": False, "product_qty": 1})
        order._taobao_set_attempt("review", taobao_last_error="check")
        order.with_user(self.manager).action_taobao_review_done()
        self.assertFalse(line.sale_line_id, "1 of 3 does not buy the line")
        self.assertEqual(order._taobao_lines_to_purchase(), order.order_line)

    # --- the board ---------------------------------------------------------------------

    def test_the_board_has_a_column_per_taobao_state(self):
        self.bought()
        self.make_order([(self.blue, 1, 500.0)])
        action = self.env.ref("taobao_purchase.action_taobao_board")
        groups = (
            self.env["sale.order"]
            .with_context(**safe_eval(action.context))
            .read_group(safe_eval(action.domain), ["taobao_state"], ["taobao_state"])
        )
        columns = [group["taobao_state"] for group in groups]
        for state in ("to_purchase", "to_pay", "paid", "shipped", "exception"):
            self.assertIn(state, columns)
        self.assertNotIn("none", columns)
        counts = {group["taobao_state"]: group["taobao_state_count"] for group in groups}
        self.assertGreaterEqual(counts["to_pay"], 1)
        views = self.env["sale.order"].get_views(
            [(action.view_ids[0].view_id.id, "kanban")], {"load_filters": True}
        )
        self.assertIn("taobao_state", views["views"]["kanban"]["arch"])

    # --- the upgrade from 18.0.1.3.0 ----------------------------------------------------

    def test_the_upgrade_sets_the_books_states_and_vendors_right(self):
        order, purchase = self.bought()
        self.pay(purchase, self.manager)
        shop = purchase.partner_id
        twin = shop.copy({"name": shop.name, "ref": f"TAOBAO-SHOP-{shop.name}-nick"})
        # a person's contact that happens to look like one is never merged
        contact = shop.copy(
            {"name": shop.name, "ref": "TAOBAO-SHOP-lookalike", "parent_id": self.customer.id}
        )
        other_order, other_purchase = self.bought([(self.blue, 1, 500.0)])
        other_purchase.sudo().partner_id = twin
        # what 18.0.1.3.0 left: bill on received quantities, "purchased", two vendors
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            "UPDATE purchase_order_line SET qty_to_invoice = -product_qty WHERE order_id = %s",
            [purchase.id],
        )
        cr.execute(
            "UPDATE purchase_order SET invoice_status = 'to invoice' WHERE id = %s", [purchase.id]
        )
        cr.execute("UPDATE sale_order_line SET purchase_price = 1 WHERE order_id = %s", [order.id])
        cr.execute(
            "UPDATE sale_order SET taobao_state = 'purchased' WHERE id IN %s",
            [(order.id, other_order.id)],
        )
        self.env.invalidate_all()
        migration("18.0.1.4.0", "post").migrate(cr, "18.0.1.3.0")
        self.env.invalidate_all()
        self.assertEqual(purchase.invoice_status, "invoiced")
        self.assertEqual(set(purchase.order_line.mapped("qty_to_invoice")), {0.0})
        sale_line = order.order_line
        self.assertAlmostEqual(
            sale_line.purchase_price * sale_line.product_uom_qty,
            sale_line._convert_to_sol_currency(purchase.amount_untaxed, purchase.currency_id),
            places=1,
            msg="the cost holds the shipping inside China",
        )
        self.assertEqual(order.taobao_state, "paid")
        self.assertEqual(other_order.taobao_state, "to_pay")
        self.assertFalse(twin.exists(), "merged")
        self.assertTrue(contact.exists())
        self.assertEqual(other_purchase.partner_id, shop)

    # --- the preview fixes what it finds ------------------------------------------------

    def preview(self, order, user=None):
        action = order.with_user(user or self.env.user).action_taobao_open_preview()
        return (
            self.env[action["res_model"]].with_user(user or self.env.user).browse(action["res_id"])
        )

    def test_the_preview_buys_what_is_in_stock(self):
        sku = next(s for s in self.item.skus_in_stock if str(s.sku_id) == self.red.taobao_sku_id)
        self.sandbox.catalog.set_sku_stock(self.item.item_id, sku.sku_id, 12)
        order = self.make_order([(self.red, 15, 500.0)], confirm=False)
        order.user_id = self.seller
        order.action_confirm()
        wizard = self.preview(order, self.seller)
        row = wizard.line_ids
        self.assertTrue(wizard.unavailable)
        self.assertTrue(row.can_cap)
        action = row.action_cap_to_stock()
        self.assertEqual(action["res_id"], wizard.id, "the same dialog, priced again")
        self.assertEqual(order.order_line.product_uom_qty, 12)
        self.assertFalse(wizard.unavailable)
        self.assertTrue(wizard.total_known)
        self.assertIn("12", order.message_ids[0].body)

    def test_the_preview_accepts_todays_price_and_the_purchase_remembers_it(self):
        sku = next(s for s in self.item.skus_in_stock if str(s.sku_id) == self.red.taobao_sku_id)
        self.sandbox.catalog.set_sku_price(self.item.item_id, sku.sku_id, sku.price + 300)
        order = self.make_order([(self.red, 1, 500.0)])
        order.user_id = self.seller
        wizard = self.preview(order, self.seller)
        row = wizard.line_ids
        self.assertTrue(row.price_changed)
        row.action_accept_price()
        self.assertEqual(self.red.taobao_price_fen, sku.price + 300)
        self.assertFalse(wizard.line_ids.price_changed)
        # a purchase made at a new price makes it the known one
        self.sandbox.catalog.set_sku_price(self.item.item_id, sku.sku_id, sku.price + 500)
        wizard.action_purchase()
        bought = order.taobao_purchase_ids.order_line.filtered("sale_line_id")
        self.assertEqual(self.red.taobao_price_fen, round(bought.price_unit * 100))

    def test_another_users_preview_line_fixes_nothing(self):
        order = self.make_order([(self.red, 15, 500.0)])
        order.user_id = self.seller
        wizard = self.preview(order, self.seller)
        other = new_test_user(
            self.env, login="tb_books_other", groups="taobao_purchase.group_taobao_user"
        )
        with self.assertRaises(AccessError):
            wizard.line_ids.with_user(other).action_cap_to_stock()
        self.assertEqual(order.order_line.product_uom_qty, 15)

    def test_the_taobao_cost_survives_odoo_computing_the_cost_again(self):
        """sale_stock_margin computes it again when a delivery changes state, for one."""
        order, purchase = self.bought()
        line = order.order_line
        cost = line.purchase_price
        self.assertTrue(cost)
        self.red.standard_price = 1.0
        line._compute_purchase_price()
        self.assertAlmostEqual(line.purchase_price, cost, places=2)
