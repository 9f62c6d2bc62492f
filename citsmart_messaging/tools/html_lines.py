# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An HTML body seen as the lines a reader sees, each tied to the text nodes
it came from, so that a decision taken on lines can cut the tree and keep
the formatting of what remains. Pure Python (lxml), no Odoo import."""

import re

from lxml import html as lxml_html

_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "center", "dd", "div", "dl"),
        *("dt", "fieldset", "figcaption", "figure", "footer", "form", "header"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "nav", "ol", "p"),
        *("pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr"),
        "ul",
    }
)
_SKIPPED = frozenset({"head", "script", "style", "title", "meta", "link", "template"})
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060"))
_SPACES = re.compile(r"\s+")


class Line:
    """One visible line: its text pieces as ``(node, attribute, start, end)``
    and whether every piece lies inside a quote."""

    __slots__ = ("_marks", "pieces", "quoted", "raw")

    def __init__(self):
        self.pieces, self.raw, self._marks = [], [], []

    @property
    def text(self):
        """The line as read: invisible characters dropped, spaces collapsed."""
        joined = "".join(self.raw).translate(_INVISIBLE)
        return _SPACES.sub(" ", joined.replace("\xa0", " ")).strip()

    def finish(self):
        marks = [m for m, raw in zip(self._marks, self.raw, strict=True) if raw.strip()]
        self.quoted = bool(marks) and all(marks)
        return self


def parse(body):
    """The body's tree, under a ``div`` of our own."""
    return lxml_html.fragment_fromstring(str(body), create_parent="div")


def serialize(root):
    """The inner HTML of ``root``."""
    children = "".join(lxml_html.tostring(c, encoding="unicode") for c in root)
    return (root.text or "") + children


def lines_of(root, is_quote, answers_inside=lambda el: False):
    """The visible lines of ``root``, in reading order, blank ones included.

    ``is_quote(element, marks, after_blockquote)`` tells whether an element
    starts a quote, trusting the sanitizer's quote marks when ``marks`` is
    true (``after_blockquote``: a ``blockquote`` precedes it among its
    siblings); ``answers_inside(element)`` whether, in a quote, what follows
    its first ``blockquote`` child is the writer's own text (answers typed
    inside the quote, whose marks were inherited)."""
    lines = [Line()]

    def add(node, attribute, text, quoted, pre):
        if pre:
            start = 0
            for match in re.finditer("\n", text):
                _piece(lines[-1], node, attribute, text, start, match.start(), quoted)
                lines.append(Line())
                start = match.end()
            _piece(lines[-1], node, attribute, text, start, len(text), quoted)
        else:
            _piece(lines[-1], node, attribute, text, 0, len(text), quoted)

    def new_line():
        if lines[-1].raw:
            lines.append(Line())

    def walk(el, quoted, pre, marks, after_blockquote, in_blockquote):
        block = el.tag in _BLOCKS
        if block:
            new_line()
        quoted = quoted or is_quote(el, marks, after_blockquote)
        pre = pre or el.tag == "pre"
        if el.text and el.tag not in _SKIPPED:
            add(el, "text", el.text, quoted, pre)
        answers = quoted and not in_blockquote and answers_inside(el)
        in_blockquote = in_blockquote or el.tag == "blockquote"
        seen_blockquote = False
        for child in el:
            tail_quoted = quoted
            if isinstance(child.tag, str) and child.tag not in _SKIPPED:
                is_blockquote = child.tag == "blockquote"
                if answers and (seen_blockquote or is_blockquote):
                    # the writer's own text between the quote's blockquotes
                    own = not is_blockquote
                    walk(child, not own, pre, marks and not own, True, in_blockquote)
                    tail_quoted = False
                else:
                    walk(child, quoted, pre, marks, seen_blockquote, in_blockquote)
                seen_blockquote = seen_blockquote or is_blockquote
                if child.tag == "br":
                    lines.append(Line())
            if child.tail:
                add(child, "tail", child.tail, tail_quoted, pre)
        if block:
            new_line()

    walk(root, False, False, True, False, False)
    return [line.finish() for line in lines]


def _piece(line, node, attribute, text, start, end, quoted):
    line.pieces.append((node, attribute, start, end))
    line.raw.append(text[start:end])
    line._marks.append(quoted)


def keep_between(root, first, last):
    """Cut ``root`` down to the text from the start of line ``first`` to the
    end of line ``last``, keeping the elements that hold it."""
    node, attribute, _start, end = last.pieces[-1]
    _drop_after(root, node, attribute, end)
    node, attribute, start, _end = first.pieces[0]
    _drop_before(root, node, attribute, start)
    _trim_empty(root, -1)
    _trim_empty(root, 0)


def _drop_after(root, node, attribute, offset):
    if attribute == "text":
        node.text = node.text[:offset]
        for child in list(node):
            node.remove(child)
        node.tail = None
    else:
        node.tail = node.tail[:offset]
    el = node
    while el is not root:
        parent = el.getparent()
        for sibling in list(el.itersiblings()):
            parent.remove(sibling)
        if parent is not root:
            parent.tail = None
        el = parent


def _drop_before(root, node, attribute, offset):
    if attribute == "text":
        node.text = node.text[offset:]
        el = node
    else:
        parent = node.getparent()
        rest = node.tail[offset:]
        for sibling in list(node.itersiblings(preceding=True)):
            parent.remove(sibling)
        parent.remove(node)
        parent.text = rest
        el = parent
        if el is root:
            return
    while el is not root:
        parent = el.getparent()
        for sibling in list(el.itersiblings(preceding=True)):
            parent.remove(sibling)
        parent.text = None
        el = parent


def _is_empty(el):
    if not isinstance(el.tag, str):
        return not (el.tail or "").strip()
    if el.tag in ("img", "table", "video", "audio", "iframe", "object", "embed"):
        return False
    if el.xpath(".//img|.//table"):
        return False
    visible = (el.text_content() + (el.tail or "")).translate(_INVISIBLE)
    return not visible.replace("\xa0", " ").strip()


def _trim_empty(root, side):
    """Drop the empty elements (``<br>``, empty paragraphs) left at one end."""
    el = root
    while len(el):
        child = el[side]
        if side == 0 and (el.text or "").strip():
            return
        if _is_empty(child):
            if side == 0:
                el.text = (el.text or "") + (child.tail or "")
            el.remove(child)
            continue
        if side == -1 and (child.tail or "").strip():
            return
        el = child
        if side == -1 and isinstance(el.tag, str) and len(el) == 0:
            el.text = (el.text or "").rstrip() if el.tag == "pre" else el.text
            return
