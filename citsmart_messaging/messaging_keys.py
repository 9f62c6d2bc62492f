# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""CITSmart ``${KEY}`` substitution.

Pure Python (no Odoo import) so the host-free suite can test it. Keys are
substituted *after* Odoo rendered the template: a value is only ever inserted
as data, never evaluated as ``{{ }}`` or QWeb.
"""

import re

from lxml import html as lxml_html
from markupsafe import Markup, escape

# ${KEY}, or %24%7BKEY%7D where Odoo's HTML serializer URL-encoded it
# inside a link (<a href="${TICKETURL}">)
KEY_PATTERN = re.compile(
    r"\$\{(?P<key>[A-Za-z_][A-Za-z0-9_]*)\}"
    r"|%24%7[Bb](?P<encoded>[A-Za-z_][A-Za-z0-9_]*)%7[Dd]"
)


def find_keys(text):
    """Return the set of key names used in ``text``."""
    return {_key(match) for match in KEY_PATTERN.finditer(text or "")}


def _key(match):
    return match.group("key") or match.group("encoded")


def unknown_keys(text, known):
    """Return the sorted key names of ``text`` that are not in ``known``."""
    return sorted(find_keys(text) - set(known))


def html_to_text(value):
    """Plain text of an HTML fragment, whitespace collapsed (for subjects)."""
    if not value or not str(value).strip():
        return ""
    # <br> and block ends would otherwise glue words together
    spaced = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h\d)>", " ", str(value))
    text = lxml_html.fragment_fromstring(spaced, create_parent="div").text_content()
    return " ".join(text.split())


def _as_html(value):
    if isinstance(value, Markup):
        return str(value)
    return str(escape("" if value is None or value is False else value))


def _as_text(value):
    if isinstance(value, Markup):
        return html_to_text(value)
    return " ".join(str("" if value is None or value is False else value).split())


def substitute_keys(text, values, html=True):
    """Replace each known ``${KEY}`` of ``text`` by its value.

    In HTML mode plain values are escaped and ``Markup`` values (already
    sanitized HTML) are inserted as they are; in text mode every value is
    plain text on one line. Unknown keys stay visible as typed.
    """
    if not text:
        return text
    convert = _as_html if html else _as_text

    def _replace(match):
        key = _key(match)
        if key not in values:
            return match.group(0)
        return convert(values[key])

    result = KEY_PATTERN.sub(_replace, str(text))
    return Markup(result) if html else result
