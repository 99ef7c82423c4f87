"""The PDFs' typesetting (issue 23), measured on every compiled PDF of the sample site:
justified, hyphenated text on a readable measure; tables laid out from their content,
whose words stay in their cells and whose rows stay on one page; a text layer that
copies as it reads, with real spaces after numbers and generated words in the document's
language; French spacing; passages in another language tagged as such."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import typst
from conftest import PROJECT, Build, TinyLibrary, translation_text
from pdflayout import (
    Layout,
    cell_overflows,
    characters_per_line,
    hyphenated_lines,
    layout,
    lonely_headers,
    median_measure,
    outside_the_page,
    split_rows,
    widows_and_orphans,
)
from test_pdf_export import compile_tiny, english_pdf, problem_of, with_body

from nisdocs.pdf.jobs import PdfJob
from nisdocs.pdf.typesetting import HYPHENATED_LANGUAGES, hyphenated
from nisdocs.typography import french_spacing
from nisdocs.vocabulary import eu_languages, ui_strings

CM = 72 / 2.54


@pytest.fixture(scope="module")
def layouts(compiled: list[tuple[PdfJob, Path]]) -> dict[str, tuple[str, Layout]]:
    return {path.name: (job.language, layout(path)) for job, path in compiled}


# -- words and lines -------------------------------------------------------------------


def test_the_measure_is_60_to_80_characters(layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: medians of 85 (bg) to 99 (fr) characters a line, 11 pt on 16.2 cm.
    medians = {name: median_measure(found) for name, (_, found) in layouts.items()
               if len(characters_per_line(found)) >= 10}
    assert len(medians) >= 30
    assert {name: m for name, m in medians.items() if not 60 <= m <= 80} == {}


def test_hyphenated_languages_are_hyphenated(layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: no automatic hyphen in 161 pages.
    per_language: dict[str, int] = defaultdict(int)
    for name, (language, found) in layouts.items():
        hyphens = hyphenated_lines(found)
        per_language[language] += len(hyphens)
        if len(characters_per_line(found)) >= 60 and hyphenated(language):
            assert hyphens, f"{name}: no word is hyphenated in a justified text"
    assert all(per_language[language] >= 10 for language in ("fr", "de", "el", "bg", "en"))


@pytest.mark.parametrize("language", sorted(eu_languages()))
def test_typst_hyphenates_exactly_the_languages_nisdocs_justifies(language: str) -> None:
    # Text typst cannot hyphenate would be justified with gaps: such languages are set
    # ragged-right. The list is checked against typst itself, on the interface's words.
    words = " ".join(str(value) for value in ui_strings(language)["library"].values()
                     if isinstance(value, str))
    source = (f'#set document(title: "t")\n#set text(lang: "{language}", hyphenate: true)\n'
              f"#block(width: 2.2cm)[{_typst_text(words)}]\n")
    pdf = typst.compile(source.encode("utf-8"), ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    text = "".join(_extracted(pdf))
    assert ("\u00ad" in text) == (language in HYPHENATED_LANGUAGES), text[:200]


def _typst_text(text: str) -> str:
    return "".join(f"\\{char}" if char in "\\#*_`$<>@[]=-+/~'\"" else char for char in text)


def _extracted(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [char["text"] for page in document.pages for char in page.chars]


def test_no_paragraph_leaves_one_line_alone_on_a_page(
        layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: 3 (ncg-0002-1.0-en p. 2, ncg-0003-1.1-el p. 3, ncg-0012-1.0-en p. 3).
    found = {name: widows_and_orphans(layout) for name, (_, layout) in layouts.items()}
    # typst cannot yet keep a last line whose footnote does not fit the page with the
    # rest (typst issue 5376); such a line is the only exception.
    found = {name: [w for w in lines if not re.search(r"\(\d+ \+ 1 lines\)", w)
                    or not _ends_with_note(layouts[name][1], w)]
             for name, lines in found.items()}
    assert {name: lines for name, lines in found.items() if lines} == {}


def _ends_with_note(found: Layout, description: str) -> bool:
    page = int(description.split(":")[0].removeprefix("page ")) - 1
    notes = [e for e in found.elements("Note")
             if any(mark[0] in (page, page + 1) for n in e.walk() for mark in n.marks)]
    return bool(notes)


# -- tables ----------------------------------------------------------------------------


def test_no_text_leaves_its_table_cell_or_the_page(
        layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: "Kompromittierungsindikatoren" 31 pt into the next column.
    overflows = {name: cell_overflows(found) for name, (_, found) in layouts.items()}
    assert {name: found for name, found in overflows.items() if found} == {}
    # Nothing closer to the paper's edge than a wide table's 2.4 cm.
    outside = {name: outside_the_page(found, margin=2.4 * CM - 1)
               for name, (_, found) in layouts.items()}
    assert {name: found for name, found in outside.items() if found} == {}


def test_the_cell_check_finds_a_word_that_runs_into_the_next_column(tmp_path: Path) -> None:
    # The check above must be able to fail: a word wider than its column, unhyphenated.
    source = ('#set document(title: "t")\n#set text(lang: "de", hyphenate: false)\n'
              "#table(columns: (1.5cm, 3cm), [Kompromittierungsindikatoren], [Frist])\n")
    path = tmp_path / "overflow.pdf"
    path.write_bytes(typst.compile(source.encode("utf-8"), ignore_system_fonts=True,
                                   pdf_standards=["ua-1"]))
    assert cell_overflows(layout(path)), "the overflowing word was not found"


def test_no_row_is_split_and_no_header_is_left_alone(
        layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: rows split across pages in ncg-0003-1.1-bg and ncg-0006-1.0-fr.
    split = {name: split_rows(found) + lonely_headers(found)
             for name, (_, found) in layouts.items()}
    assert {name: found for name, found in split.items() if found} == {}


def test_a_row_taller_than_a_page_may_break(tiny: TinyLibrary) -> None:
    long_cell = " ".join(["Every supplier is assessed before the contract."] * 120)
    tiny.write("ncg-0001/index.md", with_body(
        f"## Suppliers\n\n| No | Assessment |\n|---|---|\n| 1 | {long_cell} |\n| 2 | Short |\n"))
    found = layout(english_pdf(compile_tiny(tiny)))
    assert split_rows(found), "the tall row should have been split, not clipped"
    assert cell_overflows(found) == []


# -- the text layer --------------------------------------------------------------------


NUMBERED = re.compile(r"^\d+(?:\.\d+)* \S")


def test_numbers_of_headings_contents_and_footnotes_are_followed_by_a_space(
        layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: "1Σκοπός και πεδίο εφαρμογής" (822 of 855 numbers run into text).
    run_together = []
    checked = 0
    for name, (_, found) in layouts.items():
        for element in found.elements("H1", "H2", "H3", "H4", "TOCI"):
            text = found.reading_text(element).strip()
            if text[:1].isdigit():
                checked += 1
                if not NUMBERED.match(text):
                    run_together.append(f"{name}: {element.kind} {text[:40]!r}")
        # A footnote's number is its link, outside the note's tag: the note's own text
        # starts with the space that follows the number.
        for element in found.elements("Note"):
            checked += 1
            if not re.match(r" \S", found.text_of(element)):
                run_together.append(f"{name}: note {found.text_of(element)[:40]!r}")
    assert checked > 500
    assert run_together == []


INVISIBLE = re.compile("[\u2060\u200b\u200c\u200d\ufeff]")


def test_copied_text_holds_no_invisible_characters(
        layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: a U+2060 word joiner in every contents entry (369 in all).
    found = {name: sorted({f"U+{ord(char):04X}" for glyph in layout.all_glyphs
                           for char in INVISIBLE.findall(glyph.text)})
             for name, (_, layout) in layouts.items()}
    assert {name: chars for name, chars in found.items() if chars} == {}


def test_copied_text_by_poppler_has_no_word_joiner(
        compiled: list[tuple[PdfJob, Path]]) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler-utils is not installed (CI installs it)")
    for _, path in compiled:
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert not INVISIBLE.search(text), path.name


def test_footnote_links_are_described_in_the_documents_language(
        compiled: list[tuple[PdfJob, Path]]) -> None:
    # Measured before: "Footnote 1" in the Greek and Bulgarian PDFs (17 and 84 links).
    described = 0
    for job, path in compiled:
        language = job.language
        word = ui_strings(language)["pdf_generated"]["footnote"]
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for annotation in page.get("/Annots") or []:
                    contents = str(annotation.get("/Contents", ""))
                    if re.fullmatch(r"\D+ \d+(,\d+)*", contents) and "Footnote" in contents:
                        assert language == "en", (path.name, contents)
                    if contents.startswith(word + " "):
                        described += 1
    assert described >= 40


def test_figure_and_table_captions_use_the_documents_words(
        compiled: list[tuple[PdfJob, Path]]) -> None:
    captions = 0
    for job, path in compiled:
        words = ui_strings(job.language)["pdf_generated"]
        found = layout(path)
        for caption in found.elements("Caption"):
            text = found.text_of(caption).strip()
            captions += 1
            assert text.startswith((words["figure"], words["table"])), (path.name, text)
    assert captions >= 3


def test_a_passage_in_another_language_carries_its_language(built_site: Build) -> None:
    path = built_site.site / "library/ncg-0007/1.0/ncg-0007-1.0-en.pdf"
    found = layout(path)
    passages: dict[str, str] = {}
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for instruction in pikepdf.parse_content_stream(page):
                operands = getattr(instruction, "operands", [])
                if (str(getattr(instruction, "operator", "")) == "BDC"
                        and isinstance(operands[1], pikepdf.Dictionary)):
                    properties = operands[1]
                    if "/Lang" in properties and "/MCID" in properties:
                        text = "".join(g.text for g in found.glyphs.get(
                            (number, int(properties.MCID)), []))
                        lang = str(properties.Lang)
                        if lang != "en":
                            passages[lang] = passages.get(lang, "") + text
    assert "clause de sécurité" in passages.get("fr", "")
    assert "Sicherheitsvereinbarung" in passages.get("de", "")


def test_a_passage_language_that_is_no_code_is_a_problem(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", with_body(
        '## Terms\n\nThe <span lang="français">clause</span> applies.\n'))
    message = problem_of(tiny)
    assert 'lang="français"' in message and "language code" in message
    assert "ncg-0001/index.md" in message


FRENCH_PUNCTUATION = re.compile(r"[ \u00a0][;:?!»]|« ")


def test_french_punctuation_is_held_by_a_narrow_no_break_space(
        layouts: dict[str, tuple[str, Layout]]) -> None:
    # Measured before: 93 breakable spaces before ; : ? ! in the French PDFs.
    spaced = 0
    for name, (language, found) in layouts.items():
        if language != "fr":
            continue
        for element in found.elements("P", "LBody", "TD", "H2", "H3"):
            text = found.text_of(element)
            spaced += text.count("\u202f")
            assert not FRENCH_PUNCTUATION.search(text), (name, text[:80])
    assert spaced >= 20


FRENCH_TEXTS = [
    "Article 21 : mesures", "Quand un incident est-il important?", "Vraiment ?!",
    "« Notification »", "«Notification»; fin", "Note\u00a0: voir",
    "https://example.eu/?a=1 à 10:30", "Les points a;b restent", "Un «\u00a0terme\u00a0» ici",
]


def test_french_body_and_cover_strings_follow_one_rule(tiny: TinyLibrary) -> None:
    # The body's filter (nisdocs.lua) and the metadata's (nisdocs/typography.py) space
    # French alike: each text as a paragraph of the body reads as french_spacing makes it.
    body = "\n\n".join(f"{number}. {text}" for number, text in enumerate(FRENCH_TEXTS, 1))
    tiny.write("ncg-0001/index.fr.md", translation_text("NCG-0001") + "\n" + body + "\n")
    pdfs = compile_tiny(tiny)
    found = layout(pdfs.files["library/ncg-0001/1.0/ncg-0001-1.0-fr.pdf"].path)
    paragraphs = [found.reading_text(e) for e in found.elements("LBody", "P")]
    for text in FRENCH_TEXTS:
        expected = french_spacing(text)
        assert any(expected in paragraph for paragraph in paragraphs), (text, paragraphs)


# -- page images -----------------------------------------------------------------------


def test_page_images_of_a_cover_contents_and_table_page(built_site: Build) -> None:
    # Attached to the CI jobs' artifacts (test-results/), to look at what a reader sees.
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler-utils is not installed (CI installs it)")
    target = PROJECT / "test-results" / "pdf-pages"
    target.mkdir(parents=True, exist_ok=True)
    for language in ("en", "el"):
        path = built_site.site / f"library/ncg-0003/1.1/ncg-0003-1.1-{language}.pdf"
        found = layout(path)
        table_page = min(g.page for t in found.elements("Table") for g in found.glyphs_of(t))
        contents_page = min(g.page for t in found.elements("TOC") for g in found.glyphs_of(t))
        for label, page in (("cover", 0), ("contents", contents_page), ("table", table_page)):
            prefix = target / f"ncg-0003-1.1-{language}-{label}"
            subprocess.run([pdftoppm, "-png", "-r", "80", "-singlefile", "-f", str(page + 1),
                            "-l", str(page + 1), str(path), str(prefix)], check=True)
            assert Path(f"{prefix}.png").stat().st_size > 10_000
