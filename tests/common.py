# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import os
import uuid
from unittest.mock import patch
from urllib.parse import urlsplit

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.service import server as odoo_server
from odoo.tests.common import TransactionCase, _super_send

from odoo.addons.taobao_purchase.dajisaas.image_download import ImageRefused
from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    SandboxServer,
)

CREATE_PATH = "/taobao/purchase/order/create"


def environment(registry, cr):
    """A superuser environment on ``cr``, a cursor of ``registry``, made without looking the
    registry up again: Odoo's own test runner holds the registry lock while tests run, so a
    thread asking for it (``Registry(dbname)``) would wait forever."""
    if cr.transaction is None:
        cr.transaction = Transaction(registry)
    return api.Environment(cr, SUPERUSER_ID, {})


def ensure_http_server(test_class):
    """Serve HTTP for ``test_class``: odoo-bin --test-enable does, a pytest-odoo run not."""
    server = odoo_server.server
    if getattr(server, "httpd", None):
        return
    server.interface, server.port = "127.0.0.1", 0
    server.http_spawn()

    def stop_http_server():
        server.httpd.shutdown()
        server.httpd.server_close()
        server.httpd = None

    test_class.addClassCleanup(stop_http_server)


def report_attacks(name, tried, got_through):
    """Add a matrix's count to the file ``tools/test`` sums ("N attacks tried, 0 got
    through"), when it names one (``TAOBAO_ATTACK_REPORT``)."""
    path = os.environ.get("TAOBAO_ATTACK_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as report:
            report.write(json.dumps({"matrix": name, "tried": tried, "through": got_through}))
            report.write("\n")


def refuse_image_download(url):
    raise ImageRefused("disabled_in_tests", url)


class LoopbackRequestsMixin:
    """Let requests to the sandbox on loopback through with their own timeouts."""

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        # Odoo's test framework stretches short timeouts to 10 s; the timeout tests need
        # the timeouts as configured.
        if urlsplit(request.url).hostname in ("127.0.0.1", "localhost"):
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)


class TaobaoSandboxCase(LoopbackRequestsMixin, TransactionCase):
    """Tests against the project's DajiSaaS sandbox, a real HTTP server on loopback.

    One sandbox per test class; its orders and faults are reset before every test.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # pictures would come from Taobao's CDN: tests download none (see test_image_download)
        cls.startClassPatcher(
            patch.object(
                type(cls.env["taobao.product.importer"]),
                "_image_downloader",
                return_value=refuse_image_download,
            )
        )
        cls.sandbox = SandboxServer(app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET)
        cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.company = cls.env.company
        cls.configure_company(cls.company)

    @classmethod
    def configure_company(cls, company):
        company.write(
            {
                "taobao_environment": "sandbox",
                "taobao_api_url": cls.sandbox.url,
                "taobao_app_key": DEFAULT_APP_KEY,
                "taobao_app_secret": DEFAULT_APP_SECRET,
                "taobao_signing_mode": "signed",
            }
        )

    def setUp(self):
        super().setUp()
        self.sandbox.reset()

    def committed_api_logs(self, domain):
        """API logs as another transaction sees them: they are committed on their own."""
        with self.registry.cursor() as cr:
            env = environment(self.registry, cr)
            logs = env["taobao.api.log"].search(domain, order="id desc")
            return logs.read(
                [
                    "endpoint",
                    "res_model",
                    "res_id",
                    "state",
                    "trace_id",
                    "error",
                    "request_body",
                    "response_body",
                    "url",
                ]
            )


class TaobaoPurchaseCase(TaobaoSandboxCase):
    """Sale orders of Taobao products, a China warehouse and a CNY rate, on the sandbox."""

    def receive_message(self, message):
        """Record a verified DajiSaaS message, as the message route does."""
        digest = uuid.uuid4().hex
        return self.env["taobao.message.receipt"]._receive(self.company, digest, message)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.env["res.currency.rate"].search([("currency_id", "=", cny.id)]).unlink()
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cny.id,
                "rate": 7.0,
                "company_id": cls.company.id,
                "name": "2020-01-01",
            }
        )
        cls.warehouse = cls.env["res.partner"].create(
            {
                "name": "深圳转运仓",
                "country_id": cls.env.ref("base.cn").id,
                "state_id": cls.env.ref("base.state_cn_GD").id,
                "city": "深圳市",
                "street": "福永街道 凤凰工业区 3栋",
                "street2": "宝安区",
                "zip": "518103",
                "phone": "0755-88880000",
                "mobile": "13800138000",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Camille Martin",
                "country_id": cls.env.ref("base.fr").id,
                "city": "Lyon",
                "street": "12 rue de la République",
                "zip": "69002",
                "phone": "+33 4 00 00 00 00",
            }
        )
        cls.company.write(
            {
                "taobao_warehouse_partner_id": cls.warehouse.id,
                "taobao_min_margin": 10.0,
                "taobao_preview_before_purchase": True,
                "taobao_auto_purchase": False,
                "taobao_ship_to": "warehouse",
            }
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Gift wrapping", "type": "service", "list_price": 5.0}
        )

    @classmethod
    def make_taobao_products(cls, item, skus=None, with_mp_ids=True):
        """Odoo variants for a sandbox catalog item, one per SKU (in the order given)."""
        skus = skus if skus is not None else item.skus_in_stock[:1]
        values = {
            "name": item.title,
            "type": "consu",
            "list_price": 100.0,
            "taobao_item_id": str(item.item_id),
            "taobao_mp_id": item.mp_id if with_mp_ids else False,
            "taobao_shop_name": item.shop_name,
        }
        if not skus:
            template = cls.env["product.template"].create(values)
            template.product_variant_id.taobao_price_fen = item.price
            return template.product_variant_id
        attribute = cls.env["product.attribute"].create(
            {
                "name": f"SKU of {item.item_id}",
                "value_ids": [Command.create({"name": str(sku.sku_id)}) for sku in skus],
            }
        )
        values["attribute_line_ids"] = [
            Command.create(
                {
                    "attribute_id": attribute.id,
                    "value_ids": [Command.set(attribute.value_ids.ids)],
                }
            )
        ]
        template = cls.env["product.template"].create(values)
        variants = cls.env["product.product"]
        for sku in skus:
            variant = template.product_variant_ids.filtered(
                lambda v, s=sku: v.product_template_attribute_value_ids.name == str(s.sku_id)
            )
            variant.write(
                {
                    "taobao_sku_id": str(sku.sku_id),
                    "taobao_mp_sku_id": str(sku.mp_sku_id) if with_mp_ids else False,
                    "taobao_price_fen": sku.price,
                }
            )
            variants |= variant
        return variants

    def make_order(self, lines, confirm=True, partner=None):
        """A sale order with ``lines`` = [(product, quantity, unit price)]."""
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": q, "price_unit": price})
                    for p, q, price in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def confirm_cancel_wizard(self, action, user, reason):
        """Fill in and confirm, as ``user``, the Cancel on Taobao wizard ``action`` opened."""
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        return wizard.action_confirm()

    def pay(self, records, user):
        """Pay as ``user`` through the confirmation Odoo shows (sale or purchase orders)."""
        action = records.with_user(user).action_taobao_pay()
        wizard = self.env[action["res_model"]].with_user(user).browse(action["res_id"])
        return wizard.action_confirm()

    def item_of_shop(self, exclude_shops=(), **criteria):
        return self.sandbox.catalog.find(exclude_shops=exclude_shops, **criteria)


class TaobaoRecoveryCase(TaobaoPurchaseCase):
    """Two variants of one item, bought without a preview; orders whose answer was lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item = cls.sandbox.catalog.find(min_skus=3, max_skus=20)
        cls.red, cls.blue = cls.make_taobao_products(cls.item, cls.item.skus_in_stock[:2])
        cls.company.taobao_preview_before_purchase = False
        cls.jobs = cls.env["taobao.jobs"]

    def unknown_order(self, bought=True, lines=None):
        """A confirmed order whose create went out (``bought``: and went through at
        DajiSaaS) and whose answer was lost."""
        self.company.taobao_timeout = 0.5
        order = self.make_order(lines or [(self.red, 1, 500.0)])
        if bought:
            self.sandbox.faults.inject(CREATE_PATH, "timeout_after_commit", seconds=2.0)
        else:
            self.sandbox.faults.inject(CREATE_PATH, "http_502")
        order.action_taobao_purchase()
        self.assertEqual(order.taobao_attempt_state, "unknown")
        self.company.taobao_timeout = 30
        return order
