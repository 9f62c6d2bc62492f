# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure Python helpers (no Odoo import), tested by the host-free suite."""
