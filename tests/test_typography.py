"""The typography of metadata strings (nisdocs/typography.py): French spacing, as a rule
checked on any text, and the point letters of legal references in each language."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nisdocs.registry import Reference, parse_reference
from nisdocs.typography import NARROW_NBSP, french_spacing, metadata_text, point_letter

# Texts made of what the rule looks at (marks, guillemets, spaces of every kind, quotes,
# brackets) between words, URLs and times, where it must leave the marks alone.
_PIECES = st.sampled_from([
    "mot", "Article 3", "x", " ", " ", "  ", "\u00a0", NARROW_NBSP, "\n", ":", ";", "?",
    "!", "?!", "«", "»", "« ", " »", '"', "'", "’", ")", "(", "]", ".", ",",
    "https://example.eu/a?b=c", "10:30", "a;b", "C:\\x",
])
texts = st.lists(_PIECES, max_size=14).map("".join) | st.text(max_size=40)
_MARK_ENDING_A_WORD = re.compile(r"(?<=[^\s:;?!«])[:;?!]+(?=$|[\s»)\]\"'’”])")


@settings(max_examples=600, deadline=None)
@given(texts)
def test_french_spacing_changes_only_spaces_and_is_stable(text: str) -> None:
    spaced = french_spacing(text)
    assert french_spacing(spaced) == spaced
    # Only spaces are added or replaced: the rest of the text is untouched.
    spaces = f"[ \u00a0{NARROW_NBSP}]"
    assert re.sub(spaces, "", spaced) == re.sub(spaces, "", text)
    assert len(spaced) >= len(text)
    # A typed no-break space stays, but where the rule puts a narrow one.
    assert len(re.findall("\u00a0(?![:;?!»])(?<!«\u00a0)", spaced)) == len(
        re.findall("\u00a0(?![:;?!»])(?<!«\u00a0)", text))


@settings(max_examples=600, deadline=None)
@given(texts)
def test_french_spacing_leaves_no_breakable_space_where_the_rule_puts_one(text: str) -> None:
    spaced = french_spacing(text)
    assert not re.search(r" [:;?!]", spaced)
    assert "« " not in spaced and " »" not in spaced
    # After « and before » there is always white space (the rule's, or a line's end,
    # or a no-break space someone typed).
    assert not re.search(r"«\S", spaced)
    assert not re.search(r"\S»", spaced)
    # A mark that ends a word is preceded by the narrow no-break space.
    for match in _MARK_ENDING_A_WORD.finditer(text):
        mark_run = match.group(0)
        assert NARROW_NBSP + mark_run in spaced


@pytest.mark.parametrize(("text", "expected"), [
    ("Article 21 : mesures", f"Article 21{NARROW_NBSP}: mesures"),
    ("Quand un incident est-il important?", f"Quand un incident est-il important{NARROW_NBSP}?"),
    ("Vraiment ?!", f"Vraiment{NARROW_NBSP}?!"),
    ("« Notification »", f"«{NARROW_NBSP}Notification{NARROW_NBSP}»"),
    ("«Notification»;", f"«{NARROW_NBSP}Notification{NARROW_NBSP}»{NARROW_NBSP};"),
    # Marks inside a token stay; a no-break space someone typed becomes a narrow one.
    ("https://example.eu/?a=1 à 10:30", "https://example.eu/?a=1 à 10:30"),
    ("Note\u00a0: voir", f"Note{NARROW_NBSP}: voir"),
])
def test_french_spacing_examples(text: str, expected: str) -> None:
    assert french_spacing(text) == expected


def test_only_french_metadata_is_respaced() -> None:
    assert metadata_text("Note: voir « x »", "fr") == french_spacing("Note: voir « x »")
    for language in ("en", "de", "el", "bg", "it"):
        assert metadata_text("Note: voir « x »", language) == "Note: voir « x »"


@pytest.mark.parametrize(("point", "language", "expected"), [
    ("a", "el", "α"), ("d", "el", "δ"), ("f", "el", "στ"), ("k", "el", "ια"),
    ("s", "el", "ιθ"), ("t", "el", "κ"),
    ("a", "bg", "а"), ("d", "bg", "г"), ("e", "bg", "д"), ("j", "bg", "й"), ("s", "bg", "т"),
    ("d", "fr", "d"), ("d", "en", "d"), ("aa", "el", "αα"),
])
def test_points_are_lettered_as_each_languages_legal_texts_letter_them(
        point: str, language: str, expected: str) -> None:
    assert point_letter(point, language) == expected


def test_a_references_label_letters_its_point_in_the_readers_language() -> None:
    reference = parse_reference("NIS2 Art. 23(4)(b)")
    assert isinstance(reference, Reference)
    assert reference.label("άρθρο", "el") == "NIS2 άρθρο 23(4)(β)"
    assert reference.label("чл.", "bg") == "NIS2 чл. 23(4)(б)"
    assert reference.label("art.", "fr") == "NIS2 art. 23(4)(b)"
    assert str(reference) == "NIS2 Art. 23(4)(b)"  # the sources' own form, in English
