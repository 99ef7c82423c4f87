"""How a PDF's body is set in its language: justification, hyphenation, generated words.

typst hyphenates from its own patterns (the `hypher` crate), which cover 20 of the EU's 24
official languages. Text in those is justified and hyphenated, as the EU Publications
Office sets its publications; text in the others (Irish, Latvian, Maltese, Romanian) is
set ragged-right, where a line needs no hyphen to look even.
"""

from __future__ import annotations

from typing import Any

# The official languages typst's hyphenation patterns cover (typst 0.13 to 0.15).
HYPHENATED_LANGUAGES = frozenset({
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr",
    "hr", "hu", "it", "lt", "nl", "pl", "pt", "sk", "sl", "sv",
})


def hyphenated(language: str) -> bool:
    """Whether text in `language` is justified and hyphenated."""
    return language.split("-")[0] in HYPHENATED_LANGUAGES


def typesetting(language: str, ui: dict[str, Any]) -> dict[str, Any]:
    """The part of a PDF's `meta` that the template's body rules read."""
    words = ui["pdf_generated"]
    return {
        "hyphenate": hyphenated(language),
        # typst names these in its own words, and falls back to English in languages it
        # has no translation for ("Footnote 1" read aloud in a Greek PDF).
        "footnote": str(words["footnote"]),
        "figure": str(words["figure"]),
        "table": str(words["table"]),
    }
