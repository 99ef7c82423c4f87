"""Everything the built site serves, file by file (issue 16, safety by allow-list): only
known kinds of file; every SVG a static drawing and every image within the limits, as
nisdocs/svg.py and nisdocs/assets.py require of sources; no page, stylesheet or SVG that
loads anything from another site, and no page whose raw text HTML holds what the
publishing gate refuses."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from conftest import Build

from nisdocs.assets import MAX_PIXELS, raster_problem
from nisdocs.svg import svg_problems

# What a nisdocs site is made of: pages, their assets, data for machines, PDFs and ZIPs,
# the search index (Pagefind's chunks and its WebAssembly, `wasm.<lang>.pagefind`), and
# the precompressed copies of text files.
SERVED = {".html", ".css", ".js", ".map", ".json", ".jsonld", ".xml", ".gz", ".br", ".svg",
          ".png", ".jpg", ".jpeg", ".webp", ".ico", ".pdf", ".zip", ".txt", ".webmanifest",
          ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind"}
# The scripts a nisdocs site serves: material's bundle, nisdocs' own, and the search
# engine's (Pagefind's script and its worker), every one run by the pages.
SCRIPTS = re.compile(r"^(?:assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"
                     r"|assets/nisdocs-[a-z]+\.js|pagefind/pagefind(?:-worker)?\.js)$")
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP"}
# Elements and attributes through which a page loads something.
LOADS = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "source": "src",
         "audio": "src", "video": "src", "track": "src", "object": "data", "image": "href"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>[^'")\s]+)""", re.IGNORECASE)


def files(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.is_file())


def is_other_site(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_the_site_serves_only_known_kinds_of_file(built_site: Build) -> None:
    served = files(built_site.site)
    assert len(served) > 100
    assert sorted({path.suffix for path in served} - SERVED) == []


def test_the_site_serves_only_its_own_scripts(built_site: Build) -> None:
    """No script the pages do not run is published (material's lunr worker and language
    files, Pagefind's ready-made interfaces), and every one they run is on the list."""
    scripts = {path.relative_to(built_site.site).as_posix() for path in files(built_site.site)
               if path.suffix in (".js", ".mjs")}
    assert [name for name in sorted(scripts) if not SCRIPTS.match(name)] == []
    loaded = set()
    for path in files(built_site.site):
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            # (The 404 page's addresses start at the site's path: its scripts are the
            # same files as every other page's.)
            for script in soup.select("script[src]:not([src^='/'])"):
                target = (path.parent / script["src"]).resolve()
                loaded.add(target.relative_to(built_site.site.resolve()).as_posix())
    # The search engine's files are loaded by nisdocs-search.js, not by a <script> tag.
    assert scripts - loaded == {"pagefind/pagefind.js", "pagefind/pagefind-worker.js"}


def test_every_svg_is_a_static_drawing_and_every_image_within_the_limits(
        built_site: Build) -> None:
    images = [path for path in files(built_site.site)
              if path.suffix == ".svg" or path.suffix in RASTER]
    assert any(path.suffix == ".svg" for path in images)
    for path in images:
        data = path.read_bytes()
        if path.suffix == ".svg":
            assert svg_problems(data) == [], path
        else:
            assert raster_problem(data, RASTER[path.suffix]) is None, (path, MAX_PIXELS)


def test_no_page_loads_anything_from_another_site(built_site: Build) -> None:
    pages = [path for path in files(built_site.site) if path.suffix == ".html"]
    assert len(pages) > 100
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in LOADS.items():
            for element in soup.find_all(tag):
                url = element.get(attribute)
                assert not (url and is_other_site(url)), (path, str(element)[:200])
        for link in soup.find_all("link"):
            rel = set(link.get("rel") or [])
            # Alternates, canonical and feed links name pages; these load what they name.
            if rel & {"stylesheet", "icon", "preload", "modulepreload", "prefetch",
                      "manifest", "preconnect", "dns-prefetch"}:
                assert not is_other_site(link.get("href", "")), (path, str(link))
        for style in [*soup.find_all("style"), *soup.select("[style]")]:
            css = style.get_text() if style.name == "style" else style["style"]
            assert not [m["url"] for m in CSS_URL.finditer(css) if is_other_site(m["url"])]


def test_no_stylesheet_or_svg_loads_anything_from_another_site(built_site: Build) -> None:
    for path in files(built_site.site):
        if path.suffix in (".css", ".svg"):
            text = path.read_text(encoding="utf-8")
            others = [m["url"] for m in CSS_URL.finditer(text) if is_other_site(m["url"])]
            assert others == [], path
