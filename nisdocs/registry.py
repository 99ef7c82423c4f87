"""The legal registry: acts, their chapters and articles, references, EUR-Lex URLs.

The facts live in `nisdocs/data/legal/*.yml`, one file per act, down to the paragraphs
and points of each article where they were read. A reference such as
`NIS2 Art. 21(2)(d)` is parsed into a `Reference` and checked against the registry, to
the point: `NIS2 Art. 21(99)` and `NIS2 Art. 21(2)(z)` name nothing and are refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .problems import did_you_mean
from .typography import point_letter

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
class ArticleStructure:
    """What is known of an article's subdivisions (the `structure` of an act's file)."""

    paragraphs: dict[int, tuple[str, ...]] = field(default_factory=dict)  # number -> points
    points: tuple[str, ...] = ()  # the points of an article without numbered paragraphs
    subpoints: dict[str, tuple[str, ...]] = field(default_factory=dict)  # point -> letters
    complete: bool = True  # False when only part of the article, or none of it, was read


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
    structure: dict[int, ArticleStructure] = field(default_factory=dict)

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

    def label(self, article_abbreviation: str, language: str = "en") -> str:
        """`NIS2 Art. 21(2)(d)`, with the word for "Art." of the reader's language and
        the point lettered as that language's legal texts letter it (`άρθρο 21(2)(δ)`)."""
        text = f"{self.act} {article_abbreviation} {self.article}"
        if self.paragraph is not None:
            text += f"({self.paragraph})"
        if self.point is not None:
            text += f"({point_letter(self.point, language)})"
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
            return (f"unknown act '{reference.act}'; known acts: {', '.join(self.acts)}"
                    f"{did_you_mean(reference.act, self.acts)}")
        if reference.article not in act.articles:
            last = max(act.articles)
            return (f"{act.key} has no Article {reference.article}; "
                    f"its articles are 1 to {last}")
        structure = act.structure.get(reference.article)
        if structure is None or not structure.complete:
            return None  # not read, or read in part: what is named may exist
        return _subdivision_problem(act.key, reference, structure)

    def suggest_reference(self, text: str) -> str | None:
        """The reference a malformed `text` most likely meant (`nis2 art 21(2)(d)`,
        `NIS 2 Article 21`: "NIS2 Art. 21(2)(d)"), or None; only one that exists."""
        reference = self._loose(text)
        return str(reference) if reference else None

    def suggest_law_link(self, target: str) -> str | None:
        """The `law:` target a malformed one most likely meant (`NIS2 Art. 21(2)(d)`,
        `nis2/21/2/d`, `NIS2/21(2)(d)`: "NIS2/21/2/d"), or None; only one that exists."""
        reference = self._loose(target)
        if reference is None:
            return None
        parts = [reference.act, str(reference.article), str(reference.paragraph or ""),
                 reference.point or ""]
        return "/".join(part for part in parts if part)

    # A near miss is read leniently: the act's name in any case, with spaces or hyphens
    # (`NIS 2`, `cir 2024/2690`), "Art", "Art." or "Article" or a slash after it, then
    # the article, paragraph and point as numbers and letters however they are bracketed.
    def _loose(self, text: str) -> Reference | None:
        if len(text) > 80:  # no reference is that long; the patterns backtrack on long text
            return None
        match = _LOOSE_REFERENCE.match(text) or _LOOSE_LAW_LINK.match(text)
        if match is None:
            return None
        parts = re.findall(r"[0-9]+|[A-Za-z]+", match["rest"])
        if len(parts) == 2 and not parts[1].isdigit():
            parts = [parts[0], "", parts[1]]  # a point without its paragraph
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts[:2] if p):
            return None
        names = {_squeeze(key): key for key in self.acts}
        act = names.get(_squeeze(match["act"]))
        if act is None or any(len(p) > 4 for p in parts):
            return None
        paragraph = parts[1] if len(parts) > 1 and parts[1] else None
        point = parts[2].lower() if len(parts) > 2 else None
        if parts[0] == "0" or paragraph == "0":
            return None
        reference = Reference(act, int(parts[0]), int(paragraph) if paragraph else None, point)
        return reference if self.check(reference) is None else None

    def article_title(self, reference: Reference) -> str:
        return self.acts[reference.act].articles[reference.article]

    def eurlex_url(self, reference: Reference, language: str) -> str:
        return self.acts[reference.act].eurlex_url(language, reference.article)


def _subdivision_problem(act: str, reference: Reference,
                         structure: ArticleStructure) -> str | None:
    """Why the paragraph or point `reference` names does not exist in the article."""
    article = f"{act} Article {reference.article}"
    paragraph, point = reference.paragraph, reference.point
    if not structure.paragraphs:
        # Without numbered paragraphs, `Art. 6(1)` names point (1) of a list of
        # definitions, and `Art. 4(a)` point (a).
        named = point if paragraph is None else str(paragraph)
        if named is None:
            return None
        if point is not None and paragraph is not None:
            subpoints = structure.subpoints.get(str(paragraph), ())
            if point in subpoints:
                return None
            if str(paragraph) in structure.points:
                return (f"point ({paragraph}) of {article} has no sub-point ({point}); "
                        + (f"its sub-points are {_span(subpoints)}" if subpoints else
                           f"allowed: {reference.act} Art. {reference.article}({paragraph})"))
            return (f"{article} has no numbered paragraphs; allowed: a point of the "
                    f"article, such as {reference.act} Art. {reference.article}"
                    f"({_first(structure.points) or 'a'})" if structure.points else
                    f"{article} has no numbered paragraphs or points; allowed: "
                    f"{reference.act} Art. {reference.article}")
        if named in structure.points:
            return None
        if not structure.points:
            return (f"{article} has no numbered paragraphs or points; allowed: "
                    f"{reference.act} Art. {reference.article}")
        return f"{article} has no point ({named}); its points are {_span(structure.points)}"
    if paragraph is None:
        if point is None:
            return None
        holding = [number for number, points in structure.paragraphs.items() if point in points]
        example = (f"{reference.act} Art. {reference.article}({holding[0]})({point})"
                   if len(holding) == 1 else "the paragraph's number before the point")
        return (f"{article} has numbered paragraphs: a point needs its paragraph; "
                f"allowed: {example}")
    if paragraph not in structure.paragraphs:
        return (f"{article} has no paragraph {paragraph}; its paragraphs are "
                f"{_span([str(number) for number in structure.paragraphs])}")
    points = structure.paragraphs[paragraph]
    if point is None or point in points:
        return None
    if not points:
        return (f"paragraph {paragraph} of {article} has no points; allowed: "
                f"{reference.act} Art. {reference.article}({paragraph})")
    return (f"paragraph {paragraph} of {article} has no point ({point}); its points are "
            f"{_span(points)}")


_LOOSE_REFERENCE = re.compile(
    r"^\s*(?P<act>[A-Za-z][A-Za-z0-9 /-]*?)\s*\bart(?:icle)?\b\.?\s*(?P<rest>.*)$",
    re.IGNORECASE)
_LOOSE_LAW_LINK = re.compile(r"^\s*(?P<act>[A-Za-z][A-Za-z0-9 -]*?)\s*/(?P<rest>.*)$")


def _squeeze(name: str) -> str:
    """An act's name without case, spaces, hyphens or slashes: `NIS 2` -> `nis2`."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _span(values: Sequence[str]) -> str:
    """`(a) to (j)` for points, `1 to 5` for paragraphs: the first and last."""
    shown = [f"({value})" if not value.isdigit() else value for value in values]
    return shown[0] if len(shown) == 1 else f"{shown[0]} to {shown[-1]}"


def _first(values: Sequence[str]) -> str | None:
    return values[0] if values else None


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
             "articles", "chapters", "annexes", "structure", "structure_source"}
    return LegalAct(
        key=data["key"], slug=data["slug"], title=data["title"], citation=data["citation"],
        celex=str(data["celex"]), eli=data["eli"], article_anchor=data.get("article_anchor"),
        articles={int(n): t for n, t in data["articles"].items()}, chapters=chapters,
        facts={k: str(v) for k, v in data.items() if k not in known},
        structure={int(number): _structure(entry)
                   for number, entry in (data.get("structure") or {}).items()},
    )


def _structure(entry: dict[str, Any]) -> ArticleStructure:
    return ArticleStructure(
        paragraphs={int(number): tuple(str(point) for point in points)
                    for number, points in (entry.get("paragraphs") or {}).items()},
        points=tuple(str(point) for point in entry.get("points") or ()),
        subpoints={str(point): tuple(str(letter) for letter in letters)
                   for point, letters in (entry.get("subpoints") or {}).items()},
        complete=not (entry.get("partial") or entry.get("unverified")))
