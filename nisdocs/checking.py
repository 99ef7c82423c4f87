"""`nisdocs check`: every problem that would stop a build, before the build.

The library is loaded as the build loads it, then every text is checked as `nisdocs
check` promises (links, anchors, structure of translations, the publishing gate,
placeholders), and finally the PDF stage runs: pandoc and typst are the only judges of
what they accept (a character no font has, a link in a repeated table header), so check
compiles each PDF the build would compile, through the build's own cache. A check that
passes is a build that publishes; a check followed by a build compiles nothing twice.

What is reported can be narrowed to targets (documents by id, files or folders) or to
what changed since a git ref; the whole library is still loaded, since a link from one
document to another is checked against both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .changes import Scope, changed_files, document_of, scope_of
from .content import CheckMemo, check_content
from .library import Library, LibraryConfig, scan_library
from .library_pdf import pdf_text_warnings
from .links import named_ids
from .pdf.build import build_pdfs
from .pdf.cache import PdfCache
from .pdf.jobs import plan_pdfs
from .pdf.settings import PdfSettings
from .problems import LibraryError, Problem, did_you_mean, problem_order
from .scaffold import placeholder_problems


class TargetError(ValueError):
    """A target of `nisdocs check` names nothing in the library."""


@dataclass(frozen=True)
class PdfStage:
    """What the PDF stage of a check did."""

    jobs: int  # PDFs checked
    compiled: int | None  # of which compiled now (the others came from the cache);
    # None when some could not be compiled
    skipped: int  # documents left out: their sources have problems of their own


@dataclass(frozen=True)
class CheckResult:
    problems: list[Problem]
    scope_note: str  # what was checked, for the summary line
    pdfs: PdfStage | None  # None when the PDF stage did not run
    # What is reported without failing: what the PDFs that are texts lack.
    warnings: list[Problem] = dataclasses.field(default_factory=list)


def run_check(config: LibraryConfig, *, site_url: str | None, pdf: PdfSettings | None,
              targets: Sequence[str] = (), changed_since: str | None = None,
              cwd: Path | None = None) -> CheckResult:
    """Check the library of `config`; `pdf` None leaves the PDF stage out."""
    library, problems = scan_library(config)
    # Content rules look at every text, drafts included: an editor wants to hear about
    # a broken link in a draft before it goes public.
    everything = library if config.include_drafts else scan_library(
        dataclasses.replace(config, include_drafts=True))[0]
    problems = [*problems, *text_problems_of(everything)]
    scope = _scope(everything, config, targets, changed_since, cwd or Path.cwd())
    stage = None
    if pdf is not None:
        pdf_problems, stage = _pdf_stage(everything, site_url, pdf, problems, scope)
        problems += pdf_problems
    warnings = pdf_text_warnings(everything.documents.values(), config.source_language)
    note = f"{len(library.documents)} documents"
    if scope is not None:
        problems = [p for p in problems if scope.includes(p, config.source_dir)]
        warnings = [w for w in warnings if scope.includes(w, config.source_dir)]
        note = ("every document (a change affects them all)" if scope.everything else
                f"{len(scope.documents)} of {len(everything.documents)} documents"
                f"{_scope_reason(targets, changed_since)}")
    return CheckResult(sorted(set(problems), key=problem_order), note, stage,
                       sorted(set(warnings), key=problem_order))


def _scope_reason(targets: Sequence[str], changed_since: str | None) -> str:
    if changed_since:
        return f" changed since {changed_since} or linking to one"
    return f": {', '.join(targets)} and those linking to them"


def text_problems_of(library: Library, documents: Collection[str] | None = None,
                     memo: CheckMemo | None = None) -> list[Problem]:
    """What `nisdocs check` finds in the texts of `library` (links, anchors, structure,
    headings, footnotes, the publishing gate, placeholders). The build refuses the same
    in the texts it publishes, so that a check that fails is a build that fails.
    `documents` (ids) narrows the check to those documents' texts: the preview checks
    what an edit can have broken (`changes.scope_of`), the rest having passed before;
    `memo` keeps what one check learnt of the texts for the next."""
    return sorted(set(check_content(library, documents, memo))
                  | set(placeholder_problems(library, documents)), key=problem_order)


# -- what to report on ------------------------------------------------------------


def _scope(library: Library, config: LibraryConfig, targets: Sequence[str],
           changed_since: str | None, cwd: Path) -> Scope | None:
    """None for the whole library; else the documents the targets or the changes name,
    and those that depend on them."""
    paths: list[str] = []
    if changed_since:
        paths += changed_files(config.root, changed_since)
    for target in targets:
        paths += target_paths(library, config, target, cwd)
    if not changed_since and not targets:
        return None
    return scope_of(library, paths)


def target_paths(library: Library, config: LibraryConfig, target: str,
                 cwd: Path) -> list[str]:
    """The project paths a target names: a document id (NCG-0014, any case), or a file
    or folder, relative to `cwd`. Raises TargetError for one that names nothing."""
    folder = config.root / config.source_dir
    known = sorted(path.name.upper() for path in folder.iterdir()
                   if path.is_dir()) if folder.is_dir() else []
    if target.upper() in known:
        return [f"{config.source_dir}/{target.lower()}/index.md"]
    path = (cwd / target).resolve()
    root = config.root.resolve()
    if not path.exists():
        looks_like_id = "/" not in target and "." not in target
        hint = did_you_mean(target.upper(), known) if looks_like_id else ""
        raise TargetError(f"found {target!r}, which is neither a document id nor a file or "
                          f"folder; allowed: a document id ({', '.join(known[:5])}"
                          f"{', ...' if len(known) > 5 else ''}) or a path{hint}")
    if not path.is_relative_to(root):
        raise TargetError(f"found {target!r}, which is outside the project {root}; "
                          "allowed: a file or folder of the project")
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return [file.relative_to(root).as_posix() for file in files] or [
        path.relative_to(root).as_posix()]


# -- the PDF stage ----------------------------------------------------------------


def _pdf_stage(library: Library, site_url: str | None, settings: PdfSettings,
               problems: Iterable[Problem], scope: Scope | None,
               ) -> tuple[list[Problem], PdfStage]:
    """Compile, into the build's cache, every PDF of documents whose sources have no
    other problem (the build would refuse those before their PDFs); their problems."""
    source_dir = library.config.source_dir
    broken = {doc_id for problem in problems
              if (doc_id := document_of(problem.path, source_dir))}
    # Problems outside the document folders (topics.yml) stop every document's build.
    if any(document_of(problem.path, source_dir) is None for problem in problems):
        broken = set(library.documents)
    # A document linking to one that could not be loaded at all has a problem too.
    broken |= {doc_id for doc_id, document in library.documents.items()
               if not named_ids(document) <= set(library.documents)}
    wanted = [doc_id for doc_id in library.documents if doc_id not in broken
              and (scope is None or scope.everything or doc_id in scope.documents)]
    jobs = plan_pdfs(library, site_url, documents=wanted, publisher=settings.publisher)
    skipped = len(broken & set(library.documents))
    try:
        result = build_pdfs(jobs, library.config.root, PdfCache(settings.cache),
                            workers=settings.workers)
    except LibraryError as error:
        return error.problems, PdfStage(len(jobs), None, skipped)
    return [], PdfStage(len(jobs), result.compiled, skipped)
