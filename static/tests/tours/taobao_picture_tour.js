import { registry } from "@web/core/registry";
import { linkMatchedSkusSteps } from "@taobao_purchase/../tests/tours/taobao_first_purchase_tour";

// Find a product's Taobao item by its picture, from the product form, and link it (the
// test gives the product the picture of a sandbox catalog item). Selectors name fields and
// buttons, never words: the tour runs in English and in Chinese.
registry.category("web_tour.tours").add("taobao_find_by_picture", {
    steps: () => [
        {
            content: "Find by Picture, from the product",
            trigger: ".o_statusbar_buttons button[name='action_taobao_find_by_picture']",
            run: "click",
        },
        {
            content: "the product's picture was searched: the results are ranked",
            trigger:
                ".modal .o_field_widget[name='result_ids'] .o_data_row:first td[name='rank']:contains('1')",
        },
        {
            content: "a result shows its picture",
            trigger: ".modal .o_field_widget[name='result_ids'] .o_data_row:first td[name='image_url'] img",
        },
        {
            content: "link the best one to the product",
            trigger:
                ".modal .o_field_widget[name='result_ids'] .o_data_row:first button[name='action_link']",
            run: "click",
        },
        ...linkMatchedSkusSteps(),
    ],
});
