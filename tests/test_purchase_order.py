# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A Taobao purchase is an ordinary Odoo purchase order: bills, margins, reports, stock."""

from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.taobao_purchase.const import STATUS_MAPPING
from odoo.addons.taobao_purchase.dajisaas import StatusMessage
from odoo.addons.taobao_purchase.dajisaas_sandbox import orders

from .common import TaobaoPurchaseCase

CNY_PER_COMPANY_CURRENCY = 7.0


@tagged("post_install", "-at_install")
class TestTaobaoPurchaseOrder(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        catalog = cls.sandbox.catalog
        cls.item = catalog.find(min_skus=3, max_skus=20)
        # imported as a seller would: the vendor line names the shop's partner
        template = cls.env["taobao.product.importer"]._import_item(cls.item.item_id).template
        cls.shop_partner = template.seller_ids.partner_id
        cls.red, cls.blue = template.product_variant_ids.filtered("taobao_mp_sku_id")[:2]
        cls.other_item = catalog.find(min_skus=2, max_skus=20, exclude_shops=[cls.item.shop_name])
        cls.other_shop_product = cls.make_taobao_products(cls.other_item)
        cls.manager = new_test_user(
            cls.env,
            login="tb_po_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )
        cls.has_inventory = "stock.picking" in cls.env

    def purchase(self, lines):
        order = self.make_order(lines)
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")
        # the refresh DajiSaaS is asked for moments after the create
        self.env["taobao.jobs"]._cron_sync_requested()
        return order, order.taobao_purchase_ids

    def sandbox_order(self, purchase):
        """The sandbox's own record of a purchase (a snapshot: read it again after a change)."""
        purchase_id = int(purchase.taobao_purchase_ref)
        return next(o for o in self.sandbox.orders if o.purchase_id == purchase_id)

    # --- the purchase order itself -------------------------------------------------------

    def test_purchase_is_a_confirmed_purchase_order(self):
        self.assertNotIn("taobao.purchase.order", self.env, "the addon's own model is gone")
        order, purchase = self.purchase([(self.red, 2, 500.0), (self.blue, 1, 500.0)])
        self.assertEqual(purchase._name, "purchase.order")
        self.assertEqual(purchase.state, "purchase")
        self.assertTrue(purchase.is_taobao)
        self.assertEqual(purchase.partner_id, self.shop_partner, "the vendor product import set")
        self.assertEqual(purchase.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(purchase.origin, order.name)
        self.assertEqual(purchase.partner_ref, purchase.taobao_purchase_ref)
        dajisaas = self.sandbox_order(purchase)
        self.assertEqual(purchase.taobao_third_order_ref, dajisaas.outer_purchase_id)
        self.assertEqual(purchase.taobao_status, "WAIT_BUYER_P")
        self.assertTrue(purchase.taobao_trace_ref)
        self.assertIn("/pay?purchaseIds=", purchase.taobao_payment_url)
        sub_lines = purchase.order_line.filtered("taobao_sub_order_ref")
        self.assertEqual(len(sub_lines), 2, "one purchase line per DajiSaaS sub-order")
        self.assertEqual(sub_lines.sale_line_id, order.order_line)
        for line in sub_lines:
            sub = dajisaas.sub_order(int(line.taobao_sub_order_ref))
            self.assertEqual(line.product_id, line.sale_line_id.product_id)
            self.assertEqual(line.product_qty, sub.quantity)
            self.assertAlmostEqual(line.price_subtotal, sub.amount / 100)
            self.assertEqual(line.taobao_mp_sku_ref, line.product_id.taobao_mp_sku_id)
            self.assertFalse(line.taxes_id)
        shipping = purchase.order_line - sub_lines
        self.assertTrue(shipping.taobao_is_shipping)
        self.assertAlmostEqual(purchase.amount_total, dajisaas.purchase_amount / 100)
        # Odoo's own "Purchase" smart button (sale_purchase) finds it too
        self.assertEqual(order.purchase_order_count, 1)
        self.assertEqual(order._get_purchase_orders(), purchase)

    def test_one_purchase_order_per_supplier(self):
        order, purchases = self.purchase(
            [(self.red, 1, 500.0), (self.other_shop_product, 1, 500.0)]
        )
        self.assertEqual(len(purchases), 2)
        self.assertEqual(len(set(purchases.mapped("partner_id"))), 2)
        self.assertEqual(order.purchase_order_count, 2)

    def test_every_status_dajisaas_gives_is_mapped(self):
        """The statuses the sandbox moves a purchase through (upstream's spellings) each
        have a label, a purchase order state and a paid flag in Odoo."""
        given = {
            orders.BUILDING,
            orders.WAIT_BUYER_PAY,
            orders.WAIT_SELLER_SEND_GOODS,
            orders.WAIT_BUYER_CONFIRM_GOODS,
            orders.TRADE_CLOSED,
        }
        self.assertEqual(set(STATUS_MAPPING), given)
        self.assertEqual(STATUS_MAPPING[orders.TRADE_CLOSED]["po_state"], "cancel")
        paid = {code for code, status in STATUS_MAPPING.items() if status["paid"]}
        self.assertEqual(paid, {orders.WAIT_SELLER_SEND_GOODS, orders.WAIT_BUYER_CONFIRM_GOODS})

    # --- cancelling -------------------------------------------------------------------

    def test_closed_by_dajisaas_is_cancelled_in_odoo(self):
        order, purchase = self.purchase([(self.red, 1, 500.0)])
        purchase.with_user(self.manager)._taobao_cancel("customer cancelled")
        self.assertEqual(purchase.taobao_status, "TRADE_CLOSED")
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(order.taobao_state, "to_purchase", "closed: to purchase again")

    def test_cancel_in_odoo_goes_through_dajisaas_first(self):
        _order, purchase = self.purchase([(self.red, 1, 500.0)])
        action = purchase.with_user(self.manager).button_cancel()
        self.assertEqual(action["res_model"], "taobao.purchase.cancel.wizard")
        self.assertEqual(purchase.state, "purchase", "nothing is cancelled only in Odoo")
        self.assertEqual(self.sandbox_order(purchase).status, "WAIT_BUYER_P")
        self.confirm_cancel_wizard(action, self.manager, "wrong size")
        self.assertEqual(self.sandbox_order(purchase).status, "TRADE_CLOSED")
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(purchase.taobao_cancel_reason, "wrong size")

    # --- costs reach the books --------------------------------------------------------

    def test_paid_purchase_gets_a_draft_bill_in_cny(self):
        _order, purchase = self.purchase([(self.red, 2, 500.0)])
        self.assertFalse(purchase.invoice_ids)
        self.pay(purchase, self.manager)
        self.assertEqual(purchase.taobao_status, "WAIT_SELLER_SEND_GOODS")
        bill = purchase.invoice_ids
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(bill.partner_id, self.shop_partner)
        paid = self.sandbox_order(purchase).purchase_amount / 100
        self.assertAlmostEqual(bill.amount_total, paid)
        self.assertAlmostEqual(purchase.taobao_paid_amount, paid)
        # syncing again makes no second bill
        purchase._taobao_sync()
        self.assertEqual(len(purchase.invoice_ids), 1)

    def test_bill_posted_when_the_setting_says_so(self):
        self.company.taobao_bill_policy = "posted"
        _order, purchase = self.purchase([(self.red, 1, 500.0)])
        self.pay(purchase, self.manager)
        self.assertEqual(purchase.invoice_ids.state, "posted")

    def test_purchases_paid_together_are_billed_in_one_batch(self):
        _order, purchases = self.purchase(
            [(self.red, 1, 500.0), (self.other_shop_product, 1, 500.0)]
        )
        AccountMove = self.registry["account.move"]
        create = AccountMove.create
        batches = []

        def counted_create(moves, vals_list):
            batches.append(len(vals_list) if isinstance(vals_list, list) else 1)
            return create(moves, vals_list)

        with patch.object(AccountMove, "create", counted_create):
            self.pay(purchases, self.manager)
        self.assertEqual(batches, [2], "one create for both bills")
        for purchase in purchases:
            self.assertEqual(len(purchase.invoice_ids), 1)
            self.assertEqual(purchase.invoice_ids.partner_id, purchase.partner_id)
            paid = self.sandbox_order(purchase).purchase_amount / 100
            self.assertAlmostEqual(purchase.invoice_ids.amount_total, paid)
            self.assertIn(
                purchase.invoice_ids.name or "",
                purchase.message_ids[:1].body,
                "each purchase's chatter names its bill",
            )

    def test_one_refused_bill_holds_up_no_other(self):
        _order, purchases = self.purchase(
            [(self.red, 1, 500.0), (self.other_shop_product, 1, 500.0)]
        )
        refused, billed = purchases
        reason = "No purchase journal in this test."
        prepare = self.registry["purchase.order"]._prepare_invoice

        def prepare_or_refuse(order):
            if order == refused:
                raise UserError(reason)
            return prepare(order)

        with patch.object(self.registry["purchase.order"], "_prepare_invoice", prepare_or_refuse):
            self.pay(purchases, self.manager)
        self.assertEqual(billed.taobao_status, "WAIT_SELLER_SEND_GOODS")
        self.assertEqual(len(billed.invoice_ids), 1)
        self.assertEqual(refused.taobao_status, "WAIT_SELLER_SEND_GOODS", "still recorded paid")
        self.assertFalse(refused.invoice_ids)
        self.assertIn(reason, refused.message_ids[:1].body)
        self.assertIn("Create it from the purchase order", refused.message_ids[:1].body)

    def test_sale_line_cost_is_the_taobao_cost(self):
        """The goods and the shipping inside China: the margin the preview showed."""
        order, purchase = self.purchase([(self.red, 2, 500.0)])
        sale_line = order.order_line
        self.assertTrue(purchase.order_line.filtered("taobao_is_shipping").price_subtotal)
        expected = purchase.amount_untaxed / CNY_PER_COMPANY_CURRENCY / 2
        self.assertAlmostEqual(sale_line.purchase_price, expected, places=2)
        self.assertAlmostEqual(sale_line.margin, 1000.0 - expected * 2, places=1)

    # --- reports and views ------------------------------------------------------------

    def test_purchase_analysis_has_a_taobao_filter(self):
        _order, purchase = self.purchase([(self.red, 1, 500.0)])
        self.env.flush_all()
        rows = self.env["purchase.report"].search([("is_taobao", "=", True)])
        self.assertIn(purchase, rows.order_id)
        self.assertEqual(
            set(rows.filtered(lambda r: r.order_id == purchase).mapped("partner_id")),
            {self.shop_partner},
        )
        search_view = self.env.ref("purchase.view_purchase_order_search")
        arch = self.env["purchase.report"].get_view(search_view.id, "search")["arch"]
        self.assertIn('name="taobao"', arch)

    def test_purchase_order_pdf_prints_taobao_references(self):
        _order, purchase = self.purchase([(self.red, 1, 500.0)])
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "purchase.action_report_purchase_order", purchase.ids
        )
        html = html.decode()
        self.assertIn(purchase.taobao_purchase_ref, html)
        self.assertIn(purchase.taobao_third_order_ref, html)

    def test_taobao_purchases_action_offers_purchase_views(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "taobao_purchase.action_taobao_purchase_orders"
        )
        for mode in ("list", "kanban", "form", "pivot", "graph", "calendar", "activity"):
            self.assertIn(mode, action["view_mode"])
        _order, purchase = self.purchase([(self.red, 1, 500.0)])
        purchase.activity_schedule("mail.mail_activity_data_todo", summary="Check the parcel")
        self.assertEqual(purchase.activity_ids.summary, "Check the parcel")

    # --- messages and tracking --------------------------------------------------------

    def test_refund_message_is_recorded_for_review(self):
        _order, purchase = self.purchase([(self.red, 1, 500.0)])
        message = StatusMessage(
            message_type=9, purchase_id=int(purchase.taobao_purchase_ref), status="REFUNDING"
        )
        self.receive_message(message)
        self.env["taobao.jobs"]._cron_sync()
        self.assertTrue(purchase.taobao_refund_to_review)
        self.assertIn("refund", purchase.message_ids[0].body)
        self.assertEqual(len(purchase.activity_ids), 1)
        purchase.with_user(self.manager).action_taobao_refund_reviewed()
        self.assertFalse(purchase.taobao_refund_to_review)

    def test_tracking_numbers_reach_the_sale_order(self):
        order, purchase = self.purchase([(self.red, 1, 500.0)])
        self.pay(purchase, self.manager)
        self.sandbox.ship(int(purchase.taobao_purchase_ref))
        order.action_taobao_sync()
        self.assertEqual(purchase.taobao_status, "WAIT_BUYER_CONFIRM_GOODS")
        self.assertTrue(purchase.taobao_tracking_refs)
        self.assertEqual(order.taobao_tracking_refs, purchase.taobao_tracking_refs)
        self.assertIn(purchase.taobao_tracking_refs.split(", ")[0], order.message_ids[0].body)

    # --- with and without Inventory ---------------------------------------------------

    def test_without_inventory_no_stock_is_involved(self):
        if self.has_inventory:
            self.skipTest("Inventory is installed: see the tests with Inventory")
        _order, purchase = self.purchase([(self.red, 1, 500.0)])
        self.assertNotIn("picking_ids", purchase._fields)
        self.assertEqual(purchase.state, "purchase")

    def test_with_dropship_goods_go_to_the_customer_not_to_stock(self):
        if not self.has_inventory:
            self.skipTest("Inventory (purchase_stock, stock_dropshipping) is not installed")
        order, purchase = self.purchase([(self.red, 1, 500.0)])
        self.assertEqual(purchase.picking_type_id.code, "dropship")
        self.assertEqual(purchase.dest_address_id, order.partner_shipping_id)
        moves = purchase.picking_ids.move_ids
        self.assertTrue(moves)
        self.assertFalse(
            moves.filtered(lambda m: m.location_dest_id.usage == "internal"),
            "no phantom receipt into the company's stock",
        )
        self.assertEqual(set(moves.location_dest_id.mapped("usage")), {"customer"})
        own_deliveries = order.order_line.move_ids.filtered(
            lambda m: m.picking_type_id.code == "outgoing" and m.state != "cancel"
        )
        self.assertFalse(own_deliveries, "the dropship replaces the delivery from stock")

    def test_without_dropship_the_receipt_goes_to_the_forwarder(self):
        if not self.has_inventory:
            self.skipTest("Inventory (purchase_stock) is not installed")
        self.env["stock.picking.type"].search([("code", "=", "dropship")]).active = False
        order, purchase = self.purchase([(self.red, 1, 500.0)])
        self.assertEqual(purchase.picking_type_id.code, "incoming")
        destinations = purchase.picking_ids.move_ids.location_dest_id
        self.assertEqual(set(destinations.mapped("usage")), {"transit"})
        self.assertEqual(set(destinations.mapped("company_id")), {self.company})
        # a second purchase reuses the same receipt type
        _order2, purchase2 = self.purchase([(self.blue, 1, 500.0)])
        self.assertEqual(purchase2.picking_type_id, purchase.picking_type_id)

    def test_the_forwarding_receipts_are_set_up_before_any_purchase(self):
        """At install (and update) for every company, and at a company's creation: never
        in the middle of a purchase."""
        if not self.has_inventory:
            self.env["res.company"].create({"name": "Taobao second company"})
            self.assertNotIn("stock.picking.type", self.env)
            return
        forwarding = self.env["res.company"]._taobao_forwarding_types
        self.assertEqual(len(forwarding(self.company)), 1)
        company = self.env["res.company"].create({"name": "Taobao second company"})
        receipts = forwarding(company)
        self.assertEqual(len(receipts), 1)
        self.assertTrue(receipts.warehouse_id)
        self.assertEqual(receipts.warehouse_id, company._taobao_warehouse())
        self.assertEqual(receipts.default_location_dest_id.usage, "transit")
        self.assertEqual(receipts.default_location_dest_id.company_id, company)
        company._taobao_set_up_forwarding()
        self.assertEqual(forwarding(company), receipts)

    def test_forwarding_receipts_made_without_a_warehouse_get_one_at_update(self):
        """Outside tests, Odoo gives a new company its warehouse after its creation: a first
        purchase before that makes the receipts without one, and an update completes them."""
        if not self.has_inventory:
            self.skipTest("Inventory is not installed")
        company = self.env["res.company"].create({"name": "Taobao second company"})
        receipts = self.env["res.company"]._taobao_forwarding_types(company)
        warehouse = receipts.warehouse_id
        receipts.warehouse_id = False
        self.env["res.company"]._taobao_set_up_missing_forwarding()
        self.assertEqual(receipts.warehouse_id, warehouse)

    def test_tracking_numbers_reach_the_delivery(self):
        if not self.has_inventory:
            self.skipTest("Inventory is not installed")
        order, purchase = self.purchase([(self.red, 1, 500.0)])
        self.pay(purchase, self.manager)
        self.sandbox.ship(int(purchase.taobao_purchase_ref))
        purchase._taobao_sync()
        deliveries = purchase.picking_ids | order.picking_ids.filtered(
            lambda p: p.state != "cancel"
        )
        self.assertTrue(deliveries)
        first_ref = purchase.taobao_tracking_refs.split(", ")[0]
        for delivery in deliveries:
            self.assertIn(first_ref, delivery.message_ids[0].body)
