# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Helpdesk Ticket Messaging (CITSmart)",
    "summary": "Email every public ticket comment to the other side through "
    "the template of system parameter 417, with CITSmart's ${...} keys",
    "version": "19.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/citsmart-messaging/citsmart_messaging",
    "author": "citsmart_messaging contributors",
    "license": "AGPL-3",
    "depends": ["helpdesk_mgmt", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "security/helpdesk_ticket_comment_security.xml",
        "data/mail_template_data.xml",
        "data/ir_config_parameter_data.xml",
        "views/helpdesk_ticket_comment_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/mail_template_views.xml",
        "wizards/mail_template_preview_views.xml",
        "views/res_config_settings_views.xml",
        "views/helpdesk_ticket_templates.xml",
        "security/helpdesk_ticket_comment_response_security.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_clock_views.xml",
        "views/helpdesk_ticket_clock_templates.xml",
        "views/helpdesk_messaging_report_views.xml",
        "data/ir_cron_data.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "citsmart_messaging/static/src/backend/**/*",
        ],
        "web.assets_frontend": [
            "citsmart_messaging/static/src/portal/**/*",
        ],
        "web.assets_tests": [
            "citsmart_messaging/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
