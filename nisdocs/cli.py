"""The `nisdocs` command: checks, scaffolds, translation status and PDFs for editors and
translators. Each subcommand is a function `_<name>(args) -> exit code`.

Exit codes: 0 done (no problems), 1 problems found in the sources, 2 a usage error
(a bad argument, an unreadable mkdocs.yml, git unable to answer) or an internal error,
141 when the reader of the output closed it early (`nisdocs status | head -1`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import yaml

from .changes import ChangesError
from .checking import TargetError, run_check
from .cli_parser import EXAMPLES, build_parser
from .importing import Imported, import_document, import_translation, import_version, read_pdf
from .library import Library, LibraryConfig, load_library, scan_library
from .model import TranslationState
from .pdf.build import build_pdfs
from .pdf.cache import PdfCache
from .pdf.jobs import plan_pdfs
from .pdf.settings import PdfSettings, pdf_settings
from .problems import LibraryError
from .publishing import refuse_unpublishable
from .reports import report
from .scaffold import ScaffoldError, new_document, new_translation, release
from .serve_command import run_serve, serve_command
from .settings import CONFIG_NAME, SiteSettings, find_config, include_drafts, site_settings
from .translations import TRANSLATION_STATES, Cell, TranslationStatus, translation_status

# What other modules and the tests import from here.
__all__ = ["EXAMPLES", "UsageError", "build_parser", "main", "status_table"]

class UsageError(Exception):
    """A bad argument or setting: the command stops with exit code 2."""


# 128 + SIGPIPE: what a shell reports for a command whose reader went away.
EXIT_CLOSED_OUTPUT = 141


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # a usage error exits with 2, with argparse's message
    if args.command is None:
        parser.print_help()
        return 2
    command: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
    try:
        if args.config is None:
            args.config = _found_config()
        status = command(args)
        sys.stdout.flush()  # a closed reader is noticed here, not at exit
        return status
    # The reader of the output closed it early (`nisdocs status | head -1`): stop quietly,
    # with the exit status of a command that SIGPIPE ended.
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLOSED_OUTPUT
    # A bad argument, whether the parser, git or a scaffold found it.
    except (UsageError, ChangesError, ScaffoldError) as error:
        print(f"nisdocs {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug in nisdocs, not bad input: say so, exit 2
        if os.environ.get("NISDOCS_DEBUG"):
            traceback.print_exc()
        print(f"nisdocs {args.command}: internal error: {type(error).__name__}: {error}\n"
              "This is a bug in nisdocs; please report it (NISDOCS_DEBUG=1 shows the "
              "traceback).", file=sys.stderr)
        return 2


# -- check ------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    config = _library_config(args.config, drafts=args.drafts)
    site = _read_site_settings(args.config)
    settings = None if args.no_pdf else _pdf_settings(site, config)
    try:
        result = run_check(config, site_url=site.site_url, pdf=settings,
                           targets=args.targets, changed_since=args.changed_since)
    except TargetError as error:
        raise UsageError(str(error)) from None
    problems = result.problems
    _write(report(problems, args.format, result.warnings), args.output)
    pdfs = ""
    if result.pdfs is not None:
        pdfs = f"; {_count(result.pdfs.jobs, 'PDF')}"
        if result.pdfs.compiled is not None:
            pdfs += f", {result.pdfs.compiled} compiled"
        if result.pdfs.skipped:
            pdfs += (f" ({_count(result.pdfs.skipped, 'document')} with problems left out "
                     "of the PDF stage)")
    if problems:
        files = len({problem.path for problem in problems})
        print(f"{_count(len(problems), 'problem')} in {_count(files, 'file')} "
              f"(checked {result.scope_note}{pdfs})", file=sys.stderr)
        return 1
    warned = f", {_count(len(result.warnings), 'warning')}" if result.warnings else ""
    print(f"ok: checked {result.scope_note}{pdfs}{warned}", file=sys.stderr)
    return 0


def _pdf_settings(site: SiteSettings, config: LibraryConfig) -> PdfSettings:
    """The build's PDF settings (its cache above all), whether or not the build makes
    PDFs: NISDOCS_PDF switches the build's PDFs, not what check and `nisdocs pdf` do."""
    try:
        return pdf_settings(site.options.pdf, root=config.root, serving=False,
                            environ={k: v for k, v in os.environ.items()
                                     if k != "NISDOCS_PDF"},
                            source_language=config.source_language)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}") from None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


# -- new, translate, release ------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    config = _library_config(args.config, drafts=True)
    path = new_document(config, title=args.title, topics=args.topic, doc_type=args.type,
                        summary=args.summary, today=config.today)
    print(f"created {_shown(path, config)}: {path.parent.name.upper()}, version 1.0, a draft\n"
          "next: write the text and the summary, run `nisdocs check`, preview with "
          "`NISDOCS_DRAFTS=true mkdocs serve`")
    return 0


def _translate(args: argparse.Namespace) -> int:
    library = _document_library(args)
    path = new_translation(library, args.document, args.language)
    current = library.documents[args.document.upper()].current
    print(f"created {_shown(path, library.config)}: the text of {current.document_id} "
          f"{current.version} to translate into {args.language}\n"
          "next: translate the title, short title, summary and text (keep the headings, "
          "tables, footnotes, links and images as in the source), then `nisdocs check`")
    return 0


def _release(args: argparse.Namespace) -> int:
    library = _document_library(args)
    result = release(library, args.document, args.version, args.date or library.config.today)
    document = library.documents[args.document.upper()]
    archived = document.current.version
    print(f"archived {document.id} {archived} in {_shown(result.archive, library.config)}/ "
          f"({', '.join(path.as_posix() for path in result.copied)})\n"
          f"started {args.version} in {_shown(result.source, library.config)}: a draft\n"
          "next: edit the text, add a version_note, then set the status and the adoption "
          "date; the translations next to it stay outdated until translators update them")
    return 0


def _import(args: argparse.Namespace) -> int:
    # Which of the three forms, refused when the options mix them.
    if args.document is None and args.language is not None:
        raise UsageError("--language imports a translation of an existing document; give it "
                         "with --document ID")
    if args.document is not None:
        given = [f"--{name}" for name in ("topic", "type") if getattr(args, name)]
        if given:
            verb = "are" if len(given) > 1 else "is"
            raise UsageError(f"{' and '.join(given)} {verb} for a new document; an earlier "
                             f"version or a translation takes them from {args.document}")
        if (args.version is None) == (args.language is None):
            raise UsageError("--document takes --version (the PDF is an earlier version) or "
                             "--language (the PDF is a translation), one of them")
        if args.language is not None and args.date is not None:
            raise UsageError("--date is for a version; a translation has the date of its "
                             "source")
    pdf = read_pdf(args.file)  # before the library: a file that is no PDF is named first
    if args.document is None:
        config = _library_config(args.config, drafts=True)
        result = import_document(config, pdf, title=args.title, topics=args.topic,
                                 doc_type=args.type or "guideline",
                                 version=args.version or "1.0", day=args.date or config.today)
        dated = "check the date (the publication's adoption date)" if args.date else \
            f"set the date (today, {config.today.isoformat()}) to the publication's adoption date"
        next_steps = f"{dated}, complete the summary, topics and references"
    else:
        library = _document_library(args)
        document = library.documents.get(args.document.upper())
        if document is None:
            raise UsageError(f"no document {args.document!r} in {library.config.source_dir}/; "
                             f"known: {', '.join(library.documents) or 'none'}")
        config = library.config
        if args.language is None:
            result = import_version(library, pdf, document, title=args.title,
                                    version=args.version, day=args.date)
            next_steps = ("check the status, the date (the publication's adoption date) and "
                          "the title, write the summary (check refuses the placeholder in a "
                          "published version)")
        else:
            result = import_translation(library, pdf, document, title=args.title,
                                        language=args.language)
            next_steps = (f"check the title, write the summary in {args.language} (check "
                          "refuses the placeholder in a published version)")
    print(f"created {_shown(result.markdown, config)} and {result.pdf.name}: "
          f"{_imported_what(result, args.language)}")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"next: {next_steps}, run `nisdocs check`, preview with "
          "`NISDOCS_DRAFTS=true mkdocs serve`")
    return 0


def _imported_what(result: Imported, language: str | None) -> str:
    if result.status is None:
        return f"the {language} text of {result.document_id} {result.version}"
    status = "a draft" if result.status == "draft" else result.status
    return f"{result.document_id}, version {result.version}, {status}"


def _document_library(args: argparse.Namespace) -> Library:
    """The library with drafts, for a command on one document: refused when that document
    has problems of its own."""
    config = _library_config(args.config, drafts=True)
    library, problems = scan_library(config)
    folder = f"{config.source_dir}/{args.document.lower()}/"
    own = [problem for problem in problems if problem.path.startswith(folder)]
    if own:
        raise UsageError(f"{args.document.upper()} has problems to fix first:\n" +
                         "\n".join(f"  {problem}" for problem in own))
    return library


def _shown(path: Path, config: LibraryConfig) -> str:
    return path.relative_to(config.root).as_posix()


# -- status -----------------------------------------------------------------------


def _status(args: argparse.Namespace) -> int:
    config = _library_config(args.config, drafts=False)
    try:
        library = load_library(config)
    except LibraryError as error:
        print(error, file=sys.stderr)
        return 1
    status = translation_status(library)
    if args.format == "json":
        print(json.dumps(status.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(status_table(status))
    return 0


def status_table(status: TranslationStatus) -> str:
    """The matrix as aligned text: coverage per language, then document by language."""
    lines = [f"Translations of {len(status.rows)} documents (source language: "
             f"{status.source_language})", ""]
    states = [state.value for state in TRANSLATION_STATES]
    lines.append(_aligned([["language", *states]] + [
        [language, *(str(count) for count in status.coverage(language).values())]
        for language in status.languages]))
    lines.append("")
    header = ["document", "version", *status.languages]
    rows = [[row.document_id, row.version,
             *(_cell_text(row.cells[language]) for language in status.languages)]
            for row in status.rows]
    lines.append(_aligned([header, *rows]))
    return "\n".join(lines)


def _cell_text(cell: Cell) -> str:
    # A translation that exists only as a PDF says so: it is updated as a file, not edited.
    pdf = ", PDF" if cell.pdf else ""
    if cell.state is TranslationState.OUTDATED:
        return f"outdated ({cell.translated_version}{pdf})"
    if cell.state is TranslationState.IN_PROGRESS:
        return "in progress"
    return f"{cell.state.value} (PDF)" if pdf else str(cell.state.value)


def _aligned(table: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    return "\n".join(
        "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
        for row in table)


# -- pdf --------------------------------------------------------------------------


def _pdf(args: argparse.Namespace) -> int:
    site = _read_site_settings(args.config)
    if args.language and args.language not in site.languages:
        raise UsageError(f"unknown language {args.language!r}; the site's languages are "
                         f"{', '.join(site.languages)}")
    config = _library_config(args.config, drafts=args.drafts)
    settings = _pdf_settings(site, config)
    try:
        library = load_library(config)
        refuse_unpublishable(library)
    except LibraryError as error:
        print(error, file=sys.stderr)
        return 1
    document_id = args.document.upper() if args.document else None
    if document_id and document_id not in library.documents:
        # A document whose every version is a draft is left out unless asked for.
        folder = config.root / config.source_dir / document_id.lower()
        if not args.drafts and folder.is_dir():
            raise UsageError(f"{document_id} is a draft, left out unless drafts are asked "
                             f"for; allowed: nisdocs pdf {document_id} --drafts")
        raise UsageError(f"no document {args.document!r} in the library; "
                         f"known: {', '.join(library.documents)}")
    jobs = [job for job in plan_pdfs(library, site.site_url, publisher=settings.publisher)
            if (document_id is None or job.document_id == document_id)
            and (args.language is None or job.language == args.language)
            and (not args.current
                 or job.version == library.documents[job.document_id].current.version)]
    if not jobs:
        print("nisdocs pdf: no PDF matches (that document has no text in that language)",
              file=sys.stderr)
        return 1

    def progress(done: int, total: int) -> None:
        print(f"\rcompiling {done}/{total}", end="" if done < total else "\n", file=sys.stderr)

    try:
        pdfs = build_pdfs(jobs, config.root, PdfCache(settings.cache),
                          workers=settings.workers, progress=progress)
    except LibraryError as error:
        print(error, file=sys.stderr)
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs.files.values():
        shutil.copyfile(pdf.path, args.output / pdf.url.rsplit("/", 1)[1])
    print(f"{len(pdfs.files)} PDFs in {args.output} ({pdfs.compiled} compiled, "
          f"{pdfs.reused} from the cache, {pdfs.seconds:.1f} s)")
    return 0


# -- serve ------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    site = _read_site_settings(args.config)
    try:
        command, env = serve_command(args.config, args.language, site.languages,
                                     drafts=args.drafts, address=args.dev_addr)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return run_serve(command, env, args.config.parent)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _check, "new": _new, "translate": _translate, "release": _release,
    "import": _import, "status": _status, "pdf": _pdf, "serve": _serve,
}


# -- the site's settings ----------------------------------------------------------


def _library_config(config_path: Path, *, drafts: bool) -> LibraryConfig:
    """The library as the build loads it: with drafts when `drafts` (a command's own
    --drafts) or the drafts setting (NISDOCS_DRAFTS, the plugin's drafts option) says so."""
    site = _read_site_settings(config_path)
    try:
        drafts = drafts or include_drafts(site.options, os.environ)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return LibraryConfig(root=config_path.resolve().parent, languages=site.languages,
                         source_dir=site.options.sources, include_drafts=drafts)


def _found_config() -> Path:
    """The project's mkdocs.yml, from any folder of the project."""
    found = find_config(Path.cwd())
    if found is None:
        raise UsageError(f"no {CONFIG_NAME} in {Path.cwd()} or any folder above it; run "
                         f"nisdocs inside the project, or name its {CONFIG_NAME} with --config")
    return found


def _read_site_settings(config_path: Path) -> SiteSettings:
    try:
        return site_settings(config_path)
    except OSError as error:
        raise UsageError(f"cannot read {config_path}: {error.strerror}") from None
    except (ValueError, AttributeError, yaml.YAMLError) as error:
        raise UsageError(f"cannot read {config_path}: {error}") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
