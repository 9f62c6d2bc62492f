# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Ticket numbers in an email subject. Pure Python, no Odoo import."""

import re

# helpdesk_mgmt's sequence: letters, then zero-padded digits (HT00042); a
# custom sequence may add a separator (HD-00042, HT/2026/00042)
NUMBER_PATTERN = r"[A-Za-z]{1,10}[/_-]?(?:\d{2,}[/_-])*\d{3,}"
# a whole word: not glued to letters, digits, an address or a path
_BEFORE = r"(?<![\w/@.-])"
_AFTER = r"(?![\w/@-]|\.\w)"


def ticket_numbers_in_subject(subject, number_pattern=NUMBER_PATTERN):
    """The ticket numbers an email subject quotes, in order, each once:
    bracketed (``Re: [HT00042] ...``) or bare as a whole word
    (``RE: Fwd: HT00042 Printer on fire``), whatever the reply or forward
    prefixes (Re, RE, Aw, AW, Res, RES, Enc, Fw, Fwd, FW, TR, SV, ...).
    Numbers are returned as written."""
    pattern = re.compile(rf"{_BEFORE}(?:{number_pattern}){_AFTER}")
    return list(dict.fromkeys(m.group(0) for m in pattern.finditer(subject or "")))
