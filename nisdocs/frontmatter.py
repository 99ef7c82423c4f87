"""Read a Markdown source: its YAML front matter, the line of each field, and its body.

Dates stay text (so that an impossible date is reported, not raised by the YAML
reader), duplicate keys are problems, and no YAML tag can build Python objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:  # the C parser is several times faster; the pure-Python one behaves the same
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


class _TextDatesLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that leaves timestamps as text."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass
class FrontMatter:
    """A source split into its front matter and its body."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # field or `field[i]` -> 1-based line
    raw: dict[str, str] = field(default_factory=dict)  # field name -> scalar as written
    body: str = ""
    body_line: int = 1  # line of the file on which the body starts


def read_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Split `text` (the content of the file at `path`) into front matter and body."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None, [
            Problem(path, 1, None, "no front matter: the file must start with a line '---', "
                    "then the YAML fields, then a line '---'")
        ]
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        return None, [
            Problem(path, 1, None, "the front matter opened on line 1 is never closed: "
                    "add a line '---' after the last field")
        ]
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    try:
        node = yaml.compose(yaml_text, Loader=_TextDatesLoader)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, path)]
    if node is None:
        return None, [Problem(path, 1, None, "the front matter is empty")]
    if not isinstance(node, yaml.MappingNode):
        return None, [
            Problem(path, node.start_mark.line + 2, None,
                    "the front matter must be a mapping of fields (`name: value`)")
        ]
    problems: list[Problem] = []
    key_lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2  # +1 for 1-based, +1 for the opening '---'
        if key in key_lines:
            first = key_lines[key]
            problems.append(Problem(path, line, key, f"appears twice (first on line {first})"))
        else:
            key_lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            raw[key] = value_node.value
        elif isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                key_lines.setdefault(f"{key}[{index}]", item.start_mark.line + 2)
    if problems:
        return None, problems
    try:
        data = _TextDatesLoader(yaml_text).construct_document(node)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, path)]
    except RecursionError:
        return None, [Problem(path, 1, None, "the front matter is nested too deeply")]
    return FrontMatter(data=data, lines=key_lines, raw=raw, body=body, body_line=end + 2), []


def _yaml_problem(error: yaml.YAMLError, path: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 2 if mark is not None else 1
    reason = getattr(error, "problem", None) or str(error)
    return Problem(path, line, None, f"the front matter is not valid YAML: {reason}")
