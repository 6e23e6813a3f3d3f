import { registry } from "@web/core/registry";
import { Component, onWillDestroy } from "@odoo/owl";

// On the sale order form: an order purchased in the background (the purchase job) reloads,
// unless the person is editing it, so that its Taobao state changes without a manual reload.
// The server sends only ids, to the sales users' channel; each form reloads with its own rights.
export class TaobaoPurchaseUpdates extends Component {
    static template = "taobao_purchase.PurchaseUpdates";
    static props = { record: Object, "*": true };

    setup() {
        const bus = this.env.services.bus_service;
        if (!bus) {
            return;
        }
        const onUpdated = async ({ model, ids }) => {
            const record = this.props.record;
            if (model !== "sale.order" || !record.resId || !ids.includes(record.resId)) {
                return;
            }
            if (!(await record.isDirty())) {
                await record.load();
            }
        };
        bus.subscribe("taobao_purchase/updated", onUpdated);
        onWillDestroy(() => bus.unsubscribe("taobao_purchase/updated", onUpdated));
    }
}

registry.category("view_widgets").add("taobao_purchase_updates", {
    component: TaobaoPurchaseUpdates,
});
