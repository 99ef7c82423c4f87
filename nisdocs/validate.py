"""Validation of sources: front-matter fields against the JSON Schema, then the rules
that need the whole library (known topics, existing articles, known ids, versions).

Every function returns a list of `Problem`s; nothing raises on bad input.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from .frontmatter import FrontMatter
from .problems import Problem, describe, did_you_mean
from .registry import load_registry

# The Cooperation Group was set up by Directive (EU) 2016/1148, adopted on this day:
# no document of the library can be older.
EARLIEST_DATE = date(2016, 7, 6)


@cache
def front_matter_schema() -> dict[str, Any]:
    entry = resources.files("nisdocs") / "schema" / "front-matter.schema.json"
    schema: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(kind: str) -> Draft202012Validator:
    """A validator for one definition of the schema: "document" or "translation"."""
    schema = {key: value for key, value in front_matter_schema().items()
              if key not in ("if", "then", "else")}
    schema["$ref"] = f"#/$defs/{kind}"
    return Draft202012Validator(schema)


def allowed_fields(kind: str) -> list[str]:
    return list(front_matter_schema()["$defs"][kind]["properties"])


def check_fields(front: FrontMatter, path: str, kind: str) -> list[Problem]:
    """Check the front matter of a source ("document") or translation ("translation")."""
    problems: list[Problem] = []
    for error in _validator(kind).iter_errors(front.data):
        problems.extend(_problems_of(error, front, path, kind))
    # jsonschema gives one `required` error per missing field, and each one lists them all
    problems = list(dict.fromkeys(problems))
    if not problems and kind == "document":
        problems.extend(_check_date(front, path))
    return problems


def _problems_of(error: ValidationError, front: FrontMatter, path: str,
                 kind: str) -> list[Problem]:
    validator = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    if validator == "additionalProperties":
        known = allowed_fields(kind)
        return [  # YAML also reads `1:` or `null:` as a key: name it as text
            Problem(path, front.lines.get(str(key)), str(key),
                    f"unknown field; allowed fields: {', '.join(known)}"
                    f"{did_you_mean(str(key), known)}")
            for key in instance if key not in known
        ]
    if validator == "required":
        return [
            Problem(path, 1, key, "required field is missing")
            for key in expected if key not in instance
        ]
    field = _field_name(error)
    line = front.lines.get(field) or front.lines.get(str(error.path[0]) if error.path else "")
    found = describe(instance)
    allowed: str | None = (error.schema.get("x-allowed")
                           if isinstance(error.schema, dict) else None)
    if validator == "type" and field in ("version", "source_version") and not isinstance(
            instance, (list, dict)):
        written = front.raw.get(field, str(instance))
        return [Problem(path, line, field,
                        f"found {found} (written {written}); a version is text: write it in "
                        f'quotes, {field}: "{written}"')]
    if validator == "enum":
        values = ", ".join(str(v) for v in expected)
        hint = did_you_mean(str(instance), [str(v) for v in expected]) if isinstance(
            instance, str) else ""
        return [Problem(path, line, field, f"found {found}; allowed: {values}{hint}")]
    if validator == "maxLength":
        return [Problem(path, line, field, f"is {len(instance)} characters long; "
                        f"allowed: at most {expected}")]
    if validator == "uniqueItems":
        return [Problem(path, line, field, "lists the same value twice; allowed: each value once")]
    if validator == "minItems":
        return [Problem(path, line, field, f"found an empty list; allowed: {allowed or 'a list'}")]
    hint = ""
    if validator == "pattern" and field.startswith("references[") and isinstance(instance, str):
        meant = load_registry().suggest_reference(instance)
        hint = f'; did you mean "{meant}"?' if meant else ""
    return [Problem(path, line, field,
                    f"found {found}; allowed: {allowed or error.message}{hint}")]


def _field_name(error: ValidationError) -> str:
    name = ""
    for part in error.path:
        name += f"[{part}]" if isinstance(part, int) else str(part)
    return name


def _check_date(front: FrontMatter, path: str) -> list[Problem]:
    text = front.data["date"]
    line = front.lines.get("date")
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return [Problem(path, line, "date", f'found "{text}", which is not a calendar date; '
                        "allowed: a real date YYYY-MM-DD")]
    if value < EARLIEST_DATE:
        return [Problem(path, line, "date", f"found {text}, before the Cooperation Group "
                        f"existed; allowed: {EARLIEST_DATE.isoformat()} or later")]
    return []


def check_not_future(front: FrontMatter, path: str, today: date) -> list[Problem]:
    """A version that is already public cannot have been adopted after today."""
    if front.data["status"] == "draft" or front.data["date"] <= today.isoformat():
        return []
    return [Problem(path, front.lines.get("date"), "date",
                    f"found {front.data['date']}, a date in the future for a version with "
                    f"status {front.data['status']}; allowed: {today.isoformat()} or earlier "
                    "(or status draft)")]
