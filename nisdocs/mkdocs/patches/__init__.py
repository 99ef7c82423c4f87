"""Patches of renderer internals that make the build faster, each behind a version guard.

Each patch replaces something private of mkdocs, material, mkdocs-static-i18n or Jinja
with an equivalent that gives the same output faster:

- `shared_render`: a text shown untranslated is converted once for all languages
  (mkdocs' `Page.render` and the fields it sets);
- `navigation_cache`: material's navigation partials rendered once per place (Jinja's
  `Template.root_render_func`, material's `partials/nav.html` and `partials/tabs.html`);
- `template_lookup`: `a.b` on a dict without Jinja's exception round trip
  (`Environment.getattr`);
- `static_i18n`: static-i18n's search for each page's language alternates
  (`reconfigure_files_alternates`).

A patch is installed only on the versions it was tested on (`Guard`). Outside them it
fails closed: it is not installed, the build logs one warning naming the package and
the versions, and takes the renderer's own path: slower, the same site. Every patch has
a test comparing its output with the unpatched path (tests/test_shared_render.py,
tests/test_static_i18n.py, tests/test_template_lookup.py), which CI runs on the lowest
and the newest versions pyproject.toml allows. `NISDOCS_PATCHES=false` in the
environment leaves every patch out, as the comparison of the whole site does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

SWITCH = "NISDOCS_PATCHES"
_OFF = ("0", "false", "no", "off")

# Not under `mkdocs.`: a patch left out changes no page, only the build's speed, so
# its warning must not fail a `--strict` build (mkdocs counts the warnings of its own
# loggers only). It is printed as mkdocs prints warnings.
log = logging.getLogger("nisdocs.patches")
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

# How a guard reads an installed version: once per package and process (the guards are
# asked again in every language's build); tests replace it to try other versions.
installed_version: Callable[[str], str] = cache(version)


def patches_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """False when NISDOCS_PATCHES switches every patch off (the unpatched path)."""
    return environ.get(SWITCH, "").strip().lower() not in _OFF


@dataclass(frozen=True)
class Guard:
    """The versions a patch was tested on: a version specifier per distribution."""

    patch: str  # what the patch does, for the warning
    tested: Mapping[str, str]  # distribution name -> specifier, e.g. {"jinja2": ">=3.1,<3.2"}

    def mismatches(self) -> list[str]:
        """Each distribution outside its tested versions, as `name 1.2.3 (tested: …)`."""
        found = []
        for name, specifier in self.tested.items():
            try:
                installed = installed_version(name)
                inside = Version(installed) in SpecifierSet(specifier)
            except (PackageNotFoundError, InvalidVersion):
                installed, inside = "(not installed)", False
            if not inside:
                found.append(f"{name} {installed} (tested: {specifier})")
        return found

    def allows(self) -> bool:
        """Whether the patch may be installed; when not, one warning says why."""
        if not patches_enabled():
            return False
        mismatches = self.mismatches()
        if mismatches:
            _warn_once(f"nisdocs: {self.patch} left out on {', '.join(mismatches)}: "
                       "the build takes the renderer's own, slower path")
            return False
        return True


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    """One warning a process: `mkdocs serve` installs the patches again at each rebuild,
    and static-i18n once per language."""
    if message not in _warned:
        _warned.add(message)
        log.warning(message)
