"""What the PDFs show of a text (issue 18): every letter and symbol of the EU's
languages, a precise problem for a character no font has, heading numbers that do not
repeat the document's own, and markup next to punctuation or typst-like text that typst
never misreads."""

from __future__ import annotations

import os
import unicodedata

import pytest
from conftest import TinyLibrary, source_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfcheck import full_text, normalized

from nisdocs.pdf.build import build_pdfs
from nisdocs.pdf.cache import PdfCache
from nisdocs.pdf.jobs import plan_pdfs
from nisdocs.problems import LibraryError

SITE_URL = "https://example.eu/nisdocs/"


def english_text(tiny: TinyLibrary, source: str) -> str:
    """The text of NCG-0001's English PDF made from `source` (only that PDF is made)."""
    tiny.write("ncg-0001/index.md", source)
    library, problems = tiny.scan()
    assert not problems, problems
    jobs = [job for job in plan_pdfs(library, SITE_URL, {"NCG-0001"}) if job.language == "en"]
    pdfs = build_pdfs(jobs, tiny.root, PdfCache(tiny.root / ".cache"), workers=1)
    return full_text(next(iter(pdfs.files.values())).path)


def english_problem(tiny: TinyLibrary, source: str) -> str:
    with pytest.raises(LibraryError) as raised:
        english_text(tiny, source)
    assert len(raised.value.problems) == 1, raised.value.problems
    return str(raised.value.problems[0])


# -- fonts ----------------------------------------------------------------------------

# Every letter the 24 official languages write with, beyond A-Z, and the usual symbols.
LETTERS = {
    "bg": "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯабвгдежзийклмнопрстуфхцчшщъьюяѝЍ",
    "cs": "ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽáčďéěíňóřšťúůýž",
    "da-sv-fi": "ÆØÅæøåÄÖäö",
    "de": "ÄÖÜäöüßẞ",
    "el": "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώΆΈΉΊΌΎΏϊϋΐΰΪΫ",
    "es-pt-fr-it": "ÁÉÍÑÓÚÜáéíñóúüÀÂÃÇÊÕàâãçêõÈËÎÏÔŒÙÛŸèëîïôœùûÿÌÒìò",
    "et": "ÕÄÖÜŠŽõäöüšž",
    "ga": "ÁÉÍÓÚáéíóú",
    "hr-sl": "ČĆĐŠŽčćđšž",
    "hu": "ÁÉÍÓÖŐÚÜŰáéíóöőúüű",
    "lt": "ĄČĘĖĮŠŲŪŽąčęėįšųūž",
    "lv": "ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž",
    "mt": "ĊĠĦŻċġħżÀÈÌÒÙàèìòù",
    "nl": "ĲĳËÏëï",
    "pl": "ĄĆĘŁŃÓŚŹŻąćęłńóśźż",
    "ro": "ĂÂÎȘȚăâîșț",
    "sk": "ÁÄČĎÉÍĹĽŇÓÔŔŠŤÚÝŽáäčďéíĺľňóôŕšťúýž",
    "symbols": "✓→€§…«»„“”‘’‚–—•°±×÷≤≥½™©®",
}


def test_every_letter_of_the_eu_languages_and_the_usual_symbols_render(
        tiny: TinyLibrary) -> None:
    body = "\n\n".join(f"{name}: {' '.join(text)}" for name, text in LETTERS.items())
    text = english_text(tiny, source_text() + "\n" + body + "\n")
    for name, letters in LETTERS.items():
        shown = normalized(f"{name}: {' '.join(letters)}")
        missing = [char for char in letters if char not in text]
        assert shown in text and not missing, (name, missing)


def test_a_typographic_apostrophe_stays_one_after_a_space(tiny: TinyLibrary) -> None:
    # Measured: pandoc wrote "’" as "'", which typst showed as "‘" after a space.
    body = ("In the ’90s, l’entité.\n\n## The ’90s\n\n| A | B |\n|---|---|\n| x ’y | z |\n\n"
            '!!! note "Since the ’90s"\n    Body ’z.\n')
    text = english_text(tiny, source_text() + "\n" + body)
    for shown in ("In the ’90s, l’entité.", "The ’90s", "x ’y", "Since the ’90s", "Body ’z."):
        assert shown in text, shown
    assert "‘" not in text


@pytest.mark.parametrize(("char", "where"), [
    ("🔒", "A locked door 🔒 here.\n"),
    ("例", "| Name | Example |\n|---|---|\n| Japanese | 例 |\n"),
    ("漢", "- a list item with 漢\n"),
])
def test_a_character_no_font_has_is_named_with_its_line(tiny: TinyLibrary, char: str,
                                                         where: str) -> None:
    # Measured: the problem gave the code point, not the character's name.
    source = source_text() + "\nBefore.\n\n" + where
    line = source.splitlines().index(next(row for row in source.splitlines() if char in row))
    name = unicodedata.name(char)
    assert english_problem(tiny, source) == (
        f"guidelines/ncg-0001/index.md:{line + 1}: text: found \"{char}\" "
        f"(U+{ord(char):04X} {name}) in NCG-0001 1.0 (en), which no font of the PDFs has; "
        "allowed: the Latin, Greek and Cyrillic letters of the EU's official languages and "
        "common typographic symbols (replace or remove the character; the site keeps it)")


# -- heading numbers ----------------------------------------------------------------------

OWN_NUMBERS = ("## 1 Scope\n\nText one.\n\n## 2 Requirements\n\nText two.\n\n"
               "### V1.1 Logging\n\nText three.\n\n## A.2 Forms\n\nText four.\n")


def numbered(tiny: TinyLibrary, body: str, switch: str | None) -> str:
    """The PDF's text after its table of contents (whose page numbers could pass for
    heading numbers)."""
    front = source_text(number_headings=switch).split("\n## Scope")[0]
    return english_text(tiny, front + "\n" + body).rsplit(" . ", 1)[-1]


def test_headings_with_their_own_numbers_are_not_numbered_again(tiny: TinyLibrary) -> None:
    # Measured: "2.1 V1.1 Logging", "1 1 Scope", "3 A.2 Forms".
    text = numbered(tiny, OWN_NUMBERS, None)
    for heading in ("1 Scope Text one.", "2 Requirements Text two.",
                    "V1.1 Logging Text three.", "A.2 Forms Text four."):
        assert f" {heading}" in f" {text}", (heading, text)
    assert "1 1 Scope" not in text and "2.1 V1.1" not in text and "3 A.2" not in text


def test_the_front_matter_switch_decides_the_numbering(tiny: TinyLibrary) -> None:
    assert "2.1 V1.1 Logging Text three." in numbered(tiny, OWN_NUMBERS, "true")
    plain = "## Scope\n\nText one.\n\n## Terms\n\nText two.\n"
    assert "2 Terms Text two." in numbered(tiny, plain, None)
    text = numbered(tiny, plain, "false")
    assert "Text one. Terms Text two." in text and "Scope Text one." in text
    assert "1 Scope" not in text


def test_the_switch_is_a_boolean(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", source_text(number_headings="maybe"))
    assert any("number_headings" in problem for problem in tiny.problems())


# -- escaping: markup against punctuation, typst-like and TeX-like text ------------------

MARKUP = ["*emphasis*", "**strong**", "`code`", "[a link](https://example.eu/)",
          "[an id link](id:NCG-0002)", "[a law link](law:NIS2/23)", "a note[^n]"]
FOLLOWERS = [".x", "(", "[", "#", "$", "@", "<", "*", "_", "\\", "~", ")", "]", ":y", "'s"]
TYPST_LIKE = ["#set text(red)", "#import x.typ: *", "$x^2$", "@label", "<label>",
              "= Heading", "#emph[a].b", "\\section{Intro}", "\\textbf{x}", "#{1 + 1}",
              "/* comment */", "// comment", "`#raw`", "~tilde~", "a -- b", "\\#"]


def test_markup_followed_by_any_punctuation_builds(tiny: TinyLibrary) -> None:
    lines = [f"P{i}a {markup}{follower} P{i}b" for i, (markup, follower) in
             enumerate((m, f) for m in MARKUP for f in FOLLOWERS)]
    body = "\n\n".join(lines) + "\n\n[^n]: The note.\n"
    text = english_text(tiny, source_text() + "\n" + body)
    for index in range(len(lines)):
        assert f"P{index}a" in text and f"P{index}b" in text, lines[index]


@pytest.mark.parametrize("place", ["paragraph", "heading", "cell", "header", "item",
                                   "quote", "note", "admonition"])
def test_typst_and_tex_like_text_is_shown_as_written(tiny: TinyLibrary, place: str) -> None:
    def placed(snippet: str) -> str:
        label = f"n{TYPST_LIKE.index(snippet)}"
        return {
            "paragraph": f"Before {snippet} after.\n",
            "heading": f"## Before {snippet} after\n\nText.\n",
            "cell": f"| A | B |\n|---|---|\n| Before {snippet} after | x |\n",
            "header": f"| Before {snippet} after | B |\n|---|---|\n| x | y |\n",
            "item": f"- Before {snippet} after\n",
            "quote": f"> Before {snippet} after\n",
            "note": f"Text.[^{label}]\n\n[^{label}]: Before {snippet} after.\n",
            "admonition": f'!!! note "Before {snippet} after"\n    Before {snippet} after.\n',
        }[place]

    # One document per place; each snippet in a paragraph of its own, as Markdown
    # shows it (a code span as its code, an escaped sign as the sign).
    body = "\n".join(placed(snippet) for snippet in TYPST_LIKE)
    text = english_text(tiny, source_text() + "\n" + body).replace("- ", "").replace(" -", "")
    shown = {"`#raw`": "#raw", "\\#": "#", "a -- b": "a – b"}
    missing = [snippet for snippet in TYPST_LIKE
               if f"Before {shown.get(snippet, snippet)} after" not in text]
    assert not missing, (place, missing, text)


# Any mix of the pieces above, letters of every script and symbols, written next to each
# other with no space: the PDF builds and shows every line's markers. Many lines go into
# one document per example, so a few examples cover many combinations. More examples:
#   NISDOCS_PDF_EXAMPLES=200 pytest tests/test_pdf_text.py -k mixtures
PIECES = [*MARKUP, *FOLLOWERS, *TYPST_LIKE, *(text[:6] for text in LETTERS.values()),
          "Kompromittierungsindikatoren", " ", "."]


@settings(max_examples=int(os.environ.get("NISDOCS_PDF_EXAMPLES", "4")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6), min_size=1,
                max_size=30))
def test_mixtures_of_markup_punctuation_and_scripts_build(tiny: TinyLibrary,
                                                          lines: list[list[str]]) -> None:
    paragraphs = [f"Q{i}a {''.join(pieces)} Q{i}b" for i, pieces in enumerate(lines)]
    body = "\n\n".join(paragraphs) + "\n\n[^n]: The note.\n"
    text = english_text(tiny, source_text() + "\n" + body)
    for index, paragraph in enumerate(paragraphs):
        assert f"Q{index}a" in text and f"Q{index}b" in text, paragraph
