"""The PDFs' cover and notice page (issue 23), read back from every compiled PDF of the
built sample site: the publisher, the title as a heading, the localised date and point
letters, no page number on the cover, the legal notice on page 2 in the document's
language, typographic quotes and French spacing; and the publisher's options, configured
and wrong."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    LANGUAGES,
    PROJECT,
    Build,
    TinyLibrary,
    mkdocs_env,
    mkdocs_yml,
    source_text,
)
from pdfcheck import normalized, structure_elements
from pypdf import PdfReader

from nisdocs.citation import CitedVersion, absolute_url, citation_text
from nisdocs.dates import format_date
from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.options import SettingsError
from nisdocs.pdf.build import build_pdfs
from nisdocs.pdf.cache import PdfCache
from nisdocs.pdf.jobs import PdfJob, plan_pdfs
from nisdocs.pdf.settings import pdf_settings
from nisdocs.settings import read_options
from nisdocs.typography import point_letter
from nisdocs.urls import Urls
from nisdocs.vocabulary import ui_strings

SITE_URL = str(mkdocs_yml()["site_url"])
QUOTES = "\"'“”„«»‘’‚‹›"
SCRIPTED_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
                '<script>alert(1)</script><rect width="10" height="10"/></svg>\n')
PLAIN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
             '<rect width="10" height="10" fill="#2e7d32"/></svg>\n')


@dataclass(frozen=True)
class Front:
    """What the first two pages of a PDF show and how they are tagged."""

    cover: str  # page 1's text as extracted, white space as it is
    notice: str  # page 2's
    headings: tuple[tuple[str, str, str], ...]  # (role, title /T, page) of every heading
    figures: tuple[str, ...]  # the alt text of the figures on page 1
    bookmarks: tuple[str, ...]  # every bookmark's title
    author: str


@cache
def front(path: Path) -> Front:
    """The first pages of `path`, read once a session."""
    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: number  # type: ignore[union-attr]
             for number, page in enumerate(reader.pages, 1)}
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    role_map = {str(k): str(v) for k, v in (root.get("/RoleMap") or {}).items()}
    headings, figures = [], []
    for node in structure_elements(path):
        role = role_map.get(str(node["/S"]), str(node["/S"]))
        page = pages.get(node.raw_get("/Pg").idnum) if "/Pg" in node else None
        if re.fullmatch(r"/H\d?|/Title|/P", role) and "/T" in node:
            headings.append((role, str(node["/T"]), str(page)))
        if role == "/Figure" and page == 1:
            figures.append(str(node.get("/Alt", "")))

    def titles(items: list[Any]) -> list[str]:
        found = []
        for item in items:
            found += titles(item) if isinstance(item, list) else [str(item["/Title"])]
        return found

    return Front(reader.pages[0].extract_text(), reader.pages[1].extract_text(),
                 tuple(headings), tuple(figures), tuple(titles(reader.outline)),
                 str((reader.metadata or {}).get("/Author", "")))


def squeezed(text: str) -> str:
    """`text` without white space and quotes: what the PDF says, whatever its line
    breaks, spaces and quotation marks."""
    return re.sub(rf"[\s{QUOTES}]", "", text)


# Every PDF the build compiles (not the texts published as the PDFs they are), as the
# build plans them: known when the tests are collected.
JOBS = tuple(job for job in plan_pdfs(load_library(LibraryConfig(PROJECT, LANGUAGES)),
                                      SITE_URL) if job.original is None)
FRENCH = [job for job in JOBS if job.language == "fr"]


def test_the_sample_has_compiled_pdfs_in_every_language() -> None:
    assert len(JOBS) >= 33
    assert {job.language for job in JOBS} == {"en", "fr", "de", "el", "bg"}


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.url.rsplit("/", 1)[1])
def test_the_cover(built_site: Build, sample_library: Library, job: PdfJob) -> None:
    path = built_site.site / job.url
    page = front(path)
    cover = normalized(page.cover)
    ui = ui_strings(job.language)
    document = sample_library.documents[job.document_id]
    version = next(v for v in document.versions if v.version == job.version)
    text = version.text(job.language, sample_library.source_language)
    # No page number on the cover (the notice page has one).
    page_of = re.escape(ui["pdf"]["page_of"]).replace(r"\{page\}", r"\d+").replace(
        r"\{pages\}", r"\d+")
    assert not re.search(page_of, cover)
    assert re.search(page_of, normalized(page.notice))
    # The title: a level-1 heading of the tag tree on page 1 (not a paragraph), not in
    # the bookmarks.
    assert ("/H1", text.title, "1") in page.headings
    assert text.title not in page.bookmarks
    # The publisher: its name, and its logo as an image with alt text.
    assert ui["pdf"]["group"] in cover
    assert page.figures == (ui["pdf_notice"]["logo"].replace("{publisher}", ui["pdf"]["group"]),)
    assert page.author == ui["pdf"]["group"]
    # The date as the language writes it, the type and identifier.
    assert " ".join(format_date(version.date, job.language).split()) in cover
    assert f"{ui['types'][version.type]} · {document.id}" in cover
    # Legal references lettered as the body letters them, in Greek and Bulgarian too.
    for reference in version.references:
        if reference.point:
            assert f"({point_letter(reference.point, job.language)})" in cover
    if job.language in ("el", "bg"):
        assert not re.search(r"\([a-z]{1,4}\)", cover)
    # Metadata strings with typographic quotes.
    assert not re.search("[\"']", page.cover)


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.url.rsplit("/", 1)[1])
def test_page_two_is_the_legal_notice(built_site: Build, sample_library: Library,
                                      job: PdfJob) -> None:
    page = front(built_site.site / job.url)
    notice = squeezed(page.notice)
    ui = ui_strings(job.language)
    labels = ui["pdf_notice"]
    document = sample_library.documents[job.document_id]
    version = next(v for v in document.versions if v.version == job.version)
    text = version.text(job.language, sample_library.source_language)
    group = ui["pdf"]["group"]
    # Its heading, in the document's language: a heading, but not in the contents.
    assert any(role == "/H2" and title == labels["title"] and where == "2"
               for role, title, where in page.headings)
    # Publisher, copyright and reuse terms.
    for expected in (labels["publisher"], group, labels["rights"],
                     labels["copyright"].format(year=version.date[:4], publisher=group),
                     labels["reuse"]):
        assert squeezed(expected) in notice, expected
    # The stable URL and the citation the version's page gives.
    url = absolute_url(SITE_URL, Urls(sample_library.source_language).version(
        document.id, version.version, job.language))
    assert squeezed(url) in notice
    cited = CitedVersion(document.id, version.version, version.date, text.title,
                         text.language, ui["types"][version.type], url)
    assert squeezed(citation_text(cited, ui)) in notice
    # The disclaimer exactly where the text carries the sample marker.
    marked = any(f'!!! info "{ui_strings(code)["pdf_notice"]["sample_marker"]}"'
                 in text.source.body for code in (job.language, "en"))
    assert (squeezed(labels["sample"]) in notice) is marked
    assert (squeezed(labels["disclaimer"]) in notice) is marked
    assert not re.search("[\"']", page.notice)


def test_every_sample_text_is_marked_and_its_pdf_says_so(built_site: Build) -> None:
    """The sample's texts are all illustrative samples: every PDF carries the
    disclaimer (the test above checks that unmarked texts do not)."""
    for job in JOBS:
        assert squeezed(ui_strings(job.language)["pdf_notice"]["sample"]) in squeezed(
            front(built_site.site / job.url).notice), job.name


@pytest.mark.parametrize("job", FRENCH, ids=lambda job: job.url.rsplit("/", 1)[1])
def test_french_metadata_has_narrow_no_break_spaces(built_site: Build, job: PdfJob) -> None:
    page = front(built_site.site / job.url)
    for text in (page.cover, page.notice):
        assert not re.search(r"[ \t\n\u00a0][:;?!]", text), text
        assert not re.search(r"« |«\S| »|\S»", text), text
    assert "\u202f:" in page.notice  # the reuse terms' colon, and the citation's « »
    assert "«\u202f" in page.notice and "\u202f»" in page.notice


# -- the publisher's options ------------------------------------------------------------


def _publisher(tmp_path: Path, options: dict[str, Any], files: dict[str, str]) -> Any:
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, "utf-8")
    return pdf_settings({"publisher": options}, root=tmp_path, serving=False, environ={},
                        source_language="en").publisher


@pytest.mark.parametrize(("options", "files", "message"), [
    ({"name": 3}, {}, "plugins.nisdocs.pdf.publisher.name: found the number 3; expected a "
                      "text, or a mapping from language codes to texts"),
    ({"name": ""}, {}, "plugins.nisdocs.pdf.publisher.name: found an empty text"),
    ({"logo": "brand/missing.svg"}, {},
     'plugins.nisdocs.pdf.publisher.logo: "brand/missing.svg" does not exist; expected an '
     "SVG file, relative to mkdocs.yml"),
    ({"logo": "brand/logo.png"}, {"brand/logo.png": "x"},
     'plugins.nisdocs.pdf.publisher.logo: found "brand/logo.png"; expected the path of an '
     "SVG file (.svg)"),
    ({"logo": "brand/logo.svg"}, {"brand/logo.svg": SCRIPTED_SVG},
     'plugins.nisdocs.pdf.publisher.logo: "brand/logo.svg", line 2: found a <script> '
     "element; allowed: static SVG, with no scripts"),
    ({"logo": "../logo.svg"}, {"../logo.svg": PLAIN_SVG},
     'plugins.nisdocs.pdf.publisher.logo: "../logo.svg" lies outside the project'),
    ({"reuse": {"en": "Reuse freely.", "xx": "?"}}, {},
     'plugins.nisdocs.pdf.publisher.reuse: unknown language code "xx"; allowed: bg, cs'),
    ({"copyright": {"en": "©", "fr": 2}}, {},
     "plugins.nisdocs.pdf.publisher.copyright.fr: found the number 2; expected a text"),
    ({"name": {"fr": "Autorité"}}, {},
     'plugins.nisdocs.pdf.publisher.name: found texts in fr but none in "en"; expected one '
     "in the source language"),
    ({"colour": "blue"}, {}, 'plugins.nisdocs.pdf.publisher: unknown option "colour"; '
                             "allowed: name, logo, copyright, reuse"),
])
def test_a_wrong_publisher_option_is_named(tmp_path: Path, options: dict[str, Any],
                                           files: dict[str, str], message: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    with pytest.raises(SettingsError) as raised:
        _publisher(project, options, files)
    assert message in str(raised.value)
    # Its shape is checked by the plugin's one reader of options too, before any file.
    if "logo" not in options and "source language" not in message:
        with pytest.raises(SettingsError) as read:
            read_options({"pdf": {"publisher": options}})
        assert message in str(read.value)


def test_a_build_with_an_unsafe_logo_stops_naming_the_option_and_file(
        project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "brand").mkdir()
    (project_copy / "brand/logo.svg").write_text(SCRIPTED_SVG, "utf-8")
    config = project_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert text.count("\n      pdf:\n") == 1  # the nisdocs plugin's
    config.write_text(text.replace("\n      pdf:\n", "\n      pdf:\n"
                                   "        publisher: {logo: brand/logo.svg}\n"), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
        cwd=project_copy, capture_output=True, text=True,
        env={**mkdocs_env(tmp_path / "cache"), "NISDOCS_PDF": "false"}, timeout=600)
    assert result.returncode == 1, result.stderr
    assert ('plugins.nisdocs.pdf.publisher.logo: "brand/logo.svg", line 2: found a <script> '
            "element") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_configured_publisher_and_the_sample_marker(tiny: TinyLibrary) -> None:
    """Name by language (French falls back to nothing: its own), reuse terms in the source
    language only (the French PDF takes them), a logo of the project; a text marked as a
    sample gets the disclaimer, one with the marker only inside code does not."""
    publisher = _publisher(tiny.root, {
        "name": {"en": "Example Authority", "fr": "Autorité d'exemple"},
        "logo": "brand/mark.svg", "copyright": "© {year} {publisher} and its members",
        "reuse": {"en": "Reuse only with written permission."}},
        {"brand/mark.svg": PLAIN_SVG})
    marker = '\n!!! info "Illustrative sample"\n    A sample.\n'
    tiny.write("ncg-0002/index.md",
               source_text("NCG-0002", title="'The \"early warning\" and the entity''s duty'")
               + marker)
    tiny.write("ncg-0001/index.md", source_text("NCG-0001") + "\n```\n" + marker + "```\n")
    library, problems = tiny.scan()
    assert not problems
    pdfs = build_pdfs(plan_pdfs(library, "https://example.eu/", publisher=publisher),
                      tiny.root, PdfCache(tiny.root / ".cache"), workers=2)

    def page(url: str) -> Front:
        return front(pdfs.files[url].path)

    english, french = (page(f"library/ncg-0001/1.0/ncg-0001-1.0-{lang}.pdf")
                       for lang in ("en", "fr"))
    marked = page("library/ncg-0002/1.0/ncg-0002-1.0-en.pdf")
    assert "Example Authority" in english.cover and english.figures == (
        "Logo: Example Authority",)
    assert english.author == "Example Authority"
    assert "Autorité d’exemple" in french.cover and french.author == "Autorité d'exemple"
    assert "© 2024 Autorité d’exemple and its members" in normalized(french.notice)
    assert "Reuse only with written permission." in normalized(french.notice)
    disclaimer = squeezed(ui_strings("en")["pdf_notice"]["sample"])
    assert disclaimer in squeezed(marked.notice)
    assert disclaimer not in squeezed(english.notice)
    assert squeezed(ui_strings("fr")["pdf_notice"]["sample"]) not in squeezed(french.notice)
    # A title with straight quotes and an apostrophe: typographic on the cover, as
    # written in the PDF's metadata and its heading's tag.
    assert "The “early warning” and the entity’s duty" in normalized(marked.cover)
    assert ("/H1", 'The "early warning" and the entity\'s duty', "1") in marked.headings


def test_a_long_title_summary_and_list_of_references_keep_to_the_cover(
        tiny: TinyLibrary) -> None:
    """The cover is one page whatever the metadata's length within reason: set smaller,
    the references in three columns; the notice stays on page 2."""
    references = ([f"NIS2 Art. 21(2)({letter})" for letter in "abcdefghij"]
                  + [f"NIS2 Art. 23({number})" for number in range(1, 9)]
                  + ["NIS2 Art. 20(1)", "NIS2 Art. 20(2)"])
    title = ("A long title on the practical implementation of cybersecurity risk-management "
             "measures, reporting obligations and supervision across highly critical sectors")
    summary = " ".join(["What the document covers, for whom and why, at some length."] * 11)
    tiny.write("ncg-0001/index.md", source_text(
        "NCG-0001", title=f'"{title}"', summary=f'"{summary}"',
        references=f"[{', '.join(references)}]"))
    library, problems = tiny.scan()
    assert not problems
    pdfs = build_pdfs(plan_pdfs(library, "https://example.eu/"), tiny.root,
                      PdfCache(tiny.root / ".cache"), workers=1)
    page = front(pdfs.files["library/ncg-0001/1.0/ncg-0001-1.0-en.pdf"].path)
    cover = normalized(page.cover)
    assert ("/H1", title, "1") in page.headings
    assert "NIS2 Art. 21(2)(a)" in cover and "NIS2 Art. 20(2)" in cover
    assert "© 2024 NIS Cooperation Group" in cover  # the cover's foot
    assert normalized(page.notice).split(" ")[0] == "NCG-0001"  # the running header
    assert ("/H2", "Legal notice", "2") in page.headings
