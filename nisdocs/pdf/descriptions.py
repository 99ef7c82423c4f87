"""The words a PDF's footnote links are described by, in the document's language.

PDF/UA-1 asks every link annotation for a description (`/Contents`), which screen
readers read out. typst describes a footnote's link as "<its word for footnote> <number>"
and falls back to English where it has no word of its own: a Greek PDF read "Footnote 1".
typst offers no way to change that word, so the finished PDF's descriptions are rewritten
with the word of nisdocs' interface strings (`pdf_generated.footnote`).
"""

from __future__ import annotations

import io
import re
from functools import cache

import pikepdf
import typst

_PROBE = """#set document(title: "probe")
#set text(lang: "{lang}")
x#footnote[y]
"""


@cache
def typst_footnote_word(language: str) -> str:
    """The word typst describes a footnote's link with in `language`: asked of typst
    itself, with a one-line document, once per language and process."""
    pdf = typst.compile(_PROBE.format(lang=language).encode("utf-8"), ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for annotation in page.get("/Annots") or []:
                words = str(annotation.get("/Contents", "")).rsplit(" ", 1)
                if len(words) == 2 and words[1] == "1":
                    return words[0]
    raise RuntimeError(f"typst described no footnote link in {language}")


def describe_footnotes(pdf: pikepdf.Pdf, language: str, word: str) -> int:
    """Rewrite typst's descriptions of footnote links ("Footnote 1", "Footnote 2,3") with
    `word`; the number of links rewritten."""
    typst_word = typst_footnote_word(language)
    if typst_word == word:
        return 0
    pattern = re.compile(re.escape(typst_word) + r" (\d+(?:,\d+)*)")
    changed = 0
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            found = pattern.fullmatch(str(annotation.get("/Contents", "")))
            if found and "/Dest" in annotation:
                annotation.Contents = pikepdf.String(f"{word} {found[1]}")
                changed += 1
    return changed
