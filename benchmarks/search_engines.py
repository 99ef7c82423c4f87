"""Search engines compared on nisdocs' sites: Pagefind and lunr (issue 17).

    python benchmarks/search_engines.py            # writes results/search-engines.md
    python benchmarks/search_engines.py --sizes 40:5 --output -      # a quick look

For each size (N documents of V versions in L languages, a share translated, from
benchmarks/synthetic.py) it builds the nisdocs site without PDFs, then searches it with:

  - Pagefind (the `pagefind` package's binary), run over the built HTML: one index per
    `<html lang>`, loaded in chunks as the words typed need them;
  - lunr as material uses it (nisdocs' search until Pagefind): material's search
    plugin writes `search/search_index.json` with the pages of every language, and
    material's search worker (lunr 2.3.9 inside, lunr-languages beside it) builds the
    index in the reader's browser from it;
  - lunr with that file split by language (the docs whose location starts with a
    language's folder), the same worker and settings: what a per-language lunr would
    give;
  - and, where the commit's build writes its own Pagefind index (site/pagefind: only
    the pages nisdocs' search finds), that index too.

Where the commit no longer uses material's search, its search plugin is turned on for
these builds and its worker and lunr's language files are copied back from the
mkdocs-material package, so that lunr is measured as material ships it.

Both engines index the same pages: material's search plugin the content of every page
it renders, Pagefind the `<article>` of the same pages (`--root-selector article`; any
`data-pagefind-body` marks the templates carry are removed first, or Pagefind would
index only the marked pages). The article also holds what nisdocs' templates add around
a text (details, version history), so Pagefind indexes more words per page than lunr
(the report counts both), which weighs against Pagefind, not for it.

In headless Chromium (the system's, through Playwright), with the site served from
127.0.0.1 gzip-compressed (level 9, as a host serving precompressed files would), it
measures for each engine the bytes and requests of a first search in one language, the
time to its first results (cold: engine, index and the first results' texts loaded;
also under a throttled network) and of queries typed key by key afterwards (warm). Then
the index build time and size on disk, which of the EU's 24 languages each stems, how
each folds accents, case and letter variants (a small site with those words, searched
for real), what each needs from the Content-Security-Policy (tried under the policies),
and the engines' release dates. Every figure of the report comes from the run.

The site is built from the project's last commit (`git archive HEAD`, with the project
on the Python path), so that the figures belong to a commit and not to files being
edited; `--worktree` builds the working files instead. Scratch files go to /dev/shm
where there is one.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import itertools
import json
import mimetypes
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import downloads
import synthetic
from synthetic import EU_LANGUAGES, write_library, write_nisdocs_project

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results" / "search-engines.md"
CHROMIUM = "/usr/bin/chromium"
DEFAULT_SIZES = "100:5,100:24,400:5"

# The languages a first search is measured in: the source language, and one whose pages
# are half translated and half shown in the source language.
SEARCH_LANGUAGES = ("en", "el")
# The cold query (as if pasted) and the warm ones: words of the synthetic text typed key
# by key, each prefix a query, as a search box sends them.
COLD_QUERY = "incident"
TYPED_WORDS = ("risk", "incident", "security")
WARM_QUERIES = tuple(word[:length] for word in TYPED_WORDS for length in range(1, len(word) + 1))
FIRST_RESULTS = 5  # results whose text (Pagefind: fragment) a first screen shows
COLD_RUNS = 3
# The throttled network of the second cold measure (Chromium's network emulation).
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 10_000_000 // 8,
            "uploadThroughput": 5_000_000 // 8}
THROTTLE_TEXT = "10 Mbit/s down, 40 ms latency"
QUERY_TIMEOUT_MS = 300_000
# Files a host would send compressed; Pagefind's index files are gzip already.
COMPRESSED_TYPES = (".html", ".js", ".mjs", ".json", ".css", ".xml", ".svg", ".txt")
# What Pagefind writes that a search does not need: its ready-made interfaces.
PAGEFIND_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
               "pagefind-modular-ui.css", "pagefind-component-ui.js",
               "pagefind-component-ui.css", "pagefind-highlight.js")
# The policies the engines are tried under: nisdocs' script policy without and with the
# one addition WebAssembly needs (sent on every response, as deploy/nginx does, so that
# a worker gets it too).
POLICIES = {
    "script-src 'self'": "default-src 'self'; script-src 'self'; worker-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'":
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'",
}

# Accent, case and letter-variant folding, and stemming, tried for real: a page in each
# language with the text, and queries for it. (language, text, ((query, what it tries)))
FOLDING_CASES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("en", "Significant incidents are reported to the competent authority.",
     (("reported", "as written"), ("REPORTED", "capitals"),
      ("reporting", "another form (stemming)"), ("repo", "prefix"))),
    ("fr", "La sécurité des réseaux : les incidents notifiés à l'autorité compétente.",
     (("sécurité", "as written"), ("securite", "without accents"), ("SÉCURITÉ", "capitals"),
      ("SECURITE", "capitals without accents"), ("notifiée", "another form (stemming)"),
      ("sécu", "prefix"))),
    ("de", "Erhebliche Sicherheitsvorfälle an der Straße sind unverzüglich zu melden.",
     (("Sicherheitsvorfälle", "as written"), ("Sicherheitsvorfalle", "without umlaut"),
      ("sicherheitsvorfaelle", "umlaut as ae"), ("SICHERHEITSVORFÄLLE", "capitals"),
      ("Sicherheitsvorfällen", "another form (stemming)"), ("Straße", "as written"),
      ("strasse", "ß as ss"), ("STRASSE", "capitals, ß as SS"), ("sicherh", "prefix"))),
    ("el", "Τα σοβαρά περιστατικά ασφαλείας αναφέρονται στην αρμόδια αρχή.",
     (("περιστατικά", "as written"), ("περιστατικα", "without tonos"),
      ("ΠΕΡΙΣΤΑΤΙΚΑ", "capitals"), ("ΑΣΦΑΛΕΙΑΣ", "capitals, final sigma"),
      ("περιστατικού", "another form (stemming)"), ("περιστ", "prefix"))),
    ("ro", "Securitatea rețelelor și a sistemelor informatice este o prioritate.",
     (("rețelelor", "as written (comma below)"), ("reţelelor", "with cedilla"),
      ("retelelor", "without diacritics"), ("REȚELELOR", "capitals"), ("rețe", "prefix"))),
    ("bg", "Значителните инциденти се докладват на компетентния орган.",
     (("инциденти", "as written"), ("ИНЦИДЕНТИ", "capitals"), ("Инциденти", "capital first"),
      ("инцидентите", "another form (stemming)"), ("инц", "prefix"))),
)
# A neutral text per language for the page that makes Pagefind index each language.
_LANGUAGE_PAGE_TEXT = "Cybersecurity guidelines of the NIS Cooperation Group."

# The engines' side, loaded by a harness page per language (`<html lang>` picks
# Pagefind's index). `bench(query)` resolves with the time to the first results (the
# result list and, with Pagefind, the texts of the first ones), the count and URLs.
HARNESS_JS = r"""// The engines' side of benchmarks/search_engines.py.
const params = new URLSearchParams(location.search);
const engine = params.get("engine");
const FIRST = Number(params.get("first") || "5");
const TIMEOUT = Number(params.get("timeout") || "300000");
const timings = { fetchMs: 0, setupMs: 0 };

let pagefind = null;
async function pagefindSearch(query) {
  if (!pagefind) {
    const started = performance.now();
    pagefind = await import(`/${params.get("bundle")}/pagefind.js`);
    await pagefind.options({ baseUrl: "/" });
    await pagefind.init();
    timings.setupMs = performance.now() - started;
  }
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, FIRST).map(result => result.data()));
  return { count: search.results.length, urls: data.map(item => item.url) };
}

// material's search worker, driven as material's bundle drives it: the index fetched
// and parsed in the page, handed over in a SETUP message (0, answered by READY, 1),
// then QUERY messages (2, answered by RESULT, 3, the results grouped by page).
let worker = null;
function ask(message) {
  return new Promise((resolve, reject) => {
    worker.onmessage = event => resolve(event.data);
    worker.onerror = event => reject(new Error(`worker: ${event.message}`));
    worker.postMessage(message);
  });
}
async function lunrSearch(query) {
  if (!worker) {
    let started = performance.now();
    const response = await fetch(params.get("index"));
    if (!response.ok) throw new Error(`index: HTTP ${response.status}`);
    const index = await response.json();
    timings.fetchMs = performance.now() - started;
    worker = new Worker(params.get("worker"));
    started = performance.now();
    await ask({ type: 0, data: { config: index.config, docs: index.docs,
                                 options: { suggest: false } } });
    timings.setupMs = performance.now() - started;
  }
  const reply = await ask({ type: 2, data: query });
  const items = reply.data.items;
  return { count: items.length, urls: items.slice(0, FIRST).map(group => group[0].location) };
}

window.bench = async query => {
  const started = performance.now();
  const search = engine === "pagefind" ? pagefindSearch(query) : lunrSearch(query);
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error("timed out")), TIMEOUT));
  try {
    const result = await Promise.race([search, timeout]);
    return { ms: performance.now() - started, ...timings, ...result };
  } catch (error) {
    return { ms: performance.now() - started, error: String(error && error.message || error) };
  }
};
"""

HARNESS_HTML = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>search benchmark</title>
<script type="module" src="/__bench/bench.js"></script></head><body></body></html>
"""


# -- results -----------------------------------------------------------------------------


@dataclass
class Transfer:
    requests: int = 0
    raw: int = 0  # bytes of the files as stored (decoded)
    sent: int = 0  # bytes on the wire: gzip -9 where the server compresses, else raw
    brotli: int = 0  # brotli (quality 11) of what the server compresses, else raw
    files: list[str] = field(default_factory=list)


@dataclass
class Search:
    engine: str
    language: str
    transfer: Transfer | None = None
    session: Transfer | None = None  # the first search and the warm queries after it
    cold_ms: list[float] = field(default_factory=list)
    cold_throttled_ms: list[float] = field(default_factory=list)
    # lunr, cold, before the query itself runs: the index fetched and parsed in the page,
    # then built in the worker. (Pagefind loads its WebAssembly and index chunks inside
    # the search call, so its cold time is not split.)
    load_ms: list[float] = field(default_factory=list)
    build_ms: list[float] = field(default_factory=list)  # lunr: the index built in the worker
    warm_ms: list[float] = field(default_factory=list)
    cold_count: int = 0
    error: str = ""


@dataclass
class Size:
    documents: int
    languages: int
    pages: int = 0
    build_seconds: float = 0.0
    search_plugin_seconds: float = 0.0
    lunr_bytes: tuple[int, int, int] = (0, 0, 0)  # raw, gzip -9, brotli 11
    lunr_docs: int = 0
    words: tuple[int, int] = (0, 0)  # default language's pages: lunr's text, the articles
    split_seconds: float = 0.0
    split_files: int = 0
    split_raw: int = 0
    split_gzip: int = 0
    split_largest_gzip: tuple[str, int] = ("", 0)
    pagefind_seconds: float = 0.0
    pagefind_pages: int = 0
    pagefind_files: int = 0
    pagefind_bytes: int = 0
    pagefind_language_bytes: dict[str, int] = field(default_factory=dict)
    # The index the commit's own build writes (site/pagefind), when it writes one.
    nisdocs_pages: int = 0
    nisdocs_files: int = 0
    nisdocs_bytes: int = 0
    nisdocs_language_bytes: dict[str, int] = field(default_factory=dict)
    restored_lunr: bool = False  # material's worker and lunr files put back in the site
    stripped_body_marks: int = 0
    page_load_index: Transfer | None = None  # search index a page fetches before typing
    searches: list[Search] = field(default_factory=list)


# -- the site ------------------------------------------------------------------------------


def snapshot(scratch: Path) -> Path:
    """The project's files at HEAD (`git archive`, which changes nothing in the
    repository), for the build to read."""
    target = scratch / "project"
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", "docs", "overrides", "nisdocs",
         "mkdocs.yml"], cwd=PROJECT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head


# material's search as nisdocs last configured it (mkdocs.yml at commit bdd35a0, before
# Pagefind): words end at the punctuation of every script the site is written in, and
# static-i18n leaves the search plugin alone (one index, the default language's settings).
LAST_SEARCH_SETTINGS = {"separator": '[\\s\\-,:;!?=\\[\\]()"«»„“”·/]+|\\.(?!\\d)'}
LAST_I18N_SEARCH_SETTINGS = {"reconfigure_search": False}

# material's search plugin, timed inside the build: its events, and static-i18n's
# handling of its entries across languages.
_BUILD = r"""
import atexit, sys, time
from material.plugins.search import plugin as search
import mkdocs_static_i18n.reconfigure as i18n

spent = [0.0]
def timed(method):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started
    return wrapper

for name in ("on_config", "on_page_context", "on_post_build"):
    setattr(search.SearchPlugin, name, timed(getattr(search.SearchPlugin, name)))
for cls in vars(i18n).values():
    if isinstance(cls, type):
        for name in ("extend_search_entries", "reconfigure_search_index"):
            if name in vars(cls):
                setattr(cls, name, timed(vars(cls)[name]))
atexit.register(lambda: print(f"search-plugin-seconds {spent[0]:.3f}", file=sys.stderr))
from mkdocs.__main__ import cli
cli(["build"])
"""


def build_site(folder: Path, project: Path | None, documents: int, languages: Sequence[str],
               versions: int, translated: float) -> tuple[Path, float, float]:
    """The nisdocs site of a synthetic library, without PDFs, with material's search
    plugin on (added if the configuration lacks it). Returns the site, the build's wall
    seconds and the seconds spent in the search plugin."""
    if project is not None:
        synthetic.PROJECT = project
    target = write_nisdocs_project(folder, languages)
    write_library(target, documents=documents, versions=versions, languages=languages,
                  translated=translated)
    config_path = target / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    if "search" not in names and "material/search" not in names:
        # The commit searches otherwise: material's search as nisdocs last configured it.
        config["plugins"].insert(0, {"search": dict(LAST_SEARCH_SETTINGS)})
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "i18n" in plugin:
                plugin["i18n"].update(LAST_I18N_SEARCH_SETTINGS)
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                               encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NISDOCS_PDF": "false"}
    for name in ("NISDOCS_SITE_URL", "NISDOCS_PDF_CACHE", "NISDOCS_DRAFTS"):
        env.pop(name, None)
    if project is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project),
                                                          env.get("PYTHONPATH")]))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _BUILD], cwd=target, env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {target}:\n{result.stderr[-3000:]}")
    spent = re.search(r"search-plugin-seconds ([\d.]+)", result.stderr)
    return target / "site", seconds, float(spent.group(1)) if spent else float("nan")


_TAGS = re.compile(r"<[^>]+>")
_RAW_TEXT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def indexed_words(site: Path, docs: Sequence[dict[str, Any]],
                  languages: Sequence[str]) -> tuple[int, int]:
    """Words of the default language's pages in lunr's index (titles and texts of
    search_index.json) and in the same pages' `<article>`, which Pagefind indexes."""
    import html

    own = [doc for doc in docs if lunr_language(doc["location"], languages) == languages[0]]
    lunr_words = sum(len(_TAGS.sub(" ", f"{doc['title']} {doc['text']}").split())
                     for doc in own)
    article_words = 0
    for location in {doc["location"].split("#", 1)[0] for doc in own}:
        path = site / location / "index.html"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        start, end = text.find("<article"), text.find("</article>")
        if start >= 0 and end > start:
            article = _TAGS.sub(" ", _RAW_TEXT.sub(" ", text[start:end]))
            article_words += len(html.unescape(article).split())
    return lunr_words, article_words


def strip_body_marks(site: Path) -> int:
    """Remove `data-pagefind-body` from the pages, so that Pagefind indexes every page's
    article as lunr does (with the marks, it would index only the marked pages)."""
    count = 0
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in text:
            path.write_text(re.sub(r"\sdata-pagefind-body(?:=\"[^\"]*\")?", "", text),
                            encoding="utf-8")
            count += 1
    return count


# Where this script's Pagefind index of every page's article goes, beside the one the
# commit's own build may write (site/pagefind, which its pages' search script loads).
ARTICLES_BUNDLE = "pagefind-articles"
NISDOCS_BUNDLE = "pagefind"


def run_pagefind(site: Path, bundle: str = ARTICLES_BUNDLE) -> tuple[float, str]:
    """Pagefind over the site's articles, one index per language, into `site/bundle`;
    wall seconds and log."""
    shutil.rmtree(site / bundle, ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site),
                             "--root-selector", "article", "--output-subdir", bundle],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"pagefind failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return seconds, result.stdout + result.stderr


def pagefind_bundle(folder: Path) -> tuple[int, int, dict[str, int]]:
    """Files and bytes of what a Pagefind search may fetch (not its ready-made UIs, nor
    precompressed copies), and the bytes of each language's metadata, index chunks and
    fragments."""
    files = total = 0
    per_language: dict[str, int] = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path.name in PAGEFIND_UI or path.suffix in (".gz", ".br"):
            continue
        size = path.stat().st_size
        files += 1
        total += size
        match = re.match(r"(?:pagefind\.)?([a-z-]+)_[0-9a-f]+\.pf_", path.name)
        if match:
            per_language[match.group(1)] = per_language.get(match.group(1), 0) + size
    return files, total, per_language


def lunr_language(location: str, languages: Sequence[str]) -> str:
    """The language of a search_index.json location: its first folder when that is a
    language of the site, else the default language."""
    first = location.split("/", 1)[0]
    return first if first in languages[1:] else languages[0]


def split_lunr(site: Path, languages: Sequence[str],
               config: dict[str, Any] | None = None) -> dict[str, Path]:
    """search/search_index.<lang>.json: the docs of each language, the same config
    unless `config` replaces it."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs: dict[str, list[Any]] = {language: [] for language in languages}
    for doc in index["docs"]:
        docs[lunr_language(doc["location"], languages)].append(doc)
    paths = {}
    for language, entries in docs.items():
        path = site / "search" / f"search_index.{language}.json"
        text = json.dumps({"config": config or index["config"], "docs": entries},
                          ensure_ascii=False, separators=(",", ":"))
        path.write_text(text, encoding="utf-8")
        paths[language] = path
    return paths


def restore_lunr_files(site: Path) -> bool:
    """Put material's search worker and lunr's language files back in the site if its
    build left them out (nisdocs does, since it searches with Pagefind), as
    mkdocs-material ships them. True if they were missing."""
    target = site / "assets" / "javascripts"
    if list((target / "workers").glob("search.*.min.js")):
        return False
    for name in ("workers", "lunr"):
        shutil.copytree(_material_assets() / name, target / name, dirs_exist_ok=True)
    return True


def worker_path(site: Path) -> str:
    workers = sorted((site / "assets/javascripts/workers").glob("search.*.min.js"))
    if not workers:
        raise SystemExit("material's search worker is missing from the site")
    return "/" + workers[0].relative_to(site).as_posix()


def write_harness(site: Path, languages: Sequence[str]) -> None:
    folder = site / "__bench"
    folder.mkdir(exist_ok=True)
    (folder / "bench.js").write_text(HARNESS_JS, encoding="utf-8")
    for language in languages:
        (folder / f"{language}.html").write_text(HARNESS_HTML.format(lang=language),
                                                 encoding="utf-8")


# -- serving --------------------------------------------------------------------------


class Server:
    """The site on 127.0.0.1: text files gzip-compressed (level 9, computed once, before
    any timing), nothing cached by the browser, and an optional CSP on every response."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.csp = ""
        self._gzip: dict[Path, bytes] = {}
        self._brotli: dict[Path, int] = {}
        self.sent: list[tuple[Path, int]] = []  # each response: the file, the body's bytes
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.respond(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def path(self, url_path: str) -> Path | None:
        relative = urllib.request.url2pathname(url_path.split("?", 1)[0].split("#", 1)[0])
        path = (self.root / relative.lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not path.is_relative_to(self.root.resolve()):
            return None
        return path

    def compressed(self, path: Path) -> bytes:
        if path not in self._gzip:
            self._gzip[path] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        return self._gzip[path]

    def brotli_size(self, path: Path) -> int:
        import brotli

        if path.suffix not in COMPRESSED_TYPES:
            return path.stat().st_size
        if path not in self._brotli:
            self._brotli[path] = len(brotli.compress(path.read_bytes(), quality=11))
        return self._brotli[path]

    def precompress(self, folders: Sequence[Path]) -> None:
        for folder in folders:
            for path in folder.rglob("*"):
                if path.is_file() and path.suffix in COMPRESSED_TYPES:
                    self.compressed(path)

    def respond(self, request: http.server.BaseHTTPRequestHandler) -> None:
        path = self.path(request.path)
        if path is None:
            request.send_error(404)
            return
        kind = {".js": "text/javascript", ".mjs": "text/javascript",
                ".json": "application/json", ".wasm": "application/wasm"}.get(
            path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = path.read_bytes()
        request.send_response(200)
        if path.suffix in COMPRESSED_TYPES and "gzip" in request.headers.get(
                "Accept-Encoding", ""):
            body = self.compressed(path)
            request.send_header("Content-Encoding", "gzip")
        request.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(
            "text/") or kind == "application/json" else ""))
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Cache-Control", "no-store")
        if self.csp:
            request.send_header("Content-Security-Policy", self.csp)
        request.end_headers()
        # Logged before the body is written: the browser may act on the last byte (and
        # the script read the log) before this thread runs again.
        with self._lock:
            self.sent.append((path, len(body)))
        request.wfile.write(body)

    def transfer(self, names: Sequence[str] = ()) -> Transfer:
        """What was sent since `sent` was last cleared (only files whose name starts
        with one of `names`, if given)."""
        transfer = Transfer()
        with self._lock:
            sent = list(self.sent)
        for path, length in sent:
            relative = path.relative_to(self.root).as_posix()
            if names and not relative.startswith(tuple(names)):
                continue
            transfer.requests += 1
            transfer.raw += path.stat().st_size
            transfer.sent += length
            transfer.brotli += self.brotli_size(path)
            transfer.files.append(relative)
        return transfer


# -- the browser ------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Any]:
    """The system's Chromium (NISDOCS_CHROMIUM, else /usr/bin/chromium), as
    benchmarks/downloads.py launches it."""
    with downloads.chromium(os.environ.get("NISDOCS_CHROMIUM") or CHROMIUM) as browser:
        yield browser


class Tab:
    """A fresh browser context (nothing cached) with one page, its workers and console
    messages recorded."""

    def __init__(self, browser: Any, server: Server, *, throttle: bool = False) -> None:
        self.server = server
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.workers: list[str] = []
        self.console: list[str] = []
        self.page.on("worker", lambda worker: self.workers.append(worker.url))
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.console.append(str(error)))
        if throttle:
            session = self.context.new_cdp_session(self.page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", THROTTLE)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")
        self.server.sent.clear()

    def search(self, query: str) -> dict[str, Any]:
        result: dict[str, Any] = self.page.evaluate("query => window.bench(query)", query)
        return result

    def close(self) -> None:
        self.context.close()


def harness_url(server: Server, language: str, engine: str, index: str = "",
                worker: str = "", *, bundle: str = ARTICLES_BUNDLE) -> str:
    query = (f"engine={engine}&first={FIRST_RESULTS}&timeout={QUERY_TIMEOUT_MS}"
             f"&bundle={bundle}")
    if index:
        query += f"&index={index}&worker={worker}"
    return f"{server.url}/__bench/{language}.html?{query}"


def measure_search(browser: Any, server: Server, search: Search, url: str) -> None:
    """Cold runs (each in a fresh context, bytes recorded on the first), cold runs under
    the throttled network, then the warm queries after the first cold one."""
    for run in range(COLD_RUNS):
        tab = Tab(browser, server)
        try:
            tab.open(url)
            result = tab.search(COLD_QUERY)
            if "error" in result:
                search.error = result["error"]
                return
            search.cold_ms.append(result["ms"])
            if search.engine.startswith("lunr"):
                search.load_ms.append(result["fetchMs"] + result["setupMs"])
                search.build_ms.append(result["setupMs"])
            if run == 0:
                search.transfer = server.transfer()
                search.cold_count = result["count"]
                for query in WARM_QUERIES:
                    warm = tab.search(query)
                    if "error" in warm:
                        search.error = f"{query}: {warm['error']}"
                        return
                    search.warm_ms.append(warm["ms"])
                search.session = server.transfer()
        finally:
            tab.close()
    for _ in range(COLD_RUNS):
        tab = Tab(browser, server, throttle=True)
        try:
            tab.open(url)
            result = tab.search(COLD_QUERY)
            if "error" not in result:
                search.cold_throttled_ms.append(result["ms"])
        finally:
            tab.close()


def page_load_index(browser: Any, server: Server) -> Transfer:
    """The search index the home page fetches before anything is typed."""
    tab = Tab(browser, server)
    try:
        server.sent.clear()
        tab.page.goto(server.url + "/", wait_until="load")
        tab.page.wait_for_timeout(3000)
        return server.transfer(("search/", "pagefind"))
    finally:
        tab.close()


# -- one size -----------------------------------------------------------------------------


def measure_size(browser: Any, scratch: Path, project: Path | None, documents: int,
                 languages: Sequence[str], versions: int, translated: float) -> tuple[Size, Any]:
    size = Size(documents, len(languages))
    folder = scratch / f"n{documents}-l{len(languages)}"
    print(f"N={documents} L={len(languages)}: building", end="", flush=True)
    site, size.build_seconds, size.search_plugin_seconds = build_site(
        folder, project, documents, languages, versions, translated)
    size.pages = sum(1 for _ in site.rglob("*.html"))
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    size.lunr_docs = len(index["docs"])
    size.words = indexed_words(site, index["docs"], languages)
    config = index["config"]
    print(f" {size.build_seconds:.0f} s; pagefind", end="", flush=True)
    size.stripped_body_marks = strip_body_marks(site)
    size.pagefind_seconds, log = run_pagefind(site)
    pages = re.search(r"Indexed (\d+) pages", log)
    size.pagefind_pages = int(pages.group(1)) if pages else 0
    size.pagefind_files, size.pagefind_bytes, size.pagefind_language_bytes = \
        pagefind_bundle(site / ARTICLES_BUNDLE)
    nisdocs_entry = site / NISDOCS_BUNDLE / "pagefind-entry.json"
    if nisdocs_entry.is_file():  # the commit's build indexes the site itself
        entry = json.loads(nisdocs_entry.read_text(encoding="utf-8"))
        size.nisdocs_pages = sum(int(index["page_count"])
                                 for index in entry["languages"].values())
        size.nisdocs_files, size.nisdocs_bytes, size.nisdocs_language_bytes = \
            pagefind_bundle(site / NISDOCS_BUNDLE)
    size.restored_lunr = restore_lunr_files(site)
    started = time.perf_counter()
    split = split_lunr(site, languages)
    size.split_seconds = time.perf_counter() - started
    worker = worker_path(site)
    write_harness(site, languages)
    with Server(site) as server:
        print(f" {size.pagefind_seconds:.1f} s; compressing", end="", flush=True)
        server.precompress([site / ARTICLES_BUNDLE, site / NISDOCS_BUNDLE, site / "search",
                            site / "__bench", site / "assets" / "javascripts"])
        raw = index_path.stat().st_size
        size.lunr_bytes = (raw, len(server.compressed(index_path)),
                           server.brotli_size(index_path))
        size.split_files = len(split)
        size.split_raw = sum(path.stat().st_size for path in split.values())
        gzipped = {language: len(server.compressed(path)) for language, path in split.items()}
        size.split_gzip = sum(gzipped.values())
        largest = max(gzipped, key=lambda language: gzipped[language])
        size.split_largest_gzip = (largest, gzipped[largest])
        size.page_load_index = page_load_index(browser, server)
        for language in SEARCH_LANGUAGES:
            if language not in languages:
                continue
            runs = [("pagefind", harness_url(server, language, "pagefind",
                                             bundle=ARTICLES_BUNDLE))]
            if size.nisdocs_files:
                runs.append(("pagefind, nisdocs' index", harness_url(
                    server, language, "pagefind", bundle=NISDOCS_BUNDLE)))
            runs.append(("lunr, per language", harness_url(
                server, language, "lunr", f"/search/search_index.{language}.json", worker)))
            if language == SEARCH_LANGUAGES[0]:  # the same file for every language
                runs.append(("lunr, one index", harness_url(
                    server, language, "lunr", "/search/search_index.json", worker)))
            for engine, url in runs:
                print(f"; {engine} ({language})", end="", flush=True)
                search = Search(engine, language)
                measure_search(browser, server, search, url)
                size.searches.append(search)
    print()
    shutil.rmtree(folder)
    return size, config


# -- languages, folding and policies ---------------------------------------------------


@dataclass
class LanguageReport:
    pagefind_stemmed: dict[str, bool]
    pagefind_notes: list[str]
    lunr_stemmers: dict[str, str]  # language: lunr-languages file material ships, or ""
    npm_lunr_languages: list[str] | None
    folding: list[tuple[str, str, str, dict[str, str]]]  # lang, query, tries, engine: hit
    policies: list[tuple[str, str, str, str]]  # engine, policy, outcome, detail
    workers: dict[str, str]


def _material_assets() -> Path:
    import material

    return Path(material.__file__).parent / "templates" / "assets" / "javascripts"


def language_site(root: Path) -> Path:
    """A small site: a page in each of the 24 languages, a page per folding case, and
    material's search worker and lunr-languages files beside them."""
    site = root / "site"
    for language in EU_LANGUAGES:
        prefix = "" if language == "en" else f"{language}/"
        _write_page(site / prefix / "index.html", language, "NIS", _LANGUAGE_PAGE_TEXT)
    for language, text, _ in FOLDING_CASES:
        prefix = "" if language == "en" else f"{language}/"
        _write_page(site / prefix / "case" / "index.html", language, "Case", text)
    shutil.copytree(_material_assets(), site / "assets" / "javascripts")
    return site


def _write_page(path: Path, language: str, title: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8">'
                    f"<title>{title}</title></head><body><article><h1>{title}</h1>"
                    f"<p>{text}</p></article></body></html>\n", encoding="utf-8")


def lunr_docs(site: Path) -> list[dict[str, str]]:
    """The pages as material's search plugin writes them: location, title, text."""
    docs = []
    for path in sorted(site.rglob("index.html")):
        if "assets" in path.parts:
            continue
        html = path.read_text(encoding="utf-8")
        location = path.parent.relative_to(site).as_posix()
        location = "" if location == "." else location + "/"
        title = re.search(r"<h1>(.*?)</h1>", html)
        text = re.search(r"<p>(.*?)</p>", html)
        docs.append({"location": location, "title": title.group(1) if title else "",
                     "text": f"<p>{text.group(1)}</p>" if text else ""})
    return docs


def measure_languages(browser: Any, scratch: Path, config: dict[str, Any]) -> LanguageReport:
    root = scratch / "languages"
    site = language_site(root)
    docs = lunr_docs(site)
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(
        json.dumps({"config": config, "docs": docs}, ensure_ascii=False), encoding="utf-8")
    shipped = {path.name.split(".")[1] for path in
               (site / "assets/javascripts/lunr/min").glob("lunr.*.min.js")}
    stemmers = {language: (language if language == "en" or language in shipped else "")
                for language in EU_LANGUAGES}
    # lunr per language with its lunr-languages stemmer, where there is one: the
    # language's whole pipeline (trimmer, stop words, stemmer); else material's settings.
    for language in EU_LANGUAGES:
        entries = [doc for doc in docs
                   if lunr_language(doc["location"], EU_LANGUAGES) == language]
        own = dict(config)
        if stemmers[language]:
            own.update(lang=[language], pipeline=["trimmer", "stopWordFilter", "stemmer"])
        (site / "search" / f"search_index.{language}.json").write_text(
            json.dumps({"config": own, "docs": entries}, ensure_ascii=False), encoding="utf-8")
    _, log = run_pagefind(site)
    entry = json.loads((site / ARTICLES_BUNDLE / "pagefind-entry.json").read_text(
        encoding="utf-8"))
    stemmed = {language: bool(entry["languages"].get(language, {}).get("wasm"))
               for language in EU_LANGUAGES}
    notes = sorted(set(re.findall(r"doesn't support stemming for the language (\S+?)\.?\s",
                                  log)))
    write_harness(site, EU_LANGUAGES)
    worker = worker_path(site)
    folding = []
    workers: dict[str, str] = {}
    with Server(site) as server:
        engines: dict[str, Callable[[str], str]] = {
            "Pagefind": lambda language: harness_url(server, language, "pagefind"),
            "lunr as material's search": lambda language: harness_url(
                server, language, "lunr", "/search/search_index.json", worker),
            "lunr per language, stemmer on": lambda language: harness_url(
                server, language, "lunr", f"/search/search_index.{language}.json", worker),
        }
        for language, _, queries in FOLDING_CASES:
            expected = {"/" + ("" if language == "en" else f"{language}/") + "case/",
                        ("" if language == "en" else f"{language}/") + "case/"}
            hits: dict[str, dict[str, str]] = {query: {} for query, _ in queries}
            for engine, url_of in engines.items():
                tab = Tab(browser, server)
                try:
                    tab.open(url_of(language))
                    for query, _ in queries:
                        result = tab.search(query)
                        hits[query][engine] = ("error: " + result["error"] if "error" in result
                                               else "found" if expected & set(result["urls"])
                                               else "not found")
                    if tab.workers:
                        workers[engine] = ", ".join(sorted({w.split(server.url, 1)[-1]
                                                            for w in tab.workers}))
                finally:
                    tab.close()
            folding += [(language, query, tries, hits[query]) for query, tries in queries]
        policies = []
        for name, policy in POLICIES.items():
            server.csp = policy
            for engine, url_of in (("Pagefind", engines["Pagefind"]),
                                   ("lunr (material's worker)",
                                    engines["lunr as material's search"])):
                tab = Tab(browser, server)
                try:
                    tab.open(url_of("fr"))
                    result = tab.search("sécurité")
                    found = "error" not in result and result["count"] > 0
                    detail = result.get("error", "") or "; ".join(
                        message for message in tab.console if "Content Security" in message
                        or "WebAssembly" in message or "wasm" in message.lower())
                    policies.append((engine, name, "works" if found else "fails",
                                     _shorten(detail)))
                finally:
                    tab.close()
        server.csp = ""
    return LanguageReport(stemmed, notes, stemmers, npm_lunr_languages(), folding, policies,
                          workers)


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).replace("|", "/")
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- maintenance ----------------------------------------------------------------------------


def npm(*args: str) -> str:
    try:
        result = subprocess.run(["npm", *args], capture_output=True, text=True, timeout=120,
                                cwd=tempfile.gettempdir())
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def npm_release(package: str) -> tuple[str, str, str]:
    """The latest version on npm's registry, the date the registry gives for it, and a
    note when the registry's dates are not in the order of the versions (a mirror's
    copying dates rather than release dates)."""
    version = npm("view", package, "version")
    text = npm("view", package, "time", "--json")
    try:
        times: dict[str, str] = json.loads(text) if text else {}
    except json.JSONDecodeError:
        times = {}
    return version or "?", times.get(version, "")[:10] or "?", _date_order(times)


def _date_order(times: dict[str, str]) -> str:
    released = sorted(((_version_key(v), when, v) for v, when in times.items()
                       if re.fullmatch(r"\d+\.\d+\.\d+", v)))
    later = [(a, b) for a, b in itertools.pairwise(released) if a[1] > b[1]]
    if not later:
        return "the registry's dates follow the versions"
    (_, when_a, a), (_, when_b, b) = later[0]
    return (f"not a release date: this registry's dates do not follow the versions "
            f"({a}: {when_a[:10]}, {b}: {when_b[:10]})")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def npm_lunr_languages() -> list[str] | None:
    """The languages of lunr-languages' latest release, from its package on npm (packed
    into a temporary folder, not installed)."""
    with tempfile.TemporaryDirectory() as folder:
        name = npm("pack", "lunr-languages", "--pack-destination", folder)
        packed = Path(folder) / name.splitlines()[-1] if name else None
        if packed is None or not packed.is_file():
            return None
        with tarfile.open(packed) as tar:
            found = {match.group(1) for member in tar.getnames()
                     if (match := re.fullmatch(r"package/lunr\.([a-z]+)\.js", member))}
    return sorted(found - {"multi"})


def pypi_release(package: str) -> tuple[str, str, str]:
    """The latest version on PyPI, its upload date, and whether PyPI's dates follow the
    versions."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{package}/json",
                                    timeout=30) as response:
            data = json.load(response)
    except (OSError, ValueError):
        return "?", "?", "PyPI not reachable"
    version = data["info"]["version"]
    times = {name: str(files[0].get("upload_time", ""))
             for name, files in data["releases"].items() if files}
    return version, times.get(version, "?")[:10], _date_order(times)


def lunr_in_worker() -> str:
    """The header of the lunr that material's search worker bundles (from its source map)."""
    maps = sorted((_material_assets() / "workers").glob("search.*.min.js.map"))
    if not maps:
        return "?"
    sources = json.loads(maps[0].read_text(encoding="utf-8"))
    for name, text in zip(sources["sources"], sources.get("sourcesContent", []), strict=False):
        if name.endswith("lunr/lunr.js") and text:
            version = re.search(r"not as bright - ([\d.]+)", text)
            year = re.search(r"Copyright \(C\) (\d{4})", text)
            return (f"{version.group(1) if version else '?'} "
                    f"(© {year.group(1) if year else '?'})")
    return "?"


def maintenance() -> list[tuple[str, str, str, str]]:
    import material

    rows = [("lunr in material's search worker", lunr_in_worker(), "-",
             f"bundled by mkdocs-material {material.__version__}")]
    version, when, note = npm_release("lunr")
    rows.append(("lunr, latest on npm", version, when, note))
    version, when, note = npm_release("lunr-languages")
    rows.append(("lunr-languages, latest on npm", version, when, note))
    installed = subprocess.run([sys.executable, "-m", "pagefind", "--version"],
                               capture_output=True, text=True).stdout.strip()
    version, when, note = pypi_release("pagefind")
    rows.append(("Pagefind, latest on PyPI", version, when, f"installed: {installed}; {note}"))
    version, when, note = npm_release("pagefind")
    rows.append(("Pagefind, latest on npm", version, when, note))
    return rows


# -- the report ---------------------------------------------------------------------------


def kb(value: float) -> str:
    return f"{value / 1024:,.0f}" if value >= 10 * 1024 else f"{value / 1024:,.1f}"


def mb(value: float) -> str:
    return f"{value / 1024 / 1024:,.1f}"


def ms(values: Sequence[float]) -> str:
    return f"{statistics.median(values):,.0f}" if values else "-"


def quantile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        ram = f"{int(memory) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {ram} RAM, {platform.system()}"


def versions(browser_version: str) -> str:
    from importlib.metadata import version

    import material
    import mkdocs

    pagefind = subprocess.run([sys.executable, "-m", "pagefind", "--version"],
                              capture_output=True, text=True).stdout.strip()
    return (f"Python {platform.python_version()}, mkdocs {mkdocs.__version__}, mkdocs-material "
            f"{material.__version__} (lunr {lunr_in_worker()} in its search worker), "
            f"{pagefind} (PyPI `pagefind` {version('pagefind')}), Chromium {browser_version}, "
            f"Playwright {version('playwright')}")


def first(size: Size, engine: str, language: str) -> Search | None:
    return next((s for s in size.searches if s.engine == engine and s.language == language),
                None)


def report(sizes: Sequence[Size], languages: LanguageReport | None,
           releases: Sequence[tuple[str, str, str, str]], args: argparse.Namespace) -> str:
    out: list[str] = []
    out += ["## First search: what a reader downloads", "",
            f"A fresh browser (nothing cached) opens a page in the language and searches "
            f"`{COLD_QUERY}`: every file fetched from then until the first results are shown "
            f"(Pagefind: the result list and the texts of the first {FIRST_RESULTS}). "
            "Sent: as the server sent it, gzip -9 for JS and JSON, Pagefind's index files as "
            "they are (gzip already); brotli: quality 11 of the same text files. "
            "lunr's single index is the same file in every language, measured once. The "
            "last column adds what the warm queries below fetched after it (Pagefind "
            "loads the index chunks of each new prefix).", "",
            "| N | L | engine | language | requests | raw KB | sent KB (gzip) | brotli KB "
            f"| files | sent KB after the {len(WARM_QUERIES)} typed queries too |",
            "|---:|---:|---|---|---:|---:|---:|---:|---|---:|"]
    for size in sizes:
        for search in size.searches:
            t = search.transfer
            if t is None:
                out.append(f"| {size.documents} | {size.languages} | {search.engine} "
                           f"| {search.language} | failed: {_shorten(search.error)} ||||||")
                continue
            out.append(f"| {size.documents} | {size.languages} | {search.engine} "
                       f"| {search.language} | {t.requests} | {kb(t.raw)} | {kb(t.sent)} "
                       f"| {kb(t.brotli)} | {_files(t.files)} "
                       f"| {kb(search.session.sent) if search.session else '-'} |")
    out += ["", "### How it grows with L", "",
            "The first search's sent bytes at the same N, in L = the smallest and the largest "
            "number of languages measured:", "",
            "| N | engine | language | L | sent KB | L | sent KB | ratio |",
            "|---:|---|---|---:|---:|---:|---:|---:|"]
    for documents in sorted({s.documents for s in sizes}):
        same = sorted((s for s in sizes if s.documents == documents), key=lambda s: s.languages)
        if len(same) < 2:
            continue
        low, high = same[0], same[-1]
        for search in low.searches:
            other = first(high, search.engine, search.language)
            if search.transfer and other and other.transfer:
                out.append(f"| {documents} | {search.engine} | {search.language} "
                           f"| {low.languages} | {kb(search.transfer.sent)} | {high.languages} "
                           f"| {kb(other.transfer.sent)} "
                           f"| {other.transfer.sent / search.transfer.sent:.2f} |")
    out += ["", "What the home page of the commit's site fetches for search when it loads, "
            "before anything is typed (3 s after the load event):", "",
            "| N | L | requests | sent KB (gzip) | files |", "|---:|---:|---:|---:|---|"]
    for size in sizes:
        t = size.page_load_index
        if t is not None:
            out.append(f"| {size.documents} | {size.languages} | {t.requests} | {kb(t.sent)} "
                       f"| {_files(t.files) or 'none'} |")
    out += ["", "## Query latency in Chromium", "",
            f"Cold: from the query in a freshly loaded page (engine and index not loaded yet) "
            f"to its first results, the median of {COLD_RUNS} fresh browser contexts, on "
            f"127.0.0.1 and under Chromium's network emulation ({THROTTLE_TEXT}). lunr "
            "loading is the part of its cold time before the query runs: the index fetched "
            "and parsed in the page and built in the worker (the build shown apart); "
            "Pagefind loads its WebAssembly and index chunks within the search itself. "
            f"Warm: the {len(WARM_QUERIES)} queries a reader sends "
            f"typing {', '.join(f'`{w}`' for w in TYPED_WORDS)} key by key after the cold "
            "one ("
            + ", ".join(f"`{q}`" for q in WARM_QUERIES) + "), each to its first results.",
            "", "| N | L | engine | language | cold ms | cold ms, throttled | lunr loading ms "
            "| lunr index build ms | warm median ms | warm p90 ms | warm max ms "
            f"| pages found for `{COLD_QUERY}` |",
            "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        for search in size.searches:
            warm = search.warm_ms
            out.append(
                f"| {size.documents} | {size.languages} | {search.engine} | {search.language} "
                f"| {ms(search.cold_ms)} | {ms(search.cold_throttled_ms)} "
                f"| {ms(search.load_ms)} | {ms(search.build_ms)} | {ms(warm)} "
                f"| {quantile(warm, 0.9):,.0f} | {max(warm):,.0f} | {search.cold_count} |"
                if warm else
                f"| {size.documents} | {size.languages} | {search.engine} | {search.language} "
                f"| failed: {_shorten(search.error)} ||||||||")
    out += ["", "## Index build and size on disk", "",
            "Build: the nisdocs site without PDFs (`mkdocs build`, wall seconds, all that "
            "the commit's build does: at commits whose build indexes the site with Pagefind "
            "and precompresses it, those too); material's "
            "search plugin's share of it, timed inside the build (its events and "
            "static-i18n's handling of its entries); Pagefind's run over the built site "
            "(wall, the `pagefind` command); the split of search_index.json by language "
            "(Python, in this script). Words: those of the default language's pages in "
            "lunr's index (titles and texts) and in the same pages' `<article>`, which "
            "Pagefind indexes (with what nisdocs' templates add around the text). "
            "Pagefind's files count what a search may fetch, not its ready-made "
            "interfaces.", "",
            "| N | L | HTML pages | build s | search plugin s | lunr docs "
            f"| words in {SEARCH_LANGUAGES[0]}: lunr | articles | search_index.json "
            "MB | gzip MB | brotli MB | split s | split files | split gzip MB, all "
            "| largest language gzip MB | Pagefind s | Pagefind pages | Pagefind files "
            "| Pagefind MB | largest language MB |",
            "|" + "---:|" * 20]
    for size in sizes:
        raw, gz, br = size.lunr_bytes
        largest = max(size.pagefind_language_bytes.items(), key=lambda item: item[1],
                      default=("", 0))
        out.append(
            f"| {size.documents} | {size.languages} | {size.pages} | {size.build_seconds:.1f} "
            f"| {size.search_plugin_seconds:.1f} | {size.lunr_docs} | {size.words[0]:,} "
            f"| {size.words[1]:,} | {mb(raw)} | {mb(gz)} "
            f"| {mb(br)} | {size.split_seconds:.1f} | {size.split_files} "
            f"| {mb(size.split_gzip)} | {mb(size.split_largest_gzip[1])} "
            f"({size.split_largest_gzip[0]}) | {size.pagefind_seconds:.1f} "
            f"| {size.pagefind_pages} | {size.pagefind_files} | {mb(size.pagefind_bytes)} "
            f"| {mb(largest[1])} ({largest[0]}) |")
    if any(size.nisdocs_files for size in sizes):
        out += ["", "The index the commit's own build writes (`pagefind/`, what its pages' "
                "search loads: only the pages nisdocs' search finds, with its exclusions; "
                "\"pagefind, nisdocs' index\" above):", "",
                "| N | L | pages indexed | files | MB | largest language MB |",
                "|---:|---:|---:|---:|---:|---:|"]
        for size in sizes:
            if size.nisdocs_files:
                largest = max(size.nisdocs_language_bytes.items(), key=lambda item: item[1],
                              default=("", 0))
                out.append(f"| {size.documents} | {size.languages} | {size.nisdocs_pages} "
                           f"| {size.nisdocs_files} | {mb(size.nisdocs_bytes)} "
                           f"| {mb(largest[1])} ({largest[0]}) |")
    if any(size.restored_lunr for size in sizes):
        out += ["", "The commit's build leaves material's search worker and lunr's language "
                "files out of the site; they were copied back from the mkdocs-material "
                "package, as material ships them, and its search plugin was turned on for "
                "these builds, to measure lunr as material uses it."]
    marks = sum(size.stripped_body_marks for size in sizes)
    if marks:
        out += ["", f"The built pages carried `data-pagefind-body` on {marks} pages in all; "
                "it was removed before this script's Pagefind run, so that both engines "
                "index every page."]
    if languages is not None:
        out += language_sections(languages)
    out += ["", "## Maintenance", "", "| what | version | released | note |",
            "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in releases]
    out += ["", "## Conclusion", ""]
    out += conclusion(sizes, languages)
    return "\n".join(out) + "\n"


def _files(files: Sequence[str]) -> str:
    """The files fetched, grouped: Pagefind's chunks and fragments counted."""
    groups: dict[str, int] = {}
    for name in files:
        if re.match(r"pagefind[^/]*/index/", name):
            key = "index chunk"
        elif re.match(r"pagefind[^/]*/fragment/", name):
            key = "fragment"
        else:
            key = name.rsplit("/", 1)[-1]
        groups[key] = groups.get(key, 0) + 1
    return ", ".join(f"{key} × {count}" if count > 1 else key for key, count in groups.items())


def language_sections(report: LanguageReport) -> list[str]:
    out = ["", "## Languages", "", "### Stemming in the EU's 24 official languages", "",
           "Pagefind: the languages its index has a stemmer for (a language's entry in "
           "`pagefind-entry.json` names a stemming WebAssembly module; for the others "
           "Pagefind prints \"doesn't support stemming\"), from a run over a page in each "
           "language. lunr: whether lunr-languages, as material ships it, has a stemmer "
           "for the language (lunr has English itself); material's search as configured "
           "(`pipeline` from its English strings, `stopWordFilter` only) removes "
           "the stemmer from the pipeline, so it stems none.", "",
           "| language | Pagefind | lunr-languages in material | lunr-languages, latest on npm "
           "| material's search as configured |", "|---|---|---|---|---|"]
    npm_languages = set(report.npm_lunr_languages or [])
    for language in EU_LANGUAGES:
        on_npm = ("?" if report.npm_lunr_languages is None
                  else "yes" if language == "en" or language in npm_languages else "no")
        out.append(f"| {language} | {'yes' if report.pagefind_stemmed[language] else 'no'} "
                   f"| {'yes' if report.lunr_stemmers[language] else 'no'} | {on_npm} | no |")
    counts = (sum(report.pagefind_stemmed.values()),
              sum(1 for v in report.lunr_stemmers.values() if v),
              "?" if report.npm_lunr_languages is None else
              sum(1 for language in EU_LANGUAGES
                  if language == "en" or language in npm_languages))
    out.append(f"| **of 24** | **{counts[0]}** | **{counts[1]}** | **{counts[2]}** | **0** |")
    out += ["", f"Pagefind's notes: {', '.join(report.pagefind_notes) or 'none'} "
            "(\"doesn't support stemming for the language …\")."]
    engines = list(report.folding[0][3]) if report.folding else []
    out += ["", "### Accents, case, letter variants and word forms, searched for real", "",
            "A page in each language with the text below, indexed by each engine; \"found\" "
            "when the page is among the results. lunr as material's search: one index of "
            "every language with the settings of the sites above. lunr per language, "
            "stemmer on: that language's docs alone with lunr-languages' full pipeline for "
            "it (trimmer, stop words, stemmer) where material ships one, else material's "
            "settings, queried through material's worker like the others. That worker "
            "appends `*` to every term typed (prefix search), and lunr does not run "
            "wildcard terms through its pipeline, so they are not stemmed while the indexed "
            "words are: a word typed in full then misses its own page, which is why "
            "material leaves the stemmer out by default.", ""]
    for language, text, _ in FOLDING_CASES:
        out.append(f"- {language}: {text}")
    out += ["", "| language | query | tries | " + " | ".join(engines) + " |",
            "|---|---|---|" + "---|" * len(engines)]
    for language, query, tries, hits in report.folding:
        out.append(f"| {language} | {query} | {tries} | "
                   + " | ".join(hits.get(engine, "-") for engine in engines) + " |")
    totals = {engine: sum(1 for *_, hits in report.folding if hits.get(engine) == "found")
              for engine in engines}
    out.append(f"| **found** | | **of {len(report.folding)}** | "
               + " | ".join(f"**{totals[engine]}**" for engine in engines) + " |")
    out += ["", "## Content-Security-Policy and accessibility", "",
            "The same query (`sécurité` on the French page) under each policy, sent with "
            "every response (the page, its scripts and the worker's script) as nisdocs' "
            "nginx configuration does:", "",
            "| engine | policy | search | what the browser reported |", "|---|---|---|---|"]
    out += [f"| {engine} | `{policy}` | {outcome} | {detail or '-'} |"
            for engine, policy, outcome, detail in report.policies]
    out += ["", "Workers the engines started: "
            + "; ".join(f"{engine}: `{url}`" for engine, url in sorted(report.workers.items()))
            + ". Neither engine needs `'unsafe-eval'` or `'unsafe-inline'`.", "",
            "Accessibility is not the engine's: neither renders anything here. nisdocs "
            "draws the search box and the results itself (as material's own interface "
            "does for lunr), so keyboard use, focus and what screen readers announce "
            "are the interface's, the same whichever engine answers; Pagefind's ready-made "
            "interfaces are not used."]
    return out


def _figure(search: Search, measure: str) -> float | None:
    if measure == "sent":
        return search.transfer.sent / 1024 if search.transfer else None
    values = {"cold": search.cold_ms, "throttled": search.cold_throttled_ms,
              "warm": search.warm_ms}[measure]
    return statistics.median(values) if values else None


ENGINES = ("pagefind", "lunr, one index", "lunr, per language", "pagefind, nisdocs' index")


def conclusion(sizes: Sequence[Size], languages: LanguageReport | None) -> list[str]:
    """Each measure's best engine, from the figures above, then the verdict."""
    # measure, engine: value, whether lower wins, decimals shown
    rows: list[tuple[str, dict[str, float], bool, int]] = []
    largest = max(sizes, key=lambda size: size.documents * size.languages)
    where = f"N = {largest.documents}, L = {largest.languages}"
    language = SEARCH_LANGUAGES[0]
    for label, measure in (("first search, sent KB", "sent"), ("cold first results, ms", "cold"),
                           ("cold, throttled, ms", "throttled"), ("warm median, ms", "warm")):
        values = {}
        for engine in ENGINES:
            search = first(largest, engine, language)
            measured = _figure(search, measure) if search else None
            if measured is not None:
                values[engine] = measured
        rows.append((f"{label} at {where} ({language})", values, True, 0))
    pairs = [(low, high) for low in sizes for high in sizes
             if low.documents == high.documents and low.languages < high.languages]
    if pairs:
        low, high = max(pairs, key=lambda pair: (pair[0].documents, pair[1].languages))
        growth = {}
        for engine in ENGINES:
            a, b = first(low, engine, language), first(high, engine, language)
            if a and b and a.transfer and b.transfer:
                growth[engine] = b.transfer.sent / a.transfer.sent
        rows.append((f"growth of the first search from L = {low.languages} to "
                     f"{high.languages} at N = {low.documents} (×)", growth, True, 2))
    same_l = [(low, high) for low in sizes for high in sizes
              if low.languages == high.languages and low.documents < high.documents]
    if same_l:
        low, high = max(same_l, key=lambda pair: (pair[1].documents, pair[0].languages))
        growth = {}
        for engine in ENGINES:
            a, b = first(low, engine, language), first(high, engine, language)
            if a and b and a.transfer and b.transfer:
                growth[engine] = b.transfer.sent / a.transfer.sent
        rows.append((f"growth of the first search from N = {low.documents} to "
                     f"{high.documents} at L = {low.languages} (×)", growth, True, 2))
    if languages is not None:
        found = {"pagefind": sum(1 for *_, hits in languages.folding
                                 if hits.get("Pagefind") == "found"),
                 "lunr, one index": sum(1 for *_, hits in languages.folding
                                        if hits.get("lunr as material's search") == "found")}
        rows.append((f"accent, case, variant and word-form queries found, of "
                     f"{len(languages.folding)}", {k: float(v) for k, v in found.items()},
                     False, 0))
        rows.append(("official languages stemmed, of 24",
                     {"pagefind": float(sum(languages.pagefind_stemmed.values())),
                      "lunr, one index": 0.0}, False, 0))
        strict = next(iter(POLICIES))
        works = {("pagefind" if engine == "Pagefind" else "lunr, one index"):
                 float(outcome == "works") for engine, policy, outcome, _ in languages.policies
                 if policy == strict}
        rows.append((f"works under `{strict}` (1 yes, 0 no)", works, False, 0))
    engines = [engine for engine in ENGINES if any(engine in row[1] for row in rows)]
    out = ["| measure | " + " | ".join(engines) + " | best |",
           "|---|" + "---:|" * len(engines) + "---|"]
    wins = {"Pagefind": 0, "lunr": 0}  # measures on which an engine's best layout leads
    for label, values, lower, decimals in rows:
        if not values:
            continue
        # Compared as shown: values that print the same are a tie.
        best = f"{(min if lower else max)(values.values()):,.{decimals}f}"
        winners = [engine for engine in engines
                   if engine in values and f"{values[engine]:,.{decimals}f}" == best]
        for family in {"Pagefind" if engine.startswith("pagefind") else "lunr"
                       for engine in winners}:
            wins[family] += 1
        cells = ["-" if engine not in values else f"{values[engine]:,.{decimals}f}"
                 for engine in engines]
        out.append(f"| {label} | " + " | ".join(cells) + f" | {', '.join(winners)} |")
    out += ["", "lunr, one index is material's search as nisdocs configured it; in the "
            "language rows "
            "it stands for lunr in either layout (the same settings). For the languages, the "
            "queries are those of the table above; lunr-languages could stem "
            + (f"{sum(1 for v in languages.lunr_stemmers.values() if v)} of the 24 languages, "
               "but material's prefix search defeats stemming (see above)."
               if languages is not None else "some languages.")]
    ranked = sorted(wins.items(), key=lambda item: -item[1])
    leaders = [engine for engine, count in ranked if count == ranked[0][1]]
    out += ["", f"Measured winner: **{' and '.join(leaders)}**"
            + (" (a tie)" if len(leaders) > 1 else "") + f", best (in one of its layouts) "
            f"on {ranked[0][1]} of {sum(1 for row in rows if row[1])} measures ("
            + ", ".join(f"{engine}: {count}" for engine, count in ranked) + ")."]
    for size in sizes:
        pagefind = first(size, "pagefind", language)
        split = first(size, "lunr, per language", language)
        single = first(size, "lunr, one index", language)
        if pagefind and pagefind.transfer and single and single.transfer:
            line = (f"- N = {size.documents}, L = {size.languages}: a first search in "
                    f"{language} sends {kb(pagefind.transfer.sent)} KB with Pagefind and "
                    f"{kb(single.transfer.sent)} KB with material's lunr search "
                    f"({single.transfer.sent / pagefind.transfer.sent:.1f}×)")
            if split and split.transfer:
                line += (f", {kb(split.transfer.sent)} KB with lunr split by language "
                         f"({split.transfer.sent / pagefind.transfer.sent:.1f}×)")
            own = first(size, "pagefind, nisdocs' index", language)
            if own and own.transfer:
                line += f", {kb(own.transfer.sent)} KB with nisdocs' own Pagefind index"
            out.append(line + ".")
    if languages is not None:
        needs = [f"{engine} {outcome} under `{policy}`"
                 for engine, policy, outcome, _ in languages.policies]
        out.append("- The price of Pagefind is its WebAssembly: " + "; ".join(needs) + ".")
    return out


# -- main ---------------------------------------------------------------------------------


def default_scratch() -> Path | None:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"N:L pairs, comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument("--versions", type=int, default=2, help="V (default 2)")
    parser.add_argument("--translated", type=float, default=0.5,
                        help="the share of texts translated into each language (default 0.5)")
    parser.add_argument("--output", default=str(RESULTS), help="where to write; - for none")
    parser.add_argument("--worktree", action="store_true",
                        help="build the working files instead of the last commit's")
    parser.add_argument("--scratch", type=Path, default=default_scratch(),
                        help="where sites are built (default /dev/shm if there is one)")
    args = parser.parse_args()
    # Stopped with SIGTERM, exit as from Ctrl+C: the scratch folder and browser go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = [tuple(int(part) for part in pair.split(":")) for pair in args.sizes.split(",")
             if pair]
    started = time.perf_counter()
    head = commit()  # the commit archived, whatever is committed during the run
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory(prefix="nisdocs-search-", dir=args.scratch) as temporary:
        scratch = Path(temporary)
        project = None if args.worktree else snapshot(scratch)
        measured: list[Size] = []
        config: dict[str, Any] | None = None
        with chromium() as browser:
            browser_version = browser.version
            for documents, count in sizes:
                size, config = measure_size(browser, scratch, project, documents,
                                            EU_LANGUAGES[:count], args.versions,
                                            args.translated)
                measured.append(size)
            print("languages, folding and policies", flush=True)
            languages = measure_languages(browser, scratch, config) if config else None
        print("releases", flush=True)
        releases = maintenance()
    minutes = (time.perf_counter() - started) / 60
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    source = "the working files" if args.worktree else f"commit {head} (`git archive HEAD`)"
    text = (f"# Search engines compared: Pagefind and lunr\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} at commit {head} with "
            f"`python benchmarks/search_engines.py {' '.join(sys.argv[1:])}` "
            f"({minutes:.0f} min).\n\n"
            f"Machine: {machine()}; {versions(browser_version)}. Load average (1 min) "
            f"{load_before:.1f} at the start and {load_after:.1f} at the end: other work "
            "on the machine slows the timings, not the bytes.\n\n"
            f"Sites: the nisdocs site of {source}, built without PDFs from synthetic "
            f"libraries (benchmarks/synthetic.py): N documents of V = {args.versions} "
            f"versions, {args.translated:.0%} of the texts translated into each other "
            "language, in the first L of the EU's languages (English first). The synthetic "
            "text is English filler in every language; the language tests below use real "
            "words. Search is measured in headless Chromium against the site served from "
            "127.0.0.1.\n\n"
            "Engines: **pagefind**, Pagefind run by this script over the `<article>` of "
            "every page (`--root-selector article`), the pages material's search plugin "
            "indexes; **lunr, one index**, material's search as it works with its search "
            "plugin: `search/search_index.json` with every language, built into a lunr "
            "index in the reader's browser by material's worker; **lunr, per language**, "
            "the same file split by the language folder of each location, same worker and "
            "settings; and, at commits whose build indexes the site itself, **pagefind, "
            "nisdocs' index**, the index that build writes (only the pages nisdocs' "
            "search finds, with its exclusions).\n\n"
            f"{report(measured, languages, releases, args)}")
    print()
    print(text)
    if args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
