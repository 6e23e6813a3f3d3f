# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import socket
from types import SimpleNamespace
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.modules.neutralize import get_neutralization_queries
from odoo.tests import Form, new_test_user, tagged

from ..dajisaas import DajisaasClient
from ..models.sale_order_taobao_purchase import THIRD_ORDER_KEY_PARAM
from .common import TaobaoSandboxCase

SECRET = "sandbox-app-secret"
PROTOCOL_FIELDS = (
    "taobao_get_signing",
    "taobao_post_signing",
    "taobao_order_query",
    "taobao_order_query_page_size",
    "taobao_message_signature",
    "taobao_picture_search",
)
"""The DajiSaaS protocol variants: technical, under Advanced, for developer mode only."""
EVERYDAY_FIELDS = (
    "taobao_environment",
    "taobao_app_key",
    "taobao_app_secret_input",
    "taobao_signing_mode",
    "taobao_partial_success",
    "taobao_warehouse_partner_id",
    "taobao_ship_to",
    "taobao_preview_before_purchase",
    "taobao_min_margin",
    "taobao_amount_ceiling",
    "taobao_auto_purchase",
    "taobao_bill_policy",
)


@tagged("post_install", "-at_install")
class TestTaobaoSettings(TaobaoSandboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Taobao Second Company"})
        cls.salesman = new_test_user(
            cls.env, login="tb_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.taobao_user = new_test_user(
            cls.env, login="tb_user", groups="taobao_purchase.group_taobao_user"
        )
        cls.taobao_manager = new_test_user(
            cls.env,
            login="tb_manager",
            groups="taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )

    def _settings(self, company):
        return self.env["res.config.settings"].with_company(company).create({})

    def test_settings_persist_per_company(self):
        settings = self._settings(self.other_company)
        settings.write(
            {
                "taobao_app_key": "key-of-second-company",
                "taobao_order_source": "shopee",
                "taobao_auto_purchase": True,
                "taobao_signing_mode": "debug",
            }
        )
        settings.execute()
        self.assertEqual(self.other_company.taobao_app_key, "key-of-second-company")
        self.assertEqual(self.other_company.taobao_order_source, "shopee")
        self.assertTrue(self.other_company.taobao_auto_purchase)
        self.assertEqual(self.company.taobao_app_key, "sandbox-app-key")
        self.assertEqual(self.company.taobao_order_source, "odoo")
        self.assertFalse(self.company.taobao_auto_purchase)
        reopened = self._settings(self.other_company)
        self.assertEqual(reopened.taobao_app_key, "key-of-second-company")
        self.assertEqual(reopened.taobao_signing_mode, "debug")

    def test_parallel_purchase_jobs_are_lanes_of_the_queue(self):
        jobs = self.env["taobao.jobs"]
        self.assertEqual(self._settings(self.company).taobao_queue_lanes, 2, "the default")
        settings = self._settings(self.company)
        settings.taobao_queue_lanes = 3
        settings.execute()
        self.assertEqual(len(self.env["sale.order"]._taobao_queue_lanes()), 3)
        self.assertEqual(self._settings(self.company).taobao_queue_lanes, 3)
        before = self.env["ir.cron.trigger"].search([]).ids
        self.env["sale.order"]._taobao_wake_queue()
        woken = self.env["ir.cron.trigger"].search([("id", "not in", before)]).cron_id
        self.assertEqual(woken, self.env["sale.order"]._taobao_queue_lanes())
        settings = self._settings(self.company)
        settings.taobao_queue_lanes = 1
        settings.execute()
        self.assertEqual(
            self.env["sale.order"]._taobao_queue_lanes(),
            self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue"),
        )
        for wrong in (0, 5):
            with self.assertRaises(UserError):
                jobs._set_queue_lanes(wrong)
        with self.assertRaises(AccessError):
            jobs.with_user(self.taobao_manager)._set_queue_lanes(2)

    def test_secret_is_write_only_in_settings(self):
        settings = self._settings(self.other_company)
        self.assertFalse(settings.taobao_app_secret_is_set)
        settings.taobao_app_secret_input = "a-new-secret"
        settings.execute()
        self.assertEqual(self.other_company.taobao_app_secret, "a-new-secret")
        reopened = self._settings(self.other_company)
        self.assertFalse(reopened.taobao_app_secret_input, "the stored secret is never sent back")
        self.assertTrue(reopened.taobao_app_secret_is_set)
        # saving the form without typing a secret keeps the stored one
        reopened.execute()
        self.assertEqual(self.other_company.taobao_app_secret, "a-new-secret")

    def test_secret_hidden_from_salesman_and_taobao_user(self):
        for user in (self.salesman, self.taobao_user):
            company = self.company.with_user(user)
            with self.assertRaises(AccessError, msg=user.login):
                company.read(["taobao_app_secret"])
            with self.assertRaises(AccessError, msg=user.login):
                _secret = company.taobao_app_secret
            fields_seen = self.env["res.company"].with_user(user).fields_get()
            self.assertNotIn("taobao_app_secret", fields_seen)
        self.assertEqual(self.company.sudo().taobao_app_secret, SECRET)

    def test_secret_not_copied_with_company(self):
        copied_values = self.company.sudo().copy_data()[0]
        self.assertNotIn("taobao_app_secret", copied_values)
        self.assertNotIn("taobao_app_key", copied_values)

    def test_access_rights_per_group(self):
        self.env["taobao.api.log"].create(
            {
                "company_id": self.company.id,
                "method": "GET",
                "endpoint": "/taobao/product/get",
                "state": "success",
            }
        )
        logs = self.env["taobao.api.log"]
        self.assertTrue(logs.with_user(self.taobao_manager).search([]))
        for user in (self.salesman, self.taobao_user):
            with self.assertRaises(AccessError, msg=user.login):
                logs.with_user(user).search([])
        self.assertTrue(self.taobao_user.has_group("sales_team.group_sale_salesman"))
        self.assertTrue(self.taobao_manager.has_group("taobao_purchase.group_taobao_user"))
        settings_form = self.env.ref(
            "taobao_purchase.res_config_settings_view_form_inherit_taobao_purchase"
        )
        self.assertIn("taobao_app_secret_input", settings_form.arch)

    def _report(self, action):
        self.assertEqual(action["res_model"], "taobao.connection.report")
        return self.env[action["res_model"]].browse(action["res_id"])

    def test_connection_with_good_credentials(self):
        report = self._report(self._settings(self.company).action_taobao_test_connection())
        self.assertTrue(report.post_accepted)
        self.assertEqual(report.api_url, self.sandbox.url)

    def test_connection_with_debug_mode(self):
        self.company.taobao_signing_mode = "debug"
        report = self._report(self._settings(self.company).action_taobao_test_connection())
        self.assertTrue(report.post_accepted)
        self.assertEqual(report.signing_tried_count, 0, "no signing to find in debug mode")

    def test_connection_with_bad_key(self):
        self.company.taobao_app_key = "not-a-key"
        report = self._report(self._settings(self.company).action_taobao_test_connection())
        self.assertFalse(report.get_accepted)
        self.assertFalse(report.trustworthy)
        self.assertRegex(report.last_error, "(?i)appKey")

    def test_connection_with_bad_secret_reports_signature_for_support(self):
        """Every signing variant is refused: the report gives DajiSaaS support each request,
        the text its sign covered and the answer, never the secret."""
        self.company.sudo().taobao_app_secret = "wrong-secret"
        report = self._report(self._settings(self.company).action_taobao_test_connection())
        self.assertFalse(report.get_accepted or report.post_accepted)
        self.assertRegex(report.last_error, "(?i)sign|credential")
        self.assertIn("string to sign: ", report.support_text)
        self.assertIn("<appSecret>", report.support_text)
        for text in (report.last_error, report.support_text):
            self.assertNotIn("wrong-secret", text)

    def test_connection_finds_the_get_signing_whatever_the_refusal_shape(self):
        self.sandbox.set_dialect({"get_signing": "top.upper", "bad_sign_answer": "http_403"})
        settings = self._settings(self.company)
        report = self._report(settings.action_taobao_test_connection())
        self.assertTrue(report.trustworthy and report.differs)
        self.assertEqual(report.get_signing, "top.upper")
        report.action_save()
        self.assertEqual(self.company.taobao_get_signing, "top.upper")

    def test_connection_finds_how_to_search_by_picture_and_saves_it(self):
        self.company.taobao_picture_search = "address"
        report = self._report(self._settings(self.company).action_taobao_test_connection())
        self.assertEqual(report.picture_search, "upload")
        self.assertTrue(report.differs)
        report.action_save()
        self.assertEqual(self.company.taobao_picture_search, "upload")

    def test_a_picture_search_neither_version_answers_keeps_the_setting(self):
        self.company.taobao_picture_search = "address"
        for path in ("/taobao/upload/image", "/taobao/image-search/url"):
            self.sandbox.faults.inject(path, "http_502", times=20)
        report = self._report(self._settings(self.company).action_taobao_test_connection())
        self.assertTrue(report.trustworthy)
        self.assertFalse(report.picture_search)
        self.assertFalse(report.differs)

    def test_connection_to_unreachable_host(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        self.company.taobao_api_url = f"http://127.0.0.1:{closed_port}"
        with self.assertRaisesRegex(UserError, "(?i)connect|reach"):
            self._settings(self.company).action_taobao_test_connection()

    def test_connection_timeout(self):
        self.company.taobao_timeout = 0.3
        self.sandbox.faults.inject("/taobao/traffic/item/search", "latency", times=5, seconds=1.0)
        with self.assertRaisesRegex(UserError, "(?i)did not answer|timed? ?out"):
            self._settings(self.company).action_taobao_test_connection()

    def test_connection_without_credentials(self):
        self.other_company.taobao_app_key = False
        with self.assertRaisesRegex(UserError, "appKey and appSecret"):
            self._settings(self.other_company).action_taobao_test_connection()

    def test_connection_logs_without_secret(self):
        self.company.sudo().taobao_app_secret = "wrong-secret"
        self._settings(self.company).action_taobao_test_connection()
        logs = self.committed_api_logs([("company_id", "=", self.company.id)])
        log = logs[0]
        self.assertTrue(log["trace_id"])
        self.assertEqual(log["state"], "error")
        for log in logs:
            for text in (log["request_body"], log["response_body"], log["error"], log["url"]):
                self.assertNotIn("wrong-secret", text or "")

    def _stored_third_order_key(self):
        # read past the parameters' cache, which a rolled-back test must leave as it was
        self.env.cr.execute(
            "SELECT value FROM ir_config_parameter WHERE key = %s", [THIRD_ORDER_KEY_PARAM]
        )
        return self.env.cr.fetchone()[0]

    def test_neutralization_blanks_secret(self):
        self.company.write(
            {
                "taobao_environment": "production",
                "taobao_api_url": False,
                "taobao_auto_purchase": True,
            }
        )
        self.env.flush_all()
        key = self._stored_third_order_key()
        for query in get_neutralization_queries(["taobao_purchase"]):
            self.env.cr.execute(query)
        self.env.invalidate_all()
        new_key = self._stored_third_order_key()
        self.assertTrue(new_key)
        self.assertNotEqual(new_key, key, "the copy sends other thirdOrderIds")
        self.assertFalse(self.company.sudo().taobao_app_secret)
        self.assertEqual(self.company.taobao_environment, "sandbox")
        self.assertFalse(self.company.taobao_auto_purchase)

    def test_clients_of_a_company_share_one_http_session(self):
        """One pooled session per company and API URL, per worker thread: its open
        connections spare a TLS handshake per operation."""
        item = self.sandbox.catalog.find(min_skus=1)
        new_session = DajisaasClient.new_session
        with patch.object(DajisaasClient, "new_session", wraps=new_session) as made:
            first = self.company._taobao_client()
            sessions = made.call_count
            second = self.company._taobao_client(interactive=True)
            self.assertEqual(made.call_count, sessions, "the second client reuses the session")
            first.close()  # the client does not own a pooled session: closing keeps it open
            self.assertEqual(second.get_item(item.item_id).item_id, item.item_id)
            other = self.env["res.company"].create({"name": "Other Taobao company"})
            self.configure_company(other)
            other._taobao_client()
            self.assertEqual(made.call_count, sessions + 1, "another company, another session")

    def test_environment_defaults_url(self):
        self.company.write({"taobao_environment": "production", "taobao_api_url": False})
        self.assertEqual(self.company._taobao_effective_api_url(), "https://openapi.dajisaas.com")
        with Form(self.env["res.config.settings"]) as form:
            form.taobao_environment = "sandbox"
            self.assertFalse(form.taobao_api_url)

    # --- Settings screen: the protocol variants under Advanced, for developer mode -------

    def _settings_admin(self):
        return new_test_user(
            self.env,
            login="tb_settings_admin",
            groups="base.group_system,base.group_no_one,"
            "taobao_purchase.group_taobao_manager,sales_team.group_sale_manager",
        )

    def _settings_arch(self, user, debug=False):
        """The settings form as ``user``'s browser gets it, in or out of developer mode."""
        fake_request = SimpleNamespace(session=SimpleNamespace(debug="1" if debug else ""))
        with patch("odoo.addons.base.models.ir_ui_view.request", fake_request):
            views = self.env["res.config.settings"].with_user(user).get_views([(False, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def test_protocol_variants_hidden_outside_developer_mode(self):
        arch = self._settings_arch(self._settings_admin())
        shown = {node.get("name") for node in arch.iter("field")}
        for name in EVERYDAY_FIELDS:
            self.assertIn(name, shown, "everyday settings stay in view")
        for name in PROTOCOL_FIELDS:
            self.assertNotIn(name, shown, "protocol variants need developer mode")
        self.assertFalse(arch.xpath("//block[@name='taobao_purchase_protocol_container']"))

    def test_protocol_variants_under_advanced_in_developer_mode(self):
        arch = self._settings_arch(self._settings_admin(), debug=True)
        (advanced,) = arch.xpath("//block[@name='taobao_purchase_protocol_container']")
        self.assertEqual(advanced.get("title"), "Advanced: DajiSaaS protocol")
        self.assertEqual(advanced.getparent().tag, "app", "a section of its own in the app")
        inside = {node.get("name") for node in advanced.iter("field")}
        self.assertEqual(inside, set(PROTOCOL_FIELDS), "the block holds every variant, only them")
        for name in PROTOCOL_FIELDS:
            self.assertEqual(
                len(arch.xpath(f"//field[@name='{name}']")), 1, f"{name} only under Advanced"
            )
        helps = [setting.get("help") for setting in advanced.iter("setting")]
        self.assertIn(
            "Test Connection finds these from DajiSaaS's answers; change them only when "
            "DajiSaaS support tells you.",
            helps,
        )
        self.assertIn(
            "taobao_warehouse_partner_id",
            {node.get("name") for node in arch.iter("field")},
            "developer mode adds the variants, the rest stays",
        )

    def test_saving_settings_without_the_variants_keeps_them(self):
        """Out of developer mode the form does not carry the variants: saving it keeps what
        Test Connection saved."""
        self.company.write({"taobao_get_signing": "top.upper", "taobao_order_query": "camel"})
        settings = self.env["res.config.settings"].with_user(self._settings_admin())
        with Form(settings.with_company(self.company)) as form:
            form.taobao_order_source = "shopee"
        form.record.execute()
        self.assertEqual(self.company.taobao_order_source, "shopee")
        self.assertEqual(self.company.taobao_get_signing, "top.upper")
        self.assertEqual(self.company.taobao_order_query, "camel")
