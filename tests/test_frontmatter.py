"""The front-matter reader."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from nisdocs.frontmatter import BASE_LOADERS, read_front_matter

# PyYAML's C loader (libyaml), which nisdocs reads with, and its pure-Python one, which
# PyYAML built without libyaml has: both read front matter the same.
loaders = pytest.mark.parametrize("loader", BASE_LOADERS, ids=lambda loader: loader.__name__)


def test_the_c_loader_is_the_default() -> None:
    assert BASE_LOADERS[0] is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = "---\nid: NCG-0001\n---\n"
    assert read_front_matter(text, "x.md") == read_front_matter(text, "x.md",
                                                                  loader=BASE_LOADERS[0])


@loaders
def test_fields_lines_and_body(loader: Any) -> None:
    text = '---\nid: NCG-0001\ntopics:\n  - a\n  - b\nversion: 1.10\n---\n\n## Body\n'
    front, problems = read_front_matter(text, "x.md", loader=loader)
    assert problems == [] and front is not None
    assert front.data == {"id": "NCG-0001", "topics": ["a", "b"], "version": 1.1}
    assert front.lines == {"id": 2, "topics": 3, "topics[0]": 4, "topics[1]": 5, "version": 6}
    assert front.raw["version"] == "1.10"
    assert front.body == "\n## Body\n"
    assert front.body_line == 8


@loaders
def test_dates_stay_text(loader: Any) -> None:
    front, _ = read_front_matter("---\ndate: 2024-02-30\n---\n", "x.md", loader=loader)
    assert front is not None and front.data["date"] == "2024-02-30"


def test_empty_and_non_mapping_front_matter() -> None:
    assert read_front_matter("---\n---\n", "x.md")[1][0].message == "the front matter is empty"
    problem = read_front_matter("---\n- a\n---\n", "x.md")[1][0]
    assert problem.message == "the front matter must be a mapping of fields (`name: value`)"


@loaders
def test_alias_bomb_is_refused_or_bounded(loader: Any) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n"
    front, problems = read_front_matter(bomb, "x.md", loader=loader)
    assert front is None  # refused: expanded, a few aliases make millions of values
    aliases = [str(problem) for problem in problems if "aliases" in problem.message]
    assert aliases == [
        "x.md:3: b: YAML aliases (*name) are not allowed in front matter: found *a; "
        "write the value out",
        "x.md:4: c: YAML aliases (*name) are not allowed in front matter: found *b; "
        "write the value out"]


@loaders
def test_a_value_yaml_cannot_build_is_a_problem_at_its_line(loader: Any) -> None:
    front, problems = read_front_matter("---\nid: NCG-0001\ndate: !!timestamp 2024-02-30\n---\n",
                                        "x.md", loader=loader)
    assert front is None
    assert [str(problem) for problem in problems] == [
        'x.md:3: the front matter is not valid YAML: cannot read !!timestamp "2024-02-30": '
        "day is out of range for month; allowed: a value without a tag, or text in quotes"]


# -- the usual YAML mistakes, explained ---------------------------------------------

FIELDS = ("title", "short_title", "summary", "version_note", "id", "status")
MISTAKES = {
    # what the editor wrote (for a field), the line it is on, what the message says
    "colon": ("{field}: Guidance: scope and use", 0,
              'found ": " inside the value of {field}, which YAML reads as a new field; '
              'allowed: a value in quotes when it contains ": ", such as '
              '{field}: "Guidance: scope and use"'),
    "tab": ("{field}: x\n\tother: y", 1, "found a tab in the indentation; allowed: spaces"),
    "quote": ('{field}: "Guidance on scope', 0,
              "found a quote opened on this line and never closed"),
    "at": ("{field}: @handle", 0, "found a value that starts with @, which YAML reads as "
           'syntax; allowed: the value in quotes, such as {field}: "@handle"'),
    "backtick": ("{field}: `code`", 0, "found a value that starts with a backtick"),
    "star": ("{field}: *important*", 0, "found a value that starts with *"),
    "list": ("{field}: x\n- item", 1, "found a list item under {field}, which has a value on "
             "its own line already"),
}


@loaders
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_yaml_mistake_is_explained_at_its_line(loader: Any, field: str, mistake: str) -> None:
    written, offset, says = MISTAKES[mistake]
    text = f"---\nid: NCG-0001\n{written.format(field=field)}\nend: 1\n---\nbody\n"
    front, problems = read_front_matter(text, "x.md", loader=loader)
    assert front is None and len(problems) == 1, problems
    problem = problems[0]
    assert problem.line == 3 + offset, problem
    assert says.format(field=field) in problem.message, problem
    assert "not valid YAML" not in problem.message and "mapping values" not in problem.message
