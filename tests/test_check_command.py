"""`nisdocs check` predicts the build: the PDF stage included, for the library, one
document or one file, in text or JSON, from any folder of the project."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import PROJECT, mkdocs_yml, run_mkdocs_build
from hypothesis import given, settings
from hypothesis import strategies as st

from nisdocs.cli import main
from nisdocs.library import LibraryConfig, scan_library
from nisdocs.pdf.jobs import plan_pdfs
from nisdocs.problems import Problem
from nisdocs.reports import report

DOCUMENT = "guidelines/ncg-0003/index.md"
# A problem of one text only (an id: link would also be missing from its translations).
BROKEN_ANCHOR = "See [the scope](#no-such-heading)."


def nisdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as an editor runs it: in `cwd`, with no --config unless given."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "nisdocs.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def mkdocs_languages() -> tuple[str, ...]:
    i18n = next(p["i18n"] for p in mkdocs_yml()["plugins"] if isinstance(p, dict) and "i18n" in p)
    default = [e["locale"] for e in i18n["languages"] if e.get("default")]
    return (*default, *(e["locale"] for e in i18n["languages"] if not e.get("default")))


def append(path: Path, text: str) -> int:
    """Add `text` as the last line of `path`; its line number."""
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


# -- the PDF stage --------------------------------------------------------------------


def test_check_reports_a_character_no_pdf_font_has_before_the_build_fails(
        project_copy: Path, shared_pdf_cache: Path, tmp_path: Path) -> None:
    line = append(project_copy / DOCUMENT, "Restricted areas are marked with a 🔒 sign.")

    # Without its PDF stage, check passes what the build then refuses (the case).
    quick = nisdocs("check", "--no-pdf", cwd=project_copy)
    assert quick.returncode == 0, quick.stdout + quick.stderr

    check = nisdocs("check", cwd=project_copy)
    assert check.returncode == 1, check.stdout + check.stderr
    assert check.stdout.startswith(f"{DOCUMENT}:{line}: "), check.stdout
    assert "🔒" in check.stdout and "U+1F512" in check.stdout
    assert "Traceback" not in check.stderr

    build = run_mkdocs_build(project_copy, tmp_path / "site", pdf_cache=shared_pdf_cache)
    assert build.returncode != 0
    assert DOCUMENT in build.output and "U+1F512" in build.output


def test_check_compiles_nothing_the_build_compiled(built_site: object,
                                                   capsys: pytest.CaptureFixture[str],
                                                   pdf_cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The build made the published PDFs; check adds only those of drafts, which a
    # preview build shows.
    config = LibraryConfig(PROJECT, mkdocs_languages())
    published = len(plan_pdfs(scan_library(config)[0], None))
    everything = len(plan_pdfs(scan_library(replace(config, include_drafts=True))[0], None))
    monkeypatch.setenv("NISDOCS_PDF_CACHE", str(pdf_cache))
    assert main(["check", "--config", str(PROJECT / "mkdocs.yml")]) == 0
    said = capsys.readouterr().err
    compiled = re.search(rf"; {everything} PDFs, (\d+) compiled", said)
    # Other tests' preview builds may have made the drafts' PDFs already.
    assert compiled is not None and int(compiled[1]) <= everything - published, said


def test_check_leaves_out_of_the_pdf_stage_what_the_build_refuses_first(
        project_copy: Path) -> None:
    # A document with a broken id link is refused before any PDF; the others still get
    # their PDFs checked, and nothing crashes on the link.
    append(project_copy / DOCUMENT, "See [this](id:NCG-9999).")
    check = nisdocs("check", cwd=project_copy)
    assert check.returncode == 1, check.stderr
    assert "internal error" not in check.stderr
    assert {line.split(":")[0].rsplit("/", 1)[0] for line in check.stdout.splitlines()
            if not line.startswith("warning: ")} == {"guidelines/ncg-0003"}
    assert "left out of the PDF stage" in check.stderr


# -- targets --------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["NCG-0003", "ncg-0003", DOCUMENT, "guidelines/ncg-0003",
                                    "guidelines/ncg-0003/index.fr.md"])
def test_check_one_document_or_file_reports_it_and_what_links_to_it(
        project_copy: Path, target: str) -> None:
    append(project_copy / DOCUMENT, BROKEN_ANCHOR)
    append(project_copy / "guidelines/ncg-0005/index.md", BROKEN_ANCHOR)
    check = nisdocs("check", "--no-pdf", target, cwd=project_copy)
    assert check.returncode == 1
    assert check.stdout.splitlines()[0].startswith(f"{DOCUMENT}:")
    assert "ncg-0005" not in check.stdout  # another document, not linking to NCG-0003
    assert "and those linking to them" in check.stderr

    whole = nisdocs("check", "--no-pdf", cwd=project_copy)
    assert "guidelines/ncg-0005/index.md" in whole.stdout


def test_check_a_document_that_others_link_to_reports_their_problems(
        project_copy: Path) -> None:
    # NCG-0002 is superseded by NCG-0003: a problem in NCG-0003 is in scope of NCG-0002.
    append(project_copy / DOCUMENT, BROKEN_ANCHOR)
    check = nisdocs("check", "--no-pdf", "NCG-0002", cwd=project_copy)
    assert check.returncode == 1 and DOCUMENT in check.stdout


@pytest.mark.parametrize(("target", "says"), [
    ("NCG-0030", 'did you mean "NCG-0003"?'),
    ("ncg-003", 'did you mean "NCG-0003"?'),
    ("guidelines/ncg-0003/index.it.md", "neither a document id nor a file"),
    ("/", "outside the project"),
])
def test_check_an_unknown_target_is_a_usage_error(project_copy: Path, target: str,
                                                 says: str) -> None:
    check = nisdocs("check", "--no-pdf", target, cwd=project_copy)
    assert check.returncode == 2, check.stderr
    assert says in check.stderr and "Traceback" not in check.stderr


# -- from any folder -----------------------------------------------------------------


def test_check_runs_from_any_folder_of_the_project(project_copy: Path) -> None:
    folder = project_copy / "guidelines/ncg-0003"
    line = append(folder / "index.md", BROKEN_ANCHOR)
    check = nisdocs("check", "--no-pdf", "index.md", cwd=folder)
    assert check.returncode == 1, check.stderr
    # Paths in messages stay relative to the project, wherever check runs.
    assert check.stdout == f"{DOCUMENT}:{line}: link: " + check.stdout.split(": link: ")[1]
    status = nisdocs("status", cwd=project_copy / "docs")
    assert status.returncode == 0, status.stderr


def test_outside_any_project_every_command_says_where_it_looked(tmp_path: Path) -> None:
    for command in (["check"], ["status"], ["pdf"], ["translate", "NCG-0003", "fr"]):
        result = nisdocs(*command, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert f"no mkdocs.yml in {tmp_path}" in result.stderr
        assert "Traceback" not in result.stderr


# -- the JSON report -----------------------------------------------------------------


BREAKAGES = {
    "id link": ("guidelines/ncg-0003/index.md", "See [this](id:NCG-9999)."),
    "link": ("guidelines/ncg-0003/index.md", BROKEN_ANCHOR),
    "html": ("guidelines/ncg-0005/index.md", '<img src="x" onerror="alert(1)">'),
    "pdf": ("guidelines/ncg-0006/index.md", "A sign: 🔒"),
    "footnote": ("guidelines/ncg-0007/index.md", "As listed in the inventory[^inventry]."),
    "heading": ("guidelines/ncg-0008/index.md", "# A second title"),
    "law link": ("guidelines/ncg-0009/index.md", "Under [the measures](law:NIS2/21/2/z)."),
}


def test_the_json_report_holds_what_the_text_report_says(project_copy: Path) -> None:
    for path, text in BREAKAGES.values():
        append(project_copy / path, text)
    (project_copy / "guidelines/ncg-0004/index.md").write_text(
        (project_copy / "guidelines/ncg-0004/index.md").read_text(encoding="utf-8")
        .replace("status:", "statuss:", 1), encoding="utf-8")
    text = nisdocs("check", cwd=project_copy)
    result = nisdocs("check", "--format", "json", cwd=project_copy)
    assert result.returncode == text.returncode == 1
    report = json.loads(result.stdout)
    assert (report["format"], report["version"], report["ok"]) == ("nisdocs-check", 1, False)
    # The text report writes the problems, then the warnings (what PDF texts lack).
    assert [problem["text"] for problem in report["problems"]] + [
        f"warning: {warning['text']}" for warning in report["warnings"]] == \
        text.stdout.splitlines()
    assert report["count"] == len(report["problems"]) >= len(BREAKAGES) + 1
    assert report["files"] == len({problem["path"] for problem in report["problems"]})
    for problem in report["problems"]:
        assert set(problem) == {"path", "line", "field", "message", "text"}
        place = problem["path"] if problem["line"] is None else (
            f"{problem['path']}:{problem['line']}")
        assert problem["text"].startswith(place)
    assert {path for path, _ in BREAKAGES.values()} <= {p["path"] for p in report["problems"]}


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(Problem, path=_TEXT.filter(bool), line=st.none() | st.integers(1),
                          field=st.none() | _TEXT.filter(bool), message=_TEXT)))
def test_every_report_format_round_trips(problems: list[Problem]) -> None:
    # Any text a message may quote (quotes, newlines, control characters, any script):
    # the JSON report reads back as written, the GitLab report is JSON, and each GitHub
    # annotation stays on one line.
    back = json.loads(report(problems, "json"))
    assert [Problem(p["path"], p["line"], p["field"], p["message"])
            for p in back["problems"]] == problems
    assert back["ok"] == (not problems) and back["count"] == len(problems)
    assert len(json.loads(report(problems, "gitlab"))) == len(problems)
    assert report(problems, "github").count("\n") == len(problems)


def test_the_json_report_of_a_clean_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-pdf", "--format", "json", "--config",
                 str(PROJECT / "mkdocs.yml")]) == 0
    report = json.loads(capsys.readouterr().out)
    warnings = report.pop("warnings")
    assert report == {"format": "nisdocs-check", "version": 1, "ok": True, "count": 0,
                      "files": 0, "problems": []}
    # What the sample's untagged PDF text lacks, reported without failing.
    assert {warning["path"] for warning in warnings} == {"guidelines/ncg-0015/index.pdf"}
    for warning in warnings:
        assert set(warning) == {"path", "line", "field", "message", "text"}


# -- what check accepts, the build publishes; what it refuses, the build refuses -------


def test_code_is_code_for_check_and_build(project_copy: Path, shared_pdf_cache: Path,
                                          tmp_path: Path) -> None:
    # Measured: a fenced example [x](id:NCG-9999) stopped the build.
    append(project_copy / DOCUMENT, "Write links as in:\n\n```markdown\n"
                                    "See [the guideline](id:NCG-9999) and `{: .wide }`.\n```")
    check = nisdocs("check", cwd=project_copy)
    assert check.returncode == 0, check.stdout + check.stderr
    build = run_mkdocs_build(project_copy, tmp_path / "site", pdf_cache=shared_pdf_cache)
    assert build.returncode == 0, build.output[-3000:]
    page = (tmp_path / "site/library/ncg-0003/index.html").read_text(encoding="utf-8")
    assert "id:NCG-9999" in page and "{: .wide }" in page


def test_a_malformed_law_link_stops_check_and_build(project_copy: Path, shared_pdf_cache: Path,
                                                   tmp_path: Path) -> None:
    # Measured: passed check and the strict build, and was published as a dead href.
    line = append(project_copy / DOCUMENT, "Under [the measures](law:NIS2 Art. 21(2)(d)).")
    check = nisdocs("check", cwd=project_copy)
    assert check.returncode == 1
    assert f"{DOCUMENT}:{line}: law link: found law:NIS2 Art. 21(2)(d);" in check.stdout
    build = run_mkdocs_build(project_copy, tmp_path / "site", pdf_cache=shared_pdf_cache)
    assert build.returncode != 0 and "law:NIS2 Art. 21(2)(d)" in build.output
