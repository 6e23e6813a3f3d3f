# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import hmac
import json
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from odoo.addons.taobao_purchase.controllers import dajisaas_message as controller_module
from odoo.addons.taobao_purchase.controllers.dajisaas_message import MAX_BODY_BYTES, REFUSALS
from odoo.addons.taobao_purchase.models import taobao_message_refusal as refusal_module

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
        cls.company.taobao_app_key = "message-test-key"
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
        """Whether the sync job, reading the messages received, marks the purchase."""
        self.env["taobao.jobs"]._note_messages()
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

    def test_dajisaas_is_given_no_session(self):
        """Like Odoo's own webhooks: a server posting messages gets no session cookie,
        accepted or refused."""
        message = self._message()
        signature = hmac.new(SECRET.encode(), message.encode(), hashlib.sha1).hexdigest()
        for sent_signature in (signature, "0" * 40):
            response = self._post(message, sent_signature)
            self.assertNotIn("session_id", response.headers.get("Set-Cookie", ""))

    def test_bad_signature_is_refused_without_details(self):
        message = self._message()
        forged = hmac.new(b"guess", message.encode(), hashlib.sha1).hexdigest()
        response = self._post(message, forged)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(SECRET, response.text)
        self.assertFalse(self.sync_requested())

    def sign(self, message):
        return hmac.new(SECRET.encode(), message.encode(), hashlib.sha1).hexdigest()

    def test_base64_signatures_are_accepted_when_the_setting_says_so(self):
        """DajiSaaS's Java sample was never archived; base64 is a plausible output."""
        self.company.taobao_message_signature = "base64.sha1.message"
        message = self._message()
        signature = base64.b64encode(
            hmac.new(SECRET.encode(), message.encode(), hashlib.sha1).digest()
        ).decode()
        self.assertEqual(self._post(message, signature).status_code, 200)
        self.assertTrue(self.sync_requested())

    def test_a_refused_message_is_kept_with_the_variant_it_matches(self):
        """When every message gets a 403, an administrator can see why."""
        refusals = self.env["taobao.message.refusal"]
        message = self._message()
        signature = base64.b64encode(
            hmac.new(SECRET.encode(), message.encode(), hashlib.sha256).digest()
        ).decode()
        self.assertEqual(self._post(message, signature).status_code, 403)
        refusal = refusals.search([("company_id", "=", self.company.id)], limit=1)
        self.assertEqual(refusal.variant_tried, "hex.sha1.message")
        self.assertEqual(refusal.variants_matched, "base64.sha256.message")
        self.assertEqual(refusal.message, message)
        self.assertNotIn(signature, refusal.signature, "a genuine signature is never kept")
        self.assertTrue(refusal.signature.startswith("sha256:"))
        # a forgery matches nothing
        refusal.received = "2020-01-01 00:00:00"  # past the quiet interval
        self._post(message, "0" * 40)
        latest = refusals.search([("company_id", "=", self.company.id)], limit=1)
        self.assertFalse(latest.variants_matched)

    def test_refused_messages_are_bounded(self):
        with (
            patch.object(refusal_module, "KEEP_REFUSALS", 3),
            patch.object(refusal_module, "QUIET_SECONDS", 0),
        ):
            for number in range(5):
                self._post(self._message(), f"{number:040d}")
        kept = self.env["taobao.message.refusal"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(kept), 3)

    def test_unknown_and_unconfigured_companies_answer_like_a_bad_signature(self):
        response = self._post(self._message(), "00", company_id=999999)
        self.assertEqual(response.status_code, 403)
        other = self.env["res.company"].create({"name": "No DajiSaaS here"})
        message = self._message()
        response = self._post(message, self.sign(message), company_id=other.id)
        self.assertEqual(response.status_code, 403)

    def test_a_new_appsecret_applies_to_the_next_message(self):
        """The keys are cached (a message reads no company row), never stale."""
        message = self._message()
        self.assertEqual(self._post(message, self.sign(message)).status_code, 200)
        with self.assertQueryCount(0):
            keys = self.env["res.company"]._taobao_message_keys()
            self.assertEqual(keys[self.company.id][0], SECRET)
            # made-up company ids are answered from the same entry
            self.assertFalse(any(keys.get(10**6 + number) for number in range(100)))
        self.company.sudo().taobao_app_secret = "rotated-secret"
        message = self._message(purchase_id="200012345679")
        self.assertEqual(self._post(message, self.sign(message)).status_code, 403)
        signature = hmac.new(b"rotated-secret", message.encode(), hashlib.sha1).hexdigest()
        self.assertEqual(self._post(message, signature).status_code, 200)
        self.company.sudo().taobao_app_secret = False
        self.assertEqual(self._post(message, signature).status_code, 403)

    def test_unreadable_message_is_refused_as_malformed(self):
        message = "not json"
        response = self._post(message, self.sign(message))
        self.assertEqual(response.status_code, 400)
        deep = "[" * 20000 + "]" * 20000
        response = self._post(deep, self.sign(deep))
        self.assertEqual(response.status_code, 400)
        deeper = "[" * 100000 + "]" * 100000
        response = self._post(deeper, self.sign(deeper))
        self.assertEqual(response.status_code, 413, "too large to be read at all")

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
        self.env["taobao.jobs"]._note_messages()
        self.assertEqual(
            self.env["taobao.sync.request"]._take("purchase.order"), {self.purchase.id: False}
        )
        for _replay in range(3):
            self.assertEqual(self._post(message, self.sign(message)).status_code, 200)
        self.assertFalse(self.sync_requested(), "a replay asks for no second sync")

    def test_a_message_is_only_recorded_until_the_job_reads_it(self):
        message = self._message()
        self.assertEqual(self._post(message, self.sign(message)).status_code, 200)
        receipts = self.env["taobao.message.receipt"]
        receipt = receipts.search([("company_ref", "=", self.company.id)], order="id desc")[:1]
        self.assertEqual(
            (receipt.purchase_ref, receipt.outer_purchase_ref, receipt.refund, receipt.pending),
            ("200012345678", self.purchase.taobao_third_order_ref, False, True),
        )
        self.assertFalse(
            self.env["taobao.sync.request"].search_count([("res_id", "=", self.purchase.id)])
        )
        # the receipt of a message not acted upon yet outlives the week receipts are kept
        receipt.received = "2020-01-01 00:00:00"
        receipts._gc_receipts()
        self.assertTrue(receipt.exists())
        self.assertTrue(self.sync_requested())
        self.assertFalse(receipt.pending)
        receipts._gc_receipts()
        self.assertFalse(receipt.exists())

    def test_refused_messages_warn_once_a_minute(self):
        REFUSALS._last.clear()
        message = self._message()
        with self.assertLogs(
            "odoo.addons.taobao_purchase.controllers.dajisaas_message", "WARNING"
        ) as logs:
            for _attempt in range(5):
                self._post(message, "forged")
        self.assertEqual(len(logs.records), 1)

    def test_a_flood_of_bad_signatures_writes_one_refusal(self):
        for number in range(20):
            self._post(self._message(), f"{number:040d}")
        kept = self.env["taobao.message.refusal"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(kept), 1)

    # --- whatever is posted, never a crash, never a hint ---------------------------

    def test_a_signed_message_with_a_nul_or_a_lone_surrogate_is_malformed_not_a_crash(self):
        for bad in ("\\u0000", "\\ud800"):
            message = self._message().replace('"site": "taobao_hk"', f'"site": "hk{bad}"')
            with self.subTest(bad=bad):
                response = self._post(message, self.sign(message))
                self.assertEqual(response.status_code, 400)
        raw = self._message().replace("taobao_hk", "hk\x00")
        self.assertEqual(self._post(raw, self.sign(raw)).status_code, 400)

    def test_a_body_above_the_limit_is_refused_before_it_is_parsed(self):
        response = self.url_open(
            "/taobao_purchase/message/999999",
            files={"message": ("big.json", b"x" * (MAX_BODY_BYTES + 1))},
            data={"_dj_signature": "00"},
        )
        self.assertEqual(response.status_code, 413)

    def test_an_unknown_company_is_checked_as_a_known_one_is(self):
        """The answer's timing must not tell which company ids exist: an unknown id does the
        same signature work and the same query as a known one with a bad signature."""
        calls = {}

        def counting(name, real):
            def wrapper(*args, **kwargs):
                calls[name] = calls.get(name, 0) + 1
                return real(*args, **kwargs)

            return wrapper

        message = self._message()
        self.env["taobao.message.refusal"].create({"company_id": self.company.id})
        work = {}
        for label, company_id in (("known", self.company.id), ("unknown", 987654)):
            calls.clear()
            with (
                patch.object(
                    controller_module,
                    "verify_message_signature",
                    counting("verify", controller_module.verify_message_signature),
                ),
                patch.object(
                    refusal_module,
                    "matching_message_signatures",
                    counting("match", refusal_module.matching_message_signatures),
                ),
            ):
                self.assertEqual(self._post(message, "0" * 40, company_id).status_code, 403)
            work[label] = dict(calls)
        self.assertEqual(work["known"], {"verify": 1, "match": 1})
        self.assertEqual(work["unknown"], work["known"])
