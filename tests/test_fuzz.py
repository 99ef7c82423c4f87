"""Property-based tests (hypothesis): on any input, the front-matter reader, the reference
parser, the validator and the loader of a whole library return problems or a valid
document, and never raise anything else.

The strategies reach deep: YAML built from fragments (the real field names, quoted and
plain scalars, flow and block lists, tags, anchors and aliases, alias bombs, deep nesting,
control characters, CRLF, BOM, very long lines), references shaped like
`NIS2 Art. 23(4)(a)` with random parts, Markdown bodies full of `id:` and `law:` links,
and raw bytes. The runs are derandomized and write no example database, so CI sees the
same examples every time; the examples that once found a bug are pinned with `@example`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from conftest import TOPICS, TinyLibrary, source_text, translation_text
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from nisdocs.frontmatter import BASE_LOADERS, FrontMatter, read_front_matter
from nisdocs.library import MAX_SOURCE_BYTES
from nisdocs.problems import Problem, problem_order
from nisdocs.registry import Reference, load_registry, parse_law_link, parse_reference
from nisdocs.validate import check_fields, check_not_future

# The same examples on every run (derandomized), and no `.hypothesis/` database written.
FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
PATH = "guidelines/ncg-0001/index.md"
TODAY = date(2026, 11, 1)

FIELDS = ["id", "title", "short_title", "type", "status", "version", "date", "topics",
          "references", "summary", "version_note", "supersedes", "related", "source_version"]
# Characters a YAML reader may choke on: NUL and other controls, BOM, odd line breaks.
ODD_CHARACTERS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ufffe\t\r\n"
TAGS = ["!!python/object:os.system", "!!python/object/apply:os.system [ls]",
        "!!python/name:os.system", "!!binary", "!!timestamp", "!!int", "!!float", "!!bool",
        "!!null", "!!str", "!!set", "!!omap", "!!pairs", "!!seq", "!!map", "!!merge",
        "!!value", "!!yaml", "!local", "!", "!<tag:yaml.org,2002:int>", "!<!>"]
# Values as editors write them, right and wrong, and what YAML reads in surprising ways.
SAMPLE_VALUES = [
    "NCG-0001", "NCG-0002", "NCG-1", "ncg-0001", "guideline", "report", "final", "published",
    "draft", "superseded", '"1.0"', "1.0", "1.10", '"1.10"', '"01.0"', '"1.0\\n"', "2024-05-02",
    '"2024-05-02"', "2024-02-30", "2024-13-01", "1999-01-01", "2099-01-01", "0000-00-00",
    "incident-reporting", "risk-management", "[incident-reporting]", "[]", "{}", "[NCG-0002]",
    "[NIS2 Art. 23(4)(a)]", "[NIS2 Art. 47]", "NIS2 Art. 21(2)(d)", "null", "~", "", "true",
    "yes", "No", "on", ".nan", ".inf", "-.inf", "0x1F", "0o17", "0b101", "017", "1_000",
    "1:30:00", "1e400", "-0", "+12", "''", '""', "|", ">", "- x", "? x", ": x", "#", "&", "*",
    "!", "%", "@x", "`x`", "\\", '"\\x00"', '"\\ud800"', '"\\U0010FFFF"', "'it''s'",
]


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


odd_text = st.text(st.one_of(st.characters(), st.sampled_from(ODD_CHARACTERS)), max_size=30)
plain_text = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=30)
long_digits = st.integers(4000, 5000).map(lambda n: "1" * n)  # beyond int()'s 4300 digits
numbers = st.one_of(st.integers().map(str), st.floats().map(str), long_digits)
scalars = st.one_of(
    st.sampled_from(SAMPLE_VALUES),
    plain_text,
    odd_text.map(json.dumps),  # double-quoted, with escapes such as \u0000
    odd_text.map(single_quoted),
    numbers,
    long_digits.map(lambda digits: f'"1.{digits}"'),  # a version no int() can read
    st.integers(1_000, 200_000).map(lambda n: "x" * n),  # very long lines
)
keys = st.one_of(
    st.sampled_from(FIELDS), plain_text,
    st.sampled_from(['"id"', "'title'", "1", "0", "null", "~", "true", "1.5", "[a, b]",
                     "{a: b}", "? id", "*a", "&k id", "!!str id", "!!int 1", "<<", "-", "-id"]),
)


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def flow_map(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"


values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(flow_list),
        st.lists(st.tuples(keys, inner), max_size=3).map(flow_map),
        st.tuples(st.sampled_from(TAGS), inner).map(" ".join),
        st.tuples(st.sampled_from(["&a", "&b", "&a1"]), inner).map(" ".join),
        st.lists(inner, min_size=1, max_size=3).map(
            lambda items: "".join(f"\n  - {item}" for item in items)),
    ),
    max_leaves=8,
) | st.one_of(
    st.sampled_from(["*a", "*b", "*undefined", "[*a, *a]"]),
    # Deep nesting: brackets, balanced or not, deep enough to overflow a recursive reader.
    st.tuples(st.sampled_from(["[", "{a: ", "- "]), st.integers(1, 60_000), st.booleans()).map(
        lambda t: t[0] * t[1] + ("]" if t[0] == "[" else "}") * (t[1] if t[2] else 0)),
    st.tuples(st.sampled_from(["|", ">", "|-", ">+", "|2"]), plain_text).map(
        lambda t: f"{t[0]}\n  {t[1]}"),
)
lines = st.one_of(
    st.tuples(keys, st.sampled_from([": ", ":", ":\t", " : ", ":  "]), values).map("".join),
    st.sampled_from(["<<: *a", "<<: {id: NCG-0001}", "<<: [*a, *b]", "# comment", "", "  ",
                     "\t", "- item", "? key", ": value", "...", "---", "%YAML 1.1",
                     "%TAG ! tag:example.com,2000:", "a: &a [x, y]", "b: &b {k: v}", "id: &a x"]),
    odd_text,
)


def alias_bomb(width: int, levels: int, field: str) -> str:
    """`a0: &a0 [x, x]`, `a1: &a1 [*a0, *a0]`, ...: width ** levels values once expanded."""
    rows = [f"a0: &a0 {flow_list(['x'] * width)}"]
    rows += [f"a{level}: &a{level} {flow_list([f'*a{level - 1}'] * width)}"
             for level in range(1, levels + 1)]
    rows.append(f"{field}: *a{levels}")
    return "---\n" + "\n".join(rows) + "\n---\n"


alias_bombs = st.builds(alias_bomb, st.integers(2, 9), st.integers(1, 9), st.sampled_from(FIELDS))


@st.composite
def insert_odd_characters(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(text)))
        text = text[:position] + draw(st.sampled_from(ODD_CHARACTERS)) + text[position:]
    return text


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A file that looks like front matter, wrong in any way."""
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    opening = draw(st.sampled_from(["---", "---", "--- ", "---\t", "----", " ---", "", "..."]))
    closing = draw(st.sampled_from(["---", "---", "...", "--- ", "", "----"]))
    rows = [opening, *draw(st.lists(lines, max_size=8)), closing]
    text = draw(st.sampled_from(["", "", "\ufeff"])) + newline.join(rows) + newline
    text += draw(st.sampled_from(["", "## Scope\n\nText.\n", "---\n", "\x00"]))
    return draw(insert_odd_characters(text))


one_field = st.tuples(keys, values).map(lambda t: f"---\nid: NCG-0001\n{t[0]}: {t[1]}\n---\n")

# -- links in bodies, references in front matter -----------------------------------------

acts = st.one_of(
    st.sampled_from(["NIS1", "NIS2", "CIR-2024-2690"]),
    st.sampled_from(["NIS3", "nis2", "N", "A-", "X9", ""]),
    st.from_regex(r"[A-Z][A-Z0-9-]{0,12}", fullmatch=True),
    plain_text,
)
article_numbers = st.one_of(
    st.integers(0, 60).map(str), st.integers(0, 10**12).map(str), long_digits,
    st.sampled_from(["0", "01", "-1", "1.5", "", "٢١", "²", "1 ", "0x1"]),
)
points = st.one_of(st.from_regex(r"[a-z]{1,4}", fullmatch=True), st.text(max_size=6))


@st.composite
def reference_texts(draw: st.DrawFn) -> str:
    """`NIS2 Art. 23(4)(a)`, each part right or wrong."""
    text = draw(acts) + draw(st.sampled_from([" Art. "] * 4 + [" Art.", " Art ", " art. ",
                                                              "  Art. ", " Art.\t", " Article "]))
    text += draw(article_numbers)
    if draw(st.booleans()):
        text += f"({draw(article_numbers)})"
    if draw(st.booleans()):
        text += f"({draw(points)})"
    return text + draw(st.sampled_from([""] * 6 + ["\n", " ", "\x00", ")", "(a)(b)"]))


@st.composite
def law_targets(draw: st.DrawFn) -> str:
    """`NIS2/21/2/d`, each part right or wrong."""
    parts = [draw(acts), draw(article_numbers)]
    parts += draw(st.lists(st.one_of(article_numbers, points), max_size=3))
    return "/".join(parts)


id_targets = st.one_of(
    st.sampled_from(["NCG-0001", "NCG-0002", "NCG-0002@1.0", "NCG-0002@9.9", "NCG-0002#scope",
                     "NCG-0002@1.0#scope", "NCG-9999", "ncg-0002", "NCG-0002@", "@1.0", ""]),
    st.text(st.characters(exclude_characters=")"), max_size=20),
)
links = st.one_of(
    st.tuples(plain_text, law_targets()).map(lambda t: f"[{t[0]}](law:{t[1]})"),
    st.tuples(plain_text, id_targets).map(lambda t: f"[{t[0]}](id:{t[1]})"),
    law_targets().map(lambda target: f"[ref]: law:{target}"),
    id_targets.map(lambda target: f"   [ref]: id:{target}"),
)
link_bodies = st.lists(
    st.one_of(links, plain_text, odd_text,
              st.sampled_from(["\n", "\n\n", "## Heading\n", "```\n", "<script>x</script>",
                               "[x](id:NCG-0002", "]("])),
    max_size=10,
).map("".join)
bodies = st.one_of(st.just("## Scope\n\nText.\n"), st.just(""), link_bodies)

VALID_SOURCE: dict[str, str] = {
    "id": "NCG-0001", "title": "Title of NCG-0001", "type": "guideline", "status": "published",
    "version": '"1.0"', "date": "2024-05-02", "topics": "[incident-reporting]",
    "references": "[NIS2 Art. 23(4)(a)]", "summary": "What it is for.",
}
VALID_TRANSLATION_SOURCE: dict[str, str] = {
    "id": "NCG-0001", "title": "Titre", "source_version": '"1.0"', "summary": "À quoi il sert."}
# Values that pass the schema, or nearly: they reach the checks across files and versions.
PLAUSIBLE: dict[str, list[str]] = {
    "id": ["NCG-0001", "NCG-0002", "NCG-0003", "ncg-0001"],
    "title": ["Another title", '"Title: with a colon"', "'x'"],
    "short_title": ["Short", '""'],
    "type": ["report", "toolbox", "final"],
    "status": ["draft", "consultation", "superseded", "withdrawn"],
    "version": ['"1.1"', '"2.0"', '"0.1"', '"1.10"', "1.1"],
    "source_version": ['"1.1"', '"0.9"', '"2.0"'],
    "date": ["2025-01-01", "2016-07-06", "2016-07-05", "2099-12-31", "2024-02-29", "2023-02-29"],
    "topics": ["[risk-management]", "[incident-reporting, risk-management]", "[unknown-topic]",
               "[incident-reporting, incident-reporting]", "[]"],
    "references": ["[]", "[NIS2 Art. 21(2)(d)]", "[NIS2 Art. 47]", "[NIS1 Art. 11]",
                   "[CIR-2024-2690 Art. 3]", "[XYZ Art. 1]", "[NIS2 Art. 9999(9999)(zzzz)]"],
    "supersedes": ["[NCG-0002]", "[NCG-0001]", "[NCG-9999]", "[]"],
    "related": ["[NCG-0002]", "[NCG-0001]", "[NCG-0003]"],
    "summary": ["Another summary.", '"x"'],
    "version_note": ["What changed."],
}


@st.composite
def mutated(draw: st.DrawFn, valid: dict[str, str], wild: bool = True) -> str:
    """A valid source or translation with a few fields replaced, dropped or added, and any
    body: reaches the checks that only run on otherwise valid front matter. Not `wild`, the
    new values are plausible ones, so that most texts pass the schema."""
    fields: dict[str, str | None] = dict(valid)
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.one_of(st.sampled_from(FIELDS), keys) if wild else st.sampled_from(FIELDS))
        plausible = st.sampled_from(PLAUSIBLE.get(name) or [""])
        fields[name] = draw(st.one_of(
            plausible, st.none(), values, st.lists(reference_texts(), max_size=3).map(json.dumps),
        ) if wild else plausible)
    rows = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(rows) + "\n---\n\n" + draw(bodies)


mutated_sources = st.one_of(mutated(VALID_SOURCE), mutated(VALID_TRANSLATION_SOURCE))
front_matter_texts = st.one_of(one_field, mutated_sources, yaml_documents(), alias_bombs,
                               st.text(), odd_text)


# -- what every answer must look like ------------------------------------------------------


def assert_problems(problems: list[Problem], path: str | None = None) -> None:
    """Each problem names a file, a line where known, a field or none, and says something."""
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.path, str) and problem.path
        assert path is None or problem.path == path, problem
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)
        assert problem.field is None or isinstance(problem.field, str), problem
        assert isinstance(problem.message, str) and problem.message.strip()
        assert str(problem)
    sorted(problems, key=problem_order)  # problems of one file can be put in order


def assert_read(front: FrontMatter | None, problems: list[Problem]) -> None:
    if front is None:
        assert problems, "no front matter and no problem either"
        assert_problems(problems, PATH)
        event(f"refused: {problems[0].message.split(':')[0][:50]}")  # --hypothesis-show-statistics
    else:
        event("read")
        assert problems == []
        assert isinstance(front.data, dict)
        assert all(isinstance(line, int) and line >= 1 for line in front.lines.values())
        assert isinstance(front.body, str) and front.body_line >= 1


# -- the front-matter reader ------------------------------------------------------------


@FUZZ  # st.text() leaves out lone surrogates, which no text decoded from UTF-8 holds
@given(st.one_of(st.text(), st.text().map(lambda text: "---\n" + text),
                 st.text().map(lambda text: f"---\n{text}\n---\n")))
@example("---\ndate: !!timestamp 2024-02-30\n---\n")
@example("---\ndate: !!timestamp not a date\n---\n")
@example("---\nstatus: !!bool maybe\n---\n")
@example("---\nversion: !!int ''\n---\n")
@example("---\nversion: !!float x\n---\n")
@example("---\nversion: " + "1" * 5000 + "\n---\n")
def test_front_matter_of_any_text(text: str) -> None:
    assert_read(*read_front_matter(text, PATH))


@FUZZ
@given(front_matter_texts)
@example("---\na: " + "[" * 100_000 + "\n---\n")  # once overflowed the C stack
@example("---\ntitle: " + "[" * 2_000 + "]" * 2_000 + "\n---\n")
@example("---\n? " + "[" * 2_000 + "]" * 2_000 + "\n: x\n---\n")
@example(alias_bomb(9, 8, "title"))  # 9 ** 8 titles: once gigabytes of memory in the validator
@example("---\n1: x\nnull: y\n---\n")  # fields that are not text
def test_front_matter_then_validator(text: str) -> None:
    """Whatever the reader accepts, the validator answers with problems, for a source and
    for a translation alike."""
    front, problems = read_front_matter(text, PATH)
    assert_read(front, problems)
    if front is not None:
        for kind in ("document", "translation"):
            problems = check_fields(front, PATH, kind)
            assert_problems(problems, PATH)
            assert len(set(problems)) == len(problems), "a problem is listed twice"


def test_anchors_and_aliases_are_refused_with_their_lines() -> None:
    text = "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc:\n  - *b\n  - *a\n---\n"
    front, problems = read_front_matter(text, PATH)
    assert front is None
    assert [str(problem) for problem in problems] == [
        f"{PATH}:2: a: YAML anchors (&name) are not allowed in front matter: found &a; "
        "write the value out",
        f"{PATH}:3: b: YAML anchors (&name) are not allowed in front matter: found &b; "
        "write the value out",
        f"{PATH}:3: b: YAML aliases (*name) are not allowed in front matter: found *a; "
        "write the value out",
        f"{PATH}:5: c: YAML aliases (*name) are not allowed in front matter: found *b; "
        "write the value out",
        f"{PATH}:6: c: YAML aliases (*name) are not allowed in front matter: found *a; "
        "write the value out",
    ]


# Deep nesting, and the line of the level too deep, as each loader and each PyYAML 6 refuse
# it: some before composing (long texts; every text with the pure-Python loader), some after
# (short ones), some at libyaml's own limit of 1000 levels (the libyaml of PyYAML 6.0.4).
DEEP = {
    "brackets never closed": ("topics: " + "[" * 100_000, 2),
    "brackets, closed": ("topics: " + "[" * 50 + "]" * 50, 2),
    "a short text beyond libyaml's limit": ("topics: " + "[" * 1_990, 2),
    "a long text beyond it": ("topics: " + "[" * 5_000 + "]" * 5_000, 2),
    "mappings": ("topics: " + "{a: " * 3_000 + "b" + "}" * 3_000, 2),
    "block lists": ("topics:\n  " + "- " * 3_000 + "x", 3),
    "indented block lists": ("topics:\n" + "".join("  " * level + "-\n"
                                                   for level in range(1, 1_200)), 12),
    "a bracket a line": ("topics:\n" + " [\n" * 3_000, 12),
    "after other fields": ("id: NCG-0001\nsummary: " + "x" * 3_000 + "\ntopics: "
                           + "[" * 5_000 + "]" * 5_000, 4),
}


@pytest.mark.parametrize("loader", BASE_LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize(("yaml_text", "line"), DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_refused_before_it_is_read(loader: Any, yaml_text: str,
                                                   line: int) -> None:
    front, problems = read_front_matter(f"---\n{yaml_text}\n---\n", PATH, loader=loader)
    assert front is None
    assert [str(problem) for problem in problems] == [
        f"{PATH}:{line}: the front matter is nested more than 10 levels deep; allowed: "
        "fields whose values are text, numbers or lists of them"]


@pytest.mark.parametrize("loader", BASE_LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("padding", [0, 3_000], ids=["short", "long"])
def test_ten_levels_are_read_and_eleven_refused(loader: Any, padding: int) -> None:
    """The front matter's mapping is the first level, each list one more."""
    summary = f"summary: {'x' * padding}\n"
    text = f"---\n{summary}topics: " + "[" * 9 + "x" + "]" * 9 + "\n---\n"
    front, problems = read_front_matter(text, PATH, loader=loader)
    assert problems == [] and front is not None
    topics = front.data["topics"]
    for _ in range(8):
        (topics,) = topics
    assert topics == ["x"]
    front, problems = read_front_matter(text.replace("[x]", "[[x]]"), PATH, loader=loader)
    assert front is None and [problem.line for problem in problems] == [3]


def test_both_loaders_are_tested() -> None:
    """PyYAML's wheels have the C loader: the tests above read with it and without it."""
    assert [loader.__name__ for loader in BASE_LOADERS] == ["CSafeLoader", "SafeLoader"]


@pytest.mark.parametrize(("value", "found"), [
    ("!!timestamp 2024-02-30", "cannot read !!timestamp \"2024-02-30\": day is out of range "
                               "for month"),
    ("!!bool maybe", 'cannot read !!bool "maybe"'),
    # Python 3.10 words the rest of the limit's message otherwise than 3.11.
    ("1" * 5000, 'cannot read !!int "' + "1" * 57 + '...": Exceeds the limit (4300'),
])
def test_values_yaml_cannot_read_are_problems(value: str, found: str) -> None:
    front, problems = read_front_matter(f"---\nid: NCG-0001\nversion: {value}\n---\n", PATH)
    assert front is None and len(problems) == 1
    assert str(problems[0]).startswith(f"{PATH}:3: the front matter is not valid YAML: {found}")
    assert str(problems[0]).endswith("; allowed: a value without a tag, or text in quotes")


# -- the reference parser and the registry ---------------------------------------------------


@FUZZ
@given(st.one_of(reference_texts(), st.text()))
@example("NIS2 Art. " + "1" * 5000)  # once raised ValueError from int()
@example("NIS2 Art. 21(" + "1" * 5000 + ")(d)")
@example("NIS2 Art. 21\n")
def test_references_of_any_text(text: str) -> None:
    registry = load_registry()
    reference = parse_reference(text)
    if reference is None:
        return
    assert isinstance(reference, Reference)
    # `$` in the pattern also matches before a final newline: "NIS2 Art. 21\n" reads too
    assert str(reference) in (text, text.removesuffix("\n"))
    reason = registry.check(reference)
    if reason is None:
        assert reference.act in registry.acts
        assert reference.article in registry.acts[reference.act].articles
        assert registry.eurlex_url(reference, "fr").startswith("https://eur-lex.europa.eu/")
    else:
        assert isinstance(reason, str) and reason


@FUZZ
@given(st.one_of(law_targets(), st.text()))
@example("NIS2/" + "1" * 5000)
def test_law_links_of_any_text(target: str) -> None:
    reference = parse_law_link(target)
    if reference is not None:
        assert isinstance(reference, Reference)
        reason = load_registry().check(reference)
        assert reason is None or isinstance(reason, str)


@FUZZ
@given(st.builds(Reference, act=st.one_of(acts, st.text()), article=st.integers(),
                 paragraph=st.none() | st.integers(), point=st.none() | st.text()))
def test_registry_checks_any_reference(reference: Reference) -> None:
    reason = load_registry().check(reference)
    assert reason is None or (isinstance(reason, str) and reason)


# -- the validator -------------------------------------------------------------------------

json_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
              st.sampled_from(["NCG-0001", "guideline", "published", "draft", "1.0", "2024-05-02",
                               "2099-01-01", "2024-02-30", "incident-reporting",
                               "NIS2 Art. 23(4)(a)", "x" * 1001])),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=15,
)
data_keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=10), st.integers(),
                      st.booleans(), st.none(), st.floats())
VALID_DOCUMENT: dict[Any, Any] = {
    "id": "NCG-0001", "title": "Title", "type": "guideline", "status": "published",
    "version": "1.0", "date": "2024-05-02", "topics": ["incident-reporting"],
    "references": ["NIS2 Art. 23(4)(a)"], "summary": "What it is for.",
}
VALID_TRANSLATION: dict[Any, Any] = {"id": "NCG-0001", "title": "Titre", "source_version": "1.0",
                                     "summary": "À quoi il sert."}
DROP = object()


@st.composite
def field_data(draw: st.DrawFn) -> dict[Any, Any]:
    """Front-matter data as YAML gives it: a valid document or translation with a few fields
    replaced, dropped or added (keys of any type YAML reads), or any mapping at all."""
    if draw(st.booleans()):
        return draw(st.dictionaries(data_keys, json_like, max_size=8))
    data = dict(draw(st.sampled_from([VALID_DOCUMENT, VALID_TRANSLATION])))
    for key, value in draw(st.lists(st.tuples(data_keys, st.one_of(json_like, st.just(DROP))),
                                    max_size=4)):
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@FUZZ
@given(field_data(), st.dictionaries(st.text(max_size=10), st.integers(1, 10**6)),
       st.dictionaries(st.text(max_size=10), st.text(max_size=10)))
@example({1: "x", None: "y"}, {}, {})  # fields that are not text, once left unsortable
@example({"id": "NCG-0001"}, {}, {})  # each missing field was once listed once per missing field
@example({**VALID_DOCUMENT, "date": "2099-01-01"}, {}, {})
@example({**VALID_DOCUMENT, "version": 1.0}, {}, {"version": "1.0"})
def test_validator_on_any_data(data: dict[Any, Any], lines: dict[str, int],
                               raw: dict[str, str]) -> None:
    front = FrontMatter(data=data, lines={**{str(key): 2 for key in data}, **lines}, raw=raw)
    for kind in ("document", "translation"):
        problems = check_fields(front, PATH, kind)
        assert_problems(problems, PATH)
        assert len(set(problems)) == len(problems), "a problem is listed twice"
        if kind == "document" and not problems:
            assert_problems(check_not_future(front, PATH, TODAY), PATH)


# -- whole files in a library --------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> TinyLibrary:
    """The tiny library of conftest (NCG-0001 with a French translation, and NCG-0002),
    shared by the examples of a test: each replaces one file and puts it back."""
    tiny = TinyLibrary(tmp_path_factory.mktemp("fuzz"))
    tiny.write("topics.yml", TOPICS)
    tiny.write("ncg-0001/index.md", source_text("NCG-0001"))
    tiny.write("ncg-0001/index.fr.md", translation_text("NCG-0001"))
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", related="[NCG-0001]"))
    assert tiny.problems(drafts=True) == []
    return tiny


@contextmanager
def replaced(library: TinyLibrary, path: str, content: bytes) -> Iterator[None]:
    target = library.root / "guidelines" / path
    original = target.read_bytes()
    target.write_bytes(content)
    try:
        yield
    finally:
        target.write_bytes(original)


def assert_scanned(library: TinyLibrary, path: str) -> None:
    """The library loads; the file has problems named after it, or is a valid text."""
    scanned, problems = library.scan(drafts=True)
    assert_problems(problems)
    shown = f"guidelines/{path}"
    if any(problem.path == shown for problem in problems):
        first = next(problem for problem in problems if problem.path == shown)
        event(f"problem: {first.message.split('(')[0][:40]}")  # --hypothesis-show-statistics
        return
    event("a valid text")
    document = scanned.documents["NCG-0001"]
    texts = [version.source.path for version in document.versions]
    texts += [translation.source.path for version in document.versions
              for translation in version.translations.values()]
    assert shown in texts, problems


anything = st.one_of(yaml_documents(), alias_bombs, st.text())
# A file of the library and what it then holds: mostly a near-valid text of its kind.
whole_files = st.one_of(
    st.tuples(st.one_of(mutated(VALID_SOURCE, wild=False), mutated(VALID_SOURCE), anything),
              st.just("ncg-0001/index.md")),
    st.tuples(st.one_of(mutated(VALID_TRANSLATION_SOURCE, wild=False),
                        mutated(VALID_TRANSLATION_SOURCE), anything),
              st.just("ncg-0001/index.fr.md")),
)


@settings(FUZZ, max_examples=300)
@given(whole_files)
@example(('---\nid: NCG-0001\ntitle: T\ntype: guideline\nstatus: published\nversion: "1.'
          + "1" * 5000 + '"\ndate: 2024-05-02\ntopics: [incident-reporting]\nsummary: S\n---\n',
          "ncg-0001/index.md"))  # once raised ValueError sorting versions
@example((source_text().replace("Text of the document.", "[x](law:NIS2/" + "1" * 5000 + ")"),
          "ncg-0001/index.md"))  # once raised ValueError from int()
@example((source_text(references="[NIS2 Art. " + "1" * 5000 + "]"), "ncg-0001/index.md"))
@example((source_text().replace("summary:", "1: x\nnull: y\nsummary:"), "ncg-0001/index.md"))
@example((translation_text(summary=None), "ncg-0001/index.fr.md"))
def test_any_text_in_a_library(library: TinyLibrary, file: tuple[str, str]) -> None:
    text, path = file
    # A lone surrogate (st.text() makes them) is written as the bytes an editor's broken
    # tool would write: not UTF-8, which the scanner must report, not raise on.
    with replaced(library, path, text.encode("utf-8", "surrogatepass")):
        assert_scanned(library, path)


@FUZZ
@given(st.one_of(
    st.binary(max_size=2_000),
    st.tuples(st.integers(0, 400), st.binary(min_size=1, max_size=8)).map(
        lambda t: source_text().encode()[:t[0]] + t[1] + source_text().encode()[t[0]:]),
))
@example(b"\xef\xbb\xbf" + source_text().encode())  # BOM
@example(source_text().encode("utf-16"))
@example(b"---\n" + b"\xff" * 10 + b"\n---\n")
def test_any_bytes_in_a_library(library: TinyLibrary, content: bytes) -> None:
    with replaced(library, "ncg-0001/index.md", content):
        assert_scanned(library, "ncg-0001/index.md")


def test_a_file_too_large_is_a_problem(library: TinyLibrary) -> None:
    with replaced(library, "ncg-0001/index.md", b"-" * (MAX_SOURCE_BYTES + 1)):
        problems = library.problems(drafts=True)
    assert problems == [f"guidelines/ncg-0001/index.md: the file is {MAX_SOURCE_BYTES + 1} "
                        f"bytes; allowed: at most {MAX_SOURCE_BYTES} bytes"]
