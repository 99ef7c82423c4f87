"""Front-matter values are text, wherever they are shown (issue 7, output safety).

A copy of the sample project gets a document, NCG-0950, whose title, short title,
summary and version note (and its French translation's title and summary, and a topic's
labels) hold HTML, attribute-breaking quotes, typst and TeX. The site is built with its
PDFs; every page must show those values as text and nothing of them may become an
element, an attribute or code: in the pages, the search index, the feeds, the catalogues
and the PDFs. Then the helpers that escape them, on their own (nisdocs/escaping.py).
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import http.server
import json
import threading
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import PROJECT, Build, copy_project, mkdocs_yml, run_mkdocs_build

from nisdocs.citation import bibtex_escape
from nisdocs.escaping import html_attribute, html_text, markdown_text
from nisdocs.links import Link, rewrite_links
from nisdocs.mkdocs.theme import own_template

# Each value carries MARK, so that the pages showing one are easy to find, and a payload
# per context: elements, attribute values, the <title>, a <textarea>, an <option>,
# Markdown (emphasis, links, attribute lists), typst code and math, TeX.
MARK = "HOSTILE"
TITLE = (f'{MARK} <img src=x onerror=alert(1)> "><script>alert(2)</script> '
         "</title><script>alert(3)</script> & *em* [link](https://example.org) "
         "{: onclick=alert(4)} #set page(fill: red) $x$ \\input{/etc/passwd} ]) #panic()")
SHORT_TITLE = f'{MARK} <b>x</b> "><script>alert(5)</script> #panic()'
SUMMARY = (f'{MARK} "><img src=x onerror=alert(6)> </textarea><script>alert(7)</script> '
           "' onmouseover='alert(8)' & #set page(fill: red) \\input{/etc/passwd} ]) #panic()")
VERSION_NOTE = f'{MARK} <b>bold</b> "><svg onload=alert(9)> $x$ #panic() \\input{{/etc/passwd}}'
FR_TITLE = (f"{MARK} Titre <img src=x onerror=alert(10)> </title><script>alert(11)</script> "
            '« guillemets » & "quotes"')
FR_SUMMARY = f'{MARK} Résumé "><script>alert(12)</script> <img src=x onerror=alert(13)>'
TOPIC = "hostile-topic"
TOPIC_LABELS = {lang: f'{MARK} {lang} <img src=x onerror=alert(14)> "t" & '
                      "</option><script>alert(15)</script>" for lang in
                ("en", "fr", "de", "el", "bg")}
# The inline scripts that material's templates write (partials/javascripts/).
THEME_SCRIPTS = ("__md_scope=", "var target=")

DOCUMENT = "library/ncg-0950/"


def yaml_value(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def front_matter(**fields: str) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n"


def write_hostile_library(project: Path, today: str) -> None:
    guidelines = project / "guidelines"
    with (guidelines / "topics.yml").open("a", encoding="utf-8") as topics:
        topics.write(f"{TOPIC}:\n" + "".join(f"  {lang}: {yaml_value(label)}\n"
                                             for lang, label in TOPIC_LABELS.items()))
    common = {"id": "NCG-0950", "type": "guideline", "status": "published",
              "topics": f"[incident-reporting, {TOPIC}]", "references": "[NIS2 Art. 23(4)(a)]"}
    folder = guidelines / "ncg-0950"
    (folder / "1.0").mkdir(parents=True)
    (folder / "1.0" / "index.md").write_text(front_matter(
        **common, title="An earlier title", version='"1.0"', date="2024-01-10",
        summary="An earlier summary.") + "\n## Scope\n\nThe earlier text.\n", encoding="utf-8")
    (folder / "index.md").write_text(front_matter(
        **common, title=yaml_value(TITLE), short_title=yaml_value(SHORT_TITLE),
        version='"1.1"', date=today, summary=yaml_value(SUMMARY),
        version_note=yaml_value(VERSION_NOTE)) + "\n## Scope\n\nThe text.\n", encoding="utf-8")
    (folder / "index.fr.md").write_text(front_matter(
        id="NCG-0950", title=yaml_value(FR_TITLE), source_version='"1.1"',
        summary=yaml_value(FR_SUMMARY)) + "\n## Champ\n\nLe texte.\n", encoding="utf-8")
    # A document that names NCG-0950: related, and a link whose label is its title.
    (guidelines / "ncg-0951").mkdir()
    (guidelines / "ncg-0951" / "index.md").write_text(front_matter(
        id="NCG-0951", title="A document that links the hostile one", type="guideline",
        status="published", version='"1.0"', date="2024-02-01", topics="[incident-reporting]",
        related="[NCG-0950]", summary="Links NCG-0950.")
        + "\n## Scope\n\nSee [](id:NCG-0950) for more.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> Build:
    project = copy_project(tmp_path_factory.mktemp("hostile-values"))
    write_hostile_library(project, date.today().isoformat())
    build = run_mkdocs_build(project, project / "site", pdf_cache=pdf_cache)
    assert build.returncode == 0, build.output[-3000:]
    return build


def soup_of(site: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup((site.site / url / "index.html").read_text("utf-8"), "html.parser")


def text_of(element: Tag | None) -> str:
    assert element is not None
    return " ".join(element.get_text().split())


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def injected(soup: BeautifulSoup) -> list[str]:
    """What a hostile value made of the page: elements and attributes of its own."""
    found = []
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    policy = meta["content"] if isinstance(meta, Tag) else ""
    for element in soup.find_all(True):
        found += [f"<{element.name} {name}>" for name in element.attrs if name.startswith("on")]
        if element.name == "script" and not element.get("src") \
                and element.get("type") != "application/json":
            text = element.string or ""
            if not text.startswith(THEME_SCRIPTS) or sha256(text) not in str(policy):
                found.append(f"inline <script>{text[:60]}")
        if element.name == "img" and element.get("src") == "x":
            found.append("<img src=x>")
        if element.name == "b" and element.get_text() in ("x", "bold"):
            found.append(f"<b>{element.get_text()}</b>")
        if element.name == "title" and element.parent is not soup.head:
            found.append("<title> outside <head>")
    return found


# -- every page ----------------------------------------------------------------


def test_no_page_gets_an_element_or_attribute_from_a_value(hostile_site: Build) -> None:
    showing = []
    for path in sorted(hostile_site.site.rglob("*.html")):
        html = path.read_text("utf-8")
        if MARK not in html:  # no hostile value on the page
            continue
        showing.append(path.relative_to(hostile_site.site).parent.as_posix() + "/")
        soup = BeautifulSoup(html, "html.parser")
        assert not injected(soup), f"{path}: {injected(soup)}"
        assert len(soup.find_all("title")) == 1, path
    # The values reach every kind of page that shows them, in every language.
    for url in ("./", "library/", DOCUMENT, "library/ncg-0950/1.0/", "fr/library/",
                "fr/" + DOCUMENT, "el/" + DOCUMENT, f"topics/{TOPIC}/", "topics/",
                "library/ncg-0950/changes/1.0-1.1/", "library/ncg-0951/", "downloads/",
                "translations/", "contributing/front-matter/", "fr/topics/hostile-topic/"):
        assert url in showing, f"{url} does not show the values: {showing[:20]}"


def test_a_document_page_shows_its_values_as_text(hostile_site: Build) -> None:
    soup = soup_of(hostile_site, DOCUMENT)
    site_name = mkdocs_yml()["site_name"]
    assert text_of(soup.find("title")) == f"{TITLE} - {site_name}"
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag) and description["content"] == SUMMARY
    assert text_of(soup.select_one("article h1")) == TITLE
    header = soup.select_one("[data-md-component=header-topic] .md-ellipsis")
    assert text_of(header) == TITLE
    assert VERSION_NOTE in [text_of(note) for note in soup.select(".nisdocs-history__note")]
    topics = [text_of(a) for a in soup.select(".nisdocs-details a[href*='topics/']")]
    assert TOPIC_LABELS["en"] in topics
    assert TITLE in text_of(soup.select_one("#nisdocs-cite-text"))
    assert bibtex_escape(TITLE) in text_of(soup.select_one("#nisdocs-cite-bibtex"))


def test_the_translation_shows_its_values_as_text(hostile_site: Build) -> None:
    soup = soup_of(hostile_site, "fr/" + DOCUMENT)
    assert text_of(soup.find("title")).startswith(FR_TITLE + " - ")
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag) and description["content"] == FR_SUMMARY
    assert text_of(soup.select_one("article h1")) == FR_TITLE
    row = soup_of(hostile_site, "fr/library/").select_one("tr[data-id='NCG-0950']")
    assert row is not None and text_of(row.select_one("a")) == FR_TITLE


def test_the_library_table_and_filters_show_the_values_as_text(hostile_site: Build) -> None:
    soup = soup_of(hostile_site, "library/")
    row = soup.select_one("tr[data-id='NCG-0950']")
    assert row is not None
    assert text_of(row.select_one("a")) == TITLE
    assert text_of(row.select_one(".nisdocs-summary")) == SUMMARY
    assert row["data-title"] == TITLE.lower()
    assert row["data-topics"] == f"incident-reporting {TOPIC}"
    option = soup.select_one(f"#nisdocs-filter-topic option[value='{TOPIC}']")
    assert text_of(option) == TOPIC_LABELS["en"]


def test_other_pages_show_the_values_as_text(hostile_site: Build) -> None:
    topic = soup_of(hostile_site, f"topics/{TOPIC}/")
    assert text_of(topic.select_one("article h1")) == TOPIC_LABELS["en"]
    assert text_of(topic.find("title")).startswith(TOPIC_LABELS["en"] + " - ")
    assert TOPIC_LABELS["en"] in text_of(topic.select_one("article"))  # the intro's text
    changes = soup_of(hostile_site, "library/ncg-0950/changes/1.0-1.1/")
    assert text_of(changes.select_one(".nisdocs-changes__document span")) == TITLE
    assert VERSION_NOTE in [text_of(dd) for dd in changes.select(".nisdocs-changes__version dd")]
    # `[](id:NCG-0950)` takes the title as its label: as text, not as Markdown or HTML.
    linking = soup_of(hostile_site, "library/ncg-0951/")
    labels = [text_of(a) for a in linking.select(".nisdocs-text a")]
    assert TITLE in labels, labels
    related = linking.select_one(".nisdocs-doc-links--related")
    assert TITLE in text_of(related)
    home = soup_of(hostile_site, "")
    assert TITLE in [text_of(a) for a in home.select(".nisdocs-latest a")]


# -- search index, feeds, catalogues ---------------------------------------------


def search_fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's record of each searched page, by URL: what a result shows (its `meta`,
    the title among them, and the `content` its excerpt is cut from). Each fragment is
    gzipped JSON behind Pagefind's marker."""
    records = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        records[record["url"]] = record
    return records


def test_the_search_index_holds_the_values_as_text(hostile_site: Build) -> None:
    """The search shows a result's title and facts as text (textContent) and rebuilds its
    excerpt from text: the index must hold the values as the page's text, not as markup."""
    records = search_fragments(hostile_site.site)
    for location, value in ((DOCUMENT, TITLE), ("fr/" + DOCUMENT, FR_TITLE),
                            (f"topics/{TOPIC}/", TOPIC_LABELS["en"])):
        assert records["/" + location]["meta"]["title"] == value
    # Pagefind keeps the page's text as it stands: the values, markup-like text included,
    # which the search script shows as text.
    assert TOPIC_LABELS["fr"] in records[f"/fr/topics/{TOPIC}/"]["content"]


def test_search_shows_the_values_as_text(hostile_site: Build, browser: Any) -> None:
    """Searched in a browser, the hostile values are shown as they are written: titles and
    excerpts as text, nothing run, nothing loaded."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(hostile_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/fr/")
        page.keyboard.press("/")
        page.keyboard.type(MARK, delay=30)
        page.locator("#nisdocs-search-status[data-query]").wait_for(state="attached")
        titles = page.eval_on_selector_all("#nisdocs-search-results a",
                                           "links => links.map(a => a.textContent)")
        assert FR_TITLE in titles and TOPIC_LABELS["fr"] in titles
        excerpts = page.eval_on_selector_all(".nisdocs-search__excerpt",
                                             "ps => ps.map(p => p.textContent)")
        assert any("<script>alert(" in excerpt for excerpt in excerpts), excerpts
        assert page.locator("#nisdocs-search-results img, #nisdocs-search-results script"
                            ).count() == 0
        assert dialogs == []
        assert not [url for url in requests if url.rsplit("/", 1)[-1] == "x"]
    finally:
        context.close()
        server.shutdown()


def test_the_feeds_hold_the_values_as_text(hostile_site: Build) -> None:
    for prefix, title, summary in (("", TITLE, SUMMARY), ("fr/", FR_TITLE, FR_SUMMARY)):
        feed = ET.parse(hostile_site.site / prefix / "feed.xml").getroot()
        atom = "{http://www.w3.org/2005/Atom}"
        entry = next(e for e in feed.iter(f"{atom}entry")
                     if (e.findtext(f"{atom}title") or "").startswith("NCG-0950 1.1"))
        assert entry.findtext(f"{atom}title") == f"NCG-0950 1.1: {title}"
        element = entry.find(f"{atom}title")
        assert element is not None and element.get("type") in (None, "text")
        assert entry.findtext(f"{atom}summary") == summary
        labels = [c.get("label") for c in entry.iter(f"{atom}category")]
        assert TOPIC_LABELS[prefix.rstrip("/") or "en"] in labels


def test_the_catalogues_hold_the_values_as_text(hostile_site: Build) -> None:
    catalogue = json.loads((hostile_site.site / "catalogue.json").read_text("utf-8"))
    document = next(d for d in catalogue["documents"] if d["id"] == "NCG-0950")
    assert document["title"] == {"en": TITLE, "fr": FR_TITLE}
    dcat = json.loads((hostile_site.site / "catalogue.jsonld").read_text("utf-8"))
    texts = json.dumps(dcat, ensure_ascii=False)
    for value in (TITLE, SUMMARY, FR_TITLE, FR_SUMMARY, TOPIC_LABELS["el"]):
        assert json.dumps(value, ensure_ascii=False) in texts


# -- PDFs ---------------------------------------------------------------------


def pdf(site: Build, doc: str, version: str, language: str) -> Any:
    from pypdf import PdfReader

    return PdfReader(site.site / f"library/{doc}/{version}/{doc}-{version}-{language}.pdf")


# The cover shows metadata with the language's own quotes (typst's smart quotes).
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                           "‘": "'", "’": "'", "‚": "'", "\u00ad": None})


def squeezed(text: str) -> str:
    """`text` without whitespace (a PDF wraps long lines anywhere), ligatures, soft
    hyphens, and with straight quotes for typographic ones."""
    return "".join(unicodedata.normalize("NFKC", text).translate(_STRAIGHT).split())


def test_the_pdfs_show_the_values_as_text(hostile_site: Build) -> None:
    reader = pdf(hostile_site, "ncg-0950", "1.1", "en")
    assert reader.metadata.title == TITLE
    pages = [squeezed(page.extract_text()) for page in reader.pages]
    cover = pages[0]
    assert squeezed(TITLE) in cover and squeezed(SUMMARY) in cover
    assert squeezed(SHORT_TITLE) in pages[1]  # the running header, from page 2 on
    assert "root:" not in "".join(pages)  # \input{/etc/passwd} read nothing
    french = pdf(hostile_site, "ncg-0950", "1.1", "fr")
    assert french.metadata.title == FR_TITLE
    assert squeezed(FR_SUMMARY) in squeezed(french.pages[0].extract_text())
    # The label of `[](id:NCG-0950)` in another document's text.
    linking = "".join(squeezed(page.extract_text())
                      for page in pdf(hostile_site, "ncg-0951", "1.0", "en").pages)
    assert squeezed(TITLE) in linking


# -- the escaping helpers -------------------------------------------------------


def test_own_templates_are_escaped_materials_are_not() -> None:
    for name in ("main.html", "home.html", "nisdocs/library.html", "nisdocs/redirect.html",
                 "partials/nisdocs/cite.html", "partials/copyright.html"):
        assert own_template(name), name
    for name in ("base.html", "404.html", "partials/content.html", "partials/header.html",
                 "partials/languages/ga.html", "partials/javascripts/base.html", None):
        assert not own_template(name), name


def test_every_template_of_ours_is_escaped() -> None:
    """A new template under overrides/ is escaped, or named here as material's."""
    # material's partials kept as material's: they print HTML and escape text with `| e`.
    materials = {"partials/header.html", "partials/alternate.html",
                 "partials/languages/ga.html", "partials/languages/mt.html"}
    for path in sorted((PROJECT / "overrides").rglob("*.html")):
        name = path.relative_to(PROJECT / "overrides").as_posix()
        assert own_template(name) != (name in materials), name


def test_html_text_and_attribute() -> None:
    assert html_text('<b>"x" & \'y\'</b>') == "&lt;b&gt;\"x\" &amp; 'y'&lt;/b&gt;"
    assert html_attribute('"><b>') == "&quot;&gt;&lt;b&gt;"


def test_markdown_text_is_literal_on_the_site_and_in_the_pdf() -> None:
    import markdown  # type: ignore[import-untyped]

    from nisdocs.rendering import EXTENSIONS

    value = '<img src=x onerror=alert(1)> *em* _u_ `c` [a](b) {: onclick=x} | ~~s~~ & "q" \\x'
    html = markdown.markdown(f"[{markdown_text(value)}](https://example.org/)",
                             extensions=list(EXTENSIONS))
    soup = BeautifulSoup(html, "html.parser")
    assert [element.name for element in soup.find_all(True)] == ["p", "a"]
    assert soup.a is not None and soup.a.attrs == {"href": "https://example.org/"}
    assert soup.get_text() == value
    assert markdown_text("two\n\nparagraphs") == "two paragraphs"


def test_markdown_text_is_literal_for_pandoc() -> None:
    import pypandoc

    from nisdocs.pdf.export import PANDOC_FORMAT

    value = '<img src=x> *em* [a](b) ~~s~~ $x$ \\input{x} "q" #panic() @cite'
    ast = json.loads(pypandoc.convert_text(f"[{markdown_text(value)}](https://example.org/)",
                                           "json", format=PANDOC_FORMAT))
    [paragraph] = ast["blocks"]
    [link] = paragraph["c"]
    assert link["t"] == "Link"
    inlines = link["c"][1]
    # Nothing but words and spaces: no emphasis, strikeout, math, raw HTML, citation.
    assert {inline["t"] for inline in inlines} == {"Str", "Space"}
    assert "".join(inline.get("c", " ") for inline in inlines) == value


def test_an_empty_link_label_becomes_the_title_as_text() -> None:
    def resolve(link: Link) -> tuple[str, str | None]:
        return "../ncg-0950/index.md", "*A* <b>title</b> [x]"

    assert rewrite_links("See [](id:NCG-0950).", resolve) == (
        "See [&#42;A&#42; &#60;b&#62;title&#60;/b&#62; &#91;x&#93;](../ncg-0950/index.md).")
    # A label the editor wrote stays theirs, Markdown and all.
    assert rewrite_links("See [*the* guide](id:NCG-0950).", resolve) == (
        "See [*the* guide](../ncg-0950/index.md).")
