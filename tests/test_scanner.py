"""The one Markdown scanner agrees with the site's renderer: what it calls code is what
Python-Markdown renders as code, and its headings are the HTML's, in order."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from nisdocs.rendering import Renderer
from nisdocs.scanner import code_blocks, headings, link_targets, mask_code

_RENDERER = Renderer()
_MARK = re.compile(r"[CT]\d+")


@st.composite
def bodies(draw: st.DrawFn) -> str:
    """Bodies of the constructs that decide what is code and what is a heading: fences
    (``` and ~~~, closed or not, in lists and admonitions), code spans (over a line break
    too), ATX and setext headings, lists, quotes, admonitions and links. Every word is a
    unique mark: C<n> is written inside code, T<n> outside."""
    counter = iter(range(10_000))

    def mark(kind: str) -> str:
        return f"{kind}{next(counter)}"

    def code_line() -> str:
        return draw(st.sampled_from(["{} [x](id:NCG-9) {}", "# {} {}", "{} `{}`", "{}: {}"])
                    ).format(mark("C"), mark("C"))

    def text(indent: str = "") -> str:
        words = [mark("T") for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            words.insert(1, f"`{mark('C')}`")
        if draw(st.booleans()):
            words.append(f"``{mark('C')}\n{indent}{mark('C')}``")
        if draw(st.booleans()):
            words.append(f"[{mark('T')}](id:NCG-0001)")
        return " ".join(words)

    def fence(indent: str) -> list[str]:
        marker = draw(st.sampled_from(["```", "~~~", "````"]))
        lines = [indent + marker + draw(st.sampled_from(["", "markdown", " text"]))]
        lines += [indent + code_line() for _ in range(draw(st.integers(1, 3)))]
        lines.append(indent + marker)
        return lines

    def block() -> list[str]:
        kind = draw(st.sampled_from(["paragraph", "heading", "setext", "fence", "list",
                                     "list-fence", "quote", "admonition", "admonition-fence"]))
        if kind == "heading":
            return [f"{'#' * draw(st.integers(1, 4))} {mark('T')}"]
        if kind == "setext":
            return [mark("T"), draw(st.sampled_from(["===", "---"]))]
        if kind == "fence":
            return fence("")
        if kind == "list":
            return [f"- {text('  ')}", f"- {text('  ')}"]
        if kind == "list-fence":
            return [f"- {text('  ')}", "", *fence("    ")]
        if kind == "quote":
            return [f"> {text('> ')}"]
        if kind == "admonition":
            return ["!!! note", f"    {text('    ')}"]
        if kind == "admonition-fence":
            return ["!!! note", "", *fence("    ")]
        return [text()]

    blocks = [block() for _ in range(draw(st.integers(1, 6)))]
    return "\n\n".join("\n".join(lines) for lines in blocks) + "\n"


def _rendered(body: str) -> BeautifulSoup:
    page = _RENDERER.render(body)
    assert page.error is None
    return BeautifulSoup(page.html, "html.parser")


@settings(max_examples=300, deadline=None)
@given(bodies())
def test_what_the_scanner_calls_code_is_what_the_site_shows_as_code(body: str) -> None:
    html = _rendered(body)
    in_code = {m for code in html.find_all("code") for m in _MARK.findall(code.get_text())}
    masked = set(_MARK.findall(mask_code(body)))
    every = set(_MARK.findall(body))
    assert masked == every - in_code


@settings(max_examples=300, deadline=None)
@given(bodies())
def test_the_scanner_finds_the_headings_the_site_shows(body: str) -> None:
    html = _rendered(body)
    shown = [(int(h.name[1]), h.get_text().strip())
             for h in html.find_all(re.compile(r"^h[1-6]$"))]
    assert [(h.level, h.text) for h in headings(mask_code(body))] == shown


@settings(max_examples=200, deadline=None)
@given(bodies())
def test_links_are_found_outside_code_only(body: str) -> None:
    html = _rendered(body)
    hrefs = [a["href"] for a in html.find_all("a") if a.get("href", "").startswith("id:")]
    assert [t.target for t in link_targets(mask_code(body))] == hrefs


def test_fences_as_the_renderer_reads_them() -> None:
    body = "```\ncode\n```\n\n~~~~\n```\nstill code\n~~~~\n\n```\nnever closed\n"
    assert code_blocks(body) == [(0, 3), (4, 8)]
    assert "never closed" in mask_code(body) and "still code" not in mask_code(body)
