# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The new text of email replies (tools/reply.py) and ticket numbers in
subjects (tools/subject.py), host-free."""

import importlib
import re

import pytest
import reply_fixtures
from markupsafe import Markup

FIXTURES = reply_fixtures.fixtures()
reply = reply_fixtures.reply_module()
subject = importlib.import_module("citsmart_tools.subject")


def text_of(body):
    return reply_fixtures.normalise(reply.html_to_text(body))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_client_reply_keeps_exactly_its_new_text(fixture):
    kept = reply.reply_new_text(fixture.body)
    assert isinstance(kept, Markup)
    assert text_of(kept) == reply_fixtures.normalise(fixture.expected)


def test_fixtures_cover_the_clients_languages_and_formats():
    assert len(FIXTURES) >= 40
    names = {f.name for f in FIXTURES}
    for lang in ("en", "ptbr", "es", "de", "fr", "it", "nl", "sv", "pl", "ru"):
        assert any(f"_{lang}_" in name for name in names), lang
    kinds = {f.message.get_content_type() for f in FIXTURES}
    assert {"multipart/alternative", "text/plain", "text/html"} <= kinds
    encodings = {
        (part.get("Content-Transfer-Encoding") or "7bit").lower()
        for f in FIXTURES
        for part in f.message.walk()
        if not part.is_multipart()
    }
    assert {"quoted-printable", "base64", "8bit", "7bit"} <= encodings
    for fixture in FIXTURES:
        message = fixture.message
        assert message["Message-ID"] and message["In-Reply-To"], fixture.name
        assert "rita.requester@example.com" in message["From"], fixture.name


def test_readme_shows_the_scores_of_the_fixtures():
    """The README's table is the one scripts/reply_scores.py prints."""
    import sys

    sys.path.insert(0, str(reply_fixtures.ADDON_DIR.parent / "scripts"))
    import reply_scores

    table, failures = reply_scores.scores()
    assert not failures
    readme = (reply_fixtures.ADDON_DIR.parent / "README.md").read_text()
    assert reply_scores.markdown(table) in readme


def test_formatting_of_the_kept_text_survives():
    body = (
        '<div dir="ltr"><p>First <b>bold</b> and <a href="https://example.com/x">a '
        "link</a>.</p><p>Second line<br>third line</p></div>"
        '<div data-o-mail-quote="1" data-o-mail-quote-container="1">'
        "<div>On Mon, Nov 23, 2026 at 10:00 Tereza &lt;t@example.com&gt; wrote:</div>"
        "<blockquote>old</blockquote></div>"
    )
    kept = reply.reply_new_text(body)
    assert kept == Markup(
        '<div dir="ltr"><p>First <b>bold</b> and <a href="https://example.com/x">a '
        "link</a>.</p><p>Second line<br>third line</p></div>"
    )


def test_a_body_without_quote_comes_back_untouched():
    body = Markup("<p>Hello</p>\n<p>Two &amp; three</p>")
    assert reply.reply_new_text(body) is not None
    assert reply.reply_new_text(body) == body
    assert reply.reply_new_text("") == ""
    assert reply.reply_new_text(False) is False


def test_only_a_quote_or_a_signature_keeps_the_whole_body():
    """Nothing new is left: never send an empty comment, keep everything."""
    for body in (
        "<blockquote>only the old message</blockquote>",
        "<pre>-- \nRita Requester</pre>",
        "<div>Sent from my iPhone</div><blockquote>old</blockquote>",
    ):
        assert reply.reply_new_text(body) == Markup(body)


def test_bottom_posted_below_odoo_marks_keeps_the_answer():
    """Odoo marks every sibling after a blockquote as quoted too; a reply
    written below the quote is kept all the same."""
    body = (
        "<div><div>On 23/11/2026 10:00, Tereza wrote:<br></div>"
        '<blockquote data-o-mail-quote-node="1" data-o-mail-quote="1">old</blockquote>'
        '<p data-o-mail-quote="1">New <i>answer</i></p>'
        '<div data-o-mail-quote="1">-- <br data-o-mail-quote="1">Rita</div></div>'
    )
    assert reply.reply_new_text(body) == Markup(
        '<div><p data-o-mail-quote="1">New <i>answer</i></p></div>'
    )


def test_plain_text_keeps_its_lines_and_drops_odoo_marked_quote():
    body = (
        "<pre>Line one\nline two\n\n"
        "On Mon, 23 Nov 2026, Tereza &lt;t@example.com&gt; wrote:"
        '<span data-o-mail-quote="1">\n&gt; old\n&gt; older</span>\n</pre>'
    )
    assert reply.reply_new_text(body) == Markup("<pre>Line one\nline two</pre>")


def test_signature_after_a_delimiter_that_lost_its_space():
    body = "<pre>Fixed.\n\n--\nRita\nAccounting</pre>"
    assert reply.reply_new_text(body) == Markup("<pre>Fixed.</pre>")


def test_interleaved_answers_keep_the_whole_message_without_signature():
    body = "<pre>&gt; q1\na1\n&gt; q2\na2\n\n-- \nRita\n</pre>"
    assert text_of(reply.reply_new_text(body)) == "> q1\na1\n> q2\na2"


def test_one_answer_between_two_quoted_parts_is_the_new_text():
    body = "<pre>&gt; q1\na1\n&gt; q2</pre>"
    assert reply.reply_new_text(body) == Markup("<pre>a1</pre>")


@pytest.mark.parametrize(
    "text",
    [
        "From: the printer room, nothing new.\nSubject: toner",
        "On Monday I wrote the number on the ticket: did you see it?",
        "Sent from my iPhone was the old tagline, I use an Android now.",
        "--\nnot a signature delimiter:\nfive lines\nfollow it\nso it\nis text",
        "Note:\nthe printer wrote: 50.4",
    ],
)
def test_text_that_looks_like_a_quote_but_is_not_is_kept(text):
    body = f"<pre>{text}</pre>"
    assert reply.reply_new_text(body) == Markup(body)


@pytest.mark.parametrize(
    "intro",
    [
        "On Mon, Nov 23, 2026 at 10:00 AM Tereza <t@example.com> wrote:",
        "On 2026-11-23 10:00, Tereza wrote:",
        "Em seg., 23 de nov. de 2026 às 10:00, Tereza <t@example.com> escreveu:",
        "El lun, 23 nov 2026 a las 10:00, Tereza (<t@example.com>) escribió:",
        "Am Mo., 23. Nov. 2026 um 10:00 Uhr schrieb Tereza <t@example.com>:",
        "Le lun. 23 nov. 2026 à 10:00, Tereza <t@example.com> a écrit :",
        "Il giorno lun 23 nov 2026 alle ore 10:00 Tereza <t@example.com> ha scritto:",
        "Op ma 23 nov 2026 om 10:00 schreef Tereza <t@example.com>:",
        "Den mån 23 nov. 2026 kl 10:00 skrev Tereza <t@example.com>:",
        "pon., 23 lis 2026 o 10:00 Tereza <t@example.com> napisał(a):",
        "пн, 23 нояб. 2026 г. в 10:00, Tereza <t@example.com>:",
        "23.11.2026 10:00, Tereza написал:",
        "23.11.2026 10:00, Tereza пише:",
        (
            "Am Montag, 23. November 2026 um 10:00:00 MEZ hat Tereza "
            "<t@example.com> Folgendes geschrieben:"
        ),
        (
            "Wiadomość napisana przez Tereza <t@example.com> w dniu 23.11.2026, "
            "o godz. 10:00:"
        ),
    ],
)
def test_introductions_in_our_languages_go_with_the_quote(intro):
    body = f"<pre>Fixed, thanks.\n\n{Markup.escape(intro)}\n&gt; old</pre>"
    assert reply.reply_new_text(body) == Markup("<pre>Fixed, thanks.</pre>")


def test_introduction_wrapped_over_three_lines():
    body = (
        "<pre>Ok.\n\nLe lun. 23 nov. 2026 à 10:00, Tereza Technician (Paris) &lt;\n"
        "t@example.com&gt; a\nécrit :\n\n&gt; old</pre>"
    )
    assert reply.reply_new_text(body) == Markup("<pre>Ok.</pre>")


@pytest.mark.parametrize(
    "tagline",
    [
        "Sent from my iPhone",
        "Enviado do meu iPhone",
        "Enviado desde mi iPhone",
        "Von meinem iPhone gesendet",
        "Envoyé de mon iPhone",
        "Inviato da iPhone",
        "Verstuurd vanaf mijn iPhone",
        "Skickat från min iPhone",
        "Wysłane z iPhone'a",
        "Отправлено с iPhone",
        "Get Outlook for Android",
        "Sent from Yahoo Mail on Android",
    ],
)
def test_mobile_taglines_closing_the_text_are_dropped(tagline):
    body = f"<pre>Ok.\n\n{tagline}\n</pre>"
    assert reply.reply_new_text(body) == Markup("<pre>Ok.</pre>")


def test_a_big_body_is_trimmed_in_bounded_time():
    import time

    new = "<p>" + "new words " * 50 + "</p>"
    quoted = "".join(f"<p>quoted line {i}</p>" for i in range(20000))
    body = new * 200 + f"<blockquote>{quoted}</blockquote>"
    started = time.monotonic()
    kept = reply.reply_new_text(body)
    assert time.monotonic() - started < 20
    assert "quoted line" not in kept and kept.count("new words") == 200 * 50


# ------------------------------------------------------------------ subject


@pytest.mark.parametrize(
    "prefix",
    [
        "",
        "Re: ",
        "RE: ",
        "Aw: ",
        "AW: ",
        "Res: ",
        "RES: ",
        "Enc: ",
        "Fw: ",
        "Fwd: ",
        "FW: ",
        "TR: ",
        "SV: ",
        "Re: Fwd: ",
        "RE: AW: Fw: ",
        "Re:",
    ],
)
@pytest.mark.parametrize("number", ["HT00042", "[HT00042]"])
def test_ticket_number_in_subject_after_any_prefix(prefix, number):
    title = f"{prefix}{number} Printer on fire"
    assert subject.ticket_numbers_in_subject(title) == ["HT00042"]


def test_printer_on_fire_without_brackets():
    """The issue's case: the number bare, as templates and clients write it."""
    numbers = subject.ticket_numbers_in_subject("RE: HT00042 Printer on fire")
    assert numbers == ["HT00042"]


@pytest.mark.parametrize(
    "title, numbers",
    [
        ("Re: New comment on [HT00042]", ["HT00042"]),
        ("Ticket (HT00042): update", ["HT00042"]),
        ("Re: HT00042, HT00043 and [HT00042] again", ["HT00042", "HT00043"]),
        ("SV: Ärende HT00042 – skrivare", ["HT00042"]),
        ("re: ht00042", ["ht00042"]),
        ("XHT00042 is a part number", ["XHT00042"]),
        ("HT00042x", []),
        ("HT000421", ["HT000421"]),
        ("see HT00042.pdf", []),
        ("write to rita.HT00042@example.com", []),
        ("https://example.com/my/ticket/HT00042", []),
        ("HP LaserJet 4250 and model M507dn", []),
        ("Re: printer on fire", []),
        ("", []),
        (None, []),
    ],
)
def test_ticket_numbers_are_whole_words(title, numbers):
    assert subject.ticket_numbers_in_subject(title) == numbers


def test_custom_number_pattern():
    pattern = r"SR-\d{4}"
    found = subject.ticket_numbers_in_subject("Re: SR-2026 and HT00042", pattern)
    assert found == ["SR-2026"]
    assert re.fullmatch(subject.NUMBER_PATTERN, "HT00042")


def test_text_of_html_for_subjects():
    """Subject values of HTML keys are this text, whitespace collapsed."""

    def subject_text(html):
        return " ".join(reply.html_to_text(Markup(html)).split())

    assert subject_text("<p>one<br/>two</p><p>three</p>") == "one two three"
    assert subject_text("<p>  </p>") == ""
