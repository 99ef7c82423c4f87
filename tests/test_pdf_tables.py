"""Tables in the PDFs (issue 18): a link or a footnote in a long table's header, widths
that follow the content, alignment, and long words that never run into the next cell."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import TinyLibrary
from pdfcheck import page_texts
from pypdf import PdfReader
from test_pdf_export import compile_tiny, english_pdf, with_body

from nisdocs.pdf.export import _to_typst
from nisdocs.pdf.jobs import plan_pdfs

LONG_ROWS = "\n".join(f"| {n} | Entity {n} | Sector {n} |" for n in range(1, 90))


@pytest.mark.parametrize("header", [
    "| No | [Name](https://example.eu/names) | Sector |",
    "| No | [Guideline](id:NCG-0002) | [Article 23](law:NIS2/23) |",
    "| No | Name[^n] | Sector |",
])
def test_a_long_table_with_a_link_or_note_in_its_header_builds(tiny: TinyLibrary,
                                                             header: str) -> None:
    # Measured: "PDF/UA-1 error: PDF artifacts may not contain links" once the table
    # spans pages, since its header repeats as an artifact.
    tiny.write("ncg-0001/index.md", with_body(
        f"## Entities\n\n{header}\n|---|---|---|\n{LONG_ROWS}\n\n[^n]: As registered.\n"))
    pages = page_texts(english_pdf(compile_tiny(tiny)))
    assert len(pages) >= 4 and "Entity 89" in pages[-1]
    if "[^n]" not in header:  # the header repeats on every page of the table
        assert all(re.search(r"No (Name|Guideline) (Sector|Article 23)", page)
                   for page in pages[2:]), pages


ROWS = [
    ["Kennung", "Beschreibung", "Kompromittierungsindikatoren", "Verantwortlichkeit",
     "Meldepflicht", "Frist", "Rechtsgrundlage", "Anmerkung"],
    [":---", ":---:", "---:", "---", "---", "---", "---", "---"],
    ["A-1", "Die Kompromittierungsindikatoren werden gesammelt und bewertet, bevor die "
     "Meldung an die zuständige Behörde geht", "Kompromittierungsindikatoren",
     "Informationssicherheitsbeauftragter", "Ja", "24 Stunden", "Artikel 23",
     "https://example.eu/a/very/long/path/to/some/resource/index.html"],
    ["A-2", "Sicherheitsvorfallsbenachrichtigungspflicht", "Netzwerkverkehrsanalyse",
     "Betriebsverantwortliche", "Nein", "72 Stunden", "Artikel 21",
     "autogen-bucket-identifier-0000000000.cloud.example.com"],
]
WIDE = "## Meldepflichten\n\n" + "".join(f"| {' | '.join(row)} |\n" for row in ROWS)


def _pieces(path: Path) -> list[tuple[float, float, str, float]]:
    """Every piece of text the PDF's pages draw: (page and line, x, text, font size)."""
    found: list[tuple[float, float, str, float]] = []
    for number, page in enumerate(PdfReader(path).pages):
        def visit(text: str, cm: list[float], tm: list[float], font: object,
                  size: float, number: int = number) -> None:
            if text.strip():
                x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
                found.append((number * 10_000 + round(y, 1), x, text, size * (tm[0] or 1)))
        page.extract_text(visitor_text=visit)
    return sorted(found)


def test_long_words_stay_in_their_cells(tiny: TinyLibrary) -> None:
    # Measured: "Kompromittierungsindikatoren" ran 31 pt into the next column.
    tiny.write("ncg-0001/index.md", with_body(WIDE))
    pieces = _pieces(english_pdf(compile_tiny(tiny)))
    right_margin = 595.28 - 2.4 / 2.54 * 72
    for (line, x, text, size), (next_line, next_x, _, _) in itertools.pairwise(pieces):
        # A lower bound of the piece's width (most letters and digits at least 0.4 em
        # wide, narrow ones 0.25 em, other signs 0.15 em): a piece reaching past the next
        # one's start overlaps it.
        em = sum(0.25 if char in "fijlrtI" else 0.4 if char.isalnum() else 0.15
                 for char in text.rstrip())
        end = x + em * size
        assert end <= right_margin + 1, (text, end)
        if next_line == line:
            assert end <= next_x + 1, (text, x, end, next_x)


def test_widths_follow_the_content_and_the_alignment(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", with_body(WIDE))
    library, _ = tiny.scan()
    job = next(j for j in plan_pdfs(library, None) if j.language == "en")
    typst = _to_typst(job, tiny.root / job.source_path)
    columns = re.search(r"columns: \(([^)]*)\)", typst)
    assert columns is not None
    widths = [float(width.strip().rstrip("%")) for width in columns[1].split(",")]
    assert len(widths) == 8 and abs(sum(widths) - 100) < 0.5
    # The description column is the widest, the id column among the narrowest.
    assert widths[1] == max(widths) and widths[0] <= sorted(widths)[2]
    assert "align: (left,center,right,left,left,left,left,left,)" in typst
