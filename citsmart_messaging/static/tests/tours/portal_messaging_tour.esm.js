/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

function onTicketPage() {
    if (!/^\/my\/ticket\/\d+$/.test(window.location.pathname)) {
        throw new Error(`Not on the ticket page: ${window.location.pathname}`);
    }
}

/* The requester, in the portal: reads the team's answer, is refused an empty
 * message on the ticket page itself, then answers and sees it confirmed.
 * Needs the data of TestTours.test_requester_reads_and_answers. */
registry.category("web_tour.tours").add("citsmart_messaging_portal_comment", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "The ticket shows the team's answer awaiting a reply",
            trigger: ".o_messaging_awaiting:contains('1 awaiting your reply')",
        },
        {
            content: "Open the ticket",
            trigger: "a:contains('Printer on fire')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The technician's comment is in the thread",
            trigger: ".o_messaging_comment:contains('Please restart the printer')",
        },
        {
            content: "Write a message of blanks only",
            trigger: "#citsmart_messaging_body",
            run() {
                // typed, not "edit": blanks pass the field's "required"
                this.anchor.value = "   ";
            },
        },
        {
            content: "Send it",
            trigger: ".o_messaging_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ticket page shows why it was refused",
            trigger: ".o_messaging_error:contains('Your message is empty')",
            run: onTicketPage,
        },
        {
            content: "Write a real message",
            trigger: "#citsmart_messaging_body",
            run: "edit Restarted, it works now. Thanks!",
        },
        {
            content: "Send it",
            trigger: ".o_messaging_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It is confirmed, on the ticket page",
            trigger: ".o_messaging_sent",
            run: onTicketPage,
        },
        {
            content: "The refusal is not shown again",
            trigger: "#citsmart_messaging:not(:has(.o_messaging_error))",
        },
        {
            content: "The new message is the last of the thread",
            trigger: ".o_messaging_comment:last:contains('Restarted, it works now')",
        },
    ],
});
