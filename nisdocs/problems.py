"""Problems found in the library's sources, reported all at once with their place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a source file.

    `path` is relative to the project root, `line` is 1-based where known, `field` names
    the front-matter field (or a link, or the file itself), and `message` says what was
    found and what is allowed.
    """

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{place}: {what}{self.message}"


class LibraryError(Exception):
    """The library's sources have problems; the build must stop."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=problem_order)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{count} {noun} in the library's sources:\n{lines}")


def problem_order(problem: Problem) -> tuple[str, int, str, str]:
    """Problems in file order, then line order."""
    return (problem.path, problem.line or 0, problem.field or "", problem.message)


def describe(value: object) -> str:
    """Say what a YAML value is, for messages: `the number 1.1`, `the text "x"`."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'"{shown}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def shorten(value: str, limit: int = 80) -> str:
    """`value` for a message: control characters shown as escapes, at most `limit` long."""
    value = re.sub(r"[\x00-\x1f\x7f]", lambda match: f"\\x{ord(match[0]):02x}", value)
    return value if len(value) <= limit else value[:limit - 3] + "..."


def did_you_mean(found: str, known: Iterable[str]) -> str:
    """`; did you mean "x"?` for the known value closest to `found`, or "" when none is
    close: appended to a message after what is allowed.

    Close means few edits apart, case aside (a letter added, left out, changed, or two
    letters swapped: `NCG-0030` is one edit from NCG-0003); between equally close values,
    the one sharing more of its letters in order wins, then the first known."""
    values = list(dict.fromkeys(str(value) for value in known))
    if found in values:
        return ""
    wanted = found.casefold()
    limit = max(1, (len(wanted) - 4) // 3)
    scored = []
    for index, value in enumerate(values):
        if abs(len(value) - len(wanted)) > limit:
            continue
        distance = _edits(wanted, value.casefold())
        if distance <= limit and value != found:
            similarity = difflib.SequenceMatcher(None, wanted, value.casefold()).ratio()
            scored.append((distance, -similarity, index, value))
    return f'; did you mean "{min(scored)[3]}"?' if scored else ""


def _edits(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours that make `a` into
    `b` (the optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
