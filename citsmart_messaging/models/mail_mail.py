# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    # A comment's mails share the ticket's chatter message (and so its
    # subject), but each is rendered in its recipient's language.
    messaging_subject = fields.Char(
        help="Subject rendered for this mail's recipients by ticket messaging."
    )

    def _prepare_outgoing_list(self, mail_server=False, doc_to_followers=None):
        emails = super()._prepare_outgoing_list(
            mail_server=mail_server, doc_to_followers=doc_to_followers
        )
        if self.messaging_subject:
            for email in emails:
                email["subject"] = self.messaging_subject
        return emails
