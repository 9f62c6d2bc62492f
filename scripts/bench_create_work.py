# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The work of ``benchmark.py create``, inside Odoo: ours (N `create` of
`helpdesk.ticket.comment`, or one batch `create`) and native (the twin
template posted with `message_post_with_source`), each run in its own
transaction, rolled back; the queue's drain committed, then deleted.
"""

import gc
from time import perf_counter

COMMENT = "<p>Have you tried <b>turning it off and on</b> again?</p>"
TECHNICIAN_TZ = "Europe/Brussels"
TWIN_TEMPLATE_NAME = "Benchmark: native twin of the messaging template"
# Twin of citsmart_messaging.mail_template_ticket_comment on helpdesk.ticket:
# same subject and body, Odoo's own syntax instead of the ${...} keys. The
# comment's text comes through the context (message_post_with_source takes no
# body with a template).
TWIN_SUBJECT = "[{{ object.number }}] New comment from {{ user.name }}"
TWIN_BODY = """
<div style="margin: 0; padding: 0; font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #222222;">
    <p style="margin: 0 0 12px 0;">
        <strong t-out="user.name"/> commented on ticket
        <strong t-out="object.number"/>
        (<t t-out="object.name or ''"/>)
        on <t t-out="format_datetime(datetime.datetime.now(), tz=object.partner_id.tz or 'UTC', lang_code=object.partner_id.lang)"/>:
    </p>
    <div style="margin: 0 0 16px 0; padding: 12px 16px; border-left: 4px solid #875A7B; background-color: #F7F7F7;">
        <t t-out="ctx.get('benchmark_comment') or ''"/>
    </div>
    <table style="border-collapse: collapse; font-size: 13px; color: #555555;">
        <tr>
            <td style="padding: 2px 12px 2px 0;">Ticket</td>
            <td style="padding: 2px 0;" t-out="object.number"/>
        </tr>
        <tr>
            <td style="padding: 2px 12px 2px 0;">Requester</td>
            <td style="padding: 2px 0;" t-out="object.partner_id.name or object.partner_name"/>
        </tr>
        <tr>
            <td style="padding: 2px 12px 2px 0;">Technician</td>
            <td style="padding: 2px 0;" t-out="object.user_id.name"/>
        </tr>
    </table>
    <p style="margin: 16px 0 0 0; font-size: 12px; color: #888888;">
        Reply to this email to answer: your reply is added to the ticket.
    </p>
</div>
"""  # noqa: E501
# rows a run creates, deleted after each committed (drain) run
CREATED_TABLES = (
    "helpdesk_ticket_comment",
    "mail_notification",
    "mail_mail",
    "mail_tracking_value",
    "mail_followers",
    "mail_message",
    "ir_cron_trigger",
    "bus_bus",
)


class WorkMismatch(Exception):
    """Ours and native did not do the same work: no figure is printed."""


def prepare(registry, population, size):
    """The technician, requester and tickets of the population; only the
    technician follows the tickets (followers add no recipient on either
    side); the twin template. Committed; returns their ids."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        _login, _password, uid, technician_partner = population.technicians[0]
        ticket_ids = [ticket["id"] for ticket in population.tickets[:size]]
        env["mail.followers"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", ticket_ids)]
        ).unlink()
        env["helpdesk.ticket"].browse(ticket_ids).message_subscribe(
            partner_ids=[technician_partner]
        )
        twin = env["mail.template"].search([("name", "=", TWIN_TEMPLATE_NAME)])
        twin_values = {
            "name": TWIN_TEMPLATE_NAME,
            "model_id": env["ir.model"]._get_id("helpdesk.ticket"),
            "subject": TWIN_SUBJECT,
            "body_html": TWIN_BODY,
            "lang": "{{ object.partner_id.lang }}",
            "use_default_to": False,
            "auto_delete": True,
        }
        if twin:
            twin.write(twin_values)
        else:
            twin = env["mail.template"].create(twin_values)
        env["mail.mail"].search([("state", "=", "outgoing")]).unlink()
        return {
            "uid": uid,
            "requester": population.requesters[0][3],
            "tickets": ticket_ids,
            "twin": twin.id,
        }


def post_native(env, ids, ticket_ids):
    """What a developer without the add-on writes: a template posted in the
    ticket's chatter, the requester as recipient, emails queued."""
    from unittest.mock import patch

    from markupsafe import Markup

    tickets = (
        env["helpdesk.ticket"]
        .with_context(mail_notify_force_send=False, benchmark_comment=Markup(COMMENT))
        .browse(ticket_ids)
    )
    template = env["mail.template"].browse(ids["twin"])
    kwargs = {
        "message_type": "comment",
        "subtype_xmlid": "mail.mt_comment",
        "partner_ids": [ids["requester"]],
    }
    if not hasattr(tickets, "_messaging_comment_visibility"):
        raise WorkMismatch(
            "helpdesk.ticket._messaging_comment_visibility is gone: update how "
            "the benchmark keeps native posts from becoming comments"
        )
    # bypass the add-on's chatter hook: this post stays a native notification
    with patch.object(
        type(tickets), "_messaging_comment_visibility", lambda *a, **k: False
    ):
        if len(set(ticket_ids)) == len(ticket_ids):
            # one call for all the tickets: native's batch form
            tickets.message_post_with_source(template, **kwargs)
        else:
            for ticket in tickets:
                ticket.message_post_with_source(template, **kwargs)


def create_single(env, ids, ticket_ids):
    Comment = env["helpdesk.ticket.comment"]
    for ticket_id in ticket_ids:
        Comment.create({"ticket_id": ticket_id, "body": COMMENT})


def create_batch(env, ids, ticket_ids):
    env["helpdesk.ticket.comment"].create(
        [{"ticket_id": ticket_id, "body": COMMENT} for ticket_id in ticket_ids]
    )


WORK = {"native": post_native, "ours_single": create_single, "ours_batch": create_batch}


def max_ids(cr):
    maxima = {}
    for table in CREATED_TABLES:
        cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        maxima[table] = cr.fetchone()[0]
    return maxima


def describe_work(env, before):
    """What a run produced, comparable between ours and native: per email on
    the wire its ticket, To and subject; the counts of chatter messages, mail
    records, notifications; and whether anything would be sent right away."""
    env = env(su=True)
    cr = env.cr
    mails = env["mail.mail"].search([("id", ">", before["mail_mail"])], order="id")
    emails = []
    for mail in mails:
        for email in mail._prepare_outgoing_list():
            emails.append(
                (mail.res_id, tuple(sorted(email["email_to"])), email["subject"])
            )

    def created(table, where="TRUE"):
        cr.execute(
            f"SELECT COUNT(*) FROM {table} WHERE id > %s AND {where}",
            [before[table]],
        )
        return cr.fetchone()[0]

    force_sent = [
        func.__name__
        for func in getattr(cr.postcommit, "_funcs", ())
        if "send" in getattr(func, "__name__", "")
    ]
    return {
        "emails": sorted(emails),
        "mail_states": sorted(set(mails.mapped("state"))),
        "mails": len(mails),
        "notifications": created("mail_notification"),
        "messages": created("mail_message", "message_type = 'comment'"),
        "followers": created("mail_followers"),
        "comments": created("helpdesk_ticket_comment"),
        "force_sent": force_sent,
    }


def measure(registry, ids, variant, ticket_ids, describe=True):
    """One run in its own transaction, rolled back: (queries, seconds, work)."""
    from odoo import api

    with registry.cursor() as cr:
        try:
            env = api.Environment(
                cr, ids["uid"], {"lang": "en_US", "tz": TECHNICIAN_TZ}
            )
            before = max_ids(cr) if describe else None
            gc.collect()
            queries = cr.sql_log_count
            start = perf_counter()
            WORK[variant](env, ids, ticket_ids)
            env.flush_all()
            cr.flush()  # pre-commit hooks: what a commit would still run
            seconds = perf_counter() - start
            queries = cr.sql_log_count - queries
            work = describe_work(env, before) if describe else None
        finally:
            cr.rollback()
    return queries, seconds, work


def queue_only():
    """Switch off the add-on's after-commit sender in this process (if it has
    one): the drain measures the mail queue, its fallback, alike for both."""
    try:
        from odoo.addons.citsmart_messaging.models import mail_mail
    except ImportError:
        return
    if hasattr(mail_mail, "SENDER"):
        mail_mail.SENDER.put = lambda dbname, mail_ids: None


def drain(registry, ids, variant, ticket_ids, sink):
    """Queue the emails of one variant (committed, not measured), then measure
    process_email_queue as the mail cron runs it; delete everything after."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        before = max_ids(cr)
        env = api.Environment(cr, ids["uid"], {"lang": "en_US", "tz": TECHNICIAN_TZ})
        WORK[variant](env, ids, ticket_ids)
        # due now: the queue's fallback date of ours is not waited for
        cr.execute(
            "UPDATE mail_mail SET scheduled_date = NULL WHERE id > %s",
            [before["mail_mail"]],
        )
        cr.commit()
    seen = len(sink.messages())
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            gc.collect()
            queries = cr.sql_log_count
            start = perf_counter()
            env["mail.mail"].process_email_queue()
            env.flush_all()
            cr.flush()
            seconds = perf_counter() - start
            queries = cr.sql_log_count - queries
            cr.commit()
            cr.execute(
                "SELECT COUNT(*) FROM mail_mail WHERE id > %s AND state = 'outgoing'",
                [before["mail_mail"]],
            )
            left = cr.fetchone()[0]
    finally:
        with registry.cursor() as cr:
            for table in CREATED_TABLES:
                cr.execute(
                    f"DELETE FROM {table} WHERE id > %s",
                    [before[table]],
                )
    delivered = sorted(
        (tuple(message["rcpt_tos"]), message["subject"])
        for message in sink.messages()[seen:]
    )
    return queries, seconds, {"left": left, "delivered": delivered}
