/* Copyright 2026 citsmart_messaging contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {Message} from "@mail/core/common/message_model";
import {_t} from "@web/core/l10n/translation";
import {fields} from "@mail/core/common/record";
import {patch} from "@web/core/utils/patch";
import {user} from "@web/core/user";

const {DateTime} = luxon;

/** A ticket comment's chatter message says when the other side saw it. */
patch(Message.prototype, {
    setup() {
        super.setup(...arguments);
        this.citsmart_seen_date = fields.Datetime();
    },

    get citsmartSeenText() {
        const seen = this.citsmart_seen_date;
        if (!seen) {
            return "";
        }
        const locale = {locale: user.lang};
        const time = seen.hasSame(DateTime.now(), "day")
            ? seen.toLocaleString(DateTime.TIME_SIMPLE, locale)
            : seen.toLocaleString(DateTime.DATETIME_SHORT, locale);
        return _t("Seen %(time)s", {time});
    },
});
