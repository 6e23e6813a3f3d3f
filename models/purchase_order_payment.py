# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import Command, models
from odoo.exceptions import UserError

from ..const import (
    CANCELLABLE_STATUSES,
    PAYABLE_STATUSES,
)
from ..dajisaas import BusinessError, DajisaasError, EnvelopeError
from ..dajisaas.conventions import MAX_PAY_BATCH
from ..dajisaas.purchase_snapshot import CREATED_STATUS
from .wording import error_text, failure_told

_logger = logging.getLogger(__name__)


class PurchaseOrder(models.Model):
    """Paying and cancelling a Taobao purchase: on DajiSaaS first, never only in Odoo."""

    _inherit = "purchase.order"

    def button_cancel(self):
        """A Taobao purchase is cancelled on DajiSaaS first, never only in Odoo."""
        # only the status DajiSaaS reported (a field no user writes) lets a purchase go
        open_taobao = self._taobao_open()
        if open_taobao:
            if open_taobao == self:
                return open_taobao.action_taobao_open_cancel_wizard()
            raise UserError(
                self.env._(
                    "%(orders)s were bought on Taobao: cancel them with 'Cancel on Taobao'. "
                    "Odoo cancels them once DajiSaaS has closed them.",
                    orders=", ".join(open_taobao.mapped("name")),
                )
            )
        return super().button_cancel()

    def _taobao_awaiting_payment(self):
        return self.filtered(
            lambda o: o.is_taobao
            and o.state != "cancel"
            and o.taobao_status in PAYABLE_STATUSES
            and not o.taobao_pay_requested
        )

    def _taobao_payable(self):
        self._taobao_check_manager()
        to_pay = self._taobao_awaiting_payment()
        if not to_pay:
            raise UserError(
                self.env._(
                    "None of these Taobao purchases is awaiting payment, or their payment was "
                    "already requested and DajiSaaS has not confirmed it yet: synchronize "
                    "them. If DajiSaaS still reports one unpaid, use Pay Again on it."
                )
            )
        return to_pay

    def action_taobao_pay_again(self):
        """Pay again a purchase whose requested payment DajiSaaS never confirmed (managers):
        its state is asked first, so that only a purchase still unpaid is paid again."""
        self._taobao_check_manager()
        requested = self.filtered("taobao_pay_requested")
        requested._taobao_sync_for_user()
        stuck = requested.filtered(lambda o: o.taobao_status in PAYABLE_STATUSES)
        if not stuck:
            raise UserError(
                self.env._(
                    "DajiSaaS no longer reports these purchases awaiting payment (paid or "
                    "closed): there is nothing to pay again."
                )
            )
        stuck.sudo().taobao_pay_requested = False
        return stuck.action_taobao_pay()

    def action_taobao_pay(self):
        """Ask for a confirmation showing the orders and the amount, then pay.

        A purchase still "being created" holds the create's estimate: DajiSaaS is asked for
        its real state and amount first (a failure leaves the estimate, which the payment
        does not depend on: DajiSaaS charges what it holds)."""
        being_created = self._taobao_payable().filtered(
            lambda order: order.taobao_status == CREATED_STATUS
        )
        if being_created:
            try:
                being_created._taobao_sync(interactive=True)
            except DajisaasError as error:
                _logger.info(
                    "Taobao purchases %s not refreshed before paying: %s", being_created.ids, error
                )
            if not self._taobao_awaiting_payment():
                # DajiSaaS moved them on (paid, closed): say so, nothing to confirm
                return self._taobao_sync_notification()
        to_pay = self._taobao_payable()
        wizard = self.env["taobao.purchase.pay.wizard"].create(
            {"purchase_order_ids": [Command.set(to_pay.ids)]}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pay on Taobao"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _taobao_pay(self):
        """Pay the purchase orders through DajiSaaS (Alipay balance, then the bound card).

        :return: ``(paid, failures, unknown)``: the purchase orders DajiSaaS accepted to pay,
            ``(purchase order, reason)`` for those it refused, and those whose answer could
            not be read (they may be paid: the synchronization that follows tells)
        """
        to_pay = self._taobao_payable()
        paid, failures, unknown = self.browse(), [], self.browse()
        for company, orders in to_pay.grouped("company_id").items():
            for start in range(0, len(orders), MAX_PAY_BATCH):
                batch_paid, batch_failures, batch_unknown = orders[
                    start : start + MAX_PAY_BATCH
                ]._taobao_pay_batch(company)
                paid |= batch_paid
                failures += batch_failures
                unknown |= batch_unknown
        try:
            with self.env.cr.savepoint():
                to_pay._taobao_sync()
        except DajisaasError as error:
            # what was requested stays marked: the sync job tells later
            _logger.info("Taobao purchases %s not synced after paying: %s", to_pay.ids, error)
        return paid, failures, unknown

    def _taobao_pay_batch(self, company):
        by_ref = {int(order.taobao_purchase_ref): order for order in self}
        try:
            with company._taobao_client(record=self[:1]) as client:
                result = client.pay_orders(list(by_ref))
        except DajisaasError as error:
            if getattr(error, "outcome_unknown", False) or not isinstance(
                error, BusinessError | EnvelopeError
            ):
                # a timeout, a 5xx, an unreadable answer: maybe paid. Never reported as
                # failed, never paid again blindly
                self._taobao_pay_unknown(error_text(self.env, error))
                return self.browse(), [], self
            message = self.env._(
                "Taobao payment failed: %(error)s", error=error_text(self.env, error)
            )
            self._taobao_post(message)
            raise UserError(message) from None
        paid, failures = self.browse(), []
        for purchase_ref in result.will_pay_ids:
            order = by_ref.get(int(purchase_ref))
            if order:
                paid |= order
                order.sudo().taobao_pay_requested = True
                order._taobao_post(self.env._("Payment on Taobao requested."))
        for purchase_ref, reason in result.failed.items():
            order = by_ref.get(int(purchase_ref))
            if order:
                failures.append((order, reason))
                order._taobao_post(
                    self.env._("Payment on Taobao refused: %(reason)s", reason=reason)
                )
        unknown = self.browse([by_ref[ref].id for ref in result.unknown_ids if ref in by_ref])
        if unknown:
            unknown._taobao_pay_unknown(self.env._("DajiSaaS's answer does not name them"))
        return paid, failures, unknown

    def _taobao_pay_unknown(self, reason):
        self.sudo().taobao_pay_requested = True
        self._taobao_post(
            self.env._(
                "DajiSaaS did not confirm whether it pays this purchase (%(reason)s). Its "
                "state is looked up on DajiSaaS now; do not pay it again before that.",
                reason=str(reason),
            )
        )

    def action_taobao_open_cancel_wizard(self):
        """Ask for a reason (and optionally sub-orders), then cancel on DajiSaaS."""
        self._taobao_check_manager()
        cancellable = self.filtered(
            lambda o: o.is_taobao and o.taobao_status in CANCELLABLE_STATUSES
        )
        if not cancellable:
            raise UserError(
                self.env._(
                    "Only Taobao purchases awaiting payment can be cancelled. Ask the "
                    "supplier for a refund on Taobao instead."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel on Taobao"),
            "res_model": "taobao.purchase.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_purchase_order_ids": cancellable.ids},
        }

    def _taobao_cancel(self, reason, lines=None):
        """Cancel the whole purchase order on DajiSaaS, or only ``lines`` (sub-orders)."""
        self.ensure_one()
        self._taobao_check_manager()
        if self.taobao_status not in CANCELLABLE_STATUSES:
            raise UserError(
                self.env._(
                    "Taobao purchase %(name)s is %(status)s: only purchases awaiting payment can "
                    "be cancelled. Ask the supplier for a refund on Taobao instead.",
                    name=self.name,
                    status=dict(self._fields["taobao_status"]._description_selection(self.env))[
                        self.taobao_status
                    ],
                )
            )
        sub_refs = [line.taobao_sub_order_ref for line in lines or []]
        with (
            failure_told(
                self.env,
                lambda error: self.env._(
                    "DajiSaaS refused to cancel %(name)s: %(error)s", name=self.name, error=error
                ),
            ),
            self.company_id._taobao_client(record=self) as client,
        ):
            client.cancel_order(
                self.taobao_purchase_ref, sub_refs, reason=reason, remark="Cancelled from Odoo"
            )
        self.sudo().taobao_cancel_reason = reason
        message = (
            self.env._(
                "Cancellation on Taobao of sub-orders %(refs)s requested: %(reason)s",
                refs=", ".join(sub_refs),
                reason=reason,
            )
            if sub_refs
            else self.env._("Cancellation on Taobao requested: %(reason)s", reason=reason)
        )
        self._taobao_post(message)
        self.taobao_sale_order_id._taobao_post(message)
        self._taobao_sync()
