"""Checks on the bodies of the sources (nisdocs/content.py): unsafe HTML, links and
images, and translations that mirror their source."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, PROJECT, TinyLibrary, mkdocs_yml, source_text, translation_text

from nisdocs.content import check_content
from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.model import Source
from nisdocs.problems import LibraryError, Problem
from nisdocs.publishing import (
    could_be_unsafe,
    publishing_problems,
    refuse_unpublishable,
    unsafe_html,
)
from nisdocs.rendering import EXTENSION_CONFIGS, EXTENSIONS

# NCG-0002 has no translation: its body can change without the structure rule noticing.
SOURCE_2 = "ncg-0002/index.md"
ELEMENTS = ("Markdown, and raw HTML of text, lists, tables, details and figures "
            "(the editors' guide lists the elements); never script, style, iframe, object, "
            "embed, form, svg or math")
UNSAFE_URL = ('allowed: http:, https:, mailto:, id:, law: and relative URLs (javascript:, '
              'vbscript: and data: URLs are refused)')


# Image files as the library accepts them (nisdocs/assets.py checks what they hold).
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>x</title></svg>'


def write_png(tiny: TinyLibrary, path: str) -> None:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (1, 1)).save(out, format="PNG")
    target = tiny.root / "guidelines" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.getvalue())


def content_problems(tiny: TinyLibrary) -> list[Problem]:
    """The problems check_content finds in a tiny library that loads without any."""
    library, problems = tiny.scan()
    assert problems == []
    return check_content(library)


def write_body(tiny: TinyLibrary, body: str, path: str = SOURCE_2) -> None:
    tiny.write(path, source_text("NCG-0002", related="[NCG-0001]") + body)


def line_of(tiny: TinyLibrary, path: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based file line of the `occurrence`-th line holding `needle`."""
    text = (tiny.root / "guidelines" / path).read_text(encoding="utf-8")
    lines = [number for number, line in enumerate(text.split("\n"), 1) if needle in line]
    return lines[occurrence - 1]


def found(problems: list[Problem]) -> list[tuple[int | None, str | None]]:
    return [(problem.line, problem.field) for problem in problems]


# -- rule 1: unsafe HTML ----------------------------------------------------------------


UNSAFE_EXAMPLES = [
    ("<script>alert(1)</script>", "<script>",
     f"found the raw HTML element <script>; allowed: {ELEMENTS}"),
    ('<IFRAME src="https://example.org/"></IFRAME>', "<IFRAME",
     "found the raw HTML element <iframe>"),
    ('<object data="x.swf"></object>', "<object", "found the raw HTML element <object>"),
    ('<form action="https://example.org/"></form>', "<form",
     "found the raw HTML element <form>"),
    ("<style>body { display: none }</style>", "<style", "found the raw HTML element <style>"),
    ('<img src="#" alt="A chart" onerror="alert(1)">', "onerror",
     "found the event-handler attribute onerror on <img>; allowed: no on... attributes: "
     "sources cannot run scripts"),
    ('## A heading {: onclick="alert(1)" }', "onclick",
     "found the event-handler attribute onclick on <h2>"),
    ("[click](javascript:alert(1))", "javascript:",
     f'found the URL "javascript:alert(1)"; {UNSAFE_URL}'),
    ("[click](jav&#x61;script:alert(1))", "jav&#x61;script",
     f'found the URL "javascript:alert(1)"; {UNSAFE_URL}'),
    ('<a href=" &#106;ava&#9;script:alert(1)">click</a>', "&#106;ava",
     'found the URL "javascript:alert(1)"'),
    ("![A chart](data:image/svg+xml;base64,PHN2Zz4=)", "data:image",
     'found the URL "data:image/svg+xml;base64,phn2zz4="'),
    ("[click][evil]\n\n[evil]: VBScript:msgbox(1)", "[evil]: VBScript",
     'found the URL "vbscript:msgbox(1)"'),
    ("Unused.\n\n[spare]: data:text/html,hello", "[spare]:",
     'found the URL "data:text/html,hello"'),
]


@pytest.mark.parametrize(("snippet", "marker", "message"), UNSAFE_EXAMPLES)
def test_unsafe_html_is_found_on_its_line(tiny: TinyLibrary, snippet: str, marker: str,
                                          message: str) -> None:
    write_body(tiny, f"\nSome text.\n\n{snippet}\n\nMore text.\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, SOURCE_2, marker), "html")], problems
    assert problems[0].path == "guidelines/ncg-0002/index.md"
    assert problems[0].message.startswith(message)


def test_code_is_documentation_not_html(tiny: TinyLibrary) -> None:
    write_body(tiny, """
Write `<script>alert(1)</script>` nowhere, nor ``[x](javascript:alert(1))``.

```html
<iframe src="https://example.org/" onload="alert(1)"></iframe>
<a href="javascript:alert(1)">x</a>
```

~~~
<script>
~~~

!!! note "An example"
    ```markdown
    [click](javascript:alert(1)) <object>
    ```

<!-- <script>alert(1)</script> -->

```
[evil]: javascript:alert(1)
```
""")
    assert content_problems(tiny) == []


def test_the_line_skips_the_same_tag_in_code(tiny: TinyLibrary) -> None:
    write_body(tiny, "\nAbout `<script>` elements:\n\n<script>alert(1)</script>\n\n"
                     "<script>alert(2)</script>\n")
    assert found(content_problems(tiny)) == [
        (line_of(tiny, SOURCE_2, "alert(1)"), "html"),
        (line_of(tiny, SOURCE_2, "alert(2)"), "html")]


def test_unsafe_html_of_one_source() -> None:
    source = Source("guidelines/ncg-0009/index.md", "\n## Scope\n\n<embed src=x.swf>\n", 20)
    assert unsafe_html(source) == [Problem(
        "guidelines/ncg-0009/index.md", 23, "html",
        f"found the raw HTML element <embed>; allowed: {ELEMENTS}")]
    assert unsafe_html(Source("x.md", "`<embed>` and <b>bold</b>", 1)) == []


# -- rule 2: links and images -----------------------------------------------------------


def test_a_missing_image(tiny: TinyLibrary) -> None:
    write_body(tiny, "\n![A chart](images/missing.png)\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0002/index.md", line_of(tiny, SOURCE_2, "missing.png"), "image",
        "found images/missing.png, but there is no such file; allowed: an existing file in "
        "guidelines/ncg-0002 or below it")]


def test_existing_files_and_web_links_pass(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/images/chart.svg", SVG)
    tiny.write("ncg-0002/annex/data.svg", SVG)
    write_body(tiny, """
![A chart](images/chart.svg "Caption") and ![Again](./images/chart.svg#x)
[the data](annex/data.svg?download) and [the site](https://example.org/missing.md)
[mail](mailto:someone@example.org) and [elsewhere](//example.org/x)
""")
    assert content_problems(tiny) == []


def test_an_image_outside_the_folder(tiny: TinyLibrary) -> None:
    write_png(tiny, "ncg-0001/images/x.png")
    write_body(tiny, "\nText.\n\n![A chart](../ncg-0001/images/x.png)\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, SOURCE_2, "x.png"), "image")]
    assert problems[0].message.startswith(
        "found ../ncg-0001/images/x.png, outside the folder guidelines/ncg-0002 ")


def test_an_archived_version_has_its_own_images(tiny: TinyLibrary) -> None:
    write_png(tiny, "ncg-0002/images/x.png")
    tiny.write("ncg-0002/1.0/index.md", source_text("NCG-0002") + (
        "\n![Current](../images/x.png)\n\n![Own](images/x.png)\n"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", version='"1.1"', date="2025-01-01")
               + "\n![Current](images/x.png)\n")
    problems = content_problems(tiny)
    archived = "ncg-0002/1.0/index.md"
    assert found(problems) == [(line_of(tiny, archived, "../images/x.png"), "image"),
                               (line_of(tiny, archived, "[Own]"), "image")]
    assert "outside the folder guidelines/ncg-0002/1.0 " in problems[0].message
    assert "no such file" in problems[1].message


def test_a_link_to_a_markdown_file(tiny: TinyLibrary) -> None:
    write_body(tiny, "\nSee [the other](../ncg-0001/index.md#scope).\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0002/index.md", line_of(tiny, SOURCE_2, "index.md#scope"), "link",
        "found ../ncg-0001/index.md#scope, a link to a Markdown file; allowed: links to other "
        "documents by their id, such as [the guideline](id:NCG-0003) or id:NCG-0003#section")]


def test_an_absolute_path(tiny: TinyLibrary) -> None:
    write_body(tiny, "\nSee [the library](/library/ncg-0001/).\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, SOURCE_2, "/library/"), "link")]
    assert problems[0].message.startswith("found /library/ncg-0001/, an absolute path")


def test_an_unknown_anchor(tiny: TinyLibrary) -> None:
    write_body(tiny, "\n## Second part\n\nSee [below](#nowhere).\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0002/index.md", line_of(tiny, SOURCE_2, "#nowhere"), "link",
        "found #nowhere, but this text has no heading with the id nowhere; allowed: the id "
        "of a heading of this text: scope, second-part")]


def test_heading_custom_and_footnote_anchors_pass(tiny: TinyLibrary) -> None:
    write_body(tiny, """
## Second part {#custom}

## Scope

See [the scope](#scope), [again](#scope_1), [the part](#custom) and a note.[^1]
[Back](#fn:1)

[^1]: The note.
""")
    assert content_problems(tiny) == []
    write_body(tiny, "\n## Second part {#custom}\n\nSee [the part](#second-part).\n")
    assert found(content_problems(tiny)) == [(line_of(tiny, SOURCE_2, "(#second-part)"), "link")]


def test_id_link_anchors_name_headings_of_the_linked_text(tiny: TinyLibrary) -> None:
    write_body(tiny, "\nSee [its scope](id:NCG-0001#scope) and [v1](id:NCG-0001@1.0#scope).\n"
                     "Not [this](id:NCG-0001#nope).\n")
    problems = [p for p in content_problems(tiny) if "readers in fr" not in p.message]
    assert problems == [Problem(
        "guidelines/ncg-0002/index.md", line_of(tiny, SOURCE_2, "#nope"), "link",
        "found id:NCG-0001#nope, but the text of NCG-0001 1.0 in en has no heading with the id "
        "nope; allowed: the id of a heading of the text of NCG-0001 1.0 in en: scope")]


def test_id_link_anchors_of_an_untranslated_text_name_headings_in_every_language(
        tiny: TinyLibrary) -> None:
    # Found by the differential test: French readers get NCG-0002 untranslated, with its
    # links leading to NCG-0001 in French, whose heading is "Champ": the strict build
    # refused what check had passed.
    write_body(tiny, "\nSee [its scope](id:NCG-0001#scope).\n")
    problems = content_problems(tiny)
    assert [(p.line, p.field) for p in problems] == [
        (line_of(tiny, SOURCE_2, "#scope"), "link")]
    assert problems[0].message.startswith(
        "for readers in fr, who get this text untranslated: found id:NCG-0001#scope, but the "
        "text of NCG-0001 1.0 in fr has no heading with the id scope; allowed: the id of a "
        "heading of the text of NCG-0001 1.0 in fr: champ, or an id written on the heading "
        "in every language (## Title {#scope})")


def test_id_link_anchors_in_the_reader_language(tiny: TinyLibrary) -> None:
    # French readers of NCG-0002 get NCG-0001 in French, whose heading is "Champ".
    write_body(tiny, "\nSee [its scope](id:NCG-0001#scope).\n")
    tiny.write("ncg-0002/index.fr.md", translation_text("NCG-0002")
               + "\nVoir [son champ](id:NCG-0001#champ).\n")
    assert content_problems(tiny) == []
    tiny.write("ncg-0002/index.fr.md", translation_text("NCG-0002")
               + "\nVoir [son champ](id:NCG-0001#scope).\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, "ncg-0002/index.fr.md", "#scope"), "link")]
    assert "the text of NCG-0001 1.0 in fr has no heading with the id scope" in problems[0].message


def test_unknown_ids_are_left_to_the_library(tiny: TinyLibrary) -> None:
    write_body(tiny, "\nSee [this](id:NCG-0099#a) and [that](id:NCG-0001@9.9#b).\n")
    library, problems = tiny.scan()
    assert len(problems) == 2
    assert check_content(library) == []


def test_an_image_without_alt_text(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/images/chart.svg", SVG)
    write_body(tiny, "\nText.\n\n![](images/chart.svg)\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0002/index.md", line_of(tiny, SOURCE_2, "chart.svg"), "image",
        "found an image without alt text (images/chart.svg); allowed: an image with a "
        "description of what it shows, such as ![Timeline of the reports](images/chart.svg)")]


def test_each_occurrence_gets_its_own_line(tiny: TinyLibrary) -> None:
    write_body(tiny, "\n![](images/gone.png)\n\nText.\n\n![](images/gone.png)\n\n"
                     "[a](#nope) and [b](#nope)\n")
    first, second = (line_of(tiny, SOURCE_2, "gone.png", n) for n in (1, 2))
    nope = line_of(tiny, SOURCE_2, "#nope")
    # Missing and without alt text, twice; the two links on one line are one problem.
    assert sorted(found(content_problems(tiny))) == [
        (first, "image"), (first, "image"), (second, "image"), (second, "image"),
        (nope, "link")]


# -- rule 3: translations mirror their source -------------------------------------------


def write_pair(tiny: TinyLibrary, source: str, translation: str) -> None:
    tiny.write("ncg-0001/index.md", source_text("NCG-0001") + source)
    tiny.write("ncg-0001/index.fr.md", translation_text("NCG-0001") + translation)


TRANSLATION = "ncg-0001/index.fr.md"
WHERE = "the source guidelines/ncg-0001/index.md, version 1.0,"


def test_a_missing_heading(tiny: TinyLibrary) -> None:
    write_pair(tiny, "\n## Second\n\n### Detail\n\n## Third\n",
               "\n## Deuxième\n\n## Troisième\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0001/index.fr.md", line_of(tiny, TRANSLATION, "Troisième"), "structure",
        f"found 3 headings (## ## ##); {WHERE} has 4 (## ## ### ##); allowed: the same "
        "headings as the source, in the same order, with the same {#id}s")]


def test_a_heading_id_the_translation_drops(tiny: TinyLibrary) -> None:
    """An explicit {#id} keeps a section's anchor the same in every language."""
    write_pair(tiny, "\n## Second {#second}\n\n## Third { #third .wide }\n",
               "\n## Deuxième {#second}\n\n## Troisième\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0001/index.fr.md", line_of(tiny, TRANSLATION, "Troisième"), "structure",
        f"found 3 headings (## ## {{#second}} ##); {WHERE} has 3 (## ## {{#second}} "
        "## {#third}); allowed: the same headings as the source, in the same order, with the "
        "same {#id}s")]
    write_pair(tiny, "\n## Second {#second}\n", "\n## Deuxième {: #second }\n")
    assert content_problems(tiny) == []


def test_a_heading_missing_at_the_end(tiny: TinyLibrary) -> None:
    write_pair(tiny, "\n## Second\n\nText.\n\n## Third\n", "\n## Deuxième\n\nTexte.\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, TRANSLATION, "Deuxième"), "structure")]
    assert problems[0].message.startswith("found 2 headings (## ##); ")


TABLE = "\n| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n"


@pytest.mark.parametrize(("table", "shown"), [
    ("\n| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n", "2×3"),
    ("\n| A | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n| 3 | 4 | 5 |\n", "3×2"),
])
def test_a_different_table(tiny: TinyLibrary, table: str, shown: str) -> None:
    write_pair(tiny, f"\nText.\n{TABLE}", f"\nTexte.\n{table}")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0001/index.fr.md", line_of(tiny, TRANSLATION, "| A |"), "structure",
        f"found 1 table (columns×rows: {shown}); {WHERE} has 1 (2×2); allowed: the same "
        "tables as the source, with as many columns and rows")]


def test_a_missing_table(tiny: TinyLibrary) -> None:
    write_pair(tiny, f"\nText.\n{TABLE}\nMore.\n{TABLE}", f"\nTexte.\n{TABLE}")
    problems = content_problems(tiny)
    assert [problem.message.split(";")[0] for problem in problems] == [
        "found 1 table (columns×rows: 2×2)"]


def test_a_missing_footnote(tiny: TinyLibrary) -> None:
    write_pair(tiny, "\nOne.[^1] Two.[^2]\n\n[^1]: First.\n[^2]: Second.\n",
               "\nUn.[^1] Deux.\n\n[^1]: Premier.\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0001/index.fr.md", line_of(tiny, TRANSLATION, "Un.[^1]"), "structure",
        f"found 1 footnote reference ([^1]); {WHERE} has 2 ([^1] [^2]); allowed: the same "
        "footnotes as the source, in the same order")]


def test_a_missing_footnote_definition(tiny: TinyLibrary) -> None:
    write_pair(tiny, "\nOne.[^1] Two.[^2]\n\n[^1]: First.\n[^2]: Second.\n",
               "\nUn.[^1] Deux.[^2]\n\n[^1]: Premier.\n")
    problems = content_problems(tiny)
    # The reference without a definition is a footnote problem of the text itself.
    assert found(problems) == [(line_of(tiny, TRANSLATION, "[^2]"), "footnote"),
                               (line_of(tiny, TRANSLATION, "[^1]: Premier"), "structure")]
    assert problems[1].message.startswith("found 1 footnote definition ([^1]); ")


def test_different_link_targets(tiny: TinyLibrary) -> None:
    write_pair(tiny, "\nSee [Art. 23(1)](law:NIS2/23/1) and [the scope](id:NCG-0001#scope).\n",
               "\nVoir [l'art. 23(3)](law:NIS2/23/3) et [le champ](id:NCG-0001#champ).\n")
    assert content_problems(tiny) == [Problem(
        "guidelines/ncg-0001/index.fr.md", line_of(tiny, TRANSLATION, "law:NIS2/23/3"),
        "structure",
        f"found 2 id: or law: links, without law:NIS2/23/1 and with law:NIS2/23/3, which the "
        f"source has not; {WHERE} has 2; allowed: the same id: and law: links as the source, "
        "in any order (id: anchors may differ)")]


def test_different_images(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/images/a.svg", SVG)
    tiny.write("ncg-0001/images/b.svg", SVG)
    write_pair(tiny, "\n![A](images/a.svg)\n\n![B](images/b.svg)\n", "\n![B](images/b.svg)\n")
    problems = content_problems(tiny)
    assert found(problems) == [(line_of(tiny, TRANSLATION, "b.svg"), "structure")]
    assert problems[0].message == (
        f"found 1 image (images/b.svg); {WHERE} has 2 (images/a.svg images/b.svg); allowed: "
        "the same images as the source, in the same order")


def test_a_mirrored_translation_passes(tiny: TinyLibrary) -> None:
    body = "\n## Second\n\nOne.[^1] [x](law:NIS2/23/1)\n{table}\n[^1]: Note.\n"
    write_pair(tiny, body.format(table=TABLE),
               body.format(table=TABLE).replace("Second", "Deuxième").replace("Note", "Texte"))
    assert content_problems(tiny) == []


def test_an_outdated_translation_is_compared_with_its_version(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/1.0/index.md", source_text("NCG-0001") + "\n## Old part\n")
    tiny.write("ncg-0001/index.md", source_text("NCG-0001", version='"1.1"', date="2025-01-01")
               + "\n## New part\n\n## Another part\n")
    tiny.write(TRANSLATION, translation_text("NCG-0001") + "\n## Ancienne partie\n")
    assert content_problems(tiny) == []
    tiny.write(TRANSLATION, translation_text("NCG-0001")
               + "\n## Nouvelle partie\n\n## Autre partie\n")
    problems = content_problems(tiny)
    # One heading too many, of the level of its neighbours: either could be it; the one
    # nearer to where the source's heading sits is named.
    assert found(problems) == [(line_of(tiny, TRANSLATION, "Nouvelle partie"), "structure")]
    assert problems[0].message == (
        "found 3 headings (## ## ##); the source guidelines/ncg-0001/1.0/index.md, version "
        "1.0, has 2 (## ##); allowed: the same headings as the source, in the same order, "
        "with the same {#id}s")


def test_long_lists_are_shortened(tiny: TinyLibrary) -> None:
    headings = "".join(f"\n## Part {n}\n" for n in range(30))
    write_pair(tiny, headings, headings.replace("## Part 20", "### Part 20"))
    message = content_problems(tiny)[0].message
    assert len(message) < 300, message
    assert "... (" in message


# -- robustness and the sample ----------------------------------------------------------


def test_bad_input_does_not_raise(tiny: TinyLibrary) -> None:
    write_body(tiny, "\n```\nunclosed fence\n\n![x](images/\x00.png) [top](#) [here]() "
                     "[w](\\\\server\\share) `` ` <a href='java\nscript:x'>a</a>\n"
                     "| a |\n|---\n" + "[" * 500 + "\n<script>\n")
    problems = content_problems(tiny)
    line = line_of(tiny, SOURCE_2, "[top]")  # where the javascript: URL starts too
    # The NUL in the image's path is one browsers replace; the javascript: URL is refused.
    assert found(problems) == [(line, "html"), (line, "html"), (line, "image"), (line, "link"),
                               (line_of(tiny, SOURCE_2, "<script>"), "html")], problems
    assert problems[2].message.startswith("found images/\\x00.png, but there is no such file")


def test_a_converter_error_is_a_problem(tiny: TinyLibrary,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    convert = markdown.Markdown.convert

    def fail_in_french(self: markdown.Markdown, text: str) -> str:
        if "Champ" in text:
            raise ValueError("broken")
        return str(convert(self, text))

    library, _problems = tiny.scan()
    monkeypatch.setattr(markdown.Markdown, "convert", fail_in_french)
    # Reported once, without a structure problem for the headings it seems to lack.
    assert check_content(library) == [Problem(
        "guidelines/ncg-0001/index.fr.md", None, "html",
        "found Markdown that cannot be rendered (ValueError: broken); allowed: Markdown as "
        "the site renders it")]


def test_extensions_are_the_sites() -> None:
    config = mkdocs_yml()
    names = [next(iter(entry)) if isinstance(entry, dict) else entry
             for entry in config["markdown_extensions"]]
    assert tuple(names) == EXTENSIONS
    options = {name: values for entry in config["markdown_extensions"]
               if isinstance(entry, dict) for name, values in entry.items()}
    assert options == {**EXTENSION_CONFIGS,
                       "toc": {"permalink": True, **EXTENSION_CONFIGS["toc"]}}


def test_aligned_table_columns_need_no_style_attribute() -> None:
    """A column's alignment survives the pages' policy (style-src 'self', no style
    attributes): the site's Markdown writes it as `align`, which material's stylesheet
    leaves to the browser (issue 18: 324 violations on one page)."""
    from mkdocs.config import load_config

    config = load_config(str(PROJECT / "mkdocs.yml"))
    html = markdown.markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
                             extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs)
    cells = BeautifulSoup(html, "html.parser").select("th, td")
    assert [cell.get("align") for cell in cells] == ["left", "center", "right"] * 2
    assert not [cell for cell in cells if cell.get("style")]


def test_the_sample_library_passes(sample_library: Library) -> None:
    assert check_content(sample_library) == []


def test_the_sample_checks_see_its_content(tmp_path: Path) -> None:
    # Not a tautology: the sample's Bulgarian NCG-0003, which translates version 1.0, with
    # a heading turned into text, is found wrong against guidelines/ncg-0003/1.0/index.md.
    shutil.copytree(PROJECT / "guidelines", tmp_path / "guidelines")
    path = tmp_path / "guidelines" / "ncg-0003" / "index.bg.md"
    text = path.read_text(encoding="utf-8")
    assert "\n### Ранно предупреждение\n" in text
    path.write_text(text.replace("\n### Ранно предупреждение\n", "\nРанно предупреждение\n"),
                    encoding="utf-8")
    problems = check_content(load_library(LibraryConfig(tmp_path, LANGUAGES)))
    assert [(problem.path, problem.field) for problem in problems] == [
        ("guidelines/ncg-0003/index.bg.md", "structure")]
    assert problems[0].message.startswith("found 9 headings (")
    assert "the source guidelines/ncg-0003/1.0/index.md, version 1.0, has 10 (" in (
        problems[0].message)


# -- what the build refuses ---------------------------------------------------------------

# Links and images the links-and-images rule reports.
LINK_EXAMPLES = ["![A chart](images/missing.png)", "![A chart](../ncg-0001/images/x.png)",
                 "See [the other](../ncg-0001/index.md#scope).",
                 "See [the library](/library/ncg-0001/).", "[Passwords][p]\n\n[p]: /etc/passwd",
                 "[elsewhere](//example.org/x)"]


@pytest.mark.parametrize("snippet", [*(example[0] for example in UNSAFE_EXAMPLES),
                                     *LINK_EXAMPLES])
def test_the_build_looks_at_every_text_a_rule_could_report(snippet: str) -> None:
    assert could_be_unsafe(f"\nSome text.\n\n{snippet}\n\nMore text.\n")


def test_the_build_skips_texts_no_rule_could_report() -> None:
    body = """
## Scope {#scope}

Plain text with [a guideline](id:NCG-0003#scope), [an article](law:NIS2/23/4/a),
[a site](https://example.org/x?a=1) and [mail](mailto:a@example.org).[^1]

| Sector | Entities |
|---|---:|
| Energy | 12 |

[^1]: A footnote with `code` in a code span.
"""
    assert not could_be_unsafe(body)


def test_the_build_refuses_what_check_reports(tiny: TinyLibrary) -> None:
    write_png(tiny, "ncg-0001/images/x.png")
    write_body(tiny, "\n<script>alert(1)</script>\n\n![A chart](../ncg-0001/images/x.png)\n")
    library, _ = tiny.scan()
    refused = publishing_problems(library)
    assert [p.field for p in refused] == ["html", "image"]
    assert refused == [p for p in content_problems(tiny) if p.field in ("html", "image")]
    with pytest.raises(LibraryError):
        refuse_unpublishable(library)
