# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..dajisaas import DajisaasClient

PRODUCTION_API_URL = "https://openapi.dajisaas.com"
SANDBOX_URL_PARAM = "taobao_purchase.sandbox_url"
DEFAULT_SANDBOX_URL = "http://127.0.0.1:8765"
INTERACTIVE_CONNECT_TIMEOUT = 3.0
INTERACTIVE_READ_TIMEOUT = 10.0


class ResCompany(models.Model):
    _inherit = "res.company"

    taobao_environment = fields.Selection(
        selection=[("sandbox", "Sandbox"), ("production", "Production")],
        default="sandbox",
        required=True,
        help="Sandbox talks to the project's local DajiSaaS sandbox; Production places real "
        "orders that cost real money.",
    )
    taobao_api_url = fields.Char(
        string="DajiSaaS API URL",
        help="Base URL of the DajiSaaS open API. Left empty, the environment's default is used.",
    )
    taobao_app_key = fields.Char(string="DajiSaaS appKey", copy=False)
    taobao_app_secret = fields.Char(
        string="DajiSaaS appSecret",
        groups="base.group_system",
        copy=False,
        help="Only Settings administrators can read or write it. Blanked on neutralized "
        "database copies.",
    )
    taobao_signing_mode = fields.Selection(
        selection=[("signed", "Signed (MD5 sign)"), ("debug", "Debug (send appSecret)")],
        string="Signing Mode",
        default="signed",
        required=True,
        help="Signed never sends the appSecret. Debug sends it in clear: DajiSaaS allows it "
        "only while testing.",
    )
    taobao_timeout = fields.Float(
        string="API Timeout (s)",
        default=30.0,
        help="How long to wait for DajiSaaS before giving up on a call.",
    )
    taobao_warehouse_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="China Warehouse",
        help="The forwarding warehouse in China that receives the Taobao parcels.",
    )
    taobao_order_source = fields.Char(
        string="Order Source",
        default="odoo",
        help="Sent as order_source on every purchase: the platform the goods were sold on.",
    )
    taobao_auto_purchase = fields.Boolean(
        string="Purchase on Confirmation",
        help="Queue the purchase on Taobao as soon as a sale order is confirmed.",
    )

    taobao_ship_to = fields.Selection(
        selection=[
            ("warehouse", "China warehouse"),
            ("customer", "Customer's delivery address"),
        ],
        string="Ship Taobao Orders To",
        default="warehouse",
        required=True,
        help="DajiSaaS expects the forwarding warehouse in China; ship directly to the "
        "customer only for cross-border orders the supplier can deliver.",
    )
    taobao_preview_before_purchase = fields.Boolean(
        string="Preview Before Purchase",
        default=True,
        help="Ask DajiSaaS for the exact price and unavailable SKUs before buying.",
    )
    taobao_min_margin = fields.Float(
        string="Minimum Margin (%)",
        default=10.0,
        help="A purchase whose Taobao cost leaves less margin on the sale is stopped "
        "(managers can override).",
    )
    taobao_retry_limit = fields.Integer(
        string="Automatic Retries",
        default=3,
        help="How often an automatic purchase is retried after a transient failure.",
    )
    taobao_retry_delay = fields.Integer(
        string="First Retry Delay (min)",
        default=5,
        help="Delay before the first retry; it doubles for each further retry.",
    )

    taobao_bill_policy = fields.Selection(
        selection=[("draft", "Draft"), ("posted", "Posted")],
        string="Vendor Bills of Paid Purchases",
        default="draft",
        required=True,
        help="Once DajiSaaS reports a Taobao purchase paid, its vendor bill is created in CNY "
        "at the amounts DajiSaaS reports: left in draft for a person to check, or posted.",
    )

    @api.constrains(
        "taobao_timeout", "taobao_retry_limit", "taobao_retry_delay", "taobao_min_margin"
    )
    def _check_taobao_numbers(self):
        for company in self:
            problems = []
            if not 0.1 <= company.taobao_timeout <= 300:
                problems.append(self.env._("the API timeout must be 0.1 to 300 seconds"))
            if not 0 <= company.taobao_retry_limit <= 50:
                problems.append(self.env._("automatic retries must be 0 to 50"))
            if not 0 <= company.taobao_retry_delay <= 1440:
                problems.append(self.env._("the first retry delay must be 0 to 1440 minutes"))
            if not -100 <= company.taobao_min_margin <= 100:
                problems.append(self.env._("the minimum margin must be -100 to 100 %"))
            if problems:
                raise ValidationError(
                    self.env._(
                        "Taobao settings of %(company)s: %(problems)s.",
                        company=company.display_name,
                        problems="; ".join(problems),
                    )
                )

    @api.constrains("taobao_api_url", "taobao_environment")
    def _check_taobao_api_url(self):
        for company in self.filtered("taobao_api_url"):
            url = urlsplit(company.taobao_api_url.strip())
            if url.scheme not in ("http", "https") or not url.hostname:
                raise ValidationError(
                    self.env._(
                        "The DajiSaaS API URL must be an http(s) address such as "
                        "https://openapi.dajisaas.com, not %(url)s.",
                        url=company.taobao_api_url,
                    )
                )
            if company.taobao_environment == "production" and url.scheme != "https":
                raise ValidationError(
                    self.env._(
                        "In production the DajiSaaS API URL must use https: the requests "
                        "carry signed payments."
                    )
                )

    @api.model
    def _taobao_cny(self):
        """The yuan: Taobao's currency (no query once the xmlid is cached)."""
        return self.env["res.currency"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("base.CNY")
        )

    def _taobao_effective_api_url(self):
        self.ensure_one()
        if self.taobao_api_url:
            return self.taobao_api_url
        if self.taobao_environment == "production":
            return PRODUCTION_API_URL
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(SANDBOX_URL_PARAM, DEFAULT_SANDBOX_URL)
        )

    def _taobao_client(self, record=None, interactive=False):
        """Build a DajiSaaS client from this company's settings.

        :param record: the record the calls are made for, linked from the API logs
        :param interactive: a person is waiting: connect within 3 s and give up reading
            after 10 s at most, so that a hung DajiSaaS costs a click seconds, not a worker
        :rtype: DajisaasClient
        :raise UserError: when appKey or appSecret are missing
        """
        self.ensure_one()
        # every call to DajiSaaS goes through here: no one else spends this company's credit
        self.env["taobao.access"]._check(self)
        secret = self.sudo().taobao_app_secret
        if not self.taobao_app_key or not secret:
            raise UserError(
                self.env._(
                    "Taobao purchasing is not configured for %(company)s: set the DajiSaaS "
                    "appKey and appSecret in Settings > Sales > Taobao (DajiSaaS).",
                    company=self.display_name,
                )
            )
        timeout = self.taobao_timeout if self.taobao_timeout > 0 else 30.0
        if interactive:
            timeout = min(INTERACTIVE_READ_TIMEOUT, timeout)
        connect = min(INTERACTIVE_CONNECT_TIMEOUT if interactive else 5.0, timeout)
        return DajisaasClient(
            self._taobao_effective_api_url(),
            self.taobao_app_key,
            secret,
            signing_mode=self.taobao_signing_mode,
            timeout=(connect, timeout),
            on_exchange=self.env["taobao.api.log"]._exchange_recorder(self, record),
        )
