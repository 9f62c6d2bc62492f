# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestRendering(MessagingCommon):
    def test_user_text_is_never_evaluated(self):
        self.template.write(
            {"subject": "${COMMENTTEXT}", "body_html": "<div>${COMMENTTEXT}</div>"}
        )
        payload = (
            "{{ object.env.user.password }} "
            '<t t-out="object.env.cr.dbname"/> ${USERNAME}'
        )
        with self.mock_mail_gateway():
            comment = self.comment(payload)
        mail = self.mails_of(comment)
        self.assertIn("{{ object.env.user.password }}", mail.body_html)
        self.assertIn("{{ object.env.user.password }}", mail.messaging_subject)
        self.assertNotIn(self.env.cr.dbname, mail.body_html)
        # a key typed in a comment stays text: values are substituted once
        self.assertIn("${USERNAME}", mail.body_html)

    def test_script_is_escaped_and_line_breaks_survive(self):
        self.template.body_html = "<div>${COMMENTTEXT}</div><p>${USERNAME}</p>"
        self.technician.partner_id.name = "<script>alert('name')</script>"
        with self.mock_mail_gateway():
            comment = self.comment(
                "<p>line one<br>line two</p><script>alert(1)</script>"
            )
        body = self.mails_of(comment).body_html
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;", body)
        self.assertIn("line one<br>line two", body)

    def test_subject_values_are_plain_text(self):
        self.template.subject = "Re: ${COMMENTTEXT}"
        with self.mock_mail_gateway():
            comment = self.comment("<p>First <b>bold</b></p><p>second</p>")
        self.assertEqual(
            self.mails_of(comment).messaging_subject, "Re: First bold second"
        )

    def test_odoo_syntax_keeps_working(self):
        self.template.write(
            {
                "subject": "{{ object.ticket_id.name }} / ${IDSERVICEREQUEST}",
                "body_html": (
                    '<p><t t-out="object.ticket_id.team_id.name"/> ${USERNAME}</p>'
                ),
            }
        )
        with self.mock_mail_gateway():
            comment = self.comment("Hi")
        mail = self.mails_of(comment)
        self.assertEqual(
            mail.messaging_subject, f"Printer on fire / {self.ticket.number}"
        )
        self.assertIn("Service Desk Tereza Technician", mail.body_html)

    def test_unknown_keys_stay_visible_and_are_flagged(self):
        self.template.write(
            {
                "subject": "${IDSERVICEREQUEST} ${NOTAKEY}",
                "body_html": "<p>${ALSOUNKNOWN}</p>",
            }
        )
        self.assertEqual(
            self.template.messaging_unknown_keys, "${ALSOUNKNOWN}, ${NOTAKEY}"
        )
        with self.mock_mail_gateway():
            comment = self.comment("Hi")
        mail = self.mails_of(comment)
        self.assertEqual(mail.messaging_subject, f"{self.ticket.number} ${{NOTAKEY}}")
        self.assertIn("${ALSOUNKNOWN}", mail.body_html)

    def test_admin_template_is_the_one_used(self):
        custom = self.env["mail.template"].create(
            {
                "name": "Custom messaging",
                "model_id": self.env["ir.model"]._get_id("helpdesk.ticket.comment"),
                "subject": (
                    "Chamado ${IDSERVICEREQUEST}: ${USERNAME} -> ${REQUESTERNAME}"
                ),
                "body_html": "<p>Custom ${REQUESTRESPONSIBLENAME}: ${COMMENTTEXT}</p>",
            }
        )
        self.set_parameter_417(custom.id)
        with self.mock_mail_gateway():
            comment = self.comment("Done")
        mail = self.mails_of(comment)
        self.assertEqual(
            mail.messaging_subject,
            f"Chamado {self.ticket.number}: Tereza Technician -> Rita Requester",
        )
        self.assertIn("<p>Custom Tereza Technician: <p>Done</p></p>", mail.body_html)

    def test_rendered_in_recipient_language(self):
        self.requester.lang = "pt_BR"
        self.template.with_context(
            lang="pt_BR"
        ).subject = "Novo comentário em ${IDSERVICEREQUEST}"
        with self.mock_mail_gateway():
            comment = self.comment("Olá")
        mail = self.mails_of(comment)
        self.assertEqual(
            mail.messaging_subject, f"Novo comentário em {self.ticket.number}"
        )


@tagged("post_install", "-at_install")
class TestExtraKeys(MessagingCommon):
    """One test per key beyond CITSmart's six."""

    def render(self, body, **comment_values):
        self.template.body_html = body
        with self.mock_mail_gateway():
            comment = self.comment(comment_values.pop("text", "Hi"), **comment_values)
        return comment, self.mails_of(comment).body_html

    def test_ticket_title(self):
        self.ticket.name = "Printer <on> fire"
        _comment, body = self.render("<p>${TICKETTITLE}</p>")
        self.assertIn("<p>Printer &lt;on&gt; fire</p>", body)

    def test_ticket_url_is_the_requesters_portal_link(self):
        _comment, body = self.render('<p><a href="${TICKETURL}">open</a></p>')
        url = f"/my/ticket/{self.ticket.id}?access_token={self.ticket.access_token}"
        self.assertTrue(self.ticket.access_token)
        self.assertIn(self.ticket.get_base_url() + url.replace("&", "&amp;"), body)

    def test_ticket_stage(self):
        _comment, body = self.render("<p>${TICKETSTAGE}</p>")
        self.assertIn(f"<p>{self.ticket.stage_id.name}</p>", body)

    def test_comment_history_newest_first_escaped(self):
        Comment = self.env["helpdesk.ticket.comment"].with_context(
            citsmart_messaging_no_send=True
        )
        for text in ("first <b>", "second", "third", "fourth"):
            Comment.create({"ticket_id": self.ticket.id, "body": text})
        Comment.create(
            {"ticket_id": self.ticket.id, "body": "hidden note", "is_internal": True}
        )
        _comment, body = self.render("<div>${COMMENTHISTORY}</div>")
        self.assertNotIn("first", body)  # only the last three
        self.assertNotIn("hidden note", body)
        self.assertLess(body.index("fourth"), body.index("third"))
        self.assertLess(body.index("third"), body.index("second"))

    def send_to_requester_and_cc(self, body):
        self.ticket.email_cc = "boss@example.com"
        self.template.body_html = body
        with self.mock_mail_gateway():
            comment = self.comment("Hi")
        return (
            self.mail_to(comment, partner=self.requester).body_html,
            self.mail_to(comment, email="boss@example.com").body_html,
        )

    def test_key_values_are_never_scanned_for_keys(self):
        """A ticket titled ``${TICKETURL}`` never puts a tokened link in the
        email to the CC addresses."""
        self.ticket.name = "${TICKETURL}"
        _requester_body, cc_body = self.send_to_requester_and_cc(
            "<p>${TICKETTITLE}</p>"
        )
        self.assertIn("<p>${TICKETURL}</p>", cc_body)
        self.assertNotIn(self.ticket.access_token, cc_body)

    def test_ticket_url_token_only_for_the_requester(self):
        requester_body, cc_body = self.send_to_requester_and_cc(
            '<p><a href="${TICKETURL}">open</a></p>'
        )
        self.assertIn(self.ticket.access_token, requester_body)
        self.assertNotIn(self.ticket.access_token, cc_body)
        self.assertIn(f"/my/ticket/{self.ticket.id}", cc_body)

    def test_odoo_preview_of_the_template_carries_the_keys(self):
        """Odoo's own template preview renders through the same path."""
        comment = self.env["helpdesk.ticket.comment"].create(
            {"ticket_id": self.ticket.id, "body": "<p>Preview me</p>"}
        )
        preview = (
            self.env["mail.template.preview"]
            .with_context(default_mail_template_id=self.template.id)
            .create({"resource_ref": f"helpdesk.ticket.comment,{comment.id}"})
        )
        self.assertIn(self.ticket.number, preview.subject)
        self.assertIn("Preview me", preview.body_html)
        self.assertNotIn("${", preview.subject + str(preview.body_html))
