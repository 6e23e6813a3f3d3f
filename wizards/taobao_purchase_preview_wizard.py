# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..dajisaas import BusinessError, DajisaasError, EnvelopeError
from ..models.wording import error_text


class TaobaoPurchasePreviewWizard(models.TransientModel):
    """What buying a sale order on Taobao would cost, shown before anything is bought."""

    _name = "taobao.purchase.preview.wizard"
    _description = "Taobao Purchase Preview"

    sale_order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="sale_order_id.company_id")
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    cny_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env["res.company"]._taobao_cny()
    )
    line_count = fields.Integer(string="Lines to Buy", readonly=True)
    total_cny = fields.Monetary(
        string="Taobao Total", currency_field="cny_currency_id", readonly=True
    )
    shipping_cny = fields.Monetary(
        string="Shipping in China", currency_field="cny_currency_id", readonly=True
    )
    cost = fields.Monetary(
        string="Cost (Company Currency)", currency_field="company_currency_id", readonly=True
    )
    revenue = fields.Monetary(
        string="Sale Amount", currency_field="company_currency_id", readonly=True
    )
    margin = fields.Float(string="Margin (%)", readonly=True)
    total_known = fields.Boolean(
        readonly=True,
        help="DajiSaaS priced every line: without it the total, the cost and the margin are "
        "not known, and are not shown.",
    )
    min_margin = fields.Float(related="company_id.taobao_min_margin")
    margin_too_low = fields.Boolean(readonly=True)
    unavailable = fields.Text(string="Unavailable SKUs", readonly=True)
    problems = fields.Text(readonly=True)
    line_ids = fields.One2many(
        "taobao.purchase.preview.line", "wizard_id", string="Lines", readonly=True
    )
    is_manager = fields.Boolean(
        default=lambda self: self.env.user.has_group("taobao_purchase.group_taobao_manager")
    )

    def _load_preview(self):
        """Ask DajiSaaS for the price of the lines still to buy (no purchase is made)."""
        self.ensure_one()
        order = self.sale_order_id
        lines = order._taobao_lines_to_purchase()
        values = {"line_count": len(lines)}
        if not lines:
            values["problems"] = self.env._("Nothing is left to purchase on Taobao.")
            self.write(values)
            return
        known_fen = {line.id: line.product_id.taobao_price_fen for line in lines}
        try:
            with order.company_id._taobao_client(record=order) as client:
                plan = order._taobao_plan(client)
                preview = order._taobao_preview(plan)
                current = self._current_skus(client, lines, plan.bunkers)
            margin, cost, revenue = order._taobao_margin(plan.lines, preview.total_fen)
        except (DajisaasError, UserError) as error:
            values["problems"] = error_text(self.env, error)
        else:
            values["line_ids"] = [Command.clear()] + [
                Command.create(self._line_values(line, known_fen[line.id], current, preview))
                for line in lines
            ]
            # DajiSaaS prices only the SKUs it can sell: with one it cannot, its total is
            # some lines' (0 when none), and so would be the cost and margin shown
            total_known = not preview.unavailable and preview.total_fen > 0
            values.update(
                total_known=total_known,
                total_cny=preview.total_fen / 100 if total_known else 0.0,
                shipping_cny=preview.shipping_fee_fen / 100 if total_known else 0.0,
                cost=cost if total_known else 0.0,
                revenue=revenue,
                margin=margin if total_known else 0.0,
                margin_too_low=total_known and margin < order.company_id.taobao_min_margin,
                unavailable=order._taobao_unavailable_text(preview, lines.product_id) or False,
            )
        self.write(values)

    def _current_skus(self, client, lines, fetched):
        """Today's price and stock of each line's SKU: ``{(item id, sku id): BunkerSku}``.

        One bunker call per item, unless planning already made it (``fetched``); an item
        DajiSaaS refuses is left out (its line says so).
        """
        current = {}
        for template in lines.product_id.product_tmpl_id:
            bunker = fetched.get(template.taobao_item_id)
            try:
                bunker = bunker or client.get_bunker(template.taobao_item_id)
            except (BusinessError, EnvelopeError):
                continue
            current[(template.taobao_item_id, "")] = bunker
            for sku in bunker.skus:
                current[(template.taobao_item_id, str(sku.sku_id))] = sku
        return current

    def _line_values(self, line, known_fen, current, preview):
        product = line.product_id
        today = current.get((product.taobao_item_id, product.taobao_sku_id or ""))
        current_fen = today.price_fen if today is not None else None
        stock = today.quantity if today is not None else None
        unavailable = next(
            (
                u
                for u in preview.unavailable
                if str(u.item_id) == (product.taobao_mp_id or "")
                and str(u.sku_id or "") == (product.taobao_mp_sku_id or "")
            ),
            None,
        )
        cny = self.cny_currency_id
        warnings = []
        if unavailable is not None:
            warnings.append(
                self.env._(
                    "Cannot be bought now: %(reason)s",
                    reason=unavailable.reason or unavailable.error_code,
                )
            )
        elif today is None:
            warnings.append(self.env._("DajiSaaS gives no price or stock for this SKU."))
        if current_fen and known_fen and current_fen != known_fen:
            warnings.append(
                self.env._(
                    "Price changed from %(known)s to %(current)s.",
                    known=cny.format(known_fen / 100),
                    current=cny.format(current_fen / 100),
                )
            )
        if stock is not None and stock < line.product_uom_qty:
            warnings.append(self.env._("Only %(stock)s in stock.", stock=stock))
        return {
            "sale_line_id": line.id,
            "product_id": product.id,
            "quantity": line.product_uom_qty,
            "known_price": known_fen / 100 if known_fen else 0.0,
            "current_price": current_fen / 100 if current_fen else 0.0,
            "stock": stock if stock is not None else 0,
            "today_known": today is not None,
            "supplier": product.product_tmpl_id.taobao_shop_name or False,
            "warning": " · ".join(warnings) or False,
        }

    def action_purchase(self):
        return self.sale_order_id.action_taobao_purchase()

    def _reopen(self):
        """Price the order again and show the dialog with what changed."""
        self.ensure_one()
        self._load_preview()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Purchase on Taobao"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_purchase_anyway(self):
        return self.sale_order_id.action_taobao_purchase_force()


class TaobaoPurchasePreviewLine(models.TransientModel):
    """One line of the preview: what is bought, at which price, from whom, and what is off."""

    _name = "taobao.purchase.preview.line"
    _description = "Taobao Purchase Preview Line"
    _order = "id"

    wizard_id = fields.Many2one(
        "taobao.purchase.preview.wizard", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    sku = fields.Char(
        string="SKU",
        compute="_compute_sku",
        help="The variant's values, as the Taobao SKU reads (颜色分类: 黑色 / 尺码: M).",
    )
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    cny_currency_id = fields.Many2one(related="wizard_id.cny_currency_id")
    known_price = fields.Monetary(currency_field="cny_currency_id", readonly=True)
    current_price = fields.Monetary(
        string="Price Today", currency_field="cny_currency_id", readonly=True
    )
    stock = fields.Integer(readonly=True)
    today_known = fields.Boolean(
        readonly=True, help="DajiSaaS gave today's price and stock of this SKU."
    )
    supplier = fields.Char(string="Taobao Shop", readonly=True)
    warning = fields.Char(readonly=True)

    can_cap = fields.Boolean(compute="_compute_fixes")
    price_changed = fields.Boolean(compute="_compute_fixes")

    @api.depends("today_known", "stock", "quantity", "known_price", "current_price")
    def _compute_fixes(self):
        for line in self:
            line.can_cap = line.today_known and 0 < line.stock < line.quantity
            line.price_changed = bool(
                line.today_known
                and line.current_price
                and line.cny_currency_id.compare_amounts(line.current_price, line.known_price)
            )

    def _check_fixable(self):
        """The dialog is the user's, on an order they may change, in a company of theirs."""
        self.ensure_one()
        wizard = self.wizard_id
        self.env["taobao.access"]._targets(wizard, "sale_order_id")
        order = wizard.sale_order_id
        self.env["taobao.access"]._check(order.company_id)
        if self.sale_line_id.order_id != order:
            raise UserError(self.env._("This line is not one of the order's any more."))
        order.check_access("write")
        return wizard

    def action_cap_to_stock(self):
        """Buy what Taobao has: the sale line's quantity becomes the stock DajiSaaS gave."""
        wizard = self._check_fixable()
        if not self.can_cap:
            raise UserError(self.env._("Taobao has enough of this SKU, or none at all."))
        sale_line = self.sale_line_id
        # formatted apart: an f-string inside the call would hide it from term extraction
        old_quantity, new_quantity = f"{sale_line.product_uom_qty:g}", f"{self.stock:g}"
        sale_line.product_uom_qty = self.stock
        sale_line.order_id._taobao_post(
            self.env._(
                "%(product)s: quantity lowered from %(old)s to %(new)s, the stock Taobao has "
                "today. Tell the customer.",
                product=sale_line.product_id.display_name,
                old=old_quantity,
                new=new_quantity,
            )
        )
        return wizard._reopen()

    def action_accept_price(self):
        """Take today's Taobao price as the known one (the cost the margin was set for)."""
        wizard = self._check_fixable()
        if not self.price_changed:
            raise UserError(self.env._("The price did not change."))
        product = self.product_id
        old_price = self.known_price
        product.sudo().taobao_price_fen = round(self.current_price * 100)
        wizard.sale_order_id._taobao_post(
            self.env._(
                "%(product)s: known Taobao price updated from %(old)s to %(new)s.",
                product=product.display_name,
                old=self.cny_currency_id.format(old_price),
                new=self.cny_currency_id.format(self.current_price),
            )
        )
        return wizard._reopen()

    @api.depends("product_id")
    def _compute_sku(self):
        for line in self:
            product = line.product_id
            line.sku = (product and product._taobao_sku_text()) or product.taobao_sku_id or False
