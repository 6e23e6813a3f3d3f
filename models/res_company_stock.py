# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

FORWARDING_SEQUENCE_CODE = "TAOBAO"


class ResCompany(models.Model):
    """The company's China forwarding set-up when Inventory (``purchase_stock``) is installed,
    made the way ``stock_dropshipping`` makes its dropship type: by the module's data (at
    install and at every update) and when a company is created, not by a purchase."""

    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._taobao_set_up_forwarding()
        return companies

    @api.model
    def _taobao_set_up_missing_forwarding(self):
        """Every company's forwarding set-up that is missing (the module's data calls this)."""
        self.search([])._taobao_set_up_forwarding()

    def _taobao_set_up_forwarding(self):
        """A transit location standing for the China forwarding warehouse, and the receipt
        type into it, for each of these companies that has none; nothing without Inventory."""
        if not self.env["purchase.order"]._taobao_has_inventory():
            return
        PickingType = self.env["stock.picking.type"].sudo().with_context(active_test=False)
        for company in self.sudo():
            if PickingType.search_count(
                [
                    ("sequence_code", "=", FORWARDING_SEQUENCE_CODE),
                    ("company_id", "=", company.id),
                ],
                limit=1,
            ):
                continue
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("China Forwarding Warehouse (Taobao)"),
                        "usage": "transit",
                        "company_id": company.id,
                        "location_id": self.env.ref("stock.stock_location_locations_virtual").id,
                    }
                )
            )
            warehouse = (
                self.env["stock.warehouse"]
                .sudo()
                .search([("company_id", "=", company.id)], limit=1)
            )
            PickingType.create(
                {
                    "name": self.env._("Taobao Receipts (China Forwarding)"),
                    "code": "incoming",
                    "sequence_code": FORWARDING_SEQUENCE_CODE,
                    "company_id": company.id,
                    "warehouse_id": warehouse.id,
                    "default_location_src_id": self.env.ref("stock.stock_location_suppliers").id,
                    "default_location_dest_id": location.id,
                }
            )

    def _taobao_forwarding_domain(self):
        return [("sequence_code", "=", FORWARDING_SEQUENCE_CODE), ("company_id", "=", self.id)]

    def _taobao_forwarding_type(self):
        """The receipt type into this company's China forwarding location.

        Made beforehand (:meth:`_taobao_set_up_forwarding`); only when Inventory was
        installed after this module, and the module not updated since, is it made here, once.
        """
        self.ensure_one()
        domain = self._taobao_forwarding_domain()
        PickingType = self.env["stock.picking.type"].sudo().with_context(active_test=False)
        picking_type = PickingType.search(domain, limit=1)
        if not picking_type:
            _logger.info(
                "Inventory was installed after Taobao Purchase: setting up the China "
                "forwarding receipts of company %s now",
                self.id,
            )
            self._taobao_set_up_forwarding()
            picking_type = PickingType.search(domain, limit=1)
        return picking_type
