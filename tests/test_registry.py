"""The legal registry: acts, references, EUR-Lex URLs."""

from __future__ import annotations

import pytest

from nisdocs.registry import Reference, load_registry, parse_law_link, parse_reference


def test_registry_holds_the_three_acts() -> None:
    registry = load_registry()
    assert set(registry.acts) == {"NIS1", "NIS2", "CIR-2024-2690"}
    nis2 = registry.acts["NIS2"]
    assert nis2.celex == "32022L2555"
    assert nis2.eli == "http://data.europa.eu/eli/dir/2022/2555/oj"
    assert len(nis2.articles) == 46
    assert nis2.articles[21] == "Cybersecurity risk-management measures"
    assert registry.acts["NIS1"].articles[11] == "Cooperation Group"
    assert len(registry.acts["CIR-2024-2690"].articles) == 16


def test_chapters_cover_every_article_once() -> None:
    for act in load_registry().acts.values():
        if not act.chapters:
            continue
        covered = [n for chapter in act.chapters for n in chapter.articles]
        assert sorted(covered) == sorted(act.articles), act.key


@pytest.mark.parametrize(("text", "expected"), [
    ("NIS2 Art. 21", Reference("NIS2", 21)),
    ("NIS2 Art. 21(2)", Reference("NIS2", 21, 2)),
    ("NIS2 Art. 21(2)(d)", Reference("NIS2", 21, 2, "d")),
    ("CIR-2024-2690 Art. 3", Reference("CIR-2024-2690", 3)),
    ("NIS2 Art. 21(d)", Reference("NIS2", 21, None, "d")),
])
def test_parse_reference(text: str, expected: Reference) -> None:
    reference = parse_reference(text)
    assert reference == expected
    assert str(reference) == text


@pytest.mark.parametrize("text", ["NIS2 21", "nis2 Art. 21", "NIS2 Art. 0", "NIS2 Art. 21(2)(D)",
                                  "NIS2 Art. 21 (2)", "Art. 21", ""])
def test_malformed_references(text: str) -> None:
    assert parse_reference(text) is None


def test_law_links() -> None:
    assert parse_law_link("NIS2/21/2/d") == Reference("NIS2", 21, 2, "d")
    assert parse_law_link("NIS1/14") == Reference("NIS1", 14)
    assert parse_law_link("NIS2-21") is None


def test_check_reports_missing_articles_and_acts() -> None:
    registry = load_registry()
    assert registry.check(Reference("NIS2", 46)) is None
    assert registry.check(Reference("NIS2", 47)) == (
        "NIS2 has no Article 47; its articles are 1 to 46")
    assert registry.check(Reference("NIS3", 1)) == (
        "unknown act 'NIS3'; known acts: CIR-2024-2690, NIS1, NIS2")


def test_eurlex_urls_in_each_language() -> None:
    registry = load_registry()
    assert registry.eurlex_url(Reference("NIS2", 23, 4, "a"), "el") == (
        "https://eur-lex.europa.eu/legal-content/EL/TXT/HTML/?uri=CELEX:32022L2555#art_23")
    # NIS1's article anchors are not verified: its links lead to the act.
    assert registry.eurlex_url(Reference("NIS1", 14), "bg") == (
        "https://eur-lex.europa.eu/legal-content/BG/TXT/?uri=CELEX:32016L1148")


def test_citations_are_translated() -> None:
    nis2 = load_registry().acts["NIS2"]
    assert nis2.cite("de") == "Richtlinie (EU) 2022/2555"
    assert nis2.cite("el") == "Οδηγία (ΕΕ) 2022/2555"
    chapter = nis2.chapter_of(23)
    assert chapter is not None and chapter.number == "IV"
