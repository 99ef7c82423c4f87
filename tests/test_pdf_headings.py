"""Heading numbers in the PDFs: a document that numbers its own headings is not
numbered again (issue 18: "2 V1.1 ..."), and `number_headings` decides when set."""

from __future__ import annotations

import pytest
from conftest import TinyLibrary, source_text
from pdfcheck import full_text
from test_pdf_export import compile_tiny, english_pdf

OWN = "\n## 1 Purpose\n\nText.\n\n## 2 Requirements\n\n### 2.1 V1.1 Inventory\n\nText.\n"
PLAIN = "\n## Purpose\n\nText.\n\n## Requirements\n\n### Inventory\n\nText.\n"


@pytest.mark.parametrize(("body", "setting", "expected", "unexpected"), [
    (OWN, None, "2.1 V1.1 Inventory", "2.1 2.1 V1.1"),
    (OWN, "false", "2.1 V1.1 Inventory", "2.1 2.1 V1.1"),
    (OWN, "true", "2 2 Requirements", None),
    (PLAIN, None, "2.1 Inventory", None),
    (PLAIN, "false", "Requirements", "2 Requirements"),
])
def test_headings_are_numbered_once(tiny: TinyLibrary, body: str, setting: str | None,
                                    expected: str, unexpected: str | None) -> None:
    front = source_text("NCG-0001", number_headings=setting)
    # The fixture's own "## Scope" heading would count among the plain ones.
    tiny.write("ncg-0001/index.md", front.replace("## Scope\n\nText of the document.\n", "")
               + body)
    text = full_text(english_pdf(compile_tiny(tiny)))
    body_text = text[text.index("Purpose", text.index("Purpose") + 1):]  # after the outline
    assert expected in body_text
    if unexpected:
        assert unexpected not in body_text


def test_number_headings_takes_true_or_false(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", source_text("NCG-0001", number_headings="sometimes"))
    assert any("number_headings: found \"sometimes\"; allowed: true or false" in problem
               for problem in tiny.problems()), tiny.problems()
