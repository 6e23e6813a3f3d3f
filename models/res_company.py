# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from urllib.parse import urlsplit

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..dajisaas import (
    GET_SIGNING_VARIANTS,
    MESSAGE_SIGNATURE_VARIANTS,
    ORDER_QUERIES,
    POST_SIGNING_VARIANTS,
    DajisaasClient,
    Dialect,
    GetSigning,
    MessageSignature,
    PostSigning,
)
from ..dajisaas.dialect import MAX_ORDER_QUERY_PAGE_SIZE
from ..dajisaas.tolerant_model import MAX_FEN

PRODUCTION_API_URL = "https://openapi.dajisaas.com"
SANDBOX_URL_PARAM = "taobao_purchase.sandbox_url"
DEFAULT_SANDBOX_URL = "http://127.0.0.1:8765"
INTERACTIVE_CONNECT_TIMEOUT = 3.0
INTERACTIVE_READ_TIMEOUT = 10.0
MAX_POOLED_SESSIONS = 32
MESSAGE_KEY_FIELDS = ("taobao_app_secret", "taobao_app_key", "taobao_message_signature")
"""What checking a DajiSaaS message's signature reads from its company."""

_sessions = threading.local()
"""HTTP sessions per (database, company, API URL), per thread: a worker reuses its open
connections to DajiSaaS instead of a TLS handshake per operation."""


def _pooled_session(key):
    pool = getattr(_sessions, "pool", None)
    if pool is None:
        pool = _sessions.pool = {}
    session = pool.get(key)
    if session is None:
        if len(pool) >= MAX_POOLED_SESSIONS:
            pool.pop(next(iter(pool))).close()
        session = pool[key] = DajisaasClient.new_session()
    return session


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
        default=1,
        help="Delay before the first retry; it doubles for each further retry, up to an hour. "
        "A purchase that failed for a passing reason (DajiSaaS unreachable) is retried for as "
        "long as it takes; after the automatic retries, a person is told as well.",
    )
    taobao_amount_ceiling = fields.Float(
        string="Largest Purchase (CNY)",
        default=100000.0,
        help="A Taobao amount above this, in yuan, is not believed: the purchase stops before "
        "buying (preview) or for a person's review (an answer after buying).",
    )
    taobao_reconcile_days = fields.Integer(
        string="Reconcile Purchase Requests For (days)",
        default=14,
        help="How long a purchase request whose outcome DajiSaaS has not shown is looked up "
        "again by the reconciliation.",
    )
    taobao_reconcile_last_run = fields.Datetime(
        string="Last Reconciliation", readonly=True, copy=False
    )
    taobao_reconcile_checked = fields.Integer(
        string="Requests Looked Up", readonly=True, copy=False
    )
    taobao_reconcile_recorded = fields.Integer(
        string="Purchases Recorded", readonly=True, copy=False
    )
    taobao_reconcile_unplaced = fields.Integer(
        string="Purchases Not Placed",
        readonly=True,
        copy=False,
        help="Purchases DajiSaaS named that no purchase request of this company explains; see "
        "the server log.",
    )

    # What the DajiSaaS documentation leaves open: Test Connection finds the signing and the
    # order query; the message signature shows in Refused DajiSaaS Messages.
    taobao_post_signing = fields.Selection(
        selection="_taobao_post_signing_selection",
        string="POST Signing",
        default=POST_SIGNING_VARIANTS[0],
        required=True,
        help="How POST requests are signed. Test Connection finds the one DajiSaaS accepts.",
    )
    taobao_get_signing = fields.Selection(
        selection="_taobao_get_signing_selection",
        string="GET Signing",
        default=GET_SIGNING_VARIANTS[0],
        required=True,
        help="How GET requests (search, item, bunker) are signed. Test Connection finds the "
        "one DajiSaaS accepts.",
    )
    taobao_message_signature = fields.Selection(
        selection="_taobao_message_signature_selection",
        string="Message Signature",
        default=MESSAGE_SIGNATURE_VARIANTS[0],
        required=True,
        help="How DajiSaaS signs the messages it posts to Odoo. A refused message is listed "
        "in Refused DajiSaaS Messages with the signature it matched, if any.",
    )
    taobao_order_query = fields.Selection(
        selection=[
            ("contract", "/taobao/purchase/order/query, outer_purchase_id"),
            ("camel", "/taobao/purchase/order/query, thirdOrderId"),
            ("upstream", "/taobao/purchase/orders/query, outer_purchase_id"),
        ],
        string="Order Query",
        default="contract",
        required=True,
        help="The path and parameter names of the order query. Test Connection finds them.",
    )
    taobao_order_query_page_size = fields.Integer(
        string="Order Query Page Size",
        default=MAX_ORDER_QUERY_PAGE_SIZE,
        help="Purchases asked for per order query call (1 to 50).",
    )
    taobao_partial_success = fields.Boolean(
        string="Accept Partial Purchases",
        help="Let DajiSaaS buy the available lines of an order when others fail (out of "
        "stock, for instance). Off, as in the documentation's example: an order is bought "
        "whole or not at all.",
    )

    taobao_picture_search = fields.Selection(
        selection=[
            ("upload", "Uploaded picture (image search V1.0)"),
            ("address", "Picture address (image search V2.0)"),
        ],
        string="Search by Picture",
        default="upload",
        required=True,
        help="How Find on Taobao searches by picture: by uploading the picture first (any "
        "picture), or by its address (only pictures already on Taobao, such as an imported "
        "product's; pages of results).",
    )

    taobao_bill_policy = fields.Selection(
        selection=[("draft", "Draft"), ("posted", "Posted")],
        string="Vendor Bills of Paid Purchases",
        default="draft",
        required=True,
        help="Once DajiSaaS reports a Taobao purchase paid, its vendor bill is created in CNY "
        "at the amounts DajiSaaS reports: left in draft for a person to check, or posted.",
    )

    @api.model
    def _taobao_post_signing_selection(self):
        fields_labels = {
            "credentials": self.env._("appKey + requestTime"),
            "scalars": self.env._("all plain fields"),
            "values": self.env._("all fields, objects as JSON"),
        }
        time_labels = {
            "ms_string": self.env._("ms as text"),
            "ms_number": self.env._("ms as a number"),
            "s_string": self.env._("seconds as text"),
        }
        place_labels = {"body": self.env._("in the body"), "query": self.env._("in the URL")}

        def label(variant):
            return self.env._(
                "Sign %(fields)s, requestTime in %(time)s, %(place)s",
                fields=fields_labels[variant.signed_fields],
                time=time_labels[variant.request_time_format],
                place=place_labels[variant.credentials_in],
            )

        return [(code, label(PostSigning.from_code(code))) for code in POST_SIGNING_VARIANTS]

    @api.model
    def _taobao_get_signing_selection(self):
        texts = {
            "pairs": self.env._("key=value&…&secret="),
            "top": self.env._("secret + keyvalue… + secret"),
        }
        cases = {"upper": self.env._("upper case"), "lower": self.env._("lower case")}

        def label(variant):
            return self.env._(
                "MD5 of %(text)s, %(case)s",
                text=texts[variant.sign_text],
                case=cases[variant.sign_case],
            )

        return [(code, label(GetSigning.from_code(code))) for code in GET_SIGNING_VARIANTS]

    @api.model
    def _taobao_message_signature_selection(self):
        inputs = {
            "message": self.env._("of the message"),
            "app_key_message": self.env._("of appKey + message"),
        }
        selection = []
        for code in MESSAGE_SIGNATURE_VARIANTS:
            variant = MessageSignature.from_code(code)
            label = self.env._(
                "HMAC-%(algorithm)s %(input)s, %(encoding)s",
                algorithm=variant.algorithm.upper(),
                input=inputs[variant.signed_input],
                encoding=variant.encoding,
            )
            selection.append((code, label))
        return selection

    @api.model
    def cache_invalidation_fields(self):
        return super().cache_invalidation_fields() | set(MESSAGE_KEY_FIELDS)

    @api.model
    @tools.ormcache()
    def _taobao_message_keys(self):
        """``{company id: (appSecret, appKey, signature variant)}`` of the companies with an
        appSecret: what checks a DajiSaaS message posted for one of them.

        Cached, so that a message reads no company row, and in one entry, so that messages
        posted for made-up company ids cannot crowd Odoo's cache. Writing one of these
        fields (or creating or deleting a company) clears it in every worker."""
        companies = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([("taobao_app_secret", "!=", False)], MESSAGE_KEY_FIELDS)
        )
        return {
            company.id: (
                company.taobao_app_secret,
                company.taobao_app_key or "",
                company.taobao_message_signature or MESSAGE_SIGNATURE_VARIANTS[0],
            )
            for company in companies
        }

    def _taobao_ceiling_fen(self):
        """The largest amount believed from DajiSaaS, in fen."""
        self.ensure_one()
        return round(self.taobao_amount_ceiling * 100)

    def _taobao_dialect(self, **overrides):
        """The company's choices where the DajiSaaS docs are silent (``dajisaas.dialect``)."""
        self.ensure_one()
        values = {
            "post_signing": self.taobao_post_signing or POST_SIGNING_VARIANTS[0],
            "get_signing": self.taobao_get_signing or GET_SIGNING_VARIANTS[0],
            "message_signature": self.taobao_message_signature or MESSAGE_SIGNATURE_VARIANTS[0],
            "order_query": self.taobao_order_query
            if self.taobao_order_query in ORDER_QUERIES
            else "contract",
            "order_query_page_size": self.taobao_order_query_page_size
            or MAX_ORDER_QUERY_PAGE_SIZE,
            "support_partial_success": self.taobao_partial_success,
        }
        values.update(overrides)
        return Dialect(**values)

    @api.constrains(
        "taobao_timeout",
        "taobao_retry_limit",
        "taobao_retry_delay",
        "taobao_min_margin",
        "taobao_order_query_page_size",
        "taobao_amount_ceiling",
        "taobao_reconcile_days",
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
            if not 1 <= company.taobao_order_query_page_size <= MAX_ORDER_QUERY_PAGE_SIZE:
                problems.append(self.env._("the order query page size must be 1 to 50"))
            if not 0 < company.taobao_amount_ceiling <= MAX_FEN / 100:
                problems.append(
                    self.env._("the largest purchase must be above 0 and at most 10^11 CNY")
                )
            if not 1 <= company.taobao_reconcile_days <= 365:
                problems.append(self.env._("reconciliation must last 1 to 365 days"))
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

    def _taobao_manager(self, preferred=None):
        """The person a Taobao purchase of this company is handed to when it needs one:
        ``preferred`` (the order's salesperson) when a Taobao manager of the company, since
        only managers act on what DajiSaaS reports (pay, cancel, check purchases, review a
        refund); else the company's first Taobao manager; else ``preferred``."""
        self.ensure_one()
        preferred = (preferred or self.env["res.users"]).sudo()
        managers = (
            self.env.ref("taobao_purchase.group_taobao_manager")
            .sudo()
            .users.filtered(lambda user: self in user.company_ids and not user.share)
        )
        if preferred in managers:
            return preferred
        return managers.sorted("id")[:1] or preferred

    @api.model
    def _taobao_cny(self):
        """The yuan: Taobao's currency (no query once the xmlid is cached)."""
        return self.env["res.currency"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("base.CNY")
        )

    def _taobao_reader_lang(self, user):
        """The language a background job writes in for a record whose person is ``user``
        (else this company's Taobao manager)."""
        self.ensure_one()
        reader = user or self._taobao_manager()
        return reader.lang or self.partner_id.lang or self.env.lang

    def _taobao_check_cny_rate(self):
        """Fail closed without a yuan rate (:meth:`_taobao_has_cny_rate`): before an import
        prices a product, and before a purchase is priced or its margin checked."""
        self.ensure_one()
        if not self._taobao_has_cny_rate():
            raise UserError(
                self.env._(
                    "%(company)s has no exchange rate for the Chinese yuan (CNY), so Taobao "
                    "prices cannot be converted to %(currency)s. Add a CNY exchange rate in "
                    "Accounting > Configuration > Currencies (or enable automatic rates), then "
                    "try again.",
                    company=self.display_name,
                    currency=self.currency_id.name,
                )
            )

    def _taobao_has_cny_rate(self):
        """Whether Odoo knows a yuan rate for this company (where Currency._get_rates looks:
        the root company's rates or the shared ones). Without one Odoo converts 1:1, which no
        Taobao cost may be trusted to."""
        self.ensure_one()
        cny = self._taobao_cny()
        if self.currency_id == cny:
            return True
        return bool(
            self.env["res.currency.rate"]
            .sudo()
            .search_count(
                [("currency_id", "=", cny.id), ("company_id", "in", [self.root_id.id, False])],
                limit=1,
            )
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
        url = self._taobao_effective_api_url()
        return DajisaasClient(
            url,
            self.taobao_app_key,
            secret,
            session=_pooled_session((self.env.cr.dbname, self.id, url)),
            signing_mode=self.taobao_signing_mode,
            timeout=(connect, timeout),
            on_exchange=self.env["taobao.api.log"]._exchange_recorder(self, record),
            dialect=self._taobao_dialect(),
        )
