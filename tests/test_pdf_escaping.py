"""pandoc's typst is never misread by typst: markup next to punctuation, and text that
looks like typst or TeX, in every context a body has (issue 18)."""

from __future__ import annotations

import os

from conftest import TOPICS, TinyLibrary, source_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfcheck import full_text
from test_pdf_export import compile_tiny, english_pdf, with_body

from nisdocs.content import check_content

MARKUP = ["*{w}*", "**{w}**", "`{w}`", "[{w}](https://example.eu/x)", "[{w}](id:NCG-0002)",
          "[{w}](law:NIS2/21/2/d)", "{w}[^{n}]", "~~{w}~~", "_{w}_"]
AFTER = [".cloud", "(x)", "[y]", "#set", "$5", "@ref", "<5", "*", "_", "\\\\", "~", ":a",
         "'s", "\u00a0€", ".", "…", "—x"]
LOOKS_LIKE_CODE = ["#set text(red)", "#import \"x.typ\": *", "$x^2$", "@label", "x < y > z",
                   "= Heading", "\\section{Intro}", "\\textbf{x}", "{{x}}", "#{1 + 1}",
                   "#let a = 1", "// comment", "/* block */", "a -- b --- c", "`#raw`"]
CONTEXTS = ["{s}", "## {s}", "| {s} | cell |\n|---|---|\n| {s} | x |", "- {s}\n- item",
            "> {s}", "!!! note \"{s}\"\n    {s}", "Text.[^o{n}]\n\n[^o{n}]: {s}"]


@st.composite
def snippet(draw: st.DrawFn) -> tuple[str, str]:
    """(Markdown, a word that must show in the PDF)."""
    word = "W" + draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8))
    if draw(st.booleans()):
        text = draw(st.sampled_from(MARKUP)).format(w=word, n="{n}") + draw(
            st.sampled_from(AFTER))
    else:
        text = f"{word} {draw(st.sampled_from(LOOKS_LIKE_CODE))}"
    return draw(st.sampled_from(CONTEXTS)).replace("{s}", text), word


@settings(max_examples=int(os.environ.get("NISDOCS_ESCAPING_EXAMPLES", "12")), deadline=None,
          derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(snippet(), min_size=4, max_size=10))
def test_markup_and_code_like_text_build_and_show(tmp_path_factory: object,
                                                  snippets: list[tuple[str, str]]) -> None:
    root = tmp_path_factory.mktemp("escaping")  # type: ignore[attr-defined]
    tiny = TinyLibrary(root)
    tiny.write("topics.yml", TOPICS)
    tiny.write("ncg-0002/index.md", source_text("NCG-0002"))
    # Each snippet's footnotes have labels of their own, each defined once.
    parts = [markdown.replace("{n}", str(index)) for index, (markdown, _) in enumerate(snippets)]
    notes = [f"[^{index}]: Note {index}." for index, part in enumerate(parts)
             if f"[^{index}]" in part]
    body = "\n\n".join(parts + notes) + "\n"
    tiny.write("ncg-0001/index.md", with_body(body))
    library, problems = tiny.scan()
    assert problems == [], body
    assert check_content(library) == [], body
    text = full_text(english_pdf(compile_tiny(tiny))).replace("\u00ad", "")
    for _, word in snippets:
        assert word in text, (word, body)
