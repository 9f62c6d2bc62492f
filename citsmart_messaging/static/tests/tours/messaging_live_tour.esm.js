/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// The other side acts while these tours wait (see tests/test_live.py): the
// pages must show it without reload.

registry.category("web_tour.tours").add("citsmart_messaging_live_portal", {
    steps: () => [
        {
            content: "The ticket page shows its thread",
            trigger: ".o_messaging_live .o_messaging_comment",
        },
        {
            content: "The technician's new message appears",
            trigger: ".o_messaging_comment:contains('Live from the team')",
        },
        {
            content: "It is new to the requester, who sees it now",
            trigger:
                ".o_messaging_comment:contains('Live from the team') .o_messaging_new",
        },
    ],
});

registry.category("web_tour.tours").add("citsmart_messaging_live_seen", {
    steps: () => [
        {
            content: "Open the Messaging tab",
            trigger: ".o_notebook a[name='citsmart_messaging']",
            run: "click",
        },
        {
            content: "The requester's visit shows as seen, without reload",
            trigger:
                ".o_field_widget[name='comment_ids'] .o_data_row:contains('Seen soon') td[name='seen_date']:not(:empty)",
        },
        {
            content: "The chatter says it too",
            trigger: ".o-mail-Message:contains('Seen soon') .o-citsmart-Message-seen",
        },
    ],
});
