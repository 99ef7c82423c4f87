"""The legal registry: acts, their chapters and articles, references, EUR-Lex URLs.

The facts live in `nisdocs/data/legal/*.yml`, one file per act. A reference such as
`NIS2 Art. 21(2)(d)` is parsed into a `Reference` and checked against the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

EURLEX_DOCUMENT = "https://eur-lex.europa.eu/legal-content/{LANG}/TXT/?uri=CELEX:{celex}"
EURLEX_HTML = "https://eur-lex.europa.eu/legal-content/{LANG}/TXT/HTML/?uri=CELEX:{celex}"

# Article and paragraph numbers have at most four digits (as in the schema's pattern):
# int() refuses to read numbers of more than 4300.
REFERENCE_PATTERN = re.compile(
    r"^(?P<act>[A-Z][A-Z0-9-]*) Art\. (?P<article>[1-9][0-9]{0,3})"
    r"(?:\((?P<paragraph>[1-9][0-9]{0,3})\))?(?:\((?P<point>[a-z]{1,4})\))?$"
)
# The path of a `law:` link in Markdown: law:NIS2/21/2/d
LAW_LINK_PATTERN = re.compile(
    r"^(?P<act>[A-Z][A-Z0-9-]*)/(?P<article>[1-9][0-9]{0,3})"
    r"(?:/(?P<paragraph>[1-9][0-9]{0,3}))?(?:/(?P<point>[a-z]{1,4}))?$"
)


@dataclass(frozen=True)
class Chapter:
    number: str
    title: str
    first_article: int
    last_article: int

    @property
    def articles(self) -> range:
        return range(self.first_article, self.last_article + 1)


@dataclass(frozen=True)
class LegalAct:
    key: str  # as written in references: NIS2
    slug: str  # in URLs: nis2
    title: str  # the full English title
    citation: dict[str, str]  # language -> short citation, "Directive (EU) 2022/2555"
    celex: str
    eli: str
    article_anchor: str | None  # "art_{article}" where EUR-Lex's HTML anchors are known
    articles: dict[int, str]  # number -> English title
    chapters: tuple[Chapter, ...] = ()
    facts: dict[str, str] = field(default_factory=dict)  # adopted, oj, repealed_by, ...

    def cite(self, language: str) -> str:
        return self.citation.get(language) or self.citation["en"]

    def chapter_of(self, article: int) -> Chapter | None:
        return next((c for c in self.chapters if article in c.articles), None)

    def eurlex_url(self, language: str, article: int | None = None) -> str:
        """The act on EUR-Lex in `language`, at `article` where its anchor is known."""
        lang = language.upper()
        if article is None or self.article_anchor is None:
            return EURLEX_DOCUMENT.format(LANG=lang, celex=self.celex)
        anchor = self.article_anchor.format(article=article)
        return EURLEX_HTML.format(LANG=lang, celex=self.celex) + "#" + anchor


@dataclass(frozen=True, order=True)
class Reference:
    """A reference to an article, with optional paragraph and point."""

    act: str
    article: int
    paragraph: int | None = None
    point: str | None = None

    def __str__(self) -> str:
        return self.label("Art.")

    def label(self, article_abbreviation: str) -> str:
        """`NIS2 Art. 21(2)(d)`, with the word for "Art." of the reader's language."""
        text = f"{self.act} {article_abbreviation} {self.article}"
        if self.paragraph is not None:
            text += f"({self.paragraph})"
        if self.point is not None:
            text += f"({self.point})"
        return text

    @property
    def article_key(self) -> tuple[str, int]:
        return (self.act, self.article)

    def as_dict(self) -> dict[str, Any]:
        return {"act": self.act, "article": self.article,
                "paragraph": self.paragraph, "point": self.point}


def parse_reference(text: str) -> Reference | None:
    """`NIS2 Art. 21(2)(d)` -> Reference; None when the text is not of that form."""
    match = REFERENCE_PATTERN.match(text)
    return _reference(match) if match else None


def parse_law_link(path: str) -> Reference | None:
    """`NIS2/21/2/d` (the path of a `law:` link) -> Reference; None when malformed."""
    match = LAW_LINK_PATTERN.match(path)
    return _reference(match) if match else None


def _reference(match: re.Match[str]) -> Reference:
    paragraph = match["paragraph"]
    return Reference(match["act"], int(match["article"]),
                     int(paragraph) if paragraph else None, match["point"])


class Registry:
    """Every legal act nisdocs knows, by key."""

    def __init__(self, acts: list[LegalAct]) -> None:
        self.acts = {act.key: act for act in acts}

    def check(self, reference: Reference) -> str | None:
        """Why `reference` does not exist, or None when it does."""
        act = self.acts.get(reference.act)
        if act is None:
            return f"unknown act '{reference.act}'; known acts: {', '.join(self.acts)}"
        if reference.article not in act.articles:
            last = max(act.articles)
            return (f"{act.key} has no Article {reference.article}; "
                    f"its articles are 1 to {last}")
        return None

    def article_title(self, reference: Reference) -> str:
        return self.acts[reference.act].articles[reference.article]

    def eurlex_url(self, reference: Reference, language: str) -> str:
        return self.acts[reference.act].eurlex_url(language, reference.article)


@cache
def load_registry() -> Registry:
    """The registry from the package's data files (read once per process)."""
    folder = resources.files("nisdocs") / "data" / "legal"
    acts = [
        _act(yaml.safe_load(entry.read_text(encoding="utf-8")))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yml")
    ]
    return Registry(acts)


def _act(data: dict[str, Any]) -> LegalAct:
    chapters = tuple(
        Chapter(str(c["number"]), c["title"], c["articles"][0], c["articles"][1])
        for c in data.get("chapters") or ()
    )
    known = {"key", "slug", "title", "citation", "celex", "eli", "article_anchor",
             "articles", "chapters", "annexes"}
    return LegalAct(
        key=data["key"], slug=data["slug"], title=data["title"], citation=data["citation"],
        celex=str(data["celex"]), eli=data["eli"], article_anchor=data.get("article_anchor"),
        articles={int(n): t for n, t in data["articles"].items()}, chapters=chapters,
        facts={k: str(v) for k, v in data.items() if k not in known},
    )
