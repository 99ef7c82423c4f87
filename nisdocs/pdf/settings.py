"""The PDF options of mkdocs.yml (the nisdocs plugin's `pdf`) and the NISDOCS_PDF switch.

    plugins:
      - nisdocs:
          pdf:
            enabled: true       # build PDFs with the site
            serve: false        # and under `mkdocs serve` too
            cache: .cache/nisdocs/pdf
            workers: 0          # compile threads; 0: one per CPU core
            publisher:          # the cover's and notice page's publisher: publisher.py
              name: NIS Cooperation Group
              logo: docs/assets/images/publisher.svg

NISDOCS_PDF=true or NISDOCS_PDF=false in the environment overrides `enabled` and `serve`;
NISDOCS_PDF_CACHE overrides `cache` (a CI job can keep its cache elsewhere).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..options import SettingsError, option_mapping
from ..problems import describe
from .publisher import Publisher, check_publisher_options, load_publisher

WHERE = "plugins.nisdocs.pdf"  # how messages name the options
OPTIONS: dict[str, Any] = {"enabled": True, "serve": False, "cache": ".cache/nisdocs/pdf",
                           "workers": 0, "publisher": None}
ENVIRONMENT_SWITCH = "NISDOCS_PDF"
ENVIRONMENT_CACHE = "NISDOCS_PDF_CACHE"
DEFAULT_CACHE = OPTIONS["cache"]
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class PdfSettings:
    enabled: bool
    cache: Path
    workers: int
    publisher: Publisher


def default_workers() -> int:
    """One compile thread per CPU core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def check_pdf_options(options: Any, *, where: str = WHERE) -> dict[str, Any]:
    """The options as mkdocs.yml gives them, each checked; SettingsError saying which one
    is wrong and what is allowed."""
    options = option_mapping(options, where, list(OPTIONS))
    for name in ("enabled", "serve"):
        if not isinstance(options.get(name, False), bool):
            raise SettingsError(f"{where}.{name}: found {describe(options[name])}; "
                             "expected true or false")
    workers = options.get("workers", 0)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise SettingsError(f"{where}.workers: found {describe(workers)}; "
                         "expected a whole number, 0 for one per CPU core")
    cache = options.get("cache", DEFAULT_CACHE)
    if not isinstance(cache, str) or not cache.strip():
        raise SettingsError(f"{where}.cache: found {describe(cache)}; expected a folder path")
    checked = dict(options)
    if checked.get("publisher") is not None:
        checked["publisher"] = check_publisher_options(checked["publisher"],
                                                       f"{where}.publisher")
    return checked


def pdf_settings(options: Any, *, root: Path, serving: bool, environ: Mapping[str, str],
                 source_language: str | None = None) -> PdfSettings:
    """Read the options (the publisher's logo from `root`, mkdocs.yml's folder); raise
    SettingsError saying which one is wrong and what is allowed. With `source_language`,
    the publisher's texts by language must have one in it."""
    options = check_pdf_options(options)
    publisher = load_publisher(options.get("publisher"), root=root, where=f"{WHERE}.publisher",
                               source_language=source_language)
    enabled = options.get("enabled", True)
    serve = options.get("serve", False)
    workers = options.get("workers", 0)
    cache = environ.get(ENVIRONMENT_CACHE) or options.get("cache", DEFAULT_CACHE)
    switch = environ.get(ENVIRONMENT_SWITCH, "").strip().lower()
    if switch in _TRUE:
        enabled = True
    elif switch in _FALSE:
        enabled = False
    elif switch:
        raise SettingsError(f"{ENVIRONMENT_SWITCH}: found {switch!r}; expected true or false")
    elif serving:
        enabled = enabled and serve
    return PdfSettings(enabled=enabled, cache=root / cache, workers=workers or default_workers(),
                       publisher=publisher)

