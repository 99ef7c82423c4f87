"""The site's generated pages, as mkdocs-independent data.

`build_site(library)` returns every generated page in every language: its (virtual)
Markdown file, the source an editor would edit, and a view for the templates with
every label already in the page's language and every URL relative to the site root.
It also returns the redirects (short links by id, the version URL of each current
version). The hooks hand these to mkdocs; the templates in `overrides/` render them.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .assets import shipped_files
from .citation import CitedVersion, absolute_url, citation_view
from .dates import format_date
from .diff import TextDiff, diff_lists, diff_texts, diff_words
from .escaping import html_attribute, html_text, markdown_text
from .library import Library
from .links import Link, rewrite_links
from .model import Document, Translation, TranslationState, Version
from .pdf.files import PdfFile, PdfSet
from .registry import LegalAct, Reference
from .schemadoc import KINDS, schema_reference
from .search import search_view
from .standing import in_force, standing_view
from .translations import TRANSLATION_STATES, translation_status
from .urls import Urls, src_uri
from .vocabulary import language_names, ui_strings

LATEST_COUNT = 6
# Pages whose wide tables need the room of material's navigation sidebar, which holds
# nothing but the page's own title there.
WIDE_PAGES = ("library", "downloads", "translations")


@dataclass
class SitePage:
    src_uri: str  # the virtual Markdown file in mkdocs' docs folder
    language: str
    # document, version, library, topics, topic, legislation, act, article, downloads,
    # translations, front-matter
    kind: str
    title: str
    markdown: str  # front matter and body, as mkdocs reads it
    edit_path: str | None  # the source file an editor changes, relative to the project
    view: dict[str, Any] = field(default_factory=dict)
    url: str = ""  # relative to the site root: `fr/library/ncg-0003/`
    place: str = ""  # src_uri without its language suffix, the same in every language


@dataclass(frozen=True)
class Redirect:
    url: str  # where the redirect page lives, relative to the site root
    target: str  # where it leads, relative to the site root
    language: str


@dataclass
class Site:
    pages: dict[str, SitePage]  # by src_uri
    redirects: list[Redirect]
    assets: dict[str, str]  # virtual src_uri -> source path relative to the project
    _places: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def for_language(self, language: str) -> list[SitePage]:
        return [page for page in self.pages.values() if page.language == language]

    def alternates(self, page: SitePage) -> dict[str, str]:
        """The URL of the page at `page`'s place in each language that has one: its own
        language first, then the others in alphabetical order, as static-i18n lists a
        page's alternates."""
        if not self._places:
            for other in self.pages.values():
                self._places.setdefault(other.place, {})[other.language] = other.url
        urls = self._places[page.place]
        return {page.language: urls[page.language],
                **{code: urls[code] for code in sorted(urls) if code != page.language}}


# The C emitter where PyYAML has it: the generated pages' front matter is thousands of
# small documents per build. Both emit the same text.
_YamlDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def build_site(library: Library, pdfs: PdfSet | None = None,
               site_url: str | None = None) -> Site:
    """The generated pages; with `pdfs`, each version's page offers its PDFs and every
    language has a downloads page. `site_url` makes the URLs in citations absolute."""
    return _SiteBuilder(library, pdfs, site_url).build()


class _SiteBuilder:
    def __init__(self, library: Library, pdfs: PdfSet | None,
                 site_url: str | None = None) -> None:
        self.library = library
        self.pdfs = pdfs
        self.site_url = site_url
        self.urls = Urls(library.source_language)
        self.source_language = library.source_language
        self.pages: dict[str, SitePage] = {}
        self.redirects: list[Redirect] = []
        # A diff per pair of texts: languages shown untranslated compare the same two.
        self.diffs: dict[tuple[str, str], TextDiff] = {}
        # A version's PDF links per language: every page of the document lists them.
        self._pdf_links: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    def build(self) -> Site:
        self.translation_status = translation_status(self.library)
        for language in self.library.languages:
            self.ui = ui_strings(language)
            self.language = language
            for document in self.library.documents.values():
                self.document_pages(document)
                self.changes_pages(document)
            self.library_page()
            self.topic_pages()
            self.legislation_pages()
            self.downloads_page()
            self.translations_page()
            self.front_matter_page()
        return Site(self.pages, self.redirects, self.assets())

    # -- helpers ------------------------------------------------------------

    def add(self, url: str, kind: str, title: str, body: str, edit_path: str | None,
            view: dict[str, Any], description: str | None = None,
            uri: str | None = None) -> None:
        """A generated page at `url`; its virtual file is `uri` when the nav or the
        docs' own pages name it (`contributing/front-matter.md`), else made from `url`."""
        uri = uri or src_uri(url.removeprefix(self.urls.prefix(self.language)), self.language,
                             self.source_language)
        # material prints a page's title and description as HTML (mkdocs' own come from
        # Markdown); these are text from the sources, so they are given as HTML.
        meta: dict[str, Any] = {"title": html_text(title)}
        if description:
            meta["description"] = html_attribute(description)
        if kind not in ("document", "version"):
            meta["template"] = f"nisdocs/{kind}.html"
        if kind in WIDE_PAGES:
            meta["hide"] = ["navigation"]
        front = yaml.dump(meta, Dumper=_YamlDumper, allow_unicode=True, sort_keys=False,
                          width=10_000)
        view = {"kind": kind, "ui": self.ui,
                "language_root": self.urls.prefix(self.language), **view}
        # What the search index records of the page (nisdocs/search.py).
        facts = {key: str(view[key]) for key in ("id", "version", "date", "status")
                 if kind == "document"}
        view["search"] = search_view(kind, self.language,
                                     view.get("text_language") or self.language,
                                     self.ui["language_names"], **facts)
        suffix = "" if self.language == self.source_language else f".{self.language}"
        place = uri.removesuffix(f"{suffix}.md") + ".md"
        self.pages[uri] = SitePage(uri, self.language, kind, title, f"---\n{front}---\n\n{body}",
                                   edit_path, view, url, place)

    def diff(self, old: str, new: str) -> TextDiff:
        if (old, new) not in self.diffs:
            self.diffs[old, new] = diff_texts(old, new)
        return self.diffs[old, new]

    def text_of(self, version: Version) -> Translation:
        """The text of `version` shown in the language being built."""
        return version.text(self.language, self.source_language)

    def doc_link(self, doc_id: str) -> dict[str, Any] | None:
        document = self.library.documents.get(doc_id)
        if document is None:
            return None
        text = self.text_of(document.current)
        return {"id": doc_id, "title": text.title, "title_language": text.language,
                "url": self.urls.document(doc_id, self.language),
                "status": document.current.status,
                "status_label": self.ui["statuses"][document.current.status],
                **self.standing(document, document.current)}

    def standing(self, document: Document, version: Version) -> dict[str, Any]:
        """Whether `version`'s document is superseded, withdrawn or a draft, by whom."""
        return standing_view(self.library, self.urls, self.ui, document, version,
                             self.language)

    def reference_label(self, reference: Reference) -> str:
        return reference.label(self.ui["legislation"]["article_abbr"])

    def reference_view(self, reference: Reference) -> dict[str, Any]:
        act = self.library.registry.acts[reference.act]
        return {
            "label": self.reference_label(reference),
            "title": act.articles[reference.article],
            "eurlex": act.eurlex_url(self.language, reference.article),
            "url": self.urls.article(act.slug, reference.article, self.language),
        }

    def language_name(self, code: str) -> str:
        """The name of language `code` in the language being built."""
        return str(self.ui["language_names"][code])

    def topic_views(self, keys: Iterable[str]) -> list[dict[str, str]]:
        return [{"key": key, "label": self.library.topics.label(key, self.language),
                 "url": self.urls.topic(key, self.language)} for key in keys]

    # -- documents ----------------------------------------------------------

    def document_pages(self, document: Document) -> None:
        for version in document.versions:
            is_current = version is document.current
            url = self.urls.page_of(document, version, self.language)
            text = self.text_of(version)
            view = self.document_view(document, version, text)
            self.add(url, "document" if is_current else "version", text.title,
                     self.resolve_links(text.source.body, version), text.source.path, view,
                     description=text.summary)
        self.redirects.append(Redirect(self.urls.short(document.id, self.language),
                                       self.urls.document(document.id, self.language),
                                       self.language))
        self.redirects.append(Redirect(
            self.urls.version(document.id, document.current.version, self.language),
            self.urls.document(document.id, self.language), self.language))

    def document_view(self, document: Document, version: Version,
                      text: Translation) -> dict[str, Any]:
        ui = self.ui
        state = version.translation_state(self.language, self.source_language)
        current = document.current
        is_current = version is current
        languages = []
        for code in self.library.languages:
            code_state = version.translation_state(code, self.source_language)
            if code_state is TranslationState.MISSING:
                continue
            page_url = self.urls.page_of(document, version, code)
            languages.append({"code": code, "native": ui_strings(code)["language_name"],
                              "state": code_state.value,
                              "state_label": ui["states"][code_state.value],
                              "url": page_url, "is_this": code == self.language})
        history = [{
            "version": v.version, "date": v.date, "date_label": format_date(v.date, self.language),
            "status": v.status,
            "status_label": ui["statuses"][v.status], "note": v.version_note,
            "url": self.urls.page_of(document, v, self.language),
            "is_current": v is current, "is_this": v is version,
            "pdfs": self.pdf_links(document, v),
            "changes": self.changes_link(document, v),
        } for v in reversed(document.versions)]
        pdfs = next(entry["pdfs"] for entry in history if entry["is_this"])
        reader_pdf = next((pdf for pdf in pdfs if pdf["language"] == text.language), None)
        notices = self.notices(document, version, state, text)
        return {
            "id": document.id,
            "version": version.version,
            "date": version.date,
            "date_label": format_date(version.date, self.language),
            # "current version" only of a document in force: NCG-0002 1.0 is the latest.
            "current_label": ui["document"]["current" if in_force(document) else "latest"],
            **self.standing(document, version),
            "type": version.type,
            "type_label": ui["types"][version.type],
            "status": version.status,
            "status_label": ui["statuses"][version.status],
            "summary": text.summary,
            "text_language": text.language,
            "source_language": self.source_language,
            "topics": self.topic_views(version.topics),
            "references": [self.reference_view(r) for r in version.references],
            "supersedes": [link for d in version.supersedes if (link := self.doc_link(d))],
            "superseded_by": [link for d in document.superseded_by if (link := self.doc_link(d))],
            "related": [link for d in version.related if (link := self.doc_link(d))],
            "languages": languages,
            "history": history,
            "is_current": is_current,
            "short_url": self.urls.short(document.id, self.language),
            "notices": notices,
            "pdf": reader_pdf,
            "other_pdfs": [pdf for pdf in pdfs if pdf is not reader_pdf],
            "citation": self.cite_view(document, version, text),
        }

    def cite_view(self, document: Document, version: Version,
                  text: Translation) -> dict[str, Any]:
        """How to cite `version`: its title as the page shows it, its stable URL."""
        url = self.urls.version(document.id, version.version, self.language)
        cited = CitedVersion(document.id, version.version, version.date, text.title,
                             text.language, self.ui["types"][version.type],
                             absolute_url(self.site_url, url))
        return citation_view(cited, self.ui)

    # -- what changed between versions ----------------------------------------

    def changes_link(self, document: Document, version: Version) -> dict[str, Any] | None:
        """The link from `version`'s row of the version history to what changed since
        the public version before it, in the page's language (whose page compares the
        source texts, and says so, where the translations cannot be compared)."""
        previous = previous_public(document, version)
        if previous is None:
            return None
        return {"url": self.urls.changes(document.id, previous.version, version.version,
                                         self.language),
                "hreflang": None,
                "label": self.ui["changes"]["link"].format(version=previous.version)}

    def changes_pages(self, document: Document) -> None:
        """A page per pair of consecutive public versions, in every language: links to
        it never lead out of the reader's language."""
        for version in document.versions:
            previous = previous_public(document, version)
            if previous is not None:
                self.changes_page(document, previous, version)

    def changes_page(self, document: Document, old: Version, new: Version) -> None:
        ui = self.ui["changes"]
        # The texts of the page's language where both can be compared (`diff_languages`),
        # else the source texts, under a notice: the interface stays the reader's.
        languages = diff_languages(old, new, self.library.languages, self.source_language)
        shown = self.language if self.language in languages else self.source_language
        old_text, new_text = (old.text(shown, self.source_language),
                              new.text(shown, self.source_language))
        diff = self.diff(old_text.source.body, new_text.source.body)
        notices = [] if shown == self.language else [{
            "kind": "fallback", "link": None, "message": ui["fallback"].format(
                language=self.language_name(self.language),
                source_language=self.language_name(self.source_language))}]

        def side(version: Version, text: Translation) -> dict[str, Any]:
            return {"version": version.version, "date": version.date,
                    "date_label": format_date(version.date, self.language), "title": text.title,
                    "status": version.status,
                    "status_label": self.ui["statuses"][version.status],
                    "note": version.version_note,
                    "url": self.urls.page_of(document, version, self.language),
                    "read": ui["read"].format(version=version.version)}

        details = []
        for name, label, before, after in (
                ("title", ui["title_field"], old_text.title, new_text.title),
                ("summary", ui["summary"], old_text.summary, new_text.summary)):
            if before != after:
                details.append({"field": name, "label": label,
                                "parts": diff_words(before, after)})
        old_refs = [self.reference_label(r) for r in old.references]
        new_refs = [self.reference_label(r) for r in new.references]
        added, removed = diff_lists(old_refs, new_refs)
        alternates = {code: self.urls.changes(document.id, old.version, new.version, code)
                      for code in self.library.languages}
        self.add(self.urls.changes(document.id, old.version, new.version, self.language),
                 "changes", ui["title"].format(id=document.id, old=old.version,
                                               new=new.version),
                 ui["intro"].format(old=old.version, new=new.version), new_text.source.path,
                 {"id": document.id, "title": new_text.title,
                  "document_url": self.urls.document(document.id, self.language),
                  "text_language": self.language, "source_language": self.source_language,
                  "diff_language": shown, "diff_languages": languages, "notices": notices,
                  "old": side(old, old_text), "new": side(new, new_text),
                  "details": details,
                  "status_changed": old.status != new.status,
                  "references_added": added, "references_removed": removed,
                  "entries": list(diff.entries),
                  "counts": ui["counts"].format(added=diff.added, removed=diff.removed,
                                                changed=diff.changed),
                  "has_changes": diff.has_changes,
                  "alternates": alternates})

    # -- PDFs ---------------------------------------------------------------

    def pdf_links(self, document: Document, version: Version) -> list[dict[str, Any]]:
        """The PDFs of `version`, one per language it has a text in (one list, shared by
        the pages that show it)."""
        if self.pdfs is None:
            return []
        key = (document.id, version.version, self.language)
        links = self._pdf_links.get(key)
        if links is None:
            links = self._pdf_links[key] = []
            for code in self.library.languages:
                pdf = self.pdfs.find(document.id, version.version, code)
                if pdf is not None:
                    links.append(self.pdf_link(pdf))
        return links

    def pdf_link(self, pdf: PdfFile) -> dict[str, Any]:
        # Plain text: the templates that print a PDF link (pdf-downloads.html,
        # version-history.html, nisdocs/downloads.html) are nisdocs' own, which Jinja
        # escapes (nisdocs/escaping.py), as Markup.escape did here before.
        name = ui_strings(pdf.language)["language_name"]
        size = format_size(pdf.size, self.ui)
        label = self.ui["pdf"]["label"].format(language=name, size=size)
        return {"url": pdf.url, "language": pdf.language, "native": name, "size": size,
                "label": label}

    def downloads_page(self) -> None:
        ui = self.ui["downloads"]
        if self.pdfs is None:  # a preview without PDFs: the page says so
            self.add(self.urls.downloads(self.language), "downloads", ui["title"],
                     ui["not_built"], None, {"documents": [], "bundles": []})
            return
        rows = []
        for document in self.library.documents.values():
            text = self.text_of(document.current)
            rows.append({"id": document.id, "title": text.title, "title_language": text.language,
                         "url": self.urls.document(document.id, self.language),
                         "version": document.current.version,
                         "status": document.current.status,
                         "status_label": self.ui["statuses"][document.current.status],
                         **self.standing(document, document.current),
                         "pdfs": self.pdf_links(document, document.current)})
        bundles = [{
            "url": bundle.url, "language": language,
            "label": ui["bundle"].format(language=ui_strings(language)["language_name"],
                                         count=bundle.count,
                                         size=format_size(bundle.size, self.ui)),
        } for language, bundle in self.pdfs.bundles.items()]
        self.add(self.urls.downloads(self.language), "downloads", ui["title"], ui["intro"],
                 None, {"documents": rows, "bundles": bundles})

    # -- translations -------------------------------------------------------

    def translations_page(self) -> None:
        ui = self.ui["translations"]
        status = self.translation_status
        languages = [{"code": code, "native": ui_strings(code)["language_name"]}
                     for code in status.languages]
        coverage = [{"code": code, "native": ui_strings(code)["language_name"],
                     "counts": [{"state": state.value, "label": self.ui["states"][state.value],
                                 "count": count}
                                for state, count in status.coverage(code).items()]}
                    for code in status.languages]
        rows = []
        for row in status.rows:
            document = self.library.documents[row.document_id]
            text = self.text_of(document.current)
            cells = []
            for code in status.languages:
                cell = row.cells[code]
                label = (ui["outdated_of"].format(version=cell.translated_version)
                         if cell.state is TranslationState.OUTDATED
                         else self.ui["states"][cell.state.value])
                url = (None if cell.state in (TranslationState.MISSING,
                                              TranslationState.IN_PROGRESS)
                       else self.urls.document(document.id, code))
                cells.append({"code": code, "state": cell.state.value, "label": label,
                              "url": url, "name": ui_strings(code)["language_name"]})
            rows.append({"id": document.id, "title": text.title, "title_language": text.language,
                         "url": self.urls.document(document.id, self.language),
                         "version": row.version, "cells": cells})
        self.add(self.urls.translations(self.language), "translations", ui["title"],
                 ui["intro"], None, {"languages": languages, "coverage": coverage,
                                     "states": [s.value for s in TRANSLATION_STATES],
                                     "documents": rows})

    # -- contributor documentation -----------------------------------------

    def front_matter_page(self) -> None:
        """The front-matter reference, from the JSON Schema the validator enforces and the
        vocabularies it checks against (topics, legal acts)."""
        ui = self.ui["front_matter"]
        labels = {"type": self.ui["types"], "status": self.ui["statuses"]}
        kinds = [{"kind": kind, "title": ui[kind], "fields": [{
            "name": row.name, "required": row.required, "allowed": row.allowed,
            "description": row.description,
            "values": [{"value": value, "label": labels.get(row.name, {}).get(value)}
                       for value in row.values],
        } for row in schema_reference(kind)]} for kind in KINDS]
        topics = [{"key": key, "label": self.library.topics.label(key, self.language)}
                  for key in self.library.topics.labels]
        acts = [{"key": act.key, "title": act.title, "citation": act.cite(self.language),
                 "url": self.urls.act(act.slug, self.language)}
                for act in sorted(self.library.registry.acts.values(), key=_act_order)]
        self.add(self.urls.front_matter(self.language), "front-matter", ui["title"], ui["intro"],
                 "nisdocs/schema/front-matter.schema.json",
                 {"kinds": kinds, "topics": topics, "acts": acts},
                 uri=self.urls.front_matter_file(self.language))

    def notices(self, document: Document, version: Version, state: TranslationState,
                text: Translation) -> list[dict[str, Any]]:
        texts = self.ui["notices"]
        current = document.current
        notices: list[dict[str, Any]] = []

        def notice(kind: str, message: str, link: dict[str, Any] | None = None) -> None:
            notices.append({"kind": kind, "message": message, "link": link})

        if current.status == "withdrawn":
            notice("withdrawn", texts["withdrawn"])
        if current.status == "superseded":
            successors = [self.doc_link(d) for d in document.superseded_by]
            links = [s for s in successors if s]
            notice("superseded", texts["superseded"], links[0] if links else None)
        if version is not current:
            notice("archived", texts["archived"].format(version=version.version,
                                                        current=current.version),
                   {"title": texts["archived_link"].format(current=current.version),
                    "url": self.urls.document(document.id, self.language)})
        if version.status == "draft":
            notice("draft", texts["draft"])
        elif version.status == "consultation":
            notice("consultation", texts["consultation"])
        if state is TranslationState.MISSING:
            notice("fallback", texts["fallback"].format(
                language=self.language_name(self.language),
                source_language=self.language_name(self.source_language)))
        elif state is TranslationState.OUTDATED:
            notice("outdated", texts["outdated"].format(translated=text.source_version,
                                                        current=version.version),
                   {"title": texts["outdated_link"].format(
                       language=self.language_name(self.source_language)),
                    "url": self.urls.page_of(document, version, self.source_language)})
        return notices

    def resolve_links(self, body: str, version: Version) -> str:
        """Turn id: links into links mkdocs resolves in the page's language. law: links
        stay: the page's HTML gets EUR-Lex in its language (`law_url`), so that a text
        shown untranslated has the same Markdown in every language and is converted once
        (nisdocs/shared_render.py)."""
        document = self.library.documents[version.document_id]
        depth = self.urls.page_of(document, version, self.source_language).count("/")

        def resolve(link: Link) -> tuple[str, str | None]:
            if link.scheme == "law":
                return f"law:{link.target}", None
            target, target_version, anchor = self.library.id_link_target(link.target)
            # A relative link to the target's Markdown file: mkdocs checks it exists and
            # static-i18n picks the file in the reader's language.
            path = self.urls.page_of(target, target_version, self.source_language)
            href = "../" * depth + path + "index.md"
            if anchor:
                href += f"#{anchor}"
            return href, self.text_of(target.current).title

        return rewrite_links(body, resolve)

    # -- the library index --------------------------------------------------

    def document_rows(self, documents: Iterable[Document]) -> list[dict[str, Any]]:
        rows = []
        for document in sorted(documents, key=lambda d: (d.current.date, d.id), reverse=True):
            current = document.current
            text = self.text_of(current)
            rows.append({
                "id": document.id, "title": text.title, "title_language": text.language,
                "url": self.urls.document(document.id, self.language),
                "type_label": self.ui["types"][current.type],
                "status": current.status, "status_label": self.ui["statuses"][current.status],
                "version": current.version, "date": current.date,
                "date_label": format_date(current.date, self.language),
                **self.standing(document, current),
                "summary": text.summary,
                "languages": language_names(current.languages(self.source_language), self.ui),
                "data": self.row_data(document, text),
            })
        return rows

    def row_data(self, document: Document, text: Translation) -> dict[str, str]:
        """What the library's filters match a row on (docs/assets/nisdocs-library.js), as
        its `data-*` attributes: space-separated keys of the current version."""
        current = document.current
        articles = dict.fromkeys(f"{r.act}/{r.article}" for r in current.references)
        return {
            "id": document.id,
            "status": current.status,
            "type": current.type,
            "topics": " ".join(current.topics),
            "year": str(current.year),
            "acts": " ".join(dict.fromkeys(r.act for r in current.references)),
            "articles": " ".join(articles),
            "languages": " ".join(current.languages(self.source_language)),
            "date": current.date,
            "title": text.title.lower(),
            "text": search_text(document.id, text.title, text.summary),
        }

    def library_filters(self, documents: list[Document]) -> dict[str, Any]:
        """The library's filter form: each select's options, only values some document
        has, labelled in the page's language."""
        ui = self.ui["library"]["filters"]
        currents = [d.current for d in documents]

        def option(value: str, label: str) -> dict[str, str]:
            return {"value": value, "label": label}

        def select(name: str, options: list[dict[str, str]],
                   groups: list[dict[str, Any]] | None = None) -> dict[str, Any]:
            return {"name": name, "label": ui[name], "any": ui[f"any_{name}"],
                    "options": options, "groups": groups or []}

        topics = {key for v in currents for key in v.topics}
        types = {v.type for v in currents}
        statuses = {v.status for v in currents}
        cited = {r.article_key for v in currents for r in v.references}
        acts = sorted((self.library.registry.acts[key] for key in {k for k, _n in cited}),
                      key=_act_order)
        languages = {code for v in currents for code in v.languages(self.source_language)}
        return {
            "selects": [
                select("topic", [option(key, self.library.topics.label(key, self.language))
                                 for key in self.library.topics.labels if key in topics]),
                select("type", [option(key, label) for key, label in self.ui["types"].items()
                                if key in types]),
                select("status", [option(key, label) for key, label
                                  in self.ui["statuses"].items() if key in statuses]),
                select("year", [option(year, year) for year
                                in sorted({str(v.year) for v in currents}, reverse=True)]),
                select("act", [option(act.key, f"{act.key}: {act.cite(self.language)}")
                               for act in acts]),
                select("article", [], [{"label": act.key, "options": [
                    option(f"{act.key}/{number}",
                           self.reference_label(Reference(act.key, number)))
                    for number in sorted(n for k, n in cited if k == act.key)]}
                    for act in acts]),
                select("language", [option(code, self.language_name(code))
                                    for code in self.library.languages if code in languages]),
            ],
            "sorts": [option(key, ui[f"sort_{key}"]) for key in ("date", "id", "title")],
            "total": len(documents),
        }

    def library_page(self) -> None:
        ui = self.ui["library"]
        documents = list(self.library.documents.values())
        self.add(self.urls.library(self.language), "library", ui["title"], ui["intro"],
                 f"{self.library.config.source_dir}/README.md",
                 {"documents": self.document_rows(documents),
                  "filters": self.library_filters(documents)})

    # -- topics -------------------------------------------------------------

    def topic_pages(self) -> None:
        ui = self.ui["topics"]
        by_topic: dict[str, list[Document]] = defaultdict(list)
        for document in self.library.documents.values():
            for key in document.current.topics:
                by_topic[key].append(document)
        topics = []
        for key in self.library.topics.labels:
            label = self.library.topics.label(key, self.language)
            documents = by_topic.get(key, [])
            topics.append({"key": key, "label": label, "count": len(documents),
                           "url": self.urls.topic(key, self.language)})
            intro = ui["topic_intro"].format(topic=markdown_text(label))
            self.add(self.urls.topic(key, self.language), "topic", label, intro,
                     "guidelines/topics.yml",
                     {"topic": key, "documents": self.document_rows(documents),
                      "topics_url": self.urls.topics(self.language)})
        self.add(self.urls.topics(self.language), "topics", ui["title"], ui["intro"],
                 "guidelines/topics.yml", {"topics": topics})

    # -- legislation --------------------------------------------------------

    def citations(self) -> dict[tuple[str, int], list[tuple[Document, Version, Reference]]]:
        """Every reference of every shown version, by (act, article)."""
        cited: dict[tuple[str, int], list[tuple[Document, Version, Reference]]] = defaultdict(list)
        for document in self.library.documents.values():
            for version in document.versions:
                for reference in version.references:
                    cited[reference.article_key].append((document, version, reference))
        return cited

    def legislation_pages(self) -> None:
        ui = self.ui["legislation"]
        cited = self.citations()
        acts = []
        for act in sorted(self.library.registry.acts.values(), key=_act_order):
            act_documents = {d.id for (key, _n), refs in cited.items() if key == act.key
                             for d, _v, _r in refs}
            acts.append({"key": act.key, "citation": act.cite(self.language),
                         "title": act.title, "url": self.urls.act(act.slug, self.language),
                         "eurlex": act.eurlex_url(self.language),
                         "count": len(act_documents)})
            self.act_page(act, cited)
        self.add(self.urls.legislation(self.language), "legislation", ui["title"], ui["intro"],
                 _registry_path(), {"acts": acts})

    def act_page(self, act: LegalAct, cited: dict[tuple[str, int], list[Any]]) -> None:
        def article_row(number: int) -> dict[str, Any]:
            refs = cited.get((act.key, number), [])
            return {"number": number, "title": act.articles[number],
                    "count": len({d.id for d, _v, _r in refs}),
                    "url": self.urls.article(act.slug, number, self.language) if refs else None,
                    "eurlex": act.eurlex_url(self.language, number)}

        groups: list[dict[str, Any]]
        if act.chapters:
            groups = [{"number": c.number, "title": c.title,
                       "articles": [article_row(n) for n in c.articles if n in act.articles]}
                      for c in act.chapters]
        else:
            groups = [{"number": None, "title": None,
                       "articles": [article_row(n) for n in sorted(act.articles)]}]
        citation = act.cite(self.language)
        self.add(self.urls.act(act.slug, self.language), "act", citation, "", _registry_path(),
                 {"act": self.act_view(act), "chapters": groups,
                  "legislation_url": self.urls.legislation(self.language)})
        for number in sorted(act.articles):
            if (act.key, number) in cited:
                self.article_page(act, number, cited[(act.key, number)])

    def act_view(self, act: LegalAct) -> dict[str, Any]:
        return {"key": act.key, "citation": act.cite(self.language), "title": act.title,
                "celex": act.celex, "eli": act.eli, "facts": act.facts,
                "eurlex": act.eurlex_url(self.language),
                "url": self.urls.act(act.slug, self.language)}

    def article_page(self, act: LegalAct, number: int,
                     refs: list[tuple[Document, Version, Reference]]) -> None:
        by_document: dict[str, dict[str, Any]] = {}
        for document, version, reference in refs:
            entry = by_document.setdefault(document.id, {
                "document": self.doc_link(document.id), "versions": {}})
            is_current = version is document.current
            versions = entry["versions"]
            row = versions.setdefault(version.version, {
                "version": version.version, "date": version.date, "is_current": is_current,
                "date_label": format_date(version.date, self.language),
                "current_label": self.ui["legislation"]["current" if in_force(document)
                                                        else "latest"],
                "url": self.urls.page_of(document, version, self.language),
                "references": []})
            row["references"].append(self.reference_label(reference))
        documents = []
        for doc_id in sorted(by_document):
            entry = by_document[doc_id]
            entry["versions"] = sorted(entry["versions"].values(),
                                       key=lambda r: r["date"], reverse=True)
            documents.append(entry)
        label = self.reference_label(Reference(act.key, number))
        title = f"{label}: {act.articles[number]}"
        chapter = act.chapter_of(number)
        self.add(self.urls.article(act.slug, number, self.language), "article", title, "",
                 _registry_path(), {
                     "act": self.act_view(act), "number": number, "label": label,
                     "article_title": act.articles[number],
                     "chapter": {"number": chapter.number, "title": chapter.title}
                     if chapter else None,
                     "eurlex": act.eurlex_url(self.language, number),
                     "documents": documents})

    # -- assets -------------------------------------------------------------

    def assets(self) -> dict[str, str]:
        """Images and other files of each document folder, at the same place under
        `library/`, so that relative links from the text keep working."""
        assets: dict[str, str] = {}
        root = self.library.config.root
        source_dir = self.library.config.source_dir
        for document in self.library.documents.values():
            folder = root / source_dir / document.slug
            for path in shipped_files(folder):
                relative = path.relative_to(folder).as_posix()
                assets[f"library/{document.slug}/{relative}"] = path.relative_to(root).as_posix()
        return assets


def home_view(library: Library, language: str) -> dict[str, Any]:
    """The home page's list of latest publications (newest versions first) and its
    topics."""
    urls = Urls(library.source_language)
    ui = ui_strings(language)
    entries = []
    for document in library.documents.values():
        for version in document.versions:
            text = version.text(language, library.source_language)
            entries.append({
                "id": document.id, "version": version.version, "date": version.date,
                "date_label": format_date(version.date, language),
                **standing_view(library, urls, ui, document, version, language),
                "title": text.title, "title_language": text.language,
                "type_label": ui["types"][version.type],
                "status": version.status, "status_label": ui["statuses"][version.status],
                "url": urls.page_of(document, version, language),
            })
    entries.sort(key=lambda e: (e["date"], e["id"]), reverse=True)
    # The home page's text introduces the library: search finds the documents themselves.
    # Its topics lead to their pages, in the vocabulary's order (overrides/home.html).
    topics = [{"key": key, "label": library.topics.label(key, language),
               "url": urls.topic(key, language)} for key in library.topics.labels]
    return {"latest": entries[:LATEST_COUNT], "library_url": urls.library(language), "ui": ui,
            "search": None, "topics": topics, "topics_url": urls.topics(language)}


def page_view(language: str, text_language: str, source_language: str) -> dict[str, Any]:
    """The view of one of the site's own pages (docs/): a fallback notice when it is
    shown in another language than the reader's."""
    ui = ui_strings(language)
    notices = []
    if text_language != language:
        names = ui["language_names"]
        notices.append({"kind": "fallback", "link": None, "message": ui["notices"]["fallback"]
                        .format(language=names[language], source_language=names[text_language])})
    return {"kind": "page", "ui": ui, "notices": notices, "text_language": text_language,
            "source_language": source_language,
            "search": search_view("page", language, text_language, ui["language_names"]),
            "language_root": Urls(source_language).prefix(language)}


def search_text(*parts: str) -> str:
    """`parts` as the library's free-text filter compares them: lower case, without
    accents, Greek final sigma as sigma, ß as ss, one space between words, so that
    "regles" finds "Règles" and "αναφορα" finds "Αναφορά". The script folds the query
    the same way (`fold` in docs/assets/nisdocs-library.js)."""
    text = unicodedata.normalize("NFKD", " ".join(parts))
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    return " ".join(text.lower().replace("ς", "σ").replace("ß", "ss").split())


def previous_public(document: Document, version: Version) -> Version | None:
    """The public version just before `version`, when `version` is public itself: the
    pairs of versions whose changes the site shows (drafts never have a diff page)."""
    public = document.public_versions
    if version not in public:
        return None
    index = public.index(version)
    return public[index - 1] if index else None


def diff_languages(old: Version, new: Version, languages: Iterable[str],
                   source_language: str) -> list[str]:
    """The languages in which the texts of `old` and `new` can be compared: the source
    language, and each language both versions have a translation of their own in (a
    translation still of an earlier version would show changes that are not there)."""
    return [code for code in languages if code == source_language or (
        old.translation_state(code, source_language) is TranslationState.CURRENT
        and new.translation_state(code, source_language) is TranslationState.CURRENT)]


def format_size(size: int, ui: dict[str, Any]) -> str:
    """A file size as readers of `ui`'s language write it: `98 KB`, `1,2 MB`."""
    units = ui["pdf"]["size_units"]
    if size < 1024:
        return f"{size} {units[0]}"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} {units[1]}"
    return f"{size / (1024 * 1024):.1f}".replace(".", ui["pdf"]["decimal_mark"]) + f" {units[2]}"


def _act_order(act: LegalAct) -> tuple[int, str]:
    # The law in force first, then the repealed directive, then implementing acts.
    return ({"NIS2": 0, "NIS1": 1}.get(act.key, 2), act.key)


def _registry_path() -> str:
    return "nisdocs/data/legal"
