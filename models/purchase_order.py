# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models

from ..const import (
    CLOSED_STATUS,
    PAID_STATUSES,
    STATUS_MAPPING,
    TAOBAO_STATUSES,
)
from ..dajisaas import format_yuan
from ..dajisaas.purchase_snapshot import CREATED_STATUS, PurchaseSnapshot
from .chatter import taobao_activity, taobao_note
from .taobao_access import PURCHASE_ORDER_PROTECTED
from .wording import failure_told


class PurchaseOrder(models.Model):
    """A DajiSaaS purchase (one per Taobao supplier) is an ordinary confirmed purchase order.

    The ``taobao_*`` fields record what DajiSaaS said; only :meth:`_taobao_record` and
    :meth:`_taobao_apply` write them.
    """

    _inherit = "purchase.order"

    taobao_sale_order_id = fields.Many2one(
        "sale.order",
        string="Bought for",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The sale order whose goods this Taobao purchase buys.",
    )
    is_taobao = fields.Boolean(
        string="Bought on Taobao", compute="_compute_is_taobao", store=True, index=True
    )
    taobao_purchase_ref = fields.Char(
        string="DajiSaaS Purchase ID", readonly=True, copy=False, index="btree_not_null"
    )
    taobao_third_order_ref = fields.Char(
        string="thirdOrderId",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The id Odoo sent with the create request; DajiSaaS is asked for it after a "
        "lost answer.",
    )
    taobao_outer_ref = fields.Char(
        string="DajiSaaS Outer ID",
        readonly=True,
        copy=False,
        help="The outer id DajiSaaS answered for the thirdOrderId, when it answered another.",
    )
    taobao_status = fields.Selection(TAOBAO_STATUSES, readonly=True, copy=False, index=True)
    taobao_supplier_nick = fields.Char(string="Taobao Shop", readonly=True, copy=False)
    taobao_source_market = fields.Char(string="Source Market", readonly=True, copy=False)
    taobao_trace_ref = fields.Char(string="DajiSaaS traceId", readonly=True, copy=False)
    taobao_payment_url = fields.Char(string="Taobao Payment Link", readonly=True, copy=False)
    taobao_paid_amount = fields.Monetary(
        string="Paid on Taobao", currency_field="currency_id", readonly=True, copy=False
    )
    taobao_last_sync = fields.Datetime(string="Last Synchronized", readonly=True, copy=False)
    taobao_pay_requested = fields.Boolean(readonly=True, copy=False)
    taobao_cancel_reason = fields.Char(readonly=True, copy=False)
    taobao_amounts_doubtful = fields.Boolean(
        string="Amounts to Review",
        readonly=True,
        copy=False,
        help="DajiSaaS reported amounts for this purchase that are not to be believed (above "
        "the largest purchase, or paid with nothing paid): they were not recorded.",
    )
    taobao_refund_to_review = fields.Boolean(
        string="Refund to Review",
        readonly=True,
        copy=False,
        help="DajiSaaS reported a refund on this purchase: a person should check it.",
    )
    taobao_tracking_refs = fields.Char(
        string="Tracking Numbers (China)", compute="_compute_taobao_tracking_refs"
    )

    _sql_constraints = [
        (
            "taobao_purchase_ref_company_uniq",
            "unique(taobao_purchase_ref, company_id)",
            "This DajiSaaS purchase order is already recorded.",
        ),
    ]

    @api.depends("taobao_purchase_ref")
    def _compute_is_taobao(self):
        for order in self:
            order.is_taobao = bool(order.taobao_purchase_ref)

    @api.depends("order_line.taobao_tracking_refs")
    def _compute_taobao_tracking_refs(self):
        for order in self:
            refs = order.order_line.mapped("taobao_tracking_refs")
            order.taobao_tracking_refs = ", ".join(ref for ref in refs if ref) or False

    @api.constrains("taobao_sale_order_id", "company_id")
    def _check_taobao_sale_order_company(self):
        # Odoo's purchase order does not check its many2ones' companies by itself
        self.filtered("taobao_sale_order_id")._check_company(["taobao_sale_order_id"])

    # === RECORDING WHAT DAJISAAS SAID === #

    @api.model
    def _taobao_record(self, sale_order, snapshots):
        """Write ``snapshots`` (what DajiSaaS reported) to purchase orders of ``sale_order``.

        Purchase orders not recorded yet are created and confirmed; those already recorded
        are updated. This is the only writer of the Taobao fields. A purchase Odoo records
        for another sale order is left as it is: an answer naming it (replayed, wrong, or
        from a DajiSaaS that reused its ids) says nothing true about it.

        :return: ``(the purchase orders created, those of other sale orders it named)``
        """
        refs = [snapshot.purchase_ref for snapshot in snapshots]
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", sale_order.company_id.id),
                    ("taobao_purchase_ref", "in", refs),
                ]
            )
        )
        others = existing.filtered(lambda order: order.taobao_sale_order_id != sale_order)
        foreign_refs = set(others.mapped("taobao_purchase_ref"))
        snapshots = [s for s in snapshots if s.purchase_ref not in foreign_refs]
        by_ref = {order.taobao_purchase_ref: order for order in existing - others}
        new = [s for s in snapshots if s.purchase_ref not in by_ref]
        created = self.sudo().browse()
        if new:
            matcher = self._taobao_sub_order_matcher(sale_order)
            created = (
                self.sudo()
                .with_company(sale_order.company_id)
                .create([self._taobao_prepare_order_values(sale_order, s, matcher) for s in new])
            )
            created._taobao_confirm()
            for order, snapshot in zip(created, new, strict=True):
                by_ref[snapshot.purchase_ref] = order
        paid = self.browse()
        for snapshot in snapshots:
            order = by_ref[snapshot.purchase_ref]
            if order in created:
                # made from this very snapshot; a recovered purchase may be paid already
                if order._taobao_after_status_change(CREATED_STATUS):
                    paid |= order
            elif order._taobao_apply(snapshot):
                paid |= order
        created.order_line.sale_line_id._taobao_update_cost()
        created.order_line._taobao_note_bought_prices()
        paid._taobao_create_bills()
        self.env["taobao.message.receipt"]._claim(created)
        return created, others

    @api.model
    def _taobao_prepare_order_values(self, sale_order, snapshot, matcher):
        company = sale_order.company_id
        cny = self.env["res.company"]._taobao_cny()
        matched = [(sub, matcher(sub)) for sub in snapshot.sub_orders]
        lines = [
            Command.create(self.env["purchase.order.line"]._taobao_prepare_values(sub, sale_line))
            for sub, sale_line in matched
        ]
        shipping_fen = (snapshot.amount_fen or 0) - snapshot.lines_fen
        if shipping_fen > 0:
            lines.append(
                Command.create(
                    self.env["purchase.order.line"]._taobao_shipping_values(shipping_fen)
                )
            )
        sale_lines = self.env["sale.order.line"].union(*(line for _sub, line in matched if line))
        values = {
            "partner_id": self._taobao_vendor(snapshot, sale_lines).id,
            "partner_ref": snapshot.purchase_ref,
            "company_id": company.id,
            "currency_id": cny.id,
            "origin": sale_order.name,
            "user_id": False,
            "taobao_sale_order_id": sale_order.id,
            "taobao_purchase_ref": snapshot.purchase_ref,
            "taobao_third_order_ref": snapshot.third_order_ref or False,
            "taobao_outer_ref": snapshot.outer_ref
            if snapshot.outer_ref and snapshot.outer_ref != snapshot.third_order_ref
            else False,
            "taobao_supplier_nick": snapshot.supplier_nick or False,
            "taobao_source_market": snapshot.source_market or False,
            "taobao_trace_ref": snapshot.trace_ref or False,
            "taobao_payment_url": snapshot.payment_url or False,
            "taobao_status": snapshot.status
            if snapshot.status in STATUS_MAPPING
            else CREATED_STATUS,
            "taobao_paid_amount": (snapshot.paid_fen or 0) / 100,
            "taobao_last_sync": fields.Datetime.now(),
            "order_line": lines,
        }
        values.update(self._taobao_stock_values(sale_order))
        return values

    @api.model
    def _taobao_vendor(self, snapshot, sale_lines):
        """The Taobao shop's partner: the vendor product import put on the products."""
        shop_partners = sale_lines.product_id.seller_ids.partner_id.filtered(
            lambda partner: partner._taobao_is_shop()
        )
        if len(shop_partners) == 1:
            return shop_partners
        return self.env["res.partner"]._taobao_shop_partner(
            snapshot.supplier_nick or snapshot.purchase_ref, snapshot.supplier_nick
        )

    def _add_supplier_to_product(self):
        # The product's vendor line comes from Find on Taobao, with the item's price; a Taobao
        # purchase must not add the shop to every product it touches (its shipping line's
        # included), nor make concurrent purchases of one product write the same template.
        return super(
            PurchaseOrder, self.filtered(lambda o: not o.is_taobao)
        )._add_supplier_to_product()

    def _taobao_confirm(self):
        """Confirm purchases DajiSaaS has already made (no approval step can refuse them)."""
        self.button_confirm()
        self.filtered(lambda order: order.state == "to approve").button_approve(force=True)
        if self._taobao_dropship_type(self.company_id[:1]):
            self._taobao_cancel_own_deliveries()

    def _taobao_apply(self, snapshot):
        """Update this purchase order from what DajiSaaS reports now.

        Runs as superuser: what DajiSaaS reports is recorded whoever asked for it.

        :return: True when DajiSaaS reports it paid for the first time: its vendor bill is
            due, made with the others' by the caller (:meth:`_taobao_create_bills`)
        """
        self.ensure_one()
        purchase = self.sudo()
        old_status = purchase.taobao_status
        # only what changed is written: an unchanged answer (most of a sync) writes nothing
        # here, so nothing that depends on these fields is computed again
        values = {}
        if snapshot.status in STATUS_MAPPING and snapshot.status != old_status:
            values["taobao_status"] = snapshot.status
        if snapshot.paid_fen is not None and purchase.currency_id.compare_amounts(
            snapshot.paid_fen / 100, purchase.taobao_paid_amount
        ):
            values["taobao_paid_amount"] = snapshot.paid_fen / 100
        if snapshot.payment_url and not purchase.taobao_payment_url:
            values["taobao_payment_url"] = snapshot.payment_url
        if values:
            purchase.write(values)
        # prices follow what DajiSaaS reports, until the purchase is paid and billed
        with_amounts = purchase.state != "cancel" and purchase.taobao_status not in PAID_STATUSES
        new_refs, lines_changed = purchase.order_line._taobao_apply(snapshot, with_amounts)
        shipping_changed = with_amounts and purchase._taobao_apply_shipping(snapshot)
        newly_paid = purchase._taobao_after_status_change(old_status)
        if lines_changed or shipping_changed or "taobao_status" in values:
            purchase.order_line.sale_line_id._taobao_update_cost()
        if new_refs:
            purchase._taobao_publish_tracking(new_refs)
        return newly_paid

    def _taobao_landed_factor(self):
        """What a goods line of this purchase costs per unit of its price, with its share, by
        amount, of the shipping inside China."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda pl: not pl.display_type)
        shipping = sum(lines.filtered("taobao_is_shipping").mapped("price_subtotal"))
        goods = sum(lines.filtered(lambda pl: not pl.taobao_is_shipping).mapped("price_subtotal"))
        return 1 + shipping / goods if shipping and goods else 1

    def _taobao_apply_shipping(self, snapshot):
        """The shipping line holds what the amount reported exceeds the sub-orders by.

        :return: whether it changed
        """
        shipping_line = self.order_line.filtered("taobao_is_shipping")
        if snapshot.amount_fen is not None and shipping_line:
            shipping = max(snapshot.amount_fen - snapshot.lines_fen, 0) / 100
            if shipping_line.price_unit != shipping:
                shipping_line.price_unit = shipping
                return True
        return False

    def _taobao_after_status_change(self, old_status):
        """Follow DajiSaaS's new status in Odoo.

        :return: True when the purchase has just been paid, so its vendor bill is due
        """
        status = self.taobao_status
        if status == old_status:
            return False
        if STATUS_MAPPING.get(status, {}).get("po_state") == "cancel" and self.state != "cancel":
            # Odoo's own cancellation (sale_purchase's activity) speaks to the reader too
            reader = self.with_context(lang=self._taobao_reader_lang())
            reader.button_cancel()
            reader._taobao_post(
                reader.env._("DajiSaaS closed this purchase: cancelled in Odoo too.")
            )
        return status in PAID_STATUSES and old_status not in PAID_STATUSES

    def _taobao_publish_tracking(self, refs):
        """Put new tracking numbers where people look for them: the sale order, deliveries."""
        self.ensure_one()
        body = self.with_context(lang=self._taobao_reader_lang()).env._(
            "Taobao tracking numbers (China) for %(purchase)s: %(refs)s",
            purchase=self.name,
            refs=", ".join(refs),
        )
        self.taobao_sale_order_id.sudo()._message_log(body=taobao_note(body))
        for delivery in self._taobao_deliveries() or ():
            delivery.sudo()._message_log(body=taobao_note(body))
            # the carrier's field comes with Odoo's shipping connectors (stock_delivery)
            if "carrier_tracking_ref" in delivery._fields and not delivery.carrier_tracking_ref:
                delivery.sudo().carrier_tracking_ref = ", ".join(refs)

    def _taobao_post(self, body):
        for order in self:
            order.sudo()._message_log(body=taobao_note(body))

    @api.model
    def _taobao_believable(self, company, snapshots):
        """``snapshots`` with the amounts that are not to be believed taken out, and the
        words for what was taken out (see ``sale.order._taobao_stop_for_review``)."""
        ceiling_fen = company._taobao_ceiling_fen()
        kept, problems = [], []
        for snapshot in snapshots:
            found = snapshot.amount_problems(ceiling_fen, PAID_STATUSES)
            if not found:
                kept.append(snapshot)
                continue
            kept.append(snapshot.without_amounts())
            for code, fen in found:
                if code == "above_ceiling":
                    problems.append(
                        self.env._(
                            "DajiSaaS purchase %(ref)s reports an amount of %(amount)s CNY, "
                            "above the largest purchase believed (%(ceiling)s CNY): its "
                            "amounts were not recorded.",
                            ref=snapshot.purchase_ref,
                            amount=format_yuan(fen),
                            ceiling=format_yuan(ceiling_fen),
                        )
                    )
                else:
                    problems.append(
                        self.env._(
                            "DajiSaaS purchase %(ref)s is reported paid, with a paid amount of "
                            "0: its amounts were not recorded.",
                            ref=snapshot.purchase_ref,
                        )
                    )
        return kept, problems

    @api.model
    def _taobao_sub_order_matcher(self, order):
        """A function giving the sale line a sub-order buys (or an empty recordset).

        By the line number sent at create time; when DajiSaaS does not echo it, by the
        distribution ids and quantity among the lines not bought yet.
        """
        lines_by_no = {str(line.id): line for line in order.order_line}
        unclaimed = list(order._taobao_lines_to_purchase())
        empty = self.env["sale.order.line"]

        def match(sub_order):
            line = lines_by_no.get(sub_order.order_line_no, empty)
            if not line:
                line = next(
                    (
                        candidate
                        for candidate in unclaimed
                        if candidate.product_id.taobao_mp_id == sub_order.mp_ref
                        and (candidate.product_id.taobao_mp_sku_id or "") == sub_order.mp_sku_ref
                        and candidate.product_uom_qty == sub_order.quantity
                    ),
                    empty,
                )
            if line in unclaimed:
                unclaimed.remove(line)
            return line

        return match

    # === PROTECTED FIELDS, SYNCHRONIZATION, REVIEW === #

    def _taobao_check_manager(self):
        self.env["taobao.access"]._check(self.company_id, manager=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["taobao.access"]._check_protected_create(
            self, vals_list, self._taobao_protected()
        )
        return super().create(vals_list)

    def write(self, vals):
        protected = self._taobao_protected()
        if self.filtered("is_taobao"):
            protected |= PURCHASE_ORDER_PROTECTED
            if vals.get("state") == "cancel" and self._taobao_open():
                protected.add("state")  # cancelled on DajiSaaS first (button_cancel)
        self.env["taobao.access"]._check_protected(self, vals, protected)
        return super().write(vals)

    def unlink(self):
        if self.filtered("is_taobao"):
            self.env["taobao.access"]._check_protected(
                self, ["taobao_purchase_ref"], {"taobao_purchase_ref"}
            )
        return super().unlink()

    def _taobao_open(self):
        """The Taobao purchases DajiSaaS has not closed: only DajiSaaS cancels them."""
        return self.filtered(
            lambda order: order.is_taobao and order.taobao_status != CLOSED_STATUS
        )

    @api.model
    def _taobao_protected(self):
        return {name for name in self._fields if name.startswith("taobao_") or name == "is_taobao"}

    def action_taobao_sync(self):
        self.env["taobao.access"]._check(self.company_id)
        self._taobao_sync_for_user()
        return self._taobao_sync_notification()

    def _taobao_sync_for_user(self):
        """Synchronize for a person waiting: a failure says why, in their language."""
        with failure_told(
            self.env,
            lambda reason: self.env._(
                "Synchronization with DajiSaaS failed: %(error)s", error=reason
            ),
        ):
            self._taobao_sync(interactive=True)

    def _taobao_sync_notification(self):
        """Say what a synchronization found: each purchase's DajiSaaS status."""
        labels = dict(self._fields["taobao_status"]._description_selection(self.env))
        lines = [
            self.env._(
                "%(purchase)s: %(status)s", purchase=p.name, status=labels.get(p.taobao_status, "")
            )
            for p in self.filtered("is_taobao")
        ]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "className": "o_taobao_notification",
                "type": "success",
                "title": self.env._("Synchronized with DajiSaaS"),
                "message": "\n".join(lines) or self.env._("No Taobao purchase to synchronize."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _taobao_sync(self, client=None, interactive=False):
        """Refresh status, amounts and tracking numbers from DajiSaaS.

        :param client: a client of these purchases' company to ask (else one is made)
        :param interactive: a person waits: short timeouts, no retries (a client made here)
        """
        taobao = self.filtered("is_taobao")
        for company, orders in taobao.grouped("company_id").items():
            ids = [int(order.taobao_purchase_ref) for order in orders]
            if client is not None:
                queried = client.query_orders(purchase_ids=ids)
            else:
                with company._taobao_client(
                    record=orders[:1], interactive=interactive
                ) as own_client:
                    queried = own_client.query_orders(purchase_ids=ids)
            by_ref = {str(order.purchase_id): order for order in queried}
            paid = self.browse()
            for order in orders:
                if order.taobao_purchase_ref in by_ref:
                    snapshot = PurchaseSnapshot.from_queried(by_ref[order.taobao_purchase_ref])
                    [snapshot], problems = self._taobao_believable(company, [snapshot])
                    # the words it writes (if any) are in their reader's language: looked
                    # up where written, as most answers change nothing
                    if order._taobao_apply(snapshot):
                        paid |= order
                    if problems:
                        order._taobao_flag_amounts(problems)
            # one write for the page, answered or not: the poll asks the oldest first
            orders.sudo().taobao_last_sync = fields.Datetime.now()
            paid._taobao_create_bills()

    def _taobao_flag_amounts(self, problems):
        """Say once, on the purchase, that DajiSaaS reported amounts not to be believed."""
        self.ensure_one()
        if self.taobao_amounts_doubtful:
            return
        manager = self._taobao_manager()
        order = self.sudo().with_context(lang=manager.lang or self.env.lang)
        order.taobao_amounts_doubtful = True
        order._taobao_post("\n".join(problems))
        taobao_activity(
            order,
            "mail.mail_activity_data_todo",
            summary=order.env._("Taobao amounts to review"),
            note="\n".join(problems),
            user_id=manager.id or self.env.uid,
        )

    def _taobao_flag_refund(self):
        """A refund is reviewed by a Taobao manager (Refund Reviewed is theirs), who reads
        the note and the activity in their own language, whoever ran the synchronization."""
        for order in self.sudo():
            manager = order._taobao_manager()
            reader = order.with_context(lang=manager.lang or self.env.lang)
            reader.taobao_refund_to_review = True
            reader._taobao_post(
                reader.env._(
                    "DajiSaaS reported a refund on this purchase. Check it on Taobao and record "
                    "a vendor refund if needed."
                )
            )
            taobao_activity(
                reader,
                "mail.mail_activity_data_todo",
                summary=reader.env._("Taobao refund to review"),
                user_id=manager.id or self.env.uid,
            )

    def _taobao_reader_lang(self):
        """The language what this purchase's people read is written in."""
        self.ensure_one()
        record = self.taobao_sale_order_id or self
        return record.company_id._taobao_reader_lang(record.user_id)

    def _taobao_manager(self):
        """The Taobao manager this purchase is handed to (its sale order's salesperson when
        they are one)."""
        self.ensure_one()
        return self.company_id._taobao_manager(self.taobao_sale_order_id.user_id or self.user_id)

    def action_taobao_refund_reviewed(self):
        self._taobao_check_manager()
        self.sudo().taobao_refund_to_review = False
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True
