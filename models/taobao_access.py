# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import AccessError

USER_GROUP = "taobao_purchase.group_taobao_user"
MANAGER_GROUP = "taobao_purchase.group_taobao_manager"

# What the addon recorded about a purchase: written by its own flow only (as superuser).
SALE_ORDER_PROTECTED = frozenset(
    {
        "taobao_attempt_state",
        "taobao_attempt",
        "taobao_pending_third_order_id",
        "taobao_retry_count",
        "taobao_next_retry",
        "taobao_last_error",
        "taobao_payment_url",
        "taobao_purchase_ids",
    }
)
# What a Taobao purchase costs and bills is DajiSaaS's: its lines, and on the order the
# fields that decide the bill (vendor, currency, taxes through the fiscal position).
PURCHASE_LINE_PROTECTED = frozenset(
    {
        "sale_line_id",
        "product_id",
        "product_qty",
        "product_uom",
        "price_unit",
        "discount",
        "taxes_id",
        "order_id",
    }
)
PURCHASE_ORDER_PROTECTED = frozenset(
    {"partner_id", "currency_id", "company_id", "fiscal_position_id"}
)


class TaobaoAccess(models.AbstractModel):
    """Who may do what with Taobao purchasing, checked on the server for every action.

    Views hide buttons; these checks are the security: every public method that spends
    money, changes a purchase or calls DajiSaaS calls one of them first.
    """

    _name = "taobao.access"
    _description = "Taobao Purchasing Access Checks"

    @api.model
    def _check(self, companies, manager=False):
        """Raise unless the user is a Taobao user (or manager) allowed in ``companies``."""
        if self.env.su:
            return
        group = MANAGER_GROUP if manager else USER_GROUP
        if not self.env.user.has_group(group):
            if manager:
                message = self.env._(
                    "Only Taobao Purchasing managers can pay, cancel or override the margin "
                    "check of Taobao purchases."
                )
            else:
                message = self.env._(
                    "Taobao purchasing is for Taobao Purchasing users: ask an administrator "
                    "for that access."
                )
            raise AccessError(message)
        forbidden = companies - self.env.user.company_ids
        if forbidden:
            raise AccessError(
                self.env._(
                    "You may not act for %(companies)s on Taobao.",
                    companies=", ".join(forbidden.mapped("display_name")),
                )
            )

    @api.model
    def _targets(self, wizard, field_name):
        """The records ``wizard`` acts on, every one of them: a record the user may not
        see is refused, never silently left out (reading the field would leave it out).
        The dialog must be the user's to run."""
        wizard.check_access("write")
        targets = wizard.sudo()[field_name].with_env(wizard.env)
        targets.check_access("read")
        return targets

    @api.model
    def _check_protected_create(self, model, vals_list, protected):
        """Refuse a creation that stores a protected field, by its values or by a default a
        user can set (``default_`` context keys, personal ``ir.default``): every default of
        a protected field must be the field's own."""
        if self.env.su:
            return
        for vals in vals_list:
            self._check_protected(model, vals, protected)
        names = [name for name in protected if name in model._fields]
        defaults = model.default_get(names)
        self._check_protected(
            model,
            [
                name
                for name, value in defaults.items()
                if not model._fields[name].default or value != model._fields[name].default(model)
            ],
            protected,
        )

    @api.model
    def _check_protected(self, records, fields_written, protected):
        """Refuse writes of fields the Taobao flow alone records (outside superuser mode)."""
        if self.env.su:
            return
        touched = sorted(protected & set(fields_written))
        if touched:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s record what DajiSaaS said: only the Taobao "
                    "purchase flow writes them. Use the Taobao buttons (Purchase, Sync, Pay, "
                    "Cancel) instead.",
                    fields=", ".join(touched),
                    model=self.env["ir.model"].sudo()._get(records._name).name,
                )
            )
