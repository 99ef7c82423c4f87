"""The library page's filters: the data each row carries, the options of the form, and the
built page (the table with its data attributes, the form with its labels, the script).
The filtering itself runs in a browser: tests/test_browser_library.py."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import LANGUAGES, Build
from sitecheck import page

from nisdocs.library import Library
from nisdocs.views import Site, build_site, search_text
from nisdocs.vocabulary import ui_strings

FACETS = {"topic": "topics", "type": "type", "status": "status", "year": "year",
          "act": "acts", "article": "articles", "language": "languages"}


@pytest.fixture(scope="module")
def site(sample_library: Library) -> Site:
    return build_site(sample_library)


def library_view(site: Site, language: str) -> dict[str, Any]:
    uri = "library/index.md" if language == "en" else f"library/index.{language}.md"
    return site.pages[uri].view


def prefix(language: str) -> str:
    return "" if language == "en" else f"{language}/"


def test_search_text_folds_case_accents_and_spacing() -> None:
    assert search_text("NCG-0003", "Règles  de\nnotification") == "ncg-0003 regles de notification"
    assert search_text("ΑΝΑΦΟΡΆ ΠΕΡΙΣΤΑΤΙΚΏΝ", "Σκοπός") == "αναφορα περιστατικων σκοποσ"
    assert search_text("Straße") == "strasse"
    assert search_text("Управление на уязвимости") == "управление на уязвимости"


def test_rows_carry_the_current_versions_keys(site: Site, sample_library: Library) -> None:
    rows = {row["id"]: row["data"] for row in library_view(site, "en")["documents"]}
    assert set(rows) == set(sample_library.documents)
    assert rows["NCG-0003"] == {
        "id": "NCG-0003", "status": "published", "type": "guideline",
        "topics": "incident-reporting csirts-cooperation", "year": "2025",
        "acts": "NIS2 CIR-2024-2690", "articles": "NIS2/23 CIR-2024-2690/3 CIR-2024-2690/4",
        "languages": "en bg de el fr", "date": "2025-06-03",
        "title": rows["NCG-0003"]["title"], "text": rows["NCG-0003"]["text"],
    }
    for doc_id, data in rows.items():
        current = sample_library.documents[doc_id].current
        assert data["topics"].split() == list(current.topics)
        assert set(data["articles"].split()) == {f"{r.act}/{r.article}"
                                                 for r in current.references}
        assert set(data["acts"].split()) == {r.act for r in current.references}
        assert data["year"] == current.date[:4]
        assert data["title"] == current.title.lower()
        assert data["text"] == search_text(doc_id, current.title, current.summary)


def test_rows_search_the_text_shown_in_the_pages_language(site: Site,
                                                          sample_library: Library) -> None:
    rows = {row["id"]: row for row in library_view(site, "fr")["documents"]}
    translated = sample_library.documents["NCG-0003"].current.translations["fr"]
    assert rows["NCG-0003"]["data"]["title"] == translated.title.lower()
    assert "vulnerabilites" in rows["NCG-0005"]["data"]["text"]  # "vulnérabilités"
    # Not translated into French: the English text, which is what the row shows.
    assert rows["NCG-0007"]["title_language"] == "en"
    assert rows["NCG-0007"]["data"]["title"] == rows["NCG-0007"]["title"].lower()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_option_matches_a_document_and_every_key_has_an_option(
        site: Site, language: str) -> None:
    view = library_view(site, language)
    rows = [row["data"] for row in view["documents"]]
    filters = view["filters"]
    assert filters["total"] == len(rows)
    selects = {select["name"]: select for select in filters["selects"]}
    assert list(selects) == list(FACETS)
    for name, attribute in FACETS.items():
        options = [o["value"] for o in selects[name]["options"]]
        options += [o["value"] for group in selects[name]["groups"] for o in group["options"]]
        keys = {key for data in rows for key in data[attribute].split()}
        assert sorted(options) == sorted(keys), name
        assert len(options) == len(set(options)), name
    ui = ui_strings(language)["library"]["filters"]
    assert [s["label"] for s in filters["selects"]] == [ui[name] for name in FACETS]
    assert [s["any"] for s in filters["selects"]] == [ui[f"any_{name}"] for name in FACETS]
    assert [o["value"] for o in filters["sorts"]] == ["date", "id", "title"]


def test_options_are_labelled_in_the_pages_language_and_ordered(site: Site) -> None:
    selects = {s["name"]: s for s in library_view(site, "fr")["filters"]["selects"]}
    topics = {o["value"]: o["label"] for o in selects["topic"]["options"]}
    assert topics["incident-reporting"] == "Notification des incidents"
    statuses = {o["value"]: o["label"] for o in selects["status"]["options"]}
    assert statuses["withdrawn"] == ui_strings("fr")["statuses"]["withdrawn"]
    languages = {o["value"]: o["label"] for o in selects["language"]["options"]}
    names = ui_strings("fr")["language_names"]
    assert languages == {code: names[code] for code in LANGUAGES}
    years = [o["value"] for o in selects["year"]["options"]]
    assert years == sorted(years, reverse=True)
    # The law in force first; articles by number, labelled as the legislation pages do.
    groups = selects["article"]["groups"]
    assert [g["label"] for g in groups] == ["NIS2", "NIS1", "CIR-2024-2690"]
    nis2 = [o["value"] for o in groups[0]["options"]]
    assert nis2 == sorted(nis2, key=lambda value: int(value.split("/")[1]))
    article_abbr = ui_strings("fr")["legislation"]["article_abbr"]
    assert {"value": "NIS2/23", "label": f"NIS2 {article_abbr} 23"} in groups[0]["options"]
    assert [o["value"] for o in selects["act"]["options"]] == ["NIS2", "NIS1", "CIR-2024-2690"]


# -- the built page ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_built_table_lists_every_document_with_its_data(built_site: Build, site: Site,
                                                        language: str) -> None:
    html = page(built_site.site, f"{prefix(language)}library/")
    rows = html.select("table.nisdocs-documents tbody tr")
    expected = [row["data"] for row in library_view(site, language)["documents"]]
    assert len(rows) == len(expected)
    for row, data in zip(rows, expected, strict=True):
        assert {name: row[f"data-{name}"] for name in data} == data
        assert not row.has_attr("hidden")  # without JavaScript every row shows
    count = html.select_one(".nisdocs-count")
    assert count is not None
    assert count["role"] == "status" and count["aria-live"] == "polite"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_built_form_is_hidden_labelled_and_scripted(built_site: Build, language: str) -> None:
    html = page(built_site.site, f"{prefix(language)}library/")
    ui = ui_strings(language)["library"]["filters"]
    form = html.select_one("form#nisdocs-filters")
    assert form is not None
    assert form.has_attr("hidden")  # the script reveals it
    assert form["role"] == "search" and form["aria-label"] == ui["title"]
    assert form["data-count"] == ui["count"]
    assert form["data-total"] == str(len(html.select("table.nisdocs-documents tbody tr")))
    legend = form.select_one("fieldset legend")
    assert legend is not None and legend.get_text(strip=True) == ui["facets"]
    controls = form.select("select, input")
    assert [c["name"] for c in controls] == ["text", *FACETS, "sort"]
    for control in controls:
        label = form.select_one(f"label[for='{control['id']}']")
        assert label is not None, control["name"]
        name = {"text": "search"}.get(control["name"], control["name"])
        assert label.get_text(strip=True) == ui[name]
    assert form.select_one("input[type='search']") is not None
    button = form.select_one("button.nisdocs-filters__clear")
    assert button is not None and button["type"] == "button"
    assert button.get_text(strip=True) == ui["clear"]
    none = html.select_one("#nisdocs-filters-none")
    assert none is not None and none.has_attr("hidden")
    scripts = [s["src"] for s in html.select("script[src]")]
    assert "../" * prefix(language).count("/") + "../assets/nisdocs-library.js" in scripts
    assert (built_site.site / "assets/nisdocs-library.js").is_file()


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_labels_are_translated(built_site: Build, language: str) -> None:
    form = page(built_site.site, f"{prefix(language)}library/").select_one("#nisdocs-filters")
    assert form is not None
    labels = [label.get_text(strip=True) for label in form.select("label")]
    ui = ui_strings(language)["library"]["filters"]
    assert labels == [ui["search"], *(ui[name] for name in FACETS), ui["sort"]]
    if language != "en":
        assert labels != [ui_strings("en")["library"]["filters"][name]
                          for name in ("search", *FACETS, "sort")]


def test_only_the_library_page_loads_the_filters(built_site: Build) -> None:
    topic = page(built_site.site, "topics/incident-reporting/")
    assert topic.select_one("#nisdocs-filters") is None
    assert not any("nisdocs-library.js" in s["src"] for s in topic.select("script[src]"))
    assert topic.select_one("tbody tr[data-topics]") is not None
