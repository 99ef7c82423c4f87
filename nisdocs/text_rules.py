"""Rules on one text's Markdown that the renderer would not refuse but readers would
suffer from: field "heading" and field "footnote" of `nisdocs check`.

- The page's title is the front matter's `title`, shown as the page's one level-1
  heading: a level-1 heading in the body (`# Title`, or a line underlined with `===`)
  would make a second one, for screen readers a second page title.
- A footnote reference needs a definition (Python-Markdown shows `[^label]` as text
  otherwise), a definition needs a reference (it would be listed with a link back to
  nowhere), and a label is defined once (the site keeps the last definition, the PDF
  the first).
"""

from __future__ import annotations

from collections.abc import Iterator

from .problems import Problem, did_you_mean, shorten
from .publishing import Text
from .scanner import Heading, footnote_definitions, footnote_references, headings


def text_rule_problems(text: Text) -> Iterator[Problem]:
    yield from _level_one_headings(text)
    yield from _footnotes(text)


def _level_one_headings(text: Text) -> Iterator[Problem]:
    # The rendered HTML says whether there is one; the scanner says on which line.
    if 1 not in text.page.headings:
        return
    found: list[Heading | None] = [heading for heading in headings(text.page.masked)
                                   if heading.level == 1]
    for heading in found or [None]:
        line = text.lines.file_line(heading.line) if heading else None
        title = shorten(heading.text, 60) if heading else ""
        yield Problem(text.source.path, line, "heading", (
            f'found the level-1 heading "{title}"; allowed: headings of levels 2 to 6 '
            f"(## {title or 'Title'}), since the page's title, from the front matter, is "
            "its one level-1 heading"))


def _footnotes(text: Text) -> Iterator[Problem]:
    references = footnote_references(text.page.masked)
    definitions = footnote_definitions(text.page.masked)
    defined = [footnote.label for footnote in definitions]
    used = {footnote.label for footnote in references}
    reported: set[str] = set()
    for footnote in references:
        if footnote.label in defined or footnote.label in reported:
            continue
        reported.add(footnote.label)
        allowed = ", ".join(sorted(set(defined))) or "none"
        yield Problem(text.source.path, text.lines.file_line(footnote.line), "footnote", (
            f"found [^{shorten(footnote.label)}], which has no definition; allowed: a label "
            f"defined in this text ([^label]: the note): {allowed}"
            f"{did_you_mean(footnote.label, defined)}"))
    seen: set[str] = set()
    for footnote in definitions:
        if footnote.label in seen:
            yield Problem(text.source.path, text.lines.file_line(footnote.line), "footnote", (
                f"found a second definition [^{shorten(footnote.label)}]:; allowed: one "
                "definition a label (the site and the PDF would each show another one)"))
        seen.add(footnote.label)
        if footnote.label not in used:
            yield Problem(text.source.path, text.lines.file_line(footnote.line), "footnote", (
                f"found the definition [^{shorten(footnote.label)}]:, which no reference "
                f"uses; allowed: a definition for each [^label] of the text"
                f"{did_you_mean(footnote.label, sorted(used - set(defined)))}"))
