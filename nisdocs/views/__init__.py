"""The site's generated pages, as mkdocs-independent data.

`build_site(library)` returns every generated page in every language: its (virtual)
Markdown file, the source an editor would edit, and a view for the templates with
every label already in the page's language and every URL relative to the site root.
It also returns the redirects (short links by id, the version URL of each current
version). The mkdocs plugin (nisdocs/mkdocs/) hands these to mkdocs; the templates in
`overrides/` render them.

Each language's pages are made from a `LanguageContext`, immutable: the language, its
interface strings, the URL scheme, the library and the PDFs. One module per kind of page:

- `common`: `SitePage`, `Redirect`, `Site`, the context and the helpers every kind
  uses; `page_view`, the view of the site's own pages (docs/);
- `documents`: document and version pages, what changed between versions, notices,
  PDF links, how to cite a version;
- `listings`: the library and its filters, the topic pages, `home_view`;
- `legislation`: the acts and the cited articles;
- `downloads`: the downloads and translations pages;
- `contributors`: the front-matter reference;
- `pdf_texts`: what the site shows of texts that exist only as PDFs (their extracted
  text, the accessibility statement's list of untagged ones);
- `review`: a pull request's preview only, the page of what it changes
  (NISDOCS_REVIEW_BASE, nisdocs/review.py);
- `site`: `build_site`, all of them in every language.

Plain Python: nothing here imports mkdocs, its theme or plugins, Jinja or markupsafe;
the views hold text, which nisdocs' templates escape (nisdocs/escaping.py).
"""

from __future__ import annotations

from .common import LanguageContext, Redirect, Site, SitePage, format_size, page_view, search_text
from .listings import home_view
from .site import build_site

__all__ = ["LanguageContext", "Redirect", "Site", "SitePage", "build_site", "format_size",
           "home_view", "page_view", "search_text"]
