"""What readers download: a first search, the home page, a document page, the sitemaps.

    python benchmarks/downloads.py             # the whole benchmark (results/downloads.md)
    python benchmarks/downloads.py --sizes 20 --wide 20:24 --output -   # a quick look

For each library size (N documents of V versions in L languages, a share translated; the
generator of benchmarks/synthetic.py, as scale.py) it builds the nisdocs site without
PDFs (`mkdocs build` in a process of its own), serves it on 127.0.0.1 the way GitLab
Pages does (a file's `.br` or `.gz` copy, with its Content-Encoding, when the browser
accepts it and the build wrote one; else the file itself) and opens it in headless
Chromium (Playwright), each load in a fresh browser context, so with an empty cache:
  - the home page and a document page in the reader's language, with every file their
    load fetches (CSS, JavaScript, images, fonts);
  - the first search: on a freshly loaded document page, "/" opens the search dialog and a
    word of the synthetic text is typed key by key at a reader's pace (50 ms a key); every
    response from the first key on is recorded, up to the first result shown and until
    the network is quiet after it, by kind (scripts, WebAssembly, index metadata, index
    chunks, fragments); and the time from the last key to the first results shown;
  - from the built files: the sitemaps (files, sizes, URL counts), the largest file and
    the total size of the site.
Bytes are the bodies of the responses as the server sent them (compressed where it sent a
compressed copy), without HTTP headers. The server counts them, not the browser: Chromium
reports no size for what a Web Worker fetches (0 bytes for material's search worker), and
a search engine may fetch its index from one.
It prints a table per size and the targets of issue 17, and writes them with the
machine's description to `--output` (benchmarks/results/downloads.md by default).
"""

from __future__ import annotations

import argparse
import http.server
import importlib.metadata
import math
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import build, commit, default_scratch, file_system, machine
from synthetic import EU_LANGUAGES, WORDS, site_config, write_library, write_nisdocs_project

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results" / "downloads.md"
KB = 1024
# Targets of issue 17.
MAX_FIRST_SEARCH = 300 * KB  # bytes, at N = 400, L = 24
MAX_GROWTH_WITH_L = 1.10  # first-search bytes at N = 100, L = 24 over L = 5
MAX_LATENCY_MS = 300.0
# The Sitemaps protocol's limits per file (sitemaps.org: 50,000 URLs, 52,428,800 bytes
# uncompressed), for sitemaps and sitemap indexes alike.
MAX_SITEMAP_URLS = 50_000
MAX_SITEMAP_BYTES = 50 * KB * KB
# Words the reader types, one per fresh page load; all are words of the synthetic text
# (synthetic.WORDS), so that every query finds pages at every size.
QUERIES = ("incident", "vulnerability", "supplier", "continuity", "encryption")
READER = "el"  # the reader's language when the site has it: not the source language
KEY_DELAY_MS = 50  # between two keys: a reader's pace (issue 17 saw 30 to 80 ms)
QUIET_SECONDS = 1.0  # no response for this long: the first search has fetched all it does
SEARCH_TIMEOUT_MS = 20_000
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# The search interface nisdocs' pages have (overrides/): the button that opens the dialog,
# its query field, the results' links and the status line that announces them.
SEARCH_OPEN = "[data-nisdocs-search-open]"
SEARCH_QUERY = "#nisdocs-search-query"
SEARCH_RESULT = "#nisdocs-search-results a"
SEARCH_WATCHED = "#nisdocs-search-results, #nisdocs-search-status"
# Installed in the page before the first key: the time of every key and of every change
# to what the results or the status line show (whether a result link was visible then),
# by the page's own clock, so that the latency owes nothing to Playwright's round trips.
# Attributes are not watched: a search may mark itself busy on each key while the
# previous results are still shown, which is no new result.
PROBE = """([watched, result]) => {
  const probe = window.nisdocsProbe = {keys: [], changes: [], first: null};
  document.addEventListener("keydown", () => probe.keys.push(performance.now()), true);
  const inside = (node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return Boolean(element && element.closest(watched));
  };
  new MutationObserver((records) => {
    if (!records.some((record) => inside(record.target))) return;
    const shown = [...document.querySelectorAll(result)].some((a) => a.checkVisibility());
    const now = performance.now();
    probe.changes.push([now, shown]);
    if (shown && probe.first === null) probe.first = now;
  }).observe(document.documentElement, {subtree: true, childList: true,
                                        characterData: true});
}"""


# -- what was fetched ---------------------------------------------------------------------


@dataclass
class Transfer:
    """One response the server sent: what it was, and the bytes of its body."""

    path: str  # the URL's path on the site
    status: int
    body: int  # body bytes as sent (encoded, where a compressed copy was sent)
    encoding: str  # its Content-Encoding ('' for none)
    time: float = 0.0  # time.perf_counter() when it was sent

    @property
    def kind(self) -> str:
        return kind_of(self.path) if self.status < 400 else f"{self.status} page"


@dataclass
class Load:
    """What one page load or one first search fetched."""

    transfers: list[Transfer] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(transfer.body for transfer in self.transfers)

    @property
    def requests(self) -> int:
        return len(self.transfers)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Kind: (files, bytes), largest first."""
        kinds: dict[str, tuple[int, int]] = {}
        for transfer in self.transfers:
            files, size = kinds.get(transfer.kind, (0, 0))
            kinds[transfer.kind] = (files + 1, size + transfer.body)
        return dict(sorted(kinds.items(), key=lambda item: -item[1][1]))


def kind_of(path: str) -> str:
    """What a fetched file is for: Pagefind's parts by the names it gives them (its
    `pagefind/` folder: index chunks, fragments and filters in folders of their own, each
    language's metadata `pagefind.LANG_HASH.pf_meta`, the engine `wasm.LANG.pagefind`),
    anything else by its type."""
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" in path or path.startswith("pagefind/"):
        for folder, kind in (("/index/", "index chunks"), ("/fragment/", "fragments"),
                             ("/filter/", "filters")):
            if folder in path:
                return kind
        if name.endswith(".pf_meta"):
            return "meta"
        if name.startswith("wasm.") or name.endswith(".wasm"):
            return "wasm"
    suffix = Path(name).suffix.lower()
    return {".js": "js", ".mjs": "js", ".css": "css", ".json": "json", ".html": "html",
            ".svg": "images", ".png": "images", ".jpg": "images", ".webp": "images",
            ".ico": "images", ".woff2": "fonts", ".woff": "fonts", ".wasm": "wasm",
            ".xml": "xml", "": "html"}.get(suffix, "other")


@dataclass
class Search:
    """One first search: a word typed on a freshly loaded page."""

    word: str
    until_shown: Load  # responses from the first key until the first result was shown
    settled: Load  # and until the network was quiet after it: all the search fetched
    latency_ms: float  # from the last key to the first results shown after it


# -- what was built -------------------------------------------------------------------------


@dataclass
class Sitemap:
    path: str  # in the site
    bytes: int  # uncompressed, as the protocol counts
    urls: int  # <url> entries, or <sitemap> entries of an index
    index: bool


@dataclass
class Row:
    """One size's measurements."""

    documents: int
    languages: int
    build_seconds: float = 0.0
    build_notes: list[str] = field(default_factory=list)  # the build's own timings
    pages: int = 0  # HTML files
    files: int = 0  # every file but PDFs, ZIPs and precompressed copies
    site_bytes: int = 0  # their bytes
    precompressed: int = 0  # .gz and .br copies
    precompressed_bytes: int = 0
    largest: tuple[str, int] = ("", 0)
    sitemaps: list[Sitemap] = field(default_factory=list)
    reader: str = ""
    home_path: str = ""
    document_path: str = ""
    home: Load = field(default_factory=Load)
    document: Load = field(default_factory=Load)
    searches: list[Search] = field(default_factory=list)
    search_note: str = ""  # why there is no search measurement, if there is none

    @property
    def first_search(self) -> Search | None:
        """The search that fetched the most, of those made (each from an empty cache)."""
        return max(self.searches, key=lambda s: s.settled.bytes) if self.searches else None

    @property
    def latency_ms(self) -> float | None:
        return statistics.median(s.latency_ms for s in self.searches) if self.searches else None


def scan_site(site: Path, row: Row) -> None:
    """Pages, files, sizes and the largest file of `site`, into `row`. PDFs and ZIPs (not
    built here) are left out; precompressed copies are counted apart, being no file a
    reader asks for by name."""
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".pdf", ".zip"):
            continue
        size = path.stat().st_size
        if path.suffix in (".gz", ".br") and path.with_suffix("").is_file():
            row.precompressed += 1
            row.precompressed_bytes += size
            continue
        row.files += 1
        row.site_bytes += size
        row.pages += path.suffix == ".html"
        if size > row.largest[1]:
            row.largest = (path.relative_to(site).as_posix(), size)


def read_sitemaps(site: Path, site_url: str) -> list[Sitemap]:
    """Every sitemap of `site`: `sitemap.xml` (a sitemap or an index of sitemaps), the
    sitemaps an index lists (their URLs under `site_url` read as files of the site) and any
    other `sitemap*.xml` file, by path."""
    found: dict[Path, Sitemap] = {}
    queue = [site / "sitemap.xml", *sorted(site.rglob("sitemap*.xml"))]
    base = urllib.parse.urlsplit(site_url).path
    while queue:
        path = queue.pop(0)
        if path in found or not path.is_file():
            continue
        root = ElementTree.parse(path).getroot()
        index = root.tag == f"{SITEMAP_NS}sitemapindex"
        entries = root.findall(f"{SITEMAP_NS}sitemap" if index else f"{SITEMAP_NS}url")
        found[path] = Sitemap(path.relative_to(site).as_posix(), path.stat().st_size,
                              len(entries), index)
        for entry in entries if index else ():
            location = urllib.parse.urlsplit(entry.findtext(f"{SITEMAP_NS}loc", "").strip())
            if location.path.startswith(base):
                queue.append(site / urllib.parse.unquote(location.path[len(base):]))
    return sorted(found.values(), key=lambda sitemap: (not sitemap.index, sitemap.path))


# -- serving like GitLab Pages ------------------------------------------------------------------


class PrecompressedHandler(http.server.BaseHTTPRequestHandler):
    """Serves a static site as GitLab Pages does: for a file `x`, `x.br` or else `x.gz`
    with its Content-Encoding when the request accepts that encoding and the file exists,
    else `x`; a folder's `index.html`; `404.html` for what is missing. Nothing is
    compressed on the fly: what the build did not precompress is sent as it is."""

    directory: Path
    log: list[Transfer]  # every response, appended once sent
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, *, body: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        target = (self.directory / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.directory):
            target = self.directory / "missing"
        if target.is_dir():
            if not path.endswith("/"):
                self._send(301, b"", {"Location": path + "/"}, body=body)
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.directory / "404.html"
            if not target.is_file():
                self._send(404, b"not found", {"Content-Type": "text/plain"}, body=body)
                return
        headers = {"Content-Type": content_type(target.name), "Vary": "Accept-Encoding"}
        accepted = {token.split(";")[0].strip().lower()
                    for token in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            copy = target.with_name(target.name + suffix)
            if encoding in accepted and copy.is_file():
                target, headers["Content-Encoding"] = copy, encoding
                break
        self._send(status, target.read_bytes(), headers, body=body)

    def _send(self, status: int, data: bytes, headers: dict[str, str], *, body: bool) -> None:
        # Logged before it is sent: a client that has read the response finds it logged.
        path = urllib.parse.urlsplit(self.path).path
        self.log.append(Transfer(path, status, len(data) if body else 0,
                                 headers.get("Content-Encoding", ""), time.perf_counter()))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def content_type(name: str) -> str:
    """The Content-Type of a file by its name, text in UTF-8 (as the site's files are)."""
    kind = {".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
            ".json": "application/json", ".xml": "application/xml",
            ".webmanifest": "application/manifest+json"}.get(Path(name).suffix)
    kind = kind or mimetypes.guess_type(name)[0] or "application/octet-stream"
    text = kind.startswith("text/") or kind.endswith(("json", "xml", "javascript"))
    return f"{kind}; charset=utf-8" if text else kind


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, list[Transfer]]]:
    """`site` served like GitLab Pages until the block ends: its base URL
    (`http://127.0.0.1:PORT/`) and the list every response is appended to once sent."""
    log: list[Transfer] = []
    handler = type("Handler", (PrecompressedHandler,), {"directory": site.resolve(),
                                                        "log": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# -- the browser ----------------------------------------------------------------------------


def find_chromium() -> str | None:
    """NISDOCS_CHROMIUM if set (as the browser tests), else the first Chromium on PATH."""
    configured = os.environ.get("NISDOCS_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


@contextmanager
def chromium(executable: str) -> Iterator[Any]:
    """Playwright's Chromium launched from `executable`, headless."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def fresh_page(browser: Any) -> Iterator[Any]:
    """A page in a new browser context: an empty cache, no service workers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    try:
        yield context.new_page()
    finally:
        context.close()


def quiet(page: Any, log: list[Transfer], since: float) -> None:
    """Wait until the server has sent nothing for QUIET_SECONDS (at most 15 s after
    `since`): what the page still fetches then comes in too."""
    while True:
        now = time.perf_counter()
        last = max([since, *(transfer.time for transfer in log[-1:])])
        if now - last >= QUIET_SECONDS or now - since > 15:
            return
        page.wait_for_timeout(100)


def page_load(browser: Any, base: str, log: list[Transfer], path: str) -> Load:
    """Everything loading `path` fetches, from an empty cache, until the network is quiet."""
    with fresh_page(browser) as page:
        first = len(log)
        page.goto(base + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        quiet(page, log, time.perf_counter())
        return Load(log[first:])


def first_search(browser: Any, base: str, log: list[Transfer], path: str,
                 word: str) -> Search | str:
    """A reader's first search on `path`, freshly loaded: "/" then `word` key by key. A
    Search, or why there is none (the page has no nisdocs search, nothing was found)."""
    with fresh_page(browser) as page:
        page.goto(base + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        quiet(page, log, time.perf_counter())
        if page.locator(SEARCH_OPEN).count() == 0:
            return f"the page has no search button ({SEARCH_OPEN})"
        page.evaluate(PROBE, [SEARCH_WATCHED, SEARCH_RESULT])
        offset = clock_offset(page)
        first = len(log)
        page.keyboard.press("/")
        try:
            page.locator(SEARCH_QUERY).wait_for(state="visible", timeout=5_000)
        except Exception:  # Playwright's TimeoutError: the key did not open the dialog
            return f'"/" opened no search field ({SEARCH_QUERY})'
        page.keyboard.type(word, delay=KEY_DELAY_MS)
        try:
            page.locator(SEARCH_RESULT).first.wait_for(state="visible",
                                                       timeout=SEARCH_TIMEOUT_MS)
        except Exception:
            return f"no result for {word!r} within {SEARCH_TIMEOUT_MS / 1000:.0f} s"
        quiet(page, log, time.perf_counter())
        probe = page.evaluate("() => window.nisdocsProbe")
        after = [when for when, visible in probe["changes"]
                 if visible and when >= probe["keys"][-1]]
        # Nothing changed after the last key: its results were those already shown.
        latency = after[0] - probe["keys"][-1] if after else 0.0
        # When the first result was shown, on the page's clock: while the word was being
        # typed (a search of its first letters) or after it. What the server had sent by
        # then is what showing it took.
        shown = probe["first"] / 1000 + offset if probe["first"] is not None else math.inf
        fetched = log[first:]
        return Search(word, Load([t for t in fetched if t.time <= shown]), Load(fetched),
                      latency)


def clock_offset(page: Any) -> float:
    """time.perf_counter() minus the page's performance.now() (in seconds), to within
    the round trip of one evaluation (a few milliseconds on one machine)."""
    before = time.perf_counter()
    now = float(page.evaluate("() => performance.now()"))
    return (before + time.perf_counter()) / 2 - now / 1000


# -- the measurement ---------------------------------------------------------------------------


def reader_language(languages: Sequence[str]) -> str:
    """The reader's language: Greek when the site has it, else the last language (a
    language other than the source's, when there are two)."""
    return READER if READER in languages else languages[-1]


def reader_pages(site: Path, sources: Path, reader: str, source: str) -> tuple[str, str]:
    """The home page and a document page in `reader`'s language, as paths on the site:
    the first document translated into it (a page in that language, not a fallback)."""
    prefix = "" if reader == source else f"{reader}/"
    translated = sorted(path.parent.name for path in sources.glob(f"*/index.{reader}.md"))
    candidates = [*translated, *sorted(path.name for path in sources.iterdir() if path.is_dir())]
    document = next((name for name in candidates
                     if (site / prefix / "library" / name / "index.html").is_file()), None)
    return f"/{prefix}", f"/{prefix}library/{document}/" if document else f"/{prefix}"


def measure(scratch: Path, documents: int, languages: Sequence[str], versions: int,
            translated: float, queries: int, executable: str) -> Row:
    row = Row(documents, len(languages))
    folder = scratch / f"n{documents}-l{len(languages)}"
    project = write_nisdocs_project(folder, languages)
    sources = write_library(project, documents=documents, versions=versions,
                            languages=languages, translated=translated)
    print(f"N={documents} L={len(languages)}:", end=" ", flush=True)
    run = build(project, pdf=False)
    row.build_seconds = run.seconds
    # What the precompression took, as the plugin logs it: brotli at its best quality is
    # most of a large build's time, which the report should show beside the bytes saved.
    row.build_notes = [line.split("nisdocs: ", 1)[1].strip()
                       for line in run.output.splitlines() if "precompressed" in line
                       and "nisdocs: " in line]
    print(f"built in {run.seconds:.1f} s;", end=" ", flush=True)
    site = project / "site"
    scan_site(site, row)
    row.sitemaps = read_sitemaps(site, site_config(languages)["site_url"])
    row.reader = reader_language(languages)
    row.home_path, row.document_path = reader_pages(site, sources, row.reader, languages[0])
    with serve(site) as (base, log), chromium(executable) as browser:
        row.home = page_load(browser, base, log, row.home_path.lstrip("/"))
        row.document = page_load(browser, base, log, row.document_path.lstrip("/"))
        for number in range(queries):
            result = first_search(browser, base, log, row.document_path.lstrip("/"),
                                  QUERIES[number % len(QUERIES)])
            if isinstance(result, str):
                row.search_note = result
                break
            row.searches.append(result)
            print(f"searched {result.word!r}: {result.settled.bytes / KB:.0f} KB, "
                  f"{result.latency_ms:.0f} ms;", end=" ", flush=True)
    print()
    shutil.rmtree(folder)
    return row


# -- the report ---------------------------------------------------------------------------


def kb(size: int) -> str:
    return f"{size / KB:,.1f}"


def summary(rows: Sequence[Row]) -> list[str]:
    lines = ["| N | L | pages | site MB | largest file | largest KB | sitemaps "
             "| largest sitemap KB | most URLs in a sitemap | home KB | document KB "
             "| first search KB | first search requests | to first result KB "
             "| last key to results ms |",
             "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        search = row.first_search
        largest_map = max(row.sitemaps, key=lambda s: s.bytes, default=None)
        most_urls = max((s.urls for s in row.sitemaps if not s.index), default=0)
        lines.append(
            f"| {row.documents} | {row.languages} | {row.pages} "
            f"| {row.site_bytes / KB / KB:,.1f} | `{row.largest[0]}` | {kb(row.largest[1])} "
            f"| {len(row.sitemaps)} | {kb(largest_map.bytes) if largest_map else '—'} "
            f"| {most_urls} | {kb(row.home.bytes)} | {kb(row.document.bytes)} "
            f"| {kb(search.settled.bytes) if search else '—'} "
            f"| {search.settled.requests if search else '—'} "
            f"| {kb(search.until_shown.bytes) if search else '—'} "
            f"| {f'{row.latency_ms:.0f}' if row.latency_ms is not None else '—'} |")
    return lines


def detail(row: Row) -> list[str]:
    """The table of one size: each download, the first search by kind of file, each
    sitemap, the site."""
    lines = [f"### N = {row.documents}, L = {row.languages}", "",
             f"Built in {row.build_seconds:.1f} s"
             + "".join(f"; {note}" for note in row.build_notes)
             + f". Reader's language: {row.reader}.", "",
             "| what | files | KB | detail |", "|---|---:|---:|---|"]

    def load(name: str, load: Load, detail: str) -> None:
        kinds = ", ".join(f"{kind} {files} ({kb(size)} KB)"
                          for kind, (files, size) in load.by_kind().items())
        said = f"{detail}: {kinds}" if detail else kinds
        lines.append(f"| {name} | {load.requests} | {kb(load.bytes)} | {said} |")

    load("home page", row.home, f"`{row.home_path}`")
    load("document page", row.document, f"`{row.document_path}`")
    search = row.first_search
    if search:
        load("first search", search.settled,
             f"{search.word!r} typed on `{row.document_path}`, until the network was quiet")
        for kind, (files, size) in search.settled.by_kind().items():
            lines.append(f"| … {kind} | {files} | {kb(size)} | |")
        load("… until the first result was shown", search.until_shown, "")
        words = ", ".join(f"{s.word!r} {kb(s.settled.bytes)} KB in {s.latency_ms:.0f} ms"
                          for s in row.searches)
        lines.append(f"| every first search | {len(row.searches)} | | {words} (last key to "
                     f"results; median {row.latency_ms:.0f} ms) |")
    else:
        lines.append(f"| first search | | | not measured: {row.search_note} |")
    for sitemap in row.sitemaps:
        what = "sitemap index" if sitemap.index else "sitemap"
        counted = "sitemaps" if sitemap.index else "URLs"
        lines.append(f"| {what} | 1 | {kb(sitemap.bytes)} | `{sitemap.path}`: "
                     f"{sitemap.urls:,} {counted} |")
    if not row.sitemaps:
        lines.append("| sitemap | 0 | | none built |")
    total = sum(sitemap.bytes for sitemap in row.sitemaps)
    lines += [f"| sitemaps, all | {len(row.sitemaps)} | {kb(total)} | |",
              f"| largest file | 1 | {kb(row.largest[1])} | `{row.largest[0]}` |",
              f"| site | {row.files:,} | {kb(row.site_bytes)} | {row.pages:,} HTML pages; "
              "PDFs and ZIPs not built |",
              f"| precompressed copies (.gz, .br) | {row.precompressed:,} "
              f"| {kb(row.precompressed_bytes)} | beside the files above |"]
    return lines


def targets(rows: Sequence[Row]) -> list[str]:
    """Issue 17's targets, each on the size it names; 'not measured' when that size was
    not run, or its search could not be."""
    def row_at(documents: int, languages: int) -> Row | None:
        return next((r for r in rows if (r.documents, r.languages) == (documents, languages)),
                    None)

    checks: list[tuple[str, str, bool | None]] = []
    wide = row_at(400, 24)
    search = wide.first_search if wide else None
    checks.append(("first search ≤ 300 KB at N=400, L=24",
                   f"{kb(search.settled.bytes)} KB ({search.settled.bytes:,} bytes)"
                   if search else "—",
                   search.settled.bytes <= MAX_FIRST_SEARCH if search else None))
    narrow, broad = row_at(100, 5), row_at(100, 24)
    searches = (narrow.first_search if narrow else None, broad.first_search if broad else None)
    if searches[0] and searches[1]:
        before, after = searches[0].settled.bytes, searches[1].settled.bytes
        checks.append(("first-search bytes do not grow with L (N=100: L=5 → L=24, ≤ +10 %)",
                       f"{kb(before)} → {kb(after)} KB", after <= before * MAX_GROWTH_WITH_L))
    else:
        checks.append(("first-search bytes do not grow with L (N=100: L=5 → L=24, ≤ +10 %)",
                       "—", None))
    latency = wide.latency_ms if wide else None
    checks.append(("first results ≤ 300 ms after the last key at N=400, L=24 (median)",
                   f"{latency:.0f} ms" if latency is not None else "—",
                   latency <= MAX_LATENCY_MS if latency is not None else None))
    sitemaps = [sitemap for row in rows for sitemap in row.sitemaps]
    if sitemaps:
        most = max(sitemaps, key=lambda sitemap: sitemap.urls)
        largest = max(sitemaps, key=lambda sitemap: sitemap.bytes)
        checks.append(("every sitemap file ≤ 50,000 URLs and ≤ 50 MB, every size",
                       f"most {most.urls:,} entries, largest {kb(largest.bytes)} KB",
                       most.urls <= MAX_SITEMAP_URLS and largest.bytes <= MAX_SITEMAP_BYTES))
    else:
        checks.append(("every sitemap file ≤ 50,000 URLs and ≤ 50 MB, every size", "—", None))
    verdicts = {True: "yes", False: "NO", None: "not measured"}
    lines = ["| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {verdicts[ok]} |" for name, value, ok in checks]
    return lines


def report(rows: Sequence[Row], versions: int, translated: float, queries: int) -> str:
    lines = ["## Per size", "", *summary(rows), "",
             f"V = {versions} versions per document, {translated:.0%} of the texts translated "
             "into each other language. KB are 1,024 bytes, MB 1,024 KB. Downloads are "
             "the bodies of the responses as the server sent them (headers not counted), "
             "from an empty cache, the site served like GitLab Pages: a file's "
             "`.br` copy when there is one (Chromium accepts Brotli), else its `.gz`, else "
             "the file. Home and document page: the page and every file its load fetches, "
             "in the reader's language. First search: on a freshly loaded document page, "
             f"\"/\" then a word typed key by key ({KEY_DELAY_MS} ms a key); every response "
             "from the first key until the network was quiet for "
             f"{QUIET_SECONDS:.0f} s after the first result was shown (the largest of "
             f"{queries} words, each on a fresh page load), and those up to the first "
             "result shown; latency: from the last key to the first results shown after it "
             "(by the page's clock), the median of those words. Site MB: every file but "
             "PDFs, ZIPs (not built) and precompressed copies. Sitemap sizes are "
             "uncompressed, as the protocol's limits count them.", ""]
    for row in rows:
        lines += [*detail(row), ""]
    lines += ["## Targets (issue 17)", "", *targets(rows)]
    return "\n".join(lines) + "\n"


def revision() -> str:
    """The commit measured, and whether the tree had changes not committed yet (a
    benchmark of work in progress says so)."""
    try:
        changed = subprocess.run(["git", "--no-optional-locks", "status", "--porcelain",
                                  "--untracked-files=no"], cwd=PROJECT, capture_output=True,
                                 text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return commit()
    return f"{commit()} with uncommitted changes" if changed else commit()


def describe(executable: str) -> str:
    """The machine and the versions measured with, Pagefind and Chromium included."""
    try:
        pagefind = importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        pagefind = "not installed"
    with chromium(executable) as browser:
        version = browser.version
    return f"{machine()}, pagefind {pagefind}; Chromium {version} (headless)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,100,200,400",
                        help="numbers of documents, in L languages (default 50,100,200,400)")
    parser.add_argument("--languages", type=int, default=5, help="L (default 5)")
    parser.add_argument("--wide", default="100:24,400:24",
                        help="N:L of the many-language sizes, comma-separated "
                             "(default 100:24,400:24); '' skips")
    parser.add_argument("--versions", type=int, default=2, help="V (default 2)")
    parser.add_argument("--translated", type=float, default=0.5,
                        help="the share of texts translated into each language (default 0.5)")
    parser.add_argument("--queries", type=int, default=len(QUERIES),
                        help=f"first searches per size, each on a fresh page load, with a "
                             f"word of its own (default {len(QUERIES)})")
    parser.add_argument("--chromium", default=find_chromium(),
                        help="the Chromium to measure with (default: NISDOCS_CHROMIUM, or "
                             "chromium on PATH)")
    parser.add_argument("--output", default=str(RESULTS), help="where to write; - for none")
    parser.add_argument("--scratch", type=Path, default=default_scratch(),
                        help="where libraries are written and built (default /dev/shm if "
                             "there is one, else the temp folder)")
    args = parser.parse_args()
    if not args.chromium:
        parser.error("no Chromium: apt-get install chromium, or --chromium PATH")
    sizes = [(int(n), args.languages) for n in args.sizes.split(",") if n]
    for wide in filter(None, args.wide.split(",")):
        n, languages = wide.split(":")
        sizes.append((int(n), int(languages)))
    if not sizes:
        parser.error("no sizes to measure")
    description = describe(args.chromium)
    print(description)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nisdocs-downloads-", dir=args.scratch) as temporary:
        scratch = f"{Path(temporary).parent} ({file_system(Path(temporary))})"
        print(f"Building in {scratch}")
        header = (f"# What readers download\n\nMeasured {time.strftime('%Y-%m-%d')} at commit "
                  f"{revision()} with "
                  f"`{' '.join(['python benchmarks/downloads.py', *sys.argv[1:]])}`.\n\n"
                  f"Machine: {description}\n\n"
                  f"Sites built in: {scratch}; served on 127.0.0.1.\n\n")
        for n, languages in sizes:
            rows.append(measure(Path(temporary), n, EU_LANGUAGES[:languages], args.versions,
                                args.translated, args.queries, args.chromium))
            text = header + report(rows, args.versions, args.translated, args.queries)
            if args.output != "-":  # after each size: a long run that fails keeps the rest
                Path(args.output).write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


assert set(QUERIES) <= set(WORDS), "every query is a word of the synthetic text"

if __name__ == "__main__":
    sys.exit(main())
