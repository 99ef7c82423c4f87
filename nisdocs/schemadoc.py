"""The front-matter reference, read from the JSON Schema the validator enforces.

The site's front-matter reference page is generated from these rows, so that it never
says something other than what `nisdocs check` and the build accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .validate import front_matter_schema

# The schema's definitions documented on the page, in the order editors meet them.
KINDS = ("document", "translation")


@dataclass(frozen=True)
class FieldRow:
    name: str
    required: bool
    allowed: str  # what the field accepts, in words
    values: tuple[str, ...]  # the closed list of values, when there is one
    description: str


def schema_reference(kind: str, schema: dict[str, Any] | None = None) -> list[FieldRow]:
    """One row per field of the definition `kind` ("document" or "translation"), in the
    schema's order."""
    schema = schema or front_matter_schema()
    definition = schema["$defs"][kind]
    required = set(definition.get("required", ()))
    return [_row(name, _resolved(spec, schema), name in required)
            for name, spec in definition["properties"].items()]


def _resolved(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A field's schema with its `$ref` merged in; the field's own keys win."""
    reference = spec.get("$ref")
    if not reference:
        return spec
    target = schema
    for part in reference.removeprefix("#/").split("/"):
        target = target[part]
    return {**_resolved(target, schema), **{k: v for k, v in spec.items() if k != "$ref"}}


def _row(name: str, spec: dict[str, Any], required: bool) -> FieldRow:
    values = tuple(str(value) for value in spec.get("enum", ()))
    allowed = spec.get("x-allowed") or ("one of the values listed" if values else spec["type"])
    limit = spec.get("maxLength")
    if limit:
        allowed = f"{allowed}, at most {limit} characters"
    return FieldRow(name=name, required=required, allowed=allowed, values=values,
                    description=spec.get("description", ""))
