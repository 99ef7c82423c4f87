"""Search in the reader's language first.

mkdocs-static-i18n merges the search entries of every language into one index. For each
language nisdocs writes a copy in which that language's pages carry a document boost so
large that any match among them ranks above every match elsewhere; the browser loads the
copy of the page's language (docs/assets/nisdocs-search.js). Pages of other languages
still come after, so a reader can find a document that exists only in another language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Lunr multiplies a document's score by its boost; material's own field boosts reach
# 1e6 (tags, unused here) and titles 1e3, so the reader's pages get more than that.
READER_BOOST = 1e7


def language_of(location: str, languages: Sequence[str]) -> str:
    """The language of a page from its location: `el/library/ncg-0003/` is Greek, a
    location without a language folder is in the source language (languages[0])."""
    first = location.split("/", 1)[0]
    return first if first in languages[1:] else languages[0]


def index_for_language(index: dict[str, Any], language: str,
                       languages: Sequence[str]) -> dict[str, Any]:
    """A copy of the search index in which the pages in `language` rank first."""
    docs = [{**doc, "boost": doc.get("boost", 1) * READER_BOOST}
            if language_of(doc["location"], languages) == language else doc
            for doc in index["docs"]]
    return {**index, "docs": docs}
