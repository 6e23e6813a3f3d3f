# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..dajisaas import UnavailableSkuError
from ..dajisaas.product_link import ItemRefError, parse_item_ref
from ..dajisaas.variant_matching import AMBIGUOUS, MATCHED, match_variants
from ..models.product_import import sku_label
from ..models.wording import failure_told


class TaobaoProductLinkWizard(models.TransientModel):
    """Link a product the seller already sells to a Taobao item and its SKUs.

    A person pastes the item's URL or id; the item's SKUs are matched to the product's
    variants by attribute values, for the person to confirm or change; the item, SKU and
    distribution ids and the prices are then stored on the product, which can be bought.
    """

    _name = "taobao.product.link.wizard"
    _description = "Link a Product to Taobao"
    _check_company_auto = True

    product_tmpl_id = fields.Many2one(
        "product.template", required=True, readonly=True, check_company=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Only Variant",
        readonly=True,
        check_company=True,
        help="Link only this variant.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    item_ref = fields.Char(
        string="Taobao Item",
        help="The item's page address (https://item.taobao.com/item.htm?id=…) or its id.",
    )
    item_id = fields.Char(string="Taobao Item ID", readonly=True)
    title = fields.Char(readonly=True)
    shop_name = fields.Char(string="Shop", readonly=True)
    mp_id = fields.Char(string="mpId", readonly=True)
    item_price_fen = fields.Integer(readonly=True)
    sku_ids = fields.One2many("taobao.product.link.sku", "wizard_id", string="SKUs")
    line_ids = fields.One2many("taobao.product.link.line", "wizard_id", string="Variants")
    has_skus = fields.Boolean(compute="_compute_has_skus")
    has_picture = fields.Boolean(compute="_compute_has_picture")
    message = fields.Text(readonly=True)

    @api.depends("product_tmpl_id")
    def _compute_has_picture(self):
        for wizard in self:
            wizard.has_picture = bool(wizard.product_tmpl_id.image_128)

    @api.depends("sku_ids")
    def _compute_has_skus(self):
        for wizard in self:
            wizard.has_skus = bool(wizard.sku_ids)

    @api.model
    def _open_for(self, templates, variant=None, item_ref=None, company=None):
        """Link ``templates`` (one product) to its Taobao item, or to ``item_ref`` (an item
        a search found for it, with ``company``'s account), looked up at once when known."""
        template = templates.ensure_one()
        # a product of another of the user's companies is linked with that company's account
        company = company or template.company_id & self.env.companies or self.env.company
        self.env["taobao.access"]._check(company)
        wizard = self.create(
            {
                "company_id": company.id,
                "product_tmpl_id": template.id,
                "product_id": variant.id if variant else False,
                "item_ref": item_ref or template.taobao_item_id or False,
            }
        )
        if wizard.item_ref:
            wizard.action_look_up()
        return wizard._reopen()

    def action_find_by_picture(self):
        """Find the item among Taobao's by the product's picture, then link it from there."""
        self.ensure_one()
        return self.env["taobao.product.search.wizard"]._open_for_picture(self.product_tmpl_id)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Link to Taobao"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _variants(self):
        return self.product_id or self.product_tmpl_id.product_variant_ids

    def action_look_up(self):
        """Read the item and its distribution ids; propose a SKU for each variant."""
        self.ensure_one()
        self.env["taobao.access"]._check(self.company_id)
        try:
            item_id = parse_item_ref(self.item_ref)
        except ItemRefError as error:
            raise UserError(self._item_ref_problem(error.code)) from None
        with (
            failure_told(
                self.env,
                lambda error: self.env._(
                    "Taobao item %(item)s could not be read: %(error)s", item=item_id, error=error
                ),
            ),
            self.company_id._taobao_client(interactive=True) as client,
        ):
            detail = client.get_item(item_id)
            try:
                bunker = client.get_bunker(item_id)
            except UnavailableSkuError:
                bunker = None
        mp_sku_ids = {sku.sku_id: sku.mp_sku_id for sku in bunker.skus} if bunker else {}
        sku_values = [
            {
                "sku_ref": str(sku.sku_id),
                "mp_sku_ref": str(mp_sku_ids[sku.sku_id]) if mp_sku_ids.get(sku.sku_id) else False,
                "label": sku_label(sku),
                "price": sku.price_fen / 100,
                "stock": sku.quantity,
            }
            for sku in detail.skus
        ]
        self.write(
            {
                "item_id": str(detail.item_id),
                "title": detail.title,
                "shop_name": detail.shop_name,
                "mp_id": bunker.mp_id if bunker else False,
                "item_price_fen": detail.price_fen,
                "sku_ids": [Command.clear()] + [Command.create(v) for v in sku_values],
                "message": False
                if bunker
                else self.env._(
                    "This item is not open to distribution on DajiSaaS: it can be linked, "
                    "but not bought through DajiSaaS until it is."
                ),
            }
        )
        self._propose(detail)
        return self._reopen()

    def action_look_up_again(self):
        """Read the item again, keeping the person's choice of SKU for each variant."""
        chosen = {line.product_id.id: line.sku_id.sku_ref for line in self.line_ids}
        self.action_look_up()
        by_ref = {sku.sku_ref: sku for sku in self.sku_ids}
        for line in self.line_ids:
            line.sku_id = by_ref.get(chosen.get(line.product_id.id) or "", False)

    def _propose(self, detail):
        variants = self._variants()
        skus = {
            str(sku.sku_id): [(prop.prop_name, prop.value_name) for prop in sku.properties]
            for sku in detail.skus
        }
        matches = match_variants(self._attribute_names(variants), skus)
        sku_by_ref = {sku.sku_ref: sku for sku in self.sku_ids}
        lines = []
        for variant in variants:
            match = matches[variant.id]
            current = variant.taobao_sku_id if variant.taobao_item_id == self.item_id else ""
            ref = match.sku if match.code == MATCHED else current
            lines.append(
                Command.create(
                    {
                        "product_id": variant.id,
                        "sku_id": sku_by_ref[ref].id if ref in sku_by_ref else False,
                        "proposed": match.code == MATCHED,
                    }
                )
            )
        self.line_ids = [Command.clear()] + lines
        ambiguous = variants.filtered(lambda v: matches[v.id].code == AMBIGUOUS)
        if ambiguous:
            notice = self.env._(
                "These variants fit several Taobao SKUs equally well, choose their SKU: "
                "%(variants)s",
                variants=", ".join(ambiguous.mapped("display_name")),
            )
            self.message = f"{self.message}\n{notice}" if self.message else notice

    def _attribute_names(self, variants):
        """Each variant's attribute and value names in every installed language, for
        English values to match Chinese SKUs through Odoo's translations."""
        values = variants.product_template_attribute_value_ids
        names = {value.id: (set(), set()) for value in values}
        for code, _name in self.env["res.lang"].get_installed():
            for value in values.with_context(lang=code):
                names[value.id][0].add(value.attribute_id.name)
                names[value.id][1].add(value.name)
        return {
            variant.id: [names[value.id] for value in variant.product_template_attribute_value_ids]
            for variant in variants
        }

    def _item_ref_problem(self, code):
        problems = {
            "empty": self.env._("Paste the Taobao item's address or its id."),
            "short_link": self.env._(
                "This is a short share link: open it in a browser and paste the item page's "
                "address (item.taobao.com or detail.tmall.com) instead."
            ),
            "not_taobao": self.env._(
                "This is not a Taobao or Tmall item address or id: paste the item page's "
                "address (item.taobao.com/item.htm?id=…) or the number after id=."
            ),
            "no_id": self.env._(
                "This address carries no item id: open the item itself and copy the address "
                "that contains id=…"
            ),
        }
        return problems[code]

    def action_link(self):
        """Store the item, SKU and distribution ids and the prices on the product."""
        self.ensure_one()
        template = self.product_tmpl_id
        self.env["taobao.access"]._check(self.company_id)
        # the wizard's values came from the browser: the product must be the user's to
        # change, the lines its own variants, and the ids and prices are read again
        template.check_access("write")
        if template.company_id and template.company_id != self.company_id:
            raise UserError(self.env._("This product belongs to another company."))
        if self.line_ids.product_id - self._variants():
            raise UserError(self.env._("Only this product's variants can be linked."))
        if not self.item_id:
            raise UserError(self.env._("Look the Taobao item up first."))
        self.item_ref = self.item_id
        self.action_look_up_again()
        other = (
            self.env["product.template"]
            .with_context(active_test=False)
            .search(
                [
                    ("taobao_item_id", "=", self.item_id),
                    ("company_id", "in", [template.company_id.id, False]),
                    ("id", "!=", template.id),
                ],
                limit=1,
            )
        )
        if other:
            raise UserError(
                self.env._(
                    "Taobao item %(item)s is already linked to %(product)s: one Taobao item "
                    "goes with one product.",
                    item=self.item_id,
                    product=other.display_name,
                )
            )
        lines = self.line_ids
        if self.has_skus:
            missing = lines.filtered(lambda line: not line.sku_id)
            if missing and not self.product_id and len(missing) == len(lines):
                raise UserError(self.env._("Choose the Taobao SKU of at least one variant."))
            taken = lines.sku_id
            if len(taken) != len(lines.filtered("sku_id")):
                raise UserError(
                    self.env._("A Taobao SKU can go with one variant only; change the doubles.")
                )
        relinked = template.taobao_item_id and template.taobao_item_id != self.item_id
        template.sudo().write(
            {
                "taobao_item_id": self.item_id,
                "taobao_mp_id": self.mp_id or False,
                "taobao_shop_name": self.shop_name or False,
                "taobao_seller_content": True,
            }
        )
        linked = 0
        for line in lines:
            sku = line.sku_id
            if self.has_skus and not sku:
                if relinked:
                    # its SKU belonged to the previous item: never mix two items' ids
                    line.product_id.sudo().write(
                        {"taobao_sku_id": False, "taobao_mp_sku_id": False, "taobao_price_fen": 0}
                    )
                continue
            line.product_id.sudo().write(
                {
                    "taobao_sku_id": sku.sku_ref if sku else False,
                    "taobao_mp_sku_id": sku.mp_sku_ref if sku else False,
                    "taobao_price_fen": round(sku.price * 100) if sku else self.item_price_fen,
                    "taobao_stock": sku.stock if sku else 0,
                    "taobao_sku_removed": False,
                }
            )
            linked += 1
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "className": "o_taobao_notification",
                "type": "success",
                "title": self.env._("Linked to Taobao"),
                "message": self.env._(
                    "%(product)s is linked to Taobao item %(item)s (%(count)s variants): it can "
                    "be purchased on Taobao.",
                    product=template.display_name,
                    item=self.item_id,
                    count=linked,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class TaobaoProductLinkSku(models.TransientModel):
    _name = "taobao.product.link.sku"
    _description = "Taobao SKU to Link"
    _rec_name = "label"
    _order = "id"

    wizard_id = fields.Many2one("taobao.product.link.wizard", required=True, ondelete="cascade")
    sku_ref = fields.Char(string="SKU ID", required=True)
    mp_sku_ref = fields.Char(string="mpSkuId")
    label = fields.Char(string="SKU")
    cny_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env["res.company"]._taobao_cny()
    )
    price = fields.Monetary(currency_field="cny_currency_id")
    stock = fields.Integer()

    @api.depends("label", "price")
    def _compute_display_name(self):
        for sku in self:
            sku.display_name = f"{sku.label} ({sku.price:.2f} CNY)"


class TaobaoProductLinkLine(models.TransientModel):
    _name = "taobao.product.link.line"
    _description = "Variant to Link to a Taobao SKU"
    _order = "id"

    wizard_id = fields.Many2one("taobao.product.link.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", string="Variant", required=True, readonly=True)
    sku_id = fields.Many2one(
        "taobao.product.link.sku",
        string="Taobao SKU",
        domain="[('wizard_id', '=', wizard_id)]",
    )
    proposed = fields.Boolean(
        string="Matched", readonly=True, help="Proposed from the variant's attribute values."
    )
