# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""CITSmart ``${KEY}`` syntax.

The keys a template's author wrote are turned into Odoo's own rendering
syntax *before* Odoo renders the template, reading their values from a
rendering variable. Odoo then escapes the values like any other, and a value
is never scanned for keys nor evaluated: text typed by users (a comment, a
ticket title holding ``${TICKETURL}`` or ``{{ ... }}``) stays text.
"""

import re

from lxml import html as lxml_html
from markupsafe import Markup

# The rendering variable holding ``{record id: {key: value}}``.
VALUES_VARIABLE = "messaging_keys"

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# ${KEY}; in attributes also %24%7BKEY%7D, as Odoo's HTML editor URL-encodes
# it inside links (<a href="${TICKETURL}">)
KEY_PATTERN = re.compile(r"\$\{(?P<key>" + _NAME + r")\}")
ATTRIBUTE_KEY_PATTERN = re.compile(
    r"\$\{(?P<key>" + _NAME + r")\}|%24%7[Bb](?P<encoded>" + _NAME + r")%7[Dd]"
)


def _key(match):
    return match.group("key") or match.groupdict().get("encoded")


def find_keys(text):
    """The set of key names used in ``text`` (plain or URL-encoded)."""
    return {_key(match) for match in ATTRIBUTE_KEY_PATTERN.finditer(str(text or ""))}


def unknown_keys(text, known):
    """The sorted key names of ``text`` that are not in ``known``."""
    return sorted(find_keys(text) - set(known))


def _value_expression(key):
    return f"{VALUES_VARIABLE}[object.id][{key!r}]"


def keys_to_inline_template(text, keys):
    """``text`` (an inline template: a subject) with each ``${KEY}`` of
    ``keys`` turned into ``{{ <its value> }}``; other keys stay as typed."""

    def replace(match):
        key = _key(match)
        if key not in keys:
            return match.group(0)
        return "{{ " + _value_expression(key) + " }}"

    return KEY_PATTERN.sub(replace, str(text or ""))


def _split_text(text, keys):
    """``[str, key, str, key, ...]`` pieces of ``text``, keys of ``keys`` only."""
    pieces, start = [], 0
    for match in KEY_PATTERN.finditer(text):
        if match.group("key") in keys:
            pieces += [text[start : match.start()], match.group("key")]
            start = match.end()
    return pieces + [text[start:]]


def _out_node(key):
    node = lxml_html.Element("t")
    node.set("t-out", _value_expression(key))
    return node


def _convert_text(element, keys):
    """Replace keys in the element's text by ``<t t-out>`` children."""
    pieces = _split_text(element.text or "", keys)
    if len(pieces) == 1:
        return
    element.text = pieces[0]
    for index, (key, text) in enumerate(zip(pieces[1::2], pieces[2::2], strict=True)):
        node = _out_node(key)
        node.tail = text
        element.insert(index, node)


def _convert_tail(element, keys):
    """Replace keys in the text after the element by ``<t t-out>`` siblings."""
    pieces = _split_text(element.tail or "", keys)
    if len(pieces) == 1:
        return
    element.tail = pieces[0]
    anchor = element
    for key, text in zip(pieces[1::2], pieces[2::2], strict=True):
        node = _out_node(key)
        node.tail = text
        anchor.addnext(node)
        anchor = node


def _converted_attribute(name, value, keys):
    """``(name, value)``, or ``("t-att-<name>", expression)`` when the value
    holds keys: a Python concatenation of its literal parts (``repr``) and
    the values."""
    if name.startswith("t-"):
        return name, value
    parts, start = [], 0
    for match in ATTRIBUTE_KEY_PATTERN.finditer(value):
        if _key(match) not in keys:
            continue
        parts += [repr(value[start : match.start()]), _value_expression(_key(match))]
        start = match.end()
    if not parts:
        return name, value
    parts.append(repr(value[start:]))
    return f"t-att-{name}", " + ".join(part for part in parts if part != "''")


def _convert_attributes(element, keys):
    """Plain attributes holding keys become ``t-att-``, in their place."""
    items = [_converted_attribute(name, value, keys) for name, value in element.items()]
    if items != list(element.items()):
        element.attrib.clear()
        for name, value in items:
            element.set(name, value)


def keys_to_qweb(source, keys):
    """``source`` (a QWeb body) with each ``${KEY}`` of ``keys`` in text
    turned into ``<t t-out="<its value>"/>`` and in attributes into a
    ``t-att-``; parsed as Odoo's renderer parses it."""
    source = str(source or "")
    if not keys or not find_keys(source) & set(keys):
        return source
    root = lxml_html.fragment_fromstring(source, create_parent="div")
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        _convert_attributes(element, keys)
        _convert_text(element, keys)
        if element is not root:
            _convert_tail(element, keys)
    return Markup(
        (root.text or "")
        + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
    )
