"""The benchmark's own parts (benchmarks/synthetic.py, benchmarks/scale.py): the synthetic
library is a valid library like the real one, the plain project has the same pages at the
same URLs, and the arithmetic of the report is right. The timings themselves are the
benchmark's business, not the tests'."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import CHROMIUM_HINT, PROJECT, browser_unavailable, find_chromium, mkdocs_env

sys.path.insert(0, str(PROJECT / "benchmarks"))
from downloads import (
    Load,
    Search,
    Sitemap,
    Transfer,
    kind_of,
    read_sitemaps,
    serve,
    targets,
)
from downloads import Row as DownloadRow
from scale import Row, Run, SiteSize, exponent, file_system, report, round_order, site_size
from synthetic import (
    EU_LANGUAGES,
    edit_document,
    site_config,
    write_library,
    write_nisdocs_project,
    write_plain_project,
)

from nisdocs.content import check_content
from nisdocs.library import LibraryConfig, load_library
from nisdocs.views import build_site
from nisdocs.vocabulary import eu_languages

LANGUAGES = ("en", "fr", "el")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_nisdocs_project(folder, LANGUAGES)
    write_library(folder, documents=4, versions=3, languages=LANGUAGES, translated=0.5)
    return folder


def test_the_synthetic_library_is_valid(synthetic: Path) -> None:
    library = load_library(LibraryConfig(synthetic, LANGUAGES))
    assert sorted(library.documents) == ["NCG-0001", "NCG-0002", "NCG-0003", "NCG-0004"]
    assert all(len(document.versions) == 3 for document in library.documents.values())
    assert check_content(library) == []
    translations = [language for document in library.documents.values()
                    for version in document.versions for language in version.translations]
    assert set(translations) == {"fr", "el"}


def test_versions_revise_each_other(synthetic: Path) -> None:
    """Like real versions, each keeps most of the text before it and adds a section."""
    first = (synthetic / "guidelines/ncg-0001/1.0/index.md").read_text("utf-8")
    second = (synthetic / "guidelines/ncg-0001/2.0/index.md").read_text("utf-8")
    paragraphs = [p for p in first.split("\n\n") if p.startswith(("## ", "- ", "|"))]
    assert paragraphs and all(p in second for p in paragraphs)
    assert second.count("## Section ") == first.count("## Section ") + 1
    assert first != second


def test_the_same_arguments_give_the_same_library(tmp_path: Path) -> None:
    texts = []
    for name in ("one", "two"):
        sources = write_library(tmp_path / name, documents=3, versions=2, languages=LANGUAGES)
        texts.append({path.relative_to(sources): path.read_bytes()
                      for path in sorted(sources.rglob("*.md"))})
    assert texts[0] == texts[1]


def test_an_edit_changes_one_text(tmp_path: Path) -> None:
    sources = write_library(tmp_path, documents=2, versions=1, languages=LANGUAGES)
    before = {path: path.read_bytes() for path in sources.rglob("*.md")}
    edited = edit_document(sources, "NCG-0002")
    after = {path: path.read_bytes() for path in sources.rglob("*.md")}
    assert [path for path in before if before[path] != after[path]] == [edited]


def test_the_config_has_the_languages_asked_for() -> None:
    config = site_config(EU_LANGUAGES)
    i18n = next(entry["i18n"] for entry in config["plugins"]
                if isinstance(entry, dict) and "i18n" in entry)
    assert [language["locale"] for language in i18n["languages"]] == list(EU_LANGUAGES)
    assert set(EU_LANGUAGES) == set(eu_languages())
    # The sample's own settings are kept for its languages (nav translations, names).
    french = i18n["languages"][1]
    assert french["site_name"] and french["nav_translations"]["Library"] == "Bibliothèque"


def test_the_plain_project_has_the_same_pages_and_no_nisdocs_code(synthetic: Path,
                                                                  tmp_path: Path) -> None:
    plain = write_plain_project(tmp_path / "plain", synthetic / "guidelines", LANGUAGES)
    config = yaml.safe_load((plain / "mkdocs.yml").read_text("utf-8"))
    assert "extra" not in config
    assert "custom_dir" not in config["theme"]  # the sample's languages need no theme files
    assert [next(iter(plugin)) for plugin in config["plugins"]] == ["search", "i18n"]
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=plain,
                   env=mkdocs_env(tmp_path / "cache"), check=True)
    built = {str(path.parent.relative_to(plain / "site")) + "/"
             for path in (plain / "site").rglob("index.html")}
    library = load_library(LibraryConfig(synthetic, LANGUAGES))
    pages = {page.src_uri: page for page in build_site(library).pages.values()
             if page.kind in ("document", "version")}
    urls = {_url(uri) for uri in pages}
    assert urls <= built, sorted(urls - built)[:5]


def _url(src_uri: str) -> str:
    """`library/ncg-0001/1.0/index.fr.md` is published at `fr/library/ncg-0001/1.0/`."""
    match = re.fullmatch(r"(.*)index(?:\.(\w\w))?\.md", src_uri)
    assert match, src_uri
    folder, language = match.groups()
    return f"{language}/{folder}" if language else folder


def test_site_size_counts_pages_and_leaves_out_pdfs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_bytes(b"x" * 2048)
    (tmp_path / "index.html").write_bytes(b"x" * 1024)
    (tmp_path / "search.json").write_bytes(b"x" * 3072)
    (tmp_path / "a/doc.pdf").write_bytes(b"x" * 99999)
    size = site_size(tmp_path)
    assert (size.pages, size.html_bytes, size.other_bytes) == (2, 3072, 3072)
    assert size.kb_per_page == 3.0 and size.html_kb_per_page == 1.5


@pytest.mark.parametrize("power", [1.0, 1.5])
def test_the_exponent_is_the_slope_in_log_log(power: float) -> None:
    rows = []
    for documents, languages in ((50, 5), (100, 5), (400, 5), (100, 24)):
        row = Row(documents, languages)
        row.runs["b"] = Run(0.01 * (documents * languages) ** power, 0, "")
        row.sizes["b"] = SiteSize(1, 1, 1)
        rows.append(row)
    assert exponent(rows, "b") == pytest.approx(power)


def test_a_run_reads_the_pdfs_compiled_from_the_build_log() -> None:
    log = "INFO    -  nisdocs: 1195 PDFs: 3 compiled, 1192 from the cache, in 0.9 s\n"
    assert Run(1.0, 1.0, log).compiled() == 3
    assert Run(1.0, 1.0, "INFO    -  nisdocs: PDFs skipped\n").compiled() is None


def test_a_ratio_is_the_median_of_the_rounds_ratios_not_of_the_fastest_runs() -> None:
    # Round 2 ran under load for both builds; round 3's (a) was the fastest run overall.
    row = Row(200, 5)
    row.rounds["a"] = [Run(10.0, 0, "", 9.0), Run(20.0, 0, "", 18.0), Run(8.0, 0, "", 8.0)]
    row.rounds["b"] = [Run(10.5, 0, "", 9.9), Run(21.0, 0, "", 18.0), Run(10.0, 0, "", 8.8)]
    row.runs = {"a": row.rounds["a"][2], "b": row.rounds["b"][2]}
    assert row.ratio("b", "a") == pytest.approx(1.05)  # of 1.05, 1.05 and 1.25
    assert row.cpu_ratio("b", "a") == pytest.approx(1.1)  # of 1.1, 1.0 and 1.1
    # A row measured without rounds keeps the ratio of its runs.
    single = Row(200, 5, runs={"a": Run(8.0, 0, ""), "b": Run(10.0, 0, "")})
    assert single.ratio("b", "a") == pytest.approx(1.25)


def test_rounds_alternate_so_no_build_always_follows_another() -> None:
    rounds = [round_order(repeat) for repeat in range(4)]
    assert rounds[0] == ("a", "b", "d")  # (a) and (b) sizes are read before (d)'s PDFs
    for name in ("a", "b", "d"):
        places = [order.index(name) for order in rounds]
        assert sum(places) == 4  # on average in the middle: first as often as last
    assert all(sorted(order) == ["a", "b", "d"] for order in rounds)


@pytest.mark.skipif(not Path("/proc/mounts").is_file(), reason="reads /proc/mounts")
def test_the_file_system_of_a_folder_is_read_from_the_mounts(tmp_path: Path) -> None:
    assert file_system(Path("/proc/self")) == "proc"
    assert file_system(tmp_path) not in ("?", "proc")


def test_the_report_gives_every_run_in_the_order_taken() -> None:
    row = Row(200, 5)
    names = ("a", "b", "c", "d", "e")
    row.rounds = {name: [Run(10.0 + i + j / 10, 100, "", 9.0) for j in range(3)]
                  for i, name in enumerate(names)}
    row.runs = {name: min(runs, key=lambda run: run.seconds) for name, runs in row.rounds.items()}
    row.sizes = {"a": SiteSize(10, 1024, 0), "b": SiteSize(10, 1024, 0)}
    text = report([row], versions=2, translated=0.5, repeats=3)
    assert "| 200 | 5 | 10.0 10.1 10.2 | 11.0 11.1 11.2 | 13.0 13.1 13.2 |" in text
    assert "medians of each round's ratio" in text


def test_the_plain_project_builds_in_languages_material_lacks(tmp_path: Path) -> None:
    """Irish and Maltese: material has no strings for them, nisdocs has (its overrides),
    and the plain project gets those files only."""
    languages = ("en", "ga", "mt")
    project = write_nisdocs_project(tmp_path / "nisdocs", languages)
    sources = write_library(project, documents=2, versions=1, languages=languages,
                            translated=0.5)
    plain = write_plain_project(tmp_path / "plain", sources, languages)
    config = yaml.safe_load((plain / "mkdocs.yml").read_text("utf-8"))
    assert config["theme"]["custom_dir"] == "theme"
    assert sorted(p.name for p in (plain / "theme").rglob("*.html")) == ["ga.html", "mt.html"]
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=plain,
                   env=mkdocs_env(tmp_path / "cache"), check=True)
    assert (plain / "site/ga/index.html").is_file() and (plain / "site/mt/index.html").is_file()


# -- benchmarks/downloads.py: what readers download -------------------------------------


def test_the_server_sends_precompressed_copies_like_gitlab_pages(tmp_path: Path) -> None:
    """A file's .br, else its .gz, when the request accepts the encoding and the build
    wrote the copy; else the file itself; nothing compressed on the fly."""
    (tmp_path / "index.html").write_bytes(b"<p>home</p>" * 10)
    (tmp_path / "index.html.br").write_bytes(b"brotli")
    (tmp_path / "index.html.gz").write_bytes(b"gzip")
    (tmp_path / "app.js").write_bytes(b"let x = 1;")
    (tmp_path / "404.html").write_bytes(b"missing")
    (tmp_path / "el").mkdir()
    (tmp_path / "el/index.html").write_bytes(b"el")

    def get(path: str, accept: str) -> tuple[int, str, bytes]:
        request = urllib.request.Request(base + path, headers={"Accept-Encoding": accept})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return (response.status, response.headers.get("Content-Encoding", ""),
                        response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Encoding", ""), error.read()

    with serve(tmp_path) as (base, log):
        assert get("", "gzip, deflate, br, zstd") == (200, "br", b"brotli")
        assert get("index.html", "gzip") == (200, "gzip", b"gzip")
        assert get("", "identity") == (200, "", b"<p>home</p>" * 10)
        assert get("app.js", "br") == (200, "", b"let x = 1;")
        assert get("nowhere/", "identity") == (404, "", b"missing")
        assert get("../index.html", "identity")[0] == 404  # nothing outside the site
        assert get("el/", "br") == (200, "", b"el")
    assert [(t.path, t.status, t.body, t.encoding) for t in log[:3]] == [
        ("/", 200, 6, "br"), ("/index.html", 200, 4, "gzip"), ("/", 200, 110, "")]
    assert [t.kind for t in log[3:5]] == ["js", "404 page"]


def test_the_sitemaps_are_read_through_their_index(tmp_path: Path) -> None:
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    base = "https://example.org/nisdocs/"
    (tmp_path / "sitemap.xml").write_text(
        f"<sitemapindex {namespace}>" + "".join(
            f"<sitemap><loc>{base}{name}</loc></sitemap>"
            for name in ("sitemap-en.xml", "sitemap-el.xml")) + "</sitemapindex>")
    (tmp_path / "el").mkdir()
    for name, urls in (("sitemap-en.xml", 3), ("sitemap-el.xml", 2)):
        (tmp_path / name).write_text(f"<urlset {namespace}>" + "".join(
            f"<url><loc>{base}{n}/</loc></url>" for n in range(urls)) + "</urlset>")
    (tmp_path / "sitemap.xml.gz").write_bytes(b"not read")
    sitemaps = read_sitemaps(tmp_path, base)
    assert [(s.path, s.urls, s.index) for s in sitemaps] == [
        ("sitemap.xml", 2, True), ("sitemap-el.xml", 2, False), ("sitemap-en.xml", 3, False)]
    assert sitemaps[0].bytes == (tmp_path / "sitemap.xml").stat().st_size


def test_pagefind_files_are_told_apart_by_kind() -> None:
    kinds = {path: kind_of(path) for path in (
        "/pagefind/pagefind.js", "/pagefind/pagefind-worker.js", "/pagefind/wasm.el.pagefind",
        "/pagefind/pagefind.el_d5edd3317c.pf_meta", "/pagefind/index/el_1a2b3c.pf_index",
        "/pagefind/fragment/el_1778714.pf_fragment", "/pagefind/filter/el_99.pf_filter",
        "/pagefind/pagefind-entry.json", "/el/library/ncg-0001/", "/assets/nisdocs.css")}
    assert list(kinds.values()) == ["js", "js", "wasm", "meta", "index chunks", "fragments",
                                    "filters", "json", "html", "css"]


def _search(size: int, latency: float = 100.0) -> Search:
    load = Load([Transfer("/pagefind/index/el_1.pf_index", 200, size, "")])
    return Search("incident", load, load, latency)


def test_the_download_targets_are_judged_on_the_sizes_they_name() -> None:
    rows = [DownloadRow(100, 5, searches=[_search(100 * 1024)]),
            DownloadRow(100, 24, searches=[_search(105 * 1024)]),
            DownloadRow(400, 24, searches=[_search(290 * 1024, 250.0), _search(120 * 1024, 350.0),
                                   _search(200 * 1024, 280.0)],
                sitemaps=[Sitemap("sitemap.xml", 2000, 24, True),
                          Sitemap("sitemap-el.xml", 60 * 1024 * 1024, 1200, False)])]
    text = "\n".join(targets(rows))
    # The search that fetched the most counts; the latency is the median.
    assert re.search(r"first search ≤ 300 KB at N=400, L=24 \| 290\.0 KB .*\| yes \|", text)
    assert re.search(r"grow with L .*\| 100\.0 → 105\.0 KB \| yes \|", text)
    assert re.search(r"≤ 300 ms .*\| 280 ms \| yes \|", text)
    assert re.search(r"every sitemap file .*\| most 1,200 entries.*\| NO \|", text)
    assert "not measured" not in text
    assert "\n".join(targets([DownloadRow(4, 3)])).count("| not measured |") == 4


def test_the_downloads_benchmark_reports_a_tiny_size(tmp_path: Path) -> None:
    """The whole benchmark on N = 4, L = 3: a real build, served, loaded and searched in
    Chromium; the report has every part."""
    chromium = find_chromium()
    if chromium is None:
        browser_unavailable(CHROMIUM_HINT)
    result = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks/downloads.py"), "--sizes", "4",
         "--languages", "3", "--wide", "", "--queries", "1", "--output", "-",
         "--scratch", str(tmp_path), "--chromium", chromium],
        capture_output=True, text=True, timeout=300, env=mkdocs_env(tmp_path / "cache"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    text = result.stdout[result.stdout.index("# What readers download"):]
    summary = re.search(r"^\| 4 \| 3 \| (\d+) \| [\d.]+ \| `[^`]+` \|", text, re.M)
    assert summary and int(summary[1]) > 20, text
    section = text[text.index("### N = 4, L = 3"):text.index("## Targets")]
    for what in ("home page", "document page", "first search",
                 "… until the first result was shown", "sitemap", "largest file", "site"):
        assert re.search(rf"^\| {what} \| \d+ \| [\d,.]+ \|", section, re.M), what
    assert "`/de/library/ncg-" in section  # the reader's language: the last of en, fr, de
    assert "not measured" not in section
    assert re.search(r"^\| … index chunks \| \d+ \|", section, re.M)
    targets_table = text[text.index("## Targets"):]
    assert re.search(r"every sitemap file .* \| yes \|", targets_table)
    assert targets_table.count("| not measured |") == 3  # the sizes it names were not run


# -- benchmarks/preview.py ----------------------------------------------------------


def test_the_preview_benchmark_times_edits_on_a_served_library(tmp_path: Path) -> None:
    """A real `mkdocs serve` of a small synthetic library: each edit is timed until the
    page shows it, and the preview rendered only the changed pages."""
    from preview import measure, synthetic_project
    from preview import report as preview_report

    result = measure("3:2", synthetic_project(tmp_path, 3, 2), "ncg-0002", 2)
    assert {kind: len(times) for kind, times in result.latencies.items()} == {"body": 1,
                                                                              "title": 1}
    assert all(0 < t < 60 for t in result.all)
    assert (result.documents, result.languages) == (3, 2)
    assert len(result.rendered) == 2 and all("rendered again" in line
                                             for line in result.rendered)
    text = preview_report([result], 2)
    assert (f"| 3:2 | 3 | 2 | {result.full_build:.1f} | {result.median('body'):.2f} | "
            f"{result.median('title'):.2f} | {max(result.all):.2f} |") in text
