"""The pages of documents: the current version's page and each earlier version's, the
redirects to them, and what changed between consecutive public versions.

A version's view holds what its page shows around the text: its facts and standing,
the notices (withdrawn, archived, draft, shown untranslated...), the languages it is
read in, the version history with each version's PDFs, and how to cite it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..citation import CitedVersion, absolute_url, citation_view
from ..dates import format_date
from ..diff import diff_lists, diff_words
from ..links import Link, rewrite_links
from ..model import Document, Translation, TranslationState, Version
from ..pdf.files import PdfFile
from ..standing import in_force
from ..vocabulary import ui_strings
from .common import LanguageContext, Redirect, SitePage, format_size
from .pdf_texts import pdf_text_body


def document_pages(ctx: LanguageContext, document: Document) -> list[SitePage]:
    """A page per version of `document`: the current one at the document's URL."""
    pages = []
    for version in document.versions:
        is_current = version is document.current
        url = ctx.urls.page_of(document, version, ctx.language)
        text = ctx.text_of(version)
        view = document_view(ctx, document, version, text)
        pdf = text.source.pdf
        # A text that exists only as a PDF shows the text extracted from it.
        body = (resolve_links(ctx, text.source.body, version) if pdf is None else
                pdf_text_body(ctx, pdf, text.language, url))
        pages.append(ctx.page(url, "document" if is_current else "version", text.title,
                              body, text.source.path, view, description=text.summary))
    return pages


def document_redirects(ctx: LanguageContext, document: Document) -> list[Redirect]:
    """The short link by id, and the version URL of the current version: both lead to
    the document's page."""
    target = ctx.urls.document(document.id, ctx.language)
    return [Redirect(ctx.urls.short(document.id, ctx.language), target, ctx.language),
            Redirect(ctx.urls.version(document.id, document.current.version, ctx.language),
                     target, ctx.language)]


def document_view(ctx: LanguageContext, document: Document, version: Version,
                  text: Translation) -> dict[str, Any]:
    ui = ctx.ui
    state = version.translation_state(ctx.language, ctx.source_language)
    current = document.current
    is_current = version is current
    languages = []
    for code in ctx.library.languages:
        code_state = version.translation_state(code, ctx.source_language)
        if code_state is TranslationState.MISSING:
            continue
        page_url = ctx.urls.page_of(document, version, code)
        languages.append({"code": code, "native": ui_strings(code)["language_name"],
                          "state": code_state.value,
                          "state_label": ui["states"][code_state.value],
                          "url": page_url, "is_this": code == ctx.language})
    history = [{
        "version": v.version, "date": v.date, "date_label": format_date(v.date, ctx.language),
        "status": v.status,
        "status_label": ui["statuses"][v.status], "note": v.version_note,
        "url": ctx.urls.page_of(document, v, ctx.language),
        "is_current": v is current, "is_this": v is version,
        "pdfs": pdf_links(ctx, document, v),
        "changes": changes_link(ctx, document, v),
    } for v in reversed(document.versions)]
    pdfs = next(entry["pdfs"] for entry in history if entry["is_this"])
    reader_pdf = next((pdf for pdf in pdfs if pdf["language"] == text.language), None)
    return {
        "id": document.id,
        "version": version.version,
        "date": version.date,
        "date_label": format_date(version.date, ctx.language),
        # "current version" only of a document in force: NCG-0002 1.0 is the latest.
        "current_label": ui["document"]["current" if in_force(document) else "latest"],
        **ctx.standing(document, version),
        "type": version.type,
        "type_label": ui["types"][version.type],
        "status": version.status,
        "status_label": ui["statuses"][version.status],
        "summary": text.summary,
        "text_language": text.language,
        # The page's text is extracted from a PDF, with headings in the reader's language.
        "pdf_text": text.source.pdf is not None,
        "source_language": ctx.source_language,
        "topics": ctx.topic_views(version.topics),
        "references": [ctx.reference_view(r) for r in version.references],
        "supersedes": [link for d in version.supersedes if (link := ctx.doc_link(d))],
        "superseded_by": [link for d in document.superseded_by if (link := ctx.doc_link(d))],
        "related": [link for d in version.related if (link := ctx.doc_link(d))],
        "languages": languages,
        "history": history,
        "is_current": is_current,
        "short_url": ctx.urls.short(document.id, ctx.language),
        "notices": notices(ctx, document, version, state, text),
        "pdf": reader_pdf,
        "other_pdfs": [pdf for pdf in pdfs if pdf is not reader_pdf],
        "pdf_preview": pdf_preview_link(ctx, document, version, text.language),
        "citation": cite_view(ctx, document, version, text),
    }


def cite_view(ctx: LanguageContext, document: Document, version: Version,
              text: Translation) -> dict[str, Any]:
    """How to cite `version`: its title as the page shows it, its stable URL."""
    url = ctx.urls.version(document.id, version.version, ctx.language)
    cited = CitedVersion(document.id, version.version, version.date, text.title,
                         text.language, ctx.ui["types"][version.type],
                         absolute_url(ctx.site_url, url))
    return citation_view(cited, ctx.ui)


def notices(ctx: LanguageContext, document: Document, version: Version,
            state: TranslationState, text: Translation) -> list[dict[str, Any]]:
    """The banners above the text: the document withdrawn or superseded, an earlier
    version, a draft or consultation, a text shown untranslated or translated from an
    earlier version."""
    texts = ctx.ui["notices"]
    current = document.current
    found: list[dict[str, Any]] = []

    def notice(kind: str, message: str, link: dict[str, Any] | None = None) -> None:
        found.append({"kind": kind, "message": message, "link": link})

    if current.status == "withdrawn":
        notice("withdrawn", texts["withdrawn"])
    if current.status == "superseded":
        successors = [ctx.doc_link(d) for d in document.superseded_by]
        links = [s for s in successors if s]
        notice("superseded", texts["superseded"], links[0] if links else None)
    if version is not current:
        notice("archived", texts["archived"].format(version=version.version,
                                                    current=current.version),
               {"title": texts["archived_link"].format(current=current.version),
                "url": ctx.urls.document(document.id, ctx.language)})
    if version.status == "draft":
        notice("draft", texts["draft"])
    elif version.status == "consultation":
        notice("consultation", texts["consultation"])
    if state is TranslationState.MISSING:
        notice("fallback", texts["fallback"].format(
            language=ctx.language_name(ctx.language),
            source_language=ctx.language_name(ctx.source_language)))
    elif state is TranslationState.OUTDATED:
        notice("outdated", texts["outdated"].format(translated=text.source_version,
                                                    current=version.version),
               {"title": texts["outdated_link"].format(
                   language=ctx.language_name(ctx.source_language)),
                "url": ctx.urls.page_of(document, version, ctx.source_language)})
    return found


def resolve_links(ctx: LanguageContext, body: str, version: Version) -> str:
    """Turn id: links into links mkdocs resolves in the page's language. law: links
    stay: the page's HTML gets EUR-Lex in its language (`law_url`), so that a text
    shown untranslated has the same Markdown in every language and is converted once
    (nisdocs/mkdocs/patches/shared_render.py)."""
    document = ctx.library.documents[version.document_id]
    depth = ctx.urls.page_of(document, version, ctx.source_language).count("/")

    def resolve(link: Link) -> tuple[str, str | None]:
        if link.scheme == "law":
            return f"law:{link.target}", None
        target, target_version, anchor = ctx.library.id_link_target(link.target)
        # A relative link to the target's Markdown file: mkdocs checks it exists and
        # static-i18n picks the file in the reader's language.
        path = ctx.urls.page_of(target, target_version, ctx.source_language)
        href = "../" * depth + path + "index.md"
        if anchor:
            href += f"#{anchor}"
        return href, ctx.text_of(target.current).title

    return rewrite_links(body, resolve)


# -- PDFs -------------------------------------------------------------------


def pdf_links(ctx: LanguageContext, document: Document,
              version: Version) -> list[dict[str, Any]]:
    """The PDFs of `version`, one per language it has a text in (one list, shared by
    the pages that show it)."""
    if ctx.pdfs is None:
        return []
    key = (document.id, version.version, ctx.language)
    links = ctx.memo.pdf_links.get(key)
    if links is None:
        links = ctx.memo.pdf_links[key] = []
        for code in ctx.library.languages:
            pdf = ctx.pdfs.find(document.id, version.version, code)
            if pdf is not None:
                links.append(pdf_link(ctx, pdf))
    return links


def pdf_link(ctx: LanguageContext, pdf: PdfFile) -> dict[str, Any]:
    # Plain text: the templates that print a PDF link (pdf-downloads.html,
    # version-history.html, nisdocs/downloads.html) are nisdocs' own, which Jinja
    # escapes (nisdocs/escaping.py).
    name = ui_strings(pdf.language)["language_name"]
    size = format_size(pdf.size, ctx.ui)
    label = ctx.ui["pdf"]["label"].format(language=name, size=size)
    return {"url": pdf.url, "language": pdf.language, "native": name, "size": size,
            "label": label}


def pdf_preview_link(ctx: LanguageContext, document: Document, version: Version,
                     language: str) -> dict[str, Any] | None:
    """Where the preview builds the PDF of the text the page shows, when it is asked
    for: the URL that PDF has in a full build. None unless the context previews PDFs."""
    if not ctx.pdf_preview:
        return None
    return {"url": ctx.urls.pdf(document.id, version.version, language), "language": language,
            "native": ui_strings(language)["language_name"]}


# -- what changed between versions --------------------------------------------


def changes_link(ctx: LanguageContext, document: Document,
                 version: Version) -> dict[str, Any] | None:
    """The link from `version`'s row of the version history to what changed since
    the public version before it, in the page's language (whose page compares the
    source texts, and says so, where the translations cannot be compared)."""
    previous = previous_public(document, version)
    if previous is None:
        return None
    return {"url": ctx.urls.changes(document.id, previous.version, version.version,
                                    ctx.language),
            "hreflang": None,
            "label": ctx.ui["changes"]["link"].format(version=previous.version)}


def changes_pages(ctx: LanguageContext, document: Document) -> list[SitePage]:
    """A page per pair of consecutive public versions, in every language: links to
    it never lead out of the reader's language."""
    pages = []
    for version in document.versions:
        previous = previous_public(document, version)
        if previous is not None:
            pages.append(changes_page(ctx, document, previous, version))
    return pages


def changes_page(ctx: LanguageContext, document: Document, old: Version,
                 new: Version) -> SitePage:
    ui = ctx.ui["changes"]
    # The texts of the page's language where both can be compared (`diff_languages`),
    # else the source texts, under a notice: the interface stays the reader's.
    languages = diff_languages(old, new, ctx.library.languages, ctx.source_language)
    shown = ctx.language if ctx.language in languages else ctx.source_language
    old_text, new_text = (old.text(shown, ctx.source_language),
                          new.text(shown, ctx.source_language))
    diff = ctx.memo.diff(old_text.source.body, new_text.source.body)
    fallback = [] if shown == ctx.language else [{
        "kind": "fallback", "link": None, "message": ui["fallback"].format(
            language=ctx.language_name(ctx.language),
            source_language=ctx.language_name(ctx.source_language))}]

    def side(version: Version, text: Translation) -> dict[str, Any]:
        return {"version": version.version, "date": version.date,
                "date_label": format_date(version.date, ctx.language), "title": text.title,
                "status": version.status,
                "status_label": ctx.ui["statuses"][version.status],
                "note": version.version_note,
                "url": ctx.urls.page_of(document, version, ctx.language),
                "read": ui["read"].format(version=version.version)}

    details = []
    for name, label, before, after in (
            ("title", ui["title_field"], old_text.title, new_text.title),
            ("summary", ui["summary"], old_text.summary, new_text.summary)):
        if before != after:
            details.append({"field": name, "label": label,
                            "parts": diff_words(before, after)})
    old_refs = [ctx.reference_label(r) for r in old.references]
    new_refs = [ctx.reference_label(r) for r in new.references]
    added, removed = diff_lists(old_refs, new_refs)
    alternates = {code: ctx.urls.changes(document.id, old.version, new.version, code)
                  for code in ctx.library.languages}
    return ctx.page(
        ctx.urls.changes(document.id, old.version, new.version, ctx.language), "changes",
        ui["title"].format(id=document.id, old=old.version, new=new.version),
        ui["intro"].format(old=old.version, new=new.version), new_text.source.path,
        {"id": document.id, "title": new_text.title,
         "document_url": ctx.urls.document(document.id, ctx.language),
         "text_language": ctx.language, "source_language": ctx.source_language,
         "diff_language": shown, "diff_languages": languages, "notices": fallback,
         "old": side(old, old_text), "new": side(new, new_text),
         "details": details,
         "status_changed": old.status != new.status,
         "references_added": added, "references_removed": removed,
         "entries": list(diff.entries),
         "counts": ui["counts"].format(added=diff.added, removed=diff.removed,
                                       changed=diff.changed),
         "has_changes": diff.has_changes,
         "alternates": alternates})


def previous_public(document: Document, version: Version) -> Version | None:
    """The public version just before `version`, when `version` is public itself and
    both are written in Markdown: the pairs of versions whose changes the site shows
    (drafts never have a diff page, nor has a text that exists only as a PDF)."""
    public = document.public_versions
    if version not in public:
        return None
    index = public.index(version)
    previous = public[index - 1] if index else None
    if previous is None or previous.source.pdf or version.source.pdf:
        return None
    return previous


def diff_languages(old: Version, new: Version, languages: Iterable[str],
                   source_language: str) -> list[str]:
    """The languages in which the texts of `old` and `new` can be compared: the source
    language, and each language both versions have a translation of their own in (a
    translation still of an earlier version would show changes that are not there)."""
    return [code for code in languages if code == source_language or (
        old.text(code, source_language).source.pdf is None
        and new.text(code, source_language).source.pdf is None
        and old.translation_state(code, source_language) is TranslationState.CURRENT
        and new.translation_state(code, source_language) is TranslationState.CURRENT)]
