"""The `nisdocs` command: `nisdocs check` validates the library's sources, `nisdocs pdf`
builds PDFs without the site."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import __version__
from .library import LibraryConfig, load_library, scan_library
from .model import TranslationState
from .pdf.build import build_pdfs
from .pdf.cache import PdfCache
from .pdf.jobs import plan_pdfs
from .pdf.settings import pdf_settings
from .problems import LibraryError
from .translations import TRANSLATION_STATES, Cell, TranslationStatus, translation_status

EXAMPLES = """examples:
  nisdocs check                 validate guidelines/ as the build would
  nisdocs check --drafts        the same, as a preview build with drafts
  nisdocs pdf                   every PDF of the library, into pdf/
  nisdocs pdf NCG-0003          the PDFs of one document (every version and language)
  nisdocs pdf --language el     every document's PDFs in Greek
  nisdocs pdf NCG-0003 --language el --current -o out/
  nisdocs status                the translation matrix: document by language
  nisdocs status --format json  the same as JSON, for scripts
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nisdocs", description="The NIS Cooperation Group's library: tools for editors.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"nisdocs {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = _command(commands, "check", "validate the library's sources")
    check.add_argument("--drafts", action="store_true", help="check as a build with drafts")
    pdf = _command(commands, "pdf", "build PDFs without the site",
                   "Build the PDFs of the library, one document or one language, through "
                   "the same cache as the site build.")
    pdf.add_argument("document", nargs="?", metavar="ID", help="only this document (NCG-0003)")
    pdf.add_argument("--language", "-l", metavar="LANG", help="only this language (el)")
    pdf.add_argument("--current", action="store_true",
                     help="only the current version of each document")
    pdf.add_argument("--output", "-o", default="pdf", type=Path,
                     help="the folder the PDFs are copied to (default: %(default)s)")
    pdf.add_argument("--drafts", action="store_true", help="include drafts")
    status = _command(commands, "status", "where translations stand, document by language",
                      "The translation matrix of every document's current version: current, "
                      "outdated (translates version X, the source is at Y) or missing.")
    status.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.command == "status":
        return _status(args.config, args.format)
    if args.command == "check":
        return _check(args.config, args.drafts)
    if args.command == "pdf":
        return _pdf(args)
    parser.print_help()
    return 2


def _command(commands: Any, name: str, summary: str,
             description: str | None = None) -> argparse.ArgumentParser:
    """A subcommand with the examples and the `--config` option every command takes."""
    command: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=description or summary, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("--config", default="mkdocs.yml", type=Path,
                         help="the site's mkdocs.yml (default: %(default)s)")
    return command


def _library_config(site: SiteSettings, config_path: Path, drafts: bool) -> LibraryConfig:
    return LibraryConfig(root=config_path.resolve().parent, languages=site.languages,
                         source_dir=site.sources, include_drafts=drafts)


def _check(config_path: Path, drafts: bool) -> int:
    site = _read_site_settings(config_path)
    if site is None:
        return 2
    library, problems = scan_library(_library_config(site, config_path, drafts))
    for problem in sorted(problems, key=str):
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {len(library.documents)} documents")
    return 0


def _status(config_path: Path, output_format: str) -> int:
    site = _read_site_settings(config_path)
    if site is None:
        return 2
    try:
        library = load_library(_library_config(site, config_path, drafts=False))
    except LibraryError as error:
        print(error, file=sys.stderr)
        return 1
    status = translation_status(library)
    if output_format == "json":
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
    if cell.state is TranslationState.OUTDATED:
        return f"outdated ({cell.translated_version})"
    return str(cell.state.value)


def _aligned(table: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    return "\n".join(
        "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
        for row in table)


def _pdf(args: argparse.Namespace) -> int:
    site = _read_site_settings(args.config)
    if site is None:
        return 2
    if args.language and args.language not in site.languages:
        print(f"nisdocs: unknown language {args.language!r}; the site's languages are "
              f"{', '.join(site.languages)}", file=sys.stderr)
        return 2
    config = _library_config(site, args.config, args.drafts)
    try:
        settings = pdf_settings(site.pdf_options, root=config.root, serving=False,
                                environ={k: v for k, v in os.environ.items()
                                         if k != "NISDOCS_PDF"})
        library = load_library(config)
    except ValueError as error:
        print(f"nisdocs: {error}", file=sys.stderr)
        return 2
    except LibraryError as error:
        print(error, file=sys.stderr)
        return 1
    document_id = args.document.upper() if args.document else None
    if document_id and document_id not in library.documents:
        print(f"nisdocs: no document {args.document!r} in the library; "
              f"known: {', '.join(library.documents)}", file=sys.stderr)
        return 2
    jobs = [job for job in plan_pdfs(library, site.site_url)
            if (document_id is None or job.document_id == document_id)
            and (args.language is None or job.language == args.language)
            and (not args.current
                 or job.version == library.documents[job.document_id].current.version)]
    if not jobs:
        print("nisdocs: no PDF matches (that document has no text in that language)",
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


@dataclass(frozen=True)
class SiteSettings:
    """What the commands need of mkdocs.yml."""

    languages: tuple[str, ...]  # the default (source) language first
    sources: str
    site_url: str | None
    pdf_options: Any


def _read_site_settings(config_path: Path) -> SiteSettings | None:
    try:
        return _site_settings(config_path)
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"nisdocs: cannot read {config_path}: {error}", file=sys.stderr)
        return None


class _IgnoreTagsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name` tags do not matter here."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_settings(config_path: Path) -> SiteSettings:
    data = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader)
    languages: list[str] = []
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = plugin["i18n"].get("languages") or []
            default = [e["locale"] for e in entries if e.get("default")]
            others = [e["locale"] for e in entries if not e.get("default") and e.get("build", True)]
            languages = default + others
    if not languages:
        languages = [((data.get("theme") or {}).get("language")) or "en"]
    extra = ((data.get("extra") or {}).get("nisdocs")) or {}
    return SiteSettings(languages=tuple(languages), sources=str(extra.get("sources", "guidelines")),
                        site_url=data.get("site_url"), pdf_options=extra.get("pdf"))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
