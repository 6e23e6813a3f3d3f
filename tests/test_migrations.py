# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from pathlib import Path

from odoo import Command
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
            "taobao_message_receipt_digest_uniq UNIQUE (company_ref, digest)"
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

    def test_1_4_keeps_each_message_s_company_without_a_foreign_key(self):
        cr = self.env.cr
        company = self.env.company
        # what 18.0.1.1.0 to 18.0.1.3.0 have: company_id, a foreign key to the company
        cr.execute("ALTER TABLE taobao_message_receipt RENAME COLUMN company_ref TO company_id")
        cr.execute(
            "ALTER TABLE taobao_message_receipt ADD CONSTRAINT "
            "taobao_message_receipt_company_id_fkey1 FOREIGN KEY (company_id) "
            "REFERENCES res_company (id) ON DELETE CASCADE"
        )
        cr.execute(
            "INSERT INTO taobao_message_receipt (company_id, digest, received, pending) "
            "VALUES (%s, 'MIG-14', now(), TRUE)",
            [company.id],
        )
        for _run in range(2):  # twice is harmless
            migration("18.0.1.4.0", "pre").migrate(cr, "18.0.1.3.0")
        cr.execute("SELECT company_ref FROM taobao_message_receipt WHERE digest = 'MIG-14'")
        self.assertEqual(cr.fetchall(), [(company.id,)])
        cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conrelid = 'taobao_message_receipt'::regclass "
            "AND contype = 'f'"
        )
        self.assertFalse(cr.fetchall(), "no foreign key left to lock the company's row")

    def test_1_4_moves_every_job_to_taobao_jobs_keeping_its_schedule(self):
        cr = self.env.cr
        # 18.0.1.1.0 to 18.0.1.3.0: the queue and the reconciliation on taobao.purchaser, the
        # synchronizations on purchase.order
        cr.execute(
            'INSERT INTO ir_model (model, name, state, transient, "order") '
            "VALUES ('taobao.purchaser', '{\"en_US\": \"Taobao Purchase Flow\"}', 'base', "
            "false, 'id') RETURNING id"
        )
        purchaser = cr.fetchone()[0]
        queue = self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue_lane_2")
        sync = self.env.ref("taobao_purchase.ir_cron_taobao_sync")
        queue.active = False
        for cron, model, code in (
            (queue, purchaser, "model._cron_purchase_queue()"),
            (
                sync,
                self.env["ir.model"]._get_id("purchase.order"),
                "model._cron_taobao_sync(limit=500)",  # a manager's argument
            ),
        ):
            cr.execute(
                "UPDATE ir_act_server SET model_id = %s, code = %s WHERE id = %s",
                [model, code, cron.ir_actions_server_id.id],
            )
        self.env.invalidate_all()
        for _run in range(2):  # twice is harmless
            migration("18.0.1.4.0", "post")._move_jobs(self.env)
            self.env.invalidate_all()
            self.assertEqual((queue + sync).model_id.mapped("model"), ["taobao.jobs"])
            self.assertEqual(sync.code, "model._cron_sync(limit=500)")
            self.assertFalse(queue.active, "an archived lane stays archived")
            sync.method_direct_trigger()  # it runs

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

    # === 18.0.1.0.0 (commit 57704f4): purchases in the addon's own model === #

    LEGACY_DDL = """
        CREATE TABLE taobao_legacy_purchase_order (
            id serial PRIMARY KEY, purchase_id varchar NOT NULL, third_order_id varchar,
            sale_order_id integer, company_id integer, supplier_nick varchar,
            source_market varchar, status varchar, currency_id integer,
            estimate_amount numeric, paid_amount numeric, payment_url varchar,
            trace_id varchar, date_order timestamp, last_sync timestamp,
            pay_requested boolean, cancel_reason varchar, create_uid integer,
            create_date timestamp, migrated_purchase_order_id integer);
        CREATE TABLE taobao_legacy_purchase_order_line (
            id serial PRIMARY KEY, purchase_order_id integer, company_id integer,
            sale_line_id integer, product_id integer, sub_purchase_order_id varchar NOT NULL,
            order_line_no varchar, item_id varchar, sku_id varchar, quantity integer,
            amount numeric, status varchar, logistic_company varchar,
            tracking_numbers varchar);
    """

    def legacy_purchase(self, sale_order_id, line=None, ref="MIG-10-1"):
        """A first-release purchase (as the pre-migration leaves it) with a note."""
        cr = self.env.cr
        cr.execute(
            """INSERT INTO taobao_legacy_purchase_order (purchase_id, third_order_id,
                   sale_order_id, company_id, supplier_nick, status, estimate_amount,
                   paid_amount, date_order, create_date)
               VALUES (%s, 'S-MIG-1', %s, %s, 'mig-shop', 'WAIT_BUYER_P', 25.0, 0,
                       '2026-11-27 09:00', '2026-11-27 09:00') RETURNING id""",
            [ref, sale_order_id, self.env.company.id],
        )
        legacy_id = cr.fetchone()[0]
        cr.execute(
            """INSERT INTO taobao_legacy_purchase_order_line (purchase_order_id, sale_line_id,
                   product_id, sub_purchase_order_id, order_line_no, quantity, amount, status,
                   tracking_numbers)
               VALUES (%s, %s, %s, %s, %s, 2, 20.0, 'WAIT_BUYER_P', 'ZT1, ZT2')""",
            [
                legacy_id,
                line.id if line else None,
                line.product_id.id if line else None,
                f"{ref}-SUB",
                str(line.id) if line else "",
            ],
        )
        cr.execute(
            """INSERT INTO mail_message (model, res_id, message_type, body, date)
               VALUES ('taobao.purchase.order', %s, 'comment', '<p>legacy note</p>', now())
               RETURNING id""",
            [legacy_id],
        )
        return legacy_id, cr.fetchone()[0]

    def test_1_1_makes_each_first_release_purchase_a_purchase_order_once(self):
        self.env.ref("base.CNY").active = True
        product = self.env["product.product"].create(
            {"name": "Bought in 18.0.1.0.0", "type": "consu", "taobao_item_id": "MIG-10"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env.user.partner_id.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
            }
        )
        self.env.flush_all()
        self.env.cr.execute(self.LEGACY_DDL)
        legacy_id, message_id = self.legacy_purchase(order.id, order.order_line)
        post = migration("18.0.1.1.0", "post")
        Purchase = self.env["purchase.order"]
        for _run in range(2):  # twice is harmless
            post.migrate(self.env.cr, "18.0.1.0.0")
            self.env.invalidate_all()
            purchase = Purchase.search([("taobao_purchase_ref", "=", "MIG-10-1")])
            self.assertEqual(len(purchase), 1)
        self.assertEqual(purchase.taobao_sale_order_id, order)
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.taobao_status, "WAIT_BUYER_P")
        self.assertEqual(purchase.currency_id, self.env.ref("base.CNY"))
        self.assertTrue(purchase.partner_id._taobao_is_shop())
        bought = purchase.order_line.filtered("taobao_sub_order_ref")
        self.assertEqual(bought.sale_line_id, order.order_line)
        self.assertEqual(bought.taobao_tracking_refs, "ZT1, ZT2")
        self.assertEqual(purchase.amount_untaxed, 25.0, "the 5 yuan above the lines: shipping")
        self.assertFalse(purchase.invoice_ids, "an unpaid purchase gets no bill")
        message = self.env["mail.message"].browse(message_id)
        self.assertEqual((message.model, message.res_id), ("purchase.order", purchase.id))
        self.assertEqual(order.taobao_state, "to_pay")
        self.assertFalse(order._taobao_lines_to_purchase(), "nothing is bought again")
        self.env.cr.execute(
            "SELECT migrated_purchase_order_id FROM taobao_legacy_purchase_order WHERE id = %s",
            [legacy_id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], purchase.id)

    def test_1_1_refuses_a_first_release_purchase_it_cannot_convert(self):
        self.env.cr.execute(self.LEGACY_DDL)
        legacy_id, _message = self.legacy_purchase(2**31 - 1)  # its sale order is gone
        post = migration("18.0.1.1.0", "post")
        with self.assertRaisesRegex(Exception, f"#{legacy_id} .*sale order no longer exists"):
            post.migrate(self.env.cr, "18.0.1.0.0")

    def test_1_1_is_a_no_op_without_first_release_purchases(self):
        crons = self.env["ir.cron"].search([]).read(["model_id", "code"])
        count = self.env["purchase.order"].search_count([])
        migration("18.0.1.1.0", "post").migrate(self.env.cr, "18.0.1.0.0")
        migration("18.0.1.1.0", "post").migrate(self.env.cr, None)
        self.assertEqual(self.env["purchase.order"].search_count([]), count)
        self.assertEqual(self.env["ir.cron"].search([]).read(["model_id", "code"]), crons)

    def test_1_1_makes_no_dajisaas_call(self):
        post = migration("18.0.1.1.0", "post")
        with post.no_dajisaas(self.env), self.assertRaises(post.LegacyPurchaseRefused):
            self.env.company._taobao_client()
