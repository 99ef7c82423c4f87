"""The render patches of the mkdocs adapter (nisdocs/mkdocs/patches/): a text shown
untranslated is converted once for all languages (shared_render), material's navigation
is rendered once per place (navigation_cache), and the site is the same as when every
page is converted and rendered by itself, with no patch at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import PROJECT, Build, run_mkdocs_build

from nisdocs.links import resolve_law_hrefs
from nisdocs.mkdocs.patches.shared_render import links_only_pages


@pytest.mark.parametrize(("markdown", "shared"), [
    ("Plain text with a footnote.[^1]\n\n[^1]: A note, not a link.\n", True),
    ("See [the guideline](../../library/ncg-0002/index.md#scope).\n", True),
    ("See [Article 21](law:NIS2/21/2/d), [EUR-Lex](https://eur-lex.europa.eu/) "
     "and [above](#top).\n", True),
    ("[label]: ../ncg-0002/index.md\n", True),
    ("![A timeline](images/timeline.svg)\n", False),  # an image: not copied per language
    ("[The form](forms/report.pdf)\n", False),
    ("[label]: images/timeline.svg\n", False),
    ('<img src="images/timeline.svg" alt="A timeline">\n', False),
    ('<a href="forms/report.pdf">The form</a>\n', False),
])
def test_which_texts_read_the_same_from_every_language(markdown: str, shared: bool) -> None:
    assert links_only_pages(markdown) is shared


def test_law_links_are_resolved_in_the_html() -> None:
    html = ('<p><a href="law:NIS2/21/2/d">Article 21</a> and '
            '<a href="law:NOPE/1">an unknown act</a></p>')
    urls = {"NIS2/21/2/d": "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=X&y=1"}
    resolved = resolve_law_hrefs(html, urls.get)
    assert 'href="https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=X&amp;y=1"' in resolved
    assert 'href="law:NOPE/1"' in resolved  # left as it was


def test_untranslated_texts_took_the_source_conversion(built_site: Build) -> None:
    match = re.search(r"nisdocs: (\d+) pages shown untranslated took the source language's "
                      r"conversion", built_site.output)
    assert match, built_site.output[-2000:]
    assert int(match.group(1)) > 10


def test_pages_outside_the_navigation_took_its_html_from_their_place(built_site: Build) -> None:
    match = re.search(r"nisdocs: (\d+) navigation partials taken from a page at the same "
                      r"place", built_site.output)
    assert match, built_site.output[-2000:]
    assert int(match.group(1)) > 100


def test_the_site_is_the_same_without_any_patch(built_site: Build, pdf_cache: Path,
                                               tmp_path: Path) -> None:
    """Every file of the site (pages, sitemaps, feeds, catalogues, PDFs, and what the
    search index records of each page), byte for byte, against a build that takes the
    renderer's own path: every page converted and rendered by itself, static-i18n's own
    alternates, Jinja's own lookups. (Pagefind's other index files are named by bytes
    that vary from build to build: its issue 638.)"""
    env = {**os.environ, "NISDOCS_PATCHES": "false"}
    separate = run_mkdocs_build(PROJECT, tmp_path / "site", pdf_cache=pdf_cache, env=env)
    assert separate.returncode == 0, separate.output
    assert "took the source language's conversion" not in separate.output
    assert "navigation partials taken" not in separate.output

    def pages(site: Path) -> dict[str, bytes]:
        files = [path for path in site.rglob("*") if path.is_file() and (
            "pagefind" not in path.relative_to(site).parts or path.parent.name == "fragment")]
        return {str(path.relative_to(site)): path.read_bytes() for path in sorted(files)}

    shared, converted = pages(built_site.site), pages(separate.site)
    assert shared.keys() == converted.keys()
    different = [name for name in shared if shared[name] != converted[name]]
    assert not different, different[:10]
