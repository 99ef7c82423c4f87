"""The site's URL scheme, relative to the site root. Every output builds URLs here.

Pages in the source language have no prefix; other languages are under `xx/`.
The URLs of documents and versions are stable: they are made of ids and versions only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Document, Version


class Urls:
    def __init__(self, source_language: str) -> None:
        self.source_language = source_language

    def prefix(self, language: str) -> str:
        return "" if language == self.source_language else f"{language}/"

    def suffix(self, language: str) -> str:
        """The file-name suffix of a page in `language`: `index.fr.md`."""
        return "" if language == self.source_language else f".{language}"

    def library(self, language: str) -> str:
        return f"{self.prefix(language)}library/"

    def document(self, doc_id: str, language: str) -> str:
        return f"{self.prefix(language)}library/{doc_id.lower()}/"

    def version(self, doc_id: str, version: str, language: str) -> str:
        return f"{self.prefix(language)}library/{doc_id.lower()}/{version}/"

    def page_of(self, document: Document, version: Version, language: str) -> str:
        """Where `version` is read: the document page for the current version, the
        version's own page for an earlier one."""
        if version is document.current:
            return self.document(document.id, language)
        return self.version(document.id, version.version, language)

    def changes(self, doc_id: str, old: str, new: str, language: str) -> str:
        """What changed in the text from version `old` to version `new`."""
        return f"{self.prefix(language)}library/{doc_id.lower()}/changes/{old}-{new}/"

    def pdf(self, doc_id: str, version: str, language: str) -> str:
        """A version's PDF in `language`, in the version's folder: the same URL whether
        the version is current or not, so it can be cited from the day it is published."""
        slug = doc_id.lower()
        return f"library/{slug}/{version}/{slug}-{version}-{language}.pdf"

    def downloads(self, language: str) -> str:
        return f"{self.prefix(language)}downloads/"

    def translations(self, language: str) -> str:
        return f"{self.prefix(language)}translations/"

    def front_matter(self, language: str) -> str:
        """The front-matter reference, among the contributor guides in `docs/contributing/`."""
        return f"{self.prefix(language)}contributing/front-matter/"

    def front_matter_file(self, language: str) -> str:
        """Its virtual file, named as the guides link it: `contributing/front-matter.md`."""
        return f"contributing/front-matter{self.suffix(language)}.md"

    def bundle(self, language: str) -> str:
        """The ZIP of every current PDF in `language`."""
        return f"downloads/nisdocs-library-{language}.zip"

    def feed(self, language: str) -> str:
        """The Atom feed of new documents and versions, in `language`."""
        return f"{self.prefix(language)}feed.xml"

    def review(self, language: str) -> str:
        """What a pull request changes, on its preview site only (nisdocs/review.py)."""
        return f"{self.prefix(language)}review/"

    def short(self, doc_id: str, language: str) -> str:
        return f"{self.prefix(language)}id/{doc_id.lower()}/"

    def topics(self, language: str) -> str:
        return f"{self.prefix(language)}topics/"

    def topic(self, key: str, language: str) -> str:
        return f"{self.prefix(language)}topics/{key}/"

    def legislation(self, language: str) -> str:
        return f"{self.prefix(language)}legislation/"

    def act(self, act_slug: str, language: str) -> str:
        return f"{self.prefix(language)}legislation/{act_slug}/"

    def article(self, act_slug: str, article: int, language: str) -> str:
        return f"{self.prefix(language)}legislation/{act_slug}/article-{article}/"


def site_root(site_url: str | None) -> str:
    """The published site's root, ending in `/`; `/` when the site has no `site_url`.
    Absolute URLs are `site_root(site_url) + url`, with `url` from `Urls`."""
    if not site_url:
        return "/"
    return site_url.rstrip("/") + "/"


def src_uri(url: str, language: str, source_language: str) -> str:
    """The (virtual) Markdown file of a page in mkdocs' docs folder, from its URL in the
    source language: `library/ncg-0003/` in French -> `library/ncg-0003/index.fr.md`."""
    suffix = "" if language == source_language else f".{language}"
    return f"{url}index{suffix}.md"
