"""The contributors' generated page: the front-matter reference, made from the JSON
Schema the validator enforces and the vocabularies it checks against (topics, legal
acts), so that it cannot say otherwise than the build."""

from __future__ import annotations

from ..schemadoc import KINDS, schema_reference
from .common import LanguageContext, SitePage, act_order

# What an editor changes for this page: the schema (the vocabularies have their pages).
SCHEMA_PATH = "nisdocs/schema/front-matter.schema.json"


def front_matter_page(ctx: LanguageContext) -> SitePage:
    """The fields of each kind of source file (a document version, a translation), with
    their allowed values labelled in the page's language; the topics; the legal acts."""
    ui = ctx.ui["front_matter"]
    labels = {"type": ctx.ui["types"], "status": ctx.ui["statuses"]}
    kinds = [{"kind": kind, "title": ui[kind], "fields": [{
        "name": row.name, "required": row.required, "allowed": row.allowed,
        "description": row.description,
        "values": [{"value": value, "label": labels.get(row.name, {}).get(value)}
                   for value in row.values],
    } for row in schema_reference(kind)]} for kind in KINDS]
    topics = [{"key": key, "label": ctx.library.topics.label(key, ctx.language)}
              for key in ctx.library.topics.labels]
    acts = [{"key": act.key, "title": act.title, "citation": act.cite(ctx.language),
             "url": ctx.urls.act(act.slug, ctx.language)}
            for act in sorted(ctx.library.registry.acts.values(), key=act_order)]
    # Its file is the one the nav and the contributors' guide link to, not one made from
    # its URL.
    return ctx.page(ctx.urls.front_matter(ctx.language), "front-matter", ui["title"],
                    ui["intro"], SCHEMA_PATH, {"kinds": kinds, "topics": topics, "acts": acts},
                    uri=ctx.urls.front_matter_file(ctx.language))
