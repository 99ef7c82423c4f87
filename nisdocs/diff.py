"""What changed between two versions of a text: a readable diff of Markdown bodies.

Plain Python, no mkdocs. A body is split into blocks (headings, paragraphs, list items,
table rows, footnotes, admonitions, code blocks); the blocks of both versions are
matched with difflib, and a block that changed is compared word by word. The result is
a list of typed entries for a template, never HTML: text stays literal Markdown, and
whoever renders it escapes it.

    >>> entries = diff_texts("## A\\n\\nOne two.\\n", "## A\\n\\nOne three.\\n").entries
    >>> [entry.kind for entry in entries]
    ['heading', 'changed']
    >>> entries[1].parts
    (('equal', 'One '), ('delete', 'two'), ('insert', 'three'), ('equal', '.'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from .scanner import Heading, code_blocks, footnote_definitions, mask_code, written_headings

# What a block is in the Markdown source.
BlockKind = Literal["heading", "paragraph", "item", "row", "footnote", "admonition", "code"]
# What an entry of the diff says about its block.
EntryKind = Literal["heading", "unchanged", "added", "removed", "changed"]
Op = Literal["equal", "insert", "delete"]
Part = tuple[Op, str]

# Two blocks of the same kind this similar (0 to 1, by words) are one block that changed;
# below it, the old block counts as removed and the new one as added.
SIMILARITY = 0.5
# How many blocks of a replaced stretch a new block is compared with (see _pair).
WINDOW = 20

_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+")
_ORDERED = re.compile(r"^\d{1,9}[.)]")
_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)\s")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # the block's Markdown on one line (runs of whitespace made one space)
    level: int = 0  # a heading's level, 1 to 6

    @property
    def key(self) -> tuple[str, str]:
        """What must be equal for two blocks to be the same: an ordered list item's
        number does not count (Markdown renumbers the list; inserting an item changes
        the numbers of those after it)."""
        if self.kind == "item":
            return (self.kind, _ORDERED.sub("1.", self.text, count=1))
        return (self.kind, self.text)


@dataclass(frozen=True)
class Entry:
    """One line of the diff as a reader sees it.

    - `heading`: an unchanged heading of the newer version, kept as context;
    - `unchanged`: `count` unchanged blocks, collapsed;
    - `added` / `removed`: a block only the newer / older version has (`text`);
    - `changed`: a block of both, with `parts` saying which words were inserted or
      deleted; `text` is the newer block.
    """

    kind: EntryKind
    block: BlockKind | None = None
    text: str = ""
    level: int = 0
    parts: tuple[Part, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class TextDiff:
    entries: tuple[Entry, ...]
    added: int
    removed: int
    changed: int

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


# -- blocks -------------------------------------------------------------------


def split_blocks(markdown: str) -> list[Block]:
    """The blocks of a Markdown body, in order. Table rows are blocks of their own (the
    `|---|` rule is left out); a list item or footnote keeps its continuation lines; an
    admonition or fenced code block is one block."""
    blocks: list[Block] = []
    lines = markdown.splitlines()
    current: list[str] = []
    kind: BlockKind = "paragraph"

    def flush() -> None:
        nonlocal current
        if current:
            text = " ".join(" ".join(current).split())
            blocks.append(Block(kind, text))
        current = []

    # Where code, headings and footnotes are, as the site's renderer reads them
    # (nisdocs/scanner.py).
    body = "\n".join(lines)
    code_ends = dict(code_blocks(body))
    masked = mask_code(body)
    heading_rows = _heading_rows(body, masked, lines)
    footnote_rows = {note.line - 1 for note in footnote_definitions(masked)}
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if index in code_ends:  # a fenced code block, kept whole with its line breaks
            flush()
            end = code_ends[index]
            blocks.append(Block("code", "\n".join(lines[index:end])))
            index = end
            continue
        if not stripped:
            # A blank line ends a paragraph; an indented line after it may continue an
            # item, footnote or admonition (a second paragraph of the same block).
            if kind in ("item", "footnote", "admonition") and current:
                following = next((row for row in range(index + 1, len(lines))
                                  if lines[row].strip()), None)
                if following is not None and following not in code_ends and \
                        lines[following].startswith(("    ", "\t")):
                    index += 1
                    continue
            flush()
            kind = "paragraph"
        elif index in heading_rows:
            flush()
            heading, rows = heading_rows[index]
            blocks.append(Block("heading", heading.text, heading.level))
            kind = "paragraph"
            index += rows
            continue
        elif stripped.startswith("|"):
            if kind != "row":
                flush()
            if not _TABLE_RULE.match(stripped):
                flush()
                kind = "row"
                current = [stripped]
        elif _ITEM.match(line) and not line.startswith(("    ", "\t")):
            flush()
            kind = "item"
            current = [stripped]
        elif index in footnote_rows:
            flush()
            kind = "footnote"
            current = [stripped]
        elif _ADMONITION.match(line):
            flush()
            kind = "admonition"
            current = [stripped]
        else:
            if kind == "row":  # a line after a table that is not a row starts a paragraph
                flush()
                kind = "paragraph"
            current.append(stripped)
        index += 1
    flush()
    return blocks


def _heading_rows(body: str, masked: str,
                  lines: Sequence[str]) -> dict[int, tuple[Heading, int]]:
    """The headings of `body` by their first row (0-based), with the rows each takes:
    one for `## Title`, two for a title underlined with === or ---. A heading inside a
    quote stays part of the quote's paragraph."""
    rows: dict[int, tuple[Heading, int]] = {}
    for heading in written_headings(body, masked):
        row = heading.line - 1
        first = lines[row].lstrip(" \t")
        if first.startswith("#"):
            rows[row] = (heading, 1)
        elif not first.startswith(">"):
            rows[row] = (heading, 2)
    return rows


# -- words --------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Words, single punctuation marks and runs of whitespace: joined, the text again."""
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> tuple[Part, ...]:
    """`new` against `old`, word by word: runs of equal, deleted and inserted text that
    give `old` without the inserts and `new` without the deletes. In each changed stretch
    the deletion comes before the insertion; a space alone between two changes joins
    them, so that "a b" -> "c d" reads as one replacement, not two."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    raw: list[Part] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            raw.append(("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            raw.append(("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            raw.append(("insert", "".join(new_tokens[j1:j2])))
    # Fold whitespace-only equal runs between two changes into both sides.
    folded: list[Part] = []
    for index, (op, text) in enumerate(raw):
        between = (0 < index < len(raw) - 1 and raw[index - 1][0] != "equal"
                    and raw[index + 1][0] != "equal")
        if op == "equal" and between and not text.strip():
            folded += [("delete", text), ("insert", text)]
        else:
            folded.append((op, text))
    # Each stretch of changes: all it deletes, then all it inserts.
    parts: list[Part] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def close() -> None:
        if deleted:
            parts.append(("delete", "".join(deleted)))
        if inserted:
            parts.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in folded:
        if op == "delete":
            deleted.append(text)
        elif op == "insert":
            inserted.append(text)
        else:
            close()
            if parts and parts[-1][0] == "equal":
                parts[-1] = ("equal", parts[-1][1] + text)
            else:
                parts.append(("equal", text))
    close()
    return tuple(part for part in parts if part[1])


# -- blocks of two versions ------------------------------------------------------


def diff_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[Entry]:
    """Every block of both versions in reading order, each as an entry: `unchanged`
    (count 1, or `heading` for a heading), `added`, `removed` or `changed`. A block that
    changed is found among the blocks of a replaced stretch by its similarity to one of
    the old blocks (same kind, in order)."""
    entries: list[Entry] = []
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new],
                              autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            entries += [_unchanged(block) for block in new[j1:j2]]
        else:
            entries += _pair(old[i1:i2], new[j1:j2])
    return entries


def _unchanged(block: Block) -> Entry:
    if block.kind == "heading":
        return Entry("heading", block.kind, block.text, block.level)
    return Entry("unchanged", block.kind, block.text, count=1)


def _pair(old: Sequence[Block], new: Sequence[Block]) -> list[Entry]:
    """A replaced stretch: each new block paired, in order, with the most similar old
    block of its kind after the last pair; old blocks left over are removed, new ones
    added. Removed blocks come before the changed block that follows them; those left
    at the end come before the first added heading after the last pair (a section
    replaced by another reads as the old one removed, then the new one added), else
    after everything added."""
    entries: list[Entry] = []
    next_old = 0
    tail = 0  # where the entries after the last pair begin
    old_tokens = [tokens(b.text) for b in old]
    for block in new:
        best, best_ratio = None, SIMILARITY
        # Comparing every pair is quadratic in a stretch's length: the matcher keeps the
        # new block's words indexed, and its cheap upper bounds skip old blocks that
        # cannot beat the best so far (the same choice as computing every ratio).
        # Only the next WINDOW old blocks of the kind are candidates, which bounds the
        # work on two long unrelated texts.
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(tokens(block.text))
        candidates = [i for i in range(next_old, len(old)) if old[i].kind == block.kind]
        for index in candidates[:WINDOW]:
            matcher.set_seq1(old_tokens[index])
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = index, ratio
        if best is None:
            entries.append(Entry("added", block.kind, block.text, block.level))
            continue
        entries += [Entry("removed", b.kind, b.text, b.level) for b in old[next_old:best]]
        entries.append(Entry("changed", block.kind, block.text, block.level,
                             diff_words(old[best].text, block.text)))
        next_old = best + 1
        tail = len(entries)
    at = next((i for i in range(tail, len(entries)) if entries[i].block == "heading"),
              len(entries))
    entries[at:at] = [Entry("removed", b.kind, b.text, b.level) for b in old[next_old:]]
    return entries


def collapse(entries: Iterable[Entry]) -> list[Entry]:
    """Runs of unchanged blocks as one `unchanged` entry with their count; unchanged
    headings stay, so that each change is seen under the heading it falls in."""
    collapsed: list[Entry] = []
    for entry in entries:
        if entry.kind == "unchanged" and collapsed and collapsed[-1].kind == "unchanged":
            last = collapsed[-1]
            collapsed[-1] = Entry("unchanged", count=last.count + entry.count)
        elif entry.kind == "unchanged":
            collapsed.append(Entry("unchanged", count=entry.count))
        else:
            collapsed.append(entry)
    return collapsed


def diff_texts(old: str, new: str) -> TextDiff:
    """The readable diff of two Markdown bodies: unchanged blocks collapsed, headings
    of the newer version kept, and the counts of added, removed and changed blocks."""
    entries = diff_blocks(split_blocks(old), split_blocks(new))

    def count(kind: str) -> int:
        return sum(1 for entry in entries if entry.kind == kind)

    return TextDiff(tuple(collapse(entries)), count("added"), count("removed"),
                    count("changed"))


def diff_lists(old: Sequence[str], new: Sequence[str]) -> tuple[list[str], list[str]]:
    """What `new` adds to `old` and what it drops, each in its own order."""
    return [item for item in new if item not in old], [item for item in old if item not in new]
