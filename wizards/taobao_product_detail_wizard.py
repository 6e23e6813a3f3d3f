# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..dajisaas import DajisaasError, UnavailableSkuError
from ..models.wording import error_text
from .taobao_product_search_wizard import MESSAGE_LEVELS


class TaobaoProductDetailWizard(models.TransientModel):
    """A Taobao item with its pictures and SKUs, to import it or add a SKU to an order."""

    _name = "taobao.product.detail.wizard"
    _description = "Taobao Item Detail"
    _check_company_auto = True

    item_id = fields.Char(string="Taobao Item ID", required=True, readonly=True)
    search_wizard_id = fields.Many2one("taobao.product.search.wizard", ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    sale_order_id = fields.Many2one("sale.order", string="Add to Order", check_company=True)
    title = fields.Char(readonly=True)
    shop_name = fields.Char(string="Shop", readonly=True)
    main_image_url = fields.Char(string="Image", readonly=True)
    image_ids = fields.One2many(
        "taobao.product.detail.image", "wizard_id", string="Pictures", readonly=True
    )
    description = fields.Html(readonly=True)
    cny_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env["res.company"]._taobao_cny()
    )
    price = fields.Monetary(currency_field="cny_currency_id", readonly=True)
    stock = fields.Integer(readonly=True)
    mp_id = fields.Char(string="mpId", readonly=True)
    sku_ids = fields.One2many("taobao.product.detail.sku", "wizard_id", string="SKUs")
    # computed, so that the filter applies as values are chosen (an onchange), without a
    # button; editable, so that the quantities typed on the rows are saved with the wizard
    shown_sku_ids = fields.Many2many(
        "taobao.product.detail.sku",
        string="SKUs Shown",
        compute="_compute_shown_sku_ids",
        readonly=False,
    )
    value_ids = fields.One2many("taobao.product.detail.value", "wizard_id")
    filter_value_ids = fields.Many2many(
        "taobao.product.detail.value",
        string="Show SKUs With",
        domain="[('wizard_id', '=', id)]",
        help="Show only the SKUs that have these values (any of the values chosen for one "
        "property, and every property chosen).",
    )
    has_skus = fields.Boolean(compute="_compute_has_skus")
    product_tmpl_id = fields.Many2one(
        "product.template", string="Imported As", readonly=True, check_company=True
    )
    loaded = fields.Boolean(readonly=True)
    message = fields.Text(readonly=True)
    message_level = fields.Selection(MESSAGE_LEVELS, default="info", readonly=True)

    sku_grid = fields.Json(
        string="SKU Grid",
        compute="_compute_sku_grid",
        help="The SKUs as a grid of their two properties (colour × size), when they have two.",
    )
    grid_quantities = fields.Json(
        string="Quantities by Colour and Size",
        help="The quantities typed in the grid: SKU id -> quantity.",
    )

    @api.depends("sku_ids.sku_id", "sku_ids.property_values", "sku_ids.stock", "sku_ids.mp_sku_id")
    def _compute_sku_grid(self):
        """Rows of one property's values, columns of the other's, a cell per SKU (its id, its
        stock, whether it can be bought): the grid every apparel buyer orders from."""
        for wizard in self:
            cells, names = {}, []
            for sku in wizard.sku_ids:
                values = sku._values_by_property()
                # every SKU the same two properties (one left empty is left out of the values)
                if len(values) != 2 or (names and set(values) != set(names)):
                    cells = {}
                    break
                names = names or list(values)
                cells[tuple(values[name] for name in names)] = sku
            if len(names) != 2 or len(cells) != len(wizard.sku_ids) or not cells:
                wizard.sku_grid = False
                continue
            rows = list(dict.fromkeys(key[0] for key in cells))
            cols = list(dict.fromkeys(key[1] for key in cells))
            wizard.sku_grid = {
                "row_name": names[0],
                "col_name": names[1],
                "rows": rows,
                "cols": cols,
                "cells": [
                    [
                        {
                            "sku": cells[row, col].sku_id,
                            "stock": cells[row, col].stock,
                            "buyable": bool(cells[row, col].mp_sku_id)
                            and cells[row, col].stock > 0,
                        }
                        if (row, col) in cells
                        else None
                        for col in cols
                    ]
                    for row in rows
                ],
            }

    def _grid_quantities(self):
        """The grid's quantities, as typed in the browser: only this item's SKUs that can be
        bought, positive numbers, within their stock."""
        self.ensure_one()
        typed = self.grid_quantities if isinstance(self.grid_quantities, dict) else {}
        buyable = {sku.sku_id: sku for sku in self.sku_ids if sku.mp_sku_id and sku.stock > 0}
        quantities = {}
        for sku_id, quantity in typed.items():
            if sku_id not in buyable or isinstance(quantity, bool):
                continue
            if isinstance(quantity, int | float) and 0 < quantity <= buyable[sku_id].stock:
                quantities[sku_id] = float(quantity)
        return quantities

    @api.depends("sku_ids")
    def _compute_has_skus(self):
        for wizard in self:
            wizard.has_skus = bool(wizard.sku_ids)

    @api.depends("sku_ids.property_values", "filter_value_ids")
    def _compute_shown_sku_ids(self):
        """The SKUs with the values chosen: any of those of one property, for every property
        chosen."""
        for wizard in self:
            wanted = {}
            for value in wizard.filter_value_ids:
                wanted.setdefault(value.prop_name, set()).add(value.value_name)
            wizard.shown_sku_ids = wizard.sku_ids.filtered(
                lambda sku, wanted=wanted: all(
                    sku._values_by_property().get(prop) in names for prop, names in wanted.items()
                )
            )

    def _load(self):
        """Read the item and its distribution ids from Taobao into the wizard."""
        self.ensure_one()
        try:
            with self.company_id._taobao_client() as client:
                detail = client.get_item(self.item_id)
                try:
                    bunker = client.get_bunker(self.item_id)
                except UnavailableSkuError as error:
                    bunker, unavailable = None, error
                else:
                    unavailable = None
        except (DajisaasError, UserError) as error:
            self.write(
                {
                    "message": error_text(self.env, error),
                    "message_level": "danger",
                    "loaded": False,
                }
            )
            return
        mp_sku_ids = {sku.sku_id: sku.mp_sku_id for sku in bunker.skus} if bunker else {}
        values = sorted(
            {
                (p.prop_name, p.value_name)
                for sku in detail.skus
                for p in sku.properties
                if p.value_name
            }
        )
        self.write(
            {
                "loaded": True,
                "title": detail.title,
                "shop_name": detail.shop_name,
                "main_image_url": detail.pic_urls[0] if detail.pic_urls else False,
                "image_ids": [Command.clear()]
                + [Command.create({"url": url}) for url in detail.pic_urls],
                "description": detail.description or False,
                "price": detail.price_fen / 100,
                "stock": detail.quantity or 0,
                "mp_id": bunker.mp_id if bunker else False,
                "sku_ids": [Command.clear()]
                + [
                    Command.create(
                        self.env["taobao.product.detail.sku"]._values_from(sku, mp_sku_ids)
                    )
                    for sku in detail.skus
                ],
                "filter_value_ids": [Command.clear()],
                "value_ids": [Command.clear()]
                + [
                    Command.create({"prop_name": name, "value_name": value})
                    for name, value in values
                ],
                "product_tmpl_id": self.env["taobao.product.importer"]
                ._find_template(detail.item_id, self.company_id)
                .id,
                "message": self._unavailable_message(unavailable) if unavailable else False,
                "message_level": "danger" if unavailable else "info",
            }
        )

    def action_import(self):
        self.ensure_one()
        self._import()
        return self._reopen()

    def action_add_to_order(self):
        """Add the item (sold without SKUs) to the sale order."""
        self.ensure_one()
        return self._add_to_order(sku_id=False)

    def action_filter(self):
        """Show only the SKUs with the chosen values, per property (the dialog does as the
        values are chosen: see ``shown_sku_ids``)."""
        self.ensure_one()
        return self._reopen()

    def action_clear_filter(self):
        self.ensure_one()
        self.filter_value_ids = [Command.clear()]
        return self._reopen()

    def action_add_quantities(self):
        """Add every SKU given a quantity to the sale order, in one go."""
        self.ensure_one()
        wanted = self.sku_ids.filtered(lambda sku: sku.quantity > 0)
        quantities = {sku.sku_id: sku.quantity for sku in wanted} | self._grid_quantities()
        if not quantities:
            self.write(
                {
                    "message": self.env._("Type a quantity on the SKUs to add, then add them."),
                    "message_level": "warning",
                }
            )
            return self._reopen()
        return self._add_skus(quantities)

    def action_back(self):
        self.ensure_one()
        if self.search_wizard_id:
            return self.search_wizard_id._reopen()
        return {"type": "ir.actions.act_window_close"}

    def action_open_product(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "product.template",
            "res_id": self.product_tmpl_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def _import(self, sku_ids=None):
        """Import the item (only the variants of ``sku_ids`` when given, besides those made
        already); on failure, say why in the wizard and return None."""
        try:
            result = self.env["taobao.product.importer"]._import_item(
                self.item_id, company=self.company_id, sku_ids=sku_ids
            )
        except (DajisaasError, UserError) as error:
            self.write({"message": self._import_error_message(error), "message_level": "danger"})
            return None
        self.write(
            {
                "product_tmpl_id": result.template.id,
                "message": self._import_message(result),
                "message_level": "warning" if result.skipped_skus else "info",
            }
        )
        return result

    def _add_to_order(self, sku_id, quantity=1, keep_open=False):
        """Add the variant of ``sku_id`` (False: the item's only variant) to the order."""
        return self._add_skus({sku_id: quantity}, keep_open=keep_open)

    def _add_skus(self, quantities, keep_open=False):
        """Add ``{sku id (False: the item's only variant): quantity}`` to the order, importing
        first the variants of the SKUs that have none (or whose SKU was flagged gone), and
        those only. Says what was added, and closes unless ``keep_open`` (a row's Add: more
        rows may follow); on a problem, says it and adds nothing."""
        self.ensure_one()
        order = self.sale_order_id
        if order.state not in ("draft", "sent"):
            self.write(
                {
                    "message": self.env._(
                        "%(order)s is no longer a quotation: lines can only be added to "
                        "quotations.",
                        order=order.display_name,
                    ),
                    "message_level": "danger",
                }
            )
            return self._reopen()
        variants = {sku_id: self._variant_for(sku_id) for sku_id in quantities}
        to_import = [sku_id for sku_id, variant in variants.items() if not variant]
        imported = None
        if to_import:
            # an item without SKUs (False) is imported whole: it is its only variant
            imported = self._import(sku_ids=None if False in to_import else to_import)
            if not imported:
                return self._reopen()
            variants = {sku_id: self._variant_for(sku_id) for sku_id in quantities}
        missing = [sku_id for sku_id, variant in variants.items() if not variant]
        if missing:
            self.write(
                {
                    "message": self.env._(
                        "These SKUs could not be imported as variants (see above); choose "
                        "other SKUs: %(skus)s",
                        skus=", ".join(
                            self.sku_ids.filtered(lambda s: s.sku_id in missing).mapped(
                                "properties"
                            )
                            or map(str, missing)
                        ),
                    ),
                    "message_level": "danger",
                }
            )
            return self._reopen()
        self.env["sale.order.line"].create(
            [
                {
                    "order_id": order.id,
                    "product_id": variant.id,
                    "product_uom_qty": quantities[sku_id],
                }
                for sku_id, variant in variants.items()
            ]
        )
        self.sku_ids.filtered(lambda sku: sku.sku_id in quantities).quantity = 0
        self.grid_quantities = False  # added: a failed add keeps what was typed
        added = ", ".join(
            f"{quantities[sku_id]:g} × {variant.display_name}"
            for sku_id, variant in variants.items()
        )
        if keep_open:
            message = self.env._("Added to %(order)s: %(lines)s", order=order.name, lines=added)
            if imported:
                message = "\n".join([message, self._import_message(imported)])
            self.write(
                {
                    "message": message,
                    "message_level": "warning" if imported and imported.skipped_skus else "info",
                }
            )
            return self._reopen()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "className": "o_taobao_notification",
                "type": "success",
                "title": self.env._("Added to %(order)s", order=order.name),
                "message": added,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _variant_for(self, sku_id):
        domain = [
            ("taobao_item_id", "=", self.item_id),
            ("taobao_sku_removed", "=", False),
            ("company_id", "in", [self.company_id.id, False]),
        ]
        if sku_id:
            domain.append(("taobao_sku_id", "=", sku_id))
        return self.env["product.product"].search(domain, limit=1)

    @api.model
    def _unavailable_message(self, error):
        return self.env._(
            "This item cannot be bought through DajiSaaS (it is not open to distribution, "
            "so it has no mpId): choose the same goods from another shop. DajiSaaS says: %s",
            error.details.get("message") or error_text(self.env, error),
        )

    @api.model
    def _import_error_message(self, error):
        if isinstance(error, UnavailableSkuError):
            return self._unavailable_message(error)
        return self.env._("Nothing was imported. %s", error_text(self.env, error))

    @api.model
    def _import_message(self, result):
        variant_count = len(result.template.product_variant_ids)
        if result.created:
            message = self.env._(
                "Imported as %(product)s with %(count)s variant(s).",
                product=result.template.display_name,
                count=variant_count,
            )
        else:
            message = self.env._(
                "%(product)s updated (%(count)s variant(s)).",
                product=result.template.display_name,
                count=variant_count,
            )
        notes = []
        if result.new_skus:
            notes.append(self.env._("New SKUs: %s", "; ".join(result.new_skus)))
        if result.removed_skus:
            notes.append(
                self.env._("Gone from Taobao (flagged): %s", "; ".join(result.removed_skus))
            )
        if result.skipped_skus:
            notes.append(
                self.env._(
                    "These SKUs repeat another SKU's properties and were not imported: %s",
                    "; ".join(result.skipped_skus),
                )
            )
        if result.skus_without_mp_sku_id:
            notes.append(
                self.env._(
                    "No mpSkuId for (cannot be ordered yet, refresh later): %s",
                    "; ".join(result.skus_without_mp_sku_id),
                )
            )
        return "\n".join([message, *notes])

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.title or self.env._("Taobao Item"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
