"""The differential test: `nisdocs check` passes if and only if the build (a real
`mkdocs build --strict` of a small project, site and PDFs) succeeds, and then the PDF shows
the body's words. Bodies are generated from the constructs editors use
(tests/markdown_strategies.py). CI runs a few examples; run many more with
`NISDOCS_DIFFERENTIAL_EXAMPLES=500 python -m pytest tests/test_differential.py`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    PROJECT,
    copy_project,
    mkdocs_env,
    run_mkdocs_build,
    source_text,
    translation_text,
)
from hypothesis import HealthCheck, event, given, note, settings
from markdown_strategies import Fragment, body
from pdfcheck import full_text

EXAMPLES = int(os.environ.get("NISDOCS_DIFFERENTIAL_EXAMPLES", "40"))
PDF = "library/ncg-0001/1.0/ncg-0001-1.0-en.pdf"
# Only the source language and French are built: a build takes about three seconds.
SKIPPED_LANGUAGES = ("de", "el", "bg")


def small_project(root: Path) -> Path:
    """The project's site with a library of two documents, NCG-0001 (the generated body,
    untranslated: a translation would have to mirror its headings) and NCG-0002 (with a
    French translation), built in English and French only."""
    copy_project(root)
    shutil.rmtree(root / "guidelines")
    (root / "guidelines").mkdir()
    shutil.copy2(PROJECT / "guidelines/topics.yml", root / "guidelines/topics.yml")
    config = (root / "mkdocs.yml").read_text("utf-8")
    for language in SKIPPED_LANGUAGES:
        config, count = re.subn(rf"(- locale: {language}\n\s+name: [^\n]+\n\s+)build: true",
                                r"\1build: false", config)
        assert count == 1, f"mkdocs.yml: no `build: true` for {language}"
    (root / "mkdocs.yml").write_text(config, "utf-8")
    for path, text in (("ncg-0002/index.md", source_text("NCG-0002", related="[NCG-0001]")),
                       ("ncg-0002/index.fr.md", translation_text("NCG-0002"))):
        (root / "guidelines" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "guidelines" / path).write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield small_project(tmp_path_factory.mktemp("differential"))


def with_body(markdown: str) -> str:
    """NCG-0001's source with `markdown` as its whole body."""
    front_matter = source_text("NCG-0001").split("\n## Scope", 1)[0]
    return front_matter.rstrip("\n") + "\n\n" + markdown + "\n"


def check(project: Path) -> subprocess.CompletedProcess[str]:
    """`nisdocs check`, the command editors run, in the project's folder."""
    return subprocess.run([sys.executable, "-m", "nisdocs.cli", "check"], cwd=project,
                          env=mkdocs_env(project / ".pdf-cache"), capture_output=True,
                          text=True, timeout=300, check=False)


def squeezed(text: str) -> str:
    """Text without white space, hyphens or soft hyphens, in composed form: words a line
    break or hyphenation split are whole again."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def missing_words(pdf: Path, fragment: Fragment) -> list[str]:
    shown = squeezed(full_text(pdf))
    return sorted({w for w in fragment.words if squeezed(w) not in shown})


@settings(max_examples=EXAMPLES, deadline=None,
          derandomize=os.environ.get("NISDOCS_DIFFERENTIAL_RANDOM") is None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fragment=body())
def test_check_passes_exactly_when_the_build_succeeds(project: Path,
                                                      fragment: Fragment) -> None:
    note(f"body:\n{fragment.markdown}")
    source = project / "guidelines/ncg-0001/index.md"
    source.parent.mkdir(exist_ok=True)
    source.write_text(with_body(fragment.markdown), "utf-8")
    checked = check(project)
    build = run_mkdocs_build(project, project / "site", pdf_cache=project / ".pdf-cache")
    assert "Traceback" not in checked.stdout + checked.stderr, checked.stderr
    assert "internal error" not in checked.stderr, checked.stderr
    assert "Traceback" not in build.output, build.output[-3000:]
    note(f"check ({checked.returncode}): {(checked.stdout + checked.stderr).strip()}")
    said = [line for line in build.output.splitlines() if not line.startswith("INFO")]
    note(f"build ({build.returncode}): " + "\n".join(said))
    assert (checked.returncode == 0) == (build.returncode == 0), (
        "check and build disagree")
    # How the examples fall (`--hypothesis-show-statistics`): both published, or both
    # refused, by which rule.
    fields = sorted({line.split(": ")[1] for line in checked.stdout.splitlines()
                     if line.count(": ") >= 2})
    event("published" if checked.returncode == 0 else f"refused: {', '.join(fields)}")
    if build.returncode == 0:
        assert missing_words(build.site / PDF, fragment) == []
