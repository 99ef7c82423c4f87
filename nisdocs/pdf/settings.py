"""The PDF options of mkdocs.yml (`extra.nisdocs.pdf`) and the NISDOCS_PDF switch.

    extra:
      nisdocs:
        pdf:
          enabled: true       # build PDFs with the site
          serve: false        # and under `mkdocs serve` too
          cache: .cache/nisdocs/pdf
          workers: 0          # compile threads; 0: one per CPU core

NISDOCS_PDF=true or NISDOCS_PDF=false in the environment overrides `enabled` and `serve`;
NISDOCS_PDF_CACHE overrides `cache` (a CI job can keep its cache elsewhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .build import default_workers

ENVIRONMENT_SWITCH = "NISDOCS_PDF"
ENVIRONMENT_CACHE = "NISDOCS_PDF_CACHE"
DEFAULT_CACHE = ".cache/nisdocs/pdf"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class PdfSettings:
    enabled: bool
    cache: Path
    workers: int


def pdf_settings(options: Any, *, root: Path, serving: bool,
                 environ: Mapping[str, str]) -> PdfSettings:
    """Read the options; raise ValueError saying which one is wrong and what is allowed."""
    if options is None:
        options = {}
    if not isinstance(options, Mapping):
        raise ValueError(f"extra.nisdocs.pdf: found {options!r}; expected a mapping of options")
    unknown = sorted(set(options) - {"enabled", "serve", "cache", "workers"})
    if unknown:
        raise ValueError(f"extra.nisdocs.pdf: unknown option {unknown[0]!r}; "
                         "allowed: enabled, serve, cache, workers")
    enabled = _boolean(options, "enabled", True)
    serve = _boolean(options, "serve", False)
    workers = options.get("workers", 0)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValueError(f"extra.nisdocs.pdf.workers: found {workers!r}; "
                         "expected a whole number, 0 for one per CPU core")
    cache = environ.get(ENVIRONMENT_CACHE) or options.get("cache", DEFAULT_CACHE)
    if not isinstance(cache, str) or not cache.strip():
        raise ValueError(f"extra.nisdocs.pdf.cache: found {cache!r}; expected a folder path")
    switch = environ.get(ENVIRONMENT_SWITCH, "").strip().lower()
    if switch in _TRUE:
        enabled = True
    elif switch in _FALSE:
        enabled = False
    elif switch:
        raise ValueError(f"{ENVIRONMENT_SWITCH}: found {switch!r}; expected true or false")
    elif serving:
        enabled = enabled and serve
    return PdfSettings(enabled=enabled, cache=root / cache, workers=workers or default_workers())


def _boolean(options: Mapping[str, Any], name: str, default: bool) -> bool:
    value = options.get(name, default)
    if not isinstance(value, bool):
        raise ValueError(f"extra.nisdocs.pdf.{name}: found {value!r}; expected true or false")
    return value
