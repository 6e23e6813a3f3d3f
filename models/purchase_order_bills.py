# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import Command, fields, models
from odoo.exceptions import UserError

from .chatter import taobao_note

_logger = logging.getLogger(__name__)


class PurchaseOrder(models.Model):
    """The vendor bills of paid Taobao purchases, in CNY at the amounts DajiSaaS reports."""

    _inherit = "purchase.order"

    def _taobao_create_bills(self):
        """The vendor bills of paid purchases, in CNY at the amounts DajiSaaS reports.

        All in one batch per company; when Odoo refuses the batch, one by one, so that a
        bill Odoo refuses (a missing account, a locked period) holds up no other and its
        purchase says why in its chatter."""
        # what a bill made by hand left unbilled is billed too
        to_bill = self.filtered(
            lambda order: any(
                line.product_qty > line.qty_invoiced
                for line in order.order_line
                if line._taobao_billable()
            )
        )
        for company, orders in to_bill.grouped("company_id").items():
            if len(orders) > 1:
                try:
                    with self.env.cr.savepoint():
                        bills = orders._taobao_make_bills(company)
                except UserError as error:
                    _logger.info(
                        "Taobao bills of %s made one by one, as one is refused: %s",
                        orders.ids,
                        error,
                    )
                else:
                    orders._taobao_log_bills(bills)
                    continue
            for order in orders:
                try:
                    with self.env.cr.savepoint():
                        bill = order._taobao_make_bills(company)
                except UserError as error:
                    order._taobao_post(
                        self.env._(
                            "The vendor bill of this paid Taobao purchase could not be "
                            "created: %(error)s Create it from the purchase order.",
                            error=error,
                        )
                    )
                else:
                    order._taobao_log_bills(bill)

    def _taobao_make_bills(self, company):
        """One vendor bill per purchase order (in order), posted if the company says so."""
        values_list = []
        for order in self.with_company(company):
            values = order._prepare_invoice()
            values["invoice_line_ids"] = [
                Command.create(
                    dict(
                        line._prepare_account_move_line(),
                        quantity=line.product_qty - line.qty_invoiced,
                    )
                )
                for line in order.order_line
                if line._taobao_billable() and line.product_qty > line.qty_invoiced
            ]
            if company.taobao_bill_policy == "posted":
                values["invoice_date"] = fields.Date.context_today(order)
            values_list.append(values)
        bills = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .with_context(default_move_type="in_invoice")
            .create(values_list)
        )
        if company.taobao_bill_policy == "posted":
            bills.action_post()
        return bills

    def _taobao_log_bills(self, bills):
        self.sudo()._message_log_batch(
            bodies={
                order.id: taobao_note(
                    order.with_context(lang=order._taobao_reader_lang()).env._(
                        "Paid on Taobao: vendor bill %(bill)s created.",
                        bill=bill._get_html_link(),
                    )
                )
                for order, bill in zip(self, bills, strict=True)
            }
        )
