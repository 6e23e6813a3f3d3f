# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.wording import error_text, failure_told


class TaobaoConnectionReport(models.TransientModel):
    """What Test Connection found out about DajiSaaS, and the offer to save it."""

    _name = "taobao.connection.report"
    _description = "DajiSaaS Connection Report"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    api_url = fields.Char(string="API URL", readonly=True)
    signing_mode = fields.Selection(related="company_id.taobao_signing_mode")
    get_accepted = fields.Boolean(string="GET Accepted", readonly=True)
    get_signing = fields.Selection(
        selection=lambda self: self.env["res.company"]._taobao_get_signing_selection(),
        string="Accepted GET Signing",
        readonly=True,
    )
    post_accepted = fields.Boolean(string="POST Accepted", readonly=True)
    post_signing = fields.Selection(
        selection=lambda self: self.env["res.company"]._taobao_post_signing_selection(),
        string="Accepted POST Signing",
        readonly=True,
    )
    order_query = fields.Selection(
        selection=lambda self: self.env["res.company"]
        ._fields["taobao_order_query"]
        ._description_selection(self.env),
        string="Accepted Order Query",
        readonly=True,
    )
    picture_search = fields.Selection(
        selection=lambda self: self.env["res.company"]
        ._fields["taobao_picture_search"]
        ._description_selection(self.env),
        string="Accepted Search by Picture",
        readonly=True,
        help="Empty when DajiSaaS answered neither search by picture: Find on Taobao then "
        "searches by keywords only.",
    )
    signing_tried_count = fields.Integer(string="Signing Variants Tried", readonly=True)
    foreign_orders = fields.Integer(
        string="Orders Not Asked For",
        readonly=True,
        help="Orders the test query answered although they belong to another id: DajiSaaS "
        "ignored the filter. The addon keeps only the orders it asked for.",
    )
    query_shape_recognised = fields.Boolean(
        string="Query Answer Understood",
        readonly=True,
        help="False when the order query answered in a shape the addon does not know: "
        "purchases could then not be looked up. Send the API log to the addon maintainer.",
    )
    last_error = fields.Text(string="What DajiSaaS Said", readonly=True)
    support_text = fields.Text(
        string="For DajiSaaS Support",
        readonly=True,
        help="Every request of this test, the text its sign covered (the appSecret masked) "
        "and DajiSaaS's answer: copy it to DajiSaaS support.",
    )
    differs = fields.Boolean(compute="_compute_differs")
    trustworthy = fields.Boolean(compute="_compute_trustworthy")

    @api.depends(
        "get_signing", "post_signing", "order_query", "picture_search", "company_id", "trustworthy"
    )
    def _compute_differs(self):
        for report in self:
            company = report.company_id
            report.differs = report.trustworthy and (
                report.get_signing != company.taobao_get_signing
                or report.post_signing != company.taobao_post_signing
                or report.order_query != company.taobao_order_query
                or bool(report.picture_search)
                and report.picture_search != company.taobao_picture_search
            )

    @api.model
    def _open_for(self, company, report, url):
        """Record ``report`` (a ``dajisaas.ConnectionReport``) and open it."""
        wizard = self.create(
            {
                "company_id": company.id,
                "api_url": url,
                "get_accepted": report.get_accepted or company.taobao_signing_mode == "debug",
                "get_signing": report.dialect.get_signing,
                "post_accepted": report.post_accepted,
                "post_signing": report.dialect.post_signing,
                "order_query": report.dialect.order_query,
                "picture_search": report.picture_search or False,
                "signing_tried_count": len(report.signing_tried),
                "foreign_orders": report.foreign_orders,
                "query_shape_recognised": report.query_shape_recognised,
                "last_error": error_text(self.env, report.last_error)
                if report.last_error
                else False,
                "support_text": report.support_text() or False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("DajiSaaS Connection"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.depends("get_accepted", "post_accepted", "foreign_orders", "query_shape_recognised")
    def _compute_trustworthy(self):
        for report in self:
            report.trustworthy = (
                report.get_accepted
                and report.post_accepted
                and not report.foreign_orders
                and report.query_shape_recognised
            )

    def action_save(self):
        """Save the POST signing and the order query DajiSaaS accepts, found out again here
        (the report's values came from the browser): never one whose query answered other
        orders or an unknown shape, since purchases would then be looked up wrongly."""
        self.ensure_one()
        company = self.company_id
        self.env["taobao.access"]._check(company, manager=True)
        with (
            failure_told(self.env, lambda reason: reason),
            company._taobao_client(interactive=True) as client,
        ):
            found = client.check_connection()
        get_accepted = found.get_accepted or company.taobao_signing_mode == "debug"
        if (
            not get_accepted
            or not found.post_accepted
            or found.foreign_orders
            or not found.query_shape_recognised
        ):
            raise UserError(
                self.env._(
                    "DajiSaaS's answers cannot be trusted with these settings (other orders "
                    "or an unknown shape in the order query): nothing was saved. Send the API "
                    "log of this test to the addon maintainer."
                )
            )
        values = {
            "taobao_get_signing": found.dialect.get_signing,
            "taobao_post_signing": found.dialect.post_signing,
            "taobao_order_query": found.dialect.order_query,
        }
        if found.picture_search:
            values["taobao_picture_search"] = found.picture_search
        company.sudo().write(values)
        return {"type": "ir.actions.client", "tag": "reload"}
