"""The legislation pages: the acts of the legal registry, a page per act with its
articles by chapter, and a page per cited article with the documents that cite it (in
which versions, under which references).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..dates import format_date
from ..model import Document, Version
from ..registry import LegalAct, Reference
from ..standing import in_force
from .common import LanguageContext, SitePage, act_order

# What an editor changes for these pages: the registry's files (nisdocs/data/legal/).
REGISTRY_PATH = "nisdocs/data/legal"

# The references of the shown versions, by (act, article): what the pages count and list.
Citations = dict[tuple[str, int], list[tuple[Document, Version, Reference]]]


def citations(ctx: LanguageContext) -> Citations:
    """Every reference of every shown version, by (act, article)."""
    cited: Citations = defaultdict(list)
    for document in ctx.library.documents.values():
        for version in document.versions:
            for reference in version.references:
                cited[reference.article_key].append((document, version, reference))
    return cited


def legislation_pages(ctx: LanguageContext) -> list[SitePage]:
    """Each act's page and its cited articles' pages, then the index of the acts."""
    ui = ctx.ui["legislation"]
    cited = citations(ctx)
    acts = []
    pages = []
    for act in sorted(ctx.library.registry.acts.values(), key=act_order):
        act_documents = {d.id for (key, _n), refs in cited.items() if key == act.key
                         for d, _v, _r in refs}
        acts.append({"key": act.key, "citation": act.cite(ctx.language),
                     "title": act.title, "url": ctx.urls.act(act.slug, ctx.language),
                     "eurlex": act.eurlex_url(ctx.language),
                     "count": len(act_documents)})
        pages += act_pages(ctx, act, cited)
    pages.append(ctx.page(ctx.urls.legislation(ctx.language), "legislation", ui["title"],
                          ui["intro"], REGISTRY_PATH, {"acts": acts}))
    return pages


def act_pages(ctx: LanguageContext, act: LegalAct, cited: Citations) -> list[SitePage]:
    """The act's page, then a page per article of it that some version cites."""

    def article_row(number: int) -> dict[str, Any]:
        refs = cited.get((act.key, number), [])
        return {"number": number, "title": act.articles[number],
                "count": len({d.id for d, _v, _r in refs}),
                "url": ctx.urls.article(act.slug, number, ctx.language) if refs else None,
                "eurlex": act.eurlex_url(ctx.language, number)}

    groups: list[dict[str, Any]]
    if act.chapters:
        groups = [{"number": c.number, "title": c.title,
                   "articles": [article_row(n) for n in c.articles if n in act.articles]}
                  for c in act.chapters]
    else:
        groups = [{"number": None, "title": None,
                   "articles": [article_row(n) for n in sorted(act.articles)]}]
    citation = act.cite(ctx.language)
    pages = [ctx.page(ctx.urls.act(act.slug, ctx.language), "act", citation, "", REGISTRY_PATH,
                      {"act": act_view(ctx, act), "chapters": groups,
                       "legislation_url": ctx.urls.legislation(ctx.language)})]
    for number in sorted(act.articles):
        if (act.key, number) in cited:
            pages.append(article_page(ctx, act, number, cited[(act.key, number)]))
    return pages


def act_view(ctx: LanguageContext, act: LegalAct) -> dict[str, Any]:
    return {"key": act.key, "citation": act.cite(ctx.language), "title": act.title,
            "celex": act.celex, "eli": act.eli, "facts": act.facts,
            "eurlex": act.eurlex_url(ctx.language),
            "url": ctx.urls.act(act.slug, ctx.language)}


def article_page(ctx: LanguageContext, act: LegalAct, number: int,
                 refs: list[tuple[Document, Version, Reference]]) -> SitePage:
    by_document: dict[str, dict[str, Any]] = {}
    for document, version, reference in refs:
        entry = by_document.setdefault(document.id, {
            "document": ctx.doc_link(document.id), "versions": {}})
        is_current = version is document.current
        versions = entry["versions"]
        row = versions.setdefault(version.version, {
            "version": version.version, "date": version.date, "is_current": is_current,
            "date_label": format_date(version.date, ctx.language),
            "current_label": ctx.ui["legislation"]["current" if in_force(document)
                                                   else "latest"],
            "url": ctx.urls.page_of(document, version, ctx.language),
            "references": []})
        row["references"].append(ctx.reference_label(reference))
    documents = []
    for doc_id in sorted(by_document):
        entry = by_document[doc_id]
        entry["versions"] = sorted(entry["versions"].values(),
                                   key=lambda r: r["date"], reverse=True)
        documents.append(entry)
    label = ctx.reference_label(Reference(act.key, number))
    title = f"{label}: {act.articles[number]}"
    chapter = act.chapter_of(number)
    return ctx.page(ctx.urls.article(act.slug, number, ctx.language), "article", title, "",
                    REGISTRY_PATH, {
                        "act": act_view(ctx, act), "number": number, "label": label,
                        "article_title": act.articles[number],
                        "chapter": {"number": chapter.number, "title": chapter.title}
                        if chapter else None,
                        "eurlex": act.eurlex_url(ctx.language, number),
                        "documents": documents})
