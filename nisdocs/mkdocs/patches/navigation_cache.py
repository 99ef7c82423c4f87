"""material's navigation is rendered once per place in the site, not once per page.

material writes its navigation (`partials/nav.html`, a macro call per item) and its tabs
(`partials/tabs.html`) into every page. For a page that is not in the navigation, no
item is active, so the HTML differs from page to page only by the items' URLs, which
the `url` filter makes relative to the page. Most of nisdocs' pages (documents,
versions, changes, topics) are of that kind, and many share a place: every version page
of the library is three folders down from the root, under `library/`.

`NavigationCache` keeps the HTML of those partials under what they read of the page: the
relative URL of the site's root and of every item. A page in the navigation (an active
item) is rendered by material itself. The HTML kept serves one language's build: each
build gets a new Jinja environment, with its own language, navigation and config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Context
from mkdocs.structure.nav import Navigation
from mkdocs.utils import normalize_url

from . import Guard

# Jinja's compiled templates, and material's partials reading the page only through
# the items' URLs, as they do in these versions.
GUARD = Guard("the navigation rendered once per place",
              {"jinja2": ">=3.1,<3.2", "mkdocs-material": ">=9.7,<9.9"})

# The partials whose HTML depends on the page only through the items' URLs and states.
CACHED_PARTIALS = ("partials/nav.html", "partials/tabs.html")

_Key = tuple[str, ...]
_RenderFunction = Callable[[Context], Iterator[str]]


class NavigationCache:
    """The navigation partials' HTML of the language being built, by page place. Made
    through `NavigationCache.if_tested()`, which gives None outside `GUARD`."""

    @classmethod
    def if_tested(cls) -> NavigationCache | None:
        return cls() if GUARD.allows() else None

    def __init__(self) -> None:
        self._html: dict[tuple[str, _Key], str] = {}
        # The page whose place was worked out last: its nav and tabs render one after
        # the other, and ask the same.
        self._last: tuple[object, _Key | None] = (None, None)
        self.reused = 0

    def install(self, env: Environment) -> None:
        """Render `CACHED_PARTIALS` through this cache in `env`, a new language build's
        environment (which keeps its loaded templates: mkdocs turns auto_reload off);
        the previous language's HTML is dropped."""
        self._html.clear()
        self._last = (None, None)
        for name in CACHED_PARTIALS:
            template = env.get_template(name)
            template.root_render_func = partial(
                self._render, name, template.root_render_func)

    def _render(self, name: str, render: _RenderFunction, context: Context) -> Iterator[str]:
        page = context.get("page")
        if page is not self._last[0]:
            self._last = (page, _place(context))
        key = self._last[1]
        if key is None:
            yield from render(context)
            return
        html = self._html.get((name, key))
        if html is None:
            html = self._html[(name, key)] = "".join(render(context))
        else:
            self.reused += 1
        yield html


def _place(context: Context) -> _Key | None:
    """What the navigation partials read of the page: the URLs they write, relative to
    it. None when the page is in the navigation (its item, its section and, with
    `toc.integrate`, its table of contents are rendered differently)."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or not isinstance(nav, Navigation) or page.url is None:
        return None
    urls = [".", nav.homepage.url if nav.homepage else "",
            str(context["config"].extra.get("homepage") or "")]
    for item in _items(nav.items):
        if getattr(item, "active", False):
            return None
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
    base = context.get("base_url", "")
    return tuple(normalize_url(url, page=page, base=base) for url in urls)


def _items(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or [])
