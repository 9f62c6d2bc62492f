# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The new text of an email reply."""

import re

from lxml import html as lxml_html
from markupsafe import Markup

# "On <date>, <someone> wrote:" lines that introduce a quoted history
_QUOTE_INTRO = re.compile(
    r"^(on|le|em|el|am|il|op)\b.{0,200}(wrote|a écrit|escreveu|escribió|schrieb|"
    r"ha scritto|schreef)\s*:\s*$",
    re.IGNORECASE,
)


def reply_new_text(body):
    """The new text of an email: without the quoted history and signature
    that Odoo's sanitizer marked (data-o-mail-quote), nor the line that
    introduces the quote."""
    if not body or not str(body).strip():
        return body
    root = lxml_html.fragment_fromstring(str(body), create_parent="div")
    quotes = root.xpath(
        "//*[@data-o-mail-quote]|//*[contains(@class, 'moz-cite-prefix')]"
    )
    for node in quotes:
        if node.getparent() is not None:
            node.drop_tree()
    # the last remaining text line, when it introduces the removed quote
    texts = root.xpath("//text()[normalize-space()]") if quotes else []
    if texts:
        last = texts[-1]
        lines = last.rstrip().split("\n")
        if _QUOTE_INTRO.match(lines[-1].strip()):
            kept = "\n".join(lines[:-1]) + "\n"
            parent = last.getparent()
            if last.is_tail:
                parent.tail = kept
            else:
                parent.text = kept
    stripped = "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
    return Markup((root.text or "") + stripped)
