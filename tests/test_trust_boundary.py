# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Only the flow writes purchase state, only the right people change money.

The findings of the outside security review, each replayed as RPC would call it, then the
attack matrix: every public method of the addon x every role x another company, and every
field that decides what a Taobao purchase costs x every way to write it. The matrices are
generated from the models, so that a new method or field is attacked without anyone
remembering to add it.
"""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.taobao_purchase.dajisaas import DajisaasClient
from odoo.addons.taobao_purchase.models.taobao_access import (
    PURCHASE_LINE_PROTECTED,
    PURCHASE_ORDER_PROTECTED,
)

from .common import TaobaoPurchaseCase, report_attacks

ADDON_MODULE = "odoo.addons.taobao_purchase"
USER, MANAGER, OPEN = "Taobao user", "Taobao manager", "open"

# Who may run each public method of the addon on a record of their company. OPEN: Odoo's
# own action that the addon extends, open to whoever Odoo lets run it; the addon's part is
# checked inside. A public method missing here fails test_every_public_method_is_classified.
REQUIRED = {
    ("product.product", "action_taobao_find_by_picture"): USER,
    ("product.product", "action_taobao_link"): USER,
    ("product.template", "action_taobao_find_by_picture"): USER,
    ("product.template", "action_taobao_find_matches"): USER,
    ("product.template", "action_taobao_link"): USER,
    ("product.template", "action_taobao_refresh"): USER,
    ("purchase.order", "action_taobao_open_cancel_wizard"): MANAGER,
    ("purchase.order", "action_taobao_pay"): MANAGER,
    ("purchase.order", "action_taobao_pay_again"): MANAGER,
    ("purchase.order", "action_taobao_refund_reviewed"): MANAGER,
    ("purchase.order", "action_taobao_sync"): USER,
    ("purchase.order", "button_cancel"): OPEN,
    ("res.config.settings", "action_taobao_test_connection"): MANAGER,
    ("sale.order", "action_cancel"): OPEN,
    ("sale.order", "action_taobao_cancel"): MANAGER,
    ("sale.order", "action_taobao_nothing_bought"): MANAGER,
    ("sale.order", "action_taobao_open_preview"): USER,
    ("sale.order", "action_taobao_pay"): MANAGER,
    ("sale.order", "action_taobao_purchase"): USER,
    ("sale.order", "action_taobao_purchase_force"): MANAGER,
    ("sale.order", "action_taobao_review_done"): MANAGER,
    ("sale.order", "action_taobao_sync"): USER,
    ("sale.order", "action_view_taobao_purchases"): OPEN,
    ("taobao.attempt.release.wizard", "action_attach"): MANAGER,
    ("taobao.attempt.release.wizard", "action_confirm"): MANAGER,
    ("taobao.connection.report", "action_save"): MANAGER,
    ("taobao.picture.candidate", "action_link"): USER,
    ("taobao.picture.match", "action_search_again"): USER,
    ("taobao.picture.match", "action_skip"): USER,
    ("taobao.product.detail.sku", "action_add_to_order"): USER,
    ("taobao.product.detail.wizard", "action_add_quantities"): USER,
    ("taobao.product.detail.wizard", "action_add_to_order"): USER,
    ("taobao.product.detail.wizard", "action_back"): USER,
    ("taobao.product.detail.wizard", "action_clear_filter"): USER,
    ("taobao.product.detail.wizard", "action_filter"): USER,
    ("taobao.product.detail.wizard", "action_import"): USER,
    ("taobao.product.detail.wizard", "action_open_product"): USER,
    ("taobao.product.link.wizard", "action_find_by_picture"): USER,
    ("taobao.product.link.wizard", "action_link"): USER,
    ("taobao.product.link.wizard", "action_look_up"): USER,
    ("taobao.product.link.wizard", "action_look_up_again"): USER,
    ("taobao.product.search.result", "action_import"): USER,
    ("taobao.product.search.result", "action_link"): USER,
    ("taobao.product.search.result", "action_open_detail"): USER,
    ("taobao.product.search.wizard", "action_next_page"): USER,
    ("taobao.product.search.wizard", "action_previous_page"): USER,
    ("taobao.product.search.wizard", "action_search"): USER,
    ("taobao.purchase.cancel.wizard", "action_confirm"): MANAGER,
    ("taobao.purchase.pay.wizard", "action_confirm"): MANAGER,
    ("taobao.purchase.preview.line", "action_accept_price"): USER,
    ("taobao.purchase.preview.line", "action_cap_to_stock"): USER,
    ("taobao.purchase.preview.wizard", "action_purchase"): USER,
    ("taobao.purchase.preview.wizard", "action_purchase_anyway"): MANAGER,
    ("taobao.sale.cancel.wizard", "action_cancel_on_taobao"): OPEN,
    ("taobao.sale.cancel.wizard", "action_keep_purchases"): OPEN,
}
# ORM overrides and hooks, attacked by the field matrices, not as actions
NOT_ACTIONS = {"create", "write", "unlink", "init", "cache_invalidation_fields"}


def addon_public_methods(env):
    """(model, method) of every public method the addon defines or overrides."""
    found = set()
    for model_name in env.registry:
        cls = env.registry[model_name]
        for name in dir(cls):
            if name.startswith("_") or name in NOT_ACTIONS:
                continue
            if not callable(getattr(cls, name, None)):
                continue
            if any(
                name in vars(klass) and klass.__module__.startswith(ADDON_MODULE)
                for klass in cls.__mro__
            ):
                found.add((model_name, name))
    return found


@tagged("post_install", "-at_install")
class TestTrustBoundary(TaobaoPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        catalog = cls.sandbox.catalog
        cls.item = catalog.find(min_skus=3, max_skus=20)
        template = cls.env["taobao.product.importer"]._import_item(cls.item.item_id).template
        cls.template = template
        cls.red, cls.blue = template.product_variant_ids.filtered("taobao_mp_sku_id")[:2]
        cls.has_inventory = "stock.picking" in cls.env
        groups = {
            "salesperson": "sales_team.group_sale_salesman",
            "purchase user": "purchase.group_purchase_user",
            "invoicing": "account.group_account_invoice",
            "Taobao user": "taobao_purchase.group_taobao_user",
        }
        if cls.has_inventory:
            groups["inventory"] = "stock.group_stock_user"
        cls.roles = {
            role: new_test_user(cls.env, login=f"tb_trust_{role.replace(' ', '_')}", groups=group)
            for role, group in groups.items()
        }
        cls.manager = new_test_user(
            cls.env,
            login="tb_trust_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager,"
            "purchase.group_purchase_manager",
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Trust Co"})
        cls.configure_company(cls.other_company)
        cls.roles["another company's Taobao manager"] = new_test_user(
            cls.env,
            login="tb_trust_other_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager,"
            "purchase.group_purchase_manager,base.group_system",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def bought(self, lines=None):
        order = self.make_order(lines or [(self.red, 2, 500.0)])
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_state, "to_pay")
        return order, order.taobao_purchase_ids

    def sandbox_amount(self, purchase):
        purchase_id = int(purchase.taobao_purchase_ref)
        order = next(o for o in self.sandbox.orders if o.purchase_id == purchase_id)
        return order.purchase_amount / 100

    def no_api(self):
        def refuse(*_args, **_kwargs):
            raise AssertionError("DajiSaaS must not be called")

        return patch.object(DajisaasClient, "_call", side_effect=refuse)

    # --- 4: what a Taobao purchase costs is DajiSaaS's --------------------------------------

    def test_a_purchase_user_cannot_change_what_a_taobao_purchase_costs(self):
        _order, purchase = self.bought()
        buyer = self.roles["purchase user"]
        line = purchase.order_line.filtered("taobao_sub_order_ref")[:1].with_user(buyer)
        tax = self.env["account.tax"].create(
            {"name": "Trust 13 %", "amount": 13, "type_tax_use": "purchase"}
        )
        for values in ({"discount": 100}, {"taxes_id": [Command.set(tax.ids)]}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                line.write(values)
            with self.subTest(values=values, path="web_save"), self.assertRaises(AccessError):
                purchase.with_user(buyer).web_save(
                    {"order_line": [Command.update(line.id, values)]}, {}
                )
        position = self.env["account.fiscal.position"].create({"name": "Trust position"})
        with self.assertRaises(AccessError):
            purchase.with_user(buyer).write({"fiscal_position_id": position.id})
        # the Pay dialog shows what DajiSaaS charges
        action = purchase.with_user(self.manager).action_taobao_pay()
        wizard = self.env[action["res_model"]].with_user(self.manager).browse(action["res_id"])
        self.assertAlmostEqual(wizard.amount_total, self.sandbox_amount(purchase))

    def test_every_field_that_decides_the_bill_is_refused_by_every_path(self):
        _order, purchase = self.bought()
        self.purchase = purchase
        tax = self.env["account.tax"].create(
            {"name": "Trust 9 %", "amount": 9, "type_tax_use": "purchase"}
        )
        other = self.env["purchase.order"].create({"partner_id": self.customer.id})
        line_values = {
            "sale_line_id": False,
            "product_id": self.blue.id,
            "product_qty": 99,
            "product_uom": self.env.ref("uom.product_uom_dozen").id,
            "price_unit": 0.01,
            "discount": 100,
            "taxes_id": [Command.set(tax.ids)],
            "order_id": other.id,
        }
        order_values = {
            "partner_id": self.customer.id,
            "currency_id": self.env.ref("base.EUR").id,
            "company_id": self.other_company.id,
            "fiscal_position_id": self.env["account.fiscal.position"]
            .create({"name": "Trust position 2"})
            .id,
        }
        self.assertEqual(set(line_values), PURCHASE_LINE_PROTECTED)
        self.assertEqual(set(order_values), PURCHASE_ORDER_PROTECTED)
        users = [self.roles["purchase user"], self.manager]
        line = purchase.order_line.filtered("taobao_sub_order_ref")[:1]
        tried, through = 0, []
        for user in users:
            for field, value in line_values.items():
                for path, store in (
                    ("write", lambda u=user, f=field, v=value: line.with_user(u).write({f: v})),
                    (
                        "web_save of the order",
                        lambda u=user, f=field, v=value: purchase.with_user(u).web_save(
                            {"order_line": [Command.update(line.id, {f: v})]}, {}
                        ),
                    ),
                    (
                        "a new line",
                        lambda u=user, f=field, v=value: purchase.with_user(u).write(
                            {"order_line": [Command.create({"name": "x", f: v})]}
                        ),
                    ),
                ):
                    tried += 1
                    through += self._stored(user, f"line {field}", path, store)
            for field, value in order_values.items():
                for path, store in (
                    ("write", lambda u=user, f=field, v=value: self.write_order(u, {f: v})),
                    ("web_save", lambda u=user, f=field, v=value: self.save_order(u, {f: v})),
                ):
                    tried += 1
                    through += self._stored(user, f"order {field}", path, store)
        report_attacks("Taobao purchase money fields x write paths x users", tried, len(through))
        self.assertEqual(through, [])

    def write_order(self, user, values):
        self.purchase.with_user(user).write(values)

    def save_order(self, user, values):
        self.purchase.with_user(user).web_save(values, {})

    def _stored(self, user, field, path, store):
        """``[]`` when ``store`` is refused, else what got through."""
        try:
            with self.env.cr.savepoint():
                store()
        except AccessError:
            return []
        return [f"{user.login} wrote {field} of a Taobao purchase by {path}"]

    # --- 5, 6: record rules only add visibility ---------------------------------------------

    def test_taobao_users_read_only_taobao_purchases_in_purchase_analysis(self):
        self.bought()
        vendor = self.env["res.partner"].create({"name": "Local supplier"})
        local = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [Command.create({"product_id": self.red.id, "product_qty": 3})],
            }
        )
        local.button_confirm()
        self.env.flush_all()
        Report = self.env["purchase.report"]
        rows = Report.with_user(self.roles["Taobao user"]).search_read([], ["is_taobao"])
        self.assertTrue(rows)
        self.assertTrue(all(row["is_taobao"] for row in rows))
        buyer_rows = Report.with_user(self.roles["purchase user"]).search([])
        self.assertIn(False, buyer_rows.mapped("is_taobao"), "purchase users see every one")

    def test_the_addon_only_adds_visibility(self):
        """Every group another app gives read access to purchase orders, with no record rule
        of its own, sees as many with the addon's groups added as without them."""
        self.bought()
        vendor = self.env["res.partner"].create({"name": "Local supplier 2"})
        self.env["purchase.order"].create({"partner_id": vendor.id})
        added = ("sales_team.group_sale_salesman", "taobao_purchase.group_taobao_user")
        tried, hidden = 0, []
        for model in ("purchase.order", "purchase.order.line"):
            for group in self.groups_seeing_all(model):
                user = new_test_user(
                    self.env, login=f"tb_vis_{model}_{group.id}", groups="base.group_user"
                )
                user.groups_id |= group
                seen = self.env[model].with_user(user).search_count([])
                for extra in added:
                    tried += 1
                    user.groups_id |= self.env.ref(extra)
                    now = self.env[model].with_user(user).search_count([])
                    if now < seen:
                        hidden.append(f"{extra} hid {seen - now} {model} from {group.full_name}")
        report_attacks("groups x the addon's groups (visibility lost)", tried, len(hidden))
        self.assertGreaterEqual(tried, 8)
        self.assertEqual(hidden, [])

    def groups_seeing_all(self, model):
        """The internal groups another app lets read every record of ``model``: an access
        right of theirs, and no record rule of theirs."""

        def foreign(records):
            ids = records.get_external_id()
            return records.filtered(lambda r: not ids[r.id].startswith("taobao_purchase."))

        accesses = foreign(
            self.env["ir.model.access"]
            .sudo()
            .search([("model_id.model", "=", model), ("perm_read", "=", True)])
        )
        ruled = foreign(self.env["ir.rule"].sudo().search([("model_id.model", "=", model)]))
        groups = accesses.group_id.filtered(
            lambda group: not group.share and group not in ruled.groups
        )
        self.assertIn(self.env.ref("account.group_account_invoice"), groups)
        return groups

    # --- 7: no context key from the client is an authority ------------------------------

    def test_a_context_key_does_not_cancel_an_open_taobao_purchase_in_odoo_only(self):
        _order, purchase = self.bought()
        buyer = self.roles["purchase user"]
        with self.assertRaises(AccessError):
            purchase.with_user(buyer).with_context(taobao_closed_by_dajisaas=True).button_cancel()
        self.assertEqual(purchase.state, "purchase")
        action = (
            purchase.with_user(self.manager)
            .with_context(taobao_closed_by_dajisaas=True)
            .button_cancel()
        )
        self.assertEqual(action["res_model"], "taobao.purchase.cancel.wizard")
        self.assertEqual(purchase.state, "purchase")
        with self.assertRaises(AccessError):
            purchase.with_user(buyer).write({"state": "cancel"})

    def test_a_taobao_manager_changes_no_other_purchase_order(self):
        """Read access from Inventory or read-only Accounting is not a right to change."""
        vendor = self.env["res.partner"].create({"name": "Local supplier 3"})
        local = self.env["purchase.order"].create({"partner_id": vendor.id})
        auditor = new_test_user(
            self.env,
            login="tb_trust_auditor",
            groups="taobao_purchase.group_taobao_manager,account.group_account_readonly",
        )
        self.assertTrue(local.with_user(auditor).read(["name"]))
        with self.assertRaises(AccessError):
            local.with_user(auditor).write({"notes": "changed"})

    def test_a_context_key_does_not_skip_the_sale_order_cancel_dialog(self):
        order, _purchase = self.bought()
        salesperson = self.roles["salesperson"]
        order.user_id = salesperson
        mine = order.with_user(salesperson)
        action = mine.with_context(taobao_cancel_confirmed=True).action_cancel()
        self.assertEqual(action["res_model"], "taobao.sale.cancel.wizard")
        self.assertEqual(order.state, "sale")
        Wizard = self.env["taobao.sale.cancel.wizard"].with_user(salesperson)
        with self.assertRaises(AccessError):
            Wizard.create({"sale_order_ids": order.ids, "decided": True})
        undecided = Wizard.create({"sale_order_ids": order.ids})
        for forged in (undecided.id, str(undecided.id), [undecided.id], True):
            action = mine.with_context(taobao_cancel_wizard_id=forged).action_cancel()
            self.assertEqual(action["res_model"], "taobao.sale.cancel.wizard", forged)
        # another person's decision is not this one's
        decided = self.env["taobao.sale.cancel.wizard"].create({"sale_order_ids": order.ids})
        decided.decided = True
        action = mine.with_context(taobao_cancel_wizard_id=decided.id).action_cancel()
        self.assertEqual(action["res_model"], "taobao.sale.cancel.wizard")
        self.assertEqual(order.state, "sale")
        # the dialog itself still cancels
        self.env[action["res_model"]].with_user(salesperson).browse(
            action["res_id"]
        ).action_keep_purchases()
        self.assertEqual(order.state, "cancel")

    def test_a_cancelled_purchase_is_never_paid(self):
        _order, purchase = self.bought()
        purchase.sudo().write({"state": "cancel"})
        with self.assertRaises(UserError):
            purchase.with_user(self.manager)._taobao_pay()

    def test_a_bill_made_early_leaves_the_rest_to_the_automatic_bill(self):
        _order, purchase = self.bought([(self.red, 3, 500.0)])
        line = purchase.order_line.filtered("taobao_sub_order_ref")
        early = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": purchase.partner_id.id,
                "currency_id": purchase.currency_id.id,
                "invoice_line_ids": [
                    Command.create(dict(line._prepare_account_move_line(), quantity=1))
                ],
            }
        )
        self.assertEqual(line.qty_invoiced, 1)
        self.pay(purchase, self.manager)
        self.assertIn(early, purchase.invoice_ids)
        self.assertEqual(len(purchase.invoice_ids), 2)
        for po_line in purchase.order_line.filtered(lambda pl: not pl.display_type):
            self.assertEqual(po_line.qty_invoiced, po_line.product_qty, po_line.name)

    # --- 9: a dialog is its creator's ---------------------------------------------------

    def test_another_users_dialog_can_be_neither_read_nor_run(self):
        order, purchase = self.bought()
        taobao_user = self.roles["Taobao user"]
        other_user = new_test_user(
            self.env, login="tb_trust_user2", groups="taobao_purchase.group_taobao_user"
        )
        wizard = (
            self.env["taobao.purchase.preview.wizard"]
            .with_user(taobao_user)
            .create({"sale_order_id": order.id})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(other_user).read(["sale_order_id"])
        with self.assertRaises(AccessError), self.no_api():
            wizard.with_user(other_user).action_purchase()
        pay = (
            self.env["taobao.purchase.pay.wizard"]
            .with_user(self.manager)
            .create({"purchase_order_ids": purchase.ids})
        )
        other_manager = new_test_user(
            self.env, login="tb_trust_manager2", groups="taobao_purchase.group_taobao_manager"
        )
        with self.assertRaises(AccessError), self.no_api():
            pay.with_user(other_manager).action_confirm()

    def test_a_dialog_on_a_purchase_its_user_cannot_see_refuses_instead_of_saying_done(self):
        _order, purchase = self.bought()
        outsider = self.roles["another company's Taobao manager"]
        wizard = (
            self.env["taobao.purchase.cancel.wizard"]
            .with_user(outsider)
            .create({"purchase_order_ids": purchase.ids, "reason": "not mine"})
        )
        with self.assertRaises(AccessError), self.no_api():
            wizard.action_confirm()
        self.assertEqual(purchase.taobao_status, "BULIDING")

    # --- 10: an import never overwrites a product a person linked ------------------------

    def test_importing_a_linked_product_proposes_instead_of_overwriting(self):
        template = self.env["product.template"].create(
            {"name": "Our own linen shirt", "list_price": 59.0, "description": "Ours"}
        )
        action = template.action_taobao_link()
        link = self.env[action["res_model"]].browse(action["res_id"])
        other = self.sandbox.catalog.find(min_skus=0, max_skus=1)
        link.item_ref = str(other.item_id)
        link.action_look_up()
        link.action_link()
        self.assertTrue(template.taobao_seller_content)
        self.env["taobao.product.importer"].with_user(self.roles["Taobao user"])._import_item(
            other.item_id
        )
        self.assertEqual(template.name, "Our own linen shirt")
        self.assertEqual(template.list_price, 59.0)
        self.assertEqual(str(template.description), "<p>Ours</p>")
        note = template.message_ids[:1]
        self.assertIn(other.title[:10], note.body)

    # --- the matrix: every public method x every role x another company ------------------

    def test_every_public_method_is_classified(self):
        missing = addon_public_methods(self.env) - set(REQUIRED)
        self.assertFalse(missing, "classify these public methods in REQUIRED")

    def targets(self):
        """A record for every public method to be called on, made by an administrator."""
        order, purchase = self.bought()
        Env = self.env
        search = Env["taobao.product.search.wizard"].create({"keyword": "shirt"})
        detail = Env["taobao.product.detail.wizard"].create({"item_id": str(self.item.item_id)})
        preview = Env["taobao.purchase.preview.wizard"].create({"sale_order_id": order.id})
        match = Env["taobao.picture.match"].create(
            {"product_tmpl_id": self.template.id, "company_id": self.company.id}
        )
        return {
            "taobao.picture.match": match,
            "taobao.picture.candidate": Env["taobao.picture.candidate"].create(
                {"match_id": match.id, "rank": 1, "item_id": str(self.item.item_id)}
            ),
            "sale.order": order,
            "purchase.order": purchase,
            "product.template": self.template,
            "product.product": self.red,
            "res.config.settings": Env["res.config.settings"].create({}),
            "taobao.attempt.release.wizard": Env["taobao.attempt.release.wizard"].create(
                {"sale_order_id": order.id}
            ),
            "taobao.connection.report": Env["taobao.connection.report"].create(
                {"company_id": self.company.id}
            ),
            "taobao.product.detail.wizard": detail,
            "taobao.product.detail.sku": Env["taobao.product.detail.sku"].create(
                {"wizard_id": detail.id, "sku_id": str(self.item.skus[0].sku_id)}
            ),
            "taobao.product.link.wizard": Env["taobao.product.link.wizard"].create(
                {"product_tmpl_id": self.template.id}
            ),
            "taobao.product.search.wizard": search,
            "taobao.product.search.result": Env["taobao.product.search.result"].create(
                {"wizard_id": search.id, "item_id": str(self.item.item_id)}
            ),
            "taobao.purchase.cancel.wizard": Env["taobao.purchase.cancel.wizard"].create(
                {"purchase_order_ids": purchase.ids, "reason": "attack"}
            ),
            "taobao.purchase.pay.wizard": Env["taobao.purchase.pay.wizard"].create(
                {"purchase_order_ids": purchase.ids}
            ),
            "taobao.purchase.preview.wizard": preview,
            "taobao.purchase.preview.line": Env["taobao.purchase.preview.line"].create(
                {
                    "wizard_id": preview.id,
                    "sale_line_id": order.order_line[:1].id,
                    "product_id": order.order_line[:1].product_id.id,
                    "quantity": 5,
                    "stock": 2,
                    "known_price": 10.0,
                    "current_price": 12.0,
                    "today_known": True,
                }
            ),
            "taobao.sale.cancel.wizard": Env["taobao.sale.cancel.wizard"].create(
                {"sale_order_ids": order.ids}
            ),
        }

    def test_no_role_runs_a_method_it_may_not(self):
        targets = self.targets()
        may = {
            USER: {"Taobao user"},
            MANAGER: set(),
            OPEN: set(self.roles) - {"another company's Taobao manager"},
        }
        calls = []

        def counted(client, *args, **kwargs):
            calls.append(args[:2])
            raise AssertionError("DajiSaaS must not be called")

        tried, through = 0, []
        for (model, method), level in sorted(REQUIRED.items()):
            for role, user in self.roles.items():
                if role in may[level]:
                    continue
                record = targets[model].with_user(user).with_company(user.company_id)
                tried += 1
                del calls[:]
                outcome = "ran"
                try:
                    with (
                        self.env.cr.savepoint(),
                        patch.object(DajisaasClient, "_call", autospec=True, side_effect=counted),
                    ):
                        getattr(record, method)()
                except AccessError:
                    outcome = "refused"
                except Exception as error:
                    outcome = f"{type(error).__name__}: {error}"
                if outcome != "refused" or calls:
                    through.append(f"{role} -> {model}.{method}: {outcome}, {len(calls)} calls")
        report_attacks("public methods x roles and companies", tried, len(through))
        self.assertGreater(tried, 150)
        self.assertEqual(through, [])
