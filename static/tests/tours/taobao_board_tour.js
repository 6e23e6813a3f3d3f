import { registry } from "@web/core/registry";

// A buyer's day on the Taobao board: the bought order waits in its column, is paid from its
// card's form, and its purchase order, billed, offers no Create Bill. Selectors
// use names and classes only, so that the same tour runs in English and in Chinese.
registry.category("web_tour.tours").add("taobao_board_pay", {
    steps: () => [
        {
            content: "the board has the columns of a buyer's day, even empty",
            trigger: ".o_kanban_renderer:has(.o_kanban_group:nth-child(5))",
        },
        {
            content: "open the order waiting to be paid",
            trigger: ".o_kanban_group .o_kanban_record:not(.o_kanban_ghost)",
            run: "click",
        },
        {
            content: "Pay on Taobao",
            trigger: ".o_statusbar_buttons button[name='action_taobao_pay']",
            run: "click",
        },
        {
            content: "confirm the amount",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "nothing is left to pay",
            trigger: "body:not(:has(.modal)) .o_statusbar_buttons:not(:has(button[name='action_taobao_pay']))",
        },
        {
            content: "open the Taobao purchase orders",
            trigger: ".oe_stat_button[name='action_view_taobao_purchases']",
            run: "click",
        },
        {
            content: "open the purchase order",
            trigger: ".o_list_view .o_data_row .o_data_cell",
            run: "click",
        },
        {
            content: "billed: no Create Bill is offered (the test checks the bill itself)",
            trigger: ".o_form_view .o_statusbar_buttons:has(button[name='action_taobao_sync']):not(:has(button[name='action_create_invoice']))",
        },
    ],
});
