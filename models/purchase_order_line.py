# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL, float_compare

from ..const import CLOSED_STATUS, PAID_STATUSES, STATUS_MAPPING, TAOBAO_STATUSES
from .taobao_access import PURCHASE_LINE_PROTECTED


class PurchaseOrderLine(models.Model):
    """A DajiSaaS sub-purchase order: one sale order line bought from one supplier."""

    _inherit = "purchase.order.line"

    taobao_sub_order_ref = fields.Char(
        string="DajiSaaS Sub-Order ID", readonly=True, copy=False, index="btree_not_null"
    )
    taobao_order_line_no = fields.Char(string="Taobao Line No.", readonly=True, copy=False)
    taobao_mp_ref = fields.Char(string="mpId", readonly=True, copy=False)
    taobao_mp_sku_ref = fields.Char(string="mpSkuId", readonly=True, copy=False)
    taobao_status = fields.Selection(TAOBAO_STATUSES, readonly=True, copy=False)
    taobao_logistic_company = fields.Char(string="Carrier (China)", readonly=True, copy=False)
    taobao_tracking_refs = fields.Char(
        string="Tracking Numbers (China)", readonly=True, copy=False
    )
    taobao_is_shipping = fields.Boolean(
        string="Taobao Shipping", readonly=True, copy=False, help="Shipping inside China."
    )

    @api.depends("order_id.is_taobao", "order_id.taobao_status", "taobao_status")
    def _compute_qty_invoiced(self):  # pylint: disable=missing-return
        """A Taobao purchase is billed on what was ordered, once DajiSaaS reports it paid.

        Its goods are never received into the company's own stock, so "bill on received
        quantities" would keep a paid purchase "Waiting Bills" forever and make Create Bill
        a credit note of what was billed; whatever the product says, DajiSaaS is paid for
        every unit ordered. Nothing is to bill before the payment, nor for a sub-order
        DajiSaaS closed (its refund is reviewed by a person).
        """
        super()._compute_qty_invoiced()
        for line in self.filtered(lambda pl: pl.order_id.is_taobao):
            if line._taobao_billable():
                line.qty_to_invoice = line.product_qty - line.qty_invoiced
            else:
                line.qty_to_invoice = 0.0

    def _taobao_billable(self):
        """Whether this line of a Taobao purchase is billed: paid, and not closed."""
        self.ensure_one()
        order = self.order_id
        return (
            order.state in ("purchase", "done")
            and order.taobao_status in PAID_STATUSES
            and self.taobao_status != CLOSED_STATUS
            and not self.display_type
        )

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["purchase.order"].browse(
            [vals["order_id"] for vals in vals_list if vals.get("order_id")]
        )
        protected = self._taobao_protected(False)
        if orders.filtered("is_taobao"):
            protected |= set(self._fields)  # nothing is added to what DajiSaaS bought
        for vals in vals_list:
            self.env["taobao.access"]._check_protected(self, vals, protected)
        return super().create(vals_list)

    def write(self, vals):
        taobao = bool(self.order_id.filtered("is_taobao"))
        self.env["taobao.access"]._check_protected(self, vals, self._taobao_protected(taobao))
        return super().write(vals)

    def unlink(self):
        if self.order_id.filtered("is_taobao"):
            self.env["taobao.access"]._check_protected(self, ["order_id"], {"order_id"})
        return super().unlink()

    @api.model
    def _taobao_protected(self, taobao_purchase):
        """The Taobao fields; on a Taobao purchase, also what was bought and at what price."""
        protected = {name for name in self._fields if name.startswith("taobao_")}
        if taobao_purchase:
            protected |= PURCHASE_LINE_PROTECTED
        return protected

    @api.model
    def _taobao_prepare_values(self, sub_order, sale_line):
        """Values of the line of a sub-order; ``sale_line`` is the sale line it buys, if known."""
        product = sale_line.product_id if sale_line else self._taobao_product_for(sub_order)
        quantity = sub_order.quantity or (sale_line.product_uom_qty if sale_line else 1)
        amount = (sub_order.amount_fen or 0) / 100
        values = {
            "product_id": product.id,
            "name": sale_line.name if sale_line else product.display_name,
            "product_qty": quantity,
            "product_uom": (sale_line.product_uom if sale_line else product.uom_po_id).id,
            "price_unit": amount / quantity if quantity else amount,
            "taxes_id": [],
            "date_planned": fields.Datetime.now(),
            "sale_line_id": sale_line.id if sale_line else False,
            "taobao_sub_order_ref": sub_order.sub_order_ref,
            "taobao_order_line_no": sub_order.order_line_no or False,
            "taobao_mp_ref": sub_order.mp_ref or False,
            "taobao_mp_sku_ref": sub_order.mp_sku_ref or False,
            "taobao_status": sub_order.status if sub_order.status in STATUS_MAPPING else False,
            "taobao_tracking_refs": ", ".join(sub_order.tracking_refs) or False,
            "taobao_logistic_company": sub_order.logistic_company or False,
        }
        if sale_line and "analytic_distribution" in self._fields:
            values["analytic_distribution"] = sale_line.analytic_distribution
        return values

    @api.model
    def _taobao_shipping_values(self, amount_fen):
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        return {
            "product_id": xmlid_to_id("taobao_purchase.product_taobao_shipping"),
            "name": self.env._("Shipping in China"),
            "product_qty": 1,
            "product_uom": xmlid_to_id("uom.product_uom_unit"),
            "price_unit": amount_fen / 100,
            "taxes_id": [],
            "date_planned": fields.Datetime.now(),
            "taobao_is_shipping": True,
        }

    @api.model
    def _taobao_product_for(self, sub_order):
        """The product of a sub-order no sale line claims: by its distribution ids, or a
        generic Taobao goods product so that nothing DajiSaaS bought is left out."""
        Product = self.env["product.product"].with_context(active_test=False)
        product = Product.browse()
        if sub_order.mp_sku_ref:
            product = Product.search([("taobao_mp_sku_id", "=", sub_order.mp_sku_ref)], limit=1)
        if not product and sub_order.mp_ref:
            product = Product.search([("taobao_mp_id", "=", sub_order.mp_ref)], limit=1)
        return product or self.env.ref("taobao_purchase.product_taobao_goods")

    def _taobao_note_bought_prices(self):
        """The unit price a SKU was just bought at becomes its known Taobao price, which the
        next preview compares today's price with. A variant another transaction is writing
        is left as it is (``SKIP LOCKED``): recording a purchase never waits on, nor fails
        for, a product row."""
        by_product = {}
        for line in self.filtered(lambda pl: pl.sale_line_id and pl.product_qty > 0):
            fen = round(line.price_unit * 100)
            if line.product_id.taobao_item_id and fen > 0:
                by_product[line.product_id] = fen
        changed = [p.id for p, fen in by_product.items() if p.taobao_price_fen != fen]
        if not changed:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM product_product WHERE id IN %s "
                        "FOR NO KEY UPDATE SKIP LOCKED",
                        tuple(changed),
                    ),
                    log_exceptions=False,
                )
                free = {row[0] for row in self.env.cr.fetchall()}
        except SerializationFailure:
            return  # written by a transaction committed since this one began
        for product, fen in by_product.items():
            if product.id in free:
                product.sudo().taobao_price_fen = fen

    def _taobao_apply(self, snapshot, with_amounts):
        """Update the sub-order lines from ``snapshot`` (their unit prices too when
        ``with_amounts``).

        :return: ``(the new tracking numbers, whether a status or a price changed)``
        """
        digits = self.env["decimal.precision"].precision_get("Product Price")
        by_ref = {sub.sub_order_ref: sub for sub in snapshot.sub_orders}
        new_refs, changed = [], False
        for line in self.filtered("taobao_sub_order_ref"):
            sub_order = by_ref.get(line.taobao_sub_order_ref)
            if not sub_order:
                continue
            values = {}
            if sub_order.status in STATUS_MAPPING and sub_order.status != line.taobao_status:
                values["taobao_status"] = sub_order.status
            if sub_order.tracking_refs:
                refs = ", ".join(sub_order.tracking_refs)
                if refs != line.taobao_tracking_refs:
                    known = set((line.taobao_tracking_refs or "").split(", "))
                    new_refs += [ref for ref in sub_order.tracking_refs if ref not in known]
                    values["taobao_tracking_refs"] = refs
                    values["taobao_logistic_company"] = sub_order.logistic_company or False
            if with_amounts and sub_order.amount_fen is not None and line.product_qty:
                price = sub_order.amount_fen / 100 / line.product_qty
                if float_compare(price, line.price_unit, precision_digits=digits):
                    values["price_unit"] = price
            if values:
                line.sudo().write(values)
                changed = changed or bool({"taobao_status", "price_unit"} & set(values))
        return new_refs, changed
