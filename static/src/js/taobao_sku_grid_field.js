import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { Component } from "@odoo/owl";

// The SKUs of an item as a grid of its two properties (colour × size), a quantity per cell,
// as buyers order on Taobao and in Odoo's own product matrix. It edits a JSON field of the
// dialog, SKU id -> quantity; the server keeps only the item's buyable SKUs, within stock.
// <field name="grid_quantities" widget="taobao_sku_grid"/> (the grid is read from sku_grid)
export class TaobaoSkuGridField extends Component {
    static template = "taobao_purchase.SkuGridField";
    static props = { ...standardFieldProps };

    get grid() {
        return this.props.record.data.sku_grid;
    }

    get quantities() {
        return this.props.record.data[this.props.name] || {};
    }

    quantity(cell) {
        return this.quantities[cell.sku] || "";
    }

    // on every keystroke, so that a button clicked right after typing sees the quantity
    onInput(cell, ev) {
        const quantity = parseFloat(ev.target.value);
        const quantities = { ...this.quantities };
        if (quantity > 0) {
            quantities[cell.sku] = Math.min(quantity, cell.stock);
        } else {
            delete quantities[cell.sku];
        }
        this.props.record.update({ [this.props.name]: quantities });
    }
}

registry.category("fields").add("taobao_sku_grid", {
    component: TaobaoSkuGridField,
    supportedTypes: ["json"],
});
