import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

// Find on Taobao by a picture pasted from the clipboard, as after copying a photo from a
// web page. The test gives the user's own photo the picture of a sandbox catalog item, so
// the tour has a real picture to copy. Selectors name fields and buttons, never words.
registry.category("web_tour.tours").add("taobao_paste_picture", {
    steps: () => [
        {
            content: "Find on Taobao, from the quotation",
            trigger: ".o_statusbar_buttons button.o_taobao_find",
            run: "click",
        },
        {
            content: "search by picture",
            trigger: ".modal .o_field_widget[name='search_by'] input[data-value='picture']",
            run: "click",
        },
        {
            content: "paste a picture, with nothing focused in particular",
            trigger: ".modal .o_field_widget[name='picture'] img",
            async run() {
                const response = await fetch(`/web/image/res.users/${user.userId}/image_1920`);
                const blob = await response.blob();
                const clipboard = new DataTransfer();
                clipboard.items.add(new File([blob], "copied.png", { type: blob.type }));
                document.body.dispatchEvent(
                    new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true })
                );
            },
        },
        {
            content: "the pasted picture is shown",
            trigger: ".modal .o_field_widget[name='picture'] img[src^='data:image']",
        },
        {
            content: "search",
            trigger: ".modal button[name='action_search']",
            run: "click",
        },
        {
            content: "the results are ranked",
            trigger:
                ".modal .o_field_widget[name='result_ids'] .o_data_row:first td[name='rank']:contains('1')",
        },
    ],
});
