"""The preview (`mkdocs serve`): its rebuilds, told of a save at once, made of only the
pages an edit changes, and a broken edit shown in the browser.

mkdocs' live-reload server looks for changes every half second and rebuilds the whole
site on each; after a failed rebuild it answers no request ("The server will appear
stuck until build errors are resolved"): every page an editor loads hangs. Here:

- the platform tells of a save (`_notified_at_once`);
- the rebuild compares the watched files with those of the last rebuild that succeeded:
  when only guidelines' Markdown changed, `refresh` (refresh.py) renders the pages the
  edit changes; anything else, or an edit that adds pages, is mkdocs' full rebuild;
- a failure is recorded, with the problems the build logged, and counts as a rebuild
  done, so that the server serves the last good pages again (`output.py` swaps a build in
  only once it has succeeded) and reloads the browsers; every HTML page it serves then
  carries the problems above its content, until a rebuild succeeds and the pages come
  back clean, reloaded by themselves.

This leans on internals of mkdocs' `LiveReloadServer` (its `builder`, its observer and
watches, the method that adds the reload script to each page) behind a version guard: on
other versions the preview behaves as mkdocs' own.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

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


class Preview:
    """Wraps the rebuild of mkdocs' live-reload server: an edit of guidelines renders
    only the pages it changes (`refresh`), anything else the whole site; a failure is
    shown on every page the preview serves until a rebuild succeeds."""

    def __init__(self, refresh: Callable[[set[str]], bool],
                 render_pending: Callable[[str | None], bool], roots: list[str],
                 project: Path) -> None:
        self.refresh = refresh  # True when it rendered what the edit changed
        # Renders the page left pending at an output path (None: the next one); whether
        # there was one.
        self.render_pending = render_pending
        # Held by whatever renders: a rebuild, a page rendered when asked for, the
        # pages rendered while the server is idle.
        self.lock = threading.Lock()
        self.roots = roots  # what the server watches
        self.project = project
        self.problems: str | None = None
        # The files as they were at the start of the last rebuild that succeeded: what
        # changed since is what the next rebuild has to show.
        self.good = _snapshot(roots, project)

    def install(self, server: Any) -> None:
        """Wrap the rebuild and the page injection of mkdocs' live-reload `server`."""
        mismatches = GUARD.mismatches()
        if mismatches:
            log.info(f"nisdocs: on {', '.join(mismatches)} the preview rebuilds everything "
                     "and stops at a source error as mkdocs' own does")
            return
        _notified_at_once(server)
        build: Callable[..., None] = server.builder
        inject: Callable[[bytes, int], bytes] = server._inject_js_into_html

        def builder(*args: Any, **kwargs: Any) -> None:
            errors = _Errors()
            logger = logging.getLogger(_LOGGER)
            logger.addHandler(errors)
            now = _snapshot(self.roots, self.project)
            try:
                with self.lock:
                    changed = {path for path in now.keys() | self.good.keys()
                               if now.get(path) != self.good.get(path)}
                    if not changed or not self.refresh(changed):
                        build(*args, **kwargs)
            except Exception as error:  # any failure of the rebuild: shown, not raised
                self.problems = "\n".join(errors.messages) or str(error)
                logger.error("nisdocs: the preview serves the last good pages, with the "
                             "problems above them, until a rebuild succeeds")
                return
            finally:
                logger.removeHandler(errors)
            self.good, self.problems = now, None
            threading.Thread(target=self._render_while_idle, daemon=True).start()

        # A page an edit changed and left pending is rendered before it is served.
        serve: Callable[[dict[str, Any], Any], Any] = server._serve_request

        def serve_request(environ: dict[str, Any], start_response: Any) -> Any:
            path = _output_path(server, environ)
            if path is not None:
                with self.lock:
                    self.render_pending(path)
            return serve(environ, start_response)

        def with_problems(content: bytes, epoch: int) -> bytes:
            content = inject(content, epoch)
            return content if self.problems is None else _above_content(content,
                                                                        self.problems)

        server.builder = builder
        server._serve_request = serve_request
        server._inject_js_into_html = with_problems

    def _render_while_idle(self) -> None:
        """The pages left pending, one at a time, so that a request or a rebuild waits
        for one page at most."""
        while True:
            with self.lock:
                if not self.render_pending(None):
                    return
            time.sleep(0.005)  # room for a request or the next rebuild to take the lock


def _output_path(server: Any, environ: dict[str, Any]) -> str | None:
    """The file of the site a request names, as mkdocs' server finds it: the path below
    its mount path, `index.html` in a folder."""
    path = str(environ.get("PATH_INFO", "")).encode("latin-1", "replace").decode(
        "utf-8", "ignore")
    if not path.startswith(server.mount_path):
        return None
    relative = posixpath.normpath("/" + path[len(server.mount_path):]).lstrip("/")
    if path.endswith("/") or not posixpath.splitext(relative)[1]:
        relative = posixpath.join(relative, "index.html")
    return os.path.join(server.root, *relative.split("/"))


# What a save does to a file, as the platform reports it; reading a file (opened, closed
# without writing), which every build does, is no change.
_CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})


def _notified_at_once(server: Any) -> None:
    """mkdocs looks for changes by reading the watched folders every half second, which
    adds up to that to every edit; the platform's notifications (inotify, FSEvents,
    ReadDirectoryChangesW, through watchdog's `Observer`) tell at once. The server's
    observer is replaced before it starts, its watches moved to the new one, and later
    watches go there too; where the platform has none, mkdocs' polling stays."""
    observer = Observer()
    if isinstance(observer, PollingObserver):
        return

    def changed(event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in _CHANGES:
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = changed  # type: ignore[method-assign]

    def watch(path: str, func: None = None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in server._watched_paths:
            server._watched_paths[path] += 1
            return
        server._watched_paths[path] = 1
        server._watch_refs[path] = observer.schedule(handler, path, recursive=recursive)

    for path in server._watched_paths:
        server._watch_refs[path] = observer.schedule(handler, path, recursive=True)
    server.observer = observer
    server.watch = watch


def _snapshot(roots: list[str], project: Path) -> dict[str, tuple[int, int]]:
    """Each file below `roots` (files or folders) by its path relative to `project`, with
    its size and modification time: two snapshots differ where a file was saved, added or
    removed."""
    found: dict[str, tuple[int, int]] = {}
    for root in roots:
        paths = [root] if os.path.isfile(root) else [
            os.path.join(parent, name) for parent, _, names in os.walk(root) for name in names]
        for path in paths:
            try:
                stat = os.stat(path)
            except OSError:  # removed meanwhile
                continue
            relative = Path(os.path.relpath(path, project)).as_posix()
            found[relative] = (stat.st_size, stat.st_mtime_ns)
    return found


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
