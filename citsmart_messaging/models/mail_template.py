# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime, html2plaintext, plaintext2html

from ..tools.keys import (
    VALUES_VARIABLE,
    find_keys,
    keys_to_inline_template,
    keys_to_qweb,
    unknown_keys,
)
from ..tools.reply import html_to_text
from .helpdesk_ticket_comment import TEMPLATE_MODEL

PARAMETER_417 = "citsmart_messaging.parameter_417"
# How many earlier public comments ${COMMENTHISTORY} shows.
HISTORY_SIZE = 3
# A longer comment is cut in its email (the chatter keeps it whole).
EMAIL_TEXT_MAX_CHARS = 100_000


def _comment_text(comment):
    """The comment's sanitized HTML; a huge one is cut, with a note."""
    body = comment.body or ""
    if len(body) <= EMAIL_TEXT_MAX_CHARS:
        return Markup(body)
    text = html2plaintext(body)[:EMAIL_TEXT_MAX_CHARS]
    note = comment.env._("(Message cut: read it whole on the ticket.)")
    return Markup("%s<p><em>%s</em></p>") % (Markup(plaintext2html(text)), note)


def _format_create_date(comment):
    """The comment's ``create_date`` in the context's time zone and language."""
    context = comment.env.context
    return format_datetime(
        comment.env,
        comment.create_date,
        tz=context.get("tz") or "UTC",
        lang_code=context.get("lang"),
    )


def _ticket_url(comment):
    """The requester's link to the ticket in the portal, with its token (made
    with the ticket, or by the install hook for older ones); other recipients
    get the plain link, which asks them to log in."""
    # sudo: the token is only emailed to the requester
    ticket = comment.ticket_id.sudo()
    if comment.env.context.get("citsmart_messaging_requester"):
        return ticket.get_base_url() + ticket.get_portal_url()
    return ticket.get_base_url() + ticket.access_url


def _history(comment):
    """The last public comments before this one, newest first, escaped."""
    # sudo: the history is the ticket's public thread, whoever writes
    earlier = comment.sudo().search(
        [
            ("ticket_id", "=", comment.ticket_id.id),
            ("is_internal", "=", False),
            ("id", "<", comment.id),
        ],
        order="id desc",
        limit=HISTORY_SIZE,
    )
    return Markup("").join(
        Markup("<p><strong>%s</strong> (%s):<br/>%s</p>")
        % (
            earlier_comment.author_id.name or "",
            _format_create_date(earlier_comment.with_env(comment.env)),
            html2plaintext(earlier_comment.body or ""),
        )
        for earlier_comment in earlier
    )


# The one place that maps the CITSmart keys to their values: a new key is one
# line here. Values are plain text, except Markup ones (already sanitized
# HTML). Evaluated per recipient group: the context carries his lang and tz,
# and ``citsmart_messaging_requester`` whether he is the requester.
MESSAGING_KEYS = {
    "IDSERVICEREQUEST": lambda comment: comment.ticket_id.number,
    "COMMENTTEXT": _comment_text,
    "DATETIMECREATED": _format_create_date,
    "USERNAME": lambda comment: comment.author_id.name,
    "REQUESTERNAME": lambda comment: (
        comment.ticket_id.partner_id.name or comment.ticket_id.partner_name
    ),
    "REQUESTRESPONSIBLENAME": lambda comment: comment.ticket_id.user_id.name,
    # beyond CITSmart's six
    "TICKETTITLE": lambda comment: comment.ticket_id.name,
    "TICKETURL": _ticket_url,
    "TICKETSTAGE": lambda comment: comment.ticket_id.stage_id.name,
    "COMMENTHISTORY": _history,
}


def _key_values(comments, keys, html):
    """``{comment id: {key: value}}`` for the known ``keys`` (only those a
    template uses are computed); text values for subjects."""
    values = {}
    for comment in comments:
        values[comment.id] = {}
        for key in keys:
            value = MESSAGING_KEYS[key](comment)
            if value is None or value is False:
                value = ""
            if not html:
                value = html_to_text(value) if isinstance(value, Markup) else value
                value = " ".join(str(value).split())
            values[comment.id][key] = value
    return values


def _as_keys(names):
    return ", ".join(f"${{{name}}}" for name in names)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    messaging_unknown_keys = fields.Char(
        compute="_compute_messaging_unknown_keys",
        help="${...} keys of this template that ticket messaging does not know: "
        "they would be sent as typed.",
    )
    # The keys are field values, never text of the view's arch: the web
    # client compiles arch text to JavaScript, where ${...} is evaluated.
    messaging_known_keys = fields.Char(
        string="Known keys", compute="_compute_messaging_unknown_keys"
    )

    @api.depends("model", "subject", "body_html")
    def _compute_messaging_unknown_keys(self):
        known = _as_keys(sorted(MESSAGING_KEYS))
        for template in self:
            keys = []
            if template.model == TEMPLATE_MODEL:
                keys = sorted(
                    set(unknown_keys(template.subject, MESSAGING_KEYS))
                    | set(unknown_keys(template.body_html, MESSAGING_KEYS))
                )
            template.messaging_unknown_keys = _as_keys(keys)
            template.messaging_known_keys = known if keys else False

    @api.model
    def _messaging_template_417(self):
        """Return ``(template, problem)``: the template of parameter 417, or
        an empty recordset and a sentence saying what is wrong."""
        # sudo: technicians and requesters send through the administrator's
        # template and system parameter, which they may not read
        Template = self.sudo().browse()
        raw = (
            self.env["ir.config_parameter"].sudo().get_param(PARAMETER_417) or ""
        ).strip()
        if not raw:
            return Template, self.env._(
                "System parameter 417 (%(key)s) is empty: no email template "
                "is set for ticket messaging.",
                key=PARAMETER_417,
            )
        if not raw.isdigit():
            return Template, self.env._(
                "System parameter 417 (%(key)s) holds %(value)r, which is not "
                "the id number of an email template.",
                key=PARAMETER_417,
                value=raw,
            )
        # one query to check and read it; an archived template is used too
        template = Template.browse(
            Template.with_context(active_test=False)
            .search_fetch([("id", "=", int(raw))])
            .ids
        )
        if not template:
            return Template, self.env._(
                "System parameter 417 points to email template id %(id)s, "
                "which does not exist (deleted?).",
                id=raw,
            )
        if template.model != TEMPLATE_MODEL:
            return Template, self.env._(
                "System parameter 417 points to email template "
                "“%(name)s” (id %(id)s), which is for %(model)s, not for "
                "ticket comments (%(expected)s).",
                name=template.name,
                id=template.id,
                model=template.model or "?",
                expected=TEMPLATE_MODEL,
            )
        return template, False

    def _render_template(
        self,
        template_src,
        model,
        res_ids,
        engine="inline_template",
        add_context=None,
        options=None,
    ):
        """On ticket comments, the ``${KEY}`` the template's author wrote
        become Odoo's own syntax reading the values from the rendering
        context: Odoo escapes them, and never evaluates or scans them. Any
        rendering of such a template (sending, Odoo's preview) gets them."""
        keys = find_keys(template_src) & MESSAGING_KEYS.keys()
        if model == TEMPLATE_MODEL and keys and engine in ("qweb", "inline_template"):
            html = engine == "qweb"
            convert = keys_to_qweb if html else keys_to_inline_template
            template_src = convert(template_src, keys)
            comments = self.env[model].browse(res_ids)
            add_context = {
                **(add_context or {}),
                VALUES_VARIABLE: _key_values(comments, keys, html),
            }
        return super()._render_template(
            template_src,
            model,
            res_ids,
            engine=engine,
            add_context=add_context,
            options=options,
        )
