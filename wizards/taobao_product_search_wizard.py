# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..dajisaas import (
    IMAGE_CATEGORIES,
    MAX_SEARCH_PAGE_SIZE,
    DajisaasError,
    PictureError,
    UnavailableSkuError,
)
from ..models.res_company_picture import PICTURE_SIDE
from ..models.taobao_picture_candidate import found_item_values
from ..models.wording import error_text

MESSAGE_LEVELS = [("info", "Information"), ("warning", "Warning"), ("danger", "Error")]


class TaobaoProductSearchWizard(models.TransientModel):
    """Search on Taobao by keywords or by picture, one page of results at a time."""

    _name = "taobao.product.search.wizard"
    _description = "Find on Taobao"
    _check_company_auto = True

    search_by = fields.Selection(
        [("keyword", "Keywords"), ("picture", "Picture")],
        default="keyword",
        required=True,
    )
    keyword = fields.Char(help="Chinese or English words, as typed on Taobao.")
    picture = fields.Image(
        max_width=PICTURE_SIDE,
        max_height=PICTURE_SIDE,
        attachment=False,
        help=(
            "A photo of the product, uploaded, pasted or dropped here. "
            "Only this picture is sent."
        ),
    )
    picture_url = fields.Char(
        string="Picture Address",
        readonly=True,
        help="Where Taobao shows this picture (a product imported from Taobao): searched by "
        "address when the company searches that way.",
    )
    picture_category = fields.Selection(
        selection=[(str(code), name.capitalize()) for code, name in IMAGE_CATEGORIES.items()],
        string="Category",
        help="What the picture shows; empty lets Taobao guess. Used when searching by address.",
    )
    picture_crop = fields.Boolean(
        string="Main Subject Only",
        help="Look only at the main subject of the picture. Used when searching by address.",
    )
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
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="For Product",
        readonly=True,
        check_company=True,
        help="The product whose picture is searched with: a result can be linked to it.",
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
        """Replace the results by page ``page_no`` of the search."""
        self.ensure_one()
        if self.search_by == "picture":
            self._search_picture_page(page_no)
        else:
            self._search_keyword_page(page_no)

    def _search_keyword_page(self, page_no):
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
        values.update(
            has_more=page.has_more,
            message=False,
            message_level="info",
            result_ids=self._result_commands(
                page.items, orderable, first_rank=(page_no - 1) * self.page_size + 1
            ),
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

    def _search_picture_page(self, page_no):
        """By address (image search V2.0, in pages) or by uploaded picture (V1.0, one list),
        as the company searches."""
        values = {"page_no": page_no, "result_ids": [Command.clear()], "has_more": False}
        company = self.company_id
        problem = company._taobao_picture_problem(self.picture, self.picture_url)
        if problem:
            self.write(dict(values, message=problem, message_level="warning"))
            return
        try:
            with company._taobao_client(interactive=True) as client:
                page = company._taobao_search_by_picture(
                    client,
                    picture=self.picture,
                    picture_url=self.picture_url,
                    category_id=int(self.picture_category) if self.picture_category else None,
                    crop=self.picture_crop,
                    page_no=page_no,
                    page_size=self.page_size,
                )
                orderable = self._orderable(client, page.hits)
        except (DajisaasError, UserError) as error:
            self.write(dict(values, message=error_text(self.env, error), message_level="danger"))
            return
        except PictureError:
            self.write(
                dict(
                    values,
                    message=self.env._(
                        "This picture cannot be searched with: use a JPG, PNG or WEBP photo."
                    ),
                    message_level="warning",
                )
            )
            return
        except ValueError:
            # a picture address or a page the search cannot take (values from the browser)
            self.write(
                dict(
                    values,
                    message=self.env._(
                        "This search cannot be made: the picture's address or the page is not "
                        "one Taobao takes."
                    ),
                    message_level="warning",
                )
            )
            return
        values.update(
            has_more=page.has_more,
            message=False if page.hits else self.env._("Taobao found nothing like this picture."),
            message_level="info" if page.hits else "warning",
            result_ids=self._result_commands(
                page.hits, orderable, first_rank=(page_no - 1) * page.page_size + 1
            ),
        )
        self.write(values)

    def _result_commands(self, hits, orderable, first_rank):
        """The result rows of a page of hits (keyword or picture), best first."""
        item_ids = [str(hit.item_id) for hit in hits]
        templates = self.env["product.template"].search([("taobao_item_id", "in", item_ids)])
        template_by_item = {template.taobao_item_id: template.id for template in templates}
        return [Command.clear()] + [
            Command.create(
                {
                    **found_item_values(hit, first_rank + index),
                    "product_tmpl_id": template_by_item.get(str(hit.item_id), False),
                    "orderable": orderable.get(str(hit.item_id), "unknown"),
                }
            )
            for index, hit in enumerate(hits)
        ]

    @api.model
    def _open_for_picture(self, templates):
        """Find on Taobao by the picture of a product, searched at once."""
        template = templates.ensure_one()
        company = template.company_id & self.env.companies or self.env.company
        self.env["taobao.access"]._check(company)
        wizard = self.create(
            {
                "company_id": company.id,
                "search_by": "picture",
                "product_tmpl_id": template.id,
                "picture": template.image_1920,
                "picture_url": template.taobao_image_url or False,
            }
        )
        wizard.action_search()
        return wizard._reopen()

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
