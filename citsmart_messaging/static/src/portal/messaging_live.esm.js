/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {Interaction} from "@web/public/interaction";
import {registry} from "@web/core/registry";

const NOTIFICATION = "citsmart_messaging/changed";

/**
 * The portal ticket page's thread follows the conversation without reload:
 * when the bus says the ticket changed, the thread is fetched again (through
 * the portal's own access check). A thread fetched while the page is hidden
 * is fetched again once it is in view, so that "seen" means seen.
 */
export class PortalMessagingLive extends Interaction {
    static selector = ".o_messaging_live";

    setup() {
        this.ticketId = parseInt(this.el.dataset.ticketId);
        this.accessToken = this.el.dataset.accessToken || "";
        this.unseen = false;
        this.channel = `citsmart_messaging.ticket:${this.ticketId}:${this.accessToken}`;
        this.onNotification = this.onNotification.bind(this);
    }

    start() {
        const bus = this.services.bus_service;
        bus.addChannel(this.channel);
        bus.subscribe(NOTIFICATION, this.onNotification);
        this.registerCleanup(() => {
            bus.unsubscribe(NOTIFICATION, this.onNotification);
            bus.deleteChannel(this.channel);
        });
        this.addListener(document, "visibilitychange", () => {
            if (this.unseen && document.visibilityState === "visible") {
                this.refresh();
            }
        });
    }

    onNotification(payload) {
        if (payload.ticket_id === this.ticketId) {
            this.refresh();
        }
    }

    async refresh() {
        const visible = document.visibilityState === "visible";
        const params = new URLSearchParams({seen: visible ? "1" : "0"});
        if (this.accessToken) {
            params.set("access_token", this.accessToken);
        }
        const response = await this.waitFor(
            fetch(`/my/ticket/${this.ticketId}/messaging?${params}`)
        );
        if (!response.ok) {
            return;
        }
        const html = await this.waitFor(response.text());
        const fresh = new DOMParser()
            .parseFromString(html, "text/html")
            .querySelector(".o_messaging_live");
        if (fresh) {
            this.unseen = !visible;
            const shownNew = this.newBadges();
            this.el.replaceChildren(...fresh.childNodes);
            this.keepNewBadges(shownNew);
        }
    }

    newBadges() {
        const badges = new Map();
        for (const badge of this.el.querySelectorAll(".o_messaging_new")) {
            badges.set(badge.closest("[data-comment-id]").dataset.commentId, badge);
        }
        return badges;
    }

    /**
     * A comment shown as new stays new on this page: fetching the thread
     * again (another change, a second tab) must not take the mark away
     * before the requester could see it.
     */
    keepNewBadges(badges) {
        for (const [commentId, badge] of badges) {
            const comment = this.el.querySelector(`[data-comment-id="${commentId}"]`);
            if (comment && !comment.querySelector(".o_messaging_new")) {
                comment.querySelector(".o_messaging_author").nextElementSibling.after(badge);
            }
        }
    }
}

registry
    .category("public.interactions")
    .add("citsmart_messaging.portal_messaging_live", PortalMessagingLive);
