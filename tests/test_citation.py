"""Citing a version: the citation text and BibTeX (nisdocs/citation.py), dates in every
language, and the "Cite this document" block of the built site."""

from __future__ import annotations

import pytest
from conftest import LANGUAGES, Build, mkdocs_yml
from sitecheck import page, redirect_target

from nisdocs.citation import (
    CitedVersion,
    absolute_url,
    bibtex,
    bibtex_escape,
    citation_parts,
    citation_text,
    format_date,
)
from nisdocs.library import Library
from nisdocs.vocabulary import ui_languages, ui_strings

SITE = "https://example.org/nisdocs/"


def sample(**changes: str) -> CitedVersion:
    fields = {"doc_id": "NCG-0003", "version": "1.1", "date": "2025-06-03",
              "title": "Guideline on reporting significant incidents", "title_language": "en",
              "type_label": "Guideline",
              "url": absolute_url(SITE, "library/ncg-0003/1.1/")}
    fields.update(changes)
    return CitedVersion(**fields)


# -- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(("language", "iso", "expected"), [
    ("en", "2025-06-03", "3 June 2025"),
    ("en", "2024-12-01", "1 December 2024"),
    ("fr", "2025-06-03", "3 juin 2025"),
    ("fr", "2024-08-01", "1er août 2024"),
    ("de", "2025-03-14", "14. März 2025"),
    ("de", "2025-05-01", "1. Mai 2025"),
    ("el", "2025-06-03", "3 Ιουνίου 2025"),
    ("el", "2026-05-20", "20 Μαΐου 2026"),
    ("bg", "2025-06-03", "3 юни 2025 г."),
    ("bg", "2025-01-31", "31 януари 2025 г."),
])
def test_dates_are_written_as_each_language_writes_them(language: str, iso: str,
                                                        expected: str) -> None:
    assert format_date(iso, ui_strings(language)["cite"]) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_names_twelve_months(language: str) -> None:
    months = ui_strings(language)["cite"]["months"]
    assert len(months) == len(set(months)) == 12


@pytest.mark.parametrize("language", ui_languages())
def test_every_language_writes_a_clean_citation(language: str) -> None:
    """No doubled full stop where a date ends in one (`2025 г.`, `2025.`), the date and
    the URL in it."""
    ui = ui_strings(language)
    for date in ("2025-06-03", "2024-12-01"):
        text = citation_text(sample(date=date), ui)
        assert format_date(date, ui["cite"]) in text
        assert text.endswith(" https://example.org/nisdocs/library/ncg-0003/1.1/")
        assert ".." not in text and ". ." not in text and ",," not in text, text


def test_an_impossible_month_is_refused() -> None:
    with pytest.raises(ValueError, match="2025-13-01"):
        format_date("2025-13-01", ui_strings("en")["cite"])


# -- the citation --------------------------------------------------------------


def test_citation_in_english() -> None:
    assert citation_text(sample(), ui_strings("en")) == (
        'NIS Cooperation Group, "Guideline on reporting significant incidents", NCG-0003, '
        "version 1.1, 3 June 2025. https://example.org/nisdocs/library/ncg-0003/1.1/")


def test_citation_in_french_with_the_translated_title() -> None:
    cited = sample(title="Ligne directrice sur la notification des incidents importants",
                   title_language="fr", url=absolute_url(SITE, "fr/library/ncg-0003/1.1/"))
    assert citation_text(cited, ui_strings("fr")) == (
        "Groupe de coopération SRI, « Ligne directrice sur la notification des incidents "
        "importants », NCG-0003, version 1.1, 3 juin 2025. "
        "https://example.org/nisdocs/fr/library/ncg-0003/1.1/")


def test_the_title_is_one_part_of_the_citation() -> None:
    before, title, after = citation_parts(sample(), ui_strings("de"))
    assert title == "Guideline on reporting significant incidents"
    assert before == "NIS-Kooperationsgruppe, „"
    assert after.startswith("“, NCG-0003, Version 1.1, 3. Juni 2025.")


def test_a_title_with_braces_is_not_a_pattern() -> None:
    text = citation_text(sample(title="Use of {placeholders}"), ui_strings("en"))
    assert '"Use of {placeholders}"' in text


def test_without_a_site_url_the_url_is_root_relative() -> None:
    assert absolute_url(None, "library/ncg-0003/1.0/") == "/library/ncg-0003/1.0/"
    assert absolute_url("https://example.org", "library/") == "https://example.org/library/"


# -- BibTeX --------------------------------------------------------------------


def test_bibtex_entry() -> None:
    assert bibtex(sample(), ui_strings("en")) == """\
@techreport{ncg-0003-1.1,
  author      = {{NIS Cooperation Group}},
  title       = {{Guideline on reporting significant incidents}},
  institution = {NIS Cooperation Group},
  type        = {Guideline},
  number      = {NCG-0003},
  version     = {1.1},
  date        = {2025-06-03},
  year        = {2025},
  month       = jun,
  url         = {https://example.org/nisdocs/library/ncg-0003/1.1/},
  langid      = {english}
}"""


def test_bibtex_in_greek() -> None:
    entry = bibtex(sample(title="Κατευθυντήρια γραμμή", title_language="el",
                          date="2024-04-16"), ui_strings("el"))
    assert "title       = {{Κατευθυντήρια γραμμή}}," in entry
    assert "institution = {Ομάδα Συνεργασίας NIS}," in entry
    assert "month       = apr," in entry
    assert "langid      = {greek}" in entry


def test_bibtex_escapes_latex_and_keeps_braces_balanced() -> None:
    title = 'A {broken title with "quotes" & 100% of $, #1, a_b, ~ and ^ and \\ too'
    escaped = bibtex_escape(title)
    assert escaped == (r'A \textbraceleft{}broken title with {"}quotes{"} \& 100\% of \$, '
                       r"\#1, a\_b, \textasciitilde{} and \textasciicircum{} and "
                       r"\textbackslash{} too")
    entry = bibtex(sample(title=title), ui_strings("en"))
    # BibTeX counts every brace, escaped or not: the entry must balance.
    depth = 0
    for char in entry:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_bibtex_url_cannot_end_the_field() -> None:
    entry = bibtex(sample(url="https://example.org/a}b c/"), ui_strings("en"))
    assert "url         = {https://example.org/a%7Db%20c/}," in entry


# -- the built site --------------------------------------------------------------


def cite_block(built_site: Build, url: str) -> tuple[str, str]:
    block = page(built_site.site, url).select_one(".nisdocs-cite")
    assert block is not None, url
    text = block.select_one(".nisdocs-cite__text")
    code = block.select_one("details pre code")
    assert text is not None and code is not None
    return " ".join(text.get_text().split()), code.get_text()


def site_url() -> str:
    return str(mkdocs_yml()["site_url"]).rstrip("/") + "/"


def test_cite_block_on_the_document_page(built_site: Build) -> None:
    text, entry = cite_block(built_site, "library/ncg-0003/")
    url = f"{site_url()}library/ncg-0003/1.1/"
    assert text == ('NIS Cooperation Group, "Guideline on reporting significant incidents", '
                    f"NCG-0003, version 1.1, 3 June 2025. {url}")
    assert entry.startswith("@techreport{ncg-0003-1.1,")
    assert f"url         = {{{url}}}" in entry
    # The cited URL is the version's own, which leads to the document page.
    assert redirect_target(built_site.site, "library/ncg-0003/1.1/") == "library/ncg-0003/"


def test_cite_block_in_greek_names_the_greek_title(built_site: Build,
                                                   sample_library: Library) -> None:
    title = sample_library.documents["NCG-0003"].current.text("el", "en").title
    text, entry = cite_block(built_site, "el/library/ncg-0003/")
    assert text == (f"Ομάδα Συνεργασίας NIS, «{title}», NCG-0003, έκδοση 1.1, "
                    f"3 Ιουνίου 2025. {site_url()}el/library/ncg-0003/1.1/")
    assert "langid      = {greek}" in entry
    span = page(built_site.site, "el/library/ncg-0003/").select_one(
        ".nisdocs-cite__text span[lang]")
    assert span is not None and span["lang"] == "el" and span.get_text() == title


def test_cite_block_on_an_earlier_version_cites_that_version(built_site: Build) -> None:
    text, entry = cite_block(built_site, "library/ncg-0003/1.0/")
    assert text.endswith(f", NCG-0003, version 1.0, 16 April 2024. "
                         f"{site_url()}library/ncg-0003/1.0/")
    assert entry.startswith("@techreport{ncg-0003-1.0,")
    assert "month       = apr," in entry


def test_copy_buttons_wait_for_the_script(built_site: Build) -> None:
    html = page(built_site.site, "fr/library/ncg-0003/")
    buttons = html.select(".nisdocs-cite button[data-nisdocs-copy]")
    assert [b["data-nisdocs-copy"] for b in buttons] == ["nisdocs-cite-text",
                                                         "nisdocs-cite-bibtex"]
    assert all(b.has_attr("hidden") for b in buttons)
    assert buttons[0].get_text() == "Copier la citation"
    status = html.select_one(".nisdocs-cite [role=status]")
    assert status is not None and status["aria-live"] == "polite"
    assert status["data-copied"] == "Copié dans le presse-papiers."
    scripts = [s["src"] for s in html.select("script[src]")]
    assert "../../../assets/nisdocs-cite.js" in scripts
    assert (built_site.site / "assets/nisdocs-cite.js").is_file()
