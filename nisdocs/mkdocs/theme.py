"""What nisdocs does with material's templates: which ones it escapes, which inline
scripts and styles of theirs a page's Content-Security-Policy allows, the compiled
templates kept from one language's build to the next, and the root templates it writes
itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig

from .. import csp
from ..not_found import NOT_FOUND_FILE

# nisdocs' templates in `overrides/`: the pages (nisdocs/), the components
# (partials/nisdocs/), main.html and home.html, and the footer. Not material's templates,
# nor the files kept as material's (partials/header.html, partials/languages/).
_OWN_TEMPLATES = frozenset({"main.html", "home.html", "partials/copyright.html"})
_OWN_FOLDERS = ("nisdocs/", "partials/nisdocs/")


def own_template(name: str | None) -> bool:
    """Whether Jinja escapes what the template `name` prints: nisdocs' templates, which
    print text, not material's, which print HTML (nisdocs/escaping.py). Values that are
    HTML already (the page's content, `super()`) are marked `| safe` in nisdocs' templates."""
    return name is not None and (name in _OWN_TEMPLATES or name.startswith(_OWN_FOLDERS))


def theme_partials(template_names: Iterable[str]) -> list[str]:
    """Of the theme's templates, the partials that write material's inline scripts and
    styles: `partials/javascripts/*.html` and `partials/icons.html`."""
    return sorted(name for name in template_names
                  if name == "partials/icons.html"
                  or (name.startswith("partials/javascripts/") and name.endswith(".html")))


class ThemeInline:
    """The inline scripts and styles material's partials write on a page at a given
    `base_url`, which the page's policy allows (nisdocs/csp.py): rendered once per depth
    of page, in one language's build (its environment)."""

    def __init__(self, env: Environment, config: MkDocsConfig,
                 partials: list[str] | None) -> None:
        self.env, self.config = env, config
        self._partials = partials
        self._texts: dict[str, frozenset[str]] = {}

    @property
    def partials(self) -> list[str]:
        if self._partials is None:  # listing the theme's ~15,000 files takes a while
            self._partials = theme_partials(self.env.list_templates())
        return self._partials

    def texts(self, base_url: str) -> frozenset[str]:
        if base_url not in self._texts:
            context: dict[str, Any] = {"config": self.config, "base_url": base_url,
                                       "features": self.config.theme.get("features") or []}
            self._texts[base_url] = csp.trusted_texts(
                self.env.get_template(name).render(context) for name in self.partials)
        return self._texts[base_url]


class TemplateBytecode(BytecodeCache):
    """Compiled templates kept for the next language's build: each build makes a new
    Jinja environment, which would compile material's ~60 templates again (about half a
    second per language). Jinja checks each template's source checksum, so an edited
    template under `mkdocs serve` is compiled anew."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def skip_root_templates(config: MkDocsConfig) -> None:
    """mkdocs writes the theme's sitemap.xml (and sitemap.xml.gz) and 404.html at the
    site's root in every language's build, each over the one before. nisdocs writes a 404
    page per language instead (nisdocs/not_found.py). The theme's sitemap, never: it
    listed every page with every language's alternate in one file (N x L^2, past the
    protocol's 50 MB at about N = 280, L = 24) and dated each page with the build's day;
    nisdocs writes one per language under a sitemap index instead (nisdocs/sitemaps.py)."""
    theme = config.theme
    templates = getattr(theme, "_nisdocs_static_templates", None)
    if templates is None:
        templates = frozenset(theme.static_templates)
        theme._nisdocs_static_templates = templates  # type: ignore[attr-defined]
    theme.static_templates = {name for name in templates
                              if name not in ("sitemap.xml", NOT_FOUND_FILE)}
