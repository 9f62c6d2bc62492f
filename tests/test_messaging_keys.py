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
    tree = ast.parse((addon_dir / "models" / "helpdesk_ticket_comment.py").read_text())
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


def test_html_values_are_escaped_markup_kept(keys_module):
    result = keys_module.substitute_keys(
        Markup("<p>${USERNAME}: ${COMMENTTEXT}</p>"),
        {"USERNAME": "<b>Eve</b> & co", "COMMENTTEXT": Markup("<i>hi</i><br>there")},
    )
    assert isinstance(result, Markup)
    assert result == "<p>&lt;b&gt;Eve&lt;/b&gt; &amp; co: <i>hi</i><br>there</p>"


def test_values_are_inserted_once_never_reinterpreted(keys_module):
    result = keys_module.substitute_keys(
        "${USERNAME} ${COMMENTTEXT}",
        {"USERNAME": "${COMMENTTEXT}", "COMMENTTEXT": "{{ 7 * 7 }}"},
    )
    assert result == "${COMMENTTEXT} {{ 7 * 7 }}"


def test_attribute_values_cannot_break_out(keys_module):
    result = keys_module.substitute_keys(
        Markup('<a title="${USERNAME}">x</a>'), {"USERNAME": '"><script>x</script>'}
    )
    assert "<script>" not in result
    assert "&#34;&gt;&lt;script&gt;" in result


def test_text_mode_flattens_html_and_lines(keys_module):
    result = keys_module.substitute_keys(
        "Re: ${COMMENTTEXT} by ${USERNAME}",
        {"COMMENTTEXT": Markup("<p>one<br/>two</p><p>three</p>"), "USERNAME": "A\nB"},
        html=False,
    )
    assert result == "Re: one two three by A B"


def test_unknown_and_empty_values(keys_module):
    result = keys_module.substitute_keys(
        "${REQUESTERNAME}|${NOPE}|${USERNAME}",
        {"REQUESTERNAME": False, "USERNAME": None},
    )
    assert result == "|${NOPE}|"
    assert keys_module.substitute_keys("", {}) == ""
    assert keys_module.html_to_text(Markup("<p>  </p>")) == ""


def test_url_encoded_keys_inside_links(keys_module):
    text = '<a href="%24%7BTICKETURL%7D">${TICKETURL}</a> %24%7bNOPE%7d'
    assert keys_module.find_keys(text) == {"TICKETURL", "NOPE"}
    result = keys_module.substitute_keys(
        Markup(text), {"TICKETURL": "https://x.example/my?a=1&b=2"}
    )
    assert result == (
        '<a href="https://x.example/my?a=1&amp;b=2">https://x.example/my?a=1&amp;b=2</a>'
        " %24%7bNOPE%7d"
    )
