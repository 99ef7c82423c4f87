"""The legal registry: acts, references, EUR-Lex URLs."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from conftest import TinyLibrary, source_text
from hypothesis import given, settings
from hypothesis import strategies as st

from nisdocs.registry import (
    REFERENCE_PATTERN,
    ArticleStructure,
    Reference,
    load_registry,
    parse_law_link,
    parse_reference,
)


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
        "unknown act 'NIS3'; known acts: CIR-2024-2690, NIS1, NIS2; did you mean \"NIS1\"?")


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


# -- paragraphs and points (issue 18) --------------------------------------------------


REGISTRY = load_registry()
# Every article whose structure was read whole, as (act, article, structure).
COMPLETE = [(act.key, number, structure) for act in REGISTRY.acts.values()
            for number, structure in sorted(act.structure.items()) if structure.complete]


def test_every_article_has_its_structure_recorded_or_marked_unread() -> None:
    for act in REGISTRY.acts.values():
        assert set(act.structure) == set(act.articles), act.key
    # The articles of the examples were read whole.
    assert REGISTRY.acts["NIS2"].structure[21].paragraphs[2] == tuple("abcdefghij")


@pytest.mark.parametrize(("text", "reason"), [
    ("NIS2 Art. 21(99)", "NIS2 Article 21 has no paragraph 99; its paragraphs are 1 to 5"),
    ("NIS2 Art. 21(2)(z)", "paragraph 2 of NIS2 Article 21 has no point (z); its points are "
                           "(a) to (j)"),
    ("NIS2 Art. 21(1)(a)", "paragraph 1 of NIS2 Article 21 has no points"),
    ("NIS2 Art. 21(d)", "a point needs its paragraph; allowed: NIS2 Art. 21(2)(d)"),
    ("NIS2 Art. 6(42)", "NIS2 Article 6 has no point (42); its points are 1 to 41"),
    ("NIS2 Art. 6(1)(d)", "point (1) of NIS2 Article 6 has no sub-point (d)"),
    ("NIS2 Art. 5(1)", "NIS2 Article 5 has no numbered paragraphs or points"),
    ("CIR-2024-2690 Art. 4(d)", "CIR-2024-2690 Article 4 has no point (d); its points are "
                                "(a) to (c)"),
    ("NIS22 Art. 1", 'unknown act \'NIS22\'; known acts: CIR-2024-2690, NIS1, NIS2; did you '
                    'mean "NIS2"?'),
])
def test_a_paragraph_or_point_that_does_not_exist_is_refused(text: str, reason: str) -> None:
    reference = parse_reference(text)
    assert reference is not None
    assert reason in (REGISTRY.check(reference) or "")


@pytest.mark.parametrize("text", ["NIS2 Art. 21", "NIS2 Art. 21(2)(d)", "NIS2 Art. 6(1)",
                                  "NIS2 Art. 6(1)(a)", "CIR-2024-2690 Art. 4(a)",
                                  "NIS2 Art. 23(4)(a)", "NIS1 Art. 2(9)", "NIS1 Art. 5(7)(b)"])
def test_what_exists_or_may_exist_is_accepted(text: str) -> None:
    # NIS1 Art. 2 was not read, Art. 5 only in part: what they may have is not refused.
    reference = parse_reference(text)
    assert reference is not None and REGISTRY.check(reference) is None


@given(st.sampled_from(COMPLETE), st.data())
def test_every_recorded_subdivision_is_accepted_and_the_next_one_refused(
        entry: tuple[str, int, ArticleStructure], data: st.DataObject) -> None:
    act, article, structure = entry
    paragraphs, points = structure.paragraphs, structure.points
    if paragraphs:
        number = data.draw(st.sampled_from(sorted(paragraphs)))
        assert REGISTRY.check(Reference(act, article, number)) is None
        assert REGISTRY.check(Reference(act, article, max(paragraphs) + 1)) is not None
        letters = paragraphs[number]
        if letters:
            letter = data.draw(st.sampled_from(letters))
            assert REGISTRY.check(Reference(act, article, number, letter)) is None
            after = chr(ord(letters[-1]) + 1)
            assert REGISTRY.check(Reference(act, article, number, after)) is not None
        else:
            assert REGISTRY.check(Reference(act, article, number, "a")) is not None
    elif points:
        point = data.draw(st.sampled_from(points))
        reference = (Reference(act, article, int(point)) if point.isdigit()
                     else Reference(act, article, None, point))
        assert REGISTRY.check(reference) is None
    else:
        assert REGISTRY.check(Reference(act, article, 1)) is not None


def test_the_eurlex_link_of_a_point_goes_to_its_article() -> None:
    reference = parse_reference("NIS2 Art. 21(2)(d)")
    assert reference is not None
    assert REGISTRY.eurlex_url(reference, "fr") == (
        "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32022L2555#art_21")


@pytest.mark.parametrize(("fields", "body", "field", "found"), [
    ({"references": "[NIS2 Art. 21(99)]"}, "", "references", "found NIS2 Art. 21(99): "),
    ({"references": "[NIS2 Art. 21(2)(z)]"}, "", "references", "found NIS2 Art. 21(2)(z): "),
    ({}, "\nUnder [point (z)](law:NIS2/21/2/z).\n", "law link", "found law:NIS2/21/2/z: "),
])
def test_check_refuses_references_to_what_the_article_lacks(
        tiny: TinyLibrary, fields: dict[str, str], body: str, field: str, found: str) -> None:
    # Measured: all three passed `nisdocs check`.
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", **fields) + body)
    problems = [p for p in tiny.scan()[1] if p.field == field]
    assert len(problems) == 1 and problems[0].message.startswith(found), tiny.problems()
    assert problems[0].line is not None


# -- every article, against a model of what its recorded structure allows ------------------


def _exists(act: str, article: int, paragraph: int | None, point: str | None) -> bool:
    """The model: what the recorded structure says exists (everything, where unread)."""
    structure = REGISTRY.acts[act].structure[article]
    if not structure.complete or (paragraph is None and point is None):
        return True
    if structure.paragraphs:
        if paragraph is None:
            return False
        return paragraph in structure.paragraphs and (
            point is None or point in structure.paragraphs[paragraph])
    named = str(paragraph) if paragraph is not None else point
    if named not in structure.points:
        return False
    return point is None or paragraph is None or point in structure.subpoints.get(named, ())


ARTICLES = [(act.key, number) for act in REGISTRY.acts.values() for number in act.articles]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ARTICLES), st.none() | st.integers(1, 60),
       st.none() | st.sampled_from([*"abcdefghijklmnopqrstuvwxyz", "i", "ii", "zz"]))
def test_check_agrees_with_the_recorded_structure(
        article: tuple[str, int], paragraph: int | None, point: str | None) -> None:
    # Over every article of every act: check accepts exactly what the data records (and
    # anything under an article that was not read whole), and explains every refusal.
    act, number = article
    reason = REGISTRY.check(Reference(act, number, paragraph, point))
    assert (reason is None) == _exists(act, number, paragraph, point), reason
    assert reason is None or f"{act} Article {number}" in reason


@pytest.mark.parametrize(("act", "number"), ARTICLES)
def test_each_article_accepts_all_it_records_and_refuses_the_next(act: str, number: int) -> None:
    structure = REGISTRY.acts[act].structure[number]
    # What is recorded is accepted, for every article, read whole or not.
    for paragraph, points in structure.paragraphs.items():
        assert REGISTRY.check(Reference(act, number, paragraph)) is None
        for point in points:
            assert REGISTRY.check(Reference(act, number, paragraph, point)) is None
    for point in structure.points:
        as_reference = (Reference(act, number, int(point)) if point.isdigit()
                        else Reference(act, number, None, point))
        assert REGISTRY.check(as_reference) is None
    if not structure.complete:
        return  # what an unread article may have is not refused
    if structure.paragraphs:
        assert REGISTRY.check(Reference(act, number, max(structure.paragraphs) + 1))
        for paragraph, points in structure.paragraphs.items():
            after = chr(ord(points[-1]) + 1) if points else "a"
            assert REGISTRY.check(Reference(act, number, paragraph, after))
    elif structure.points and structure.points[-1].isdigit():
        assert REGISTRY.check(Reference(act, number, int(structure.points[-1]) + 1))
    elif structure.points:
        assert REGISTRY.check(Reference(act, number, None, chr(ord(structure.points[-1]) + 1)))
    else:
        assert REGISTRY.check(Reference(act, number, 1))


def test_the_data_files_are_complete_and_consistent() -> None:
    # Every article has exactly one kind of structure, numbered without gaps, lettered in order.
    for act in REGISTRY.acts.values():
        assert act.facts.get("structure_source") is None  # read, not left among the facts
        for number, structure in act.structure.items():
            where = f"{act.key} Art. {number}"
            assert not (structure.paragraphs and structure.points), where
            if structure.paragraphs:
                assert list(structure.paragraphs) == list(
                    range(1, len(structure.paragraphs) + 1)), where
            for points in [*structure.paragraphs.values(), structure.points]:
                expected = ([str(n) for n in range(1, len(points) + 1)]
                            if points and points[0].isdigit()
                            else list("abcdefghijklmnopqrstuvwxyz"[:len(points)]))
                assert list(points) == expected, where
            assert set(structure.subpoints) <= set(structure.points), where


@pytest.mark.parametrize(("text", "meant"), [
    ("nis2 Art. 21", "NIS2 Art. 21"),
    ("NIS 2 Art. 21(2)(d)", "NIS2 Art. 21(2)(d)"),
    ("NIS2 Article 21(2)", "NIS2 Art. 21(2)"),
    ("nis2 art 21 (2) (D)", "NIS2 Art. 21(2)(d)"),
    ("cir 2024/2690 Art. 4(a)", "CIR-2024-2690 Art. 4(a)"),
    ("nis2 Art. 21(99)", None),  # a near miss that names nothing suggests nothing
    ("NIS2 Art. 21(2)(d)(i)", None),
    ("Art. 21", None),
    ("x" * 5000 + " Art. 1", None),
])
def test_a_malformed_reference_suggests_what_it_meant(text: str, meant: str | None) -> None:
    assert parse_reference(text) is None
    assert REGISTRY.suggest_reference(text) == meant
    if meant is not None:
        assert parse_reference(meant) is not None


@pytest.mark.parametrize(("target", "meant"), [
    ("NIS2 Art. 21(2)(d)", "NIS2/21/2/d"),
    ("nis2/21/2/d", "NIS2/21/2/d"),
    ("NIS2/21(2)(d)", "NIS2/21/2/d"),
    ("NIS 2/6/1/a", "NIS2/6/1/a"),
    ("NIS2/21/2/d/i", None),
    ("nis2/21/2/z", None),
])
def test_a_malformed_law_link_suggests_what_it_meant(target: str, meant: str | None) -> None:
    assert parse_law_link(target) is None
    assert REGISTRY.suggest_law_link(target) == meant
    if meant is not None:
        assert parse_law_link(meant) is not None


@given(st.text(max_size=40))
def test_suggestions_never_fail_and_always_parse(text: str) -> None:
    suggestion = REGISTRY.suggest_reference(text)
    assert suggestion is None or parse_reference(suggestion) is not None
    law = REGISTRY.suggest_law_link(text)
    assert law is None or parse_law_link(law) is not None


SCHEMA = json.loads((resources.files("nisdocs") / "schema" / "front-matter.schema.json")
                    .read_text(encoding="utf-8"))
SCHEMA_REFERENCE = re.compile(
    SCHEMA["$defs"]["document"]["properties"]["references"]["items"]["pattern"])


@given(st.from_regex(REFERENCE_PATTERN) | st.text("NIS12CR-Art. ()0349abdiz", max_size=24))
def test_the_schema_pattern_reads_references_as_the_registry_does(text: str) -> None:
    # The front matter's schema and the registry accept the same references.
    assert bool(SCHEMA_REFERENCE.search(text)) == bool(REFERENCE_PATTERN.search(text))


@pytest.mark.parametrize(("fields", "body", "says"), [
    ({"references": "[nis2 Art. 21(2)(d)]"}, "", 'did you mean "NIS2 Art. 21(2)(d)"?'),
    ({"references": "[NIS 2 Art. 21]"}, "", 'did you mean "NIS2 Art. 21"?'),
    ({}, "\nUnder [the measures](law:NIS2 Art. 21(2)(d)).\n",
     'did you mean "law:NIS2/21/2/d"?'),
])
def test_a_near_miss_gets_the_form_meant(tiny: TinyLibrary, fields: dict[str, str], body: str,
                                         says: str) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", **fields) + body)
    assert any(problem.endswith(says) for problem in tiny.problems()), tiny.problems()
