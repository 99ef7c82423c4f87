"""Typography of the strings nisdocs writes from metadata (titles, summaries, notices,
labels): each language's own spacing, and the letters its legal texts number points with.

Pure functions of a string and a language code, used wherever such strings are shown:
the PDF's cover and notice page (nisdocs/pdf/jobs.py, nisdocs/pdf/notice.py) and the
labels of legal references on the site and in the PDFs (`Reference.label`). Quotes are
left straight here: the PDF's template makes them the language's own with typst's smart
quotes, as it does for the body.

The French rule (`french_spacing`), the one the body's filter (nisdocs/pdf/nisdocs.lua)
applies to the text, so that metadata and body are spaced alike:

- before `:`, `;`, `?` and `!`, a narrow no-break space (U+202F): it replaces a plain
  space there; where the mark follows a word directly and ends it (white space, the end
  of the text or a closing `» ) ] " ' ’ ”` comes next), one is inserted. A mark inside a
  token is left alone (`https://`, `10:30`, `a;b`), and so is a run of marks (`?!`),
  which gets one space before its first mark;
- after `«` and before `»`, the same: a plain space there is replaced, and where the
  guillemet touches a character other than white space, a narrow no-break space is
  inserted;
- a no-break space (U+00A0) someone typed at one of these places becomes a narrow one
  too: typst stretches a no-break space in a justified line, as it does a plain one.

No other space is changed.
"""

from __future__ import annotations

import re

NARROW_NBSP = "\u202f"
# A plain space before one of the marks; the place before a run of marks that follows a
# word (anything but white space, another mark or «) and ends it.
_SPACE_BEFORE_MARK = re.compile(r" (?=[:;?!])")
_NO_BREAK_AT_SIGN = re.compile("\u00a0(?=[:;?!»])|(?<=«)\u00a0")
_MARKS_AFTER_WORD = re.compile(r"(?<=[^\s:;?!«])(?=[:;?!]+(?:$|[\s»)\]\"'’”]))")
# After « and before »: a plain space, or the place where the guillemet touches a
# character other than white space (Python's \s includes the no-break spaces).
_AFTER_OPENING = re.compile(r"«(?: |(?=\S))")
_BEFORE_CLOSING = re.compile(r"(?: |(?<=\S))»")

# The letters that points of legal acts are numbered with, by their Latin letter's
# place in the alphabet, as the EU's Greek and Bulgarian texts write them: (a), (b), (c)
# are α), β), γ) and а), б), в). Greek counts with its numerals (στ for 6, ια for 11),
# Bulgarian with its alphabet, leaving out ъ and ь.
_LATIN = "abcdefghijklmnopqrstuvwxyz"
POINT_LETTERS: dict[str, tuple[str, ...]] = {
    "el": ("α", "β", "γ", "δ", "ε", "στ", "ζ", "η", "θ", "ι", "ια", "ιβ", "ιγ", "ιδ", "ιε",
           "ιστ", "ιζ", "ιη", "ιθ", "κ", "κα", "κβ", "κγ", "κδ", "κε", "κστ"),
    "bg": ("а", "б", "в", "г", "д", "е", "ж", "з", "и", "й", "к", "л", "м", "н", "о", "п",
           "р", "с", "т", "у", "ф", "х", "ц", "ч", "ш", "щ"),
}


def french_spacing(text: str) -> str:
    """`text` with French typography's narrow no-break spaces (the module's rule)."""
    text = _NO_BREAK_AT_SIGN.sub(NARROW_NBSP, text)
    text = _SPACE_BEFORE_MARK.sub(NARROW_NBSP, text)
    text = _MARKS_AFTER_WORD.sub(NARROW_NBSP, text)
    text = _AFTER_OPENING.sub("«" + NARROW_NBSP, text)
    return _BEFORE_CLOSING.sub(NARROW_NBSP + "»", text)


def metadata_text(text: str, language: str) -> str:
    """A string from the metadata or the interface, spaced as `language` writes it."""
    return french_spacing(text) if language == "fr" else text


def point_letter(point: str, language: str) -> str:
    """The point `point` of a legal act (`a`, `d`, `aa`: the Latin letters references are
    written with) as the texts of `language` letter it: `δ` in Greek, `г` in Bulgarian,
    `d` in the languages written in Latin letters. Each Latin letter is mapped by its
    place in the alphabet (the rare doubled points, `aa`, stay doubled: `αα`)."""
    letters = POINT_LETTERS.get(language)
    if letters is None or not point.isascii() or not point.isalpha():
        return point
    return "".join(letters[_LATIN.index(char)] for char in point.lower())
