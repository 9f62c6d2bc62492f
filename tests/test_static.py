# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Static checks of the add-on's files: they parse, are all loaded, and the
public contract's names are where PRODUCT.md says."""

import ast
import csv
import re

import pytest
from lxml import etree


@pytest.fixture(scope="module")
def manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text())


def xml_files(addon_dir):
    return sorted(
        p
        for p in addon_dir.rglob("*.xml")
        if "static" not in p.relative_to(addon_dir).parts
    )


def test_manifest(manifest):
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["depends"] == ["helpdesk_mgmt", "resource"]
    assert manifest["license"] == "AGPL-3"
    assert manifest["installable"] is True


def test_every_data_file_exists_and_is_listed(addon_dir, manifest):
    listed = set(manifest["data"]) | set(manifest.get("demo", []))
    for name in listed:
        assert (addon_dir / name).is_file(), name
    on_disk = {
        str(p.relative_to(addon_dir))
        for folder in ("data", "views", "security", "wizards", "demo", "report")
        for p in (addon_dir / folder).glob("*")
        if p.suffix in (".xml", ".csv")
    }
    assert on_disk <= listed, on_disk - listed


def test_xml_files_parse_and_ids_are_unique(addon_dir):
    seen = {}
    for path in xml_files(addon_dir):
        root = etree.parse(str(path)).getroot()
        assert root.tag == "odoo", path
        for node in root.iter("record", "menuitem", "template"):
            xmlid = node.get("id")
            assert xmlid, f"{path}: {node.tag} without id"
            assert xmlid not in seen, f"{xmlid} in {path} and {seen.get(xmlid)}"
            seen[xmlid] = path


def test_view_xmlids_follow_oca_naming(addon_dir):
    for path in xml_files(addon_dir):
        root = etree.parse(str(path)).getroot()
        for node in root.iter("record"):
            model, xmlid = node.get("model"), node.get("id")
            if model == "ir.ui.view":
                assert re.search(
                    r"_view_(form|list|search|kanban|graph|pivot)$", xmlid
                ), xmlid
            elif model == "ir.actions.act_window":
                assert xmlid.endswith("_action"), xmlid
            elif model == "ir.rule":
                assert "_rule_" in xmlid, xmlid
        for node in root.iter("menuitem"):
            assert node.get("id").endswith("_menu"), node.get("id")


def test_access_csv(addon_dir):
    with open(addon_dir / "security" / "ir.model.access.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["model_id:id"].startswith("model_helpdesk_ticket_comment")
        assert all(
            row[p] in ("0", "1")
            for p in ("perm_read", "perm_write", "perm_create", "perm_unlink")
        )
    portal = next(r for r in rows if r["group_id:id"] == "base.group_portal")
    assert (portal["perm_write"], portal["perm_create"], portal["perm_unlink"]) == (
        "0",
        "0",
        "0",
    )


def test_public_contract_names(addon_dir):
    model = (addon_dir / "models" / "helpdesk_ticket_comment.py").read_text()
    assert '_name = "helpdesk.ticket.comment"' in model
    for field in ("ticket_id", "body", "author_id", "is_internal", "delivery_state"):
        assert re.search(rf"^    {field} = fields\.", model, re.MULTILINE), field
    for state in ("queued", "sent", "failed", "not_sent"):
        assert f'("{state}",' in model
    assert "def action_resend(self)" in model
    assert (
        'PARAMETER_417 = "citsmart_messaging.parameter_417"'
        in (addon_dir / "models" / "mail_template.py").read_text()
    )
    assert 'NO_SEND_KEY = "citsmart_messaging_no_send"' in model
    ticket = (addon_dir / "models" / "helpdesk_ticket.py").read_text()
    assert re.search(r"^    comment_ids = fields\.One2many", ticket, re.MULTILINE)
    template = etree.parse(str(addon_dir / "data" / "mail_template_data.xml"))
    assert template.xpath("//record[@id='mail_template_ticket_comment']")
