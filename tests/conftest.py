"""Shared fixtures: the sample site built once per session, and small libraries to break."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from mkdocs.utils.yaml import yaml_load

from nisdocs.library import Library, LibraryConfig, load_library, scan_library
from nisdocs.pdf.jobs import PdfJob, plan_pdfs
from nisdocs.problems import Problem

PROJECT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "fr", "de", "el", "bg")
# Everything a build of the project reads; copied for builds that change sources.
PROJECT_PARTS = ("docs", "guidelines", "overrides", "mkdocs.yml")


def mkdocs_yml() -> dict[str, Any]:
    """The project's mkdocs.yml, read by mkdocs' own YAML loader (`!ENV` resolved)."""
    with (PROJECT / "mkdocs.yml").open(encoding="utf-8") as file:
        config: dict[str, Any] = yaml_load(file)
    return config


@dataclass
class Build:
    site: Path
    returncode: int
    output: str
    pdf_cache: Path


def mkdocs_env(pdf_cache: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an mkdocs run in tests: this checkout's `nisdocs` package (not
    an older one installed elsewhere), PDFs cached in `pdf_cache` (never the developer's
    own cache) and without material's banner."""
    return {**(env or os.environ), "NO_MKDOCS_2_WARNING": "1",
            "NISDOCS_PDF_CACHE": str(pdf_cache),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT),
                                                         os.environ.get("PYTHONPATH")]))}


def run_mkdocs_build(project: Path, site: Path, *extra: str, pdf_cache: Path,
                     env: dict[str, str] | None = None) -> Build:
    """`mkdocs build --strict` of `project` into `site` (see `mkdocs_env`)."""
    env = mkdocs_env(pdf_cache, env)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
         str(project / "mkdocs.yml"), "-d", str(site), *extra],
        cwd=project, capture_output=True, text=True, env=env, timeout=600,
    )
    return Build(site, result.returncode, result.stdout + result.stderr, pdf_cache)


@dataclass
class Served:
    url: str  # the preview's address, ending in /
    log: list[str]  # what mkdocs printed until it served

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=30) as response:
            data: bytes = response.read()
            return data


@contextmanager
def mkdocs_serve(project: Path, env: dict[str, str], *, livereload: bool = False,
                 nisdocs: list[str] | None = None) -> Iterator[Served]:
    """`mkdocs serve` of `project` on a free port, until the block ends; entered once it
    serves. With `livereload` it watches the sources and rebuilds on a change; the log
    keeps growing in the background. With `nisdocs`, the preview is started as editors
    start it, `nisdocs serve` with those arguments (which watches)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
               "-f", str(project / "mkdocs.yml")]
    if nisdocs is not None:
        command = [sys.executable, "-m", "nisdocs.cli", "serve", "-a", f"127.0.0.1:{port}",
                   "--config", str(project / "mkdocs.yml"), *nisdocs]
    elif not livereload:  # mkdocs then neither watches nor rebuilds
        command.append("--no-livereload")
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line)
            if "Serving on" in line:
                break
        base = re.search(r"Serving on (\S+)", "".join(log))
        assert base, "".join(log)
        reader = threading.Thread(target=lambda: log.extend(process.stdout or ()), daemon=True)
        reader.start()
        yield Served(base[1], log)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One PDF cache for every `nisdocs check` and `nisdocs pdf` of the session that names
    none (never the developer's own): check compiles every PDF the build would, and the
    cache is keyed by content, so the many small projects of the tests share it."""
    folder = tmp_path_factory.mktemp("shared-pdf-cache")
    before = os.environ.get("NISDOCS_PDF_CACHE")
    os.environ["NISDOCS_PDF_CACHE"] = str(folder)
    yield folder
    if before is None:
        del os.environ["NISDOCS_PDF_CACHE"]
    else:
        os.environ["NISDOCS_PDF_CACHE"] = before


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A real `mkdocs build --strict` of the sample library, PDFs included, from a cold
    PDF cache; shared by the session."""
    build = run_mkdocs_build(PROJECT, tmp_path_factory.mktemp("build") / "site",
                             pdf_cache=tmp_path_factory.mktemp("pdf-cache"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def pdf_cache(built_site: Build) -> Path:
    """The PDF cache the sample site was built with: other builds of the sample reuse it."""
    return built_site.pdf_cache


@pytest.fixture(scope="session")
def sample_library() -> Library:
    return load_library(LibraryConfig(PROJECT, LANGUAGES))


@pytest.fixture(scope="session")
def compiled(built_site: Build, sample_library: Library) -> list[tuple[PdfJob, Path]]:
    """Every PDF the sample build compiled (not the texts published as PDFs), with its job."""
    jobs = [job for job in plan_pdfs(sample_library, mkdocs_yml()["site_url"])
            if job.original is None]
    found = [(job, built_site.site / job.url) for job in jobs]
    assert len(found) >= 33 and all(path.is_file() for _, path in found)
    return found


def copy_project(target: Path) -> Path:
    """A copy of the project's sources and site config in `target`, to change and build."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources and site config, to change and build."""
    return copy_project(tmp_path)


TOPICS = """\
incident-reporting: {en: Incident reporting, fr: Notification des incidents}
risk-management: {en: Risk management, fr: Gestion des risques}
"""


def source_text(doc_id: str = "NCG-0001", **fields: str | None) -> str:
    """A valid source; each keyword replaces a field's YAML value (None drops it)."""
    values: dict[str, str | None] = {
        "id": doc_id, "title": f"Title of {doc_id}", "type": "guideline",
        "status": "published", "version": '"1.0"', "date": "2024-05-02",
        "topics": "[incident-reporting]", "references": "[NIS2 Art. 23(4)(a)]",
        "summary": "What it is for.",
    }
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n## Scope\n\nText of the document.\n"


def translation_text(doc_id: str = "NCG-0001", **fields: str | None) -> str:
    values: dict[str, str | None] = {"id": doc_id, "title": "Titre", "source_version": '"1.0"',
                                     "summary": "À quoi il sert."}
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n## Champ\n\nTexte.\n"


@dataclass
class TinyLibrary:
    """A small valid library in a temporary folder: NCG-0001 (with a French
    translation) and NCG-0002, in English and French."""

    root: Path

    def write(self, path: str, text: str) -> None:
        target = self.root / "guidelines" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def remove(self, path: str) -> None:
        (self.root / "guidelines" / path).unlink()

    def scan(self, *, drafts: bool = False) -> tuple[Library, list[Problem]]:
        return scan_library(LibraryConfig(self.root, ("en", "fr"), include_drafts=drafts,
                                          today=date(2026, 11, 1)))

    def problems(self, **kwargs: bool) -> list[str]:
        return [str(problem) for problem in self.scan(**kwargs)[1]]


@pytest.fixture
def tiny(tmp_path: Path) -> TinyLibrary:
    library = TinyLibrary(tmp_path)
    library.write("topics.yml", TOPICS)
    library.write("ncg-0001/index.md", source_text("NCG-0001"))
    library.write("ncg-0001/index.fr.md", translation_text("NCG-0001"))
    library.write("ncg-0002/index.md", source_text("NCG-0002", related="[NCG-0001]"))
    return library


@pytest.fixture
def one_problem(tiny: TinyLibrary) -> Callable[[], str]:
    """The single problem the tiny library has after a test broke it."""

    def check() -> str:
        problems = tiny.problems()
        assert len(problems) == 1, problems
        return problems[0]

    return check


# Real-browser tests: Playwright drives the system's Chromium (never a browser Playwright
# downloads) against the built sample site, served on localhost.

CHROMIUM_HINT = ("install Chromium (apt-get install chromium) or set NISDOCS_CHROMIUM to "
                 "the path of a Chromium or Chrome executable")


def find_chromium() -> str | None:
    """The Chromium to test with: NISDOCS_CHROMIUM if set, else the first of `chromium`,
    `chromium-browser` and `google-chrome` on PATH."""
    configured = os.environ.get("NISDOCS_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def browser_unavailable(reason: str) -> NoReturn:
    """Skip a browser test, or fail it in CI (CI=true), where the browser must be there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


def audit_tools() -> tuple[str, str, str]:
    """What an accessibility crawl (tests/crawl.py) needs: Chromium, axe-core's script and
    the path the site is served under; a skip (a failure with CI=true) saying what to
    install when one is missing."""
    from crawl import AXE_HINT, axe_source

    executable = find_chromium()
    if executable is None:
        browser_unavailable(f"no Chromium; {CHROMIUM_HINT}")
    try:
        import playwright  # noqa: F401
    except ImportError:
        browser_unavailable("Playwright is not installed: pip install '.[test]'")
    axe = axe_source()
    if axe is None:
        browser_unavailable(f"axe-core is missing or not the pinned release; {AXE_HINT}")
    return executable, axe, urlsplit(mkdocs_yml()["site_url"]).path or "/"


@pytest.fixture(scope="session")
def site_server(built_site: Build) -> Iterator[str]:
    """The base URL (`http://127.0.0.1:PORT/`) of a threaded HTTP server serving the built
    sample site, for the session, as a web server would (tests/crawl.py): pages in a
    browser run as from a web server (material's search and other scripts do not run
    from file://)."""
    from crawl import serve

    with serve(built_site.site) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Playwright's Chromium for the session, launched from the system's executable (see
    `find_chromium`; Playwright's own browser downloads are never used). Without Playwright
    or Chromium the browser tests skip, saying how to install them; with CI=true they fail."""
    executable = find_chromium()
    if executable is None:
        configured = os.environ.get("NISDOCS_CHROMIUM")
        found = (f"NISDOCS_CHROMIUM={configured} is not an executable file" if configured
                 else "no chromium, chromium-browser or google-chrome on PATH")
        browser_unavailable(f"{found}; {CHROMIUM_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("Playwright is not installed: pip install '.[test]'")
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=args)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A Playwright `Page` in a fresh browser context (viewport 1280×900), closed after the
    test. Two lists are attached to it as Python attributes: `page.nisdocs_requests`, the URL
    of every request the page made (documents, scripts, styles, fonts, images, fetches), and
    `page.nisdocs_errors`, the message of every uncaught JavaScript error. Use it with
    `site_server`: `page.goto(site_server + "library/")`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    new_page.nisdocs_requests = requests = []
    new_page.nisdocs_errors = errors = []
    new_page.on("request", lambda request: requests.append(request.url))
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe() -> Callable[[Any], list[str]]:
    """A function auditing a Playwright page as it stands with axe-core (the release
    tests/browser/package.json pins, from npm; see tests/crawl.py): its serious and
    critical WCAG 2.1 A/AA violations, one line per element. Without axe-core the tests
    using it skip, saying how to install it; with CI=true they fail."""
    from crawl import AXE_HINT, AXE_OPTIONS, AXE_RUN, axe_source, blocking_violations

    source = axe_source()
    if source is None:
        browser_unavailable(f"axe-core is missing or not the pinned release; {AXE_HINT}")

    def audit(page: Any) -> list[str]:
        page.evaluate(source)
        return [f"{rule} ({impact}): {target} {html}" for rule, impact, target, html
                in blocking_violations(page.evaluate(AXE_RUN, AXE_OPTIONS))]

    return audit
