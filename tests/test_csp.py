"""The Content-Security-Policy of the site's pages (nisdocs/csp.py): the policy builder on
its own, then every page of the built sample site carrying it."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, Build, mkdocs_env, mkdocs_serve

from nisdocs import csp
from nisdocs.mkdocs.theme import theme_partials

THEME_SCRIPT = '__md_scope=new URL("../..",location)'
PAGE = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width">
    <title>A page</title>
    <script>{THEME_SCRIPT}</script>
    <script src="assets/bundle.js"></script>
  </head>
  <body>
    <script id="__config" type="application/json">{{"base": ".."}}</script>
    <SCRIPT type="text/javascript">alert("slipped in")</SCRIPT>
    <script type='module'>import("x")</script>
    <p title="&lt;script&gt;alert(2)&lt;/script&gt;">&lt;script&gt;alert(3)&lt;/script&gt;</p>
  </body>
</html>
"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    """A policy as its directives, each with its sources."""
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = sources
    return parsed


def policy_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1, metas
    return directives(metas[0]["content"])


def test_the_policy_allows_only_the_site_itself() -> None:
    policy = directives(csp.policy())
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    # Nothing a <meta> policy cannot carry (browsers warn about it), nothing unsafe but
    # the compiling of WebAssembly (the search engine's): no string is ever evaluated.
    text = csp.policy(["'sha256-a'"], ["'sha256-b'"])
    for absent in ("frame-ancestors", "report-uri", "sandbox", "'unsafe-", "*", "http"):
        assert absent not in text
    assert text.count("unsafe") == 1


def test_hashes_join_their_directive_once_each() -> None:
    policy = directives(csp.policy(["'sha256-a'", "'sha256-b'", "'sha256-a'"], ["'sha256-c'"]))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'sha256-a'", "'sha256-b'"]
    assert policy["style-src"] == ["'self'", "'sha256-c'"]


def test_the_live_preview_runs_its_inline_scripts() -> None:
    """mkdocs serve's live reload writes an inline script into every page it serves,
    different at each request: the preview's pages allow inline scripts, nothing else."""
    preview = directives(csp.policy(["'sha256-a'"], live_reload=True))
    assert preview["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]
    assert {name: sources for name, sources in preview.items() if name != "script-src"} == {
        name: sources for name, sources in directives(csp.policy()).items()
        if name != "script-src"}


def test_source_hash_is_the_sha256_of_the_text_as_browsers_compute_it() -> None:
    assert csp.source_hash("alert(1)") == sha256("alert(1)")
    # The text is hashed as it stands, whitespace included; UTF-8 for non-ASCII.
    assert csp.source_hash(" x ") != csp.source_hash("x")
    assert csp.source_hash("é") == sha256("é")


def test_inline_texts_are_the_scripts_a_browser_runs() -> None:
    scripts, styles = csp.inline_texts(PAGE + "<style>p{color:red}</style>")
    assert scripts == [THEME_SCRIPT, 'alert("slipped in")', 'import("x")']
    assert styles == ["p{color:red}"]


def test_only_trusted_inline_scripts_are_allowed() -> None:
    trusted = csp.trusted_texts([f"<script>{THEME_SCRIPT}</script>", "<p>no script</p>"])
    assert trusted == {THEME_SCRIPT}
    page = csp.add_policy(PAGE, trusted)
    policy = policy_of(BeautifulSoup(page, "html.parser"))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", sha256(THEME_SCRIPT)]
    assert sha256('alert("slipped in")') not in policy["script-src"]


def test_the_policy_is_the_first_element_after_the_charset() -> None:
    page = csp.add_policy(PAGE, {THEME_SCRIPT})
    head = BeautifulSoup(page, "html.parser").head
    assert head is not None
    elements = head.find_all(True, recursive=False)
    assert elements[0].get("charset") == "utf-8"
    assert elements[1].get("http-equiv") == "Content-Security-Policy"
    start = page.index("\n    <meta http-equiv")
    assert page[:start] + page[page.index(">", start) + 1:] == PAGE  # nothing else changed


def test_a_page_without_a_charset_gets_the_policy_first_in_its_head() -> None:
    page = csp.add_policy("<html><head><title>x</title></head><body></body></html>")
    assert page.startswith('<html><head>\n<meta http-equiv="Content-Security-Policy" content="')
    assert page.endswith("<title>x</title></head><body></body></html>")


def test_a_page_gets_one_policy_and_a_fragment_none() -> None:
    once = csp.add_policy(PAGE, {THEME_SCRIPT})
    assert csp.add_policy(once, {THEME_SCRIPT}) == once
    assert csp.add_policy("<p>a fragment</p>") == "<p>a fragment</p>"
    # A policy in the body (ignored there by browsers) does not stand for the page's.
    body_policy = PAGE.replace(
        "<body>", '<body><meta http-equiv="Content-Security-Policy" content="default-src *">')
    assert csp.add_policy(body_policy).count("Content-Security-Policy") == 2


def test_theme_partials_are_materials_inline_code() -> None:
    names = ["base.html", "partials/javascripts/base.html", "partials/javascripts/content.html",
             "partials/icons.html", "partials/nisdocs/cite.html", "partials/javascripts/x.js"]
    assert theme_partials(names) == [
        "partials/icons.html", "partials/javascripts/base.html",
        "partials/javascripts/content.html"]


# -- the built sample site ----------------------------------------------------------


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_of_the_site_carries_the_policy(built_site: Build) -> None:
    pages = html_pages(built_site.site)
    kinds = {"404": False, "redirect": False, "document": False}
    for path in pages:
        name = path.relative_to(built_site.site).as_posix()
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        policy = policy_of(soup)
        # First in <head>, but for the charset: it covers everything the page loads.
        assert soup.head is not None, name
        first = next(element for element in soup.head.find_all(True, recursive=False)
                     if not element.get("charset"))
        assert first.get("http-equiv") == "Content-Security-Policy", name
        assert html.index("Content-Security-Policy") < html.index("<link"), name
        assert directives(csp.policy()).keys() == policy.keys(), name
        # Every inline script the page has is allowed by its hash; no other hash.
        scripts = [script for script in soup.find_all("script") if not script.get("src")
                   and script.get("type") != "application/json"]
        hashes = {sha256(script.string or "") for script in scripts}
        assert set(policy["script-src"]) == {"'self'", "'wasm-unsafe-eval'", *hashes}, name
        assert policy["style-src"] == ["'self'"], name  # no inline styles on the site
        assert not soup.find_all(style=True), name
        assert not [attribute for element in soup.find_all(True) for attribute in element.attrs
                    if attribute.startswith("on")], name
        kinds["404"] |= name.endswith("404.html")
        kinds["redirect"] |= bool(soup.find("meta", attrs={"http-equiv": "refresh"}))
        kinds["document"] |= name == "library/ncg-0003/index.html"
    assert all(kinds.values()), kinds


@pytest.mark.parametrize("url", ["", "library/ncg-0003/", "el/library/ncg-0003/1.0/"])
def test_materials_inline_scripts_are_the_only_hashed_ones(built_site: Build, url: str) -> None:
    soup = BeautifulSoup((built_site.site / url / "index.html").read_text("utf-8"),
                         "html.parser")
    scripts = [s.string or "" for s in soup.find_all("script")
               if not s.get("src") and s.get("type") != "application/json"]
    assert scripts and all(s.startswith(("__md_scope=", "var target=")) for s in scripts)
    depth = url.count("/")
    assert f'__md_scope=new URL("{"/".join([".."] * depth) or "."}",location)' in scripts[0]


def test_mkdocs_serve_pages_let_live_reload_run(tmp_path: Path) -> None:
    with mkdocs_serve(PROJECT, mkdocs_env(tmp_path / "pdf-cache"), livereload=True) as served:
        soup = BeautifulSoup(served.get("library/").decode("utf-8"), "html.parser")
    assert policy_of(soup)["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]
    assert any("livereload(" in (script.string or "") for script in soup.find_all("script"))
