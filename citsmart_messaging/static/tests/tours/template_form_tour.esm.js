/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

/* Any other template's form still opens (the add-on's extension of the form
 * once broke every one of them) and its Preview is Odoo's own. */
registry.category("web_tour.tours").add("citsmart_messaging_other_template", {
    steps: () => [
        {
            content: "The form shows the template, without messaging warning",
            trigger:
                ".o_form_view:not(:has(.o_messaging_unknown_keys)) .o_field_widget[name=name]",
        },
        {
            content: "Its Preview",
            trigger: ".o_form_view button[name=action_open_mail_preview]",
            run: "click",
        },
        {
            content: "is Odoo's, without the messaging fields",
            trigger:
                ".modal .o_mail_template_preview_form_view:not(:has([name=messaging_tz])) [name=subject]",
        },
        {
            trigger: ".modal-footer:not(:has([name=action_messaging_send_test]))",
        },
        {
            content: "Close it",
            trigger: ".modal-footer button:contains(Close)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
