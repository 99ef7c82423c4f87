"""How nisdocs reads a mapping of options from mkdocs.yml: the one error type and the
check every mapping of options gets, for the plugin's options (nisdocs/settings.py) and
its `pdf` options (nisdocs/pdf/settings.py) alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .problems import describe, did_you_mean


class SettingsError(ValueError):
    """An option of mkdocs.yml or a switch of the environment is wrong: the message names
    it, says what was found and what is allowed."""


def option_mapping(raw: Any, where: str, allowed: Sequence[str]) -> Mapping[str, Any]:
    """`raw` as a mapping of options named `where` in messages (None: no options); a
    SettingsError for anything else, or for a name not `allowed`, with the closest."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise SettingsError(f"{where}: found {describe(raw)}; expected a mapping of options")
    for name in raw:
        if name not in allowed:
            raise SettingsError(f'{where}: unknown option "{name}"; allowed: '
                                f"{', '.join(allowed)}{did_you_mean(str(name), allowed)}")
    return raw
