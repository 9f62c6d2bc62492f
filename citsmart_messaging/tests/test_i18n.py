# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestTranslations(MessagingCommon):
    """The shipped pt_BR and es files translate the default template: a
    requester reading Portuguese or Spanish gets the email in his language,
    keys substituted as in English."""

    def _load(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        # what installing a language does for an installed module
        self.env["ir.module.module"]._load_module_terms(
            ["citsmart_messaging"], [lang], overwrite=True
        )
        self.requester.lang = lang

    def _mail_in(self, lang):
        self._load(lang)
        with self.mock_mail_gateway():
            comment = self.comment("<p>Olá / Hola</p>")
        mail = self.mails_of(comment)
        self.assertEqual(len(mail), 1)
        return mail

    def test_default_template_in_brazilian_portuguese(self):
        mail = self._mail_in("pt_BR")
        number = self.ticket.number
        self.assertEqual(
            mail.messaging_subject,
            f"[{number}] Novo comentário de Tereza Technician",
        )
        body = mail.body_html
        self.assertIn("comentou no chamado", body)
        self.assertIn("Solicitante", body)
        self.assertIn("Ver o chamado e responder", body)
        self.assertIn("Responda na página do chamado ou responda a este e-mail", body)
        self.assertNotIn("commented on ticket", body)
        # keys and the t-out are still substituted / rendered
        self.assertIn(f"<strong>{number}</strong>", body)
        self.assertIn("(Printer on fire)", body)
        self.assertIn("Rita Requester", body)
        self.assertIn("<p>Olá / Hola</p>", body)
        self.assertNotIn("${", body)

    def test_default_template_in_spanish(self):
        mail = self._mail_in("es_ES")
        self.assertEqual(
            mail.messaging_subject,
            f"[{self.ticket.number}] Nuevo comentario de Tereza Technician",
        )
        body = mail.body_html
        self.assertIn("comentó en el ticket", body)
        self.assertIn("Ver el ticket y responder", body)
        self.assertIn("Responda en la página del ticket o conteste a este correo", body)
        self.assertNotIn("reply to this email", body)
        self.assertNotIn("${", body)

    def test_code_and_field_labels_are_translated(self):
        self._load("pt_BR")
        Comment = self.env["helpdesk.ticket.comment"].with_context(lang="pt_BR")
        labels = Comment.fields_get(["is_internal"], ["string"])
        self.assertEqual(labels["is_internal"]["string"], "Nota interna")
        comment = self.comment("Oi")
        self.assertEqual(
            comment.with_context(lang="pt_BR").display_name,
            f"{self.ticket.number}: comentário de Tereza Technician",
        )

    def test_english_is_unchanged(self):
        self._load("pt_BR")
        self.requester.lang = "en_US"
        with self.mock_mail_gateway():
            comment = self.comment("Hi")
        mail = self.mails_of(comment)
        self.assertEqual(
            mail.messaging_subject,
            f"[{self.ticket.number}] New comment from Tereza Technician",
        )
        self.assertIn("commented on ticket", mail.body_html)
