import { registry } from "@web/core/registry";

// The Find on Taobao dialogs from the keyboard: Enter searches, a value chosen in the SKU
// filter filters at once, and a row's Add adds its quantity and leaves the dialog open.
registry.category("web_tour.tours").add("taobao_item_dialog", {
    steps: () => [
        {
            content: "Find on Taobao, from the quotation",
            trigger: ".o_statusbar_buttons button.o_taobao_find",
            run: "click",
        },
        {
            content: "type what to look for and press Enter",
            trigger: ".modal .o_field_widget[name='keyword'] input",
            run: "edit dress && press Enter",
        },
        {
            content: "Enter searched: the results are shown",
            trigger: ".modal .o_field_widget[name='result_ids'] .o_data_row",
        },
        {
            content: "open the first result's detail",
            trigger:
                ".modal .o_field_widget[name='result_ids'] .o_data_row:first button[name='action_open_detail']",
            run: "click",
        },
        {
            content: "open the SKU filter",
            trigger: ".modal .o_field_widget[name='filter_value_ids'] input",
            run: "click",
        },
        {
            content: "the values to filter by are proposed",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item",
        },
        {
            content: "Enter chooses the first value",
            trigger: ".modal .o_field_widget[name='filter_value_ids'] input",
            run: "press Enter",
        },
        {
            content: "the value is a tag, and no Filter button is needed",
            trigger:
                ".modal:not(:has(button[name='action_filter'])) .o_field_widget[name='filter_value_ids'] .o_tag",
        },
        {
            content: "type a quantity on the first SKU shown",
            trigger:
                ".modal .o_field_widget[name='shown_sku_ids'] .o_data_row:first td[name='quantity']",
            run: "click",
        },
        {
            content: "two of them",
            trigger:
                ".modal .o_field_widget[name='shown_sku_ids'] .o_data_row:first td[name='quantity'] input",
            run: "edit 2",
        },
        {
            content: "add this row",
            trigger:
                ".modal .o_field_widget[name='shown_sku_ids'] .o_data_row:first button[name='action_add_to_order']",
            run: "click",
        },
        {
            content: "the dialog stays open and says what was added",
            trigger: ".modal .alert-info .o_field_widget[name='message']:contains('2 ×')",
        },
        {
            content: "close the dialog",
            trigger: ".modal footer button.btn-secondary:not([name])",
            run: "click",
        },
        {
            content: "the dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
