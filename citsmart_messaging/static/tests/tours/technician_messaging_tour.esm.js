/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const TAB = ".o_field_widget[name=comment_ids]";
const FAILED = `${TAB} .o_data_row:contains(Can you send the serial number?)`;

/* The technician, on the ticket form: answers from the chatter and sees the
 * comment in the Messaging tab without reloading, then opens a comment whose
 * email failed and resends it. Needs the data of
 * TestTours.test_technician_sends_and_resends. */
registry.category("web_tour.tours").add("citsmart_messaging_technician", {
    steps: () => [
        {
            content: "Open the Messaging tab",
            trigger: ".o_notebook .nav-link:contains(Messaging)",
            run: "click",
        },
        {
            content: "The failed comment is listed",
            trigger: `${FAILED} [name=delivery_state]:contains(Failed)`,
        },
        {
            content: "Send message, in the chatter",
            trigger: ".o-mail-Chatter-topbar button:contains(Send message)",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit Your printer is repaired.",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The Messaging tab shows the new comment without a reload",
            trigger: `${TAB} .o_data_row:contains(Your printer is repaired.)`,
        },
        {
            content: "Open the failed comment",
            trigger: `${FAILED} td[name=body]`,
            run: "click",
        },
        {
            content: "Its form says why it failed",
            trigger: ".modal .o_form_view .alert-danger:contains(no email address)",
        },
        {
            content: "Resend",
            trigger: ".modal .o_form_view button[name=action_resend]",
            run: "click",
        },
        {
            content: "The comment is queued again",
            trigger: `${TAB} .o_data_row:contains(Can you send the serial number?) [name=delivery_state]:contains(Queued)`,
        },
    ],
});
