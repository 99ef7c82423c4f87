"""The `nisdocs` command's arguments: its subcommands, their options and examples.

The commands themselves are in nisdocs/cli.py; this is what `nisdocs --help` shows.
"""

from __future__ import annotations

import argparse
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .reports import FORMATS
from .settings import CONFIG_NAME
from .validate import front_matter_schema

EXAMPLES = {
    "check": """\
  nisdocs check                              everything, as the build checks it
                                             (site and PDFs), from any folder of
                                             the project
  nisdocs check NCG-0014                     one document, and those linking to it
  nisdocs check guidelines/ncg-0014/index.fr.md
  nisdocs check --no-pdf                     faster, without the PDF stage: no
                                             longer predicts the PDFs
  nisdocs check --drafts                     as a preview build that shows drafts
  nisdocs check --changed-since origin/main  only what this branch changes, and what
                                             links to it
  nisdocs check --format json                for scripts
  nisdocs check --format github              annotations for a GitHub workflow
  nisdocs check --format gitlab --output gl-code-quality-report.json""",
    "new": """\
  nisdocs new "Guideline on supply-chain risk assessments" --topic supply-chain-security
  nisdocs new "Peer review methodology" --type methodology --topic peer-reviews \\
      --topic capacity-building --summary "How Member States review each other."
""",
    "translate": """\
  nisdocs translate NCG-0003 fr    guidelines/ncg-0003/index.fr.md, to translate""",
    "release": """\
  nisdocs release NCG-0003 1.2     archive 1.1 in guidelines/ncg-0003/1.1/, start 1.2
  nisdocs release NCG-0003 2.0 --date 2026-12-01""",
    "import": """\
  nisdocs import cvd.pdf --topic vulnerability-management
                                   a new document: guidelines/<next id>/index.pdf and
                                   index.md, titled as the metadata of the PDF says
  nisdocs import scan.pdf --title "Guideline on peer reviews" --topic peer-reviews \\
      --date 2019-07-01
  nisdocs import old.pdf --document NCG-0003 --version 1.0
                                   an earlier version, in guidelines/ncg-0003/1.0/
  nisdocs import fr.pdf --document NCG-0003 --language fr
                                   the French text of the current version""",
    "status": """\
  nisdocs status                   the translation matrix: document by language
  nisdocs status --format json     the same as JSON, for scripts""",
    "pdf": """\
  nisdocs pdf                      every PDF of the library, into pdf/
  nisdocs pdf NCG-0003             the PDFs of one document (every version and language)
  nisdocs pdf --language el        every document's PDFs in Greek
  nisdocs pdf NCG-0003 --language el --current -o out/
  nisdocs pdf NCG-0013 --drafts    the PDFs of a draft""",
    "serve": """\
  nisdocs serve                    the site at http://127.0.0.1:8000/nisdocs/, following
                                   every save
  nisdocs serve --language fr      English (the source) and French only: faster
  nisdocs serve --drafts -a 127.0.0.1:8001""",
}

EXIT_CODES = "exit codes: 0 done, 1 problems found in the sources, 2 usage or internal error"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nisdocs",
        description="The NIS Cooperation Group's library: tools for editors and translators.",
        epilog="examples:\n" + "\n".join(EXAMPLES.values()) + "\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"nisdocs {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = _command(commands, "check", "validate the library's sources", (
        "Validate the library as the build does, site and PDFs, and more: internal links "
        "and images resolve, translations mirror their source's structure, no unsafe "
        "HTML. Every PDF the build would make is compiled, through the build's cache."))
    check.add_argument("targets", nargs="*", metavar="TARGET",
                       help="report only on these documents (ids such as NCG-0014) or files "
                            "and folders, and on the documents that link to them")
    check.add_argument("--drafts", action="store_true",
                       help="check as a preview build that shows drafts")
    check.add_argument("--changed-since", metavar="REF",
                       help="report only on documents changed since the merge base with the "
                            "git REF (such as origin/main), and those that depend on them")
    check.add_argument("--no-pdf", action="store_true",
                       help="leave out the PDF stage: faster, but a PDF the build cannot "
                            "make goes unreported")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text for people, json for scripts, github for workflow "
                            "annotations, gitlab for a Code Quality report "
                            "(default: %(default)s)")
    check.add_argument("--output", "-o", type=Path, metavar="FILE",
                       help="write the report to FILE instead of standard output")

    new = _command(commands, "new", "scaffold a new document with the next free id", (
        "Create guidelines/<id>/index.md for a new document: the next free id, valid front "
        "matter, status draft, version 1.0 and today's date."))
    new.add_argument("title", metavar="TITLE", help="the document's full title, in English")
    new.add_argument("--topic", action="append", default=[], metavar="KEY",
                     help="a topic key of guidelines/topics.yml (repeat for more)")
    new.add_argument("--type", default="guideline", metavar="TYPE",
                     choices=front_matter_schema()["$defs"]["document"]["properties"]["type"]
                     ["enum"], help="%(choices)s (default: %(default)s)")
    new.add_argument("--summary", help="one or two sentences on what the document is for")

    translate = _command(commands, "translate", "scaffold a translation of a document", (
        "Create index.<LANG>.md next to the document's current source: its front matter "
        "filled in (id, source_version) and the source's text to translate."))
    translate.add_argument("document", metavar="ID", help="the document's id (NCG-0003)")
    translate.add_argument("language", metavar="LANG", help="the language to translate into (fr)")

    release_command = _command(commands, "release", "archive the current version, start the next", (
        "Copy the current version's files (its texts and images) into a folder named by its "
        "version, where it stays published at its stable URL; then make index.md the next "
        "version, as a draft dated today, without the old version note."))
    release_command.add_argument("document", metavar="ID", help="the document's id (NCG-0003)")
    release_command.add_argument("version", metavar="VERSION", help="the next version (1.2)")
    release_command.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                                 help="the draft's date (default: today)")

    imported = _command(commands, "import", "add a publication that exists only as a PDF", (
        "Copy a PDF byte for byte into the library, beside a Markdown file with its front "
        "matter and an empty body: as a new draft document (index.pdf and index.md with the "
        "next free id), as an earlier version of a document (--document ID --version X.Y) "
        "or as the translation of its current version (--document ID --language LANG). "
        "The PDF is checked first as the build checks it."))
    imported.add_argument("file", type=Path, metavar="FILE.pdf", help="the PDF to import")
    imported.add_argument("--document", metavar="ID",
                          help="an existing document (NCG-0003): import an earlier version "
                               "(with --version) or a translation (with --language)")
    imported.add_argument("--version", metavar="VERSION",
                          help="the version the PDF is (default for a new document: 1.0)")
    imported.add_argument("--language", metavar="LANG",
                          help="the language of a translation (fr), with --document")
    imported.add_argument("--title", help="the title (default: the PDF's metadata title)")
    imported.add_argument("--topic", action="append", default=[], metavar="KEY",
                          help="a new document's topic key of guidelines/topics.yml (repeat "
                               "for more)")
    imported.add_argument("--type", metavar="TYPE",
                          choices=front_matter_schema()["$defs"]["document"]["properties"]
                          ["type"]["enum"],
                          help="a new document's type: %(choices)s (default: guideline)")
    imported.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                          help="the adoption date of the publication (default: today for a "
                               "new document, the next version's date for an earlier one)")

    status = _command(commands, "status", "where translations stand, document by language", (
        "The translation matrix of every document's current version: current, outdated "
        "(translates version X, the source is at Y) or missing."))
    status.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: %(default)s)")

    pdf = _command(commands, "pdf", "build PDFs without the site", (
        "Build the PDFs of the library, one document or one language, through the same "
        "cache as the site build."))
    pdf.add_argument("document", nargs="?", metavar="ID", help="only this document (NCG-0003)")
    pdf.add_argument("--language", "-l", metavar="LANG", help="only this language (el)")
    pdf.add_argument("--current", action="store_true",
                     help="only the current version of each document")
    pdf.add_argument("--output", "-o", default="pdf", type=Path,
                     help="the folder the PDFs are copied to (default: %(default)s)")
    pdf.add_argument("--drafts", action="store_true",
                     help="include drafts (a draft's PDFs need it: nisdocs pdf NCG-0013 "
                          "--drafts)")

    serve = _command(commands, "serve", "preview the site while you edit", (
        "Build the site without PDFs and serve it on this machine. A saved guideline is "
        "shown within a second: only the pages it changes are made again. A source with "
        "problems shows them in the browser, above the last good pages, until it is "
        "fixed. Each version's page offers its PDF, built when asked for."))
    serve.add_argument("--language", "-l", action="append", default=[], metavar="LANG",
                       help="show only this language besides the source language (repeat "
                            "for more; default: every language of the site)")
    serve.add_argument("--drafts", action="store_true", help="show drafts, bannered")
    serve.add_argument("--dev-addr", "-a", metavar="IP:PORT",
                       help="the address to serve on (default: 127.0.0.1:8000)")
    return parser


def _command(commands: Any, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    """A subcommand with its examples and the `--config` option every command takes."""
    command: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=textwrap.fill(description, width=88),
        epilog=f"examples:\n{EXAMPLES[name]}\n\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("--config", type=Path,
                         help=f"the site's {CONFIG_NAME} (default: the one of the current "
                              "folder or the nearest folder above it)")
    return command


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"found {text!r}; allowed: a date YYYY-MM-DD") from None
