from . import helpdesk_ticket_comment
from . import helpdesk_ticket
from . import mail_mail
from . import mail_thread
from . import mail_template
from . import res_config_settings
