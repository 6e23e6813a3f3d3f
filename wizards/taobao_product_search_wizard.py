# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..dajisaas import MAX_SEARCH_PAGE_SIZE, DajisaasError, UnavailableSkuError
from ..models.wording import error_text

MESSAGE_LEVELS = [("info", "Information"), ("warning", "Warning"), ("danger", "Error")]


class TaobaoProductSearchWizard(models.TransientModel):
    """Keyword search on Taobao, one page of results at a time."""

    _name = "taobao.product.search.wizard"
    _description = "Find on Taobao"
    _check_company_auto = True

    keyword = fields.Char(help="Chinese or English words, as typed on Taobao.")
    cny_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env["res.company"]._taobao_cny()
    )
    page_no = fields.Integer(string="Page", default=1, readonly=True)
    page_size = fields.Integer(
        string="Results per Page",
        default=MAX_SEARCH_PAGE_SIZE,
        help=f"At most {MAX_SEARCH_PAGE_SIZE}, the API's limit.",
    )
    has_more = fields.Boolean(string="More Results", readonly=True)
    result_ids = fields.One2many(
        "taobao.product.search.result", "wizard_id", string="Results", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Add to Order",
        check_company=True,
        help="The quotation the chosen SKUs are added to.",
    )
    message = fields.Text(readonly=True)
    message_level = fields.Selection(MESSAGE_LEVELS, default="info", readonly=True)

    @api.constrains("page_size")
    def _check_page_size(self):
        for wizard in self:
            if not 1 <= wizard.page_size <= MAX_SEARCH_PAGE_SIZE:
                raise ValidationError(
                    self.env._("Results per page must be between 1 and %s.", MAX_SEARCH_PAGE_SIZE)
                )

    def action_search(self):
        self._search_page(1)
        return self._reopen()

    def action_next_page(self):
        self._search_page(self.page_no + 1)
        return self._reopen()

    def action_previous_page(self):
        self._search_page(max(self.page_no - 1, 1))
        return self._reopen()

    def _orderable(self, client, items):
        """Whether DajiSaaS distributes each hit, before anyone imports it: one product
        call per hit not imported yet (an imported one knows its mpId)."""
        known = {
            t.taobao_item_id: t.taobao_mp_id
            for t in self.env["product.template"].search(
                [("taobao_item_id", "in", [str(item.item_id) for item in items])]
            )
        }
        orderable = {}
        for item in items:
            item_id = str(item.item_id)
            if known.get(item_id):
                orderable[item_id] = "yes"
                continue
            try:
                client.get_bunker(item.item_id)
            except UnavailableSkuError:
                orderable[item_id] = "no"
            except DajisaasError:
                orderable[item_id] = "unknown"
            else:
                orderable[item_id] = "yes"
        return orderable

    def _search_page(self, page_no):
        """Replace the results by page ``page_no`` of the keyword search."""
        self.ensure_one()
        values = {"page_no": page_no, "result_ids": [Command.clear()], "has_more": False}
        keyword = (self.keyword or "").strip()
        if not keyword:
            self.write(
                dict(
                    values,
                    message=self.env._("Type a keyword to search Taobao."),
                    message_level="warning",
                )
            )
            return
        try:
            with self.company_id._taobao_client(interactive=True) as client:
                page = client.search_items(keyword, page_no=page_no, page_size=self.page_size)
                orderable = self._orderable(client, page.items)
        except (DajisaasError, UserError) as error:
            self.write(dict(values, message=error_text(self.env, error), message_level="danger"))
            return
        templates = self.env["product.template"].search(
            [("taobao_item_id", "in", [str(item.item_id) for item in page.items])]
        )
        template_by_item = {template.taobao_item_id: template for template in templates}
        values.update(
            has_more=page.has_more,
            message=False,
            message_level="info",
            result_ids=[Command.clear()]
            + [
                Command.create(
                    {
                        "item_id": str(item.item_id),
                        "title": item.title,
                        "image_url": item.main_image_url or False,
                        "price": item.price_fen / 100,
                        "stock": item.inventory or 0,
                        "shop_name": item.shop_name,
                        "product_tmpl_id": template_by_item.get(str(item.item_id), False)
                        and template_by_item[str(item.item_id)].id,
                        "orderable": orderable.get(str(item.item_id), "unknown"),
                    }
                )
                for item in page.items
            ],
        )
        if not page.items:
            values.update(
                message=self.env._(
                    'No Taobao item matches "%(keyword)s" on page %(page)s. Try fewer or '
                    "other words, in Chinese or English.",
                    keyword=keyword,
                    page=page_no,
                ),
                message_level="warning",
            )
        self.write(values)

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find on Taobao"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
