"""The preview (`mkdocs serve`) after an edit that breaks a source.

mkdocs' live-reload server answers no request after a failed rebuild ("The server will
appear stuck until build errors are resolved"): every page an editor loads hangs. Yet the
last good site is intact (`output.py` swaps a build in only once it has succeeded). So the
rebuild is wrapped: a failure is recorded, with the problems the build logged, and counts
as a rebuild done, so that the server serves the last good pages again and reloads the
browsers; every HTML page it serves then carries the problems above its content, until a
rebuild succeeds and the pages come back clean, reloaded by themselves.

This leans on two internals of mkdocs' `LiveReloadServer`, its `builder` and the method
that adds the reload script to each page, behind a version guard: on other versions the
preview behaves as mkdocs' own.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from .patches import Guard

GUARD = Guard("the preview shows source errors in the browser",
              {"mkdocs": ">=1.6,<1.7"})

log = logging.getLogger("mkdocs.plugins.nisdocs")
# The messages of a failed rebuild: what mkdocs and the plugins logged as errors.
_LOGGER = "mkdocs"


class _Errors(logging.Handler):
    """The error messages logged while one rebuild runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class PreviewErrors:
    """The last rebuild's problems, shown on every page the preview serves until a
    rebuild succeeds."""

    def __init__(self) -> None:
        self.problems: str | None = None

    def install(self, server: Any) -> None:
        """Wrap the rebuild and the page injection of mkdocs' live-reload `server`."""
        mismatches = GUARD.mismatches()
        if mismatches:
            log.info(f"nisdocs: on {', '.join(mismatches)} the preview stops at a source "
                     "error as mkdocs' own does")
            return
        build: Callable[..., None] = server.builder
        inject: Callable[[bytes, int], bytes] = server._inject_js_into_html

        def builder(*args: Any, **kwargs: Any) -> None:
            errors = _Errors()
            logger = logging.getLogger(_LOGGER)
            logger.addHandler(errors)
            try:
                build(*args, **kwargs)
            except Exception as error:  # any failure of the rebuild: shown, not raised
                self.problems = "\n".join(errors.messages) or str(error)
                logger.error("nisdocs: the preview serves the last good pages, with the "
                             "problems above them, until a rebuild succeeds")
                return
            finally:
                logger.removeHandler(errors)
            self.problems = None

        def with_problems(content: bytes, epoch: int) -> bytes:
            content = inject(content, epoch)
            return content if self.problems is None else _above_content(content,
                                                                        self.problems)

        server.builder = builder
        server._inject_js_into_html = with_problems


def _above_content(content: bytes, problems: str) -> bytes:
    """`content`, an HTML page, with `problems` shown first in its body."""
    notice = (
        '<div class="nisdocs-preview-error" role="alert"><p><strong>The preview could not '
        "be rebuilt.</strong> These are the last good pages. Fix the problems below and "
        f"save: the page reloads by itself.</p><pre>{html.escape(problems)}</pre></div>"
    ).encode()
    start = content.find(b"<body")
    end = content.find(b">", start) + 1 if start >= 0 else 0
    return content[:end] + notice + content[end:]
