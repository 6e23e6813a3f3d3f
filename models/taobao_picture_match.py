# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..dajisaas import DajisaasError, PictureError
from .taobao_picture_candidate import found_item_values
from .wording import error_text

_logger = logging.getLogger(__name__)

CANDIDATES = 5
"""The Taobao items proposed per product, best first."""
MAX_TRIES = 3
"""Searches of one product that may fail before it is marked failed."""
RETRY_DELAY = timedelta(minutes=10)
"""How long after a failed search of a product the job tries it again."""


class TaobaoPictureMatch(models.Model):
    """A product of the catalog being matched to a Taobao item by its picture.

    *Find Taobao Matches* queues products without a Taobao link; the job (``taobao.jobs``)
    searches each by its image and proposes the best items; a person links one (then
    matches the SKUs, as Link to Taobao does) or skips the product. Nothing is linked
    without a person.
    """

    _name = "taobao.picture.match"
    _description = "Taobao Match by Picture"
    _order = "id desc"
    _check_company_auto = True

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        readonly=True,
        ondelete="cascade",
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    image_128 = fields.Image(related="product_tmpl_id.image_128")
    state = fields.Selection(
        [
            ("pending", "To Search"),
            ("proposed", "To Review"),
            ("skipped", "Skipped"),
            ("failed", "Search Failed"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    linked = fields.Boolean(
        compute="_compute_linked",
        store=True,
        help="The product is linked to a Taobao item (from here or otherwise).",
    )
    candidate_ids = fields.One2many(
        "taobao.picture.candidate", "match_id", string="Candidates", readonly=True
    )
    best_image_url = fields.Char(
        string="Best Candidate", compute="_compute_best", help="The best candidate's picture."
    )
    best_title = fields.Char(string="Best Candidate Title", compute="_compute_best")
    tries = fields.Integer(readonly=True)
    next_try = fields.Datetime(
        readonly=True, help="When a search DajiSaaS failed is tried again (empty: at once)."
    )
    error = fields.Char(readonly=True)

    _sql_constraints = [
        (
            "product_company_unique",
            "unique(product_tmpl_id, company_id)",
            "A product is matched once per company at a time.",
        ),
    ]

    @api.depends("product_tmpl_id.taobao_item_id")
    def _compute_linked(self):
        for match in self:
            match.linked = bool(match.product_tmpl_id.taobao_item_id)

    @api.depends("candidate_ids")
    def _compute_best(self):
        for match in self:
            best = match.candidate_ids[:1]
            match.best_image_url = best.image_url
            match.best_title = best.title

    @api.model
    def _due_domain(self):
        """The queued products whose search is due now."""
        return [
            ("state", "=", "pending"),
            "|",
            ("next_try", "=", False),
            ("next_try", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _queue(self, templates, company=None):
        """Queue for the job the products of ``templates`` that have a picture and no
        Taobao link, each for the company whose account searches it (``company``, else the
        product's, else the user's current one); return how many.

        :raises UserError: a company searches by picture address, which an unlinked
            product has none of
        """
        self.env["taobao.access"]._check(templates.company_id | (company or self.env.company))
        wanted = templates.filtered(lambda t: t.image_128 and not t.taobao_item_id)
        by_company = {}
        for template in wanted:
            searching = company or template.company_id & self.env.companies or self.env.company
            by_company.setdefault(searching, self.env["product.template"])
            by_company[searching] |= template
        Match = self.sudo()
        for searching, products in by_company.items():
            if searching.taobao_picture_search == "address":
                raise UserError(
                    self.env._(
                        "%(company)s searches Taobao by picture address, which a product not "
                        "yet on Taobao has none of: its catalog cannot be matched by picture. "
                        "Test Connection, in Settings > Sales > Taobao (DajiSaaS), finds out "
                        "whether DajiSaaS takes uploaded pictures.",
                        company=searching.display_name,
                    )
                )
            matches = Match.search(
                [("product_tmpl_id", "in", products.ids), ("company_id", "=", searching.id)]
            )
            matches.candidate_ids.unlink()
            matches.write({"state": "pending", "tries": 0, "error": False, "next_try": False})
            Match.create(
                [
                    {"product_tmpl_id": template.id, "company_id": searching.id}
                    for template in products - matches.product_tmpl_id
                ]
            )
        if wanted:
            self.env.ref("taobao_purchase.ir_cron_taobao_picture_matches").sudo()._trigger()
        return len(wanted)

    def _taobao_search_picture(self):
        """Search this product's picture on Taobao and propose the best items. A failure
        DajiSaaS may get over leaves it to search again, up to :data:`MAX_TRIES` times.

        :return: True when it is to be searched again later
        """
        self.ensure_one()
        company = self.company_id
        template = self.product_tmpl_id
        if self.linked or not template.image_1920:
            self.write({"state": "skipped"})
            return False
        problem = company._taobao_picture_problem(template.image_1920, False)
        if problem:
            self.write({"state": "failed", "error": problem})
            return False
        try:
            with company._taobao_client(record=template) as client:
                page = company._taobao_search_by_picture(client, picture=template.image_1920)
        except PictureError:
            self.write(
                {"state": "failed", "error": self.env._("The product's image is not a picture.")}
            )
            return False
        except (DajisaasError, UserError) as error:
            tries = self.tries + 1
            self.write(
                {
                    "tries": tries,
                    "error": error_text(self.env, error),
                    "state": "failed" if tries >= MAX_TRIES else "pending",
                    "next_try": fields.Datetime.now() + RETRY_DELAY,
                }
            )
            return tries < MAX_TRIES
        self.write(
            {
                "state": "proposed",
                "error": False if page.hits else self.env._("Taobao found nothing like it."),
                "candidate_ids": [Command.clear()]
                + [
                    Command.create(found_item_values(hit, rank))
                    for rank, hit in enumerate(page.hits[:CANDIDATES], 1)
                ],
            }
        )
        return False

    def action_skip(self):
        self.env["taobao.access"]._check(self.company_id)
        self.sudo().write({"state": "skipped"})
        return True

    def action_search_again(self):
        for match in self:
            self._queue(match.product_tmpl_id, company=match.company_id)
        return True
