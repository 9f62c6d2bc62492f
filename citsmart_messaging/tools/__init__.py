# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure helpers (no Odoo import): the host-free suite tests them alone."""
