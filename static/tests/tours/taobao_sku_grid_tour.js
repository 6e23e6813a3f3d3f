import { registry } from "@web/core/registry";

// An apparel buyer's order: the item's SKUs as a colour × size grid, a quantity typed in two
// cells, both added to the quotation at once.
registry.category("web_tour.tours").add("taobao_sku_grid", {
    steps: () => [
        {
            content: "Find on Taobao, from the quotation",
            trigger: ".o_statusbar_buttons button.o_taobao_find",
            run: "click",
        },
        {
            content: "look for the grid item",
            trigger: ".modal .o_field_widget[name='keyword'] input",
            run: "edit grid && press Enter",
        },
        {
            content: "open its detail",
            trigger:
                ".modal .o_field_widget[name='result_ids'] .o_data_row:first button[name='action_open_detail']",
            run: "click",
        },
        {
            content: "two of the first row's first size",
            trigger: ".modal .o_taobao_sku_grid tbody tr:nth-child(1) td:nth-child(2) input",
            run: "edit 2",
        },
        {
            content: "three of the second row's third size",
            trigger: ".modal .o_taobao_sku_grid tbody tr:nth-child(2) td:nth-child(4) input",
            run: "edit 3",
        },
        {
            content: "add the quantities to the quotation",
            trigger: ".modal footer button[name='action_add_quantities']",
            run: "click",
        },
        {
            content: "two lines are on the quotation",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name='order_line'] .o_data_row:nth-child(2)",
        },
    ],
});
