"""The `nisdocs` command end to end, on a temporary copy of the repository: scaffolds,
checks and their output formats, exit codes, and the live preview of edits."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import time
import urllib.error
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, PROJECT, Build, Served, mkdocs_env, mkdocs_serve, run_mkdocs_build
from pdfcheck import link_targets, structure_elements

from nisdocs.cli import EXAMPLES, build_parser, main
from nisdocs.library import Library, LibraryConfig, load_library, scan_library
from nisdocs.library_pdf import pdf_text_warnings
from nisdocs.problems import problem_order

# GitHub's annotation syntax, with properties percent-encoded (no raw `,` or `:`).
ANNOTATION = re.compile(
    r"^::(error|warning) file=[^,:]+(,line=[1-9][0-9]*)?,title=[^,:]+::\S.*$")
CODE_QUALITY_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def run(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str, str]:
    """`nisdocs ARGS --config project/mkdocs.yml`: exit code, stdout, stderr."""
    code = main([*args, "--config", str(project / "mkdocs.yml")])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def git(project: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                             *args], cwd=project, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repository(project_copy: Path) -> Path:
    """The copy of the project as a git repository with one commit on `main`."""
    git(project_copy, "init", "-q", "-b", "main")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-q", "-m", "sample")
    return project_copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- help and usage -------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_every_command_answers_help_with_examples(command: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert f"usage: nisdocs {command}" in text
    assert "examples:" in text and f"nisdocs {command}" in text.split("examples:")[1]
    assert "exit codes: 0" in text


def test_the_examples_parse() -> None:
    """Every example line of the help is a valid command line."""
    parser = build_parser()
    for lines in EXAMPLES.values():
        for line in lines.replace("\\\n", " ").splitlines():
            words = shlex.split(line.strip().split("  ")[0])  # without its explanation
            if words and words[0] == "nisdocs":
                parser.parse_args(words[1:])


def test_usage_errors_exit_2_with_a_message(project_copy: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--format", "xml"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --format: invalid choice: 'xml'" in err and "gitlab" in err
    code, _, err = run(capsys, project_copy / "nowhere", "check")
    assert code == 2 and "nisdocs check: cannot read" in err and "No such file" in err
    with pytest.raises(SystemExit) as exit_:
        main(["release", "NCG-0003", "1.2", "--date", "2026-13-01"])
    assert exit_.value.code == 2
    assert "found '2026-13-01'; allowed: a date YYYY-MM-DD" in capsys.readouterr().err


def test_an_internal_error_exits_2_without_a_traceback(
        project_copy: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("nisdocs.checking.scan_library", broken)
    code, _, err = run(capsys, project_copy, "check")
    assert code == 2
    assert "internal error: RuntimeError: simulated bug" in err and "Traceback" not in err


# -- check ----------------------------------------------------------------------------


def sample_warnings(library: Library) -> str:
    """What check reports of the sample without failing: what its PDF texts lack."""
    warnings = pdf_text_warnings(library.documents.values(), library.source_language)
    return "".join(f"warning: {warning}\n" for warning in sorted(warnings, key=problem_order))


def test_check_passes_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    public = load_library(LibraryConfig(PROJECT, LANGUAGES))
    everything = load_library(LibraryConfig(PROJECT, LANGUAGES, include_drafts=True))
    assert len(everything.documents) > len(public.documents)  # the sample has a draft
    code, out, err = run(capsys, PROJECT, "check")
    # The only output: the warnings of the sample's untagged PDF text.
    assert (code, out) == (0, sample_warnings(public)) and out
    assert f"ok: checked {len(public.documents)} documents" in err
    code, out, err = run(capsys, PROJECT, "check", "--drafts")
    assert (code, out) == (0, sample_warnings(everything))
    assert err.startswith(f"ok: checked {len(everything.documents)} documents;"), err


def _break(project: Path) -> None:
    """Three problems: a bad status, a link to nowhere, a script."""
    edit(project / "guidelines/ncg-0004/index.md", "status: published", "status: final")
    edit(project / "guidelines/ncg-0007/index.md", "\n## ", "\n[x](id:NCG-0999)\n\n## ")
    with (project / "guidelines/ncg-0005/index.fr.md").open("a", encoding="utf-8") as file:
        file.write("\n<script>alert(1)</script>\n")


def test_check_text_output(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break(project_copy)
    code, out, err = run(capsys, project_copy, "check")
    assert code == 1
    lines = out.splitlines()
    assert any(re.match(r"guidelines/ncg-0004/index.md:\d+: status: found \"final\"", line)
               for line in lines), out
    assert any(line.startswith("guidelines/ncg-0007/index.md:") and "id:NCG-0999" in line
               for line in lines), out
    assert any(line.startswith("guidelines/ncg-0005/index.fr.md:") and "<script>" in line
               for line in lines), out
    assert re.search(r"\d+ problems in 3 files", err)


def test_check_github_annotations(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break(project_copy)
    code, out, _ = run(capsys, project_copy, "check", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) >= 3
    for line in lines:
        assert ANNOTATION.match(line), line
    status = next(line for line in lines if "ncg-0004" in line)
    assert re.match(r"::error file=guidelines/ncg-0004/index.md,line=\d+,"
                    r"title=nisdocs check%3A status::found \"final\"; allowed: ", status)


def test_check_gitlab_code_quality_report(project_copy: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    report = project_copy / "gl-code-quality-report.json"
    code, out, _ = run(capsys, project_copy, "check", "--format", "gitlab", "-o", str(report))
    assert (code, out) == (0, "")
    # Warnings only: what the sample's PDF texts lack, as minor issues.
    assert {issue["severity"] for issue in json.loads(report.read_text("utf-8"))} == {"minor"}
    _break(project_copy)
    code, out, _ = run(capsys, project_copy, "check", "--format", "gitlab", "-o", str(report))
    assert (code, out) == (1, "")
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert len(issues) >= 3
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in CODE_QUALITY_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert {issue["location"]["path"] for issue in issues
            if issue["severity"] != "minor"} == {
        "guidelines/ncg-0007/index.md", "guidelines/ncg-0004/index.md",
        "guidelines/ncg-0005/index.fr.md"}


def test_check_changed_since_reports_what_the_branch_touches(
        repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A problem already on main, in a document the branch does not touch...
    edit(repository / "guidelines/ncg-0004/index.md", "status: published", "status: final")
    git(repository, "commit", "-q", "-am", "a problem on main")
    git(repository, "checkout", "-q", "-b", "change")
    code, _, err = run(capsys, repository, "check", "--changed-since", "main")
    assert code == 0, err
    # Of the documents check loads (drafts included), those with no problem of their own.
    config = LibraryConfig(repository, LANGUAGES, include_drafts=True)
    count = len(scan_library(config)[0].documents)
    assert f"ok: checked 0 of {count} documents changed since main" in err
    # ...is not reported; the branch's own problem (committed or not) is.
    edit(repository / "guidelines/ncg-0006/index.md", "status: published", "status: adopted")
    code, out, _ = run(capsys, repository, "check", "--changed-since", "main")
    assert code == 1
    assert {line.split(":")[0] for line in out.splitlines()} == {"guidelines/ncg-0006/index.md"}
    git(repository, "commit", "-q", "-am", "branch change")
    assert run(capsys, repository, "check", "--changed-since", "main")[1] == out


def test_check_changed_since_includes_dependants(repository: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Removing a document breaks the documents that name it: they are reported though
    the branch did not change them."""
    git(repository, "rm", "-rq", "guidelines/ncg-0002")
    code, out, _ = run(capsys, repository, "check", "--changed-since", "main")
    assert code == 1
    paths = {line.split(":")[0] for line in out.splitlines()}
    assert "guidelines/ncg-0003/index.md" in paths  # supersedes: [NCG-0002]
    naming = {path.relative_to(repository).as_posix()
              for path in (repository / "guidelines").rglob("*.md")
              if "NCG-0002" in path.read_text(encoding="utf-8")}
    assert paths <= naming


def test_check_changed_since_a_shared_file_checks_everything(
        repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repository / "guidelines/topics.yml", "supply-chain-security:", "supply-chains:")
    code, out, err = run(capsys, repository, "check", "--changed-since", "main")
    assert code == 1 and "every document" in err
    assert "unknown topic 'supply-chain-security'" in out


def test_check_changed_since_an_unknown_ref(repository: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, repository, "check", "--changed-since", "origin/nowhere")
    assert (code, out) == (2, "")
    assert err.startswith("nisdocs check: git merge-base failed:")


# -- new ----------------------------------------------------------------------------


def next_ids(project: Path, count: int = 2) -> list[str]:
    """The ids `nisdocs new` gives next in `project`: after the highest one there."""
    highest = max(int(folder.name[4:]) for folder in (project / "guidelines").glob("ncg-*"))
    return [f"NCG-{highest + step:04d}" for step in range(1, count + 1)]


def test_new_then_check_passes(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = next_ids(project_copy)
    code, out, _ = run(capsys, project_copy, "new", "Guideline on: testing, quotes \"and\" #",
                       "--topic", "incident-reporting", "--topic", "peer-reviews")
    assert code == 0
    path = project_copy / f"guidelines/{first.lower()}/index.md"
    assert out.startswith(f"created guidelines/{first.lower()}/index.md: {first}, version "
                          "1.0, a draft")
    text = path.read_text(encoding="utf-8")
    assert f"id: {first}\n" in text and "status: draft\n" in text and 'version: "1.0"' in text
    assert run(capsys, project_copy, "check")[0] == 0
    assert run(capsys, project_copy, "check", "--drafts")[0] == 0
    # The next one takes the next id.
    assert run(capsys, project_copy, "new", "Another", "--topic", "peer-reviews")[0] == 0
    assert (project_copy / f"guidelines/{second.lower()}/index.md").is_file()
    # Published with the scaffold's placeholders left in: refused.
    edit(path, "status: draft", "status: published")
    code, out, _ = run(capsys, project_copy, "check")
    assert code == 1 and "placeholder 'TO BE WRITTEN'" in out


def test_new_with_bad_arguments(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [new_id] = next_ids(project_copy, 1)
    code, _, err = run(capsys, project_copy, "new", "A title", "--topic", "cats")
    assert code == 2
    assert "unknown topic 'cats'; allowed (--topic, one or more): " in err
    assert "incident-reporting" in err
    code, _, err = run(capsys, project_copy, "new", "A title")
    assert code == 2 and "no topic given" in err
    code, _, err = run(capsys, project_copy, "new", "  ", "--topic", "peer-reviews")
    assert code == 2 and "the title is empty" in err
    assert not (project_copy / f"guidelines/{new_id.lower()}").exists()


# -- translate, status, release, and the site with both versions -----------------------


def status_cell(capsys: pytest.CaptureFixture[str], project: Path, doc_id: str,
                language: str) -> dict[str, str]:
    code, out, _ = run(capsys, project, "status", "--format", "json")
    assert code == 0
    row = next(row for row in json.loads(out)["documents"] if row["id"] == doc_id)
    cell: dict[str, str] = row["translations"][language]
    return cell


def test_translate_release_and_the_site_with_both_versions(
        project_copy: Path, built_site: Build, capsys: pytest.CaptureFixture[str]) -> None:
    ncg3 = project_copy / "guidelines/ncg-0003"
    # NCG-0003 1.1 has no Bulgarian translation of its own version (bg translates 1.0).
    assert status_cell(capsys, project_copy, "NCG-0003", "bg")["state"] == "outdated"
    (ncg3 / "index.bg.md").unlink()
    assert status_cell(capsys, project_copy, "NCG-0003", "bg")["state"] == "missing"
    code, out, _ = run(capsys, project_copy, "translate", "ncg-0003", "bg")
    assert code == 0 and out.startswith("created guidelines/ncg-0003/index.bg.md")
    scaffold = (ncg3 / "index.bg.md").read_text(encoding="utf-8")
    assert 'source_version: "1.1"' in scaffold and "translation: in-progress" in scaffold
    # Untranslated, the scaffold is in progress: never current, never published
    assert status_cell(capsys, project_copy, "NCG-0003", "bg")["state"] == "in-progress"
    assert run(capsys, project_copy, "check")[0] == 0
    # The mark removed before the text is translated: check refuses the copy
    (ncg3 / "index.bg.md").write_text(scaffold.replace("translation: in-progress\n", ""),
                                      encoding="utf-8")
    code, out, err = run(capsys, project_copy, "check")
    assert code == 1 and "identical to the source's" in out + err
    # Translated (here, each paragraph of prose marked as translated) and unmarked: current
    (ncg3 / "index.bg.md").write_text(re.sub(
        r"(?m)^([A-Z][^\n]*\w[^\n]*)$", r"Преведено: \1",
        scaffold.replace("translation: in-progress\n", "")), encoding="utf-8")
    assert status_cell(capsys, project_copy, "NCG-0003", "bg")["state"] == "current"
    assert run(capsys, project_copy, "check")[0] == 0
    # A second scaffold stays in progress through the build below
    assert run(capsys, project_copy, "translate", "NCG-0002", "el")[0] == 0

    # Release: 1.1 is archived with its translations and images; index.md starts 1.2.
    code, out, _ = run(capsys, project_copy, "release", "NCG-0003", "1.2", "--date", "2026-11-20")
    assert code == 0, out
    assert out.startswith("archived NCG-0003 1.1 in guidelines/ncg-0003/1.1/")
    archived = sorted(p.relative_to(ncg3 / "1.1").as_posix()
                      for p in (ncg3 / "1.1").rglob("*") if p.is_file())
    assert archived == ["images/reporting-timeline.svg", "index.bg.md", "index.de.md",
                        "index.el.md", "index.fr.md", "index.md"]
    source = (ncg3 / "index.md").read_text(encoding="utf-8")
    assert 'version: "1.2"' in source and "status: draft" in source
    assert "date: 2026-11-20" in source and "version_note" not in source
    assert "summary: >-\n  Practical guidance" in source  # the rest is kept as written
    assert run(capsys, project_copy, "check")[0] == 0
    # While 1.2 is a draft the public site shows 1.1, from its archive.
    assert status_cell(capsys, project_copy, "NCG-0003", "fr")["state"] == "current"

    # The editor publishes 1.2: the translations next to it are now outdated.
    edit(ncg3 / "index.md", "status: draft", "status: published")
    edit(ncg3 / "index.md", "summary: >-", "version_note: Clarifies the scope.\nsummary: >-")
    assert status_cell(capsys, project_copy, "NCG-0003", "fr") == {
        "state": "outdated", "translated_version": "1.1", "path": "guidelines/ncg-0003/index.fr.md",
        "pdf": None}
    assert run(capsys, project_copy, "check")[0] == 0
    build = run_mkdocs_build(project_copy, project_copy / "site",
                             pdf_cache=built_site.pdf_cache)
    assert build.returncode == 0, build.output
    site = project_copy / "site"
    for url in ("library/ncg-0003/index.html", "library/ncg-0003/1.1/index.html",
                "library/ncg-0003/1.0/index.html", "library/ncg-0003/1.1/images/"
                "reporting-timeline.svg", "bg/library/ncg-0003/1.1/index.html"):
        assert (site / url).is_file(), url
    assert "1.2" in (site / "library/ncg-0003/index.html").read_text(encoding="utf-8")
    # The archived version's PDF still has its figure, from the archived image.
    pdf = site / "library/ncg-0003/1.1/ncg-0003-1.1-en.pdf"
    figures = [e for e in structure_elements(pdf) if e["/S"] == "/Figure"]
    assert [f["/Alt"] for f in figures] == [
        figure["/Alt"] for figure in structure_elements(
            built_site.site / "library/ncg-0003/1.1/ncg-0003-1.1-en.pdf")
        if figure["/S"] == "/Figure"]
    assert "Timeline of the reporting sequence" in figures[0]["/Alt"]
    # The scaffold in progress is no language version: the Greek page is the English text
    # with its notice, no page links to it as Greek, no Greek PDF; the matrix says so
    greek = (site / "el/library/ncg-0002/index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in greek and "nisdocs-notice--fallback" in greek
    english = BeautifulSoup((site / "library/ncg-0002/index.html").read_text(
        encoding="utf-8"), "html.parser")
    # (the language switcher offers every language, as for a missing translation; the
    # document's list of its languages does not offer Greek)
    languages = {a["hreflang"] for a in english.select(".nisdocs-languages a[hreflang]")}
    assert "el" not in languages and "de" in languages
    assert not list((site / "library/ncg-0002").rglob("*-el.pdf"))
    matrix = (site / "translations/index.html").read_text(encoding="utf-8")
    assert 'data-state="in-progress"' in matrix and "in progress" in matrix


def test_translate_and_release_refuse_bad_arguments(project_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (("translate", "NCG-0003", "fr"), "guidelines/ncg-0003/index.fr.md exists already and "
                                          "translates the current version 1.1; edit it there"),
        (("translate", "NCG-0003", "bg"), "guidelines/ncg-0003/index.bg.md exists already (it "
                                          "translates version 1.0); update it, and set its "
                                          'source_version to "1.1" once it translates version '
                                          "1.1"),
        (("translate", "NCG-0003", "en"), "en is the source language; allowed: fr, de, el, bg"),
        (("translate", "NCG-0003", "it"), "unknown language 'it'"),
        (("translate", "NCG-0999", "fr"), "no document 'NCG-0999' in guidelines/"),
        (("release", "NCG-0003", "1.1"), "found version 1.1, not after the current version 1.1; "
                                         "allowed: a later version, such as 1.2 or 2.0"),
        (("release", "NCG-0003", "v2"), "found version 'v2'; allowed: MAJOR.MINOR"),
        (("release", "NCG-0003", "1.0"), "not after the current version"),
        # A date before the current version's would leave files check refuses (issue 18).
        (("release", "NCG-0003", "1.2", "--date", "2025-06-02"),
         "found the date 2025-06-02, before version 1.1 (2025-06-03); allowed: 2025-06-03 "
         "or later"),
    ]
    before = sorted(p for p in (project_copy / "guidelines").rglob("*"))
    for args, message in cases:
        code, out, err = run(capsys, project_copy, *args)
        assert (code, out) == (2, ""), args
        assert message in err, (args, err)
    assert sorted(p for p in (project_copy / "guidelines").rglob("*")) == before


def test_release_refuses_a_draft_and_a_broken_document(project_copy: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    [new_id] = next_ids(project_copy, 1)
    assert run(capsys, project_copy, "new", "Draft", "--topic", "peer-reviews")[0] == 0
    code, _, err = run(capsys, project_copy, "release", new_id, "1.1")
    assert code == 2 and f"{new_id} 1.0 is a draft" in err
    edit(project_copy / "guidelines/ncg-0004/index.md", "status: published", "status: final")
    code, _, err = run(capsys, project_copy, "release", "NCG-0004", "1.1")
    assert code == 2 and "NCG-0004 has problems to fix first:" in err and "final" in err
    assert not (project_copy / "guidelines/ncg-0004/1.0").exists()


# -- the command as installed ---------------------------------------------------------


def test_the_installed_command_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "nisdocs.cli", "check", "--config",
                             str(PROJECT / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- live preview ---------------------------------------------------------------------


def test_serve_previews_edits_to_guidelines(project_copy: Path, tmp_path: Path) -> None:
    """An edit of a guideline is shown without a full rebuild: the document's page and the
    lists that show its title are rendered again, in every language that shows them; an
    edit of the site's own files takes the full rebuild."""
    env = mkdocs_env(tmp_path / "pdf-cache")

    def served_until(served: Served, url: str, wanted: bytes) -> None:
        deadline = time.monotonic() + 90
        while wanted not in served.get(url):
            assert time.monotonic() < deadline, "".join(served.log)
            time.sleep(0.2)

    def full_builds(served: Served) -> int:
        return sum("Building documentation..." in line for line in served.log)

    with mkdocs_serve(project_copy, env, livereload=True) as served:
        assert b"Live edit marker" not in served.get("library/ncg-0001/")
        edit(project_copy / "guidelines/ncg-0001/index.md", "## Purpose",
             "Live edit marker.\n\n## Purpose")
        served_until(served, "library/ncg-0001/", b"Live edit marker")
        # The title, in the library's list in the source language and in a language
        # with no translation of the document (shown untranslated).
        path = project_copy / "guidelines/ncg-0004/index.md"
        title = re.search(r"(?m)^title: (.*)$", path.read_text(encoding="utf-8"))
        assert title
        edit(path, f"title: {title[1]}", "title: Retitled in the preview")
        untranslated = next(language for language in LANGUAGES[1:]
                            if not path.with_name(f"index.{language}.md").exists())
        for url in ("library/", f"{untranslated}/library/"):
            served_until(served, url, b"Retitled in the preview")
        # The other languages that show the source text, not asked for, are rendered too,
        # while the server is idle.
        site = Path(re.findall(r"documentation to directory: (\S+)", "".join(served.log))[0])
        for language in LANGUAGES[1:]:
            if path.with_name(f"index.{language}.md").exists():
                continue
            written = site / language / "library/index.html"
            deadline = time.monotonic() + 30
            while b"Retitled in the preview" not in written.read_bytes():
                assert time.monotonic() < deadline, language
                time.sleep(0.2)
        assert full_builds(served) == 1, "".join(served.log)
        assert sum("pages rendered again" in line for line in served.log) == 2
        # The site's own pages: the whole site is built again.
        about = project_copy / "docs/about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nAbout page marker.\n",
                         encoding="utf-8")
        served_until(served, "about/", b"About page marker")
        assert full_builds(served) == 2


def test_nisdocs_serve_previews_the_languages_asked_for(project_copy: Path,
                                                        tmp_path: Path) -> None:
    """`nisdocs serve --language fr`: the source language and French, built and kept up
    to date; the site's other languages left out, their translations passed over."""
    env = mkdocs_env(tmp_path / "pdf-cache")
    with mkdocs_serve(project_copy, env, nisdocs=["--language", "fr"]) as served:
        log = "".join(served.log)
        assert "in 2 languages" in log and "WARNING" not in log, log
        assert b"<html" in served.get("fr/library/ncg-0003/")
        for language in LANGUAGES[2:]:
            with pytest.raises(urllib.error.HTTPError) as missing:
                served.get(f"{language}/library/ncg-0003/")
            assert missing.value.code == 404, language
        edit(project_copy / "guidelines/ncg-0003/index.fr.md", "\n## ",
             "\nMarque de modification.\n\n## ")
        deadline = time.monotonic() + 60
        while b"Marque de modification" not in served.get("fr/library/ncg-0003/"):
            assert time.monotonic() < deadline, "".join(served.log)
            time.sleep(0.2)
        assert sum("Building documentation..." in line for line in served.log) == 1


@pytest.mark.parametrize("language", ["frr", "xx"])
def test_nisdocs_serve_refuses_a_language_the_site_has_not(
        project_copy: Path, capsys: pytest.CaptureFixture[str], language: str) -> None:
    code, _, err = run(capsys, project_copy, "serve", "--language", language)
    assert code == 2
    assert f"found {language!r}; allowed: the site's languages, {', '.join(LANGUAGES)}" in err
    if language == "frr":
        assert "did you mean" in err and "fr" in err


def test_serve_shows_a_source_error_on_the_last_good_pages_and_recovers(
        project_copy: Path, tmp_path: Path) -> None:
    """A broken edit under the running preview: every page is still served, the last good
    one, with the problem (file and what is allowed) above it; fixed, the page is clean."""
    env = mkdocs_env(tmp_path / "pdf-cache")
    source = project_copy / "guidelines/ncg-0004/index.md"

    def served_until(served: Served, url: str, test: Callable[[bytes], bool]) -> bytes:
        deadline = time.monotonic() + 90
        while not test(page := served.get(url)):
            assert time.monotonic() < deadline, "".join(served.log)
            time.sleep(0.5)
        return page

    with mkdocs_serve(project_copy, env, livereload=True) as served:
        good = served.get("library/ncg-0004/")
        assert b"nisdocs-preview-error" not in good
        edit(source, "status: published", "status: final")
        broken = served_until(served, "library/ncg-0004/",
                              lambda page: b"nisdocs-preview-error" in page)
        html = broken.decode()
        assert "guidelines/ncg-0004/index.md" in html and "status" in html
        assert "allowed: " in html
        # The last good page is still there, under the problem.
        assert good.split(b"<body", 1)[1][:200] in broken or b"nisdocs-head" in broken
        assert b"nisdocs-preview-error" in served.get("library/")
        edit(source, "status: final", "status: published")
        served_until(served, "library/ncg-0004/",
                     lambda page: b"nisdocs-preview-error" not in page)


def test_site_url_follows_nisdocs_site_url(project_copy: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """mkdocs.yml reads site_url from NISDOCS_SITE_URL when it is set; so does `nisdocs
    pdf`, whose PDFs then link to that copy of the site."""
    monkeypatch.setenv("NISDOCS_PDF_CACHE", str(tmp_path / "cache"))
    links = []
    for url in (None, "https://example.github.io/nisdocs/"):
        if url:
            monkeypatch.setenv("NISDOCS_SITE_URL", url)
        code, _, err = run(capsys, project_copy, "pdf", "NCG-0007", "--language", "en",
                             "-o", str(tmp_path / "pdf"))
        assert code == 0, err
        links.append(" ".join(link_targets(tmp_path / "pdf/ncg-0007-1.0-en.pdf")))
    assert "https://nis-cooperation-group.pages.code.europa.eu/nisdocs/" in links[0]
    assert "https://example.github.io/nisdocs/" in links[1]
    assert "pages.code.europa.eu" not in links[1]


# -- a reader that closes the output early; the drafts setting -------------------------


@pytest.mark.parametrize("args", [("status",), ("status", "--format", "json"), ("check",),
                                  ("check", "--format", "github")])
def test_a_reader_closing_the_output_early_ends_the_command_quietly(
        project_copy: Path, args: tuple[str, ...]) -> None:
    """`nisdocs status | head -1`: the reader is gone before the command writes (its pipe
    is closed here before Python has even started)."""
    if args[0] == "check":  # which writes to stdout only what it finds
        broken = project_copy / "guidelines/ncg-0001/index.md"
        broken.write_text(broken.read_text(encoding="utf-8").replace("status: published",
                                                                     "status: final", 1))
    process = subprocess.Popen([sys.executable, "-m", "nisdocs.cli", *args, "--config",
                                str(project_copy / "mkdocs.yml")], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=120) == 141, errors
    assert "Traceback" not in errors and "internal error" not in errors, errors
    assert "BrokenPipe" not in errors and "Exception ignored" not in errors, errors


def _draft_linked_from_a_public_document(project: Path) -> None:
    from conftest import source_text

    for doc_id, fields, body in (
            ("NCG-0950", {"status": "draft"}, ""),
            ("NCG-0951", {}, "\nSee [the draft](id:NCG-0950).\n")):
        folder = project / "guidelines" / doc_id.lower()
        folder.mkdir()
        (folder / "index.md").write_text(source_text(doc_id, **fields) + body,
                                         encoding="utf-8")


def test_check_reads_nisdocs_drafts_as_the_build_does(
        project_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A public document linking to a draft is a problem for the public site, and none for
    a preview that shows drafts: check and build say the same either way."""
    _draft_linked_from_a_public_document(project_copy)
    for drafts, expected in (("false", 1), ("true", 0)):
        monkeypatch.setenv("NISDOCS_DRAFTS", drafts)
        code, out, err = run(capsys, project_copy, "check")
        assert code == expected, out + err
        build = run_mkdocs_build(project_copy, tmp_path / f"site-{drafts}",
                                 pdf_cache=tmp_path / "cache",
                                 env={**mkdocs_env(tmp_path / "cache"), "NISDOCS_PDF": "false",
                                      "NISDOCS_DRAFTS": drafts})
        assert (build.returncode == 0) == (expected == 0), build.output[-2000:]
        if expected:
            assert "NCG-0950" in out and "NCG-0950" in build.output


def test_a_drafts_setting_that_is_not_a_switch_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NISDOCS_DRAFTS", "maybe")
    code, _out, err = run(capsys, PROJECT, "check")
    assert code == 2
    assert "NISDOCS_DRAFTS: found 'maybe'; allowed: true or false" in err
