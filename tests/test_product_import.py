# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
from unittest import mock

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..dajisaas import BunkerItem, ItemDetail, endpoints
from ..dajisaas_sandbox import payloads
from ..dajisaas_sandbox.catalog_builder import grid_item
from ..models.product_import import SALE_MARKUP_PARAM, TaobaoProductImporter
from .common import TaobaoSandboxCase

CNY_PER_COMPANY_CURRENCY = 7.0


@tagged("post_install", "-at_install")
class TestProductImport(TaobaoSandboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cny = cls.env.ref("base.CNY")
        cls.cny.active = True
        cls.env["res.currency.rate"].search([("currency_id", "=", cls.cny.id)]).unlink()
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.cny.id,
                "rate": CNY_PER_COMPANY_CURRENCY,
                "company_id": cls.company.id,
                "name": "2020-01-01",
            }
        )
        cls.env["ir.config_parameter"].set_param(SALE_MARKUP_PARAM, "50")
        cls.importer = cls.env["taobao.product.importer"]
        catalog = cls.sandbox.catalog
        cls.small_item = catalog.find(min_skus=4, max_skus=12)
        cls.item_without_skus = catalog.find(has_skus=False)
        cls.big_item = catalog.find(min_skus=300, max_skus=330)
        cls.undistributable_item = catalog.find(distributable=False)

    def _import(self, item):
        return self.importer._import_item(item.item_id)

    @contextlib.contextmanager
    def _statements(self):
        """The SQL statements run on the test cursor meanwhile, as text."""
        statements, execute = [], type(self.env.cr).execute

        def record(cursor, query, params=None, log_exceptions=True):
            statements.append(str(getattr(query, "code", query)).strip())
            return execute(cursor, query, params, log_exceptions)

        with mock.patch.object(type(self.env.cr), "execute", record):
            yield statements

    def _variants_by_sku(self, template):
        return {variant.taobao_sku_id: variant for variant in template.product_variant_ids}

    def _counts(self):
        return (
            self.env["product.template"].search_count([]),
            self.env["product.product"].with_context(active_test=False).search_count([]),
            self.env["product.attribute"].search_count([]),
            self.env["product.attribute.value"].search_count([]),
            self.env["product.supplierinfo"].search_count([]),
        )

    # --- Search and detail ------------------------------------------------------------

    def test_search_pages_within_the_api_limit(self):
        wizard = self.env["taobao.product.search.wizard"].create({"keyword": "fashion"})
        self.assertEqual(wizard.page_size, 20)
        wizard.action_search()
        self.assertEqual((wizard.page_no, len(wizard.result_ids)), (1, 20))
        self.assertTrue(wizard.has_more)
        first_page = set(wizard.result_ids.mapped("item_id"))
        result = wizard.result_ids[0]
        catalog_item = self.sandbox.catalog.get(result.item_id)
        self.assertEqual(result.title, catalog_item.title)
        self.assertEqual(result.shop_name, catalog_item.shop_name)
        self.assertTrue(result.image_url.startswith("https://"))
        self.assertGreater(result.price, 0)

        wizard.action_next_page()
        self.assertEqual((wizard.page_no, len(wizard.result_ids)), (2, 3))
        self.assertFalse(wizard.has_more)
        self.assertFalse(first_page & set(wizard.result_ids.mapped("item_id")))
        wizard.action_previous_page()
        self.assertEqual(set(wizard.result_ids.mapped("item_id")), first_page)

        with self.assertRaises(UserError):
            wizard.page_size = 50

    def test_search_without_results_or_with_api_error_says_what_to_do(self):
        wizard = self.env["taobao.product.search.wizard"].create({"keyword": "zzznothing"})
        wizard.action_search()
        self.assertFalse(wizard.result_ids)
        self.assertEqual(wizard.message_level, "warning")
        self.assertIn("zzznothing", wizard.message)

        wizard.keyword = "fashion"
        self.sandbox.faults.inject(endpoints.SEARCH_ITEMS, "html", times=3)
        wizard.action_search()
        self.assertEqual(wizard.message_level, "danger")
        self.assertFalse(wizard.result_ids)

    def test_detail_shows_images_and_skus(self):
        item = self.small_item
        wizard = self.env["taobao.product.search.wizard"].create({"keyword": str(item.title)})
        wizard.action_search()
        result = wizard.result_ids.filtered(lambda r: r.item_id == str(item.item_id))
        detail = self.env["taobao.product.detail.wizard"].browse(
            result.action_open_detail()["res_id"]
        )
        self.assertTrue(detail.loaded)
        self.assertFalse(detail.message)
        self.assertEqual(detail.mp_id, item.mp_id)
        self.assertEqual(detail.image_ids.mapped("url"), item.pic_urls)
        self.assertEqual(len(detail.sku_ids), len(item.skus))
        for sku, line in zip(item.skus, detail.sku_ids, strict=True):
            self.assertEqual(line.sku_id, str(sku.sku_id))
            self.assertEqual(line.mp_sku_id, str(sku.mp_sku_id))
            self.assertEqual(line.price, sku.price / 100)
            self.assertEqual(line.stock, sku.quantity)
            for prop in sku.properties:
                self.assertIn(f"{prop.prop_name}: {prop.value_name}", line.properties)

    def test_detail_of_an_item_that_cannot_be_bought(self):
        detail = self.env["taobao.product.detail.wizard"].create(
            {"item_id": str(self.undistributable_item.item_id)}
        )
        detail._load()
        self.assertTrue(detail.loaded)
        self.assertFalse(detail.mp_id)
        self.assertEqual(detail.message_level, "danger")
        self.assertIn("not open to distribution", detail.message)

    # --- Import -----------------------------------------------------------------------

    def test_import_builds_attributes_values_and_variants(self):
        item = self.small_item
        result = self._import(item)
        template = result.template
        self.assertTrue(result.created)
        self.assertEqual(template.taobao_item_id, str(item.item_id))
        self.assertEqual(template.taobao_mp_id, item.mp_id)
        self.assertEqual(template.name, item.title)
        self.assertEqual(template.taobao_shop_name, item.shop_name)
        self.assertEqual(template.taobao_image_url, item.pic_urls[0])
        self.assertIn(item.pic_urls[0], template.description)
        self.assertEqual(template.company_id, self.company)

        dimensions = {}
        for sku in item.skus:
            for prop in sku.properties:
                dimensions.setdefault(prop.prop_name, set()).add(prop.value_name)
        lines = template.attribute_line_ids
        self.assertEqual(set(lines.attribute_id.mapped("name")), set(dimensions))
        self.assertEqual(set(lines.attribute_id.mapped("create_variant")), {"dynamic"})
        for line in lines:
            self.assertEqual(
                set(line.value_ids.mapped("name")), dimensions[line.attribute_id.name]
            )

        variants = self._variants_by_sku(template)
        self.assertEqual(len(template.product_variant_ids), len(item.skus))
        for sku in item.skus:
            variant = variants[str(sku.sku_id)]
            self.assertEqual(variant.taobao_mp_sku_id, str(sku.mp_sku_id))
            self.assertEqual(variant.taobao_price_fen, sku.price)
            self.assertEqual(variant.taobao_stock, sku.quantity)
            self.assertFalse(variant.taobao_sku_removed)
            self.assertEqual(
                {
                    (ptav.attribute_id.name, ptav.name)
                    for ptav in variant.product_template_attribute_value_ids
                },
                {(prop.prop_name, prop.value_name) for prop in sku.properties},
            )

        vendor_line = template.seller_ids
        self.assertEqual(len(vendor_line), 1)
        self.assertEqual(vendor_line.partner_id.name, item.shop_name)
        self.assertEqual(vendor_line.currency_id, self.cny)
        self.assertEqual(vendor_line.price, min(sku.price for sku in item.skus) / 100)

    def test_item_without_skus_is_a_single_variant(self):
        item = self.item_without_skus
        template = self._import(item).template
        variant = template.product_variant_ids
        self.assertEqual(len(variant), 1)
        self.assertFalse(template.attribute_line_ids)
        self.assertFalse(variant.taobao_sku_id)
        self.assertEqual(variant.taobao_price_fen, item.price)
        self.assertEqual(variant.taobao_stock, item.quantity)

    def test_reimport_updates_in_place_and_reuses_attributes(self):
        item = self.small_item
        template = self._import(item).template
        variant_ids = template.product_variant_ids.ids
        counts = self._counts()
        sku = item.skus[0]
        self.sandbox.catalog.set_sku_price(item.item_id, sku.sku_id, sku.price + 1000)
        self.sandbox.catalog.set_sku_stock(item.item_id, sku.sku_id, 3)

        result = self._import(item)
        self.assertFalse(result.created)
        self.assertEqual(result.template, template)
        self.assertEqual(template.product_variant_ids.ids, variant_ids)
        self.assertEqual(self._counts(), counts)
        variant = self._variants_by_sku(template)[str(sku.sku_id)]
        self.assertEqual((variant.taobao_price_fen, variant.taobao_stock), (sku.price + 1000, 3))
        self.assertEqual(len(result.price_changes), 1)

        other_item = self.sandbox.catalog.find(
            min_skus=2, max_skus=12, exclude_items=[item.item_id]
        )
        other = self._import(other_item).template
        shared = set(other.attribute_line_ids.attribute_id.mapped("name")) & set(
            template.attribute_line_ids.attribute_id.mapped("name")
        )
        for name in shared:
            self.assertEqual(self.env["product.attribute"].search_count([("name", "=", name)]), 1)

    def test_reimport_adds_new_skus_as_variants(self):
        item = self.small_item
        removed = item.skus[-1]
        # Import the item as if its last SKU did not exist yet, then import it in full.
        self.sandbox.catalog.remove_sku(item.item_id, removed.sku_id)
        template = self._import(item).template
        self.sandbox.reset()
        result = self._import(item)
        self.assertEqual(result.template, template)
        self.assertIn(str(removed.sku_id), self._variants_by_sku(template))
        self.assertEqual(len(result.new_skus), 1)

    def test_sku_combination_odoo_cannot_represent_is_skipped(self):
        item = self.small_item
        payload = {
            "item_id": item.item_id,
            "title": item.title,
            "price": item.price,
            "skuList": [
                {
                    "sku_id": sku.sku_id,
                    "price": sku.price,
                    "quantity": sku.quantity,
                    "properties": [prop.as_dict() for prop in sku.properties],
                }
                for sku in item.skus
            ],
        }
        duplicate = dict(payload["skuList"][0], sku_id=1)
        payload["skuList"].append(duplicate)
        detail = ItemDetail.model_validate(payload)
        bunker = BunkerItem.model_validate({"item_id": item.item_id, "mp_id": item.mp_id})
        template = self.env["product.template"]
        result = self.importer.sudo()._apply_item(detail, bunker, self.company, template=template)
        self.assertEqual(len(result.template.product_variant_ids), len(item.skus))
        self.assertEqual(len(result.skipped_skus), 1)
        self.assertEqual(len(result.skus_without_mp_sku_id), len(item.skus))

    def test_import_queries_do_not_grow_with_sku_count(self):
        # Warm up the caches (attributes, registry) with one import of each shape.
        self._import(self.sandbox.catalog.find(min_skus=2, max_skus=3))
        self._import(self.sandbox.catalog.find(min_skus=360))

        def queries(item):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = self._import(item)
            self.env.flush_all()
            self.assertEqual(len(result.template.product_variant_ids), len(item.skus))
            return self.env.cr.sql_log_count - before

        def native_queries(count):
            # Odoo's own cost of a template with ``count`` variants, each with its own cost, in
            # this same database (Inventory valuation, for one, adds queries per variant that
            # the import cannot avoid).
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            attribute = self.env["product.attribute"].create(
                {
                    "name": f"Native {count}",
                    "value_ids": [Command.create({"name": f"v{i}"}) for i in range(count)],
                }
            )
            template = self.env["product.template"].create(
                {
                    "name": f"Native {count}",
                    "attribute_line_ids": [
                        Command.create(
                            {"attribute_id": attribute.id, "value_ids": attribute.value_ids.ids}
                        )
                    ],
                }
            )
            for index, variant in enumerate(template.product_variant_ids):
                variant.standard_price = 1.0 + index
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        small = queries(self.small_item)
        big = queries(self.big_item)
        native_growth = native_queries(len(self.big_item.skus)) - native_queries(
            len(self.small_item.skus)
        )
        self.assertGreaterEqual(len(self.big_item.skus) - len(self.small_item.skus), 300)
        # Measured without Inventory: 140 queries for 8 SKUs, 183 for 320. What grows beyond
        # Odoo's own cost of the variants is one query per attribute value (Odoo looks up
        # each template attribute value) and one per batch of 100 rows; nothing per SKU.
        self.assertLess(
            (big - small) - max(native_growth, 0),
            60,
            f"{small} queries for a small item, {big} for 320 SKUs; Odoo's own variants "
            f"grow by {native_growth}",
        )

    def test_prices_are_converted_from_cny_with_markup(self):
        item = self.small_item
        template = self._import(item).template
        currency = self.company.currency_id
        for sku in item.skus:
            variant = self._variants_by_sku(template)[str(sku.sku_id)]
            cost = sku.price / 100 / CNY_PER_COMPANY_CURRENCY
            self.assertAlmostEqual(variant.standard_price, currency.round(cost), places=2)
            self.assertAlmostEqual(variant.lst_price, cost * 1.5, delta=0.02 * 3)
        self.assertAlmostEqual(
            template.list_price,
            min(sku.price for sku in item.skus) / 100 / CNY_PER_COMPANY_CURRENCY * 1.5,
            delta=0.01,
        )

        self.env["ir.config_parameter"].set_param(SALE_MARKUP_PARAM, "100")
        template = self._import(self.item_without_skus).template
        cost = self.item_without_skus.price / 100 / CNY_PER_COMPANY_CURRENCY
        self.assertAlmostEqual(template.standard_price, cost, delta=0.01)
        self.assertAlmostEqual(template.list_price, cost * 2, delta=0.01)

    def test_taobao_user_imports_without_product_rights(self):
        def user(login, *groups):
            return self.env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "groups_id": [Command.set([self.env.ref(group).id for group in groups])],
                }
            )

        buyer = user("taobao_buyer", "taobao_purchase.group_taobao_user")
        self.assertFalse(buyer.has_group("sales_team.group_sale_manager"))
        detail = (
            self.env["taobao.product.detail.wizard"]
            .with_user(buyer)
            .create({"item_id": str(self.small_item.item_id)})
        )
        detail.action_import()
        self.assertEqual(detail.message_level, "info", detail.message)
        self.assertEqual(
            len(detail.product_tmpl_id.product_variant_ids), len(self.small_item.skus)
        )

        salesman = user("plain_salesman", "sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.importer.with_user(salesman)._import_item(self.small_item.item_id)

    def test_missing_cny_rate_blocks_the_import(self):
        self.env["res.currency.rate"].search([("currency_id", "=", self.cny.id)]).unlink()
        counts = self._counts()
        with self.assertRaisesRegex(UserError, "CNY exchange rate"):
            self._import(self.small_item)
        self.assertEqual(self._counts(), counts)

    # --- Errors -----------------------------------------------------------------------

    def test_api_failure_mid_import_leaves_nothing_behind(self):
        counts = self._counts()
        self.sandbox.faults.inject(endpoints.GET_BUNKER, "http_500", times=3)
        detail = self.env["taobao.product.detail.wizard"].create(
            {"item_id": str(self.small_item.item_id)}
        )
        detail.action_import()
        self.assertEqual(detail.message_level, "danger")
        self.assertIn("Nothing was imported", detail.message)
        self.assertFalse(detail.product_tmpl_id)
        self.assertEqual(self._counts(), counts)

    def test_failure_while_writing_rolls_the_import_back(self):
        counts = self._counts()
        with mock.patch.object(
            TaobaoProductImporter, "_update_vendor", side_effect=UserError("vendor failed")
        ):
            detail = self.env["taobao.product.detail.wizard"].create(
                {"item_id": str(self.small_item.item_id)}
            )
            detail.action_import()
        self.assertIn("vendor failed", detail.message)
        self.assertEqual(self._counts(), counts)

    def test_item_not_open_to_distribution_is_not_imported(self):
        counts = self._counts()
        wizard = self.env["taobao.product.search.wizard"].create(
            {"keyword": self.undistributable_item.title}
        )
        wizard.action_search()
        result = wizard.result_ids.filtered(
            lambda r: r.item_id == str(self.undistributable_item.item_id)
        )
        result.action_import()
        self.assertEqual(wizard.message_level, "danger")
        self.assertIn("another shop", wizard.message)
        self.assertFalse(result.product_tmpl_id)
        self.assertEqual(self._counts(), counts)

    # --- Refresh ----------------------------------------------------------------------

    def test_refresh_reports_changed_and_removed_skus(self):
        item = self.small_item
        template = self._import(item).template
        changed, removed = item.skus[0], item.skus[1]
        self.sandbox.catalog.set_sku_price(item.item_id, changed.sku_id, changed.price + 500)
        self.sandbox.catalog.remove_sku(item.item_id, removed.sku_id)
        unchanged = self._import(self.item_without_skus).template

        action = (template | unchanged).action_taobao_refresh()
        summary = self.env[action["res_model"]].browse(action["res_id"]).summary
        variants = self._variants_by_sku(template)
        self.assertEqual(variants[str(changed.sku_id)].taobao_price_fen, changed.price + 500)
        self.assertFalse(variants[str(changed.sku_id)].taobao_sku_removed)
        self.assertTrue(variants[str(removed.sku_id)].taobao_sku_removed)
        self.assertTrue(variants[str(removed.sku_id)].active)
        self.assertEqual(len(template.product_variant_ids), len(item.skus))
        self.assertIn("prices changed", summary)
        self.assertIn("gone from Taobao", summary)
        self.assertIn("up to date", summary)

    def test_nothing_changed_writes_nothing(self):
        """Odoo writes a value it has not read, even when it is the same (with the write
        date and whatever depends on it): a refresh or a re-import of an unchanged item, in
        a new request, writes no product row."""
        item = self.small_item
        template = self._import(item).template
        self.env.flush_all()
        for again in (template.action_taobao_refresh, lambda: self._import(item)):
            # as in a new request: Odoo skips a value equal to the one in its cache only
            self.env.invalidate_all()
            with self.subTest(again=again), self._statements() as statements:
                again()
                self.env.flush_all()
            products = ("product_template", "product_product", "product_supplierinfo")
            written = [
                statement
                for statement in statements
                if statement.split(None, 1)[0] in ("UPDATE", "INSERT")
                and any(table in statement for table in products)
            ]
            self.assertEqual(written, [])

    def test_an_unchanged_item_writes_no_template_nor_vendor_line(self):
        """Writing a template, even its same sale price, recomputes the stored write date
        of every one of its variants: a re-import of an unchanged item writes neither the
        template nor its vendor line."""
        template = self._import(self.big_item).template
        written = []
        with contextlib.ExitStack() as stack:
            for model in ("product.template", "product.supplierinfo"):
                model_class = type(self.env[model])

                def spy(records, vals, original=model_class.write):
                    written.append((records._name, sorted(vals)))
                    return original(records, vals)

                stack.enter_context(mock.patch.object(model_class, "write", spy))
            self.env.invalidate_all()
            self.assertEqual(self._import(self.big_item).template, template)
        self.assertEqual(written, [])

    def test_first_import_creates_variants_with_their_values(self):
        """Each variant is created with its SKU's Taobao values: a first import updates no
        variant row after inserting it."""
        with self._statements() as statements:
            template = self._import(self.big_item).template
            self.env.flush_all()
        # Odoo's own stored computations (combination indices...) are updated after the insert
        written_again = [
            s
            for s in statements
            if s.startswith('UPDATE "product_product"')
            and any(f'"{name}"' in s for name in ("taobao_sku_id", "taobao_price_fen"))
        ]
        self.assertEqual(written_again, [])
        variants = template.product_variant_ids
        self.assertEqual(len(variants), len(self.big_item.skus))
        sku = ItemDetail.model_validate(payloads.item_detail(self.big_item)).skus[0]
        variant = self._variants_by_sku(template)[str(sku.sku_id)]
        self.assertEqual(
            (variant.taobao_price_fen, variant.taobao_stock), (sku.price_fen, sku.quantity)
        )
        self.assertTrue(variant.standard_price)

    def test_refresh_updates_costs_but_keeps_the_sellers_sale_price(self):
        item = self.small_item
        template = self._import(item).template
        template.list_price = 999.0
        sku = item.skus[0]
        self.sandbox.catalog.set_sku_price(item.item_id, sku.sku_id, sku.price * 2)
        variant = self._variants_by_sku(template)[str(sku.sku_id)]
        cost_before = variant.standard_price
        template.action_taobao_refresh()
        self.assertEqual(template.list_price, 999.0)
        self.assertGreater(variant.standard_price, cost_before)
        self.assertEqual(variant.taobao_price_fen, sku.price * 2)

    def test_refresh_flags_an_item_gone_from_taobao(self):
        template = self._import(self.small_item).template
        self.sandbox.catalog.remove_item(self.small_item.item_id)
        report = self.importer._refresh_templates(template)
        self.assertIn("gone from Taobao", report[0])
        variants = template.with_context(active_test=False).product_variant_ids
        self.assertTrue(all(variants.mapped("taobao_sku_removed")))
        self.assertEqual(set(variants.mapped("taobao_stock")), {0})
        self.assertTrue(template.exists(), "flagged, never deleted")

    def test_refresh_reports_items_that_can_no_longer_be_bought(self):
        template = self._import(self.small_item).template
        self.sandbox.faults.inject(endpoints.GET_BUNKER, "business_1009")
        report = self.importer._refresh_templates(template)
        self.assertIn("can no longer be bought", report[0])

    # --- Sale order -------------------------------------------------------------------

    def test_pick_a_sku_adds_it_to_the_sale_order(self):
        partner = self.env["res.partner"].create({"name": "Buyer"})
        order = self.env["sale.order"].create({"partner_id": partner.id})
        item = self.small_item
        search = (
            self.env["taobao.product.search.wizard"]
            .with_context(default_sale_order_id=order.id)
            .create({"keyword": item.title})
        )
        search.action_search()
        result = search.result_ids.filtered(lambda r: r.item_id == str(item.item_id))
        detail = self.env["taobao.product.detail.wizard"].browse(
            result.action_open_detail()["res_id"]
        )
        self.assertEqual(detail.sale_order_id, order)
        sku_line = detail.sku_ids.filtered(lambda line: line.stock > 0)[-1]
        action = sku_line.action_add_to_order()
        self.assertEqual((action["res_model"], action["res_id"]), (detail._name, detail.id))
        self.assertIn(order.name, detail.message, "it says what it added")
        self.assertEqual(order.order_line.product_id.taobao_sku_id, sku_line.sku_id)
        self.assertEqual(order.order_line.product_uom_qty, 1)
        variant = order.order_line.product_id
        self.assertEqual(order.order_line.price_unit, variant.lst_price)

        # Already imported: the variant is reused, not imported again.
        detail.sku_ids[0].action_add_to_order()
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(order.order_line.product_id.product_tmpl_id, variant.product_tmpl_id)

        detail_without_skus = self.env["taobao.product.detail.wizard"].create(
            {"item_id": str(self.item_without_skus.item_id), "sale_order_id": order.id}
        )
        detail_without_skus._load()
        detail_without_skus.action_add_to_order()
        self.assertEqual(
            order.order_line[-1].product_id.taobao_item_id, str(self.item_without_skus.item_id)
        )

    # --- Item dialog: a quantity grid that imports only the chosen SKUs ----------------

    def _item_dialog(self, item, order=None):
        if order is None:
            partner = self.env["res.partner"].create({"name": "Buyer"})
            order = self.env["sale.order"].create({"partner_id": partner.id})
        detail = self.env["taobao.product.detail.wizard"].create(
            {"item_id": str(item.item_id), "sale_order_id": order.id}
        )
        detail._load()
        return detail, order

    def _orderable_rows(self, detail):
        return detail.sku_ids.filtered(lambda row: row.stock > 2 and row.mp_sku_id)

    def test_adding_skus_makes_only_their_variants(self):
        item = self.big_item
        detail, order = self._item_dialog(item)
        first, second, third = self._orderable_rows(detail)[:3]
        first.quantity, second.quantity = 2, 1
        detail.action_add_quantities()
        template = detail.product_tmpl_id
        variants = template.with_context(active_test=False).product_variant_ids
        self.assertGreater(len(item.skus), 300)
        self.assertEqual(
            sorted(variants.mapped("taobao_sku_id")), sorted([first.sku_id, second.sku_id])
        )
        self.assertEqual(order.order_line.product_id, variants)
        used_values = {
            value for row in first | second for value in row._values_by_property().values()
        }
        self.assertEqual(
            set(template.attribute_line_ids.value_ids.mapped("name")),
            used_values,
            "the attribute lines hold the chosen SKUs' values only",
        )
        before = {v.taobao_sku_id: (v.id, v.lst_price, v.standard_price) for v in variants}

        # a third SKU later: its variant is added, the first two are left as they were
        third.action_add_to_order()
        variants = template.with_context(active_test=False).product_variant_ids
        self.assertEqual(len(variants), 3)
        self.assertEqual(len(order.order_line), 3)
        for variant in variants:
            if variant.taobao_sku_id in before:
                self.assertEqual(
                    (variant.id, variant.lst_price, variant.standard_price),
                    before[variant.taobao_sku_id],
                )
        self.assertTrue(all(variants.mapped("active")))
        self.assertFalse(any(variants.mapped("taobao_sku_removed")))

        # a refresh updates these three and makes no variant of the SKUs nobody chose
        template.action_taobao_refresh()
        self.assertEqual(len(template.with_context(active_test=False).product_variant_ids), 3)

        # importing the whole item later makes the others, priced as the first ones
        prices = {v.taobao_sku_id: (v.id, v.lst_price) for v in variants}
        self._import(item)
        variants = template.product_variant_ids
        self.assertEqual(len(variants), len(item.skus))
        for variant in variants.filtered(lambda v: v.taobao_sku_id in prices):
            self.assertEqual((variant.id, variant.lst_price), prices[variant.taobao_sku_id])

    def test_a_rows_add_uses_its_quantity_and_keeps_the_dialog_open(self):
        detail, order = self._item_dialog(self.small_item)
        first, second, third = self._orderable_rows(detail)[:3]
        first.quantity, third.quantity = 3, 2

        action = first.action_add_to_order()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual((action["res_model"], action["res_id"]), (detail._name, detail.id))
        self.assertEqual(action["target"], "new")
        line = order.order_line
        self.assertEqual((line.product_id.taobao_sku_id, line.product_uom_qty), (first.sku_id, 3))
        self.assertEqual(detail.message_level, "info")
        self.assertIn(order.name, detail.message)
        self.assertIn(f"3 × {line.product_id.display_name}", detail.message)
        self.assertEqual(first.quantity, 0, "added: its quantity is cleared")
        self.assertEqual(third.quantity, 2, "another row's quantity is kept")

        second.action_add_to_order()  # no quantity typed: one
        line = order.order_line - line
        self.assertEqual((line.product_id.taobao_sku_id, line.product_uom_qty), (second.sku_id, 1))
        self.assertIn(f"1 × {line.product_id.display_name}", detail.message)
        self.assertEqual(len(detail.product_tmpl_id.product_variant_ids), 2, "only the SKUs added")

    def test_sku_filter_applies_as_values_are_chosen(self):
        item = self.sandbox.catalog.find(min_skus=8, max_skus=40)
        detail, _order = self._item_dialog(item)
        first = item.skus[0].properties[0]
        value = detail.value_ids.filtered(
            lambda v: v.prop_name == first.prop_name and v.value_name == first.value_name
        )
        with Form(detail) as form:
            form.filter_value_ids.add(value)
            # no button clicked: the onchange filtered the rows
            self.assertLess(len(form.shown_sku_ids), len(detail.sku_ids))
            self.assertGreater(len(form.shown_sku_ids), 0)
            for row in form.shown_sku_ids:
                self.assertIn(f"{first.prop_name}: {first.value_name}", row.properties)
            form.filter_value_ids.remove(value.id)
            self.assertEqual(len(form.shown_sku_ids), len(detail.sku_ids))

        # the rows' quantities are saved through the filtered list, as the dialog does
        row = detail.sku_ids[-1]
        detail.write({"shown_sku_ids": [Command.update(row.id, {"quantity": 4})]})
        self.assertEqual(row.quantity, 4)
        self.assertEqual(len(detail.sku_ids), len(item.skus), "no row lost")


@tagged("post_install", "-at_install")
class TestSparseItems(TaobaoSandboxCase):
    """A sparse SKU grid makes only its SKUs' variants, past Odoo's 1000 limit too."""

    def sparse_item(self, sizes, sku_count):
        """An item whose SKUs cover ``sku_count`` cells of a grid of ``sizes`` values."""
        item = grid_item(1234567890123, sizes, sku_count, step=7)
        detail = ItemDetail.model_validate(payloads.item_detail(item))
        bunker = BunkerItem.model_validate(payloads.bunker_product(item))
        return detail, bunker

    def test_a_sparse_grid_makes_only_the_skus_variants(self):
        detail, bunker = self.sparse_item((9, 9, 9), 100)
        importer = self.env["taobao.product.importer"]
        result = importer._writer(self.company)._apply_item(
            detail, bunker, self.company, self.env["product.template"]
        )
        variants = result.template.with_context(active_test=False).product_variant_ids
        self.assertEqual(len(variants), 100, "729 combinations, 100 SKUs: 100 variants")
        self.assertTrue(all(variants.mapped("active")))
        self.assertEqual(len(set(variants.mapped("taobao_sku_id"))), 100)

    def test_an_item_past_odoos_variant_limit_imports(self):
        detail, bunker = self.sparse_item((11, 11, 11), 120)  # 1331 combinations
        importer = self.env["taobao.product.importer"]
        result = importer._writer(self.company)._apply_item(
            detail, bunker, self.company, self.env["product.template"]
        )
        self.assertEqual(len(result.template.product_variant_ids), 120)
        # a refresh with the same SKUs creates nothing and writes nothing new
        again = importer._writer(self.company)._apply_item(
            detail, bunker, self.company, result.template, content=False
        )
        self.assertEqual(len(again.template.product_variant_ids), 120)
