# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user

PARAMETER_417 = "citsmart_messaging.parameter_417"


class MessagingCommon(MailCommon):
    """A team, a technician, a portal requester and a ticket between them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.template = cls.env.ref("citsmart_messaging.mail_template_ticket_comment")
        cls.technician = mail_new_test_user(
            cls.env,
            login="technician",
            name="Tereza Technician",
            email="tereza.technician@example.com",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
            notification_type="email",
            tz="Europe/Brussels",
        )
        cls.leader = mail_new_test_user(
            cls.env,
            login="leader",
            name="Leo Leader",
            email="leo.leader@example.com",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            notification_type="email",
        )
        cls.requester_user = mail_new_test_user(
            cls.env,
            login="requester",
            name="Rita Requester",
            email="rita.requester@example.com",
            groups="base.group_portal",
            tz="America/Sao_Paulo",
        )
        cls.requester = cls.requester_user.partner_id
        cls.other_portal_user = mail_new_test_user(
            cls.env,
            login="otherportal",
            name="Otto Other",
            email="otto.other@example.com",
            groups="base.group_portal",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Service Desk",
                "user_ids": [(6, 0, (cls.technician + cls.leader).ids)],
                "user_id": cls.leader.id,
            }
        )
        cls.ticket = cls._create_ticket()

    @classmethod
    def _create_ticket(cls, **values):
        return (
            cls.env["helpdesk.ticket"]
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "name": "Printer on fire",
                    "description": "<p>It burns.</p>",
                    "team_id": cls.team.id,
                    "user_id": cls.technician.id,
                    "partner_id": cls.requester.id,
                    **values,
                }
            )
        )

    def comment(self, body="Hello", ticket=None, author=None, **values):
        """Create a comment the way the API does, as the technician."""
        user = values.pop("user", self.technician)
        vals = {
            "ticket_id": (ticket or self.ticket).id,
            "body": Markup(body) if isinstance(body, str) else body,
            **values,
        }
        if author:
            vals["author_id"] = author.id
        return self.env["helpdesk.ticket.comment"].with_user(user).create(vals)

    def mails_of(self, comments):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "in", comments.message_id.ids)])
        )

    def mail_to(self, comment, partner=None, email=None):
        mails = self.mails_of(comment)
        if partner:
            return mails.filtered(lambda m: partner in m.recipient_ids)
        return mails.filtered(lambda m: email in (m.email_to or ""))

    def set_parameter_417(self, value):
        self.env["ir.config_parameter"].sudo().set_param(PARAMETER_417, value)
