# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.wording import failure_told


class TaobaoAttemptReleaseWizard(models.TransientModel):
    """A manager's decision about an order's purchase requests whose outcome is open.

    DajiSaaS never proves a negative: an empty lookup may come before a late create commits.
    Only this decision, taken after a fresh lookup shown on the screen, closes those
    thirdOrderIds and lets the order be bought again under a new one. When DajiSaaS answered
    purchases under ids no request explains, the manager may instead say they are the
    order's: they are then recorded.
    """

    _name = "taobao.attempt.release.wizard"
    _description = "Nothing Was Bought on Taobao"

    sale_order_id = fields.Many2one("sale.order", required=True, readonly=True)
    third_order_refs = fields.Char(string="Requests", readonly=True)
    lookup_summary = fields.Text(string="Looked Up on DajiSaaS", readonly=True)
    found = fields.Boolean(readonly=True)
    other_ids = fields.Char(
        string="Purchases Under Other Ids",
        readonly=True,
        help="thirdOrderId=outer id pairs of the purchases DajiSaaS answered under other ids.",
    )

    def _check_owner(self):
        """The person who opened it, a Taobao manager of the order's company, runs it."""
        self.ensure_one()
        self.env["taobao.access"]._check(self.sale_order_id.company_id, manager=True)
        if self.create_uid != self.env.user and not self.env.su:
            raise AccessError(self.env._("This decision belongs to the person who opened it."))

    def _look_up(self):
        """Ask DajiSaaS again for every open request of the order; record what it holds."""
        self._check_owner()
        order = self.sale_order_id
        if not order._taobao_lock():
            raise UserError(
                self.env._(
                    "%(order)s is being purchased right now; try again in a moment.",
                    order=order.name,
                )
            )
        refs = order._taobao_open_requests()
        if not refs:
            raise UserError(
                self.env._(
                    "%(order)s has no purchase request whose outcome is open.", order=order.name
                )
            )
        with (
            failure_told(
                self.env,
                lambda error: self.env._(
                    "DajiSaaS could not be asked about %(order)s (%(error)s), so nothing can be "
                    "decided now. Try again later.",
                    order=order.name,
                    error=error,
                ),
            ),
            order.company_id._taobao_client(record=order, interactive=True) as client,
        ):
            lines, found, others = self._summary(client, order, refs)
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        lines.append(self.env._("Looked up at %(time)s.", time=now.strftime("%Y-%m-%d %H:%M:%S")))
        self.write(
            {
                "third_order_refs": ", ".join(refs),
                "lookup_summary": "\n".join(lines),
                "found": found,
                "other_ids": ",".join(others) or False,
            }
        )

    def _summary(self, client, order, refs):
        """Look each request up and record what DajiSaaS holds for it.

        :return: ``(lines telling what was found, whether purchases were recorded, the
            thirdOrderId=outer id pairs of purchases answered under other ids)``
        """
        lines, found, others = [], False, []
        for ref in refs:
            lookup = order._taobao_look_up(client, ref)
            purchases, foreign, _shown = order._taobao_apply_lookup(ref, lookup)
            found = found or bool(purchases)
            if purchases:
                lines.append(
                    self.env._(
                        "%(id)s: DajiSaaS holds purchases, now recorded: %(purchases)s.",
                        id=ref,
                        purchases=", ".join(purchases.mapped("name")),
                    )
                )
            elif not foreign:
                lines.append(self.env._("%(id)s: DajiSaaS shows no purchase.", id=ref))
            for other in foreign:
                if other.outer_purchase_id:
                    others.append(f"{ref}={other.outer_purchase_id}")
                lines.append(
                    self.env._(
                        "%(id)s: DajiSaaS answered purchase %(purchase)s under another id, "
                        "%(outer)s, status %(status)s.",
                        id=ref,
                        purchase=other.purchase_id,
                        outer=other.outer_purchase_id or "-",
                        status=other.status or "-",
                    )
                )
        return lines, found, others

    def action_confirm(self):
        """Nothing was bought: close the requests and let the order be bought again, unless
        the fresh lookup shows what the person did not see."""
        self._check_owner()
        shown = self.other_ids
        self._look_up()
        if self.found or self.other_ids != shown:
            return self._reopen()
        order = self.sale_order_id
        refs = order._taobao_open_requests()
        order._taobao_release(refs)
        order._taobao_post(
            self.env._(
                "%(user)s decided that nothing was bought for %(ids)s (%(summary)s) The order "
                "may be bought again, under a new id.",
                user=self.env.user.name,
                ids=", ".join(refs),
                summary=self.lookup_summary,
            )
        )
        return {"type": "ir.actions.act_window_close"}

    def action_attach(self):
        """The purchases DajiSaaS answered under other ids are this order's: their outer ids
        become the requests' own, and they are recorded now."""
        self._check_owner()
        order = self.sale_order_id
        Intent = self.env["taobao.purchase.intent"]
        attached = []
        # what the lookups reported for this order's open requests, read on the server: an
        # id another request explains, or a purchase Odoo holds already, is never taken
        refs = set(order._taobao_open_requests())
        for noted in Intent._noted(order):
            outer = noted.outer_purchase_ref
            if (
                noted.third_order_ref in refs
                and outer
                and not Intent._explained_anywhere(outer)
                and not self.env["purchase.order"]
                .sudo()
                .search_count([("taobao_purchase_ref", "=", noted.purchase_ref)], limit=1)
            ):
                Intent._alias(order, noted.third_order_ref, outer)
                attached.append(outer)
        if not attached:
            raise UserError(
                self.env._("No purchase DajiSaaS answered under another id can be attached.")
            )
        order._taobao_post(
            self.env._(
                "%(user)s confirmed that DajiSaaS's purchases under %(ids)s are this order's.",
                user=self.env.user.name,
                ids=", ".join(attached),
            )
        )
        self._look_up()
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Nothing Was Bought on Taobao"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
