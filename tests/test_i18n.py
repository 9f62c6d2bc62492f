# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shipped translations are complete and keep every placeholder.

Refresh them with ``python3 scripts/i18n.py`` (see README.md): a text added
or changed in the code makes these tests fail until it is translated.
"""

import re
from collections import Counter

import pytest

polib = pytest.importorskip("polib")

LANGUAGES = ("pt_BR", "es")
# CITSmart keys, Python named/positional formats, and `{{ }}` expressions:
# a translation that loses or alters one breaks the rendering at runtime.
PLACEHOLDER = re.compile(
    r"\$\{[A-Za-z_.]+\}"
    r"|%\([a-z_]+\)[srd]"
    r"|%[srd]"
    r"|\{\{.*?\}\}"
    r"|t-out=\"[^\"]*\""
)


@pytest.fixture(scope="module")
def pot(addon_dir):
    return polib.pofile(str(addon_dir / "i18n" / "citsmart_messaging.pot"))


@pytest.fixture(scope="module", params=LANGUAGES)
def po(request, addon_dir):
    return polib.pofile(str(addon_dir / "i18n" / f"{request.param}.po"))


def live(entries):
    return [entry for entry in entries if not entry.obsolete]


def test_pot_parses_and_covers_the_default_template(pot):
    msgids = {entry.msgid for entry in live(pot)}
    assert len(msgids) > 20
    assert "[${IDSERVICEREQUEST}] New comment from ${USERNAME}" in msgids
    assert any("${COMMENTTEXT}" in msgid and "<div" in msgid for msgid in msgids)


def test_po_has_no_empty_or_fuzzy_entry(po):
    empty = [e.msgid for e in live(po) if not e.msgstr.strip()]
    fuzzy = [e.msgid for e in live(po) if "fuzzy" in e.flags]
    assert not empty, f"untranslated in {po.metadata.get('Language')}: {empty}"
    assert not fuzzy, f"fuzzy in {po.metadata.get('Language')}: {fuzzy}"


def test_po_header(po):
    assert po.metadata["Language"] in LANGUAGES
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=")


def test_every_pot_msgid_is_translated(pot, po):
    translated = {entry.msgid for entry in live(po)}
    missing = [e.msgid for e in live(pot) if e.msgid not in translated]
    assert not missing, f"run scripts/i18n.py, then translate: {missing}"


def test_po_has_no_msgid_unknown_to_the_pot(pot, po):
    known = {entry.msgid for entry in live(pot)}
    stale = [e.msgid for e in live(po) if e.msgid not in known]
    assert not stale, f"run scripts/i18n.py to drop: {stale}"


def test_placeholders_survive_translation(po):
    for entry in live(po):
        expected = Counter(PLACEHOLDER.findall(entry.msgid))
        found = Counter(PLACEHOLDER.findall(entry.msgstr))
        assert found == expected, (entry.msgid, entry.msgstr)


def test_html_structure_survives_translation(po):
    """The template body and view fragments keep their tags, in order."""
    tag = re.compile(r"</?[a-z][a-z0-9]*\b[^>]*>")
    for entry in live(po):
        assert tag.findall(entry.msgstr) == tag.findall(entry.msgid), entry.msgid


def test_placeholder_pattern():
    text = "[${IDSERVICEREQUEST}] %(name)s %s {{ object.x }} t-out=\"a or ''\""
    assert PLACEHOLDER.findall(text) == [
        "${IDSERVICEREQUEST}",
        "%(name)s",
        "%s",
        "{{ object.x }}",
        "t-out=\"a or ''\"",
    ]
