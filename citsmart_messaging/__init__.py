from . import controllers
from . import models
from . import wizards


def post_init_hook(env):
    """Give tickets made before the install their portal token at once, so
    that emailing ${TICKETURL} never has to write a ticket row."""
    env.cr.execute(
        "UPDATE helpdesk_ticket SET access_token = gen_random_uuid()::text"
        " WHERE access_token IS NULL"
    )
