"""Born-PDF texts, nisdocs/born_pdf/extract.py: the text taken out of a PDF, page by page
and paragraph by paragraph, judged readable or not, and cached. The PDFs are real: typst
compiles them, pypdf reads them back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typst
from hypothesis import assume, given
from hypothesis import strategies as st
from pypdf import PdfReader

from nisdocs.born_pdf.extract import (
    EXTRACTOR_VERSION,
    LINE_BREAK,
    PAGE_NUMBER,
    PYPDF_VERSION,
    ExtractedText,
    PageText,
    TextCache,
    cached_text,
    extract_text,
    is_clean,
    normalise,
    split_paragraphs,
)

# Narrow pages, justified and hyphenated: typst breaks "cybersecurity" and "experience"
# across lines, and numbers the pages at their foot.
SOURCE = """#set page(width: 7cm, height: 12cm, numbering: "1")
#set par(justify: true)
#set text(hyphenate: true, lang: "en")
Competent authorities supervise the implementation of cybersecurity requirements.

Member States share their experience.
#pagebreak()
Second page, first paragraph: short.

Second page, a second paragraph ends here.
#pagebreak()
Third page.
"""
PAGES = (
    PageText(1, ("Competent authorities supervise the implementation of cybersecurity "
                 "requirements.", "Member States share their experience."), True),
    PageText(2, ("Second page, first paragraph: short.",
                 "Second page, a second paragraph ends here."), True),
    PageText(3, ("Third page.",), True),
)


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "index.pdf"
    path.write_bytes(typst.compile(SOURCE.encode(), format="pdf", ignore_system_fonts=True))
    return path


def test_paragraphs_come_back_whole_page_by_page(pdf: Path) -> None:
    raw = PdfReader(pdf).pages[0].extract_text()
    # The words are hyphenated in the PDF (pypdf 5 writes a space before the soft hyphen,
    # pypdf 7 none): the extraction makes them whole again.
    assert re.search("cybersecu ?\u00ad ?\nrity", raw), raw
    assert re.search("experi ?\u00ad ?\nence", raw), raw
    text = extract_text(pdf)
    assert text.pages == PAGES
    assert text.readable
    assert text.preview() == PAGES[:2] and text.preview(5) == PAGES
    assert text.text.startswith("Competent authorities supervise the implementation of "
                                "cybersecurity requirements.\n\nMember States share")


def test_a_file_that_cannot_be_read_gives_no_pages(tmp_path: Path) -> None:
    path = tmp_path / "index.pdf"
    path.write_bytes(b"%PDF-1.7\ngarbage")
    assert extract_text(path) == ExtractedText(())
    assert extract_text(tmp_path / "absent.pdf") == ExtractedText(())
    assert not ExtractedText(()).readable and ExtractedText(()).text == ""


def test_a_page_without_text_is_passed_over_and_an_unclean_one_ends_the_preview() -> None:
    """A blank page (or a picture) between readable ones leaves the text readable; a page
    whose text is garbled makes it a preview, which stops before that page."""
    blank = ExtractedText((PageText(1, ("Introduction to the guidelines.",), True),
                           PageText(2, (), False), PageText(3, ("More text here.",), True)))
    assert blank.readable
    assert blank.preview() == (blank.pages[0], blank.pages[2])
    assert blank.preview(limit=1) == blank.pages[:1]
    garbled = ExtractedText((blank.pages[0], PageText(2, ("(cid:3)(cid:4)",), False),
                             blank.pages[2]))
    assert not garbled.readable
    assert garbled.preview() == garbled.pages[:1]
    assert ExtractedText((PageText(1, (), False), *blank.pages[2:])).preview() == \
        blank.pages[2:]
    assert not ExtractedText((PageText(1, (), False),)).readable


# -- paragraphs -------------------------------------------------------------------------


def test_blank_lines_separate_paragraphs_and_lines_are_joined() -> None:
    raw = "First  paragraph,\non two lines.\n\n\nSecond\tparagraph.\n"
    assert split_paragraphs(raw) == ["First paragraph, on two lines.", "Second paragraph."]


def test_without_blank_lines_a_short_line_ending_a_sentence_ends_a_paragraph() -> None:
    raw = ("The Cooperation Group publishes guidelines for the\n"
           "competent authorities of the Member States.\n"
           "It meets three times a year.\n"  # short, ends a sentence
           "Its work programme is adopted every two years by\n"
           "consensus: see the annex\n")
    assert split_paragraphs(raw) == [
        "The Cooperation Group publishes guidelines for the competent authorities of the "
        "Member States. It meets three times a year.",
        "Its work programme is adopted every two years by consensus: see the annex"]


def test_without_blank_lines_a_short_line_after_a_sentence_is_a_heading() -> None:
    raw = ("Illustrative sample. This document is an illustrative sample written for the\n"
           "nisdocs project and has no legal value at all, in any Member State.\n"
           "1 Context\n"
           "Since its launch in the autumn of 2020, the European Cyber Crisis Liaison\n"
           "Organisation Network has brought together the national authorities\n")
    assert split_paragraphs(raw) == [
        "Illustrative sample. This document is an illustrative sample written for the "
        "nisdocs project and has no legal value at all, in any Member State.",
        "1 Context",
        "Since its launch in the autumn of 2020, the European Cyber Crisis Liaison "
        "Organisation Network has brought together the national authorities"]


@pytest.mark.parametrize(("raw", "joined"), [
    ("an exam-\nple of hyphenation", "an example of hyphenation"),
    ("an exam\u2010\nple", "an example"),
    ("a con\u00ad\nsiderable effort", "a considerable effort"),
    ("the Franco-\nGerman border", "the Franco-German border"),
    ("from 2019-\n2020 on", "from 2019-2020 on"),
    ("a dash -\nthen more", "a dash - then more"),
    ("in-\n(brackets)", "in- (brackets)"),
], ids=["lower case", "U+2010", "soft hyphen", "upper case", "digits", "dash", "bracket"])
def test_hyphens_at_line_ends(raw: str, joined: str) -> None:
    assert split_paragraphs(raw) == [joined]


def test_characters_are_normalised() -> None:
    raw = "e\u0301te\u0301 \ufb01le \ufb00ect \ufb03ce\nse\u00adcu\u200bri\u2060ty\ufeff \u00a0 x"
    assert split_paragraphs(raw) == ["\u00e9t\u00e9 file ffect ffice security x"]
    # A lone surrogate, which a broken font mapping can give, could not be written as UTF-8.
    assert split_paragraphs("broken \udc80 text") == ["broken \ufffd text"]


@pytest.mark.parametrize("number", ["7", "- 7 -", "7/12", "Page 7 of 12", "Seite 7 von 12",
                                    "σελίδα 7 από 12"])
def test_a_page_number_on_the_first_or_last_line_is_dropped(number: str) -> None:
    assert split_paragraphs(f"{number}\nText of the page.\n{number}") == ["Text of the page."]
    # Elsewhere it is a line of the text, such as the year in a table.
    assert split_paragraphs(f"Text\n\n{number}\n\nText") == ["Text", number, "Text"]


# -- clean or not -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "clean"), [
    ("The Cooperation Group publishes guidelines.", True),
    ("Η Ομάδα Συνεργασίας δημοσιεύει κατευθυντήριες γραμμές.", True),
    ("TheCooperationGrouppublishesguidelinesforcompetentauthorities.", False),
    ("T h e C o o p e r a t i o n G r o u p", False),
    ("The Cooperation \ufffd\ufffd Group publishes guidelines.", False),
    ("(cid:1)(cid:2)(cid:3) guidelines", False),
    ("The Cooperation Group \ue000 publishes guidelines.", False),  # 1 private of 40
    ("2019 2020 2021 12.5 % 13.7 % 14.2 %", False),
    ("", False),
    (" \n\t ", False),
], ids=["English", "Greek", "no spaces", "spaced letters", "U+FFFD", "cid", "private use",
        "numbers", "empty", "blank"])
def test_is_clean(text: str, clean: bool) -> None:
    assert is_clean(text) is clean


# -- cache ------------------------------------------------------------------------------


SHA = "ab" * 32


def test_the_cache_round_trip_equals_a_fresh_extraction(pdf: Path, tmp_path: Path) -> None:
    cache = TextCache(tmp_path / "cache")
    assert cache.get(SHA) is None
    first = cached_text(pdf, SHA, cache)
    entry = cache.path(SHA)
    assert entry.parent.parent == tmp_path / "cache" / "texts"
    assert entry.parent.name == entry.stem[:2] and entry.suffix == ".json"
    assert json.loads(entry.read_text("utf-8"))["pypdf"] == PYPDF_VERSION
    pdf.write_bytes(b"not read again")  # the cache answers by the hash alone
    assert cached_text(pdf, SHA, cache) == first == extract_text_of(SOURCE, tmp_path)
    assert first.pages == PAGES


def extract_text_of(source: str, folder: Path) -> ExtractedText:
    path = folder / "fresh.pdf"
    path.write_bytes(typst.compile(source.encode(), format="pdf", ignore_system_fonts=True))
    return extract_text(path)


@pytest.mark.parametrize("corrupt", [
    b"{not json", b"\xff\xfe", b"[]", b'{"extractor": "0", "pypdf": "x", "pages": []}',
    json.dumps({"extractor": EXTRACTOR_VERSION, "pypdf": PYPDF_VERSION,
                "pages": [{"number": "1", "paragraphs": [], "clean": True}]}).encode(),
    json.dumps({"extractor": EXTRACTOR_VERSION, "pypdf": PYPDF_VERSION,
                "pages": [{"number": 1, "paragraphs": [1], "clean": True}]}).encode(),
], ids=["not JSON", "not UTF-8", "a list", "other versions", "number as text", "not text"])
def test_a_corrupt_cache_entry_is_extracted_again(pdf: Path, tmp_path: Path,
                                                  corrupt: bytes) -> None:
    cache = TextCache(tmp_path / "cache")
    cache.path(SHA).parent.mkdir(parents=True)
    cache.path(SHA).write_bytes(corrupt)
    assert cache.get(SHA) is None
    assert cached_text(pdf, SHA, cache).pages == PAGES
    assert cache.get(SHA) == ExtractedText(PAGES)  # and stored anew


def test_the_key_changes_with_the_file_and_works_without_a_cache(pdf: Path,
                                                                 tmp_path: Path) -> None:
    cache = TextCache(tmp_path)
    assert cache.path(SHA) != cache.path("cd" * 32)
    assert cached_text(pdf, SHA, None).pages == PAGES
    assert not (tmp_path / "texts").exists()


# -- properties -------------------------------------------------------------------------

TRICKY = st.text(alphabet="aZé1 .-\u2010\u00ad\u200b\ufb01\u0301\n\r\t\u2028\u2029\x0c:",
                 max_size=200)


def letters(text: str) -> list[str]:
    return [char for char in text if char.isalpha()]


@given(st.one_of(st.text(), TRICKY))
def test_splitting_keeps_every_letter_and_never_raises(raw: str) -> None:
    """For any text none of whose lines is a page number (the only letters dropped), the
    paragraphs hold every letter of the normalised text, in order: splitting removes only
    white space, hyphens at line ends and the invisible characters `normalise` removes.
    `is_clean` gives an answer for all of it."""
    assume(not any(PAGE_NUMBER.fullmatch(" ".join(normalise(line).split()))
                   for line in LINE_BREAK.split(raw.replace("\u2029", "\n"))))
    paragraphs = split_paragraphs(raw)
    assert letters("".join(paragraphs)) == letters(normalise(raw))
    for paragraph in paragraphs:
        assert paragraph and paragraph == " ".join(paragraph.split())
        assert "\u00ad" not in paragraph and "\u200b" not in paragraph
    assert isinstance(is_clean(raw), bool)
    assert isinstance(is_clean(" ".join(paragraphs)), bool)
