# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import hmac
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.taobao_purchase.controllers.dajisaas_message import REFUSALS

from .common import ensure_http_server

SECRET = "message-test-secret"


@tagged("post_install", "-at_install")
class TestDajisaasMessages(HttpCase):
    """The message endpoint trusts nothing unsigned and only schedules a synchronization."""

    @classmethod
    def setUpClass(cls):
        ensure_http_server(cls)
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.sudo().taobao_app_secret = SECRET
        partner = cls.env["res.partner"].create({"name": "Message customer"})
        order = cls.env["sale.order"].create({"partner_id": partner.id})
        vendor = cls.env["res.partner"].create({"name": "Message shop"})
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "taobao_purchase_ref": "200012345678",
                "taobao_third_order_ref": f"{order.name}-{order.id}-1",
                "taobao_status": "BULIDING",
                "taobao_sale_order_id": order.id,
                "taobao_last_sync": "2026-01-01 00:00:00",
            }
        )

    def sync_requested(self):
        return self.env["taobao.sync.request"].search_count(
            [("res_model", "=", "purchase.order"), ("res_id", "=", self.purchase.id)]
        )

    def _message(self, purchase_id="200012345678"):
        return json.dumps(
            {
                "seller_id": "2200000000001",
                "message_type": 3,
                "timestamp": 1735700000,
                "site": "taobao_hk",
                "data": {
                    "business_time": 1735700000123,
                    "outer_purchase_id": self.purchase.taobao_third_order_ref,
                    "purchase_id": int(purchase_id),
                    "seller_id": 2200000000001,
                    "status": "WAIT_SELLER_SEND_GOODS",
                    "sku_list": [],
                },
            },
            ensure_ascii=False,
        )

    def _post(self, message, signature, company_id=None):
        return self.url_open(
            f"/taobao_purchase/message/{company_id or self.company.id}",
            data={"message": message, "_dj_signature": signature},
        )

    def test_signed_message_schedules_a_sync(self):
        message = self._message()
        signature = hmac.new(SECRET.encode(), message.encode(), hashlib.sha1).hexdigest()
        response = self._post(message, signature)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, "success")
        self.assertTrue(self.sync_requested(), "the purchase is marked for the sync job")
        self.purchase.invalidate_recordset()
        self.assertEqual(
            self.purchase.taobao_status, "BULIDING", "the message itself is not trusted"
        )

    def test_bad_signature_is_refused_without_details(self):
        message = self._message()
        forged = hmac.new(b"guess", message.encode(), hashlib.sha1).hexdigest()
        response = self._post(message, forged)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(SECRET, response.text)
        self.assertFalse(self.sync_requested())

    def sign(self, message):
        return hmac.new(SECRET.encode(), message.encode(), hashlib.sha1).hexdigest()

    def test_unknown_and_unconfigured_companies_answer_like_a_bad_signature(self):
        response = self._post(self._message(), "00", company_id=999999)
        self.assertEqual(response.status_code, 403)
        other = self.env["res.company"].create({"name": "No DajiSaaS here"})
        message = self._message()
        response = self._post(message, self.sign(message), company_id=other.id)
        self.assertEqual(response.status_code, 403)

    def test_unreadable_message_is_refused_as_malformed(self):
        message = "not json"
        response = self._post(message, self.sign(message))
        self.assertEqual(response.status_code, 400)
        deep = "[" * 100000 + "]" * 100000
        response = self._post(deep, self.sign(deep))
        self.assertEqual(response.status_code, 400)

    def test_a_file_instead_of_a_message_is_malformed_not_a_crash(self):
        response = self.url_open(
            f"/taobao_purchase/message/{self.company.id}",
            files={"message": ("message.json", b"{}")},
            data={"_dj_signature": "00"},
        )
        self.assertEqual(response.status_code, 400)

    def test_a_replayed_message_syncs_once(self):
        message = self._message()
        self.assertEqual(self._post(message, self.sign(message)).status_code, 200)
        self.assertEqual(
            self.env["taobao.sync.request"]._take("purchase.order"), {self.purchase.id: False}
        )
        for _replay in range(3):
            self.assertEqual(self._post(message, self.sign(message)).status_code, 200)
        self.assertFalse(self.sync_requested(), "a replay asks for no second sync")

    def test_refused_messages_warn_once_a_minute(self):
        REFUSALS._last.clear()
        message = self._message()
        with self.assertLogs(
            "odoo.addons.taobao_purchase.controllers.dajisaas_message", "WARNING"
        ) as logs:
            for _attempt in range(5):
                self._post(message, "forged")
        self.assertEqual(len(logs.records), 1)
