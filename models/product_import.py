# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import logging
from dataclasses import dataclass, field

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools.image import image_process
from odoo.tools.misc import clean_context

from ..dajisaas import DajisaasError, NotFoundError, UnavailableSkuError, format_yuan
from ..dajisaas.image_download import ImageRefused, download_image
from .chatter import taobao_note
from .wording import error_text

_logger = logging.getLogger(__name__)

SALE_MARKUP_PARAM = "taobao_purchase.sale_markup_percent"
DEFAULT_SALE_MARKUP_PERCENT = 50.0


VARIANT_CREATION = "dynamic"
"""How imported attributes make variants: only the combinations a Taobao SKU has."""


def sku_label(sku):
    """The SKU as a buyer reads it: ``颜色分类: 黑色 / 尺码: M`` (its id when it has none)."""
    label = " / ".join(
        f"{prop.prop_name}: {prop.value_name}" for prop in sku.properties if prop.value_name
    )
    return label or str(sku.sku_id)


def _clean(text):
    return (text or "").strip()


def _changed(record, values):
    """The ``values`` that differ from what ``record`` holds. A value written again, even
    unchanged, recomputes what depends on it: a template's list price, the stored write
    date of each of its variants (a thousand for a large item)."""
    changed = {}
    for name, value in values.items():
        field = record._fields[name]
        # as Odoo would store it: an HTML description sanitized, a price rounded
        if field.convert_to_record(field.convert_to_cache(value, record), record) != record[name]:
            changed[name] = value
    return changed


@dataclass
class ItemImportResult:
    """What importing or refreshing one Taobao item changed, to be reported to the user."""

    template: models.BaseModel
    created: bool
    new_skus: list[str] = field(default_factory=list)
    removed_skus: list[str] = field(default_factory=list)
    price_changes: list[str] = field(default_factory=list)
    skipped_skus: list[str] = field(default_factory=list)
    skus_without_mp_sku_id: list[str] = field(default_factory=list)


class TaobaoProductImporter(models.AbstractModel):
    """Turns Taobao items into product templates and variants carrying their Taobao ids.

    Every API call of an item (detail and bunker) is made before anything is written, and
    the writes run in a savepoint: a failed import leaves nothing behind.
    """

    _name = "taobao.product.importer"
    _description = "Taobao Product Importer"

    # --- Entry points -----------------------------------------------------------------

    @api.model
    def _import_item(self, item_id, company=None, sku_ids=None):
        """Import the Taobao item ``item_id``, or update its product if already imported.

        :param company: the company whose DajiSaaS account and currency are used
        :param sku_ids: the ids of the SKUs to make variants of (the variants already made
            are updated too); ``None``: every SKU of the item
        :rtype: ItemImportResult
        :raise DajisaasError: the API failed; nothing was written
        :raise UserError: the configuration prevents the import; nothing was written
        """
        company = company or self.env.company
        self.env["taobao.access"]._check(company)
        company._taobao_check_cny_rate()
        with company._taobao_client() as client:
            detail = client.get_item(item_id)
            bunker = client.get_bunker(item_id)
        template = self._find_template(detail.item_id, company)
        image = self._download_main_image(detail, template)
        with self.env.cr.savepoint():
            return self._writer(company)._apply_item(
                detail, bunker, company, template=template, image=image, sku_ids=sku_ids
            )

    @api.model
    def _refresh_templates(self, templates):
        """Re-read the Taobao items of ``templates`` and update prices, stock and mpIds.

        One detail and one bunker call per item. Only the variants made already are updated:
        variants are made on demand, by importing the item or adding its SKUs to an order
        (a refresh cannot tell a SKU new on Taobao from one the seller did not choose). SKUs
        gone from Taobao are flagged on their variant, never deleted.

        :return: one line of text per item, saying what changed or went wrong
        :rtype: list[str]
        """
        self.env["taobao.access"]._check(templates.company_id | self.env.company)
        report = []
        for template in templates.filtered("taobao_item_id"):
            company = template.company_id or self.env.company
            report.append(self._refresh_template(template, company))
        return report

    @api.model
    def _refresh_template(self, template, company):
        name = template.display_name
        try:
            company._taobao_check_cny_rate()
            with company._taobao_client(record=template) as client:
                detail = client.get_item(template.taobao_item_id)
                bunker = client.get_bunker(template.taobao_item_id)
        except NotFoundError:
            self._flag_item_gone(template)
            return self.env._(
                "%(product)s: the item is gone from Taobao; its variants are flagged.",
                product=name,
            )
        except UnavailableSkuError as error:
            return self.env._(
                "%(product)s: can no longer be bought through DajiSaaS (%(reason)s).",
                product=name,
                reason=error.details.get("message") or error_text(self.env, error),
            )
        except (DajisaasError, UserError) as error:
            return self.env._(
                "%(product)s: not refreshed: %(reason)s",
                product=name,
                reason=error_text(self.env, error),
            )
        try:
            with self.env.cr.savepoint():
                result = self._writer(company)._apply_item(
                    detail, bunker, company, template=template, content=False, sku_ids=()
                )
        except UserError as error:
            return self.env._("%(product)s: not refreshed: %(reason)s", product=name, reason=error)
        return self._describe_refresh(name, result)

    @api.model
    def _writer(self, company):
        """This model as the importer writes: Taobao users may import without product
        rights, and the wizard's ``default_*`` keys must not reach the products."""
        return self.with_context(**clean_context(self.env.context)).sudo().with_company(company)

    # --- Checks and settings ----------------------------------------------------------

    @api.model
    def _sale_markup_percent(self):
        """The markup of the sale price over the Taobao cost, in percent."""
        value = self.env["ir.config_parameter"].sudo().get_param(SALE_MARKUP_PARAM)
        try:
            return float(value) if value else DEFAULT_SALE_MARKUP_PERCENT
        except ValueError:
            _logger.warning("Ignoring %s=%r: not a number", SALE_MARKUP_PARAM, value)
            return DEFAULT_SALE_MARKUP_PERCENT

    @api.model
    def _find_template(self, item_id, company):
        return (
            self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("taobao_item_id", "=", str(item_id)), ("company_id", "in", [company.id, False])],
                order="company_id",
                limit=1,
            )
        )

    @api.model
    def _image_downloader(self):
        """The function that fetches a picture (``url -> bytes``); tests replace it."""
        return download_image

    @api.model
    def _download_main_image(self, detail, template):
        """Best effort: the item's main picture, or False (never fails the import)."""
        url = detail.pic_urls[0] if detail.pic_urls else ""
        if not url or url == template.taobao_image_url:
            return False
        try:
            content = self._image_downloader()(url)
        except ImageRefused as refused:
            _logger.info(
                "Main image of Taobao item %s not downloaded: %s", detail.item_id, refused
            )
            return False
        try:
            image_process(content, verify_resolution=True)
        except (UserError, ValueError):
            return False
        return base64.b64encode(content)

    # --- Import -----------------------------------------------------------------------

    @api.model
    def _apply_item(
        self, detail, bunker, company, template, image=False, content=True, sku_ids=None
    ):
        """Write the item on its template and variants (created when ``template`` is empty).

        Only the SKUs of ``sku_ids`` get a new variant, and only their values are added to
        the template's attribute lines: the attributes are dynamic, so Odoo makes no other
        combination, and a product configurator offers only values of imported SKUs. Sale
        prices are worked out from every SKU of the item, so that they stay the same when
        more SKUs are added later.

        :param content: also update the title, description and image (import), not only
            prices, stock and ids (refresh)
        :param sku_ids: the ids of the SKUs to make variants of, besides those made already;
            ``None``: every SKU
        :rtype: ItemImportResult
        """
        template = template.with_env(self.env)
        wanted = None if sku_ids is None else {str(sku_id) for sku_id in sku_ids}
        dimensions = self._sku_dimensions(detail.skus)
        # a refresh makes no variant and sets no sale price: it needs no attribute value
        refresh = bool(template) and not content and wanted == set()
        values_by_name = {} if refresh else self._attribute_values(dimensions)
        template_values = {
            "taobao_item_id": str(detail.item_id),
            "taobao_mp_id": bunker.mp_id,
            "taobao_shop_name": detail.shop_name,
        }
        keep_content = bool(template) and template.taobao_seller_content
        if keep_content and content:
            self._propose_content(template, detail)
        elif content or not template:
            template_values.update(
                name=_clean(detail.title) or str(detail.item_id),
                description=detail.description or False,
                taobao_image_url=detail.pic_urls[0] if detail.pic_urls else False,
            )
            if image:
                template_values["image_1920"] = image
        # a product the seller linked by hand keeps its own attributes and variants: its
        # SKUs are found by the ids the link stored, and its sale prices are the seller's
        hand_linked = bool(template.attribute_line_ids) and not set(
            template.attribute_line_ids.attribute_id.mapped("name")
        ) <= set(dimensions)
        line_commands = (
            []
            if hand_linked
            else self._attribute_line_commands(
                template,
                dimensions
                if wanted is None
                else self._sku_dimensions([s for s in detail.skus if str(s.sku_id) in wanted]),
                values_by_name,
            )
        )
        if line_commands:
            template_values["attribute_line_ids"] = line_commands
        created = not template
        if created:
            template = self.env["product.template"].create(
                dict(
                    template_values,
                    type="consu",
                    sale_ok=True,
                    company_id=company.id,
                    # DajiSaaS is paid for what is ordered; nothing is received in stock
                    purchase_method="purchase",
                )
            )
        else:
            # a value written again, even unchanged, recomputes what depends on it (the
            # variants' stored Taobao item id): only what changed is written
            always = {"attribute_line_ids", "image_1920"}
            changed = _changed(
                template, {k: v for k, v in template_values.items() if k not in always}
            )
            changed.update({k: v for k, v in template_values.items() if k in always})
            if changed:
                template.write(changed)
        result = ItemImportResult(template=template, created=created)
        self._update_variants(
            template, detail, bunker, company, values_by_name, result, hand_linked, wanted
        )
        if (created or content) and not hand_linked and not keep_content:
            # a refresh updates costs, stock and ids, never the seller's sale prices
            self._update_sale_prices(template, detail, company, values_by_name)
        self._update_vendor(template, detail, company)
        return result

    @api.model
    def _propose_content(self, template, detail):
        """Tell, in the product's chatter, how Taobao's title and description differ from
        the seller's own, which an import leaves as they are."""
        changes = []
        title = _clean(detail.title)
        if title and title != template.name:
            changes.append(self.env._("Taobao's title: %(title)s", title=title))
        if detail.description and detail.description != (template.description or ""):
            changes.append(self.env._("Taobao's description changed."))
        if changes:
            template.sudo()._message_log(
                body=taobao_note(
                    self.env._(
                        "This product's name, description, picture and sale prices are the "
                        "seller's, so the import left them as they are. %(changes)s",
                        changes=" ".join(changes),
                    )
                )
            )

    @api.model
    def _sku_dimensions(self, skus):
        """Property names in order of appearance, each with its value names in order."""
        dimensions = {}
        for sku in skus:
            for prop in sku.properties:
                name, value = _clean(prop.prop_name), _clean(prop.value_name)
                if name and value:
                    dimensions.setdefault(name, {}).setdefault(value, None)
        return {name: list(values) for name, values in dimensions.items()}

    @api.model
    def _attribute_values(self, dimensions):
        """The ``product.attribute.value`` of each (property name, value name), created
        when missing; attributes and values are shared by name between items.

        Attributes create their variants dynamically: a Taobao SKU grid is often sparse
        (100 SKUs of a 9×9×9 grid), so only the combinations a SKU has are made, and items
        past Odoo's 1000-combination limit for generated variants import too."""
        if not dimensions:
            return {}
        Attribute = self.env["product.attribute"]
        attributes = {}
        for attribute in Attribute.search(
            [("name", "in", list(dimensions)), ("create_variant", "=", VARIANT_CREATION)],
            order="id",
        ):
            attributes.setdefault(attribute.name, attribute)
        missing = [name for name in dimensions if name not in attributes]
        if missing:
            created = Attribute.create(
                [{"name": name, "create_variant": VARIANT_CREATION} for name in missing]
            )
            attributes.update(zip(missing, created, strict=True))

        Value = self.env["product.attribute.value"]
        attribute_ids = [attributes[name].id for name in dimensions]
        existing = {
            (value.attribute_id.id, value.name): value
            for value in Value.search([("attribute_id", "in", attribute_ids)])
        }
        to_create = [
            (name, value_name)
            for name, value_names in dimensions.items()
            for value_name in value_names
            if (attributes[name].id, value_name) not in existing
        ]
        created = Value.create(
            [{"attribute_id": attributes[name].id, "name": value} for name, value in to_create]
        )
        for (name, value_name), value in zip(to_create, created, strict=True):
            existing[attributes[name].id, value_name] = value
        return {
            (name, value_name): existing[attributes[name].id, value_name]
            for name, value_names in dimensions.items()
            for value_name in value_names
        }

    @api.model
    def _attribute_line_commands(self, template, dimensions, values_by_name):
        """Commands adding the attributes and values the template lacks (none removed, so
        the variants of SKUs gone from Taobao stay, flagged)."""
        lines = {line.attribute_id: line for line in template.attribute_line_ids}
        commands = []
        for name, value_names in dimensions.items():
            values = self.env["product.attribute.value"].concat(
                *(values_by_name[name, value_name] for value_name in value_names)
            )
            line = lines.get(values.attribute_id)
            if not line:
                commands.append(
                    Command.create(
                        {
                            "attribute_id": values.attribute_id.id,
                            "value_ids": [Command.set(values.ids)],
                        }
                    )
                )
            elif values - line.value_ids:
                commands.append(
                    Command.update(
                        line.id,
                        {"value_ids": [Command.link(v.id) for v in values - line.value_ids]},
                    )
                )
        return commands

    @api.model
    def _update_variants(
        self,
        template,
        detail,
        bunker,
        company,
        values_by_name,
        result,
        hand_linked=False,
        wanted=None,
    ):
        """Map each SKU to the variant of its value combination and write its Taobao data.

        Each variant gets its own values, which the ORM flushes as one batched UPDATE.

        :param wanted: the ids (text) of the SKUs to make variants of; ``None``: all
        """
        mp_sku_ids = {sku.sku_id: sku.mp_sku_id for sku in bunker.skus}
        cost = self._cost_converter(company)
        created = self.env["product.product"]
        if not hand_linked:
            created = self._create_sku_variants(
                template,
                detail,
                values_by_name,
                wanted,
                lambda sku: self._sku_values(sku, detail, mp_sku_ids, cost),
            )
        variants = template.with_context(active_test=False).product_variant_ids
        variant_by_key = None  # made only when a SKU has no linked variant
        sku_of_variant = {}
        if not detail.skus:
            sku_of_variant[variants[:1]] = None
        by_sku_id = {v.taobao_sku_id: v for v in variants if v.taobao_sku_id}
        for sku in detail.skus:
            linked = by_sku_id.get(str(sku.sku_id))
            if linked is not None and linked not in sku_of_variant:
                sku_of_variant[linked] = sku
                continue
            if hand_linked:
                continue  # a SKU the seller did not link: nothing of theirs to write
            if wanted is not None and str(sku.sku_id) not in wanted:
                continue  # not chosen: it gets no variant
            if variant_by_key is None:
                variant_by_key = {
                    frozenset(
                        variant.product_template_attribute_value_ids.product_attribute_value_id.ids
                    ): variant
                    for variant in variants
                }
            key = frozenset(
                values_by_name[_clean(prop.prop_name), _clean(prop.value_name)].id
                for prop in sku.properties
                if _clean(prop.prop_name) and _clean(prop.value_name)
            )
            variant = variant_by_key.get(key)
            if variant is None or variant in sku_of_variant:
                result.skipped_skus.append(sku_label(sku))
                continue
            sku_of_variant[variant] = sku

        unused = self.env["product.product"]
        digits = variants._fields["standard_price"].get_digits(self.env)[1]
        for variant in variants:
            if variant in sku_of_variant:
                sku = sku_of_variant[variant]
                self._write_sku(
                    variant, sku, detail, mp_sku_ids, cost, result, variant in created, digits
                )
            elif variant.taobao_sku_id:
                if not variant.taobao_sku_removed:
                    result.removed_skus.append(variant.display_name)
                variant.write({"taobao_sku_removed": True, "taobao_stock": 0})
            elif variant.active and not hand_linked:
                unused |= variant
        # value combinations no Taobao SKU has (a product linked by hand may have them)
        unused.write({"active": False})

    @api.model
    def _create_sku_variants(self, template, detail, values_by_name, wanted, sku_values):
        """Create, in one batch, the variants of the SKUs' value combinations not made yet
        (attributes are dynamic: Odoo makes none by itself); only those of the SKUs of
        ``wanted`` (ids as text) when given. Each is created with its SKU's Taobao values
        (``sku_values(sku)``), so that a first import writes no variant a second time.

        :return: the variants created
        """
        Product = self.env["product.product"]
        lines = template.attribute_line_ids
        skus = [s for s in detail.skus if wanted is None or str(s.sku_id) in wanted]
        if not skus or not lines:
            return Product
        variants = template.with_context(active_test=False).product_variant_ids
        linked = set(variants.mapped("taobao_sku_id"))
        skus = [sku for sku in skus if str(sku.sku_id) not in linked]
        if not skus:
            return Product  # a refresh or a re-import: every SKU has its variant
        ptav_of = {
            ptav.product_attribute_value_id.id: ptav for ptav in lines.product_template_value_ids
        }
        existing = {
            frozenset(variant.product_template_attribute_value_ids.ids) for variant in variants
        }
        to_create = []
        for sku in skus:
            ptavs = [
                ptav_of.get(values_by_name[_clean(p.prop_name), _clean(p.value_name)].id)
                for p in sku.properties
                if _clean(p.prop_name) and _clean(p.value_name)
            ]
            if not ptavs or None in ptavs or len({p.attribute_id for p in ptavs}) != len(lines):
                continue  # not a full combination of the template's attributes
            key = frozenset(p.id for p in ptavs)
            if key not in existing:
                existing.add(key)
                to_create.append((key, sku))
        if not to_create:
            return Product
        # no "Product Variant created" message each: the import's own note says it
        return (
            Product.sudo()
            .with_context(mail_create_nolog=True, tracking_disable=True)
            .create(
                [
                    dict(
                        sku_values(sku),
                        product_tmpl_id=template.id,
                        product_template_attribute_value_ids=[Command.set(list(key))],
                    )
                    for key, sku in to_create
                ]
            )
        )

    @api.model
    def _sku_values(self, sku, detail, mp_sku_ids, cost):
        """A variant's Taobao values for ``sku`` (``None``: the item has no SKUs)."""
        price_fen = sku.price_fen if sku else detail.price_fen
        mp_sku_id = mp_sku_ids.get(sku.sku_id) if sku else None
        return {
            "taobao_sku_id": str(sku.sku_id) if sku else False,
            "taobao_mp_sku_id": str(mp_sku_id) if mp_sku_id else False,
            "taobao_price_fen": price_fen,
            "taobao_stock": sku.quantity if sku else detail.quantity or 0,
            "taobao_sku_removed": False,
            "standard_price": cost(price_fen),
        }

    @api.model
    def _write_sku(
        self, variant, sku, detail, mp_sku_ids, cost, result, just_created=False, cost_digits=2
    ):
        """Write ``sku``'s values on ``variant``, only those that changed, and note in
        ``result`` what a person is told: a SKU new to the product, a price change."""
        values = self._sku_values(sku, detail, mp_sku_ids, cost)
        label = sku_label(sku) if sku else variant.display_name
        if sku and (just_created or not variant.taobao_sku_id) and not result.created:
            result.new_skus.append(label)
        elif variant.taobao_price_fen and variant.taobao_price_fen != values["taobao_price_fen"]:
            result.price_changes.append(
                self.env._(
                    "%(sku)s: %(old)s → %(new)s CNY",
                    sku=label,
                    old=format_yuan(variant.taobao_price_fen),
                    new=format_yuan(values["taobao_price_fen"]),
                )
            )
        if sku and not values["taobao_mp_sku_id"]:
            result.skus_without_mp_sku_id.append(label)
        if not variant.active:
            values["active"] = True
        changed = {
            name: value
            for name, value in values.items()
            if (
                float_compare(variant[name], value, precision_digits=cost_digits)
                if name == "standard_price"
                else (variant[name] or False) != (value or False)
            )
        }
        # a re-import writes only what changed: most SKUs of a refresh are unchanged
        if changed:
            variant.write(changed)

    @api.model
    def _cost_converter(self, company):
        """A function turning a Taobao price in fen into the company currency, today."""
        cny = company._taobao_cny()
        today = fields.Date.context_today(self)

        currency = company.currency_id
        # what Currency._convert does, with the rate looked up once for every SKU
        rate = cny._get_conversion_rate(cny, currency, company, today)

        def cost(fen):
            return currency.round(fen / 100 * rate)

        return cost

    @api.model
    def _update_sale_prices(self, template, detail, company, values_by_name):
        """Sale price = cost × markup, expressed Odoo's way: the template price for the
        cheapest SKU plus a price extra per attribute value.

        Taobao prices one SKU at a time; when they are not the sum of per-value surcharges,
        the template is priced from the dearest SKU so that no variant sells under markup.
        """
        cost = self._cost_converter(company)
        markup = 1 + self._sale_markup_percent() / 100
        prices = {
            frozenset(
                values_by_name[_clean(p.prop_name), _clean(p.value_name)].id
                for p in sku.properties
                if _clean(p.prop_name) and _clean(p.value_name)
            ): sku.price_fen
            for sku in detail.skus
        }
        currency = company.currency_id
        if not prices:
            self._set_list_price(template, cost(detail.price_fen) * markup, currency)
            return
        base_fen = min(prices.values())
        extra_fen = {}
        for key, price_fen in prices.items():
            for value_id in key:
                extra_fen[value_id] = min(extra_fen.get(value_id, price_fen), price_fen)
        extra_fen = {value_id: fen - base_fen for value_id, fen in extra_fen.items()}
        additive = all(
            base_fen + sum(extra_fen[value_id] for value_id in key) == price_fen
            for key, price_fen in prices.items()
        )
        if not additive:
            base_fen, extra_fen = max(prices.values()), {}
        self._set_list_price(template, cost(base_fen) * markup, currency)
        for ptav in template.attribute_line_ids.product_template_value_ids:
            extra = extra_fen.get(ptav.product_attribute_value_id.id, 0)
            price_extra = currency.round(cost(extra) * markup) if extra else 0.0
            if ptav.price_extra != price_extra:
                ptav.price_extra = price_extra

    @api.model
    def _set_list_price(self, template, price, currency):
        changed = _changed(template, {"list_price": currency.round(price)})
        if changed:
            template.write(changed)

    @api.model
    def _update_vendor(self, template, detail, company):
        """One vendor line for the Taobao shop, at the item's lowest price in CNY."""
        partner = self._shop_partner(detail)
        price_fen = min((sku.price_fen for sku in detail.skus), default=detail.price_fen)
        values = {
            "price": price_fen / 100,
            "currency_id": company._taobao_cny().id,
            "product_name": _clean(detail.title)[:255] or False,
            "product_code": str(detail.item_id),
        }
        vendor_line = template.seller_ids.filtered(lambda line: line.partner_id == partner)[:1]
        if vendor_line:
            changed = _changed(vendor_line, values)
            if changed:
                vendor_line.write(changed)
        else:
            self.env["product.supplierinfo"].create(
                dict(
                    values,
                    partner_id=partner.id,
                    product_tmpl_id=template.id,
                    company_id=company.id,
                )
            )

    @api.model
    def _shop_partner(self, detail):
        """The vendor of a Taobao shop; purchases of its items are made out to it too."""
        shop_key = detail.shop_id or _clean(detail.shop_name) or str(detail.item_id)
        return self.env["res.partner"]._taobao_shop_partner(shop_key, _clean(detail.shop_name))

    # --- Refresh ----------------------------------------------------------------------

    @api.model
    def _flag_item_gone(self, template):
        variants = template.sudo().with_context(active_test=False).product_variant_ids
        variants.write({"taobao_sku_removed": True, "taobao_stock": 0})

    @api.model
    def _describe_refresh(self, name, result):
        parts = []
        if result.price_changes:
            parts.append(self.env._("prices changed: %s", "; ".join(result.price_changes)))
        if result.removed_skus:
            parts.append(
                self.env._("SKUs gone from Taobao (flagged): %s", "; ".join(result.removed_skus))
            )
        if result.new_skus:
            parts.append(self.env._("new SKUs added: %s", "; ".join(result.new_skus)))
        if result.skus_without_mp_sku_id:
            parts.append(
                self.env._(
                    "SKUs without mpSkuId (cannot be ordered): %s",
                    "; ".join(result.skus_without_mp_sku_id),
                )
            )
        if not parts:
            return self.env._("%s: up to date (stock updated).", name)
        return f"{name}: " + "; ".join(parts)
