"""Atomic output: a build that fails at any stage (loading, PDFs, a strict warning, a
language's own build, the very last step) or is killed leaves the previous site exactly
as it was; an interrupted PDF compile leaves no truncated PDF in the cache; two builds
sharing one cache both succeed."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_env, run_mkdocs_build
from pypdf import PdfReader

from nisdocs.pdf.cache import STALE_SECONDS, PdfCache
from nisdocs.site_output import PREVIOUS_MARK, STAGING_MARK

# Every path under a site: a file's size, digest, inode and modification time (so that
# a file rewritten with the same bytes counts as changed), or "dir".
Snapshot = dict[str, tuple[int, str, int, int] | str]


def snapshot(site: Path) -> Snapshot:
    found: Snapshot = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_dir():
            found[name] = "dir"
        else:
            info = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[name] = (info.st_size, digest, info.st_ino, info.st_mtime_ns)
    return found


def same_files(one: Snapshot, two: Snapshot) -> bool:
    """Whether two sites have the same files, but for the names of the search index's
    parts: Pagefind names its filter and metadata chunks by a hash of bytes that vary
    from build to build (its issue 638), the pages they index being the same."""
    def names(site: Snapshot) -> set[str]:
        return {name for name in site if not name.startswith("pagefind/")}

    return names(one) == names(two) and any(name.startswith("pagefind/") for name in one)


def leftovers(site: Path) -> list[str]:
    """Staging folders and old sites set aside beside `site`."""
    return sorted(path.name for path in site.parent.iterdir()
                  if path.name.startswith(f".{site.name}.nisdocs-"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def assert_valid_pdfs(cache: Path) -> int:
    """Every PDF in `cache` is whole: it starts like a PDF and pypdf reads its pages."""
    count = 0
    for path in cache.rglob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF-"), path
        assert len(PdfReader(path).pages) > 0, path
        count += 1
    return count


# -- the PDF cache, without mkdocs ------------------------------------------------

KEY = "ab" * 32
PDF = b"%PDF-1.7\n" + b"0" * 4000 + b"\nstartxref\n9\n%%EOF"


def test_a_temporary_or_truncated_file_is_never_taken_for_an_entry(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    entry = cache.path(KEY)
    entry.parent.mkdir(parents=True)
    (entry.parent / ".tmp1234.part").write_bytes(PDF[:100])  # a killed writer's
    assert cache.get(KEY) is None
    entry.write_bytes(PDF[:2000])  # truncated (a cache restored halfway)
    assert cache.get(KEY) is None
    assert cache.put(KEY, PDF) == entry
    assert cache.get(KEY) == entry and entry.read_bytes() == PDF
    # Readable like any file written with open(): the site links to it.
    umask = os.umask(0)
    os.umask(umask)
    assert entry.stat().st_mode & 0o777 == 0o666 & ~umask


def test_stale_temporary_files_are_swept_and_fresh_ones_kept(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    cache.put(KEY, PDF)
    stale = [cache.path(KEY).parent / ".old1.part", tmp_path / "bundles" / ".old2.part"]
    fresh = cache.path(KEY).parent / ".busy.part"  # another build writing right now
    for path in [*stale, fresh]:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"%PDF-1.7 half")
    long_ago = time.time() - STALE_SECONDS - 60
    for path in stale:
        os.utime(path, (long_ago, long_ago))
    assert cache.sweep() == 2
    assert [path.exists() for path in [*stale, fresh]] == [False, False, True]
    assert cache.get(KEY) is not None


def test_threads_writing_the_same_entry_at_once(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    barrier = threading.Barrier(8)

    def put() -> None:
        barrier.wait()
        for _ in range(20):
            cache.put(KEY, PDF)

    threads = [threading.Thread(target=put) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.path(KEY).read_bytes() == PDF
    assert sorted(path.name for path in tmp_path.rglob("*") if path.is_file()) == [
        f"{KEY}.pdf"]


# -- real builds ------------------------------------------------------------------


@dataclass
class Baseline:
    site: Path  # a successful build of the sample, never touched by the tests
    before: Snapshot


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> Baseline:
    project = copy_project(tmp_path_factory.mktemp("baseline"))
    site = project / "site"
    build = run_mkdocs_build(project, site, pdf_cache=pdf_cache)
    assert build.returncode == 0, build.output
    assert leftovers(site) == []
    assert next(site.glob("library/*/*/*.pdf"), None) is not None
    return Baseline(site, snapshot(site))


@pytest.fixture
def published(baseline: Baseline, project_copy: Path) -> Path:
    """The baseline site, at `site/` of a fresh copy of the project (hard links: the same
    files, inodes and times)."""
    site = project_copy / "site"
    shutil.copytree(baseline.site, site, copy_function=os.link)
    assert snapshot(site) == baseline.before
    return site


def _front_matter_error(project: Path) -> str:
    edit(project / "guidelines/ncg-0004/index.md", "status: published", "status: final")
    return 'status: found "final"'


def _pdf_error(project: Path) -> str:
    # Quotes nested deeper than typst parses: the PDF of NCG-0003 fails, the HTML does not
    # care (a broken figure would be refused before, by the check of shipped files).
    with (project / "guidelines/ncg-0003/index.md").open("a", encoding="utf-8") as file:
        file.write("\n" + "> " * 200 + "Quoted deep down.\n")
    return "typst could not make the PDF of NCG-0003"


def _strict_warning(project: Path) -> str:
    with (project / "docs/about.md").open("a", encoding="utf-8") as file:
        file.write("\nSee [the missing page](missing.md).\n")
    return "Aborted with 1 warnings in strict mode"


def _strict_warning_in_french(project: Path) -> str:
    # Only the French build (one of static-i18n's nested builds) reads about.fr.md.
    with (project / "docs/about.fr.md").open("a", encoding="utf-8") as file:
        file.write("\nVoir [la page absente](absente.md).\n")
    return "Aborted with 1 warnings in strict mode"


def _error_in_french(project: Path) -> str:
    # An exception, not a warning, in the French build only.
    edit(project / "docs/about.fr.md", "title: À propos", "template: absent.html\ntitle: À propos")
    return "Error building page 'about.fr.md'"


def _error_at_the_very_end(project: Path) -> str:
    # The template of the redirects, read after every language's build, just before the
    # new site would be swapped in.
    (project / "overrides/nisdocs/redirect.html").write_text("{% if %}", "utf-8")
    return "redirect.html"


IN_FRENCH = (_strict_warning_in_french, _error_in_french)


@pytest.mark.parametrize("break_it", [
    _front_matter_error, _pdf_error, _strict_warning, _strict_warning_in_french,
    _error_in_french, _error_at_the_very_end,
], ids=lambda f: f.__name__.strip("_"))
def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(
        baseline: Baseline, published: Path, pdf_cache: Path,
        break_it: Callable[[Path], str]) -> None:
    project = published.parent
    expected = break_it(project)
    build = run_mkdocs_build(project, published, pdf_cache=pdf_cache)
    assert build.returncode != 0
    assert expected in build.output, build.output
    if break_it in IN_FRENCH:  # inside static-i18n's nested build of French
        french = build.output.index("Building 'fr' documentation")
        assert build.output.index("about.fr.md") > french, build.output
    assert snapshot(published) == baseline.before
    assert leftovers(published) == []


def _start_build(project: Path, site: Path, cache: Path) -> subprocess.Popen[bytes]:
    """`mkdocs build` in a process group of its own (pandoc runs as its child)."""
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
         str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=mkdocs_env(cache), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)


def _kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 120
    while not ready():
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "the build never got there"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_a_killed_build_leaves_the_site_and_the_pdf_cache_sound(
        baseline: Baseline, published: Path, tmp_path: Path) -> None:
    project = published.parent
    cache = tmp_path / "empty-cache"

    # Killed while compiling PDFs, into an empty cache.
    build = _start_build(project, published, cache)
    _kill_when(build, lambda: next(cache.rglob("*.pdf"), None) is not None)
    assert snapshot(published) == baseline.before
    assert assert_valid_pdfs(cache) >= 1

    # Killed while writing the new site: the staging folder stays behind.
    build = _start_build(project, published, cache)
    staging = published.parent / f".site{STAGING_MARK}{build.pid}"
    _kill_when(build, lambda: (staging / "index.html").is_file())
    assert snapshot(published) == baseline.before
    assert leftovers(published) == [staging.name]
    assert_valid_pdfs(cache)

    # The next build succeeds, replaces the site and cleans up.
    done = run_mkdocs_build(project, published, pdf_cache=cache)
    assert done.returncode == 0, done.output
    assert leftovers(published) == []
    after = snapshot(published)
    assert same_files(after, baseline.before)
    stale = [name for name, entry in after.items() if entry != "dir"
             and name in baseline.before and entry[2:] == baseline.before[name][2:]]
    assert stale == []  # every file written anew (none is the old site's)
    # Every PDF the build compiled is in the cache; a text that exists only as a PDF is
    # published from the sources.
    assert assert_valid_pdfs(cache) == len(list(published.glob("library/*/*/*.pdf"))) - len(
        list((project / "guidelines").rglob("index*.pdf")))


def test_a_build_killed_in_the_middle_of_the_swap_gets_the_previous_site_back(
        baseline: Baseline, published: Path, pdf_cache: Path) -> None:
    # What a kill between the swap's two renames leaves: the old site aside, the new
    # one complete in its staging folder, no site/.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    aside = published.parent / f".site{PREVIOUS_MARK}{pid}"
    published.rename(aside)
    staging = published.parent / f".site{STAGING_MARK}{pid}"
    staging.mkdir()
    (staging / "index.html").write_text("the new site, never swapped in")
    project = published.parent
    _front_matter_error(project)  # the next build fails: site/ must be back as it was

    build = run_mkdocs_build(project, published, pdf_cache=pdf_cache)

    assert build.returncode != 0
    assert snapshot(published) == baseline.before
    assert leftovers(published) == []


def test_two_builds_at_once_share_an_empty_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    projects = [copy_project(tmp_path / name) for name in ("one", "two")]
    builds = [_start_build(project, project / "site", cache) for project in projects]
    assert [build.wait(timeout=600) for build in builds] == [0, 0]
    pdfs = assert_valid_pdfs(cache)
    assert pdfs == len(list(projects[0].glob("site/library/*/*/*.pdf"))) - len(
        list((projects[0] / "guidelines").rglob("index*.pdf")))
    one, two = (snapshot(project / "site") for project in projects)
    assert same_files(one, two)
    for name in one:
        if name.endswith((".pdf", ".zip")):
            assert one[name][:2] == two[name][:2], name
    for project in projects:
        assert leftovers(project / "site") == []
    assert not [path for path in cache.rglob("*") if path.name.endswith(".part")]
