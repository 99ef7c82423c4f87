"""Untranslated translations: the mark a `nisdocs translate` scaffold carries until it is
translated, and the rule that finds a scaffold whose mark was removed too early.

A translation is taken as copied from its source when at least COPIED_SHARE of its prose
paragraphs (blocks of text separated by blank lines, with at least MIN_WORDS words, not
headings, code, tables or HTML) appear word for word in the source. Code, tables and
headings may well stay the same in a translation; prose does not.
"""

from __future__ import annotations

import re
from pathlib import Path

from .frontmatter import read_front_matter
from .scanner import fenced_lines

IN_PROGRESS = "in-progress"  # the value of the `translation` field of a scaffold
COPIED_SHARE = 0.9
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_PROSE = ("#", "```", "~~~", "|", "<", "    ", "\t", "{:", "[^", "*[")


def prose_paragraphs(body: str) -> list[tuple[int, str]]:
    """(0-based line in `body`, text with spaces normalised) of each prose paragraph."""
    paragraphs: list[tuple[int, str]] = []
    block: list[str] = []
    start = 0
    # Fenced code is never prose, even where it has blank lines inside: where it is, the
    # scanner says, as for every other rule.
    code = [*fenced_lines(body), False]
    for number, line in enumerate([*body.split("\n"), ""]):
        if line.strip() and not code[number]:
            start = number if not block else start
            block.append(line)
            continue
        if block and not block[0].startswith(_NOT_PROSE):
            text = " ".join(" ".join(block).split())
            if len(_WORD.findall(text)) >= MIN_WORDS:
                paragraphs.append((start, text))
        block = []
    return paragraphs


def copied_from_source(body: str, source_path: Path) -> int | None:
    """The 0-based line in `body` of the first paragraph copied from the source at
    `source_path` when (nearly) all of the translation's prose is copied; else None."""
    paragraphs = prose_paragraphs(body)
    if not paragraphs:
        return None
    try:
        source_text = source_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # the source's own problem, reported where it is read
    front, _problems = read_front_matter(source_text, str(source_path))
    if front is None:
        return None
    source = {text for _line, text in prose_paragraphs(front.body)}
    copied = [line for line, text in paragraphs if text in source]
    if len(copied) >= COPIED_SHARE * len(paragraphs):
        return copied[0]
    return None


def marked_in_progress(path: Path) -> bool:
    """Whether the translation at `path` carries `translation: in-progress`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    front, _problems = read_front_matter(text, str(path))
    return front is not None and front.data.get("translation") == IN_PROGRESS
