import { registry } from "@web/core/registry";

// Cancel a Taobao purchase through the wizard, from a sale order or a purchase order form
// (the test opens the form; the button is the same name on both).
function cancelSteps(reason) {
    return [
        {
            content: "open Cancel on Taobao",
            trigger: ".o_statusbar_buttons button[name$='cancel_wizard'], .o_statusbar_buttons button[name='action_taobao_cancel']",
            run: "click",
        },
        {
            content: "give a reason",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: `edit ${reason}`,
        },
        {
            content: "cancel on Taobao",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "the wizard closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

registry.category("web_tour.tours").add("taobao_cancel_from_sale_order", {
    steps: () => cancelSteps("customer changed their mind"),
});

registry.category("web_tour.tours").add("taobao_cancel_from_purchase_order", {
    steps: () => cancelSteps("wrong size"),
});
