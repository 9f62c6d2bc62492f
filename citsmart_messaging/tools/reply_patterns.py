# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What mail clients write around a quoted message, in the languages of our
users (en, pt_BR, es, de, fr, it, nl, sv, pl, ru, and a few neighbours):
the line that introduces a quote, the header block of the quoted message,
and the taglines of mobile clients. Each pattern matches a whole line (or a
whole wrapped line), read with spaces collapsed."""

import re

# "On <date>, <someone> wrote:" and its translations: a verb of writing,
# maybe the writer after it ("schrieb Tereza <t@example.com>:"), then a colon
_WROTE = re.compile(
    r"\b(?:wrote|writes|escreveu|escribi[oó]|schrieb|geschrieben|[ée]crit|"
    r"scritto|schreef|geschreven|skrev|napisa[lł](?:a|\(a\))?|pisze|"
    r"написал(?:а|\(а\))?|пишет|пише|kirjoitti|napsal(?:a|\(a\))?)"
    r"(?:\s[^:]{0,120})?\s?:$",
    re.IGNORECASE,
)
# "пн, 23 нояб. 2026 г. в 10:00, Tereza <t@example.com>:" (Gmail in Russian)
_ADDRESS_COLON = re.compile(r"@[\w.-]+\.\w+>?\)?\s?:$")
# Apple Mail in Polish: "Wiadomość napisana przez X w dniu 23.11.2026, o godz. 10:00:"
_POLISH_APPLE = re.compile(r"^wiadomo[śs][ćc] napisana przez .{1,200}:$", re.IGNORECASE)
# How an introduction starts: a preposition, a date or a weekday
_INTRO_START = re.compile(
    r"^(?:on|le|em|el|am|il|op|den|dne|w dniu|dnia|wiadomo[śs][ćc]|\d|"
    r"(?:mon|tue|wed|thu|fri|sat|sun|seg|ter|qua|qui|sex|s[áa]b|dom|lun|mar|"
    r"mi[ée]|jue|vie|mo|di|mi|do|fr|sa|so|mer|jeu|ven|sam|gio|ma|wo|vr|za|zo|"
    r"m[åa]n|tis|ons|tors|fre|l[öo]r|s[öo]n|pon|wt|[śs]r|czw|pt|sob|niedz|"
    r"пн|вт|ср|чт|пт|сб|вс)\b)",
    re.IGNORECASE,
)


def is_introduction(text):
    """``text`` (one line, or a wrapped line joined) introduces a quote."""
    if len(text) > 400 or not text.endswith(":"):
        return False
    if not re.search(r"\d|@", text):
        return False
    return bool(
        _WROTE.search(text) or _ADDRESS_COLON.search(text) or _POLISH_APPLE.match(text)
    )


def starts_introduction(text):
    return bool(_INTRO_START.match(text))


# "-----Original Message-----", "----- Mail original -----",
# "-------- Mensagem original --------" ...
SEPARATOR = re.compile(
    r"^-{2,}\s*(?:original message|original-nachricht|"
    r"urspr[üu]ngliche (?:nachricht|mail)|mensagem original|mensaje original|"
    r"message d'origine|mail original|"
    r"messaggio originale|oorspronkelijk bericht|ursprungligt meddelande|"
    r"wiadomo[śs][ćc] oryginalna|исходное сообщение|oprindelig meddelelse|"
    r"opprinnelig melding|alkuper[äa]inen viesti|p[ůu]vodn[íi] zpr[áa]va)\s*-{2,}$",
    re.IGNORECASE,
)

# Header names of a quoted message, by meaning
_HEADER_NAMES = {
    "from": "from|von|de|da|van|från|od|от|fra|lähettäjä|from \\(sender\\)",
    "date": "sent|date|gesendet|datum|enviado|enviada|enviado em|enviada em|"
    "enviado el|enviadas|data|envoyé|envoyé le|inviato|verzonden|skickat|"
    "wysłano|wysłane|data wysłania|отправлено|дата|sendt|lähetetty|odesláno",
    "to": "to|an|para|à|a|aan|till|do|кому|til|vastaanottaja|komu",
    "cc": "cc|kopie|kopia|dw|копия|cc\\.",
    "subject": "subject|betreff|assunto|asunto|objet|oggetto|onderwerp|ämne|"
    "temat|тема|emne|aihe|předmět",
}
_HEADER_ALTERNATIVES = "|".join(
    f"(?P<{key}>{names})" for key, names in _HEADER_NAMES.items()
)
_HEADER = re.compile(rf"^\*?(?:{_HEADER_ALTERNATIVES})\*?\s?:(?:\s|$)", re.IGNORECASE)


def header_name(text):
    """The meaning of the header that starts this line ("from", "date",
    "to", "cc", "subject"), or None."""
    match = _HEADER.match(text)
    return match.lastgroup if match else None


# Taglines that mobile clients add under the text
_TAGLINE = re.compile(
    r"^(?:sent from (?:my |mail for |yahoo mail |outlook |aol )?|sent with |"
    r"get outlook for |obtener outlook para |obtenir outlook pour |"
    r"baixe o outlook para |scarica outlook per |outlook für \S+ herunterladen|"
    r"enviado (?:do|de|desde) (?:meu|mi|o|el|yahoo|outlook|correo) |enviado com |"
    r"von (?:meinem|meiner|mein)\b|gesendet von |envoy[ée] (?:de|depuis) |"
    r"inviato da |verstuurd vanaf |verzonden (?:vanaf|met) |skickat från |"
    r"wys[łl]ane z |отправлено (?:с|из) )",
    re.IGNORECASE,
)


def is_tagline(text):
    """A mobile client's "Sent from my iPhone" line and its translations."""
    return len(text) <= 80 and bool(_TAGLINE.match(text))
