"""The pages that list documents: the library (a table with its filter form), the
topics and a page per topic, and the home page's latest publications (`home_view`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..dates import format_date
from ..escaping import markdown_text
from ..library import Library
from ..model import Document, Translation
from ..registry import Reference
from ..vocabulary import language_names
from .common import LanguageContext, SitePage, act_order, search_text

LATEST_COUNT = 6


def document_rows(ctx: LanguageContext, documents: Iterable[Document]) -> list[dict[str, Any]]:
    """A row per document, newest first: its current version as the tables show it."""
    rows = []
    for document in sorted(documents, key=lambda d: (d.current.date, d.id), reverse=True):
        current = document.current
        text = ctx.text_of(current)
        rows.append({
            "id": document.id, "title": text.title, "title_language": text.language,
            "url": ctx.urls.document(document.id, ctx.language),
            "type_label": ctx.ui["types"][current.type],
            "status": current.status, "status_label": ctx.ui["statuses"][current.status],
            "version": current.version, "date": current.date,
            "date_label": format_date(current.date, ctx.language),
            **ctx.standing(document, current),
            "summary": text.summary,
            "languages": language_names(current.languages(ctx.source_language), ctx.ui),
            "data": row_data(ctx, document, text),
        })
    return rows


def row_data(ctx: LanguageContext, document: Document, text: Translation) -> dict[str, str]:
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
        "languages": " ".join(current.languages(ctx.source_language)),
        "date": current.date,
        "title": text.title.lower(),
        "text": search_text(document.id, text.title, text.summary),
    }


def library_filters(ctx: LanguageContext, documents: list[Document]) -> dict[str, Any]:
    """The library's filter form: each select's options, only values some document
    has, labelled in the page's language."""
    ui = ctx.ui["library"]["filters"]
    library = ctx.library
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
    acts = sorted((library.registry.acts[key] for key in {k for k, _n in cited}),
                  key=act_order)
    languages = {code for v in currents for code in v.languages(ctx.source_language)}
    return {
        "selects": [
            select("topic", [option(key, library.topics.label(key, ctx.language))
                             for key in library.topics.labels if key in topics]),
            select("type", [option(key, label) for key, label in ctx.ui["types"].items()
                            if key in types]),
            select("status", [option(key, label) for key, label
                              in ctx.ui["statuses"].items() if key in statuses]),
            select("year", [option(year, year) for year
                            in sorted({str(v.year) for v in currents}, reverse=True)]),
            select("act", [option(act.key, f"{act.key}: {act.cite(ctx.language)}")
                           for act in acts]),
            select("article", [], [{"label": act.key, "options": [
                option(f"{act.key}/{number}",
                       ctx.reference_label(Reference(act.key, number)))
                for number in sorted(n for k, n in cited if k == act.key)]}
                for act in acts]),
            select("language", [option(code, ctx.language_name(code))
                                for code in library.languages if code in languages]),
        ],
        "sorts": [option(key, ui[f"sort_{key}"]) for key in ("date", "id", "title")],
        "total": len(documents),
    }


def library_page(ctx: LanguageContext) -> SitePage:
    ui = ctx.ui["library"]
    documents = list(ctx.library.documents.values())
    return ctx.page(ctx.urls.library(ctx.language), "library", ui["title"], ui["intro"],
                    f"{ctx.library.config.source_dir}/README.md",
                    {"documents": document_rows(ctx, documents),
                     "filters": library_filters(ctx, documents)})


def topic_pages(ctx: LanguageContext) -> list[SitePage]:
    """A page per topic of the vocabulary, listing its documents, then the topics'
    index with how many each has."""
    ui = ctx.ui["topics"]
    by_topic: dict[str, list[Document]] = defaultdict(list)
    for document in ctx.library.documents.values():
        for key in document.current.topics:
            by_topic[key].append(document)
    topics = []
    pages = []
    for key in ctx.library.topics.labels:
        label = ctx.library.topics.label(key, ctx.language)
        documents = by_topic.get(key, [])
        topics.append({"key": key, "label": label, "count": len(documents),
                       "url": ctx.urls.topic(key, ctx.language)})
        intro = ui["topic_intro"].format(topic=markdown_text(label))
        pages.append(ctx.page(ctx.urls.topic(key, ctx.language), "topic", label, intro,
                              "guidelines/topics.yml",
                              {"topic": key, "documents": document_rows(ctx, documents),
                               "topics_url": ctx.urls.topics(ctx.language)}))
    pages.append(ctx.page(ctx.urls.topics(ctx.language), "topics", ui["title"], ui["intro"],
                          "guidelines/topics.yml", {"topics": topics}))
    return pages


def home_view(library: Library, language: str, review: bool = False) -> dict[str, Any]:
    """The home page's list of latest publications (newest versions first) and its
    topics; with `review` (a pull request's preview), a banner linking the page of what
    the pull request changes."""
    ctx = LanguageContext.of(library, language)
    entries = []
    for document in library.documents.values():
        for version in document.versions:
            text = ctx.text_of(version)
            entries.append({
                "id": document.id, "version": version.version, "date": version.date,
                "date_label": format_date(version.date, language),
                **ctx.standing(document, version),
                "title": text.title, "title_language": text.language,
                "type_label": ctx.ui["types"][version.type],
                "status": version.status, "status_label": ctx.ui["statuses"][version.status],
                "url": ctx.urls.page_of(document, version, language),
            })
    entries.sort(key=lambda e: (e["date"], e["id"]), reverse=True)
    # The home page's text introduces the library: search finds the documents themselves.
    # Its topics lead to their pages, in the vocabulary's order (overrides/home.html).
    return {"latest": entries[:LATEST_COUNT], "library_url": ctx.urls.library(language),
            "ui": ctx.ui, "search": None, "topics": ctx.topic_views(library.topics.labels),
            "topics_url": ctx.urls.topics(language),
            "review_notice": {"kind": "review", "message": ctx.ui["review"]["banner"],
                              "link": {"title": ctx.ui["review"]["banner_link"],
                                       "url": ctx.urls.review(language)}} if review else None}
