"""From the Markdown dialect mkdocs renders to the one pandoc reads.

The sources are written for Python-Markdown with the extensions in mkdocs.yml. pandoc
reads most of it alike (tables, footnotes, lists, fenced code); what it does not know is
rewritten here, as text, before pandoc sees it:

- admonitions (`!!! note "Title"`) and collapsible blocks (`??? note`, `???+ note`)
  become fenced divs that the Lua filter turns into boxes;
- attribute lists written `{: #id .class }` lose the colon pandoc does not expect, and
  an attribute list standing alone on its line (which pandoc would print) is dropped;
- abbreviation definitions (`*[NIS]: Network and Information Systems`) are dropped:
  they only add tooltips in the site;
- headings get the site's ids (`{#πεδίο-εφαρμογής}`, nisdocs/slugs.py), not pandoc's
  own, so that a `#fragment` names the same heading in the PDF as on the site.

Fenced code blocks and code spans are left exactly as they are (nisdocs/scanner.py finds
them as the site's renderer does).
"""

from __future__ import annotations

import re

from ..scanner import fenced_lines, outside_code, written_headings
from ..slugs import heading_ids

_ADMONITION = re.compile(
    r"^(?P<indent> *)(?P<marker>!!!|\?\?\?\+?) +(?P<kind>[A-Za-z][\w-]*)"
    r"(?P<classes>(?: +[A-Za-z][\w-]*)*)(?: +\"(?P<title>[^\"]*)\")? *$")
_ATTRIBUTES_ALONE = re.compile(r"^ *\{:[^}\n]*\} *$")
_ATTRIBUTES = re.compile(r"\{:\s*")
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
ADMONITION_CLASS = "nisdocs-admonition"
# The attribute list at the end of a heading: `## Scope {: .wide }`.
_HEADING_ATTRIBUTES = re.compile(r"(?P<open>\{:?)(?=[^{}]*\}[ \t]*#*[ \t]*$)")


def to_pandoc_markdown(body: str) -> str:
    """`body` in the Markdown pandoc reads, with the same meaning."""
    return "\n".join(_convert(_with_heading_ids(body).split("\n")))


def _with_heading_ids(body: str) -> str:
    """`body` with the site's id written on each heading that has none: pandoc's own
    ids differ (`1. Scope` is `scope` there, `1-scope` on the site). A heading indented
    as deep as code is left to pandoc: it may be code, where the id would be shown."""
    found = written_headings(body)
    ids = heading_ids((heading.text, heading.explicit_id) for heading in found)
    lines = body.split("\n")
    for heading, heading_id in zip(found, ids, strict=True):
        line = lines[heading.line - 1]
        if heading.explicit_id is None and not line.startswith(("    ", "\t")):
            # Into the heading's attribute list if it has one (`{: .x }`): pandoc reads one.
            with_id, count = _HEADING_ATTRIBUTES.subn(rf"\g<open> #{heading_id} ", line, 1)
            lines[heading.line - 1] = with_id if count else f"{line.rstrip()} {{#{heading_id}}}"
    return "\n".join(lines)


def _convert(lines: list[str]) -> list[str]:
    out: list[str] = []
    code = fenced_lines("\n".join(lines))
    index = 0
    while index < len(lines):
        line = lines[index]
        if code[index]:  # fenced code stays exactly as it is
            out.append(line)
            index += 1
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            end = _block_end(lines, index + 1, len(admonition["indent"]) + 4)
            inner = [_dedent(text, len(admonition["indent"]) + 4) for text in lines[index + 1:end]]
            out.extend(_admonition(admonition, _convert(inner)))
            index = end
            continue
        if _ATTRIBUTES_ALONE.match(line) or _ABBREVIATION.match(line):
            index += 1
            continue
        # Not inside a code span: `{: .x }` written as an example stays as written.
        out.append(outside_code(line, _ATTRIBUTES, "{"))
        index += 1
    return out


def _admonition(match: re.Match[str], inner: list[str]) -> list[str]:
    """A fenced div: the kind as a class, the title as a div of its own inside it.
    (pandoc tells an opening fence from a closing one by its attributes, so nested
    admonitions need no counting here.)"""
    indent = match["indent"]
    colons = "::::"
    title = match["title"]
    if title is None:
        title = match["kind"].replace("-", " ").capitalize()
    lines = ["", f"{indent}{colons} {{.{ADMONITION_CLASS} .{match['kind'].lower()}}}"]
    if title.strip():
        lines += [f"{indent}::: nisdocs-admonition-title", f"{indent}{title.strip()}",
                  f"{indent}:::", ""]
    lines += [f"{indent}{text}" if text else "" for text in inner]
    lines += ["", f"{indent}{colons}", ""]
    return lines


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the last line indented by at least `indent` (blank lines inside
    the block belong to it; trailing ones do not)."""
    end = start
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip(" ")) < indent:
            break
        end = index + 1
    return end


def _dedent(line: str, indent: int) -> str:
    return line[indent:] if line[:indent].strip() == "" else line.lstrip(" ")
