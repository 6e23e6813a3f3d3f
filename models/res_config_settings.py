# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .wording import failure_told


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    taobao_environment = fields.Selection(related="company_id.taobao_environment", readonly=False)
    taobao_api_url = fields.Char(related="company_id.taobao_api_url", readonly=False)
    taobao_app_key = fields.Char(related="company_id.taobao_app_key", readonly=False)
    taobao_signing_mode = fields.Selection(
        related="company_id.taobao_signing_mode", readonly=False
    )
    taobao_timeout = fields.Float(related="company_id.taobao_timeout", readonly=False)
    taobao_warehouse_partner_id = fields.Many2one(
        related="company_id.taobao_warehouse_partner_id", readonly=False
    )
    taobao_order_source = fields.Char(related="company_id.taobao_order_source", readonly=False)
    taobao_auto_purchase = fields.Boolean(
        related="company_id.taobao_auto_purchase", readonly=False
    )
    taobao_ship_to = fields.Selection(related="company_id.taobao_ship_to", readonly=False)
    taobao_preview_before_purchase = fields.Boolean(
        related="company_id.taobao_preview_before_purchase", readonly=False
    )
    taobao_min_margin = fields.Float(related="company_id.taobao_min_margin", readonly=False)
    taobao_retry_limit = fields.Integer(related="company_id.taobao_retry_limit", readonly=False)
    taobao_retry_delay = fields.Integer(related="company_id.taobao_retry_delay", readonly=False)
    taobao_amount_ceiling = fields.Float(
        related="company_id.taobao_amount_ceiling", readonly=False
    )
    taobao_reconcile_days = fields.Integer(
        related="company_id.taobao_reconcile_days", readonly=False
    )
    taobao_reconcile_last_run = fields.Datetime(related="company_id.taobao_reconcile_last_run")
    taobao_reconcile_checked = fields.Integer(related="company_id.taobao_reconcile_checked")
    taobao_reconcile_recorded = fields.Integer(related="company_id.taobao_reconcile_recorded")
    taobao_reconcile_unplaced = fields.Integer(related="company_id.taobao_reconcile_unplaced")
    taobao_bill_policy = fields.Selection(related="company_id.taobao_bill_policy", readonly=False)
    taobao_get_signing = fields.Selection(related="company_id.taobao_get_signing", readonly=False)
    taobao_post_signing = fields.Selection(
        related="company_id.taobao_post_signing", readonly=False
    )
    taobao_message_signature = fields.Selection(
        related="company_id.taobao_message_signature", readonly=False
    )
    taobao_order_query = fields.Selection(related="company_id.taobao_order_query", readonly=False)
    taobao_order_query_page_size = fields.Integer(
        related="company_id.taobao_order_query_page_size", readonly=False
    )
    taobao_partial_success = fields.Boolean(
        related="company_id.taobao_partial_success", readonly=False
    )
    taobao_picture_search = fields.Selection(
        related="company_id.taobao_picture_search", readonly=False
    )
    taobao_queue_lanes = fields.Integer(
        string="Parallel Purchase Jobs",
        groups="base.group_system",
        compute="_compute_taobao_queue_lanes",
        inverse="_inverse_taobao_queue_lanes",
        help="How many queued sale orders are bought at once (1 to 4): each is a lane of the "
        "purchase job, run by one of Odoo's cron threads (max_cron_threads) on any server.",
    )
    # The secret is write-only here: the form never receives the stored value.
    taobao_app_secret_input = fields.Char(
        string="New appSecret",
        groups="base.group_system",
        compute="_compute_taobao_app_secret_input",
        inverse="_inverse_taobao_app_secret_input",
        help="Type a new appSecret to replace the stored one. Left empty, the stored one is kept.",
    )
    taobao_app_secret_is_set = fields.Boolean(
        string="appSecret Stored", compute="_compute_taobao_app_secret_is_set"
    )

    def _compute_taobao_app_secret_input(self):
        self.taobao_app_secret_input = False

    def _inverse_taobao_app_secret_input(self):
        for settings in self:
            if settings.taobao_app_secret_input:
                settings.company_id.sudo().taobao_app_secret = settings.taobao_app_secret_input

    @api.depends("company_id")
    def _compute_taobao_app_secret_is_set(self):
        for settings in self:
            settings.taobao_app_secret_is_set = bool(settings.company_id.sudo().taobao_app_secret)

    def _compute_taobao_queue_lanes(self):
        self.taobao_queue_lanes = self.env["taobao.jobs"]._queue_lane_count()

    def _inverse_taobao_queue_lanes(self):
        for settings in self:
            self.env["taobao.jobs"]._set_queue_lanes(settings.taobao_queue_lanes)

    @api.onchange("taobao_environment")
    def _onchange_taobao_environment(self):
        # only when a person switches the environment: a stored URL survives saving
        if self.taobao_environment != self.company_id.taobao_environment:
            self.taobao_api_url = False

    def action_taobao_test_connection(self):
        """Find out, with read-only calls, whether and how DajiSaaS accepts the values on
        screen (the button saves them to this settings record first, without a dialog).

        A GET search checks the URL and the credentials; an order query for an id that
        cannot exist checks the POST signing and the order query, trying every known variant
        when DajiSaaS refuses. The report offers to save what DajiSaaS accepted.
        """
        self.ensure_one()
        company = self.company_id
        self.env["taobao.access"]._check(company, manager=True)
        url = company._taobao_effective_api_url()
        with (
            failure_told(
                self.env,
                lambda reason: self.env._(
                    "Connection to DajiSaaS at %(url)s failed: %(reason)s", url=url, reason=reason
                ),
            ),
            company._taobao_client(interactive=True) as client,
        ):
            report = client.check_connection()
        return self.env["taobao.connection.report"]._open_for(company, report, url)
