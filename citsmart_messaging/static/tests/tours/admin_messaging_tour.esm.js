/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const SETTING = "#citsmart_messaging_template";
const PREVIEW = ".modal .o_mail_template_preview_form_view";

/* The administrator's screens, from Settings > Helpdesk > Messaging: the
 * warnings, Preview and test, the template form (its unknown-key warning and
 * its own Preview), and the way to the alias domain setting. Needs the data
 * of TestTours.test_admin_settings_preview_and_template. */
registry.category("web_tour.tours").add("citsmart_messaging_admin", {
    steps: () => [
        {
            content: "The Messaging block shows the parameter 417 template",
            trigger: `${SETTING} [name=messaging_template_id] input`,
            run() {
                const value = this.anchor.value;
                if (!value.startsWith("Helpdesk: new comment on a ticket")) {
                    throw new Error(`Unexpected template in the picker: ${value}`);
                }
            },
        },
        {
            content: "It warns that replies cannot come back without a catchall",
            trigger: `${SETTING} .o_messaging_no_catchall:contains(personal address)`,
        },
        {
            content: "Preview and test",
            trigger: `${SETTING} button[name=action_messaging_preview_template]`,
            run: "click",
        },
        {
            content: "The preview renders the keys, in the recipient's time zone",
            trigger: `${PREVIEW} [name=subject]:contains(New comment from Tereza Technician)`,
        },
        {
            trigger: `${PREVIEW} [name=messaging_tz] input`,
            run() {
                if (this.anchor.value !== "America/Sao_Paulo") {
                    throw new Error(`Preview in time zone ${this.anchor.value}`);
                }
            },
        },
        {
            content: "The body holds the comment and no key left",
            trigger: `${PREVIEW} [name=body_html]:contains(Please restart the printer)`,
            run() {
                if (this.anchor.textContent.includes("$" + "{")) {
                    throw new Error("A key was left in the body");
                }
            },
        },
        {
            content: "Send a test to me",
            trigger: ".modal-footer button[name=action_messaging_send_test]",
            run: "click",
        },
        {
            content: "The test is confirmed",
            trigger: ".o_notification:contains(A test email was queued)",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Edit template",
            trigger: `${SETTING} button[name=action_messaging_edit_template]`,
            run: "click",
        },
        {
            content: "The template form warns about its unknown key",
            trigger: ".o_form_view .o_messaging_unknown_keys:contains(NOTAKEY)",
        },
        {
            content: "and lists the known keys",
            trigger: ".o_messaging_unknown_keys:contains(COMMENTTEXT)",
        },
        {
            content: "Odoo's Preview of the template",
            trigger: ".o_form_view button[name=action_open_mail_preview]",
            run: "click",
        },
        {
            content: "renders the keys too",
            trigger: `${PREVIEW} [name=subject]:contains(New comment from Tereza Technician)`,
        },
        {
            content: "Close the preview",
            trigger: ".modal-footer button:contains(Close)",
            run: "click",
        },
        {
            content: "Back to the settings",
            trigger: "body:not(:has(.modal)) .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Go and set an alias domain",
            trigger: `${SETTING} button[name=action_messaging_alias_settings]`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "General Settings, at the alias domain setting",
            trigger: "#email-alias-setting.o_setting_highlight [name=alias_domain_id]",
        },
    ],
});
