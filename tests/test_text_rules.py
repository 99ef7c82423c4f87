"""The rules of issue 18 on one text's Markdown: headings, footnotes, code is code,
malformed law: links, and the line of a heading a translation misses."""

from __future__ import annotations

import pytest
from conftest import TinyLibrary, source_text, translation_text
from test_content import content_problems, found, line_of, write_body, write_pair

from nisdocs.links import find_links
from nisdocs.pdf.dialect import to_pandoc_markdown

SOURCE_2 = "ncg-0002/index.md"
TRANSLATION = "ncg-0001/index.fr.md"


# -- level-1 headings -----------------------------------------------------------------


@pytest.mark.parametrize("heading", ["# Second title", "#Second title",
                                     "Second title\n============", "> # Second title",
                                     "!!! note\n    # Second title"])
def test_a_level_one_heading_in_the_body_is_an_error(tiny: TinyLibrary, heading: str) -> None:
    write_body(tiny, f"\nText.\n\n{heading}\n\nMore text.\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, SOURCE_2, "Second title"), "heading")]
    assert problems[0].message.startswith('found the level-1 heading "')
    assert "allowed: headings of levels 2 to 6" in problems[0].message


@pytest.mark.parametrize("text", ["```\n# a comment in code\n```", "`# not a heading`",
                                  "    # indented code", "Text\n\n---\n\nMore",
                                  "## Second level\n\n### Third"])
def test_what_is_no_level_one_heading_passes(tiny: TinyLibrary, text: str) -> None:
    write_body(tiny, f"\n{text}\n")
    assert content_problems(tiny) == []


# -- footnotes ------------------------------------------------------------------------


def test_a_misspelt_footnote_is_a_footnote_problem_at_its_line(tiny: TinyLibrary) -> None:
    # Measured: reported as "link: found #fnref:inventory, but this text has no
    # heading...", without a line and without a word of footnotes.
    write_body(tiny, "\nKeep an inventory.[^inventry]\n\n[^inventory]: Of every asset.\n")
    problems = content_problems(tiny)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (line_of(tiny, SOURCE_2, "[^inventry]"), "footnote",
         "found [^inventry], which has no definition; allowed: a label defined in this text "
         '([^label]: the note): inventory; did you mean "inventory"?'),
        (line_of(tiny, SOURCE_2, "[^inventory]:"), "footnote",
         "found the definition [^inventory]:, which no reference uses; allowed: a definition "
         'for each [^label] of the text; did you mean "inventry"?'),
    ]


def test_a_footnote_defined_twice_is_a_problem(tiny: TinyLibrary) -> None:
    # Found by the PDF escaping property test: the site showed one note, the PDF another.
    write_body(tiny, "\nText.[^a]\n\n[^a]: One.\n\n[^a]: Two.\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, SOURCE_2, "[^a]: Two"), "footnote")]
    assert problems[0].message.startswith("found a second definition [^a]:")


def test_footnotes_in_code_are_text(tiny: TinyLibrary) -> None:
    write_body(tiny, "\nWrite `[^note]` to refer to a note.\n\n```\n[^other]: text\n```\n")
    assert content_problems(tiny) == []


# -- code is code ---------------------------------------------------------------------


CODE_EXAMPLES = [
    "```markdown\nSee [the guideline](id:NCG-9999).\n```",
    "~~~\n[x](law:NIS2/99)\n~~~",
    "Write `[x](id:NCG-9999)` for a link.",
    "- In a list:\n\n    ```\n    [x](id:NCG-9999#nowhere)\n    ```",
    "!!! example\n    ```\n    [ref]: id:NCG-9999\n    ```",
]


@pytest.mark.parametrize("example", CODE_EXAMPLES)
def test_links_in_code_are_not_links(tiny: TinyLibrary, example: str) -> None:
    # Measured: a fenced example [x](id:NCG-9999) stopped the build.
    write_body(tiny, f"\n{example}\n")
    assert tiny.problems() == []
    assert content_problems(tiny) == []


def test_the_pdf_dialect_leaves_code_spans_alone() -> None:
    # Measured: `{:` inside a code span was rewritten for pandoc.
    body = "Write `{: .wide }` after a table.\n\n| a |\n|---|\n| 1 |\n{: .wide }\n"
    assert to_pandoc_markdown(body).split("\n")[0] == "Write `{: .wide }` after a table."


# -- malformed law: links -------------------------------------------------------------


@pytest.mark.parametrize("written", ["law:NIS2 Art. 21(2)(d)", "law:NIS2/21(2)",
                                     "law:nis2/21", "law:NIS2/21/ 2"])
def test_a_malformed_law_link_is_an_error(tiny: TinyLibrary, written: str) -> None:
    # Measured: passed check and the strict build, published as a dead href.
    write_body(tiny, f"\nUnder [the measures]({written}), entities act.\n")
    problems = [p for p in tiny.scan()[1] if p.field == "law link"]
    assert len(problems) == 1, tiny.problems()
    assert problems[0].line == line_of(tiny, SOURCE_2, "[the measures]")
    assert problems[0].message.startswith(f"found {written}; allowed: law:ACT/ARTICLE")


# -- the line of a heading a translation misses -----------------------------------------


def test_a_missing_heading_is_reported_where_it_is_missing(tiny: TinyLibrary) -> None:
    # Measured: reported at the next heading of the same level, 60 lines later.
    filler = "\n".join(f"Line {n} of text." for n in range(60))
    source = (f"\n## Part\n\n### One\n\nA.\n\n### Two\n\nB.\n\n### Three\n\nC.\n\n{filler}\n\n"
              "## Next part\n\nD.\n")
    # The translator left out the heading "Two", not its text.
    # Translated paragraphs: a text identical to its source is an untranslated scaffold.
    french = "\n".join(f"Ligne {n} du texte." for n in range(60))
    translation = (f"\n## Partie\n\n### Un\n\nUn A.\n\nUn B.\n\n### Trois\n\nUn C.\n\n{french}\n\n"
                   "## Partie suivante\n\nUn D.\n")
    write_pair(tiny, source, translation)
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, TRANSLATION, "### Trois"), "structure")]


def test_an_extra_heading_is_reported_at_itself(tiny: TinyLibrary) -> None:
    source = "\n## Part\n\n### One\n\nA.\n\n### Two\n\nB.\n\n## Next\n"
    translation = "\n## Partie\n\n### Un\n\nA.\n\n### Un bis\n\nX.\n\n### Deux\n\nB.\n\n## Suite\n"
    write_pair(tiny, source, translation)
    assert found(content_problems(tiny)) == [
        (line_of(tiny, TRANSLATION, "### Un bis"), "structure")]


def test_the_translation_fixture_is_unchanged() -> None:
    # The helpers above rely on these texts having one heading, ## Scope / ## Champ.
    assert "## Scope" in source_text() and "## " in translation_text()


def test_an_item_the_translation_lacks_entirely_is_reported(tiny: TinyLibrary) -> None:
    # The source has one table, the translation none: nothing to align against.
    write_pair(tiny, "\n| A | B |\n|---|---|\n| 1 | 2 |\n", "\nTexte.\n")
    problems = content_problems(tiny)
    assert [p.field for p in problems] == ["structure"]
    assert problems[0].message.startswith("found 0 tables")


def test_a_reference_definition_in_a_quote_is_a_link(tiny: TinyLibrary) -> None:
    # Found by the gate's pre-filter property test: Python-Markdown reads the definition
    # inside the quote, so the scanner must, or the id: target reached the page as it was.
    write_body(tiny, "\n> [f]: id:NCG-0001\n>\n> See [the text][f].\n")
    assert tiny.problems() == [] and content_problems(tiny) == []
    assert [link.target for link in find_links("> [f]: id:NCG-0001\n")] == ["NCG-0001"]
