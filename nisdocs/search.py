"""The site's search index: Pagefind over the built pages, one index per language.

Which pages search finds, and what it shows of them, is decided here; the templates
mark those pages up (`data-pagefind-body` and friends, overrides/main.html and
partials/nisdocs/document.html) and `write_index` runs Pagefind over the finished site.
The reader's side is docs/assets/nisdocs-search.js.

Pagefind splits the index by each page's `<html lang>`: a reader of one language
downloads that language's index, in chunks as the words typed need them, whatever the
number of languages and documents (benchmarks/results/downloads.md). It folds case and
accents when indexing and querying, matches prefixes, and stems the languages it has a
Snowball stemmer for (benchmarks/results/search-engines.md).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The pages search finds: documents (their current version), topics, cited acts and
# articles, and the site's own pages (about, contributing...). Not the listings that
# repeat them (library, downloads, translations, the topic and legislation indexes),
# earlier versions, comparisons of versions, nor the home page.
SEARCHED_KINDS = frozenset({"document", "topic", "act", "article", "front-matter", "page"})

# Parts of a searched page that are not its content: notices, PDF buttons, the labels of
# the document details (their values, such as topics and legal references, are searched)
# and its short link, the list of languages (every document would match "Deutsch"), the
# version history, the citation and headings' permalink signs. (The edit link is in the
# footer, outside what is searched.) Of a text extracted from a PDF, its words are searched,
# not the headings and the note around them, which every such text has.
EXCLUDED = (".nisdocs-notice", ".nisdocs-pdfs", ".nisdocs-details__title", ".nisdocs-details dt",
            ".nisdocs-short-link", ".nisdocs-languages", ".nisdocs-history", ".nisdocs-cite",
            ".headerlink", ".nisdocs-pdf-text > h2", ".nisdocs-pdf-text__untagged",
            ".nisdocs-pdf-text__note", ".nisdocs-pdf-text h3")

# Where the index goes, under the site's root (the pages' script loads it from there).
FOLDER = "pagefind"

# What Pagefind writes that the site does not serve: its ready-made interfaces, the
# highlighting script and the playground. nisdocs' own script is the only interface.
_NOT_SERVED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
               "pagefind-modular-ui.css", "pagefind-component-ui.js",
               "pagefind-component-ui.css", "pagefind-highlight.js", "playground")


def search_view(kind: str, language: str, text_language: str,
                language_names: Mapping[str, str], **facts: str) -> dict[str, Any] | None:
    """What the templates mark a page of `kind` up with for the index, or None when
    search does not find such pages: `lang`, the language the text is written in (a
    filter, so that the reader's language ranks first), and `meta`, the facts shown with
    a result (each a `data-pagefind-meta="key:value"`: the id, version, date and status
    of a document; the text's language when it is not the reader's)."""
    if kind not in SEARCHED_KINDS:
        return None
    meta = {key: value for key, value in facts.items() if value}
    meta["lang"] = text_language
    if text_language != language:
        meta["language"] = language_names[text_language]
    return {"lang": text_language, "meta": meta}


class SearchIndexError(Exception):
    """Pagefind could not run or could not index the built site."""


@dataclass(frozen=True)
class IndexReport:
    """What `write_index` indexed: the number of pages of each language's index."""

    pages: dict[str, int]
    folder: Path


def write_index(site_dir: Path) -> IndexReport:
    """Index the built site in `site_dir` with Pagefind into `site_dir/pagefind/`, one
    index per language; pages that do not mark their content (`data-pagefind-body`) are
    left out. Raises SearchIndexError when Pagefind cannot run or index."""
    output = site_dir / FOLDER
    _run_pagefind(site_dir, output)
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"nisdocs: Pagefind wrote no readable index: {error}") from None
    for name in _NOT_SERVED:
        path = output / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    pages = {language: int(index["page_count"])
             for language, index in sorted(entry["languages"].items())}
    return IndexReport(pages, output)


def _run_pagefind(site_dir: Path, output: Path) -> None:
    """Pagefind's own command, which returns once every file is written. (Its Python
    API gives the writing at most 5 seconds when it closes: on a loaded machine it left
    indexes half written.) Its options are a configuration file in the folder it runs
    in, where it looks for one."""
    # Imported here: the rest of nisdocs (the page model, `nisdocs check`) needs no
    # search engine.
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("nisdocs: Pagefind's program is missing: "
                               "pip install -r requirements.lock")
    settings = {"site": str(site_dir.resolve()), "output_path": str(output.resolve()),
                "exclude_selectors": list(EXCLUDED)}
    with tempfile.TemporaryDirectory(prefix="nisdocs-pagefind-") as folder:
        (Path(folder) / "pagefind.json").write_text(json.dumps(settings), "utf-8")
        try:
            done = subprocess.run([str(executable), "--quiet"], cwd=folder, text=True,
                                  capture_output=True, check=False)
        except OSError as error:
            raise SearchIndexError(f"nisdocs: Pagefind could not run: {error}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()[-2000:]
        raise SearchIndexError(f"nisdocs: Pagefind could not index the site: {said}")
