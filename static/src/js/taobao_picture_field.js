import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { checkFileSize } from "@web/core/utils/files";
import { useService } from "@web/core/utils/hooks";
import { getDataURLFromFile } from "@web/core/utils/urls";
import { ImageField, imageField } from "@web/views/fields/image/image_field";
import { useExternalListener, useRef } from "@odoo/owl";

// What DajiSaaS takes, and what Odoo re-encodes before sending.
const PICTURE_TYPES = ["image/jpeg", "image/png", "image/webp"];

// The picture to search Taobao with: uploaded as with Odoo's image field, or pasted from
// the clipboard (a screenshot, an image copied from a web page) or dropped on it.
// <field name="picture" widget="taobao_picture"/>
export class TaobaoPictureField extends ImageField {
    static template = "taobao_purchase.TaobaoPictureField";

    setup() {
        super.setup();
        this.ui = useService("ui");
        this.root = useRef("root");
        // The whole page listens while the field is shown: a person pastes without
        // first clicking a picture, which cannot take the focus.
        useExternalListener(document, "paste", this.onPaste);
    }

    onPaste(ev) {
        // only the dialog in front takes the paste, not a search left open behind it
        if (this.props.readonly || !this.ui.activeElement.contains(this.root.el)) {
            return;
        }
        // a paste into a text box stays there, even when a spreadsheet adds a picture of it
        const editable = ev.target.closest?.("input, textarea, [contenteditable='true']");
        if (editable && !this.root.el.contains(editable)) {
            return;
        }
        const file = [...(ev.clipboardData?.files || [])].find((f) => f.type.startsWith("image/"));
        if (!file) {
            return; // text goes where it was pasted, as usual
        }
        ev.preventDefault();
        this.takeFile(file);
    }

    onDragOver(ev) {
        if (!this.props.readonly && ev.dataTransfer?.types.includes("Files")) {
            ev.preventDefault();
        }
    }

    onDrop(ev) {
        if (this.props.readonly) {
            return;
        }
        ev.preventDefault();
        const file = ev.dataTransfer?.files[0];
        if (file) {
            this.takeFile(file);
        }
    }

    async takeFile(file) {
        if (!PICTURE_TYPES.includes(file.type)) {
            this.notification.add(
                _t("Taobao is searched with JPEG, PNG or WEBP pictures: paste or drop one of those."),
                { type: "warning" }
            );
            return;
        }
        if (!checkFileSize(file.size, this.notification)) {
            return;
        }
        let dataUrl;
        try {
            dataUrl = await getDataURLFromFile(file);
        } catch {
            this.notification.add(
                _t("This picture could not be read. Save it as a file and upload it."),
                { type: "danger" }
            );
            return;
        }
        await this.onFileUploaded({
            name: file.name || "pasted-picture",
            size: file.size,
            type: file.type,
            data: dataUrl.split(",")[1],
        });
    }
}

registry.category("fields").add("taobao_picture", {
    ...imageField,
    component: TaobaoPictureField,
});
