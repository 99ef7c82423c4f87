"""How to cite a version of a document: as text in the reader's language and as BibTeX.

Plain data in, plain strings out: `views/documents.py` hands each document page a
`citation_view` and the template `partials/nisdocs/cite.html` shows it. The strings (the
citation's pattern, the date's pattern and month names) are the `cite` section of the
interface strings, so dates are written as readers of each language write them without
depending on the system's locales.

A citation names the version's stable URL (`library/ncg-0003/1.1/`): it never changes,
and for the current version it redirects to the document page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .urls import site_root

# BibTeX's month macros, written without braces (`month = jun`).
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun",
                "jul", "aug", "sep", "oct", "nov", "dec")
# biblatex's `langid`: the babel/polyglossia name of the title's language.
LANGIDS = {"en": "english", "fr": "french", "de": "german", "el": "greek", "bg": "bulgarian"}

# LaTeX's special characters, each replaced in one pass (a replacement is never escaped
# again). Braces become commands, not `\{`: BibTeX counts `\{` as an opening brace, so an
# unbalanced brace in a title would still end the field early.
_LATEX = str.maketrans({
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # A straight quote is harmless in BibTeX within braces, but babel's German and
    # others make it an active character in LaTeX: braced, it stays a quote.
    '"': '{"}',
})


@dataclass(frozen=True)
class CitedVersion:
    """What a citation names: one version of a document, as the page shows it."""

    doc_id: str  # NCG-0003
    version: str  # 1.1
    date: str  # adopted, ISO 8601: 2025-06-03
    title: str  # in the language of the text shown
    title_language: str
    type_label: str  # Guideline, in the reader's language
    url: str  # the version's stable URL, absolute when the site has a site_url


def absolute_url(site_url: str | None, path: str) -> str:
    """`path` (relative to the site root) on the published site; root-relative
    (`/library/ncg-0003/1.1/`) when the site has no `site_url`."""
    return site_root(site_url) + path


def format_date(iso_date: str, cite_ui: dict[str, Any]) -> str:
    """`2025-06-03` as readers of `cite_ui`'s language write it: `3 June 2025`,
    `1er juin 2025`, `3. Juni 2025`, `3 Ιουνίου 2025`, `3 юни 2025 г.`."""
    year, month, day = (int(part) for part in iso_date.split("-"))
    months = cite_ui["months"]
    if len(months) != 12 or not 1 <= month <= 12:
        raise ValueError(f"cannot write the date {iso_date!r}")
    day_text = str(cite_ui["first_day"]) if day == 1 else str(day)
    return str(cite_ui["date_format"]).format(day=day_text, month=months[month - 1],
                                              year=year)


def _fields(cited: CitedVersion, ui: dict[str, Any]) -> dict[str, str]:
    return {"group": ui["pdf"]["group"], "id": cited.doc_id, "version": cited.version,
            "date": format_date(cited.date, ui["cite"]), "url": cited.url}


def citation_parts(cited: CitedVersion, ui: dict[str, Any]) -> tuple[str, str, str]:
    """The citation around its title: (before, title, after), so that a page can mark
    the title's language; joined, they are `citation_text`."""
    pattern = str(ui["cite"]["text"])
    before, found, after = pattern.partition("{title}")
    if not found:
        raise ValueError("the citation pattern has no {title}")
    fields = _fields(cited, ui)
    return before.format(**fields), cited.title, after.format(**fields)


def citation_text(cited: CitedVersion, ui: dict[str, Any]) -> str:
    """The citation in `ui`'s language: `NIS Cooperation Group, "Title", NCG-0003,
    version 1.1, 3 June 2025. https://…/library/ncg-0003/1.1/`."""
    return "".join(citation_parts(cited, ui))


def bibtex_escape(text: str) -> str:
    """`text` safe inside a braced BibTeX field: LaTeX's special characters escaped."""
    return " ".join(text.translate(_LATEX).split())


def _bibtex_url(url: str) -> str:
    # URLs are verbatim in biblatex; only what could end the field or the entry is encoded.
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def bibtex(cited: CitedVersion, ui: dict[str, Any]) -> str:
    """The version as a BibTeX `@techreport` entry, keyed `ncg-0003-1.1`."""
    year, month, _day = (int(part) for part in cited.date.split("-"))
    group = bibtex_escape(str(ui["pdf"]["group"]))
    fields: list[tuple[str, str]] = [
        # Double braces: a body, not a person whose name BibTeX would split.
        ("author", f"{{{{{group}}}}}"),
        # Double braces keep the title's capitals (NIS2, ENISA) in every style.
        ("title", f"{{{{{bibtex_escape(cited.title)}}}}}"),
        ("institution", f"{{{group}}}"),
        ("type", f"{{{bibtex_escape(cited.type_label)}}}"),
        ("number", f"{{{bibtex_escape(cited.doc_id)}}}"),
        ("version", f"{{{bibtex_escape(cited.version)}}}"),
        ("date", f"{{{cited.date}}}"),
        ("year", f"{{{year}}}"),
        ("month", MONTH_MACROS[month - 1]),
        ("url", f"{{{_bibtex_url(cited.url)}}}"),
    ]
    if cited.title_language in LANGIDS:
        fields.append(("langid", f"{{{LANGIDS[cited.title_language]}}}"))
    key = f"{cited.doc_id.lower()}-{cited.version}"
    width = max(len(name) for name, _value in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {value}" for name, value in fields)
    return f"@techreport{{{key},\n{body}\n}}"


def citation_view(cited: CitedVersion, ui: dict[str, Any]) -> dict[str, Any]:
    """What the template shows: the citation (whole, and around its title) and BibTeX."""
    before, title, after = citation_parts(cited, ui)
    return {"text": before + title + after, "before": before, "title": title,
            "title_language": cited.title_language, "after": after, "url": cited.url,
            "bibtex": bibtex(cited, ui)}
