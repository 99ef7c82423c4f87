"""The hostile-input corpus (issue 7): bad sources, each through `nisdocs check` and
through `mkdocs build`, each with its clear error or its safe outcome, never a traceback.

A case is a set of files written into a copy of the sample project. A refused case must
make `nisdocs check` exit 1 and the build fail, both naming the file, the line where
known, the field, what was found and what is allowed, with no traceback and no site
written. An accepted case is built with the others in one site (PDFs included), and
its test looks at what the site and the PDF show.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, Build, copy_project, run_mkdocs_build, source_text

from nisdocs.library import MAX_SOURCE_BYTES

HOSTILE = "ncg-0900"  # the folder of the case's own document
HOSTILE_FILE = f"guidelines/{HOSTILE}/index.md"
BODY = "\n\n## Scope\n\nText of the document.\n"


def hostile(body: str = BODY, **fields: str | None) -> str:
    """A valid source of NCG-0900 with `fields` replaced (None drops one) and `body`."""
    text = source_text("NCG-0900", **fields)
    return text[:text.index("\n---\n") + 5] + body


@dataclass(frozen=True)
class Refused:
    """Files that `nisdocs check` and the build must refuse, and what both must say."""

    files: dict[str, str | bytes]
    says: tuple[str, ...]  # in the problem's line: place, field, found, allowed
    symlinks: dict[str, str] = field(default_factory=dict)  # path -> target


def _bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


REFUSED: dict[str, Refused] = {
    "python-object-tag": Refused(
        {HOSTILE_FILE: hostile(title='!!python/object/apply:os.system ["touch PWNED"]')},
        (f"{HOSTILE_FILE}:3", "not valid YAML", "python/object")),
    "python-name-tag": Refused(
        {HOSTILE_FILE: hostile(summary="!!python/name:os.system")},
        (f"{HOSTILE_FILE}:10", "not valid YAML", "python/name")),
    "alias-bomb": Refused(
        {HOSTILE_FILE: hostile(topics=None).replace("---\n", "---\n" + _bomb() + "\n", 1)},
        (f"{HOSTILE_FILE}:3", "YAML aliases (*name) are not allowed", "found *a")),
    "file-over-the-size-limit": Refused(
        {HOSTILE_FILE: hostile(BODY + ("A long paragraph. " * 70_000))},
        (HOSTILE_FILE, "bytes; allowed: at most 1000000 bytes")),
    "invalid-utf8": Refused(
        {HOSTILE_FILE: hostile().encode("utf-8") + b"\n\nCaf\xe9 latin-1 text.\n"},
        (HOSTILE_FILE, "not valid UTF-8 (byte", "allowed: UTF-8 text")),
    "empty-file": Refused(
        {HOSTILE_FILE: ""},
        (f"{HOSTILE_FILE}:1", "no front matter", "must start with a line '---'")),
    "front-matter-never-closed": Refused(
        {HOSTILE_FILE: hostile().replace("\n---\n", "\n", 1)},
        (f"{HOSTILE_FILE}:1", "never closed", "add a line '---'")),
    "duplicate-keys": Refused(
        {HOSTILE_FILE: hostile().replace("type:", "title: Again\ntype:", 1)},
        (f"{HOSTILE_FILE}:4", "title: appears twice (first on line 3)")),
    "version-as-a-float": Refused(
        {HOSTILE_FILE: hostile(version="1.10")},
        (f"{HOSTILE_FILE}:6", "version", "the number 1.1", '"1.10"')),
    "id-with-a-path-separator": Refused(
        {HOSTILE_FILE: hostile(id="NCG-0900/../../etc")},
        (f"{HOSTILE_FILE}:2", "id:", '"NCG-0900/../../etc"', "NCG-")),
    "id-with-dot-dot": Refused(
        {HOSTILE_FILE: hostile(id="../ncg-0001")},
        (f"{HOSTILE_FILE}:2", "id:", '"../ncg-0001"', "NCG-")),
    "deep-nesting-in-front-matter": Refused(
        {HOSTILE_FILE: hostile(title=_nested(5000))},
        (f"{HOSTILE_FILE}:3", "nested more than")),
    "unknown-language-suffix": Refused(
        {HOSTILE_FILE: hostile(), f"guidelines/{HOSTILE}/index.xx.md": hostile()},
        (f"guidelines/{HOSTILE}/index.xx.md", "language 'xx' is not configured",
         "allowed suffixes: fr, de, el, bg")),
    "supersedes-itself": Refused(
        {HOSTILE_FILE: hostile(supersedes="[NCG-0900]")},
        (HOSTILE_FILE, "supersedes", "NCG-0900")),
    "cycle-of-supersedes": Refused(
        {HOSTILE_FILE: hostile(supersedes="[NCG-0901]", status="superseded"),
         "guidelines/ncg-0901/index.md": source_text("NCG-0901", supersedes="[NCG-0900]",
                                                    status="superseded")},
        ("supersedes", "cycle")),
    "link-outside-the-repository": Refused(
        {HOSTILE_FILE: hostile(BODY + "\nSee [the password file](../../../../etc/passwd).\n")},
        (f"{HOSTILE_FILE}:", "link", "../../../../etc/passwd")),
    "image-outside-the-repository": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n![The site's settings](../../mkdocs.yml)\n")},
        (f"{HOSTILE_FILE}:", "image", "../../mkdocs.yml")),
    "image-through-a-symbolic-link": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n![A host name](images/host.png)\n")},
        (f"guidelines/{HOSTILE}/images/host.png", "symbolic link"),
        symlinks={f"guidelines/{HOSTILE}/images/host.png": "/etc/hostname"}),
    "raw-script": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n<script>alert(1)</script>\n")},
        (f"{HOSTILE_FILE}:", "html", "<script>")),
    "raw-iframe": Refused(
        {HOSTILE_FILE: hostile(BODY + '\n<iframe src="https://example.org/"></iframe>\n')},
        (f"{HOSTILE_FILE}:", "html", "<iframe>")),
    "event-handler-attribute": Refused(
        {HOSTILE_FILE: hostile(BODY + '\n<p onmouseover="alert(1)">Hover me.</p>\n')},
        (f"{HOSTILE_FILE}:", "html", "onmouseover")),
    "javascript-url": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n[Click here](javascript:alert(1)).\n")},
        (f"{HOSTILE_FILE}:", "html", "javascript:alert(1)")),
    "data-url-image": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n")},
        (f"{HOSTILE_FILE}:", "data:")),
    "yaml-control-character": Refused(
        {HOSTILE_FILE: hostile(title='"Bell \x07 title"')},
        (f"{HOSTILE_FILE}:3", "not valid YAML", "found the character U+0007",
         "allowed: printable characters")),
    # Issue 16: the publishing gate, allow-listed, refuses in the build what check does.
    # Reference definitions Markdown accepts inside other blocks (the build's pre-filter
    # used to look only at a line's start, and published them).
    "javascript-definition-in-a-quote": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n[Click here][f]\n\n> [f]: javascript:alert(1)\n")},
        (f"{HOSTILE_FILE}:20", "html", '"javascript:alert(1)"', "allowed: http:")),
    "javascript-definition-in-a-list-item": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n- [Click here][f]\n\n    [f]: javascript:alert(1)\n")},
        (f"{HOSTILE_FILE}:20", "html", '"javascript:alert(1)"', "allowed: http:")),
    "javascript-definition-in-an-admonition": Refused(
        {HOSTILE_FILE: hostile(BODY + '\n!!! note "Note"\n    [Click here][f]\n\n'
                                      "    [f]: javascript:alert(1)\n")},
        (f"{HOSTILE_FILE}:21", "html", '"javascript:alert(1)"', "allowed: http:")),
    "javascript-definition-in-a-footnote": Refused(
        {HOSTILE_FILE: hostile(BODY + "\nA claim.[^1]\n\n[^1]: See [the source][f].\n\n"
                                      "    [f]: javascript:alert(1)\n")},
        (f"{HOSTILE_FILE}:22", "html", '"javascript:alert(1)"', "allowed: http:")),
    # Raw HTML that a deny-list let through.
    "svg-animation-setting-a-javascript-link": Refused(
        {HOSTILE_FILE: hostile(BODY + '\n<svg><a><set attributeName="href" '
                                      'to="javascript:alert(1)"/><text>Go</text></a></svg>\n')},
        (f"{HOSTILE_FILE}:18", "html", "found the raw HTML element <svg>", "never script")),
    "script-behind-an-abrupt-comment": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n<!--><script>alert(1)</script>-->\n")},
        (f"{HOSTILE_FILE}:18", "html", "found the raw HTML element <script>")),
    "style-loading-another-site": Refused(
        {HOSTILE_FILE: hostile(BODY + '\n<span style="background: url(https://tracker.example'
                                      '/p.png)">Text</span>\n')},
        (f"{HOSTILE_FILE}:18", "html", "CSS properties background", "allowed: only text-align")),
    "image-from-another-site": Refused(
        {HOSTILE_FILE: hostile(BODY + "\n![The logo](https://tracker.example/logo.png)\n")},
        (f"{HOSTILE_FILE}:18", "image", "https://tracker.example/logo.png",
         "the site loads nothing from other sites")),
    "translation-of-a-version-that-does-not-exist": Refused(
        {HOSTILE_FILE: hostile(),
         f"guidelines/{HOSTILE}/index.fr.md": (
             "---\nid: NCG-0900\ntitle: Titre\nsource_version: \"9.9\"\n"
             "summary: Résumé.\n---\n\n## Champ\n\nTexte.\n")},
        (f"guidelines/{HOSTILE}/index.fr.md:4", "source_version", "9.9")),
}


def write_case(project: Path, case: Refused) -> None:
    for path, content in case.files.items():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for path, target in case.symlinks.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, project / path)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def nisdocs_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nisdocs.cli", "check", "--config",
                           str(project / "mkdocs.yml")], capture_output=True, text=True,
                          cwd=project, timeout=300)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_source_is_refused_by_check_and_build(name: str, sample_copy: Path,
                                                       tmp_path: Path) -> None:
    case = REFUSED[name]
    write_case(sample_copy, case)

    check = nisdocs_check(sample_copy)
    said = check.stdout + check.stderr
    assert check.returncode == 1, said
    assert "Traceback" not in said and "internal error" not in said, said
    line = next((line for line in said.splitlines() if case.says[0] in line), None)
    assert line is not None, said
    for part in case.says[1:]:
        assert part in said, f"{part!r} not in:\n{said}"

    site = tmp_path / "site"
    build = run_mkdocs_build(sample_copy, site, pdf_cache=tmp_path / "pdf-cache",
                             env={**os.environ, "NISDOCS_PDF": "false"})
    assert build.returncode != 0, build.output[-3000:]
    assert "Traceback" not in build.output, build.output[-3000:]
    for part in case.says:
        assert part in build.output, f"{part!r} not in:\n{build.output[-3000:]}"
    assert not site.exists() or not any(site.iterdir()), "a failed build left a site"
    assert not (sample_copy / "PWNED").exists()


# -- accepted cases: one site of them all ------------------------------------------


HTML_TITLE = "<img src=x onerror=alert(1)> & </title><script>alert(1)</script>"


def _table(rows: int) -> str:
    lines = ["| Row | Entity | Sector |", "|---:|---|---|"]
    lines += [f"| {row} | Entity {row} | Energy |" for row in range(1, rows + 1)]
    return "\n".join(lines) + "\n"


def _nested_body(depth: int) -> str:
    return ("> " * depth + "Quoted deep down.\n\n"
            + "".join("    " * level + f"- item {level}\n" for level in range(depth)))


ACCEPTED: dict[str, str] = {
    # A byte-order mark and Windows line ends, as some editors save files.
    "ncg-0910": "\ufeff" + source_text("NCG-0910", title="Written on Windows").replace(
        "\n", "\r\n"),
    # Raw typst and TeX, which the PDF's converter must show, not run.
    "ncg-0911": source_text("NCG-0911", title="Raw blocks").replace(
        "Text of the document.\n",
        "Text of the document.\n\n```{=typst}\n#panic(\"TYPST RAN\")\n```\n\n"
        "Inline `#panic(\"INLINE TYPST RAN\")`{=typst} code.\n\n"
        "\\input{/etc/passwd} and \\begin{document}TEX RAN\\end{document}\n\n"
        "$$\\immediate\\write18{touch PWNED}$$\n"),
    # A table of 10,000 rows.
    "ncg-0912": source_text("NCG-0912", title="A very long table").replace(
        "Text of the document.\n", "Text of the document.\n\n" + _table(10_000)),
    # HTML in a front-matter value (tests/test_output_safety.py follows every field to
    # every place it is shown).
    "ncg-0914": source_text("NCG-0914", title=f'"{HTML_TITLE}"'),
    # Deep nesting in the body, as deep as typst parses (deeper: see the test below).
    "ncg-0913": source_text("NCG-0913", title="Deeply nested").replace(
        "Text of the document.\n", "Text of the document.\n\n" + _nested_body(10)),
}



@pytest.fixture(scope="module")
def accepted_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("accepted"))
    for folder, text in ACCEPTED.items():
        (project / "guidelines" / folder).mkdir()
        (project / "guidelines" / folder / "index.md").write_bytes(text.encode("utf-8"))
    build = run_mkdocs_build(project, project / "site",
                             pdf_cache=tmp_path_factory.mktemp("pdf-cache"))
    assert build.returncode == 0, build.output[-3000:]
    assert "Traceback" not in build.output
    assert not (project / "PWNED").exists()
    return build


def page(site: Build, folder: str) -> BeautifulSoup:
    html = (site.site / "library" / folder / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def pdf_text(site: Build, folder: str) -> str:
    from pypdf import PdfReader

    pdf = site.site / "library" / folder / "1.0" / f"{folder}-1.0-en.pdf"
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(accepted_site: Build) -> None:
    assert page(accepted_site, "ncg-0910").h1.get_text(strip=True) == "Written on Windows"


def test_raw_typst_and_tex_are_shown_not_run(accepted_site: Build) -> None:
    text = page(accepted_site, "ncg-0911").get_text()
    assert '#panic("TYPST RAN")' in text and "\\input{/etc/passwd}" in text
    pdf = pdf_text(accepted_site, "ncg-0911")
    assert "TYPST RAN" in pdf and "\\input{/etc/passwd}" in pdf
    assert "root:" not in pdf  # /etc/passwd was not read


def test_a_table_of_ten_thousand_rows_is_built(accepted_site: Build) -> None:
    tables = page(accepted_site, "ncg-0912").select("table")
    assert max(len(table.select("tbody tr")) for table in tables) == 10_000
    assert "Entity 10000" in pdf_text(accepted_site, "ncg-0912")


def test_html_in_a_front_matter_value_is_shown_as_text(accepted_site: Build) -> None:
    shown = page(accepted_site, "ncg-0914")
    assert shown.h1.get_text() == HTML_TITLE
    assert shown.title.get_text().startswith(HTML_TITLE)
    assert not shown.select("img[src=x]") and not shown.select("[onerror]")
    assert all(script.get("src") or "alert" not in script.get_text()
               for script in shown.find_all("script"))
    assert HTML_TITLE in " ".join(pdf_text(accepted_site, "ncg-0914").split())


def test_deep_nesting_in_the_body_is_built(accepted_site: Build) -> None:
    assert "Quoted deep down." in page(accepted_site, "ncg-0913").get_text()


def test_the_corpus_has_at_least_25_cases() -> None:
    assert len(REFUSED) + len(ACCEPTED) >= 33
    guide = (PROJECT / "docs/contributing/editors.md").read_text(encoding="utf-8")
    assert f"{MAX_SOURCE_BYTES:,} bytes" in guide  # the limit the editors' guide states



def test_nesting_deeper_than_typst_parses_stops_the_build_clearly(sample_copy: Path,
                                                                 tmp_path: Path) -> None:
    """`nisdocs check` cannot tell how deep typst parses; the PDF stage stops the build
    with the file and the document named, and the site left alone."""
    target = sample_copy / HOSTILE_FILE
    target.parent.mkdir(parents=True)
    target.write_text(hostile(BODY + "\n" + _nested_body(200)), encoding="utf-8")
    build = run_mkdocs_build(sample_copy, tmp_path / "site", pdf_cache=tmp_path / "cache")
    assert build.returncode == 1, build.output[-3000:]
    assert "Traceback" not in build.output
    assert re.search(rf"{HOSTILE_FILE}: typst could not make the PDF of NCG-0900 1\.0 \(en\): "
                     r"maximum [a-z ]+ depth exceeded", build.output), build.output[-3000:]
    assert not (tmp_path / "site").exists()
