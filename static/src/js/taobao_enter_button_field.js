import { registry } from "@web/core/registry";
import { pick } from "@web/core/utils/objects";
import { CharField, charField } from "@web/views/fields/char/char_field";
import { useEffect } from "@odoo/owl";

// A text field whose Enter clicks one of its form's buttons, as a search box does:
// <field name="keyword" widget="taobao_enter_button" options="{'enter_button': 'action_search'}"/>
// The button runs as if clicked: the form is saved first, the typed text with it.
export class TaobaoEnterButtonField extends CharField {
    static props = { ...CharField.props, enterButton: { type: String } };

    setup() {
        super.setup();
        useEffect(
            (input) => {
                if (!input) {
                    return;
                }
                const onKeydown = (ev) => this.onEnterKeydown(ev);
                input.addEventListener("keydown", onKeydown);
                return () => input.removeEventListener("keydown", onKeydown);
            },
            () => [this.input.el]
        );
    }

    onEnterKeydown(ev) {
        // isComposing: the Enter that picks a candidate of a Chinese input method
        if (ev.key !== "Enter" || ev.isComposing || ev.shiftKey || ev.ctrlKey || ev.altKey) {
            return;
        }
        ev.preventDefault();
        ev.stopPropagation();
        this.env.onClickViewButton({
            clickParams: { type: "object", name: this.props.enterButton },
            getResParams: () =>
                pick(this.props.record, "context", "evalContext", "resModel", "resId", "resIds"),
        });
    }
}

registry.category("fields").add("taobao_enter_button", {
    ...charField,
    component: TaobaoEnterButtonField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...charField.extractProps(fieldInfo, dynamicInfo),
        enterButton: fieldInfo.options.enter_button,
    }),
});
