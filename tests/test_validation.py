"""One negative test per validation rule: each asserts the message an editor sees."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import TinyLibrary, source_text, translation_text

OneProblem = Callable[[], str]


def test_the_tiny_library_is_valid(tiny: TinyLibrary) -> None:
    library, problems = tiny.scan()
    assert problems == []
    assert list(library.documents) == ["NCG-0001", "NCG-0002"]


# -- reading the file --------------------------------------------------------


def test_missing_front_matter(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", "## Scope\n\nNo front matter.\n")
    assert one_problem() == ("guidelines/ncg-0001/index.md:1: no front matter: the file must "
                             "start with a line '---', then the YAML fields, then a line '---'")


def test_unclosed_front_matter(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text().replace("\n---\n\n## Scope", "\n\n## Scope"))
    assert one_problem() == ("guidelines/ncg-0001/index.md:1: the front matter opened on line 1 "
                             "is never closed: add a line '---' after the last field")


def test_invalid_yaml_names_the_line(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(topics="[incident-reporting"))
    problem = one_problem()
    assert problem.startswith("guidelines/ncg-0001/index.md:")
    assert "the front matter is not valid YAML" in problem


def test_duplicate_key(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text().replace("summary:", "title: Again\nsummary:"))
    assert one_problem() == (
        "guidelines/ncg-0001/index.md:10: title: appears twice (first on line 3)")


def test_python_tags_are_refused(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(title="!!python/object/apply:os.system [ls]"))
    assert "could not determine a constructor for the tag" in one_problem()


def test_invalid_utf8(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    (tiny.root / "guidelines/ncg-0001/index.md").write_bytes(
        source_text().encode("utf-8") + b"\xff\xfe bad")
    assert one_problem().startswith("guidelines/ncg-0001/index.md: not valid UTF-8")


def test_bom_and_crlf_are_accepted(tiny: TinyLibrary) -> None:
    text = "\ufeff" + source_text().replace("\n", "\r\n")
    (tiny.root / "guidelines/ncg-0001/index.md").write_bytes(text.encode("utf-8"))
    assert tiny.problems() == []


# -- fields ------------------------------------------------------------------


def test_unknown_field(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(author="Someone"))
    assert one_problem() == (
        "guidelines/ncg-0001/index.md:11: author: unknown field; allowed fields: id, title, "
        "short_title, number_headings, type, status, version, date, topics, references, "
        "supersedes, related, summary, version_note")


def test_missing_required_field(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(summary=None))
    assert one_problem() == "guidelines/ncg-0001/index.md:1: summary: required field is missing"


def test_wrong_type(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(title="[a, b]"))
    assert one_problem() == ("guidelines/ncg-0001/index.md:3: title: found a list; "
                             "allowed: a non-empty text")


def test_topics_must_be_a_list(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(topics="incident-reporting"))
    assert one_problem() == (
        'guidelines/ncg-0001/index.md:8: topics: found "incident-reporting"; '
        "allowed: a list of one or more topic keys of guidelines/topics.yml")


def test_version_written_as_a_number(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(version="1.10"))
    tiny.remove("ncg-0001/index.fr.md")
    assert one_problem() == (
        'guidelines/ncg-0001/index.md:6: version: found the number 1.1 (written 1.10); '
        'a version is text: write it in quotes, version: "1.10"')


def test_malformed_version(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(version='"v1"'))
    tiny.remove("ncg-0001/index.fr.md")
    assert one_problem() == ('guidelines/ncg-0001/index.md:6: version: found "v1"; allowed: '
                             'MAJOR.MINOR in quotes, such as "1.0" or "2.10"')


def test_malformed_id(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", source_text("CG-2024-01"))
    assert ('guidelines/ncg-0002/index.md:2: id: found "CG-2024-01"; allowed: NCG- followed '
            "by four digits, such as NCG-0042") in tiny.problems()


def test_unknown_type(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(type="memo"))
    assert one_problem() == (
        'guidelines/ncg-0001/index.md:4: type: found "memo"; allowed: guideline, '
        "reference-document, report, working-document, toolbox, compendium, work-programme, "
        "methodology")


def test_unknown_status(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(status="final"))
    assert one_problem() == ('guidelines/ncg-0001/index.md:5: status: found "final"; allowed: '
                             "draft, consultation, published, superseded, withdrawn")


def test_unknown_topic(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(topics="[incident-reporting, cyber-hygiene]"))
    assert one_problem() == ("guidelines/ncg-0001/index.md:8: topics: unknown topic "
                             "'cyber-hygiene'; allowed: incident-reporting, risk-management")


def test_topic_without_a_label_in_a_language(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("topics.yml", "incident-reporting: {en: Incident reporting}\n"
                             "risk-management: {en: Risk, fr: Risque}\n")
    assert one_problem() == ("guidelines/topics.yml: incident-reporting: no label in fr; every "
                             "topic needs a label in each language: en, fr")


# -- references ----------------------------------------------------------------


def test_malformed_reference(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(references="[Article 21 NIS2]"))
    assert one_problem() == (
        'guidelines/ncg-0001/index.md:9: references[0]: found "Article 21 NIS2"; allowed: ACT '
        "Art. N, then an optional (paragraph) and (point), such as NIS2 Art. 21(2)(d)")


def test_reference_to_an_article_that_does_not_exist(tiny: TinyLibrary,
                                                     one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(references="[NIS2 Art. 21, NIS2 Art. 47]"))
    assert one_problem() == ("guidelines/ncg-0001/index.md:9: references: found NIS2 Art. 47: "
                             "NIS2 has no Article 47; its articles are 1 to 46")


def test_reference_to_an_unknown_act(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(references="[GDPR Art. 32]"))
    assert one_problem() == ("guidelines/ncg-0001/index.md:9: references: found GDPR Art. 32: "
                             "unknown act 'GDPR'; known acts: CIR-2024-2690, NIS1, NIS2")


# -- ids and documents ---------------------------------------------------------


def test_unknown_id_in_related(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", related="[NCG-0404]"))
    assert one_problem() == ("guidelines/ncg-0002/index.md:11: related: unknown document id "
                             "NCG-0404; allowed: ids of documents in guidelines/")


def test_unknown_id_in_supersedes(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", supersedes="[NCG-0404]"))
    assert one_problem() == ("guidelines/ncg-0002/index.md:11: supersedes: unknown document "
                             "id NCG-0404; allowed: ids of documents in guidelines/")


@pytest.mark.parametrize("field", ["supersedes", "related"])
def test_a_misspelt_id_gets_a_suggestion(tiny: TinyLibrary, one_problem: OneProblem,
                                         field: str) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", **{field: "[NCG-0010]"}))
    assert one_problem().endswith('allowed: ids of documents in guidelines/; did you mean '
                                  '"NCG-0001"?')


def test_a_document_that_supersedes_itself(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", supersedes="[NCG-0002]"))
    assert one_problem() == ("guidelines/ncg-0002/index.md:11: supersedes: names the "
                             "document itself (NCG-0002)")


def test_superseded_document_must_say_so(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", supersedes="[NCG-0001]"))
    assert one_problem() == ("guidelines/ncg-0001/index.md: status: found published, but "
                             "NCG-0002 supersedes this document; allowed: superseded")


def test_a_cycle_of_supersedes(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", source_text("NCG-0001", status="superseded",
                                                supersedes="[NCG-0002]"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", status="superseded",
                                                supersedes="[NCG-0001]"))
    problems = tiny.problems()
    assert ("guidelines/ncg-0001/index.md: supersedes: a cycle: NCG-0001 -> NCG-0002 -> "
            "NCG-0001; allowed: a chain that ends") in problems


def test_a_cycle_through_a_second_entry(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0003/index.md", source_text("NCG-0003"))
    tiny.write("ncg-0001/index.md", source_text("NCG-0001", status="superseded",
                                                supersedes="[NCG-0003, NCG-0002]"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", status="superseded",
                                                supersedes="[NCG-0001]"))
    problems = tiny.problems()
    assert ("guidelines/ncg-0001/index.md: supersedes: a cycle: NCG-0001 -> NCG-0002 -> "
            "NCG-0001; allowed: a chain that ends") in problems


def test_a_draft_does_not_supersede_yet(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", status="draft",
                                                supersedes="[NCG-0001]"))
    library, problems = tiny.scan()
    assert problems == []
    assert library.documents["NCG-0001"].superseded_by == []


def test_duplicate_id(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0001"))
    assert one_problem() == (
        "guidelines/ncg-0002/index.md:2: id: duplicate id: guidelines/ncg-0001/index.md has "
        "NCG-0001 already; found NCG-0001 in the folder ncg-0002; allowed: NCG-0002, the id "
        "the folder is named after")


def test_folder_not_named_after_an_id(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("incident-guideline/index.md", source_text("NCG-0003"))
    assert one_problem() == (
        "guidelines/incident-guideline: folder name 'incident-guideline' is not a document id "
        "in lower case; allowed: ncg- and four digits, such as ncg-0042")


# -- versions and dates --------------------------------------------------------


def test_impossible_date(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(date="2024-02-30"))
    assert one_problem() == ('guidelines/ncg-0001/index.md:7: date: found "2024-02-30", which '
                             "is not a calendar date; allowed: a real date YYYY-MM-DD")


def test_date_before_the_group_existed(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(date="2015-01-10"))
    assert one_problem() == ("guidelines/ncg-0001/index.md:7: date: found 2015-01-10, before "
                             "the Cooperation Group existed; allowed: 2016-07-06 or later")


def test_published_in_the_future(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text(date="2027-01-05"))
    assert one_problem() == (
        "guidelines/ncg-0001/index.md:7: date: found 2027-01-05, a date in the future for a "
        "version with status published; allowed: 2026-11-01 or earlier (or status draft)")


def test_a_draft_may_be_dated_ahead(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", status="draft", date="2027-01-05"))
    assert tiny.problems() == []


def test_versions_dated_backwards(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/1.0/index.md", source_text("NCG-0002", date="2024-06-01"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", version='"2.0"', date="2024-03-01"))
    assert one_problem() == ("guidelines/ncg-0002/index.md:7: date: version 2.0 is dated "
                             "2024-03-01, before version 1.0 (2024-06-01); allowed: "
                             "2024-06-01 or later")


def test_version_folder_disagrees(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/1.0/index.md", source_text("NCG-0002", version='"1.1"',
                                                    date="2024-01-01"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", version='"2.0"'))
    assert one_problem() == ('guidelines/ncg-0002/1.0/index.md:6: version: found "1.1" in the '
                             'folder 1.0; allowed: "1.0", the version the folder is named after')


# -- translations -----------------------------------------------------------


def test_translation_without_a_source(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/1.0/index.fr.md", translation_text("NCG-0002"))
    assert one_problem() == ("guidelines/ncg-0002/1.0/index.fr.md: a translation without a "
                             "source: there is no index.md next to it")


def test_translation_with_another_id(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.fr.md", translation_text("NCG-0002"))
    assert one_problem() == ("guidelines/ncg-0001/index.fr.md:2: id: found NCG-0002; allowed: "
                             "NCG-0001, the id of its source guidelines/ncg-0001/index.md")


def test_translation_of_a_version_that_does_not_exist(tiny: TinyLibrary,
                                                      one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.fr.md", translation_text(source_version='"0.9"'))
    assert one_problem() == ('guidelines/ncg-0001/index.fr.md:4: source_version: found "0.9", a '
                             "version the source does not have; allowed: 1.0")


def test_translation_of_a_newer_version(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0002/1.0/index.md", source_text("NCG-0002", date="2024-01-01"))
    tiny.write("ncg-0002/1.0/index.fr.md", translation_text("NCG-0002", source_version='"2.0"'))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", version='"2.0"'))
    assert one_problem() == ('guidelines/ncg-0002/1.0/index.fr.md:4: source_version: found "2.0", '
                             "newer than the text it sits next to (version 1.0); allowed: 1.0 "
                             "or earlier")


def test_translation_fields_are_limited(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.fr.md", translation_text(status="published"))
    assert one_problem() == ("guidelines/ncg-0001/index.fr.md:6: status: unknown field; allowed "
                             "fields: id, title, short_title, source_version, summary, "
                             "translation")


def test_language_that_is_not_configured(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.it.md", translation_text())
    assert one_problem() == ("guidelines/ncg-0001/index.it.md: language 'it' is not configured; "
                             "allowed suffixes: fr (the source language en has no suffix)")


def test_unexpected_markdown_file(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/notes.md", "# Notes\n")
    assert one_problem().startswith("guidelines/ncg-0001/notes.md: unexpected Markdown file")


# -- links in the text ---------------------------------------------------------


def test_id_link_to_an_unknown_document(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text() + "\nSee [the other](id:NCG-0404).\n")
    assert one_problem() == (
        "guidelines/ncg-0001/index.md:17: id link: found id:NCG-0404, which names no document; "
        "allowed: the id of a document, such as id:NCG-0003, id:NCG-0003@1.0 or "
        "id:NCG-0003#section")


def test_id_link_to_an_unknown_version(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text() + "\nSee [the other](id:NCG-0002@3.0).\n")
    assert one_problem() == ("guidelines/ncg-0001/index.md:17: id link: found id:NCG-0002@3.0, "
                             "but NCG-0002 has no version 3.0; allowed: 1.0")


def test_id_link_to_a_draft(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", status="draft"))
    tiny.write("ncg-0001/index.md", source_text() + "\nSee [the draft](id:NCG-0002).\n")
    assert tiny.problems() == [
        "guidelines/ncg-0001/index.md:17: id link: found id:NCG-0002, a draft that the public "
        "site leaves out; allowed: links to published documents"]
    assert tiny.problems(drafts=True) == []


def test_law_link_to_an_article_that_does_not_exist(tiny: TinyLibrary,
                                                    one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.md", source_text() + "\nSee [Art. 47](law:NIS2/47).\n")
    assert one_problem() == ("guidelines/ncg-0001/index.md:17: law link: found law:NIS2/47: "
                             "NIS2 has no Article 47; its articles are 1 to 46")


def test_malformed_law_link(tiny: TinyLibrary, one_problem: OneProblem) -> None:
    tiny.write("ncg-0001/index.fr.md", translation_text() + "\nVoir [l'art.](law:NIS2-21).\n")
    assert one_problem() == (
        "guidelines/ncg-0001/index.fr.md:12: law link: found law:NIS2-21; allowed: "
        "law:ACT/ARTICLE, then an optional /PARAGRAPH and /POINT, such as law:NIS2/21/2/d")


# -- all at once ---------------------------------------------------------------


def test_every_problem_is_reported_in_one_run(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", source_text(status="final", topics="[nope]"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", references="[NIS2 Art. 99]"))
    tiny.write("ncg-0002/index.xx.md", translation_text("NCG-0002"))
    problems = tiny.problems()
    assert len(problems) == 4, problems
    assert [p.split(":")[0] for p in problems] == [
        "guidelines/ncg-0001/index.md", "guidelines/ncg-0001/index.md",
        "guidelines/ncg-0002/index.md",
        "guidelines/ncg-0002/index.xx.md"]


# -- did you mean ----------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "suggested"), [
    ({"topics": "[incident-reportng]"}, "incident-reporting"),
    ({"topics": "[Risk-Management]"}, "risk-management"),
    ({"status": "publshed"}, "published"),
    ({"type": "guidline"}, "guideline"),
    ({"summry": "x"}, "summary"),
])
def test_an_unknown_value_close_to_a_known_one_gets_a_suggestion(
        tiny: TinyLibrary, fields: dict[str, str], suggested: str) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", **fields))
    problems = tiny.problems()
    assert any(p.endswith(f'; did you mean "{suggested}"?') for p in problems), problems


def test_a_misspelt_language_suffix_gets_a_suggestion(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.fre.md", translation_text("NCG-0001"))
    problems = tiny.problems()
    assert any("language 'fre' is not configured" in p and p.endswith('did you mean "fr"?')
               for p in problems), problems
