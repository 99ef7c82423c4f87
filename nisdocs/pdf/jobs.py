"""What PDFs the library has, and everything that shapes each of them.

Every version of every document the build shows gets one PDF per language it has a
text in (the source language and each translation). A job carries all its inputs as
plain data, so it can be keyed for the cache and sent to a worker process as it is.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..dates import format_date
from ..library import Library
from ..links import Link, rewrite_links
from ..model import Document, PdfText, Translation, TranslationState, Version
from ..scanner import headings, mask_code
from ..standing import standing as document_standing
from ..typography import metadata_text
from ..urls import Urls
from ..vocabulary import ui_strings
from .dialect import to_pandoc_markdown
from .notice import notice_meta
from .publisher import Publisher
from .typesetting import typesetting


@dataclass(frozen=True)
class PdfJob:
    document_id: str
    version: str
    language: str  # the language of the text
    url: str  # where the PDF is published, relative to the site root
    source_path: str  # the Markdown file, relative to the project
    root: str  # the folder the compiler may read (the source's own), relative to the project
    markdown: str  # the body in pandoc's Markdown, with links resolved
    page_url: str  # the absolute URL of the version's page, "" without a site URL
    meta: dict[str, Any]  # what the template shows besides the body
    # A text that exists only as a PDF: that file, published as it is (never compiled;
    # `markdown` and `meta` are then empty).
    original: PdfText | None = None
    # Whether the PDF is dated by the version's adoption (its creation and modification
    # date): only the source language's text was adopted then; a translation has no date
    # of its own in the library, so its PDF carries none (nisdocs/pdf/archival.py).
    dated: bool = False

    @property
    def name(self) -> str:
        """How messages and progress name the job: `NCG-0003 1.1 (el)`."""
        return f"{self.document_id} {self.version} ({self.language})"


def plan_pdfs(library: Library, site_url: str | None,
              documents: Collection[str] | None = None, *,
              publisher: Publisher | None = None) -> list[PdfJob]:
    """Every PDF of the library (or of the `documents` with those ids), in document,
    version, language order, naming `publisher` (the settings'; None: the default)."""
    planner = _Planner(library, site_url, publisher)
    return [planner.job(document, version, language)
            for document in library.documents.values()
            if documents is None or document.id in documents
            for version in document.versions
            for language in version.languages(library.source_language)]


def plan_pdf(library: Library, site_url: str | None, document: Document, version: Version,
             language: str, *, publisher: Publisher | None = None) -> PdfJob:
    """The job of one PDF, as `plan_pdfs` plans it (the preview's PDF on demand)."""
    return _Planner(library, site_url, publisher).job(document, version, language)


class _Planner:
    def __init__(self, library: Library, site_url: str | None,
                 publisher: Publisher | None) -> None:
        self.library = library
        self.urls = Urls(library.source_language)
        self.site_url = (site_url.rstrip("/") + "/") if site_url else ""
        self.publisher = publisher or Publisher()

    def absolute(self, url: str) -> str:
        return self.site_url + url if self.site_url else ""

    def job(self, document: Document, version: Version, language: str) -> PdfJob:
        source_language = self.library.source_language
        text = version.text(language, source_language)
        page_url = self.absolute(self.urls.page_of(document, version, language))
        root = text.source.path.rsplit("/", 1)[0]
        url = self.urls.pdf(document.id, version.version, language)
        if text.source.pdf is not None:
            return PdfJob(document.id, version.version, language, url, text.source.path,
                          root, "", page_url, {}, original=text.source.pdf)
        markdown = to_pandoc_markdown(self.resolve_links(text.source.body, language))
        return PdfJob(
            document_id=document.id, version=version.version, language=language,
            url=url, source_path=text.source.path, root=root, markdown=markdown, page_url=page_url,
            meta=self.meta(document, version, text, language, page_url),
            dated=language == source_language,
        )

    def resolve_links(self, body: str, language: str) -> str:
        """id: links lead to the published page in the PDF's language, law: links to
        EUR-Lex in that language. Without a site URL an id link stays as its text."""

        def resolve(link: Link) -> tuple[str, str | None]:
            if link.scheme == "law":
                return self.library.law_link_url(link.target, language), None
            target, version, anchor = self.library.id_link_target(link.target)
            url = self.absolute(self.urls.page_of(target, version, language))
            if url and anchor:
                url += f"#{anchor}"
            title = target.current.text(language, self.library.source_language).title
            return url or "#", title

        return rewrite_links(body, resolve)

    def meta(self, document: Document, version: Version, text: Translation, language: str,
             page_url: str) -> dict[str, Any]:
        ui = ui_strings(language)
        labels = ui["document"]
        standing = document_standing(document, version)

        # What the cover, notice page and headers show, spaced as the language writes it
        # (the template makes its quotes typographic); `title` and `summary` stay as
        # written for the PDF's metadata, `cover` has them as shown.
        def shown(value: str) -> str:
            return metadata_text(value, language)

        year, month, day = (int(part) for part in version.date.split("-"))
        # Points lettered as the language's legal texts letter them (`Reference.label`).
        references = [{"label": r.label(ui["legislation"]["article_abbr"], language),
                       "url": self.library.registry.eurlex_url(r, language)}
                      for r in version.references]
        facts = [
            (labels["id"], document.id),
            (labels["type"], ui["types"][version.type]),
            (labels["version"], version.version),
            # As the cover's language writes dates, as the site's pages do.
            (labels["date"], format_date(version.date, language)),
            (labels["status"], ui["statuses"][version.status]),
            (ui["pdf"]["language"], ui["language_name"]),
        ]
        if document.superseded_by:
            facts.append((labels["superseded_by"], ", ".join(document.superseded_by)))
        names = self.publisher.texts(language, self.library.source_language, year)
        return {
            "lang": language,
            "title": text.title,
            "short_title": text.short_title or text.title,
            "summary": text.summary,
            "author": names["name"],
            "id": document.id,
            "version": version.version,
            "date": {"year": year, "month": month, "day": day},
            # On the cover (notice) and in every page header (mark), if not in force.
            "status_notice": shown(ui["notices"][standing]) if standing else None,
            "status_mark": shown(ui["statuses"][standing]) if standing else None,
            "notices": [shown(n) for n in self.notices(document, version, text, language, ui)],
            "facts": [{"label": shown(label), "value": shown(value)} for label, value in facts],
            "references": references,
            "keywords": [document.id, ui["types"][version.type],
                         *(self.library.topics.label(t, language) for t in version.topics),
                         *(r["label"] for r in references)],
            "url": page_url or None,
            "number_headings": _numbers_headings(version, text.source.body),
            "typesetting": typesetting(language, ui),
            # The cover's title block: type and id line, title, subtitle, version, date.
            "cover": {"type": shown(ui["types"][version.type]), "title": shown(text.title),
                      "short_title": shown(text.short_title or text.title),
                      "summary": shown(text.summary),
                      "date": shown(format_date(version.date, language))},
            "publisher": {"name": shown(names["name"]), "logo": self.publisher.logo,
                          "logo_alt": names["logo_alt"]},
            "notice": notice_meta(document, version, text, language,
                                  source_language=self.library.source_language,
                                  publisher=self.publisher, site_url=self.site_url or None,
                                  urls=self.urls),
            "labels": {
                "version": shown(labels["version"]),
                "references": shown(labels["references"]),
                "contents": shown(ui["pdf"]["contents"]),
                "page_of": shown(ui["pdf"]["page_of"]),
                "online": shown(ui["pdf"]["online"]),
            },
        }

    def notices(self, document: Document, version: Version, text: Translation, language: str,
                ui: dict[str, Any]) -> list[str]:
        texts = ui["notices"]
        notices = []
        current = document.current
        if version is not current:
            notices.append(texts["archived"].format(version=version.version,
                                                    current=current.version))
        if version.status == "consultation":
            notices.append(texts["consultation"])
        state = version.translation_state(language, self.library.source_language)
        if state is TranslationState.OUTDATED:
            notices.append(texts["outdated"].format(translated=text.source_version,
                                                    current=version.version))
        return [str(notice) for notice in notices]


# A heading that carries its own number: "1 Scope", "2.1 Terms", "A.2 Forms", "V1.1 Logs",
# "3. Tasks"; not "A note" or "IV Annex" (a word could start so).
_OWN_NUMBER = re.compile(r"^(?:[A-Z]{0,3}\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)\.?\s")


def _numbers_headings(version: Version, body: str) -> bool:
    """Whether the PDF numbers the headings: as the front matter says, else unless most
    of the text's headings (outside code) start with a number of their own, which the
    template's numbers would only repeat ("2 V1.1 Logs")."""
    if version.number_headings is not None:
        return version.number_headings
    found = [h for h in headings(mask_code(body)) if h.level >= 2]
    numbered = sum(1 for h in found if _OWN_NUMBER.match(h.text))
    return numbered * 2 <= len(found)
