# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast

from markupsafe import Markup

SIX_KEYS = {
    "IDSERVICEREQUEST",
    "COMMENTTEXT",
    "DATETIMECREATED",
    "USERNAME",
    "REQUESTERNAME",
    "REQUESTRESPONSIBLENAME",
}


EXTRA_KEYS = {"TICKETTITLE", "TICKETURL", "TICKETSTAGE", "COMMENTHISTORY"}


def test_the_key_map_holds_the_documented_keys(addon_dir):
    """MESSAGING_KEYS, read from the model's source, maps exactly the keys
    documented to users: CITSmart's six and ours (a new key is one line
    there, one here, and one in the README's table)."""
    tree = ast.parse((addon_dir / "models" / "mail_template.py").read_text())
    mapping = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "MESSAGING_KEYS" for t in node.targets)
    )
    keys = {key.value for key in mapping.keys}
    assert keys == SIX_KEYS | EXTRA_KEYS
    readme = (addon_dir.parent / "README.md").read_text()
    for key in keys:
        assert f"`${{{key}}}`" in readme, key


def test_find_and_unknown_keys(keys_module):
    text = "${IDSERVICEREQUEST} ${FOO} $IDSERVICEREQUEST ${ bar } ${BAZ_2}"
    assert keys_module.find_keys(text) == {"IDSERVICEREQUEST", "FOO", "BAZ_2"}
    assert keys_module.unknown_keys(text, SIX_KEYS) == ["BAZ_2", "FOO"]
    assert keys_module.find_keys(None) == set()


def test_inline_template_keys_become_odoo_expressions(keys_module):
    result = keys_module.keys_to_inline_template(
        "[${IDSERVICEREQUEST}] ${NOPE} {{ object.id }}", {"IDSERVICEREQUEST"}
    )
    assert result == (
        "[{{ messaging_keys[object.id]['IDSERVICEREQUEST'] }}] ${NOPE} {{ object.id }}"
    )


def test_qweb_keys_in_text_become_t_out(keys_module):
    result = keys_module.keys_to_qweb(
        Markup("<p>Hi ${USERNAME}, ${NOPE} <b>x</b> tail ${COMMENTTEXT}.</p>"),
        {"USERNAME", "COMMENTTEXT"},
    )
    assert result == (
        "<p>Hi <t t-out=\"messaging_keys[object.id]['USERNAME']\"></t>, ${NOPE} "
        "<b>x</b> tail <t t-out=\"messaging_keys[object.id]['COMMENTTEXT']\"></t>."
        "</p>"
    )


def test_qweb_keys_in_attributes_become_t_att(keys_module):
    text = "<a href=\"%24%7BTICKETURL%7D?a='1'\">${TICKETURL}</a> %24%7bNOPE%7d"
    assert keys_module.find_keys(text) == {"TICKETURL", "NOPE"}
    result = keys_module.keys_to_qweb(Markup(text), {"TICKETURL"})
    assert result.startswith(
        "<a t-att-href=\"messaging_keys[object.id]['TICKETURL'] + &quot;?a='1'&quot;\">"
    )
    assert "%24%7bNOPE%7d" in result


def test_qweb_source_without_keys_is_untouched(keys_module):
    source = Markup('<p t-if="object.x">{{ kept }} <t t-out="object.name"/></p>')
    assert keys_module.keys_to_qweb(source, {"USERNAME"}) == source
