import { FormController } from "@web/views/form/form_controller";
import { patch } from "@web/core/utils/patch";
import { onWillDestroy } from "@odoo/owl";

// A sale order purchased in the background (the purchase job) reloads in the forms that show
// it, unless the person is editing it: its Taobao state changes without a manual reload.
patch(FormController.prototype, {
    setup() {
        super.setup(...arguments);
        const bus = this.env.services.bus_service;
        if (this.props.resModel !== "sale.order" || !bus) {
            return;
        }
        const onUpdated = async ({ model, ids }) => {
            const root = this.model.root;
            if (model !== "sale.order" || !root?.resId || !ids.includes(root.resId)) {
                return;
            }
            if (!(await root.isDirty())) {
                await root.load();
            }
        };
        bus.subscribe("taobao_purchase/updated", onUpdated);
        onWillDestroy(() => bus.unsubscribe("taobao_purchase/updated", onUpdated));
    },
});
