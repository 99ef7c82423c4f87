"""What changed between versions: the diff of two texts, and its pages on the site."""

from __future__ import annotations

import pytest
from conftest import LANGUAGES, Build, TinyLibrary, source_text, translation_text
from sitecheck import page, resolve

from nisdocs.diff import (
    WINDOW,
    Block,
    Entry,
    collapse,
    diff_blocks,
    diff_lists,
    diff_texts,
    diff_words,
    split_blocks,
)
from nisdocs.urls import Urls
from nisdocs.views import build_site
from nisdocs.vocabulary import ui_strings

OLD = """\
## Scope

First paragraph, unchanged.

Second paragraph, also unchanged.

## Deadlines

The entity sends the report within 72 hours.

- early warning;
- final report.

| Report | Deadline |
|---|---|
| Early warning | 24 hours |
| Final report | one month |

## Transition

Until national measures apply, the old rules stay in force.
"""

NEW = """\
## Scope

First paragraph, unchanged.

Second paragraph, also unchanged.

## Deadlines

The entity sends the notification within 72 hours.

- early warning;
- intermediate report;
- final report.

| Report | Deadline |
|---|---|
| Early warning | 24 hours |
| Final report | no later than one month |

## Thresholds

Some providers have binding thresholds.
"""


def kinds(entries: list[Entry] | tuple[Entry, ...]) -> list[str]:
    return [entry.kind for entry in entries]


def text_of(parts: tuple[tuple[str, str], ...], *ops: str) -> str:
    return "".join(text for op, text in parts if op in ops)


# -- blocks ----------------------------------------------------------------------


def test_a_body_splits_into_typed_blocks() -> None:
    body = ('!!! info "Sample"\n    Not official.\n\n# Title\n\nOne line\nwrapped.\n\n'
            "1. first\n   continued\n2. second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "```\ncode\n\nmore\n```\n\nText.[^1]\n\n[^1]: A note\n    on two lines.\n")
    assert split_blocks(body) == [
        Block("admonition", '!!! info "Sample" Not official.'),
        Block("heading", "Title", 1),
        Block("paragraph", "One line wrapped."),
        Block("item", "1. first continued"),
        Block("item", "2. second"),
        Block("row", "| a | b |"),
        Block("row", "| 1 | 2 |"),
        Block("code", "```\ncode\n\nmore\n```"),
        Block("paragraph", "Text.[^1]"),
        Block("footnote", "[^1]: A note on two lines."),
    ]


def test_blocks_are_what_the_sites_renderer_sees() -> None:
    """Headings and code as the one Markdown scanner reads them (nisdocs/scanner.py), as
    Python-Markdown does: an underlined title and `#Tight` are headings, a heading in a
    quote is part of the quote, a heading in code is code."""
    body = ("Title\n=====\n\n#Tight\n\n> ## Quoted\n\n```\n## not a heading\n```\n\n"
            "Text.[^1]\n\n[^1]: A note.\n")
    assert [(block.kind, block.text, block.level) for block in split_blocks(body)] == [
        ("heading", "Title", 1), ("heading", "Tight", 1), ("paragraph", "> ## Quoted", 0),
        ("code", "```\n## not a heading\n```", 0), ("paragraph", "Text.[^1]", 0),
        ("footnote", "[^1]: A note.", 0)]


def test_rewrapping_a_paragraph_is_no_change() -> None:
    assert not diff_texts("One two\nthree four.\n", "One two three\nfour.\n").has_changes


# -- words -----------------------------------------------------------------------


def test_word_level_parts_rebuild_both_texts() -> None:
    old = "The entity sends the report within 72 hours."
    new = "The entity sends the notification within 72 hours, or sooner."
    parts = diff_words(old, new)
    assert text_of(parts, "equal", "delete") == old
    assert text_of(parts, "equal", "insert") == new
    assert ("delete", "report") in parts and ("insert", "notification") in parts
    assert parts[0] == ("equal", "The entity sends the ")


def test_a_replaced_phrase_reads_as_one_deletion_then_one_insertion() -> None:
    parts = diff_words("keep red green blue keep", "keep one two three keep")
    assert parts == (("equal", "keep "), ("delete", "red green blue"),
                     ("insert", "one two three"), ("equal", " keep"))


def test_text_stays_literal() -> None:
    parts = diff_words("a <b> & [link](id:NCG-0001)", "a <i> & [link](id:NCG-0002)")
    assert text_of(parts, "equal", "insert") == "a <i> & [link](id:NCG-0002)"


# -- blocks of two versions ----------------------------------------------------------


def test_added_removed_and_changed_blocks() -> None:
    diff = diff_texts(OLD, NEW)
    entries = diff.entries
    added = [e.text for e in entries if e.kind == "added"]
    removed = [e.text for e in entries if e.kind == "removed"]
    assert "- intermediate report;" in added
    assert "Thresholds" in added and "Some providers have binding thresholds." in added
    assert removed == ["Transition", "Until national measures apply, the old rules stay in force."]
    changed = [e for e in entries if e.kind == "changed"]
    assert [e.block for e in changed] == ["paragraph", "row"]
    assert ("insert", "notification") in changed[0].parts
    assert (diff.added, diff.removed, diff.changed) == (3, 2, 2)
    # The removed section comes before the section that replaced it.
    assert kinds(entries)[-4:] == ["removed", "removed", "added", "added"]


def test_a_changed_block_is_sought_among_the_next_window_of_blocks() -> None:
    """In a long replaced stretch, a block is compared with the next WINDOW old blocks
    of its kind only: within them a change is found, beyond them it reads as removed
    and added (which bounds the work on two long unrelated texts)."""
    fillers = [f"Filler{n}" for n in range(WINDOW + 5)]  # shares no word with the rest
    kept = "The competent authority reviews the register every year."
    edited = "The competent authority reviews the register every two years."

    def diff_with(position: int) -> list[str]:
        old = [*fillers[:position], kept, *fillers[position:]]
        new = [f"Novel{n}" for n in range(3)] + [edited]
        return kinds(diff_blocks([Block("paragraph", text) for text in old],
                                 [Block("paragraph", text) for text in new]))

    assert "changed" in diff_with(WINDOW - 1)
    assert "changed" not in diff_with(WINDOW + 2)


def test_a_table_row_change_is_word_level() -> None:
    row = next(e for e in diff_texts(OLD, NEW).entries if e.block == "row")
    assert row.kind == "changed"
    assert text_of(row.parts, "insert") == "no later than "
    assert text_of(row.parts, "delete") == ""
    assert text_of(row.parts, "equal", "insert") == "| Final report | no later than one month |"


def test_unchanged_blocks_collapse_under_their_headings() -> None:
    entries = diff_texts(OLD, NEW).entries
    assert entries[0] == Entry("heading", "heading", "Scope", 2)
    assert entries[1] == Entry("unchanged", count=2)
    assert entries[2].text == "Deadlines"  # kept as context for the changes below it
    assert not any(e.kind == "unchanged" and e.text for e in entries)
    assert "First paragraph, unchanged." not in [e.text for e in entries]


def test_collapse_sums_runs() -> None:
    one = Entry("unchanged", "paragraph", "x", count=1)
    heading = Entry("heading", "heading", "H", 2)
    assert collapse([one, one, heading, one]) == [Entry("unchanged", count=2), heading,
                                                   Entry("unchanged", count=1)]


def test_identical_texts_give_no_changes() -> None:
    diff = diff_texts(NEW, NEW)
    assert not diff.has_changes
    assert set(kinds(diff.entries)) == {"heading", "unchanged"}
    assert diff_blocks([], []) == []


def test_renumbered_list_items_are_unchanged() -> None:
    diff = diff_texts("1. a\n2. b\n3. c\n", "1. new\n2. a\n3. b\n4. c\n")
    assert (diff.added, diff.removed, diff.changed) == (1, 0, 0)


def test_diff_lists() -> None:
    assert diff_lists(["a", "b", "c"], ["b", "d", "a"]) == (["d"], ["c"])


# -- pages, without mkdocs --------------------------------------------------------------


def test_translated_pairs_get_a_page_in_their_language(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/1.0/index.md", source_text("NCG-0001"))
    tiny.write("ncg-0001/1.0/index.fr.md", translation_text("NCG-0001"))
    tiny.write("ncg-0001/index.md", source_text("NCG-0001", version='"1.1"', date="2025-01-10",
                                                title="New title")
               + "\nA new paragraph.\n")
    tiny.write("ncg-0001/index.fr.md", translation_text("NCG-0001", source_version='"1.1"')
               + "\nUn nouveau paragraphe.\n")
    # NCG-0002 1.1 keeps a French translation of 1.0: the French page compares the
    # English texts, and says so.
    tiny.write("ncg-0002/1.0/index.md", source_text("NCG-0002"))
    tiny.write("ncg-0002/1.0/index.fr.md", translation_text("NCG-0002"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", version='"1.1"', date="2025-01-10"))
    tiny.write("ncg-0002/index.fr.md", translation_text("NCG-0002"))
    library, problems = tiny.scan()
    assert problems == []
    pages = build_site(library).pages
    french = pages["library/ncg-0001/changes/1.0-1.1/index.fr.md"]
    assert [e.text for e in french.view["entries"] if e.kind == "added"] == [
        "Un nouveau paragraphe."]
    assert french.view["details"] == []  # the French title did not change
    english = pages["library/ncg-0001/changes/1.0-1.1/index.md"].view
    assert english["details"][0]["field"] == "title"
    assert french.view["diff_language"] == "fr" and french.view["notices"] == []
    assert "library/ncg-0002/changes/1.0-1.1/index.md" in pages
    fallback = pages["library/ncg-0002/changes/1.0-1.1/index.fr.md"].view
    assert fallback["diff_language"] == "en" and fallback["text_language"] == "fr"
    assert [n["kind"] for n in fallback["notices"]] == ["fallback"]
    assert "anglais" in fallback["notices"][0]["message"]
    history = pages["library/ncg-0002/index.fr.md"].view["history"]
    assert history[0]["changes"]["url"] == "fr/library/ncg-0002/changes/1.0-1.1/"
    assert history[0]["changes"]["hreflang"] is None
    assert history[1]["changes"] is None  # nothing before 1.0


# -- the built site -------------------------------------------------------------------

CHANGES = Urls("en").changes("NCG-0003", "1.0", "1.1", "en")


def test_changes_url() -> None:
    assert CHANGES == "library/ncg-0003/changes/1.0-1.1/"
    assert Urls("en").changes("NCG-0003", "1.0", "1.1", "fr") == (
        "fr/library/ncg-0003/changes/1.0-1.1/")


def test_the_sample_has_a_changes_page_in_every_language(built_site: Build) -> None:
    # guidelines/ncg-0003/1.0/ holds only the English text: no translation to compare, so
    # each language's page compares the English texts, in its own interface, and says so.
    assert (built_site.site / CHANGES / "index.html").is_file()
    assert not page(built_site.site, CHANGES).select("[data-nisdocs-notice]")
    for language in LANGUAGES[1:]:
        doc = page(built_site.site, f"{language}/{CHANGES}")
        assert doc.html is not None and doc.html["lang"] == language
        notice = doc.select_one('[data-nisdocs-notice="fallback"]')
        names = ui_strings(language)["language_names"]
        assert notice is not None and names["en"] in notice.get_text(), language
        diff = doc.select_one(".nisdocs-diff")
        assert diff is not None and diff["lang"] == "en"


def test_the_changes_page_shows_the_new_thresholds_section(built_site: Build) -> None:
    doc = page(built_site.site, CHANGES)
    added = doc.select('[data-change="added"] [data-block="heading"]')
    assert "Thresholds under Implementing Regulation (EU) 2024/2690" in [
        h.get_text(strip=True) for h in added]
    removed = doc.select_one('[data-change="removed"]')
    assert removed is not None and "Preparing for the transition" in removed.get_text()
    # Word-level changes announce themselves to screen readers.
    ins = doc.select_one('[data-change="changed"] ins')
    assert ins is not None and ins.get_text().startswith("inserted:")
    assert doc.select('.nisdocs-diff__unchanged')
    versions = {s["data-version"]: s.get_text(" ", strip=True)
                for s in doc.select(".nisdocs-changes__version")}
    # Dates as the reader's language writes them, the ISO date in `datetime`.
    assert "16 April 2024" in versions["1.0"] and "3 June 2025" in versions["1.1"]
    assert [t["datetime"] for t in doc.select(".nisdocs-changes__version time")] == [
        "2024-04-16", "2025-06-03"]
    assert "thresholds" in versions["1.1"]  # the version note
    details = doc.select_one('[data-field="references"]')
    assert details is not None and "CIR-2024-2690 Art. 3" in details.get_text()
    links = [a for s in doc.select(".nisdocs-changes__version") for a in s.select("a")]
    assert [resolve(built_site.site, CHANGES, a["href"]) for a in links] == [
        built_site.site / "library/ncg-0003/1.0/index.html",
        built_site.site / "library/ncg-0003/index.html"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_version_history_links_the_changes(built_site: Build, language: str) -> None:
    url = f"{'' if language == 'en' else language + '/'}library/ncg-0003/"
    rows = page(built_site.site, url).select(".nisdocs-history tbody tr")
    link = rows[0].select_one(".nisdocs-history__changes a")
    assert link is not None and "1.0" in link.get_text()
    folder = "" if language == "en" else f"{language}/"
    assert resolve(built_site.site, url, link["href"]) == (
        built_site.site / folder / CHANGES / "index.html")
    assert link.get("hreflang") is None
    assert rows[1].select_one(".nisdocs-history__changes") is None
