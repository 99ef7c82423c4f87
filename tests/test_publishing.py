"""The publishing gate (nisdocs/publishing.py): one decision, by allow-list, for
`nisdocs check` and the build alike.

Bodies are generated from the pieces people write (links, reference definitions, images,
raw HTML) nested in any order in quotes, lists, admonitions, collapsible blocks and
footnotes. Three properties hold for every one of them:

- the pre-filter lets through every body the gate refuses (so the build, which renders
  only those, refuses what the gate refuses);
- the build's gate (`publishing_problems`) refuses exactly what `nisdocs check` reports in
  the gate's fields, on a library in memory;
- the same, end to end: `nisdocs check` and a real `mkdocs build` of a generated library.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nh3
import pytest
from conftest import TOPICS, TinyLibrary, copy_project, run_mkdocs_build, source_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nisdocs.content import check_content
from nisdocs.model import Source
from nisdocs.problems import Problem
from nisdocs.publishing import (
    ALLOWED_TAGS,
    Text,
    could_be_unsafe,
    publishing_problems,
    refused_html,
    text_problems,
    unsafe_html,
)
from nisdocs.rendering import Renderer


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, format="PNG")
    return out.getvalue()


PNG = _png()
BODY_START = "\n## Scope\n\nText of the document.\n\n"
GATE_FIELDS = ("html", "link", "image")

# -- the bypasses that were measured ------------------------------------------------

# A reference definition anywhere Markdown accepts one: `nisdocs check` refused these
# and the build published them (its pre-filter only looked at definitions at a line's
# start). The SVG animation and the script behind `<!-->` passed both.
BYPASSES = {
    "definition-in-a-quote": "[click][f]\n\n> [f]: javascript:alert(1)\n",
    "definition-in-a-list-item": "- [click][f]\n\n    [f]: javascript:alert(1)\n",
    "definition-in-an-ordered-list": "1. A step.\n   [f]: javascript:alert(1)\n\n[click][f]\n",
    "definition-in-an-admonition": ('!!! note "Note"\n    [click][f]\n\n'
                                    "    [f]: javascript:alert(1)\n"),
    "definition-in-a-footnote": ("Text.[^1]\n\n[^1]: See [here][f].\n\n"
                                 "    [f]: javascript:alert(1)\n"),
    "definition-in-a-collapsible-quote": ('??? note "More"\n    > [click][f]\n    >\n'
                                          "    > [f]: javascript:alert(1)\n"),
    "url-on-the-next-line": "[click][f]\n\n[f]:\n  javascript:alert(1)\n",
    "svg-animation-setting-a-link": ('<svg><a><set attributeName="href" '
                                     'to="javascript:alert(1)"/><text>x</text></a></svg>\n'),
    "script-behind-an-abrupt-comment": "<!--><script>alert(1)</script>-->\n",
}


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_a_measured_bypass_is_refused_by_check_and_build(name: str, tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002") + BODY_START + BYPASSES[name])
    library, problems = tiny.scan()
    assert problems == []
    refused = publishing_problems(library)
    assert refused, "the build would publish it"
    assert all(problem.line is not None for problem in refused), refused
    assert refused == gate_problems(check_content(library))


def test_the_gate_is_nh3s_allow_list() -> None:
    # Whatever nh3 keeps under the allow-list passes; whatever it removes is refused.
    kept = '<p><b>bold</b> <abbr title="x">X</abbr> <a href="https://example.org/">a</a></p>'
    assert refused_html(kept) == []
    assert nh3.clean(kept, link_rel=None) == kept
    cell = '<table><tbody><tr><td style="{}">x</td></tr></tbody></table>'
    assert refused_html(cell.format("text-align: left;")) == []
    assert refused_html(cell.format("color: red")) == [("attribute", "td", "style", "color")]
    # A cell outside a table is dropped by browsers: refused as written.
    assert refused_html("<td>x</td>") == [("element", "td")]
    assert {"script", "style", "iframe", "svg", "math", "form"}.isdisjoint(ALLOWED_TAGS)


# -- generated bodies -------------------------------------------------------------------

TARGETS = st.sampled_from([
    "https://example.org/a?b=1", "http://example.org/", "mailto:office@example.org",
    "id:NCG-0001", "law:NIS2/21/2/d", "#scope", "images/chart.png", "images/missing.png",
    "../ncg-0001/index.md", "../../../etc/passwd", "/absolute/path", "other.md",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x61;script:alert(1)",
    "java&#9;script:alert(1)", "data:text/html,x", "vbscript:msgbox(1)", "ftp://example.org/",
    "tel:+3212345", "file:///etc/passwd", "//evil.example/x", " javascript:alert(1)", "",
])
LABELS = st.sampled_from(["f", "Ref 1", "x"])
WORDS = st.sampled_from(["Text", "An entity", "Σύνοψη", "Инцидент", "x & y", "5 < 6"])


def _inline(target: str, label: str, word: str) -> list[str]:
    return [f"[{word}]({target})", f"[{word}][{label}]", f"![{word}]({target})",
            f"![]({target})", f"<{target}>", f'<a href="{target}">{word}</a>',
            f'<img src="{target}" alt="{word}">', f"[{word}]({target}){{: .note }}",
            f'[{word}]({target}){{: title="t" }}', f"{word}[^1]", f"**{word}**"]


INLINE = st.builds(lambda choice, *parts: _inline(*parts)[choice],
                   st.integers(0, 10), TARGETS, LABELS, WORDS)
RAW_HTML = st.sampled_from([
    "<b>bold</b>", '<span title="t">x</span>', '<p onclick="alert(1)">x</p>',
    "<script>alert(1)</script>", '<iframe src="https://example.org/"></iframe>',
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    "<!--><script>alert(1)</script>-->", "<!-- a comment -->",
    '<details><summary>More</summary><p>x</p></details>',
    '<table><tr><td style="text-align: right">1</td></tr></table>',
    '<td style="background: url(https://evil.example/x)">x</td>',
    "<object data=x></object>", '<div markdown="1">*x*</div>', "<kbd>Ctrl</kbd>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "<br>", "<tr><td>x</td></tr>",
])
LEAVES = st.one_of(
    st.lists(INLINE, min_size=1, max_size=3).map(" ".join),
    st.builds(lambda label, target: f"[{label}]: {target}", LABELS, TARGETS),
    st.builds(lambda label, target: f"[{label}]:\n  {target}", LABELS, TARGETS),
    st.builds(lambda text: f"[^1]: {text}", INLINE),
    RAW_HTML,
    st.builds(lambda text: f"## {text} {{#part}}", WORDS),
)


def _indent(block: str, prefix: str, rest: str) -> str:
    lines = block.split("\n")
    return "\n".join([prefix + lines[0], *(rest + line if line else "" for line in lines[1:])])


def _nest(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    blocks = st.lists(inner, min_size=1, max_size=3).map("\n\n".join)
    return st.one_of(
        blocks.map(lambda b: "\n".join("> " + line if line else ">" for line in b.split("\n"))),
        blocks.map(lambda b: _indent(b, "- ", "    ")),
        blocks.map(lambda b: _indent(b, "1. ", "   ")),
        blocks.map(lambda b: '!!! note "Note"\n' + _indent(b, "    ", "    ")),
        blocks.map(lambda b: '??? tip "More"\n' + _indent(b, "    ", "    ")),
        blocks.map(lambda b: "[^1]: " + _indent(b, "", "    ")),
    )


BODIES = st.lists(st.recursive(LEAVES, _nest, max_leaves=6), min_size=1, max_size=4).map(
    lambda blocks: BODY_START + "\n\n".join(blocks) + "\n")


def gate_problems(problems: list[Problem]) -> list[Problem]:
    """The problems of `nisdocs check` that are the gate's: in its fields, and not the
    check of #anchors, which only `nisdocs check` makes."""
    return [problem for problem in problems if problem.field in GATE_FIELDS
            and "has no heading with the id" not in problem.message]


@settings(max_examples=400, deadline=None)
@given(BODIES)
def test_the_pre_filter_lets_through_every_body_the_gate_refuses(body: str) -> None:
    text = Text(Source("guidelines/ncg-0002/index.md", body, 12), "en",
                Renderer().render(body), str(Path(__file__).parent / "no-such-folder"))
    if list(text_problems(text)):
        assert could_be_unsafe(body)


@pytest.fixture(scope="module")
def gate_library(tmp_path_factory: pytest.TempPathFactory) -> TinyLibrary:
    root = tmp_path_factory.mktemp("gate")
    library = TinyLibrary(root)
    library.write("topics.yml", TOPICS)
    library.write("ncg-0001/index.md", source_text("NCG-0001"))
    (root / "guidelines/ncg-0002/images").mkdir(parents=True)
    (root / "guidelines/ncg-0002/images/chart.png").write_bytes(PNG)
    return library


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(BODIES)
def test_the_build_refuses_exactly_what_check_reports(gate_library: TinyLibrary,
                                                      body: str) -> None:
    gate_library.write("ncg-0002/index.md", source_text("NCG-0002") + body)
    library, _problems = gate_library.scan()
    if "NCG-0002" not in library.documents:  # a body the loader refuses (an id: link)
        return
    assert publishing_problems(library) == gate_problems(check_content(library))


def test_unsafe_html_of_a_source() -> None:
    assert unsafe_html(Source("x.md", "`<script>` is code, <b>this</b> is not", 1)) == []


# -- end to end: nisdocs check and mkdocs build ----------------------------------------

_PROBLEM = re.compile(r"(guidelines/\S+?:\d*:? ?(?:html|link|image): .*)$", re.MULTILINE)


def _reported(output: str) -> set[str]:
    return {match.strip() for match in _PROBLEM.findall(output)
            if "has no heading with the id" not in match}


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(BODIES, min_size=1, max_size=8))
def test_check_and_a_real_build_agree_on_generated_documents(
        tmp_path_factory: pytest.TempPathFactory, bodies: list[str]) -> None:
    project = copy_project(tmp_path_factory.mktemp("agree") / "project")
    for number, body in enumerate(bodies, start=901):
        folder = project / "guidelines" / f"ncg-0{number}"
        (folder / "images").mkdir(parents=True)
        (folder / "images" / "chart.png").write_bytes(PNG)
        (folder / "index.md").write_text(source_text(f"NCG-0{number}") + body, encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "nisdocs.cli", "check", "--config",
                            str(project / "mkdocs.yml")], capture_output=True, text=True,
                           cwd=project, timeout=300)
    build = run_mkdocs_build(project, project / "site", pdf_cache=project / ".cache",
                             env={**os.environ, "NISDOCS_PDF": "false"})
    assert "Traceback" not in check.stderr + build.output
    refused = _reported(build.output)
    assert refused == _reported(check.stdout), build.output[-3000:]
    if refused:
        assert build.returncode != 0, build.output[-3000:]
    # Whatever else stops the build (such as a footnote's link back to a reference the
    # text lacks, which mkdocs --strict warns of), check reported first.
    if build.returncode != 0:
        assert check.returncode == 1, build.output[-3000:]


@pytest.mark.parametrize("written", ['<a href="law:NIS2/21">the measures</a>',
                                     '<a href="id:NCG-0001">the guideline</a>',
                                     '<a href="LAW:NIS2 Art. 21(2)(d)">x</a>'])
def test_an_id_or_law_href_the_site_cannot_resolve_is_refused(written: str,
                                                               tiny: TinyLibrary) -> None:
    # An id: or law: href that only raw HTML writes reached the page unresolved, a dead link.
    tiny.write("ncg-0002/index.md", source_text("NCG-0002") + BODY_START + written + "\n")
    library, _ = tiny.scan()
    refused = [p for p in publishing_problems(library) if p.field == "link"]
    assert len(refused) == 1 and refused[0].line is not None, refused
    assert "cannot resolve" in refused[0].message


def test_a_markdown_id_or_law_link_is_not_refused_by_the_gate(tiny: TinyLibrary) -> None:
    body = "See [the guideline](id:NCG-0001) and [the measures](law:NIS2/21) <b>now</b>.\n"
    tiny.write("ncg-0002/index.md", source_text("NCG-0002") + BODY_START + body)
    library, _ = tiny.scan()
    assert [p for p in publishing_problems(library) if p.field == "link"] == []
