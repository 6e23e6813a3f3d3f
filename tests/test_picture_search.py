# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Find on Taobao by picture: an uploaded photo, a product's own image, and a
company that searches by picture address."""

import base64
import io
from datetime import timedelta

from PIL import Image

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..dajisaas_sandbox.picture_search import item_picture
from .common import TaobaoSandboxCase

UPLOAD = "/taobao/upload/image"


def as_a_photo(picture):
    """The picture as a seller's JPEG photo, larger than the original."""
    image = Image.open(io.BytesIO(picture)).convert("RGB").resize((1500, 1500))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return base64.b64encode(output.getvalue())


@tagged("post_install", "-at_install")
class TestFindByPicture(TaobaoSandboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item = cls.sandbox.catalog.find(min_skus=1)
        cls.photo = as_a_photo(item_picture(cls.item.item_id))
        cls.manager = new_test_user(
            cls.env, login="tb_picture_user", groups="taobao_purchase.group_taobao_user"
        )

    def search(self, **values):
        wizard = self.env["taobao.product.search.wizard"].create(
            {"search_by": "picture", **values}
        )
        wizard.action_search()
        return wizard

    def test_an_uploaded_photo_finds_its_item_first(self):
        wizard = self.search(picture=self.photo)
        self.assertFalse(wizard.message)
        first = wizard.result_ids[0]
        self.assertEqual(
            (first.rank, first.item_id, first.shop_name),
            (1, str(self.item.item_id), self.item.shop_name),
        )
        self.assertEqual(first.price, self.item.price / 100)
        self.assertEqual(first.image_url, self.item.pic_urls[0])
        self.assertEqual(wizard.result_ids.mapped("rank"), list(range(1, 21)))
        self.assertFalse(wizard.has_more, "an uploaded picture's search has no pages")

    def test_the_api_log_keeps_the_upload_by_its_size_not_the_picture(self):
        self.search(picture=self.photo)
        [upload] = self.committed_api_logs([("endpoint", "=", UPLOAD)])[:1]
        self.assertEqual(upload["state"], "success")
        self.assertIn("characters of base64", upload["request_body"])
        self.assertLess(len(upload["request_body"]), 1000)

    def test_by_address_the_results_come_in_pages(self):
        self.company.taobao_picture_search = "address"
        wizard = self.env["taobao.product.search.wizard"].create(
            {
                "search_by": "picture",
                "picture_url": self.item.pic_urls[0],
                "picture_category": "4",
                "picture_crop": True,
                "page_size": 5,
            }
        )
        wizard.action_search()
        self.assertEqual(wizard.result_ids[0].item_id, str(self.item.item_id))
        self.assertTrue(wizard.has_more)
        first_page = wizard.result_ids.mapped("item_id")
        wizard.action_next_page()
        self.assertEqual(wizard.page_no, 2)
        self.assertEqual(wizard.result_ids.mapped("rank"), [6, 7, 8, 9, 10])
        self.assertFalse(set(first_page) & set(wizard.result_ids.mapped("item_id")))

    def test_by_address_a_photo_without_one_says_how_to_search_with_it(self):
        self.company.taobao_picture_search = "address"
        wizard = self.search(picture=self.photo)
        self.assertFalse(wizard.result_ids)
        self.assertEqual(wizard.message_level, "warning")
        self.assertIn("Test Connection", wizard.message)

    def test_without_a_picture_nothing_is_sent(self):
        wizard = self.search()
        self.assertFalse(wizard.result_ids)
        self.assertIn("Upload a picture", wizard.message)

    def test_a_picture_taobao_cannot_fetch_is_an_error_not_nothing_found(self):
        self.company.taobao_picture_search = "address"
        wizard = self.search(picture_url="https://example.com/not-on-taobao.jpg")
        self.assertFalse(wizard.result_ids)
        self.assertEqual(wizard.message_level, "danger")

    def test_a_product_finds_its_taobao_item_by_its_own_picture(self):
        template = self.env["product.template"].create(
            {"name": "Hoodie from a supplier", "image_1920": self.photo}
        )
        action = template.action_taobao_find_by_picture()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.search_by, "picture")
        self.assertEqual(wizard.result_ids[0].item_id, str(self.item.item_id))

    def test_an_imported_product_is_searched_by_its_address_when_the_company_does(self):
        self.company.taobao_picture_search = "address"
        template = self.env["product.template"].create(
            {
                "name": "Imported hoodie",
                "image_1920": self.photo,
                "taobao_image_url": self.item.pic_urls[0],
            }
        )
        action = template.action_taobao_find_by_picture()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.picture_url, self.item.pic_urls[0])
        self.assertEqual(wizard.result_ids[0].item_id, str(self.item.item_id))
        self.assertTrue(wizard.has_more)

    def test_only_taobao_users_find_by_picture(self):
        template = self.env["product.template"].create(
            {"name": "Hoodie", "image_1920": self.photo}
        )
        salesman = new_test_user(
            self.env, login="tb_picture_salesman", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            template.with_user(salesman).action_taobao_find_by_picture()
        action = template.with_user(self.manager).action_taobao_find_by_picture()
        self.assertEqual(action["res_model"], "taobao.product.search.wizard")

    def test_a_result_links_the_product_searched_for_to_its_item(self):
        template = self.env["product.template"].create(
            {"name": "Hoodie from a supplier", "image_1920": self.photo}
        )
        action = template.action_taobao_find_by_picture()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.product_tmpl_id, template)
        link_action = wizard.result_ids[0].action_link()
        link = self.env[link_action["res_model"]].browse(link_action["res_id"])
        self.assertEqual((link.product_tmpl_id, link.item_id), (template, str(self.item.item_id)))
        self.assertTrue(link.line_ids, "its SKUs are proposed for the product's variants")

    def test_link_to_taobao_offers_to_find_the_item_by_picture(self):
        template = self.env["product.template"].create(
            {"name": "Hoodie from a supplier", "image_1920": self.photo}
        )
        link = self.env["taobao.product.link.wizard"].browse(
            template.action_taobao_link()["res_id"]
        )
        self.assertTrue(link.has_picture)
        action = link.action_find_by_picture()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.product_tmpl_id, template)
        self.assertEqual(wizard.result_ids[0].item_id, str(self.item.item_id))


@tagged("post_install", "-at_install")
class TestCatalogMatches(TaobaoSandboxCase):
    """Find Taobao Matches on a selection of products: searched in the background, proposed
    for a person to link or skip."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # items no product links yet (a database with the demo data links some)
        linked = set(
            cls.env["product.template"]
            .with_context(active_test=False)
            .search([("taobao_item_id", "!=", False)])
            .mapped("taobao_item_id")
        )
        cls.items = [
            item
            for item in cls.sandbox.catalog.find_all(min_skus=1)
            if str(item.item_id) not in linked
        ][:3]
        cls.products = cls.env["product.template"].create(
            [
                {"name": f"Own product {n}", "image_1920": as_a_photo(item_picture(i.item_id))}
                for n, i in enumerate(cls.items)
            ]
        )
        cls.user = new_test_user(
            cls.env, login="tb_matches_user", groups="taobao_purchase.group_taobao_user"
        )

    def matches(self):
        return self.env["taobao.picture.match"].search(
            [("product_tmpl_id", "in", self.products.ids)], order="id"
        )

    def run_job(self, batch=10):
        self.env["taobao.jobs"]._cron_picture_matches(batch=batch)

    def test_each_product_gets_its_own_item_first(self):
        action = self.products.with_user(self.user).action_taobao_find_matches()
        self.assertEqual(action["res_model"], "taobao.picture.match")
        self.assertEqual(set(self.matches().mapped("state")), {"pending"})
        self.run_job()
        for match, item in zip(self.matches(), self.items, strict=True):
            self.assertEqual(match.state, "proposed")
            self.assertEqual(match.candidate_ids[0].item_id, str(item.item_id))
            self.assertEqual(match.candidate_ids.mapped("rank"), [1, 2, 3, 4, 5])
            self.assertEqual(match.best_image_url, item.pic_urls[0])

    def test_a_run_cut_short_leaves_the_rest_for_the_next(self):
        self.products.action_taobao_find_matches()
        self.run_job(batch=1)
        self.assertEqual(self.matches().mapped("state"), ["proposed", "pending", "pending"])
        self.run_job(batch=1)
        self.run_job(batch=1)
        self.assertEqual(set(self.matches().mapped("state")), {"proposed"})

    def test_only_products_with_a_picture_and_no_link_are_queued(self):
        linked, bare = self.products[:2]
        linked.taobao_item_id = str(self.items[0].item_id)
        bare.image_1920 = False
        self.products.action_taobao_find_matches()
        self.assertEqual(self.matches().product_tmpl_id, self.products[2])

    def test_linking_a_candidate_opens_link_to_taobao_and_nothing_links_itself(self):
        self.products[:1].action_taobao_find_matches()
        self.run_job()
        match = self.matches()
        self.assertFalse(self.products[0].taobao_item_id, "nothing linked without a person")
        action = match.candidate_ids[0].with_user(self.user).action_link()
        link = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(
            (link.product_tmpl_id, link.item_id),
            (self.products[0], match.candidate_ids[0].item_id),
        )
        link.line_ids.sku_id = link.sku_ids[0]  # the person chooses the variant's SKU
        link.action_link()
        self.assertTrue(match.linked)

    def test_a_product_is_skipped_or_searched_again(self):
        self.products[:1].action_taobao_find_matches()
        self.run_job()
        match = self.matches()
        match.with_user(self.user).action_skip()
        self.assertEqual(match.state, "skipped")
        match.action_search_again()
        self.assertEqual((match.state, match.candidate_ids.ids), ("pending", []))

    def test_dajisaas_failing_is_tried_again_later_then_reported(self):
        self.products[:1].action_taobao_find_matches()
        self.sandbox.faults.inject("/taobao/upload/image", "http_502", times=50)
        match = self.matches()
        self.run_job()
        self.assertEqual((match.state, match.tries), ("pending", 1))
        self.assertGreater(match.next_try, fields.Datetime.now())
        self.run_job()
        self.assertEqual(match.tries, 1, "not tried again before its time")
        for _ in range(2):
            match.next_try = fields.Datetime.now() - timedelta(seconds=1)
            self.run_job()
        self.assertEqual((match.state, match.tries), ("failed", 3))
        self.assertTrue(match.error)

    def test_search_again_and_link_use_the_match_s_company(self):
        other = self.env["res.company"].create({"name": "Taobao second company"})
        self.configure_company(other)
        self.env.user.company_ids |= other
        self.products[:1].with_company(other).action_taobao_find_matches()
        match = self.matches()
        self.assertEqual(match.company_id, other)
        self.run_job()
        match.action_search_again()
        self.assertEqual(self.matches(), match, "no match made for the current company")
        self.run_job()
        action = match.candidate_ids[0].action_link()
        link = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(link.company_id, other)

    def test_a_company_searching_by_address_cannot_match_unlinked_products(self):
        self.company.taobao_picture_search = "address"
        with self.assertRaisesRegex(UserError, "Test Connection"):
            self.products[:1].action_taobao_find_matches()
        self.assertFalse(self.matches())

    def test_another_company_s_queue_leaves_this_one_s_review_alone(self):
        self.products[:1].action_taobao_find_matches()
        self.run_job()
        reviewed = self.matches()
        other = self.env["res.company"].create({"name": "Taobao second company"})
        self.configure_company(other)
        user = new_test_user(
            self.env,
            login="tb_matches_other",
            groups="taobao_purchase.group_taobao_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.products[:1].with_user(user).action_taobao_find_matches()
        self.assertEqual(reviewed.state, "proposed")
        self.assertTrue(reviewed.candidate_ids)
        self.assertEqual(self.matches().company_id, self.company | other)

    def test_a_large_picture_is_sent_as_a_jpeg_within_bounds(self):
        from odoo.addons.taobao_purchase.models.res_company_picture import picture_to_send

        image = Image.effect_noise((3000, 2000), 80).convert("RGB")
        output = io.BytesIO()
        image.save(output, format="PNG")
        self.assertGreater(len(output.getvalue()), 3 * 1024 * 1024)
        sent = picture_to_send(base64.b64encode(output.getvalue()))
        with Image.open(io.BytesIO(sent)) as picture:
            self.assertEqual((picture.format, max(picture.size)), ("JPEG", 1024))

    def test_only_taobao_users_queue_matches(self):
        salesman = new_test_user(
            self.env, login="tb_matches_salesman", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.products.with_user(salesman).action_taobao_find_matches()
