"""`nisdocs serve`: the preview editors and translators work with.

It runs `mkdocs serve` on the project's mkdocs.yml, whose nisdocs plugin makes the
preview follow the editor (nisdocs/mkdocs/refresh.py, preview.py, pdf_preview.py); the
options here only set what the plugin reads from the environment: the languages shown
(NISDOCS_LANGUAGES) and drafts (NISDOCS_DRAFTS). mkdocs takes the command's process over (exec), so
that the commands never import the renderer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .settings import DRAFTS_VARIABLE, LANGUAGES_VARIABLE, shown_languages


def serve_command(config: Path, languages: Sequence[str], site_languages: Sequence[str], *,
                  drafts: bool, address: str | None,
                  environ: Mapping[str, str] = os.environ) -> tuple[list[str], dict[str, str]]:
    """The `mkdocs serve` command line and environment that preview the project of
    `config` in `languages` (all the site's when empty). A ValueError names a language
    the site does not have."""
    env = dict(environ)
    if languages:
        env[LANGUAGES_VARIABLE] = ",".join(languages)
        shown_languages(env, site_languages)  # refused here rather than by the server
    if drafts:
        env[DRAFTS_VARIABLE] = "true"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
    if address:
        command += ["--dev-addr", address]
    return command, env


def run_serve(command: list[str], env: dict[str, str], cwd: Path) -> int:
    """Become the preview: this process is replaced by `mkdocs serve`, so that Ctrl-C or
    a signal to stop reaches the server itself. Returns only where the system cannot
    replace a process, with the server's exit status."""
    os.chdir(cwd)
    if hasattr(os, "execve") and os.name == "posix":
        os.execve(command[0], command, env)
    return subprocess.run(command, env=env, check=False).returncode
