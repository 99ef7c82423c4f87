"""Problems written out for people and for CI: plain text, JSON for scripts, GitHub
workflow annotations, or a GitLab Code Quality report.

The JSON report (`nisdocs check --format json`) is stable; fields may be added, never
renamed or removed:

    {"format": "nisdocs-check", "version": 1, "ok": false,
     "count": 1, "files": 1,
     "problems": [{"path": "guidelines/ncg-0003/index.md", "line": 12,
                   "field": "id link", "message": "found id:NCG-9999, ...",
                   "text": "guidelines/ncg-0003/index.md:12: id link: found ..."}]}

`line` and `field` are null where a problem has none; `text` is the problem as the text
report writes it. `warnings` lists, in the same form, what check reports without failing
(what a PDF that is a text lacks: tags, a title, its language); the text report writes
them after the problems, each starting `warning: `.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from .problems import Problem

FORMATS = ("text", "json", "github", "gitlab")
JSON_REPORT_VERSION = 1


def report(problems: Sequence[Problem], output_format: str,
           warnings: Sequence[Problem] = ()) -> str:
    """The problems (and warnings) in `output_format`; an empty report is valid in every
    format."""
    if output_format == "github":
        return "".join([*(f"{github_annotation(problem)}\n" for problem in problems),
                        *(f"{github_annotation(w, 'warning')}\n" for w in warnings)])
    if output_format == "json":
        return json.dumps(json_report(problems, warnings), ensure_ascii=False,
                          indent=2) + "\n"
    if output_format == "gitlab":
        return json.dumps([*(code_quality_issue(problem) for problem in problems),
                           *(code_quality_issue(w, "minor") for w in warnings)],
                          ensure_ascii=False, indent=2) + "\n"
    return "".join([*(f"{problem}\n" for problem in problems),
                    *(f"warning: {warning}\n" for warning in warnings)])


def json_report(problems: Sequence[Problem],
                warnings: Sequence[Problem] = ()) -> dict[str, object]:
    """The JSON report's data (see the module's docstring)."""
    return {
        "format": "nisdocs-check", "version": JSON_REPORT_VERSION, "ok": not problems,
        "count": len(problems), "files": len({problem.path for problem in problems}),
        "problems": [_json_problem(problem) for problem in problems],
        "warnings": [_json_problem(warning) for warning in warnings],
    }


def _json_problem(problem: Problem) -> dict[str, object]:
    return {"path": problem.path, "line": problem.line, "field": problem.field,
            "message": problem.message, "text": str(problem)}


def github_annotation(problem: Problem, level: str = "error") -> str:
    """A workflow command that shows the problem on the line of the pull request's diff:
    `::error file=F,line=L,title=T::message` (`::warning ...` for a warning)."""
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
    properties.append(f"title={_escape_property(_title(problem))}")
    return f"::{level} {','.join(properties)}::{_escape_data(problem.message)}"


def code_quality_issue(problem: Problem, severity: str = "major") -> dict[str, object]:
    """One entry of GitLab's Code Quality report (a subset of the Code Climate format):
    GitLab shows it in the merge request's diff and compares reports by fingerprint."""
    identity = "\0".join((problem.path, problem.field or "", problem.message))
    return {
        "description": f"{problem.field}: {problem.message}" if problem.field else problem.message,
        "check_name": f"nisdocs/{_slug(problem.field) if problem.field else 'file'}",
        "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
        "severity": severity,
        "location": {"path": problem.path, "lines": {"begin": problem.line or 1}},
    }


def _title(problem: Problem) -> str:
    return f"nisdocs check: {problem.field}" if problem.field else "nisdocs check"


# GitHub's workflow commands read `%`, CR and LF in the message, and also `:` and `,`
# in property values, as syntax: they are written percent-encoded.
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
