"""Every page of the built sample site, in every language, in a real Chromium with the
axe-core release pinned in tests/browser/package.json (issue 19): no serious or critical
WCAG 2.1 A/AA violation, no failed request, no console error, nothing fetched twice, and
no page wider than a 375 px phone. The whole site is crawled (tests/crawl.py), not a
list of examples, at 1280 px and measured at 375 px; on a 375 px phone and at 200 %
zoom, one page of each kind in English and in Greek is audited as well.

Each crawl writes what it found, its page count and its time to
test-results/accessibility-*.txt, which CI keeps."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import PROJECT, Build, audit_tools
from crawl import Crawl, PageReport, crawl, html_pages

RESULTS = PROJECT / "test-results"


@pytest.fixture(scope="module")
def audit(built_site: Build) -> tuple[str, str, str]:
    """(Chromium, axe-core's script, the path the site is served under)."""
    return audit_tools()


def record(name: str, result: Crawl) -> str:
    """The crawl's summary, also written to test-results/accessibility-NAME.txt."""
    lines = [f"{len(result.pages)} pages in {result.seconds:.0f} s at {result.width} px,"
             f" zoom {result.zoom:g}"]
    lines += [f"{count:6d}  {rule}" for rule, count in sorted(result.by_rule().items())]
    summary = "\n".join(lines)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"accessibility-{name}.txt").write_text(summary + "\n", encoding="utf-8")
    print(summary)
    return summary


@pytest.fixture(scope="module")
def desktop(built_site: Build, audit: tuple[str, str, str]) -> Crawl:
    """Every page at 1280 px, audited, then measured on a 375 px phone (the same visit,
    resized: nothing a page fetches depends on the width). axe-core runs at 375 px on
    one page of each kind (`phone_kinds`), within CI's time."""
    executable, axe, prefix = audit
    result = crawl(built_site.site, executable, axe, prefix=prefix, width=1280, height=900,
                   narrower=(375,))
    record("1280", result)
    return result


def kind_of(path: str, languages: set[str]) -> str:
    """A page's kind, from its path: the language folder left out, the section kept and
    every segment under it replaced by `*`, so `el/library/ncg-0003/1.0/` and
    `library/ncg-0001/2.1/` are both `library/*/*/`, `topics/supply-chain/` is
    `topics/*/`."""
    parts = path.split("/")
    if parts[0] in languages:
        parts = parts[1:]
    return "/".join([parts[0], *("*" if part else "" for part in parts[1:])])


def one_of_each_kind(site: Path) -> list[str]:
    """The first page of each kind (`kind_of`) in English and in Greek."""
    pages = html_pages(site)
    languages = {path.split("/")[0] for path in pages if path.endswith("/404.html")}
    chosen: dict[tuple[str, str], str] = {}
    for path in pages:
        language = path.split("/")[0] if path.split("/")[0] in languages else "en"
        if language in ("en", "el"):
            chosen.setdefault((language, kind_of(path, languages)), path)
    return sorted(chosen.values())


@pytest.fixture(scope="module")
def phone_kinds(built_site: Build, audit: tuple[str, str, str]) -> Crawl:
    """One page of each kind in English and Greek on a 375 px phone, audited."""
    executable, axe, prefix = audit
    result = crawl(built_site.site, executable, axe, prefix=prefix, width=375, height=667,
                   paths=one_of_each_kind(built_site.site))
    record("375-kinds", result)
    return result


@pytest.fixture(scope="module")
def zoomed(built_site: Build, audit: tuple[str, str, str]) -> Crawl:
    """One page of each kind in English and Greek at 1280 px and 200 % zoom, audited."""
    executable, axe, prefix = audit
    result = crawl(built_site.site, executable, axe, prefix=prefix, width=1280, height=900,
                   zoom=2.0, paths=one_of_each_kind(built_site.site))
    record("1280-zoom-200", result)
    return result


def violations(result: Crawl) -> str:
    """The blocking violations, counted per rule, with the first elements of each."""
    examples: dict[str, list[str]] = {}
    for page in result.pages:
        for rule, impact, target, html in page.violations:
            examples.setdefault(f"{rule} ({impact})", []).append(
                f"    {page.path}  {target}  {html}")
    return "\n".join(f"{count} x {rule}\n" + "\n".join(examples[rule][:5])
                     for rule, count in result.by_rule().most_common())


def problems(result: Crawl, *kinds: str) -> list[str]:
    found: list[str] = []
    for page in result.pages:
        reports: dict[str, list[str]] = {
            "failed": page.failed, "errors": page.errors, "repeated": page.repeated,
            "overflow": [f"{overflow} px wider than a {width} px screen"
                         for width, overflow in page.overflow.items() if overflow]}
        found += [f"{page.path}: {problem}" for kind in kinds for problem in reports[kind]]
    return found


def test_the_crawl_visits_every_page_of_every_language(built_site: Build,
                                                       desktop: Crawl) -> None:
    files = sorted(built_site.site.rglob("*.html"))
    languages = Counter(page.path.split("/")[0] for page in desktop.pages
                        if page.path.split("/")[0] in {"bg", "de", "el", "fr"})
    assert len(desktop.pages) == len(files) > 400
    assert set(languages) == {"bg", "de", "el", "fr"}, languages


@pytest.mark.parametrize("crawl_name", ["desktop", "phone_kinds", "zoomed"])
def test_no_page_has_a_serious_or_critical_violation(crawl_name: str,
                                                     request: pytest.FixtureRequest) -> None:
    result: Crawl = request.getfixturevalue(crawl_name)
    assert not result.by_rule(), "\n" + violations(result)


@pytest.mark.parametrize("crawl_name", ["desktop", "phone_kinds", "zoomed"])
def test_no_request_fails_and_the_console_stays_quiet(crawl_name: str,
                                                      request: pytest.FixtureRequest) -> None:
    result: Crawl = request.getfixturevalue(crawl_name)
    found = problems(result, "failed", "errors")
    assert not found, "\n".join(found[:40])


def test_nothing_is_fetched_twice_during_a_visit(desktop: Crawl) -> None:
    found = problems(desktop, "repeated")
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("crawl_name", ["desktop", "phone_kinds", "zoomed"])
def test_no_page_is_wider_than_the_screen(crawl_name: str,
                                          request: pytest.FixtureRequest) -> None:
    result: Crawl = request.getfixturevalue(crawl_name)
    found = problems(result, "overflow")
    assert not found, "\n".join(found)


def test_one_page_of_each_kind_is_every_kind(built_site: Build) -> None:
    chosen = one_of_each_kind(built_site.site)
    kinds = {kind_of(path, {"el"}) for path in chosen}
    for expected in ("", "library/", "library/*/", "library/*/*/", "library/*/*/*/",
                     "downloads/", "translations/", "404.html", "legislation/*/",
                     "legislation/*/*/", "topics/*/", "id/*/"):
        assert expected in kinds, sorted(kinds)
    assert {path.split("/")[0] == "el" for path in chosen} == {True, False}


def test_a_violation_is_found_where_there_is_one(tmp_path: Path,
                                                 audit: tuple[str, str, str]) -> None:
    """The crawl itself: a page with a known violation, a missing image and an overflow
    is reported on each count, so that a silent crawl means a clean site."""
    executable, axe, _ = audit
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<a href="x" aria-label="Something else">Read more</a>'
        '<img src="missing.png" alt="">'
        '<div style="width:2000px">wide</div></main></body></html>', encoding="utf-8")
    (tmp_path / "404.html").write_text(
        '<!doctype html><html lang="en"><head><title>Not found</title></head>'
        '<body><main><h1>Not found</h1></main></body></html>', encoding="utf-8")
    result = crawl(tmp_path, executable, axe, paths=[""], width=375, height=667, workers=1)
    page: PageReport = result.pages[0]
    assert "label-content-name-mismatch (serious)" in result.by_rule(), page
    assert any(failure.startswith("404 ") for failure in page.failed), page
    assert page.overflow[375] > 1000, page

