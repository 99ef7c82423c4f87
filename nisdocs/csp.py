"""The Content-Security-Policy of the site's pages: only the site itself.

Every HTML page gets the policy as `<meta http-equiv="Content-Security-Policy">`, the
first element of its <head> after `<meta charset>` (a policy only covers what the
browser reads after it). The site is static and may be served by any web server, so
the policy travels in the page rather than in an HTTP header.

The policy allows the site's own files and nothing else. Inline scripts are allowed one
by one, by the SHA-256 of their text, and only those the theme writes: material's
(base.html defines `__md_scope` and friends with the page's path to the site root, so
their text differs from page to page), as the theme's partials render them for the page
(`trusted_texts`). Any other inline script on a page, one that a value of the sources
slipped in, stays unhashed and the browser does not run it; nisdocs' own scripts are
files. Each directive:

- `default-src 'self'`: anything not named below (fonts, the search index, frames,
  media, manifests) only from the site;
- `script-src 'self' 'wasm-unsafe-eval'` and the hashes of the theme's inline scripts on
  the page: material's bundle and nisdocs' scripts are files; `'wasm-unsafe-eval'` lets
  the search engine (Pagefind, nisdocs/search.py) compile its WebAssembly, a file of the
  site, and nothing else: no `'unsafe-inline'`, no `'unsafe-eval'` (neither material,
  Pagefind nor nisdocs evaluates strings), no event-handler attributes and no
  `javascript:` URLs;
- `style-src 'self'` (and the hashes of the theme's inline <style> elements, which
  material writes for some theme settings): the site's stylesheets. No style
  attributes: scripts set styles through the CSSOM (`element.style`), which a policy
  does not restrict;
- `img-src 'self' data:`: the site's images, and the `data:` SVG icons that material's
  stylesheet draws admonitions, links and lists with;
- `worker-src 'self'`: the search engine's worker, a file of the site;
- `object-src 'none'`: no plugins;
- `base-uri 'self'`: an injected <base> cannot move relative URLs to another host;
- `form-action 'self'`: forms (search, the library's filters) submit nowhere else.

`frame-ancestors`, `report-uri` and `sandbox` are not available in a <meta> policy
(browsers ignore them there, with a warning), so the policy has none of them.

Under `mkdocs serve`, mkdocs' live reload adds an inline script to every page it serves,
different at each request, which no hash can allow: the preview's pages allow inline
scripts (`live_reload`); the built site never does.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection, Iterable

# An element whose text is raw (script, style): everything up to its end tag. Inside a
# page, a "<script" that is not a tag is always escaped (`&lt;script`), in text as in
# attribute values, so the first "</script" ends the element, as it does in a browser.
_RAW_ELEMENT = re.compile(r"<(?P<tag>script|style)(?P<attributes>(?:\s[^>]*)?)>(?P<text>.*?)"
                          r"</(?P=tag)\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""",
                   re.IGNORECASE)
# The types a browser runs a <script> of (the HTML standard's JavaScript MIME types and
# "module"); any other type (`application/json`, material's `__config`) is data.
_SCRIPT_TYPES = frozenset({
    "", "module", "text/javascript", "application/javascript", "application/ecmascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript",
    "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
    "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
})
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=[^>]*>", re.IGNORECASE)
_POLICY_META = re.compile(r"<meta\s+http-equiv\s*=\s*\"?Content-Security-Policy", re.IGNORECASE)


def source_hash(text: str) -> str:
    """A CSP hash source for an inline element's text: `'sha256-…'`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_texts(html: str) -> tuple[list[str], list[str]]:
    """The texts of the inline scripts a browser would run, and of the inline style
    elements, of `html`, in the page's order."""
    scripts: list[str] = []
    styles: list[str] = []
    for match in _RAW_ELEMENT.finditer(html):
        attributes = match["attributes"]
        if match["tag"].lower() == "style":
            styles.append(match["text"])
            continue
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        value = "" if kind is None else (kind["dq"] or kind["sq"] or kind["bare"] or "")
        if value.strip().lower() in _SCRIPT_TYPES:
            scripts.append(match["text"])
    return scripts, styles


def trusted_texts(rendered: Iterable[str]) -> frozenset[str]:
    """The texts of the inline scripts and styles in `rendered`, the theme's partials
    (nisdocs/mkdocs/theme.py) as rendered for a page: the inline code a page may run."""
    texts: set[str] = set()
    for html in rendered:
        scripts, styles = inline_texts(html)
        texts.update(scripts, styles)
    return frozenset(texts)


def policy(script_hashes: Iterable[str] = (), style_hashes: Iterable[str] = (), *,
           live_reload: bool = False) -> str:
    """The policy of a page whose allowed inline scripts and styles have these hashes;
    with `live_reload`, of a page of `mkdocs serve`, whose inline scripts all run."""
    inline = ["'unsafe-inline'"] if live_reload else dict.fromkeys(script_hashes)
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline])
    styles = " ".join(["'self'", *dict.fromkeys(style_hashes)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        f"style-src {styles}",
        "img-src 'self' data:",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def page_policy(html: str, trusted: Collection[str] = frozenset(), *,
                live_reload: bool = False) -> str:
    """The policy of the page `html`: those of its inline scripts and styles that are
    `trusted` (`trusted_texts`) allowed, no other (see `policy` for `live_reload`)."""
    scripts, styles = inline_texts(html)
    return policy((source_hash(text) for text in scripts if text in trusted),
                  (source_hash(text) for text in styles if text in trusted),
                  live_reload=live_reload)


def add_policy(html: str, trusted: Collection[str] = frozenset(), *,
               live_reload: bool = False) -> str:
    """`html` with its policy (`page_policy`) as the first element of its <head> after
    `<meta charset>`. A page without a <head>, or whose <head> has a policy already, is
    returned as it is."""
    head = _HEAD.search(html)
    if head is None:
        return html
    end = html.find("</head", head.end())
    if _POLICY_META.search(html, head.end(), end if end >= 0 else len(html)):
        return html
    at = head.end()
    charset = _CHARSET.match(html, at)
    if charset is not None:
        at = charset.end()
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{_attribute(page_policy(html, trusted, live_reload=live_reload))}">')
    return f"{html[:at]}\n{' ' * _indent(html, at)}{meta}{html[at:]}"


def _attribute(value: str) -> str:
    """`value` inside a double-quoted attribute; its single quotes stay readable."""
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _indent(html: str, at: int) -> int:
    """The indentation of the line `at` is on, for a tidy page source."""
    start = html.rfind("\n", 0, at) + 1
    line = html[start:at]
    return len(line) - len(line.lstrip(" "))
