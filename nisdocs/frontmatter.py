"""Read a Markdown source: its YAML front matter, the line of each field, and its body.

Dates stay text (so that an impossible date is reported, not raised by the YAML
reader), duplicate keys are problems, and no YAML tag can build Python objects. Anchors
and aliases (`&name`, `*name`) are refused, since a few aliases expand into millions of
values, and so is nesting deeper than any field needs; a value YAML cannot build
(`!!timestamp 2024-02-30`, an integer of 5000 digits) is a problem at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from .problems import Problem, describe

if TYPE_CHECKING:
    SafeLoaderClass = type[yaml.SafeLoader] | type[yaml.CSafeLoader]

# The C parser (libyaml) is several times faster, and read with by default; PyYAML built
# without it has only the pure-Python one, which reads the same. Tests read with both.
_PURE: SafeLoaderClass = yaml.SafeLoader
try:
    _C: SafeLoaderClass | None = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _C = None
BASE_LOADERS: tuple[SafeLoaderClass, ...] = (_PURE,) if _C is None else (_C, _PURE)

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# Fields hold a value or a list of values: deeper nesting is refused before it reaches the
# validator (which recurses once per level) and, in a long text, before the C composer,
# which recurses once per level too and overflows the stack at some ten thousand levels.
# The pure-Python composer recurses a few frames per level, so Python's recursion limit
# stops it within a short text: with it, every text is checked before it is composed.
# libyaml's own limit (1000 levels, from libyaml 0.2.6: PyYAML 6.0.4's wheels) gives the
# same problem as MAX_DEPTH, at the same line: the one where the text nests too deep.
MAX_DEPTH = 10
_SHORT_TEXT = 2_000  # characters: too few to nest deeply enough to overflow the C composer
_LIBYAML_LIMIT = "exceeded maximum nesting depth"  # libyaml's message at its own limit
_YAML_TAGS = "tag:yaml.org,2002:"


def _text_dates_loader(base: SafeLoaderClass) -> SafeLoaderClass:
    """`base` (a safe loader) leaving timestamps as text, and reporting a value it cannot
    build as a YAML error at the value's place."""

    class TextDatesLoader(base):  # type: ignore[misc, valid-type]
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (ArithmeticError, AttributeError, LookupError, TypeError,
                    ValueError) as error:
                tag = node.tag.replace(_YAML_TAGS, "!!")
                found = (describe(node.value) if isinstance(node, yaml.ScalarNode)
                         else "a collection")
                # ValueError says why ("day is out of range for month"); others say nothing
                detail = f": {str(error).split(';')[0]}" if isinstance(error, ValueError) else ""
                raise yaml.constructor.ConstructorError(
                    None, None, f"cannot read {tag} {found}{detail}; allowed: a value without "
                    "a tag, or text in quotes", node.start_mark) from error

    TextDatesLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _YAML_TAGS + "timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader: SafeLoaderClass = TextDatesLoader
    return loader


_LOADERS = {base: _text_dates_loader(base) for base in BASE_LOADERS}


@dataclass
class FrontMatter:
    """A source split into its front matter and its body."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # field or `field[i]` -> 1-based line
    raw: dict[str, str] = field(default_factory=dict)  # field name -> scalar as written
    body: str = ""
    body_line: int = 1  # line of the file on which the body starts


def read_front_matter(text: str, path: str, *, loader: SafeLoaderClass | None = None,
                      ) -> tuple[FrontMatter | None, list[Problem]]:
    """Split `text` (the content of the file at `path`) into front matter and body.
    `loader` is the PyYAML loader to read with, one of BASE_LOADERS (yaml.CSafeLoader or
    yaml.SafeLoader); by default the C one, when PyYAML has it."""
    yaml_loader = _LOADERS[loader or BASE_LOADERS[0]]
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
        scan = len(yaml_text) > _SHORT_TEXT or yaml_loader is _LOADERS[_PURE]
        deep = _too_deep_events(yaml_text, yaml_loader) if scan else None
        if deep is not None:
            return None, [_nesting_problem(deep, path)]
        node = yaml.compose(yaml_text, Loader=yaml_loader)
        anchors = (_anchor_problems(yaml_text, node, path, yaml_loader)
                   if "*" in yaml_text or "&" in yaml_text else [])
    except yaml.YAMLError as error:
        # Composed unchecked, a text nesting too deep before its error says so, as one
        # checked first does.
        deep = None if scan else _too_deep_before_error(yaml_text, yaml_loader)
        if deep is not None:
            return None, [_nesting_problem(deep, path)]
        return None, [_yaml_problem(error, path, yaml_text)]
    if anchors:
        return None, anchors
    if node is None:
        return None, [Problem(path, 1, None, "the front matter is empty")]
    if not isinstance(node, yaml.MappingNode):
        return None, [
            Problem(path, node.start_mark.line + 2, None,
                    "the front matter must be a mapping of fields (`name: value`)")
        ]
    deep = _too_deep_nodes(node)
    if deep is not None:
        return None, [_nesting_problem(deep, path)]
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
        data = yaml_loader(yaml_text).construct_document(node)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, path, yaml_text)]
    except RecursionError:
        return None, [Problem(path, 1, None, "the front matter is nested too deeply")]
    return FrontMatter(data=data, lines=key_lines, raw=raw, body=body, body_line=end + 2), []


def _anchor_problems(yaml_text: str, node: yaml.Node | None, path: str,
                     loader: SafeLoaderClass) -> list[Problem]:
    """Each anchor and alias, with its line and the field it is in (checked before
    anything walks the nodes, which an alias bomb shares millions of times)."""
    fields = [(_line(key.start_mark), key.value) for key, _value in node.value
              if isinstance(key, yaml.ScalarNode)] if isinstance(node, yaml.MappingNode) else []
    problems = []
    for event in yaml.parse(yaml_text, Loader=loader):
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            continue
        line = _line(event.start_mark)
        field = next((name for first, name in reversed(fields) if first <= line), None)
        what, found = (("aliases (*name)", f"*{anchor}") if isinstance(event, yaml.AliasEvent)
                       else ("anchors (&name)", f"&{anchor}"))
        problems.append(Problem(path, line, field, (
            f"YAML {what} are not allowed in front matter: found {found}; write the value out")))
    return list(dict.fromkeys(problems))  # each once per line


def _too_deep_events(yaml_text: str, loader: SafeLoaderClass) -> int | None:
    """The line where the text nests deeper than MAX_DEPTH, read from the parser's events
    (which, unlike composing, needs no recursion); None when it does not.

    libyaml 0.2.6 (in PyYAML 6.0.4's wheels; 6.0 to 6.0.3 have 0.2.5) refuses 1000 levels
    itself, and may do so before it gives the events of the first levels, which it reads
    ahead of: the pure-Python parser, which has no limit of its own and stops at the
    first level too deep, then finds the line."""
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _line(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        if loader is _LOADERS[_PURE] or _LIBYAML_LIMIT not in str(error):
            raise
        return _deep_line(yaml_text, _line(getattr(error, "problem_mark", None)))
    return None


def _too_deep_before_error(yaml_text: str, loader: SafeLoaderClass) -> int | None:
    """For a text YAML cannot read: the line where it nests deeper than MAX_DEPTH before
    the parser meets the error, if it does."""
    try:
        return _too_deep_events(yaml_text, loader)
    except yaml.YAMLError:
        return None


def _deep_line(yaml_text: str, fallback: int) -> int:
    """The line where the pure-Python parser finds the text nesting deeper than MAX_DEPTH,
    for a text libyaml refused at its own limit; `fallback` should it find none."""
    try:
        return _too_deep_events(yaml_text, _LOADERS[_PURE]) or fallback
    except yaml.YAMLError:
        return fallback


def _too_deep_nodes(node: yaml.Node) -> int | None:
    """The line where the composed front matter nests deeper than MAX_DEPTH; None when it
    does not."""
    stack = [(node, 1)]  # collections only: a scalar nests nothing
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            return _line(current.start_mark)
        children = (current.value if isinstance(current, yaml.SequenceNode)
                    else [child for pair in current.value for child in pair])
        stack.extend((child, depth + 1) for child in reversed(children)
                     if not isinstance(child, yaml.ScalarNode))
    return None


def _line(mark: object) -> int:
    """The line of the file at a YAML mark (+1 for 1-based, +1 for the opening '---')."""
    line = getattr(mark, "line", None)
    return line + 2 if isinstance(line, int) else 1


def _nesting_problem(line: int, path: str) -> Problem:
    return Problem(path, line, None, (
        f"the front matter is nested more than {MAX_DEPTH} levels deep; allowed: fields "
        "whose values are text, numbers or lists of them"))


def _yaml_problem(error: yaml.YAMLError, path: str, yaml_text: str) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not accept
        line = yaml_text.count("\n", 0, max(error.position, 0)) + 2
        code = error.character if isinstance(error.character, int) else 0
        return Problem(path, line, None, (
            f"the front matter is not valid YAML: found the character U+{code:04X}, which "
            "YAML does not accept; allowed: printable characters, tabs and line breaks"))
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 2 if mark is not None else 1
    reason = getattr(error, "problem", None) or str(error)
    hint = yaml_hint(error, yaml_text.split("\n"))
    if hint is not None:
        hint_line, field_name, message = hint
        return Problem(path, hint_line + 2, field_name, message)
    return Problem(path, line, None, f"the front matter is not valid YAML: {reason}")


# The usual causes of YAML errors in front matter, by what PyYAML says.
_KEY = re.compile(r"^(?P<indent>[ \t]*)(?:- )?(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*)$")
# Characters YAML reserves at the start of a plain value (anchors and tags have their
# own messages).
_SPECIAL_START = {"@": "@", "`": "a backtick", "*": "*", "%": "%"}


def yaml_hint(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str | None, str] | None:
    """(0-based line of the front matter, field, message) explaining `error` in words, for
    the mistakes editors make; None for any other."""
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    at = problem_mark.line if problem_mark is not None else 0
    row = lines[at] if 0 <= at < len(lines) else ""
    key = _KEY.match(row)
    if "mapping values are not allowed" in problem and key:
        value = key["value"].replace('"', '\\"')
        return at, key["key"], (
            f'found ": " inside the value of {key["key"]}, which YAML reads as a new field; '
            f'allowed: a value in quotes when it contains ": ", such as '
            f'{key["key"]}: "{value}"')
    if "\t" in row[:len(row) - len(row.lstrip())] or "'\\t'" in problem:
        tab_line = next((n for n, text in enumerate(lines)
                         if text[:len(text) - len(text.lstrip())].count("\t")), at)
        return tab_line, None, ("found a tab in the indentation; allowed: spaces (YAML "
                                "does not accept tabs for indentation)")
    if "end of stream" in problem and "quoted scalar" in context and context_mark is not None:
        opened = lines[context_mark.line] if context_mark.line < len(lines) else ""
        name = _KEY.match(opened)
        return context_mark.line, name["key"] if name else None, (
            f"found a quote opened on this line and never closed; allowed: a value whose "
            f"quotes close on the same line, such as {name['key'] if name else 'title'}: "
            '"Text"')
    if key and key["value"][:1] in _SPECIAL_START:
        start = _SPECIAL_START[key["value"][:1]]
        return at, key["key"], (
            f"found a value that starts with {start}, which YAML reads as syntax; allowed: "
            f'the value in quotes, such as {key["key"]}: "{key["value"]}"')
    if ("expected <block end>" in problem or "expected key" in problem) and (
            row.lstrip().startswith("- ")):
        owner = next((match for text in reversed(lines[:at])
                      if (match := _KEY.match(text)) and not text.startswith(" ")), None)
        owner_key = owner["key"] if owner else None
        return at, owner_key, (
            f"found a list item under {owner_key or 'a field'}, which has a value on its own "
            f"line already; allowed: either a value ({owner_key or 'field'}: text) or a list (the "
            "field alone on its line, then one '- item' a line)")
    return None
