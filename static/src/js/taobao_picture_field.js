import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { checkFileSize } from "@web/core/utils/files";
import { useService } from "@web/core/utils/hooks";
import { getDataURLFromFile } from "@web/core/utils/urls";
import { ImageField, imageField } from "@web/views/fields/image/image_field";
import { useExternalListener, useRef } from "@odoo/owl";

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
        if (!file.type.startsWith("image/")) {
            this.notification.add(
                _t("This is not a picture. Paste or drop a JPEG, PNG or WEBP image."),
                { type: "warning" }
            );
            return;
        }
        if (!checkFileSize(file.size, this.notification)) {
            return;
        }
        const dataUrl = await getDataURLFromFile(file);
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
