# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The new text of an email reply. Pure Python (lxml, markupsafe): the
host-free suite tests it on raw replies of real mail clients.

The body is the HTML Odoo stored for the email (``message_parse`` and the
sanitizer have run: quotes it recognised carry ``data-o-mail-quote``), or the
raw HTML of a client. Its lines are classified: quoted (a quote element, a
``>`` line, the introduction of a quote, a quoted message's header block and
all below it), signature (after a ``-- `` line, a mobile tagline) or new.
A reply written above the quote or below it keeps its new lines, its
formatting intact; one answered inside the quote is kept whole. When no new
line is left, the body is kept as it came: never lose a word.
"""

from markupsafe import Markup

from . import html_lines
from .reply_patterns import (
    SEPARATOR,
    header_name,
    is_introduction,
    is_tagline,
    starts_introduction,
)

NEW, QUOTE, SIGNATURE, BLANK = "new", "quote", "signature", "blank"
# quote containers, by class (raw HTML) or id; Odoo keeps ids, drops classes
_QUOTE_CLASSES = ("gmail_quote", "gmail_extra", "yahoo_quoted", "gmail_signature")
_QUOTE_IDS = ("divRplyFwdMsg", "Signature", "stopSpelling", "zwchr")
# a signature after a "-- " line is one up to this many lines; after a
# "--" line (the space lost) up to a few lines only
_SIGNATURE_MAX_LINES = {"-- ": 15, "--\xa0": 15, "--": 4}


def reply_new_text(body):
    """Return the new text of a reply (Markup), given its HTML body."""
    if not body or not str(body).strip():
        return body
    root = html_lines.parse(body)
    lines = html_lines.lines_of(root, _is_quote, _has_answers_inside)
    kinds = classify(lines)
    kept = _kept_range(kinds)
    if kept is None:
        return Markup(body)
    first, last = kept
    content = [i for i, kind in enumerate(kinds) if kind != BLANK]
    if first == content[0] and last == content[-1]:
        return Markup(body)
    html_lines.keep_between(root, lines[first], lines[last])
    return Markup(html_lines.serialize(root))


def html_to_text(body):
    """The text of an HTML body as a reader sees it, one line per line."""
    if not body or not str(body).strip():
        return ""
    root = html_lines.parse(body)
    lines = html_lines.lines_of(root, lambda el, marks, after: False)
    return "\n".join(line.text for line in lines)


def classify(lines):
    """The kind of each line: NEW, QUOTE, SIGNATURE or BLANK."""
    texts = [line.text for line in lines]
    kinds = [
        BLANK if not text else QUOTE if line.quoted or text.startswith(">") else NEW
        for line, text in zip(lines, texts, strict=True)
    ]
    cut = _header_block_start(texts, kinds)
    if cut is not None:
        kinds[cut:] = [BLANK if not t else QUOTE for t in texts[cut:]]
    _mark_introductions(texts, kinds)
    _mark_signatures(lines, texts, kinds)
    return kinds


def _is_quote(el, marks, after_blockquote):
    if el.tag == "blockquote":
        return True
    if not marks:
        return False
    if el.get("id") in _QUOTE_IDS:
        return True
    # Outlook's quoted message follows its header (Odoo marks both)
    previous = el.getprevious()
    if previous is not None and previous.get("id") == "divRplyFwdMsg":
        return True
    classes = (el.get("class") or "").split()
    if any(name in classes for name in _QUOTE_CLASSES):
        return True
    # Odoo marks the siblings after a quote too, so a reply written below a
    # blockquote comes marked: those marks are not trusted; its marks on
    # ">" and "--" text (a span starting a line) are redone line by line
    if not el.get("data-o-mail-quote") or after_blockquote:
        return False
    return not (el.tag == "span" and (el.text or "").startswith("\n"))


def _has_answers_inside(el):
    """A quote container holding blockquotes (Gmail's ``gmail_quote``): what
    follows its first blockquote, out of blockquotes, was typed into it."""
    if el.tag == "blockquote" or el.find("blockquote") is None:
        return False
    classes = (el.get("class") or "").split()
    return "gmail_quote" in classes or bool(el.get("data-o-mail-quote"))


def _header_block_start(texts, kinds):
    """The first line of the first quoted message's header block that is not
    quoted already ("-----Original Message-----", or From/Sent/To/Subject
    lines in any of our languages), or None."""
    for index, text in enumerate(texts):
        if kinds[index] != NEW:
            continue
        if SEPARATOR.match(text):
            return index
        start = index - 1 if index and set(texts[index - 1]) == {"_"} else index
        if _header_names(texts, index) >= {"from", "subject"} or (
            len(_header_names(texts, index) & {"from", "date", "to", "subject"}) >= 3
            and "from" in _header_names(texts, index)
        ):
            return start
    return None


def _header_names(texts, index):
    """The header names of the block starting at ``index``: consecutive
    header lines, a value wrapped over one more line allowed."""
    names, wrapped = set(), 0
    for text in texts[index : index + 12]:
        name = header_name(text)
        if name:
            names.add(name)
            wrapped = 0
        elif text and names and wrapped == 0:
            wrapped = 1
        else:
            break
    return names if header_name(texts[index]) else set()


def _mark_introductions(texts, kinds):
    """An introduction ("On ... wrote:", maybe wrapped over 2-3 lines) right
    above a quote, or at the very end, is part of the quote."""
    # the kind of the next line that is not blank, below each line
    following, below = [None] * len(kinds), None
    for index in range(len(kinds) - 1, -1, -1):
        following[index] = below
        below = kinds[index] if kinds[index] != BLANK else below
    for end, text in enumerate(texts):
        if kinds[end] != NEW or not text.endswith(":"):
            continue
        if following[end] not in (QUOTE, None):
            continue
        start = _introduction_start(texts, kinds, end)
        if start is not None:
            kinds[start : end + 1] = [QUOTE] * (end + 1 - start)


def _introduction_start(texts, kinds, end):
    candidates = []
    for size in (1, 2, 3):
        start = end - size + 1
        if start < 0 or any(k != NEW for k in kinds[start : end + 1]):
            break
        if is_introduction(" ".join(texts[start : end + 1])):
            candidates.append(start)
    anchored = [s for s in candidates if starts_introduction(texts[s])]
    if anchored:
        return min(anchored)
    return candidates[0] if candidates else None


def _mark_signatures(lines, texts, kinds):
    """A signature after a "-- " line up to the quote or the end, and the
    tagline of a mobile client closing the new text."""
    for index, line in enumerate(lines):
        delimiter = "".join(line.raw).strip("\r\n\t")
        if kinds[index] != NEW or delimiter not in _SIGNATURE_MAX_LINES:
            continue
        end = next(
            (i for i in range(index + 1, len(kinds)) if kinds[i] == QUOTE), len(kinds)
        )
        length = sum(1 for t in texts[index + 1 : end] if t)
        if length <= _SIGNATURE_MAX_LINES[delimiter]:
            kinds[index:end] = [BLANK if not t else SIGNATURE for t in texts[index:end]]
    for index, text in enumerate(texts):
        if kinds[index] == NEW and is_tagline(text):
            following = next((k for k in kinds[index + 1 :] if k not in (BLANK,)), None)
            if following in (QUOTE, SIGNATURE, None):
                kinds[index] = SIGNATURE


def _kept_range(kinds):
    """``(first, last)`` lines to keep, or None to keep the body as it is."""
    runs = []
    for index, kind in enumerate(kinds):
        if kind in (NEW, QUOTE):
            if runs and runs[-1][0] == kind:
                runs[-1][2] = index
            else:
                runs.append([kind, index, index])
    new_runs = [run for run in runs if run[0] == NEW]
    if not new_runs:
        return None
    if len(new_runs) == 1:
        return new_runs[0][1], new_runs[0][2]
    # answered inside the quote: the whole message, without closing signature
    last = max(i for i, kind in enumerate(kinds) if kind in (NEW, QUOTE))
    return next(i for i, kind in enumerate(kinds) if kind != BLANK), last
