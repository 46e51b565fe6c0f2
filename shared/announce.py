"""The sentence the wall display speaks, in Bahasa Indonesia. Pure functions, no I/O.

>>> announcement("A012", "Loket 3")
'Nomor antrean A dua belas, silakan menuju loket tiga'
>>> short_announcement("A012", "Loket 3")
'A dua belas loket tiga'
"""

from __future__ import annotations

import re

from num2words import num2words

from shared.site.spec import DEFAULT_ANNOUNCEMENT

# How Indonesians name the letters when they spell ("KTP" is "ka te pe"). Vowels are named
# by themselves; they stay upper case so the text reads as written on the ticket.
LETTER_NAMES = {
    "A": "A", "B": "be", "C": "ce", "D": "de", "E": "E", "F": "ef", "G": "ge", "H": "ha",
    "I": "I", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "O", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "U", "V": "ve", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}
DIGIT_NAMES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_CODE = re.compile(r"^([A-Za-z]*)(\d+)$")


def number_words(n: int) -> str:
    """12 -> 'dua belas', 110 -> 'seratus sepuluh' (num2words, Indonesian)."""
    return str(num2words(n, lang="id"))


def spell_letters(letters: str) -> str:
    return " ".join(LETTER_NAMES.get(ch, ch) for ch in letters.upper())


def spoken_ticket(code: str, *, mode: str = "whole") -> str:
    """'A012' -> 'A dua belas'; 'KTP007' -> 'ka te pe tujuh'; digits mode: 'A nol satu dua'."""
    m = _CODE.match(code.strip())
    if not m:
        return spoken_words(code)
    letters, digits = m.groups()
    number = " ".join(DIGIT_NAMES[int(d)] for d in digits) if mode == "digits" else number_words(int(digits))
    return f"{spell_letters(letters)} {number}".strip()


def spoken_words(text: str) -> str:
    """A name as it should be read: numbers in words, lower case ('Loket 3' -> 'loket tiga')."""
    def word(tok: str) -> str:
        if tok.isdigit():
            return number_words(int(tok))
        if tok.isupper() and len(tok) <= 3 and tok.isalpha():
            return spell_letters(tok)  # "Loket 3B" -> "... be"
        return tok.lower()

    tokens = re.findall(r"\d+|[^\W\d_]+|[^\s\w]", text)
    return " ".join(word(t) for t in tokens if t.strip() and t not in "-_")


def announcement(
    code: str,
    counter_name: str,
    *,
    template: str = DEFAULT_ANNOUNCEMENT,
    mode: str = "whole",
    service_name: str = "",
    agency_name: str = "",
) -> str:
    """The whole sentence, from the site's template."""
    return template.format(
        nomor=spoken_ticket(code, mode=mode),
        loket=spoken_words(counter_name),
        layanan=service_name,
        instansi=agency_name,
    )


def short_announcement(code: str, counter_name: str, *, mode: str = "whole") -> str:
    """The short form a busy hall hears: just the number and the counter. No comma: its
    pause would cost a tenth of a busy hall's time, and "loket" separates them anyway."""
    return f"{spoken_ticket(code, mode=mode)} {spoken_words(counter_name)}"
