"""Every PDF of the library, through the cache, compiled in parallel.

A job whose key is in the cache is reused as it is; the others are compiled by a pool
of threads, one per CPU core by default, each of which writes its PDF into the cache.
Threads are enough: pandoc runs as a process of its own and typst releases the GIL
while it compiles. All problems are collected, then reported together.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path

from ..problems import LibraryError, Problem
from .cache import PdfCache, folder_key, job_key
from .export import PdfProblem, render, toolchain
from .files import Bundle, PdfFile, PdfSet
from .jobs import PdfJob
from .settings import default_workers

Progress = Callable[[int, int], None]  # (done, total) of the PDFs to compile


def build_pdfs(jobs: Sequence[PdfJob], project_root: Path, cache: PdfCache, *,
               workers: int | None = None, progress: Progress | None = None) -> PdfSet:
    """Make sure every job's PDF is in the cache (or, for a text that exists only as a
    PDF, in the sources); raise LibraryError naming every source that could not become
    a PDF."""
    started = time.perf_counter()
    cache.sweep()
    chain = toolchain()
    result = PdfSet()
    # A text that exists only as a PDF is published as it is, from the sources.
    for job in jobs:
        if job.original is not None:
            result.files[job.url] = PdfFile(job.url, job.document_id, job.version,
                                            job.language, project_root / job.original.path,
                                            job.original.facts.size,
                                            job.original.facts.sha256)
            result.originals += 1
    compiled = [job for job in jobs if job.original is None]
    folders = {root: folder_key(project_root / root) for root in {job.root for job in compiled}}
    keyed = [(job, job_key(job, folders[job.root], chain)) for job in compiled]
    todo: list[tuple[PdfJob, str]] = []
    for job, key in keyed:
        cached = cache.get(key)
        if cached is None:
            todo.append((job, key))
        else:
            result.files[job.url] = _pdf_file(job, cached)
            result.reused += 1
    problems = _compile_all(todo, project_root, cache, workers or default_workers(), progress)
    if problems:
        raise LibraryError(problems)
    for job, key in todo:
        result.files[job.url] = _pdf_file(job, cache.path(key))
    result.compiled = len(todo)
    result.files = {job.url: result.files[job.url] for job in jobs}  # in the jobs' order
    result.seconds = time.perf_counter() - started
    return result


def _pdf_file(job: PdfJob, path: Path) -> PdfFile:
    return PdfFile(job.url, job.document_id, job.version, job.language, path,
                   path.stat().st_size)


def _compile_all(todo: list[tuple[PdfJob, str]], project_root: Path, cache: PdfCache,
                 workers: int, progress: Progress | None) -> list[Problem]:
    problems: list[Problem] = []
    total = len(todo)
    if total == 0:
        return problems
    if workers <= 1 or total == 1:
        for done, (job, key) in enumerate(todo, 1):
            problem = compile_one(job, key, project_root, cache)
            if problem is not None:
                problems.append(problem)
            if progress:
                progress(done, total)
        return problems
    with ThreadPoolExecutor(max_workers=min(workers, total)) as pool:
        futures: list[Future[Problem | None]] = [
            pool.submit(compile_one, job, key, project_root, cache)
            for job, key in todo]
        for done, future in enumerate(as_completed(futures), 1):
            problem = future.result()
            if problem is not None:
                problems.append(problem)
            if progress:
                progress(done, total)
    return problems


def compile_one(job: PdfJob, key: str, project_root: Path, cache: PdfCache) -> Problem | None:
    """Compile `job` into the cache; its problem, if any."""
    try:
        data = render(job, project_root)
    except PdfProblem as error:
        return error.problem
    cache.put(key, data)
    return None


def publish(pdfs: PdfSet, site_dir: Path) -> None:
    """Put the PDFs and the language ZIPs from the cache (and the PDFs that are texts from
    the sources) at their URLs in the site."""
    items: list[PdfFile | Bundle] = [*pdfs.files.values(), *pdfs.bundles.values()]
    for item in items:
        target = site_dir / item.url
        target.parent.mkdir(parents=True, exist_ok=True)
        # A text that exists only as a PDF is copied: a link would tie the site's file to
        # the sources' own, which an editor's tool may rewrite in place.
        if isinstance(item, PdfFile) and item.original is not None:
            target.unlink(missing_ok=True)
            shutil.copyfile(item.path, target)
        else:
            link_or_copy(item.path, target)


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as a hard link to `source`, else (another file system, or one without
    hard links) a copy. A site holds hundreds of megabytes of PDFs: linking them costs
    nothing to write or to clean away on the next build. The cache never changes a file
    in place (each is written whole under a new name, its key), so the site's copy
    cannot change under it."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
