# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class TaobaoConnectionReport(models.TransientModel):
    """What Test Connection found out about DajiSaaS, and the offer to save it."""

    _name = "taobao.connection.report"
    _description = "DajiSaaS Connection Report"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    api_url = fields.Char(string="API URL", readonly=True)
    signing_mode = fields.Selection(related="company_id.taobao_signing_mode")
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
    differs = fields.Boolean(compute="_compute_differs")

    @api.depends("post_signing", "order_query", "company_id")
    def _compute_differs(self):
        for report in self:
            company = report.company_id
            report.differs = report.post_accepted and (
                report.post_signing != company.taobao_post_signing
                or report.order_query != company.taobao_order_query
            )

    @api.model
    def _open_for(self, company, report, url):
        """Record ``report`` (a ``dajisaas.ConnectionReport``) and open it."""
        wizard = self.create(
            {
                "company_id": company.id,
                "api_url": url,
                "post_accepted": report.post_accepted,
                "post_signing": report.dialect.post_signing,
                "order_query": report.dialect.order_query,
                "signing_tried_count": len(report.signing_tried),
                "foreign_orders": report.foreign_orders,
                "query_shape_recognised": report.query_shape_recognised,
                "last_error": str(report.last_error) if report.last_error else False,
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

    def action_save(self):
        """Save the POST signing and the order query DajiSaaS accepted."""
        self.ensure_one()
        self.env["taobao.access"]._check(self.company_id, manager=True)
        if self.post_accepted:
            self.company_id.sudo().write(
                {"taobao_post_signing": self.post_signing, "taobao_order_query": self.order_query}
            )
        return {"type": "ir.actions.client", "tag": "reload"}
