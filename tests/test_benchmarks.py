"""The benchmark's own parts (benchmarks/synthetic.py, benchmarks/scale.py): the synthetic
library is a valid library like the real one, the plain project has the same pages at the
same URLs, and the arithmetic of the report is right. The timings themselves are the
benchmark's business, not the tests'."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, mkdocs_env

sys.path.insert(0, str(PROJECT / "benchmarks"))
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
from nisdocs.pages import build_site
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
    assert "hooks" not in config and "extra" not in config
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
