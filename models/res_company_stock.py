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
        """Every company's forwarding set-up that is missing (the module's data calls this),
        and the warehouse of a receipt type made before its company had one."""
        # every company, as stock_dropshipping sets up its own: a database holds a few
        companies = self.search([])  # pylint: disable=no-search-all
        companies._taobao_set_up_forwarding()
        if not self.env["purchase.order"]._taobao_has_inventory():
            return
        for company in companies.sudo():
            receipts = self._taobao_forwarding_types(company).filtered(
                lambda picking_type: not picking_type.warehouse_id
            )
            warehouse = company._taobao_warehouse()
            if receipts and warehouse:
                receipts.warehouse_id = warehouse

    def _taobao_set_up_forwarding(self, without_warehouse=False):
        """A transit location standing for the China forwarding warehouse, and the receipt
        type into it, for each of these companies that has no such type, and a warehouse
        unless ``without_warehouse``; nothing without Inventory. (Outside tests, Odoo gives
        a new company its warehouse later: see :meth:`_taobao_forwarding_type`.)
        """
        if not self.env["purchase.order"]._taobao_has_inventory():
            return
        for company in self.sudo():
            warehouse = company._taobao_warehouse()
            if (not warehouse and not without_warehouse) or self._taobao_forwarding_types(company):
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
            self.env["stock.picking.type"].sudo().create(
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

    def _taobao_warehouse(self):
        self.ensure_one()
        return self.env["stock.warehouse"].sudo().search([("company_id", "=", self.id)], limit=1)

    @api.model
    def _taobao_forwarding_types(self, company):
        return (
            self.env["stock.picking.type"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("sequence_code", "=", FORWARDING_SEQUENCE_CODE), ("company_id", "=", company.id)]
            )
        )

    def _taobao_forwarding_type(self):
        """The receipt type into this company's China forwarding location.

        Made beforehand (:meth:`_taobao_set_up_forwarding`); only for a company that had no
        warehouse then, or when Inventory was installed after this module and the module not
        updated since, is it made here, once.
        """
        self.ensure_one()
        picking_type = self._taobao_forwarding_types(self)[:1]
        if not picking_type:
            _logger.info(
                "Setting up the China forwarding receipts of company %s at its first Taobao "
                "purchase (it had no warehouse, or Inventory was installed after this module)",
                self.id,
            )
            self._taobao_set_up_forwarding(without_warehouse=True)
            picking_type = self._taobao_forwarding_types(self)[:1]
        return picking_type
