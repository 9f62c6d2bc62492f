# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The raw replies of citsmart_messaging/tests/fixtures/replies/: each
``<name>.eml`` with its ``<name>.expected.txt``, grouped by client in
``index.csv``. Shared by the host-free suite and scripts/reply_scores.py."""

import csv
import email
import html
import importlib
import importlib.util
import re
import sys
from dataclasses import dataclass
from email import policy
from pathlib import Path

ADDON_DIR = Path(__file__).resolve().parent.parent / "citsmart_messaging"
FIXTURES = ADDON_DIR / "tests" / "fixtures" / "replies"
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060"))


@dataclass
class Fixture:
    name: str
    group: str
    raw: bytes
    expected: str

    @property
    def message(self):
        return email.message_from_bytes(self.raw, policy=policy.default)

    @property
    def body(self):
        """The body roughly as Odoo's message_parse keeps it: the HTML
        alternative, else the text in a <pre>."""
        message = self.message
        part = message.get_body(preferencelist=("html", "plain"))
        content = part.get_content()
        if part.get_content_type() == "text/html":
            return content
        return f"\n<pre>{html.escape(content, quote=False)}</pre>\n"


def fixtures():
    with (FIXTURES / "index.csv").open(encoding="utf-8") as index:
        rows = list(csv.DictReader(index))
    return [
        Fixture(
            row["name"],
            row["group"],
            (FIXTURES / f"{row['name']}.eml").read_bytes(),
            (FIXTURES / f"{row['name']}.expected.txt").read_text(encoding="utf-8"),
        )
        for row in rows
    ]


def normalise(text):
    """Lines with spaces collapsed, blank lines dropped."""
    lines = (
        re.sub(r"\s+", " ", line.translate(_INVISIBLE).replace("\xa0", " ")).strip()
        for line in (text or "").splitlines()
    )
    return "\n".join(line for line in lines if line)


def tools():
    """citsmart_messaging.tools, loaded without the add-on (which imports
    Odoo)."""
    if "citsmart_tools" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "citsmart_tools",
            ADDON_DIR / "tools" / "__init__.py",
            submodule_search_locations=[str(ADDON_DIR / "tools")],
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["citsmart_tools"] = module
        spec.loader.exec_module(module)
    return sys.modules["citsmart_tools"]


def reply_module():
    tools()
    return importlib.import_module("citsmart_tools.reply")
