# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..const import SHOP_PARTNER_REF_PREFIX


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _taobao_is_shop(self):
        self.ensure_one()
        return (self.ref or "").startswith(SHOP_PARTNER_REF_PREFIX)

    @api.model
    def _taobao_shop_partner(self, shop_key, shop_name):
        """The vendor of a Taobao shop: found by its reference (its name may change), else
        by its name among the shops' vendors."""
        ref = f"{SHOP_PARTNER_REF_PREFIX}{shop_key}"
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        partner = Partner.search([("ref", "=", ref)], limit=1)
        if not partner and shop_name:
            # DajiSaaS names a shop by its id in the catalog and by its nick in purchases:
            # one shop is one vendor, whichever named it first
            partner = Partner.search(
                [
                    ("ref", "=like", f"{SHOP_PARTNER_REF_PREFIX}%"),
                    ("name", "=", shop_name),
                    # only a vendor as this method makes them: no person's contact
                    ("company_id", "=", False),
                    ("parent_id", "=", False),
                    ("user_ids", "=", False),
                ],
                order="id",
                limit=1,
            )
        if not partner:
            partner = Partner.create(
                {
                    "name": shop_name or self.env._("Taobao shop %s", shop_key),
                    "ref": ref,
                    "is_company": True,
                    "supplier_rank": 1,
                    "country_id": self.env.ref("base.cn").id,
                }
            )
        return partner
