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
    close: appended to a message after what is allowed."""
    values = [str(value) for value in known]
    by_case = {value.casefold(): value for value in values}
    if found.casefold() in by_case and by_case[found.casefold()] != found:
        return f'; did you mean "{by_case[found.casefold()]}"?'
    close = difflib.get_close_matches(found.casefold(), list(by_case), n=1, cutoff=0.75)
    return f'; did you mean "{by_case[close[0]]}"?' if close else ""
