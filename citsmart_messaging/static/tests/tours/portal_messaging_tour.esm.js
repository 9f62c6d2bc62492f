/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

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
            content: "Write a message",
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
            content: "It is confirmed and shown in the thread",
            trigger: ".o_messaging_sent",
        },
        {
            content: "The new message is the last of the thread",
            trigger: ".o_messaging_comment:last:contains('Restarted, it works now')",
        },
    ],
});
