# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def migration(version, stage):
    path = MIGRATIONS / version / f"{stage}-migration.py"
    spec = importlib.util.spec_from_file_location(f"taobao_{stage}_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    def constraints(self):
        self.env.cr.execute(
            "SELECT conname FROM pg_constraint WHERE conname IN %s",
            [("taobao_sync_request_record_uniq", "taobao_message_receipt_digest_uniq")],
        )
        return {name for (name,) in self.env.cr.fetchall()}

    def test_1_1_drops_what_messages_met_on_or_paid_for(self):
        cr = self.env.cr
        # a database installed at 18.0.1.0.0 has them
        cr.execute(
            "ALTER TABLE taobao_sync_request ADD CONSTRAINT taobao_sync_request_record_uniq "
            "UNIQUE (res_model, res_id)"
        )
        cr.execute(
            "ALTER TABLE taobao_message_receipt ADD CONSTRAINT "
            "taobao_message_receipt_digest_uniq UNIQUE (company_id, digest)"
        )
        cr.execute(
            "CREATE INDEX IF NOT EXISTS taobao_message_receipt__received_index "
            "ON taobao_message_receipt (received)"
        )
        self.assertEqual(len(self.constraints()), 2)
        migration("18.0.1.1.0", "pre").migrate(cr, "18.0.1.0.0")
        self.assertFalse(self.constraints())
        cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'taobao_message_receipt__received_index'"
        )
        self.assertFalse(cr.fetchall(), "no index entry per message for a daily clean-up")
        migration("18.0.1.1.0", "pre").migrate(cr, "18.0.1.0.0")  # twice is harmless

    def test_1_2_closes_the_sends_odoo_holds_purchases_for_and_leaves_the_others_open(self):
        Intent = self.env["taobao.purchase.intent"]
        company = self.env.company
        order = self.env["sale.order"].create({"partner_id": self.env.user.partner_id.id})
        for ref in ("MIG-BOUGHT-1", "MIG-FAILED-1"):
            Intent.create(
                {
                    "company_id": company.id,
                    "sale_order_ref": order.id,
                    "attempt": 1,
                    "third_order_ref": ref,
                    "state": "resolved",
                }
            )
        self.env["purchase.order"].sudo().create(
            {
                "partner_id": self.env.user.partner_id.id,
                "taobao_purchase_ref": "990001",
                "taobao_third_order_ref": "MIG-BOUGHT-1",
            }
        )
        self.env.flush_all()
        for _run in range(2):  # twice is harmless
            migration("18.0.1.2.0", "post").migrate(self.env.cr, "18.0.1.1.0")
            self.env.invalidate_all()
            self.assertEqual(Intent._open_refs_of(order), ["MIG-FAILED-1"])
            self.assertEqual(
                Intent.search_count(
                    [("third_order_ref", "=", "MIG-BOUGHT-1"), ("outcome", "=", "bought")]
                ),
                1,
            )

    def test_1_3_keeps_the_content_of_every_product_already_on_taobao(self):
        """18.0.1.2.0 did not record which products a person linked by hand: an import of
        their item must not overwrite any of them."""
        Template = self.env["product.template"]
        on_taobao = Template.create({"name": "Linked earlier", "taobao_item_id": "MIG-13-1"})
        plain = Template.create({"name": "Not on Taobao"})
        self.assertFalse(on_taobao.taobao_seller_content)
        self.env.flush_all()
        for _run in range(2):  # twice is harmless
            migration("18.0.1.3.0", "post").migrate(self.env.cr, "18.0.1.2.0")
            self.env.invalidate_all()
            self.assertTrue(on_taobao.taobao_seller_content)
            self.assertFalse(plain.taobao_seller_content)
        migration("18.0.1.3.0", "post").migrate(self.env.cr, None)  # a fresh install: nothing
