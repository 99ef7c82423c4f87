"""Switches that both the build and the `nisdocs` command read, each in one place.

    extra:
      nisdocs:
        drafts: false     # NISDOCS_DRAFTS=true overrides it: drafts shown, bannered

`nisdocs check` and `mkdocs build` read the drafts setting through `include_drafts`, so
that check looks at the library the build publishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DRAFTS_VARIABLE = "NISDOCS_DRAFTS"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def switch(value: Any, name: str) -> bool:
    """`value` of the setting `name` as true or false; ValueError naming the setting,
    what was found and what is allowed otherwise."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name}: found {value!r}; allowed: true or false")


def include_drafts(options: Mapping[str, Any], environ: Mapping[str, str]) -> bool:
    """Whether drafts are shown: NISDOCS_DRAFTS when it is set, else
    `extra.nisdocs.drafts` (`options`), else false."""
    if environ.get(DRAFTS_VARIABLE, "").strip():
        return switch(environ[DRAFTS_VARIABLE], DRAFTS_VARIABLE)
    return switch(options.get("drafts", False), "extra.nisdocs.drafts")
