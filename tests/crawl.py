"""Every HTML page of a built site in one headless Chromium, several pages at a time: what
axe-core finds, which requests fail, what the console reports, and whether the page is
wider than the screen. Used by tests/test_accessibility.py, and by hand:

    python tests/crawl.py site/ [--width 1280] [--narrower 375] [--zoom 2] [--details]

prints the blocking violations per rule and the crawl's page count and time.

The site is served as it is published: under the path of its `site_url` (the 404 pages
link the site by absolute paths), a missing address answered with status 404 and the
404 page of the language its path starts with. axe-core is the release pinned by
tests/browser/package.json, installed from npm (`npm ci --prefix tests/browser`)."""

from __future__ import annotations

import asyncio
import functools
import http.server
import json
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

BROWSER_PACKAGES = Path(__file__).parent / "browser"
AXE = BROWSER_PACKAGES / "node_modules" / "axe-core" / "axe.min.js"
AXE_HINT = "install axe-core from npm: npm ci --prefix tests/browser"
# The success criteria of WCAG 2.1 A and AA, as axe-core tags its rules (EN 301 549).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core impacts that fail the audit.
BLOCKING = {"serious", "critical"}
# The pages audited at the same time, in one browser (two cores in CI).
WORKERS = 4


# How axe-core is run on a page (after its script): the WCAG 2.1 A/AA rules, violations
# only.
AXE_RUN = "options => axe.run(document, options)"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def blocking_violations(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """axe-core's serious and critical violations in `result`, one per element: (rule,
    impact, target, the start of the element's HTML)."""
    return [(violation["id"], violation["impact"], " ".join(map(str, node["target"])),
             re.sub(r"\s+", " ", node["html"])[:160])
            for violation in result["violations"] if violation["impact"] in BLOCKING
            for node in violation["nodes"]]


def axe_source() -> str | None:
    """axe-core's script, if it is installed at the version package.json pins."""
    if not AXE.is_file():
        return None
    wanted = json.loads((BROWSER_PACKAGES / "package.json").read_text())["dependencies"]
    installed = json.loads((AXE.parent / "package.json").read_text())["version"]
    if installed != wanted["axe-core"]:
        return None
    return AXE.read_text(encoding="utf-8")


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as its path under the site's root: a folder's
    index page by the folder (`library/`), as links name it."""
    pages = []
    for file in sorted(site.rglob("*.html")):
        path = file.relative_to(site).as_posix()
        pages.append(path.removesuffix("index.html") if path.endswith("index.html") else path)
    return pages


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The built site under `prefix`, with per-language 404 pages, as a web server would."""

    prefix = "/"
    site = Path()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(self.site / "\0missing")
        return str(self.site / path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        relative = unquote(urlsplit(self.path).path)[len(self.prefix):]
        language = relative.split("/", 1)[0]
        page = self.site / language / "404.html"
        if not (language and page.is_file()):
            page = self.site / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """The base URL of the site served under `prefix`, until the block ends."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix, "site": site})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class PageReport:
    path: str
    # Blocking axe violations: (rule, impact, target, start of the element's HTML).
    violations: list[tuple[str, str, str, str]] = field(default_factory=list)
    # Requests answered with an error status, or not answered: "404 URL".
    failed: list[str] = field(default_factory=list)
    # URLs requested more than once during the visit.
    repeated: list[str] = field(default_factory=list)
    # Uncaught errors and console errors.
    errors: list[str] = field(default_factory=list)
    # How much wider than the viewport the page is, in CSS pixels (0: it fits), at the
    # crawl's width and at each of its narrower widths: {375: 0}.
    overflow: dict[int, int] = field(default_factory=dict)


@dataclass
class Crawl:
    pages: list[PageReport]
    seconds: float
    width: int
    zoom: float

    def by_rule(self) -> Counter[str]:
        return Counter(f"{rule} ({impact})" for page in self.pages
                       for rule, impact, _, _ in page.violations)


# The page's width beyond the viewport's, once the layout has followed a resize.
OVERFLOW = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return document.documentElement.scrollWidth - document.documentElement.clientWidth;
}"""


async def _visit(context: Any, base: str, path: str, axe: str | None,
                 narrower: tuple[int, ...]) -> PageReport:
    report = PageReport(path)
    page = await context.new_page()
    target = base + path
    seen: Counter[str] = Counter()

    # A redirect page (stable identifiers, `id/...`) is audited itself: the navigation
    # its meta refresh starts is stopped.
    async def route(route: Any) -> None:
        request = route.request
        if request.is_navigation_request() and request.url != target \
                and request.frame == page.main_frame:
            await route.abort("aborted")
        else:
            await route.continue_()

    def response(answer: Any) -> None:
        seen[answer.url] += 1
        if answer.status >= 400 and answer.url != target:
            report.failed.append(f"{answer.status} {answer.url}")

    def failed(request: Any) -> None:
        if request.failure != "net::ERR_ABORTED":
            report.failed.append(f"{request.failure} {request.url}")

    def console(message: Any) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            report.errors.append(message.text)

    await page.route("**/*", route)
    page.on("response", response)
    page.on("requestfailed", failed)
    page.on("console", console)
    page.on("pageerror", lambda error: report.errors.append(str(error)))
    try:
        answer = await page.goto(target, wait_until="networkidle")
        if answer is None or not (answer.ok or path.endswith("404.html")):
            report.failed.append(f"{answer.status if answer else '-'} {target}")
        viewport = page.viewport_size
        report.overflow[viewport["width"]] = await page.evaluate(OVERFLOW)
        if axe is not None:
            await page.evaluate(axe)
            report.violations = blocking_violations(
                await page.evaluate(AXE_RUN, AXE_OPTIONS))
        # Narrower screens, by resizing the visited page: the same HTML, styles and
        # scripts (nothing is fetched by width), laid out again, without a second visit.
        for width in narrower:
            await page.set_viewport_size({"width": width, "height": viewport["height"]})
            report.overflow[width] = await page.evaluate(OVERFLOW)
    finally:
        await page.close()
    report.repeated = sorted(url for url, count in seen.items() if count > 1)
    return report


async def _crawl(base: str, paths: list[str], executable: str, axe: str | None, *,
                 width: int, height: int, zoom: float, narrower: tuple[int, ...],
                 workers: int) -> list[PageReport]:
    from playwright.async_api import async_playwright

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    reports: list[PageReport] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=args)

        # 200 % zoom is a viewport half as wide, drawn at twice the pixel density: what
        # a browser's zoom does to CSS pixels.
        async def worker() -> None:
            context = await browser.new_context(
                viewport={"width": round(width / zoom), "height": round(height / zoom)},
                device_scale_factor=zoom)
            while not queue.empty():
                path = queue.get_nowait()
                reports.append(await _visit(context, base, path, axe, narrower))
            await context.close()

        await asyncio.gather(*(worker() for _ in range(workers)))
        await browser.close()
    return sorted(reports, key=lambda report: report.path)


def crawl(site: Path, executable: str, axe: str | None, *, prefix: str = "/",
          width: int = 1280, height: int = 900, zoom: float = 1.0,
          narrower: tuple[int, ...] = (), paths: list[str] | None = None,
          workers: int = WORKERS) -> Crawl:
    """Visit every HTML page of `site` (or `paths`) at `width` x `height` CSS pixels and
    `zoom`; audit each with axe-core when `axe` is its script; measure its width at each
    of the `narrower` widths too."""
    started = time.monotonic()
    with serve(site, prefix) as base:
        # Its own thread and event loop: the tests' synchronous Playwright has one already.
        results: list[list[PageReport]] = []
        thread = threading.Thread(target=lambda: results.append(asyncio.run(_crawl(
            base, html_pages(site) if paths is None else paths, executable, axe,
            width=width, height=height, zoom=zoom, narrower=narrower, workers=workers))))
        thread.start()
        thread.join()
    if not results:
        raise RuntimeError("the crawl stopped without a result (see the error above)")
    return Crawl(results[0], time.monotonic() - started, width, zoom)


def main() -> None:
    import argparse
    import shutil

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--prefix", default="/nisdocs/")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--zoom", type=float, default=1.0)
    parser.add_argument("--narrower", type=int, nargs="*", default=[375],
                        help="widths the pages are measured at too, after the audit")
    parser.add_argument("--no-axe", action="store_true")
    parser.add_argument("--details", action="store_true", help="every element, per page")
    options = parser.parse_args()
    executable = os.environ.get("NISDOCS_CHROMIUM") or shutil.which("chromium") or "chromium"
    result = crawl(options.site, executable, None if options.no_axe else axe_source(),
                   prefix=options.prefix, width=options.width, zoom=options.zoom,
                   narrower=tuple(options.narrower))
    for rule, count in sorted(result.by_rule().items()):
        print(f"{count:6d}  {rule}")
    for page in result.pages:
        if options.details:
            for violation in page.violations:
                print(page.path, *violation, sep="  ")
        for problem in page.failed + page.errors:
            print(page.path, problem, sep="  ")
        for width, overflow in page.overflow.items():
            if overflow:
                print(page.path, f"overflows by {overflow} px at {width} px", sep="  ")
    print(f"{len(result.pages)} pages in {result.seconds:.0f} s at {options.width} px,"
          f" zoom {options.zoom:g}", file=sys.stderr)


if __name__ == "__main__":
    main()
