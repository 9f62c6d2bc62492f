# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The web client compiles a backend view's arch to JavaScript: a literal
``${KEY}`` in it is evaluated as a template literal and breaks the view
(``ReferenceError: COMMENTTEXT is not defined`` on every template form)."""

from lxml import etree


def backend_view_archs(addon_dir):
    for path in sorted(addon_dir.glob("*/*.xml")):
        for record in etree.parse(str(path)).getroot().iter("record"):
            if record.get("model") == "ir.ui.view":
                arch = record.find("field[@name='arch']")
                yield path, record.get("id"), etree.tostring(arch, encoding="unicode")


def test_views_are_found(addon_dir):
    ids = {xmlid for _path, xmlid, _arch in backend_view_archs(addon_dir)}
    assert "mail_template_view_form" in ids
    assert "res_config_settings_view_form" in ids


def test_no_literal_key_in_a_view_arch(addon_dir):
    for path, xmlid, arch in backend_view_archs(addon_dir):
        assert "${" not in arch, f"{path.name}: {xmlid}"
