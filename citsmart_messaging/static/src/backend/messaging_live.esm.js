/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {
    Component,
    onWillStart,
    onWillUnmount,
    onWillUpdateProps,
    status,
} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {useService} from "@web/core/utils/hooks";

const NOTIFICATION = "citsmart_messaging/changed";

/**
 * Invisible companion of the ticket form: opening a ticket marks the
 * requester's comments as seen by the team, and the form follows the
 * conversation (new comments, delivery changes, seen marks) without reload.
 */
export class MessagingLive extends Component {
    static template = "citsmart_messaging.MessagingLive";
    static props = {...standardWidgetProps};

    setup() {
        this.orm = useService("orm");
        this.bus = useService("bus_service");
        this.ticketId = false;
        this.channel = false;
        this.onNotification = this.onNotification.bind(this);
        this.bus.subscribe(NOTIFICATION, this.onNotification);
        onWillStart(() => this.follow(this.props.record));
        onWillUpdateProps((next) => this.follow(next.record));
        onWillUnmount(() => {
            this.bus.unsubscribe(NOTIFICATION, this.onNotification);
            if (this.channel) {
                this.bus.deleteChannel(this.channel);
            }
        });
    }

    follow(record) {
        const ticketId = record.resId || false;
        if (ticketId === this.ticketId) {
            return;
        }
        if (this.channel) {
            this.bus.deleteChannel(this.channel);
            this.channel = false;
        }
        this.ticketId = ticketId;
        if (ticketId) {
            this.channel = `citsmart_messaging.ticket:${ticketId}`;
            this.bus.addChannel(this.channel);
            this.markSeen();
        }
    }

    markSeen() {
        if (this.ticketId && document.visibilityState === "visible") {
            this.orm.call("helpdesk.ticket", "messaging_mark_seen", [[this.ticketId]]);
        }
    }

    async onNotification(payload) {
        if (payload.ticket_id !== this.ticketId) {
            return;
        }
        const record = this.props.record;
        // unsaved edits stay: saving reloads the record anyway
        if (!record.dirty && !record.isNew) {
            await record.load();
        }
        if (status(this) !== "destroyed") {
            this.markSeen();
        }
    }
}

registry.category("view_widgets").add("citsmart_messaging_live", {
    component: MessagingLive,
});
