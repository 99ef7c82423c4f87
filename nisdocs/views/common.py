"""What every kind of generated page is made of.

- `SitePage`, `Redirect` and `Site`: the pages and redirects `build_site` returns;
- `LanguageContext`: the language a page is built in, with its interface strings, the
  URL scheme, the library and the PDFs. It is immutable: each view receives the context
  of its language and reads it, none changes it;
- the helpers every kind uses: links to documents, references to the law, topics,
  language names, the library's free-text folding (`search_text`), file sizes, the
  files the documents ship (`site_assets`), and the view of the site's own pages
  (`page_view`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from ..assets import shipped_files
from ..born_pdf.extract import ExtractedText
from ..diff import TextDiff, diff_texts
from ..escaping import html_attribute, html_text
from ..library import Library
from ..model import Document, Translation, Version
from ..pdf.files import PdfSet
from ..registry import LegalAct, Reference
from ..search import search_view
from ..standing import standing_view
from ..urls import Urls, src_uri
from ..vocabulary import ui_strings

# Pages whose wide tables need the room of material's navigation sidebar, which holds
# nothing but the page's own title there.
WIDE_PAGES = ("library", "downloads", "translations")


@dataclass
class SitePage:
    src_uri: str  # the virtual Markdown file in mkdocs' docs folder
    language: str
    # document, version, changes, library, topics, topic, legislation, act, article,
    # downloads, translations, front-matter, review (a pull request's preview only)
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
    # The src_uri of each document's pages (every language), and of the pages that list
    # documents: what an update of some documents (`views.site.update_site`) makes again.
    by_document: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    lists: frozenset[str] = field(default_factory=frozenset, repr=False)
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


@dataclass(frozen=True)
class Memo:
    """Results one build computes once and reuses across pages and languages. Each is a
    function of its key alone, so whether it was computed before changes no view."""

    # A diff per pair of texts: languages shown untranslated compare the same two.
    diffs: dict[tuple[str, str], TextDiff] = field(default_factory=dict)
    # A version's PDF links per language: every page of the document lists them.
    pdf_links: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def diff(self, old: str, new: str) -> TextDiff:
        if (old, new) not in self.diffs:
            self.diffs[old, new] = diff_texts(old, new)
        return self.diffs[old, new]


# The C emitter where PyYAML has it: the generated pages' front matter is thousands of
# small documents per build. Both emit the same text.
_YamlDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class LanguageContext:
    """The language the views build pages in, and all they read besides the library:
    its interface strings (`ui`), the URL scheme, the PDFs (None: a build without them),
    the site's URL (None: citations keep URLs relative) and the build's `Memo`."""

    library: Library
    language: str
    ui: dict[str, Any]
    urls: Urls
    pdfs: PdfSet | None = None
    site_url: str | None = None
    memo: Memo = field(default_factory=Memo, repr=False, compare=False)
    # The text extracted from each PDF that is a text, by the PDF's path.
    pdf_texts: Mapping[str, ExtractedText] = field(default_factory=dict, repr=False,
                                                   compare=False)
    # Without `pdfs`: the preview builds each PDF when it is asked for at its URL, and the
    # pages link there ("Preview the PDF"). Never in a built site, where no file would be.
    pdf_preview: bool = False

    @classmethod
    def of(cls, library: Library, language: str, *, pdfs: PdfSet | None = None,
           site_url: str | None = None, urls: Urls | None = None,
           memo: Memo | None = None,
           pdf_texts: Mapping[str, ExtractedText] | None = None,
           pdf_preview: bool = False) -> LanguageContext:
        return cls(library, language, ui_strings(language),
                   urls if urls is not None else Urls(library.source_language), pdfs,
                   site_url, memo if memo is not None else Memo(), pdf_texts or {},
                   pdf_preview)

    # Asked for on every link of every page: worked out once per context.
    @cached_property
    def source_language(self) -> str:
        return self.library.source_language

    def page(self, url: str, kind: str, title: str, body: str, edit_path: str | None,
             view: dict[str, Any], description: str | None = None,
             uri: str | None = None) -> SitePage:
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
        return SitePage(uri, self.language, kind, title, f"---\n{front}---\n\n{body}",
                        edit_path, view, url, place)

    def text_of(self, version: Version) -> Translation:
        """The text of `version` shown in this language."""
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
        return reference.label(self.ui["legislation"]["article_abbr"], self.language)

    def reference_view(self, reference: Reference) -> dict[str, Any]:
        act = self.library.registry.acts[reference.act]
        return {
            "label": self.reference_label(reference),
            "title": act.articles[reference.article],
            "eurlex": act.eurlex_url(self.language, reference.article),
            "url": self.urls.article(act.slug, reference.article, self.language),
        }

    def language_name(self, code: str) -> str:
        """The name of language `code` in this language."""
        return str(self.ui["language_names"][code])

    def topic_views(self, keys: Iterable[str]) -> list[dict[str, str]]:
        return [{"key": key, "label": self.library.topics.label(key, self.language),
                 "url": self.urls.topic(key, self.language)} for key in keys]


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


def site_assets(library: Library) -> dict[str, str]:
    """Images and other files of each document folder, at the same place under
    `library/`, so that relative links from the text keep working."""
    assets: dict[str, str] = {}
    root = library.config.root
    source_dir = library.config.source_dir
    for document in library.documents.values():
        folder = root / source_dir / document.slug
        for path in shipped_files(folder):
            relative = path.relative_to(folder).as_posix()
            assets[f"library/{document.slug}/{relative}"] = path.relative_to(root).as_posix()
    return assets


def search_text(*parts: str) -> str:
    """`parts` as the library's free-text filter compares them: lower case, without
    accents, Greek final sigma as sigma, ß as ss, one space between words, so that
    "regles" finds "Règles" and "αναφορα" finds "Αναφορά". The script folds the query
    the same way (`fold` in docs/assets/nisdocs-library.js)."""
    text = unicodedata.normalize("NFKD", " ".join(parts))
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    return " ".join(text.lower().replace("ς", "σ").replace("ß", "ss").split())


def format_size(size: int, ui: dict[str, Any]) -> str:
    """A file size as readers of `ui`'s language write it: `98 KB`, `1,2 MB`."""
    units = ui["pdf"]["size_units"]
    if size < 1024:
        return f"{size} {units[0]}"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} {units[1]}"
    return f"{size / (1024 * 1024):.1f}".replace(".", ui["pdf"]["decimal_mark"]) + f" {units[2]}"


def act_order(act: LegalAct) -> tuple[int, str]:
    # The law in force first, then the repealed directive, then implementing acts.
    return ({"NIS2": 0, "NIS1": 1}.get(act.key, 2), act.key)
