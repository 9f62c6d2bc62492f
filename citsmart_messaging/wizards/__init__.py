from . import mail_template_preview
