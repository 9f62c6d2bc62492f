from . import helpdesk_ticket_comment_preview
