# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..dajisaas import (
    BunkerItem,
    BusinessError,
    CreateOrderRequest,
    DajisaasClient,
    DajisaasError,
    EnvelopeError,
    format_yuan,
)
from ..dajisaas.purchase_snapshot import PurchaseSnapshot
from ..dajisaas.sale_order_mapping import (
    MappingError,
    PartnerData,
    SaleLineData,
    build_create_request,
    preview_request_for,
    third_order_id,
)
from .chatter import taobao_activity
from .wording import error_text, failure_told, problem_text

_logger = logging.getLogger(__name__)

THIRD_ORDER_KEY_PARAM = "taobao_purchase.third_order_key"

RESEND_GRACE = timedelta(seconds=30)
"""How long after a send its id is sent again, at the earliest, when DajiSaaS shows nothing
for it: a create that DajiSaaS commits late usually shows within that time, and is then
recorded instead of sent a second time."""

MAX_RETRY_DELAY = timedelta(hours=1)
"""The longest wait between two automatic tries: an outage of a day is retried all day."""

QUEUE_LANES = tuple(
    f"taobao_purchase.ir_cron_taobao_purchase_queue{suffix}"
    for suffix in ("", "_lane_2", "_lane_3", "_lane_4")
)
"""The purchase queue's cron records: the first, and lanes a manager may activate."""

REFRESH_DELAY_S = 10
"""How long after a create DajiSaaS is asked for the purchase's real state."""

LOOKUP_DELAYS = (
    timedelta(0),
    timedelta(seconds=15),
    timedelta(seconds=30),
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=30),
)
"""When an unknown outcome is looked up, by lookup; then every MAX_RETRY_DELAY. The first
is at once, the next ones soon: a create DajiSaaS commits late usually shows within seconds,
and when DajiSaaS keeps showing nothing a person is asked within minutes (with the default
three retries) instead of hours. A lookup is one read."""


class TaobaoPurchaseBlocked(UserError):
    """The purchase cannot start: nothing was sent to DajiSaaS."""


class TaobaoPurchaseDeferred(TaobaoPurchaseBlocked):
    """Nothing was sent, for a passing reason: the automatic job tries again later."""


def _is_clear_refusal(error):
    """DajiSaaS refused the request itself, in a shape this addon knows: an envelope code that
    rejects it before anything is done (400, 401, 404), code 1009, or ``success: false`` with
    an error code. A server error (envelope 500) may come after DajiSaaS acted: not clear."""
    if isinstance(error, EnvelopeError):
        return error.code in (400, 401, 404)
    return isinstance(error, BusinessError) and bool(error.error_code or error.code != 200)


@dataclass
class PurchasePlan:
    """What one attempt will buy: the lines, the client and the create request.

    ``bunkers`` holds the product answers fetched while planning, by Taobao item id.
    """

    order: models.BaseModel
    """The sale order (one record)."""
    lines: models.BaseModel
    """Its sale order lines still to buy."""
    client: DajisaasClient
    request: CreateOrderRequest
    bunkers: dict[str, BunkerItem] = field(default_factory=dict)


class SaleOrder(models.Model):
    """The purchase flow of a sale order on Taobao: one attempt at a time, on the order.

    lock → map → fill distribution ids → preview → send → record. The order's attempt
    fields change only through :meth:`_taobao_set_attempt`; what DajiSaaS bought is written by
    ``purchase.order._taobao_record``. Work for later is handed to the jobs
    (``taobao_jobs.py``) by cron triggers only.
    """

    _inherit = "sale.order"

    def _taobao_set_attempt(self, state, next_attempt=False, **values):
        """Move this order's purchase attempt to ``state``: the only writer of the attempt.

        :param next_attempt: close the attempt: the next one gets a new thirdOrderId
        :param values: other fields of the attempt, by their names (``taobao_next_retry``...)
        """
        vals = {"taobao_attempt_state": state, **values}
        if next_attempt:
            vals["taobao_attempt"] = self.taobao_attempt + 1
            vals["taobao_pending_third_order_id"] = False
        self.sudo().write(vals)

    def _taobao_purchase(self, check_margin=True, interactive=True, locked=False):
        """Run one purchase attempt for this order; return ``(order, level, message)``.

        ``level`` is ``busy`` when another transaction is purchasing the order (nothing was
        done; try again soon). Failures before anything is sent raise
        :class:`TaobaoPurchaseBlocked`; failures of the call itself are recorded on the
        order (state, chatter, API log) and returned. ``locked``: this transaction holds the
        order's row already (the purchase job claimed it).
        """
        self.ensure_one()
        if not locked and not self._taobao_lock():
            return (
                self,
                "busy",
                self.env._(
                    "%(order)s is being purchased right now (by another user or the automatic "
                    "job); refresh in a moment.",
                    order=self.name,
                ),
            )
        if self.taobao_attempt_state == "review":
            raise TaobaoPurchaseBlocked(self.taobao_last_error)
        if self.taobao_attempt_state == "unknown":
            if self._taobao_resolve_unknown():
                return self._taobao_found_earlier()
            if self.taobao_attempt_state != "queued":
                # not shown yet, and not to be sent again: looked up later, never "nothing"
                return (self, "warning", self.taobao_last_error)
        if not self._taobao_lines_to_purchase():
            if self.taobao_attempt_state == "queued":
                self._taobao_set_attempt("idle", taobao_next_retry=False)  # out of the queue
            return (
                self,
                "info",
                self.env._("%(order)s: nothing left to purchase on Taobao.", order=self.name),
            )
        if self.state != "sale":
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s is not a confirmed sale order: confirm it before purchasing on "
                    "Taobao.",
                    order=self.name,
                )
            )
        with self.company_id._taobao_client(record=self, interactive=interactive) as client:
            plan = self._taobao_plan(client)
            if self.company_id.taobao_preview_before_purchase:
                preview = self._taobao_preview(plan)
                self._taobao_check_preview(plan, preview, check_margin)
            return self._taobao_send(plan)

    def _taobao_purchase_interactively(self, **options):
        # DajiSaaS could not be asked (price check, product ids): nothing was bought
        with failure_told(
            self.env,
            lambda reason: self.env._(
                "%(order)s was not purchased: %(error)s Nothing was bought; try again.",
                order=self.name,
                error=reason,
            ),
        ):
            return [self._taobao_purchase(**options)]

    def _taobao_queue_for_user(self):
        outcomes, to_queue = [], self.browse()
        for order in self:
            if order.state != "sale":
                message = self.env._("%(order)s is not confirmed.", order=order.name)
                outcomes.append((order, "danger", message))
            elif order.taobao_attempt_state in ("queued", "sending", "unknown"):
                message = self.env._("%(order)s is already being purchased.", order=order.name)
                outcomes.append((order, "info", message))
            elif order.taobao_attempt_state == "review":
                message = self.env._(
                    "%(order)s waits for a person to check its Taobao purchases.",
                    order=order.name,
                )
                outcomes.append((order, "warning", message))
            elif not order._taobao_lines_to_purchase():
                message = self.env._("%(order)s: nothing left to purchase.", order=order.name)
                outcomes.append((order, "info", message))
            else:
                to_queue |= order
        if to_queue:
            to_queue._taobao_queue()
            message = self.env._(
                "%(count)s orders queued: they are purchased in the background, and each "
                "shows its result (%(orders)s).",
                count=len(to_queue),
                orders=", ".join(to_queue.mapped("name")),
            )
            outcomes.append((to_queue, "success", message))
        return outcomes

    @api.model
    def _taobao_notification(self, outcomes):
        levels = ["warning" if level == "busy" else level for _order, level, _message in outcomes]
        level = next(
            (lvl for lvl in ("danger", "warning", "success", "info") if lvl in levels), "info"
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "className": "o_taobao_notification",
                "title": self.env._("Purchase on Taobao"),
                "message": "\n".join(message for _order, _level, message in outcomes),
                "type": level,
                "sticky": level in ("danger", "warning"),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _taobao_plan(self, client):
        """Map the lines still to buy onto a create request (ids fetched when missing)."""
        lines = self._taobao_lines_to_purchase()
        bunkers = self._taobao_fill_distribution_ids(client, lines)
        return PurchasePlan(self, lines, client, self._taobao_build_request(lines), bunkers)

    def _taobao_lock(self, log=True):
        """Lock the order row for this attempt; False when another transaction holds it.

        ``FOR NO KEY UPDATE SKIP LOCKED``: a busy order is skipped without an error (and
        without an ERROR line in the log); rows that only reference the order (intents,
        purchase orders) are never blocked by the lock.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM sale_order WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED",
                    [self.id],
                    log_exceptions=False,
                )
                locked = bool(self.env.cr.fetchone())
        except (LockNotAvailable, SerializationFailure):
            # changed by another transaction since this one started
            return False
        if locked:
            self.invalidate_recordset()
        elif log:
            _logger.info("Taobao purchase of %s skipped: being purchased elsewhere", self.name)
        return locked

    @api.model
    def _taobao_partner_data(self, partner, label):
        partner = partner.sudo()
        return PartnerData(
            label=label,
            name=partner.name or "",
            country_code=partner.country_id.code or "",
            country_name=partner.country_id.name or "",
            state=partner.state_id.name or "",
            city=partner.city or "",
            street=partner.street or "",
            street2=partner.street2 or "",
            zip=partner.zip or "",
            phone=partner.phone or "",
            mobile=partner.mobile or "",
            vat=partner.vat or "",
        )

    @api.model
    def _taobao_line_data(self, lines):
        return [
            SaleLineData(
                line_id=line.id,
                label=line.name.splitlines()[0] if line.name else line.product_id.name,
                title=line.product_id.name or line.name,
                quantity=Decimal(str(line.product_uom_qty)),
                mp_id=line.product_id.taobao_mp_id or "",
                mp_sku_id=line.product_id.taobao_mp_sku_id or "",
                price_fen=line.product_id.taobao_price_fen,
                has_skus=bool(line.product_id.taobao_sku_id),
            )
            for line in lines
        ]

    def _taobao_addresses(self):
        company = self.company_id
        warehouse = company.taobao_warehouse_partner_id
        if not warehouse:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "No China warehouse is set for %(company)s: choose one in Settings > Sales > "
                    "Taobao (DajiSaaS).",
                    company=company.display_name,
                )
            )
        warehouse_data = self._taobao_partner_data(warehouse, warehouse.display_name)
        if company.taobao_ship_to == "customer":
            shipping = self.partner_shipping_id
            return self._taobao_partner_data(shipping, shipping.display_name), warehouse_data
        return warehouse_data, warehouse_data

    def _taobao_build_request(self, lines):
        receiver, warehouse = self._taobao_addresses()
        try:
            return build_create_request(
                third_order_id=self._taobao_third_order_id(),
                seller_order_number=self.client_order_ref or self.name,
                order_source=self.company_id.taobao_order_source or "odoo",
                lines=self._taobao_line_data(lines),
                receiver=receiver,
                warehouse=warehouse,
                support_partial_success=self.company_id.taobao_partial_success,
            )
        except MappingError as error:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s cannot be purchased on Taobao yet:\n%(problems)s",
                    order=self.name,
                    problems="\n".join(f"- {problem_text(self.env, p)}" for p in error.problems),
                )
            ) from None

    def _taobao_third_order_id(self):
        """The id of the order's current attempt: the one sent already (kept on the order,
        or in the ledger when the transaction that kept it died), else a new one."""
        return (
            self.taobao_pending_third_order_id
            or self.env["taobao.purchase.intent"]._sent_for_attempt(self)
            or third_order_id(
                self.name, self.id, self.taobao_attempt, self._taobao_third_order_key()
            )
        )

    @api.model
    def _taobao_third_order_key(self):
        """The key of the unguessable part of thirdOrderIds: made once per database, and
        never made again (unlike ``database.secret``, which a copied database renews, so
        that a restored database would send the same attempt under another id)."""
        parameters = self.env["ir.config_parameter"].sudo()
        key = parameters.get_param(THIRD_ORDER_KEY_PARAM)
        if not key:
            key = secrets.token_hex(16)
            parameters.set_param(THIRD_ORDER_KEY_PARAM, key)
        return key

    @api.model
    def _taobao_fill_distribution_ids(self, client, lines):
        """Fetch what a linked product lacks (mpId, mpSkuId, price) through the bunker call,
        once per item: a product that carries only Taobao ids can be bought at once.

        The bunker answer carries each SKU's distribution id and price; a SKU it does not
        list, or an item without a price, is left for the request mapping to refuse, naming
        the line.

        :return: the bunker answers fetched, by Taobao item id
        """
        products = lines.product_id.filtered(
            lambda p: not p.taobao_mp_id
            or (p.taobao_sku_id and not p.taobao_mp_sku_id)
            or p.taobao_price_fen <= 0
        )
        problems = []
        bunkers = {}
        for template in products.product_tmpl_id:
            try:
                bunker = bunkers[template.taobao_item_id] = client.get_bunker(
                    template.taobao_item_id
                )
            except (BusinessError, EnvelopeError) as error:
                raise TaobaoPurchaseBlocked(
                    self.env._(
                        "Taobao item %(item)s (%(product)s) cannot be ordered: %(error)s",
                        item=template.taobao_item_id,
                        product=template.display_name,
                        error=error_text(self.env, error),
                    )
                ) from None
            # written only when they change: concurrent purchases of one item write nothing
            if template.taobao_mp_id != str(bunker.mp_id):
                template.sudo().taobao_mp_id = bunker.mp_id
            skus = {str(sku.sku_id): sku for sku in bunker.skus}
            for variant in products.filtered(lambda p, t=template: p.product_tmpl_id == t):
                values = {}
                sku = skus.get(variant.taobao_sku_id or "")
                if variant.taobao_sku_id and not sku:
                    problems.append(
                        self.env._(
                            "%(product)s: Taobao SKU %(sku)s is not a SKU of item %(item)s on "
                            "DajiSaaS (removed, or a wrong id): link the product again.",
                            product=variant.display_name,
                            sku=variant.taobao_sku_id,
                            item=template.taobao_item_id,
                        )
                    )
                    continue
                if sku and sku.mp_sku_id and variant.taobao_mp_sku_id != str(sku.mp_sku_id):
                    values["taobao_mp_sku_id"] = str(sku.mp_sku_id)
                price = (
                    (sku.price_fen if sku else None)
                    if variant.taobao_sku_id
                    else (bunker.price_fen)
                )
                if variant.taobao_price_fen <= 0 and price and price > 0:
                    values["taobao_price_fen"] = price
                if values:
                    variant.sudo().write(values)
        if problems:
            raise TaobaoPurchaseBlocked("\n".join(problems))
        return bunkers

    def _taobao_preview(self, plan):
        try:
            return plan.client.preview_order(preview_request_for(plan.request))
        except (BusinessError, EnvelopeError) as error:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "The Taobao price check (preview) failed: %(error)s",
                    error=error_text(self.env, error),
                )
            ) from None

    def _taobao_check_preview(self, plan, preview, check_margin):
        """Stop before buying when SKUs are unavailable or the margin is too low."""
        if preview.unavailable:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s: some Taobao SKUs cannot be bought right now:\n%(skus)s\nReplace "
                    "or remove those lines, then purchase again.",
                    order=self.name,
                    skus=self._taobao_unavailable_text(preview, plan.lines.product_id),
                )
            )
        if preview.total_fen <= 0:
            # an answer whose total could not be read must never pass the margin check
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s: DajiSaaS's price check gave no total, so the cost is not known. "
                    "Nothing was bought; try again, or look at the API log.",
                    order=self.name,
                )
            )
        self._taobao_check_preview_amounts(plan, preview)
        if not check_margin:
            return
        minimum = self.company_id.taobao_min_margin
        margin, cost, revenue = self._taobao_margin(plan.lines, preview.total_fen)
        if margin < minimum:
            currency = self.company_id.currency_id
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s: the Taobao cost %(cost)s leaves a margin of %(margin)s%% on "
                    "%(revenue)s, below the minimum of %(minimum)s%%. Raise the sale price, or "
                    "have a Taobao manager use 'Purchase anyway'.",
                    order=self.name,
                    cost=currency.format(cost),
                    revenue=currency.format(revenue),
                    margin=margin,
                    minimum=minimum,
                )
            )

    def _taobao_check_preview_amounts(self, plan, preview):
        """Stop before buying when the preview's cost is beyond belief: above the company's
        largest purchase, or ten times off the Taobao prices Odoo knows (an answer in another
        unit reads 100 times off). "Purchase anyway" does not skip this: it is no margin."""
        ceiling_fen = self.company_id._taobao_ceiling_fen()
        if preview.total_fen > ceiling_fen:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s: DajiSaaS's price check says %(total)s CNY, above the largest "
                    "purchase believed (%(ceiling)s CNY, in Settings). Nothing was bought: "
                    "check the order and the price on Taobao.",
                    order=self.name,
                    total=format_yuan(preview.total_fen),
                    ceiling=format_yuan(ceiling_fen),
                )
            )
        products = plan.lines.product_id
        if not plan.lines or any(product.taobao_price_fen <= 0 for product in products):
            return
        known_fen = sum(
            line.product_id.taobao_price_fen * line.product_uom_qty for line in plan.lines
        )
        goods_fen = preview.total_fen - preview.shipping_fee_fen
        if goods_fen <= 0 or (goods_fen < known_fen * 10 and goods_fen * 10 > known_fen):
            return
        raise TaobaoPurchaseBlocked(
            self.env._(
                "%(order)s: DajiSaaS's price check gives %(preview)s CNY for the goods, where the "
                "Taobao prices Odoo knows add up to %(known)s CNY: ten times or more apart, "
                "which is no price change. Nothing was bought. Refresh the products from Taobao; "
                "if the gap stays, send the API log to the addon maintainer.",
                order=self.name,
                preview=format_yuan(goods_fen),
                known=format_yuan(round(known_fen)),
            )
        )

    @api.model
    def _taobao_unavailable_text(self, preview, products=None):
        """One line per SKU the preview says cannot be bought, named as a person knows it:
        the Odoo product and its Taobao SKU properties, with DajiSaaS's reason.

        The preview names SKUs by DajiSaaS's distribution ids (mpId, mpSkuId): they are
        looked for among ``products`` (the variants ordered), then among all products; a SKU
        no product has is called by DajiSaaS's ids, said to be theirs.
        """
        Product = self.env["product.product"].with_context(active_test=False)
        products = products if products is not None else Product
        texts = []
        for unavailable in preview.unavailable:
            mp_id, mp_sku_id = str(unavailable.item_id or ""), str(unavailable.sku_id or "")
            product = products.filtered(
                lambda p, i=mp_id, s=mp_sku_id: (p.taobao_mp_id or "") == i
                and (p.taobao_mp_sku_id or "") == s
            )[:1]
            if not product and mp_sku_id:
                product = Product.search([("taobao_mp_sku_id", "=", mp_sku_id)], limit=1)
            elif not product and mp_id:
                product = Product.search(
                    [("taobao_mp_id", "=", mp_id), ("taobao_mp_sku_id", "=", False)], limit=1
                )
            reason = unavailable.reason or unavailable.error_code or self.env._("no reason given")
            properties = product and product._taobao_sku_text()
            if product and properties:
                text = self.env._(
                    "- %(product)s — SKU %(properties)s. DajiSaaS says: %(reason)s",
                    product=product.display_name,
                    properties=properties,
                    reason=reason,
                )
            elif product:
                text = self.env._(
                    "- %(product)s. DajiSaaS says: %(reason)s",
                    product=product.display_name,
                    reason=reason,
                )
            else:
                text = self.env._(
                    "- DajiSaaS product id %(mp_id)s, SKU id %(mp_sku_id)s (DajiSaaS's ids, "
                    "which no product in Odoo has). DajiSaaS says: %(reason)s",
                    mp_id=mp_id or "?",
                    mp_sku_id=mp_sku_id or "-",
                    reason=reason,
                )
            texts.append(text)
        return "\n".join(texts)

    def _taobao_margin(self, lines, total_fen):
        """Return ``(margin percent, cost, revenue)`` in the company currency."""
        company = self.company_id
        company._taobao_check_cny_rate()
        cny = company._taobao_cny()
        cost = cny._convert(total_fen / 100, company.currency_id, company, fields.Date.today())
        revenue = self.currency_id._convert(
            sum(lines.mapped("price_subtotal")),
            company.currency_id,
            company,
            self.date_order or fields.Date.today(),
        )
        if not revenue:
            return -100.0, cost, revenue
        return float_round((revenue - cost) / revenue * 100, 2), cost, revenue

    def _taobao_send(self, plan):
        request = plan.request
        third_id = request.third_order_id
        sent_before = self.taobao_pending_third_order_id == third_id
        # the lookups of an unknown outcome are counted from the first send of its id
        counts = {} if sent_before else {"taobao_retry_count": 0}
        self._taobao_set_attempt("sending", taobao_pending_third_order_id=third_id, **counts)
        self.env.flush_all()
        # committed on its own before anything is sent: survives a worker killed meanwhile
        sends = self.env["taobao.purchase.intent"]._record_sending(self, third_id)
        if not sends:
            # a send the ledger does not hold could be bought twice: nothing is sent
            raise TaobaoPurchaseDeferred(
                self.env._(
                    "%(order)s was not sent to DajiSaaS: Odoo could not record the request "
                    "first. Nothing was bought; try again in a moment.",
                    order=self.name,
                )
            )
        first_send = sends == 1 and not sent_before
        try:
            result = plan.client.create_order(request)
        except (BusinessError, EnvelopeError) as error:
            # A refusal is not proof that nothing was bought under this thirdOrderId (a
            # replay, or a create still running at DajiSaaS, may be refused): ask first.
            return self._taobao_refused(plan, error, first_send)
        except DajisaasError as error:
            # Timeout, reset, 5xx, garbage, "success" without readable orders: the order may
            # exist; never re-send blindly.
            return self._taobao_record_unknown(error)
        failed_text = self._taobao_failed_lines_text(result.failed_lines)
        if not result.orders:
            # "success", every line refused: clear for a first send only (a replay's lines
            # may be refused because the first send took the stock)
            if not first_send:
                return self._taobao_record_unknown(answered=True, reason=failed_text)
            self.env["taobao.purchase.intent"]._close(self, third_id, "refused")
            return self._taobao_record_refusal(failed_text)
        snapshots = PurchaseSnapshot.from_created(result, third_id)
        purchases, others, problems = self._taobao_record_purchases(snapshots, created=True)
        foreign_refs = set(others.mapped("taobao_purchase_ref"))
        if any(s.purchase_ref not in foreign_refs for s in snapshots):
            self.env["taobao.purchase.intent"]._close(
                self, third_id, "bought", result.outer_purchase_id
            )
            self._taobao_set_attempt(
                "idle",
                next_attempt=True,
                taobao_retry_count=0,
                taobao_next_retry=False,
                taobao_payment_url=result.payment_url or self.taobao_payment_url,
                taobao_last_error=failed_text or False,
            )
        if self._taobao_stop_for_review(purchases, others, amounts=problems):
            return (self, "warning", self.taobao_last_error)
        self._taobao_refresh_soon(purchases)
        if failed_text:
            message = self.env._(
                "%(order)s partly purchased on Taobao; not bought:\n%(lines)s",
                order=self.name,
                lines=failed_text,
            )
            self._taobao_post(message)
            return (self, "warning", message)
        return (self, "success", self.env._("%(order)s purchased on Taobao.", order=self.name))

    def _taobao_record_purchases(self, snapshots, created):
        """Record the purchase orders DajiSaaS reported and say so on the sale order.

        :return: ``(the purchase orders created, those of other sale orders DajiSaaS named,
            left as they are)``; :meth:`_taobao_stop_for_review` stops the order for the latter
        """
        snapshots, problems = self.env["purchase.order"]._taobao_believable(
            self.company_id, snapshots
        )
        purchases, others = self.env["purchase.order"]._taobao_record(self, snapshots)
        for purchase in purchases:
            amount = purchase.currency_id.format(purchase.amount_total)
            supplier = purchase.taobao_supplier_nick or purchase.partner_id.name
            link = purchase._get_html_link()
            if created:
                note = self.env._(
                    "Bought on Taobao from %(supplier)s: purchase order %(link)s, %(amount)s.",
                    supplier=supplier,
                    link=link,
                    amount=amount,
                )
            else:
                note = self.env._(
                    "Taobao purchase %(link)s from %(supplier)s (%(amount)s) found on DajiSaaS "
                    "and recorded: the earlier attempt had gone through.",
                    supplier=supplier,
                    link=link,
                    amount=amount,
                )
            self._taobao_post(note)
        return purchases, others, problems

    @api.model
    def _taobao_refresh_soon(self, purchases):
        """DajiSaaS creates a purchase "being created" and moves it on within moments. The
        person who clicked does not wait for it: the requested-synchronization job asks
        DajiSaaS within the minute (the scheduler looks at future wake-ups about once a
        minute). "Being created" is payable meanwhile, and paying asks DajiSaaS first."""
        if self.env["taobao.sync.request"]._request(purchases):
            cron = self.env.ref(
                "taobao_purchase.ir_cron_taobao_sync_requested", raise_if_not_found=False
            )
            if cron:
                cron.sudo()._trigger(fields.Datetime.now() + timedelta(seconds=REFRESH_DELAY_S))

    def _taobao_failed_lines_text(self, failed_lines):
        lines_by_id = {str(line.id): line for line in self.order_line}
        texts = []
        for failed in failed_lines:
            line = lines_by_id.get(str(failed.order_line_no))
            label = line.product_id.display_name if line else failed.order_line_no
            texts.append(f"- {label}: {failed.error_message or failed.error_code}")
        return "\n".join(texts)

    def _taobao_refused(self, plan, error, first_send):
        """DajiSaaS refused the create: look the id up; only a clear refusal of its first send,
        with nothing found, closes it. A refused replay is no proof that nothing was bought
        (the first send may still be running at DajiSaaS): the outcome stays unknown."""
        third_id = plan.request.third_order_id
        try:
            lookup = self._taobao_look_up(plan.client, third_id)
        except DajisaasError as lookup_error:
            return self._taobao_record_unknown(lookup_error)
        if self._taobao_apply_lookup(third_id, lookup)[2]:
            return self._taobao_found_earlier()
        if first_send and _is_clear_refusal(error):
            self.env["taobao.purchase.intent"]._close(self, third_id, "refused")
            return self._taobao_record_failure(error)
        return self._taobao_record_unknown(error, answered=True)

    def _taobao_found_earlier(self):
        """The outcome a person reads when DajiSaaS showed what an earlier send bought: now
        recorded, or stopped for them to check."""
        if self.taobao_attempt_state == "review":
            return (self, "warning", self.taobao_last_error)
        return (
            self,
            "success",
            self.env._(
                "%(order)s: the purchase sent earlier did go through and is now recorded.",
                order=self.name,
            ),
        )

    def _taobao_look_up(self, client, third_id):
        """What DajiSaaS holds for ``third_id`` (an ``OrderLookup``), matched on the id and
        on every outer id DajiSaaS answered for it; ``foreign``, the orders answered that no
        request of this company explains."""
        Intent = self.env["taobao.purchase.intent"]
        lookup = client.find_order(
            third_id, also=sorted(Intent._outer_refs(self.company_id, third_id))
        )
        # orders of other requests of this company (a server ignoring the filter) are theirs
        lookup.foreign = [
            foreign
            for foreign in lookup.foreign
            if not Intent._of(self.company_id, [foreign.outer_purchase_id])
        ]
        return lookup

    def _taobao_apply_lookup(self, third_id, lookup):
        """Record on this order the purchases a lookup of ``third_id`` found, whatever the
        order's state; stop it for a person when they were not expected, or when DajiSaaS
        answered orders under ids no request of this company explains.

        :return: ``(the purchase orders created, the orders DajiSaaS answered under ids no
            request explains, whether the answer showed anything new)``: a lookup answering
            only purchases already reported to a person is an empty one
        """
        Intent = self.env["taobao.purchase.intent"]
        # the order's current request (whatever waits on it: a lookup, a re-send, a person)
        expected = self.taobao_pending_third_order_id == third_id
        purchases = others = self.env["purchase.order"]
        problems = []
        if lookup.orders:
            snapshots = [PurchaseSnapshot.from_queried(q, third_id) for q in lookup.orders]
            purchases, others, problems = self._taobao_record_purchases(snapshots, False)
            foreign_refs = set(others.mapped("taobao_purchase_ref"))
            own = [q for q in lookup.orders if str(q.purchase_id) not in foreign_refs]
            # closed only by purchases Odoo holds for this order, not another's
            if own:
                outer = next((q.outer_purchase_id for q in own if q.outer_purchase_id), None)
                Intent._close(self, third_id, "bought", outer)
                if expected:
                    self._taobao_start_over()
        # orders under ids no request explains are reported once, then left to a person
        noted = Intent._noted_purchase_refs(self)
        unplaced = [f for f in lookup.foreign if str(f.purchase_id) not in noted]
        if unplaced:
            _logger.warning(
                "DajiSaaS answered the lookup of %s with orders under ids Odoo did not send: %s",
                third_id,
                ", ".join(f"{o.purchase_id} ({o.outer_purchase_id or '-'})" for o in unplaced),
            )
            Intent._note(self, third_id, unplaced)
        self._taobao_stop_for_review(
            purchases,
            others,
            unplaced=unplaced,
            late_ref=third_id if purchases and (not expected or self.state == "cancel") else None,
            asked_ref=third_id,
            amounts=problems,
        )
        return purchases, lookup.foreign, bool(lookup.orders or unplaced)

    def _taobao_stop_for_review(
        self,
        purchases,
        others=None,
        unplaced=(),
        late_ref=None,
        asked_ref=None,
        amounts=(),
    ):
        """Stop this order for a person when DajiSaaS bought sub-orders no sale line claims,
        named purchases (``others``) that Odoo records for other sale orders, answered the
        lookup of ``asked_ref`` with orders under ids no request explains (``unplaced``), or
        when purchases were found for ``late_ref``, a request the order no longer expected
        to buy anything, or when DajiSaaS reported ``amounts`` not to be believed.

        Recovered purchases may not echo the line numbers sent, and matching them by
        distribution ids and quantity may leave some unmatched. Their sale lines still look
        unbought, so buying on could buy them twice: nothing is bought, automatically or by a
        click, until a person has looked (``sale.order.action_taobao_review_done``).

        :return: True when the order was stopped
        """
        unmatched = purchases.order_line.filtered(
            lambda line: line.taobao_sub_order_ref and not line.sale_line_id
        )
        if not unmatched and not others and not unplaced and not late_ref and not amounts:
            return False
        messages = []
        if amounts:
            messages.append(
                self.env._(
                    "%(problems)s\nCheck these purchases on DajiSaaS. Nothing more is bought for "
                    "%(order)s until a person clicks Purchases Checked.",
                    problems="\n".join(amounts),
                    order=self.name,
                )
            )
        if late_ref:
            messages.append(
                self.env._(
                    "DajiSaaS holds purchases for %(id)s, a request %(order)s sent earlier that "
                    "Odoo did not expect to have bought anything: %(purchases)s, now recorded. "
                    "Check that no line of %(order)s is bought twice (cancel a purchase on "
                    "Taobao if so). Nothing more is bought for this order until a person clicks "
                    "Purchases Checked.",
                    id=late_ref,
                    order=self.name,
                    purchases=", ".join(purchases.mapped("name")),
                )
            )
        if unplaced:
            reported = [
                self.env._(
                    "- DajiSaaS purchase %(ref)s, outer id %(outer)s, status %(status)s",
                    ref=foreign.purchase_id,
                    outer=foreign.outer_purchase_id or "-",
                    status=foreign.status or "-",
                )
                for foreign in unplaced
            ]
            messages.append(
                self.env._(
                    "Asked for %(id)s, DajiSaaS answered with purchases under other ids, which "
                    "no request of this company was sent with:\n%(reported)s\nThey may be the "
                    "purchase of %(order)s under an id DajiSaaS rewrote. Check them on "
                    "DajiSaaS. Nothing more is bought for this order until a person clicks "
                    "Purchases Checked.",
                    id=asked_ref,
                    order=self.name,
                    reported="\n".join(reported),
                )
            )
        if unmatched:

            def sub_order_text(line):
                # the product the sub-order was recorded with is the one whose DajiSaaS
                # distribution ids (mpId, mpSkuId) it bears, or a generic one: name it by
                # what a person knows, and a SKU only when it is the one DajiSaaS reported
                product = line.product_id
                known_sku = not line.taobao_mp_sku_ref or (
                    product.taobao_mp_sku_id == line.taobao_mp_sku_ref
                )
                properties = product and product._taobao_sku_text()
                names = {
                    "purchase": line.order_id.name,
                    "sub": line.taobao_sub_order_ref,
                    "qty": line.product_qty,
                }
                if product.taobao_item_id and known_sku and properties:
                    return self.env._(
                        "- %(purchase)s, sub-order %(sub)s: %(product)s — Taobao item "
                        "%(item)s, SKU %(properties)s, quantity %(qty)s",
                        product=product.display_name,
                        item=product.taobao_item_id,
                        properties=properties,
                        **names,
                    )
                if product.taobao_item_id and known_sku:
                    return self.env._(
                        "- %(purchase)s, sub-order %(sub)s: %(product)s — Taobao item "
                        "%(item)s, quantity %(qty)s",
                        product=product.display_name,
                        item=product.taobao_item_id,
                        **names,
                    )
                if product.taobao_item_id:
                    return self.env._(
                        "- %(purchase)s, sub-order %(sub)s: %(product)s — Taobao item "
                        "%(item)s, a SKU no variant in Odoo has (DajiSaaS's SKU id "
                        "%(mp_sku_id)s), quantity %(qty)s",
                        product=product.product_tmpl_id.display_name,
                        item=product.taobao_item_id,
                        mp_sku_id=line.taobao_mp_sku_ref,
                        **names,
                    )
                return self.env._(
                    "- %(purchase)s, sub-order %(sub)s: DajiSaaS product id %(mp_id)s, SKU id "
                    "%(mp_sku_id)s (DajiSaaS's ids, which no product in Odoo has), "
                    "quantity %(qty)s",
                    mp_id=line.taobao_mp_ref or "?",
                    mp_sku_id=line.taobao_mp_sku_ref or "-",
                    **names,
                )

            reported = "\n".join(sub_order_text(line) for line in unmatched)
            messages.append(
                self.env._(
                    "DajiSaaS reports purchases that could not be matched to lines of "
                    "%(order)s, so Odoo cannot tell which lines they buy:\n%(reported)s\nNothing "
                    "more is bought for this order until a person checks the purchase orders "
                    "and clicks Purchases Checked.",
                    order=self.name,
                    reported=reported,
                )
            )
        if others:
            reported = "\n".join(
                self.env._(
                    "- DajiSaaS purchase %(ref)s: %(purchase)s, of %(sale)s",
                    ref=other.taobao_purchase_ref,
                    purchase=other.name,
                    sale=other.taobao_sale_order_id.name or other.origin or "?",
                )
                for other in others
            )
            messages.append(
                self.env._(
                    "DajiSaaS answered for %(order)s with purchases that Odoo records for other "
                    "sale orders; they were left as they are:\n%(reported)s\nCheck on DajiSaaS "
                    "what was bought for %(order)s. Nothing more is bought for this order until "
                    "a person clicks Purchases Checked.",
                    order=self.name,
                    reported=reported,
                )
            )
        message = "\n\n".join(messages)
        self._taobao_set_attempt("review", taobao_last_error=message, taobao_next_retry=False)
        self._taobao_post(message)
        self._taobao_schedule_check(message)
        return True

    def _taobao_record_failure(self, error):
        return self._taobao_record_refusal(error_text(self.env, error))

    def _taobao_record_refusal(self, reason):
        """DajiSaaS clearly refused the first send of the order's thirdOrderId: the attempt
        is over, and the next one gets a new id."""
        message = self.env._("Purchase on Taobao failed: %(error)s", error=reason)
        self._taobao_set_attempt(
            "failed", next_attempt=True, taobao_last_error=message, taobao_next_retry=False
        )
        self._taobao_post(message)
        return (self, "danger", message)

    def _taobao_record_unknown(self, error=None, answered=False, reason=None):
        """The outcome of this order's request is not known: look it up again soon, on a
        growing delay. Never "nothing was bought": when DajiSaaS keeps answering without
        showing a purchase (``answered``: a refused replay, an empty lookup) past the
        automatic retries, a person decides (:meth:`_taobao_stop_unanswered`)."""
        third_id = self._taobao_third_order_id()
        count = self.taobao_retry_count + 1
        if error is not None:
            reason = error_text(self.env, error)
        elif not reason:
            reason = self.env._("DajiSaaS shows no purchase for %(id)s yet", id=third_id)
        # the first count is the send's own; each further one, a lookup
        if answered and count - 1 > self.company_id.taobao_retry_limit:
            return self._taobao_stop_unanswered(third_id, reason)
        message = self.env._(
            "DajiSaaS did not confirm the purchase (%(error)s). It may have gone through: the "
            "next attempt or a synchronization will check with DajiSaaS before buying again.",
            error=reason,
        )
        next_retry = fields.Datetime.now() + self._taobao_lookup_delay(count)
        already_said = self.taobao_attempt_state == "unknown" and self.taobao_last_error == message
        self._taobao_set_attempt(
            "unknown",
            taobao_last_error=message,
            taobao_retry_count=count,
            taobao_next_retry=next_retry,
        )
        if not already_said:
            self._taobao_post(message)
        self._taobao_wake_queue(at=next_retry)
        return (self, "warning", message)

    @api.model
    def _taobao_lookup_delay(self, count):
        return LOOKUP_DELAYS[count - 1] if count <= len(LOOKUP_DELAYS) else MAX_RETRY_DELAY

    def _taobao_stop_unanswered(self, third_id, reason):
        """DajiSaaS answered every lookup of ``third_id`` without showing a purchase: a person
        checks on DajiSaaS. The reconciliation keeps looking the id up meanwhile."""
        message = self.env._(
            "DajiSaaS has shown no purchase for %(id)s after %(count)s lookups (%(reason)s), but "
            "that does not prove nothing was bought. Check on DajiSaaS, then a Taobao manager "
            "either clicks Nothing Was Bought (the order is bought again, under a new id) or "
            "Purchases Checked.",
            id=third_id,
            count=self.taobao_retry_count,
            reason=reason,
        )
        self._taobao_set_attempt("review", taobao_last_error=message, taobao_next_retry=False)
        self._taobao_post(message)
        self._taobao_schedule_check(message)
        return (self, "warning", message)

    def _taobao_schedule_check(self, note):
        """Purchases Checked is a Taobao manager's: the activity goes to one."""
        check = self.env.ref("taobao_purchase.mail_activity_taobao_check_purchases")
        if not self.activity_ids.filtered(lambda activity: activity.activity_type_id == check):
            taobao_activity(
                self.sudo(),
                "taobao_purchase.mail_activity_taobao_check_purchases",
                note=note,
                user_id=self.company_id._taobao_manager(self.user_id).id or self.env.uid,
            )

    def _taobao_resolve_unknown(self):
        """Ask DajiSaaS whether the attempt with an unknown outcome created purchases.

        When it shows none, a confirmed order goes back to the queue with the same
        thirdOrderId (the next attempt sends exactly that id again); a cancelled order stays
        unknown and is looked up again later: what DajiSaaS may still commit is recorded.

        :return: True when purchases were found and recorded (or the order was stopped for
            what DajiSaaS answered).
        """
        third_id = self._taobao_third_order_id()
        with self.company_id._taobao_client(record=self) as client:
            lookup = self._taobao_look_up(client, third_id)
        if self._taobao_apply_lookup(third_id, lookup)[2]:
            return True
        if self.state != "sale":
            self._taobao_record_unknown(answered=True)
            return False
        resend_at = self.env["taobao.purchase.intent"]._last_send(self, third_id)
        if resend_at and resend_at + RESEND_GRACE > fields.Datetime.now():
            # too soon to send again: a create DajiSaaS commits late may still show
            next_retry = resend_at + RESEND_GRACE
            self._taobao_set_attempt("unknown", taobao_next_retry=next_retry)
            self._taobao_wake_queue(at=next_retry)
            return False
        self._taobao_set_attempt("queued", taobao_next_retry=fields.Datetime.now())
        return False

    def _taobao_open_requests(self):
        """The thirdOrderIds this order sent whose outcome DajiSaaS has not shown."""
        refs = set(self.env["taobao.purchase.intent"]._open_refs_of(self))
        if self.taobao_pending_third_order_id and self.taobao_attempt_state in (
            "unknown",
            "review",
            "sending",
        ):
            refs.add(self.taobao_pending_third_order_id)
        return sorted(refs)

    def _taobao_release(self, refs):
        """A manager decided nothing was bought under ``refs``: close them, and open a new
        attempt (a new thirdOrderId) for what is left to buy."""
        for ref in refs:
            self.env["taobao.purchase.intent"]._close(self, ref, "released")
        self._taobao_start_over()

    def _taobao_start_over(self):
        """The attempt's outcome is settled: the next one gets a new thirdOrderId, no error,
        no retry, and the Purchases Checked activity is done."""
        self._taobao_set_attempt(
            "idle",
            next_attempt=True,
            taobao_last_error=False,
            taobao_retry_count=0,
            taobao_next_retry=False,
        )
        self._taobao_close_check()

    def _taobao_close_check(self):
        """The question a person was asked about this order is answered."""
        check = self.env.ref("taobao_purchase.mail_activity_taobao_check_purchases")
        self.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == check
        ).action_feedback()

    def _taobao_recover_lost_intent(self, third_id):
        """A create was sent but its outcome was never recorded (the worker stopped)."""
        self._taobao_set_attempt(
            "unknown",
            taobao_pending_third_order_id=third_id,
            taobao_next_retry=fields.Datetime.now(),
            taobao_retry_count=0,
        )
        self._taobao_post(
            self.env._(
                "A purchase request (%(id)s) was sent to DajiSaaS, but Odoo stopped before "
                "recording the answer. DajiSaaS is asked about it before anything is bought "
                "again.",
                id=third_id,
            )
        )

    def _taobao_queue(self):
        """Queue ``orders`` for the automatic purchase job and wake it up (not those that
        wait for a person to check their purchases)."""
        for order in self.filtered(lambda o: o.taobao_attempt_state != "review"):
            order._taobao_set_attempt(
                "queued", taobao_retry_count=0, taobao_next_retry=fields.Datetime.now()
            )
        self._taobao_wake_queue()

    @api.model
    def _taobao_queue_lanes(self):
        """The purchase queue's active cron lanes, woken up together: each runs the same
        job, taking the next due order no other lane holds, so that orders are bought in
        parallel across Odoo's cron threads and servers. The first lane is the switch of the
        others: archived, no lane runs (however the others were left)."""
        lanes = self.env["ir.cron"].sudo()
        for xmlid in QUEUE_LANES:
            lane = self.env.ref(xmlid, raise_if_not_found=False)
            if lane and lane.sudo().active:
                lanes |= lane.sudo()
            elif xmlid == QUEUE_LANES[0]:
                return lanes  # the first lane archived pauses them all
        return lanes

    @api.model
    def _taobao_reconcile_cron(self):
        """The reconciliation's cron, which the flow and the jobs wake up."""
        return self.env.ref("taobao_purchase.ir_cron_taobao_reconcile")

    @api.model
    def _taobao_wake_queue(self, at=None):
        for lane in self._taobao_queue_lanes():
            lane._trigger(at=at)

    def _taobao_announce(self):
        """Tell open web clients that these sale orders changed in the background, so that a
        form showing one reloads it (static/src/js/taobao_purchase_updates.js). Sent to the sales
        users' group channel: only ids travel, and each client reloads with its own rights."""
        self.env.ref("sales_team.group_sale_salesman")._bus_send(
            "taobao_purchase/updated", {"model": "sale.order", "ids": self.ids}
        )

    def _taobao_purchase_automatically(self):
        """One automatic attempt on an order this transaction holds (the purchase job claimed
        it, ``taobao.jobs._claim_next_due``): failures become an activity, transient ones are
        retried.

        :return: True (the attempt is made, whatever its outcome)
        """
        try:
            with self.env.cr.savepoint():
                _order, level, message = self._taobao_purchase(interactive=False, locked=True)
        except TaobaoPurchaseDeferred as error:
            self._taobao_automatic_failure(str(error), retry=True)
            return True
        except UserError as error:
            self._taobao_automatic_failure(str(error), retry=False)
            return True
        except DajisaasError as error:
            self._taobao_automatic_failure(error_text(self.env, error), retry=True)
            return True
        if self.taobao_attempt_state in ("review", "unknown"):
            return True  # stopped for a person, or its next lookup is scheduled
        if level not in ("success", "info"):
            self._taobao_automatic_failure(message, retry=False)
        elif level == "success":
            self._taobao_wake_waiting(self.company_id)
        return True

    @api.model
    def _taobao_wake_waiting(self, company, limit=5):
        """DajiSaaS answers ``company`` again: a few of its queued orders that wait out a
        passing failure are due now, not at the end of their back-off (an outage ends for
        all at once); each success wakes a few more."""
        waiting = self.env["sale.order"].search(
            [
                ("company_id", "=", company.id),
                ("taobao_attempt_state", "=", "queued"),
                ("state", "=", "sale"),
                ("taobao_retry_count", ">", 0),
                ("taobao_next_retry", ">", fields.Datetime.now()),
            ],
            order="taobao_next_retry",
            limit=limit,
        )
        for order in waiting:
            if order._taobao_lock(log=False):
                order.sudo().taobao_next_retry = fields.Datetime.now()

    def _taobao_automatic_failure(self, reason, retry):
        """An automatic attempt failed. A passing failure (``retry``: DajiSaaS unreachable,
        a lookup that failed) is tried again on a doubling delay capped at an hour, for as
        long as it takes; only a business reason makes the order ``failed``. A person gets an
        activity once the configured retries are used."""
        company = self.company_id
        state = self.taobao_attempt_state
        count = self.taobao_retry_count + 1
        if retry:
            delay = min(
                timedelta(minutes=company.taobao_retry_delay * 2 ** (count - 1)), MAX_RETRY_DELAY
            )
            next_retry = fields.Datetime.now() + delay
            self._taobao_set_attempt(
                "unknown" if state == "unknown" else "queued",
                taobao_retry_count=count,
                taobao_next_retry=next_retry,
                taobao_last_error=reason,
            )
            self._taobao_wake_queue(at=next_retry)
            if count <= company.taobao_retry_limit:
                return
        else:
            self._taobao_set_attempt("failed", taobao_last_error=reason, taobao_next_retry=False)
        failed = self.env.ref("taobao_purchase.mail_activity_taobao_purchase_failed")
        if not self.activity_ids.filtered(lambda activity: activity.activity_type_id == failed):
            taobao_activity(
                self.sudo(),
                "taobao_purchase.mail_activity_taobao_purchase_failed",
                summary=self.env._("Taobao purchase failed"),
                note=reason,
                user_id=self.user_id.id or self.env.uid,
            )

    @api.model
    def _taobao_note_unknown_outcomes(self, company, third_order_ids):
        """DajiSaaS spoke of purchases Odoo has not recorded, made for ``third_order_ids``:
        maybe unknown outcomes. Their orders are only marked for the purchase job, which
        looks them up at once; the request never waits on an order's lock.
        """
        unknown = self.env["sale.order"].search(
            [
                ("company_id", "=", company.id),
                ("taobao_attempt_state", "=", "unknown"),
                ("taobao_pending_third_order_id", "in", list(third_order_ids)),
            ]
        )
        if self.env["taobao.sync.request"]._request(unknown):
            self._taobao_wake_queue()
        # any other request it names (failed, cancelled, given up): the reconciliation
        intents = (
            self.env["taobao.purchase.intent"]
            ._of(company, third_order_ids)
            .filtered(lambda intent: intent.sale_order_ref not in unknown.ids)
        )
        if self.env["taobao.sync.request"]._request(intents):
            self._taobao_reconcile_cron()._trigger()
