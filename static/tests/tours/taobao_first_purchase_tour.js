import { registry } from "@web/core/registry";

// A seller's first purchase, as the README walks it: from a quotation, Find on Taobao, pick
// SKUs with quantities, confirm, Purchase on Taobao, open the purchase order. Selectors use
// names and classes only, so that the same tour runs in English and in Chinese.
registry.category("web_tour.tours").add("taobao_first_purchase", {
    steps: () => [
        {
            content: "Find on Taobao, from the quotation",
            trigger: ".o_statusbar_buttons button.o_taobao_find",
            run: "click",
        },
        {
            content: "type what to look for",
            trigger: ".modal .o_field_widget[name='keyword'] input",
            run: "edit dress",
        },
        {
            content: "search",
            trigger: ".modal button[name='action_search']",
            run: "click",
        },
        {
            content: "open the first result's detail",
            trigger: ".modal .o_field_widget[name='result_ids'] .o_data_row:first button[name='action_open_detail']",
            run: "click",
        },
        {
            content: "type a quantity on the first SKU",
            trigger: ".modal .o_field_widget[name='shown_sku_ids'] .o_data_row:first td[name='quantity']",
            run: "click",
        },
        {
            content: "two of them",
            trigger: ".modal .o_field_widget[name='shown_sku_ids'] .o_data_row:first td[name='quantity'] input",
            run: "edit 2",
        },
        {
            content: "add the quantities to the quotation",
            trigger: ".modal footer button[name='action_add_quantities']",
            run: "click",
        },
        {
            content: "the line is on the quotation",
            trigger: "body:not(:has(.modal)) .o_field_widget[name='order_line'] .o_data_row",
        },
        {
            content: "confirm the quotation",
            trigger: ".o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Purchase on Taobao: the preview",
            trigger: ".o_statusbar_buttons button[name='action_taobao_open_preview']",
            run: "click",
        },
        {
            content: "the preview shows the line",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row",
        },
        {
            content: "purchase",
            trigger: ".modal footer button[name='action_purchase']",
            run: "click",
        },
        {
            content: "open the Taobao purchase orders",
            trigger: "body:not(:has(.modal)) .oe_stat_button[name='action_view_taobao_purchases']",
            run: "click",
        },
        {
            content: "the purchase order is there",
            trigger: ".o_list_view .o_data_row, .o_form_view .o_field_widget[name='taobao_purchase_ref']",
        },
    ],
});

// Link to Taobao's last steps, once the item is looked up: every variant has its SKU, link.
export function linkMatchedSkusSteps() {
    return [
        {
            content: "each variant got its SKU",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row td[name='sku_id']:not(:empty)",
        },
        {
            content: "link",
            trigger: ".modal footer button[name='action_link']",
            run: "click",
        },
        {
            content: "done",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

// Link a product the seller already sells to a Taobao item, from its form (the test makes
// a product whose variants are the colours of the sandbox catalog's item 683422708849).
registry.category("web_tour.tours").add("taobao_link_product", {
    steps: () => [
        {
            content: "Link to Taobao",
            trigger: ".o_statusbar_buttons button[name='action_taobao_link']",
            run: "click",
        },
        {
            content: "paste the item's address",
            trigger: ".modal .o_field_widget[name='item_ref'] input",
            run: "edit https://item.taobao.com/item.htm?id=683422708849",
        },
        {
            content: "look it up",
            trigger: ".modal button[name='action_look_up']",
            run: "click",
        },
        ...linkMatchedSkusSteps(),
    ],
});
