"""PDF export of small libraries, end to end through real pandoc and typst: the Markdown
dialect, fonts, errors, safety, the cache and its rebuilds, the `nisdocs pdf` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import (
    LANGUAGES,
    PROJECT,
    Build,
    TinyLibrary,
    mkdocs_env,
    mkdocs_serve,
    run_mkdocs_build,
    source_text,
)
from pdfcheck import full_text, page_texts, structure_elements
from pypdf import PdfReader

from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.pdf.build import build_pdfs
from nisdocs.pdf.cache import PdfCache
from nisdocs.pdf.dialect import to_pandoc_markdown
from nisdocs.pdf.files import PdfSet
from nisdocs.pdf.jobs import plan_pdfs
from nisdocs.pdf.settings import pdf_settings
from nisdocs.problems import LibraryError

SITE_URL = "https://example.eu/nisdocs/"


def compile_tiny(tiny: TinyLibrary, cache: Path | None = None) -> PdfSet:
    library, problems = tiny.scan()
    assert not problems
    return build_pdfs(plan_pdfs(library, SITE_URL), tiny.root,
                      PdfCache(cache or tiny.root / ".cache"), workers=2)


def problem_of(tiny: TinyLibrary) -> str:
    with pytest.raises(LibraryError) as raised:
        compile_tiny(tiny)
    assert len(raised.value.problems) == 1, raised.value.problems
    return str(raised.value.problems[0])


def with_body(body: str, **fields: str | None) -> str:
    return source_text("NCG-0001", **fields) + "\n" + body


def english_pdf(pdfs: PdfSet) -> Path:
    return pdfs.files["library/ncg-0001/1.0/ncg-0001-1.0-en.pdf"].path


# -- the Markdown dialect --------------------------------------------------------------


def test_dialect_admonitions_become_nested_fenced_divs() -> None:
    body = ('!!! warning "Mind the gap"\n    Outer text.\n\n    ??? note\n        Inner.\n'
            "\nAfter.\n")
    assert to_pandoc_markdown(body).split("\n") == [
        "", ":::: {.nisdocs-admonition .warning}", "::: nisdocs-admonition-title",
        "Mind the gap", ":::", "", "Outer text.", "", "",
        ":::: {.nisdocs-admonition .note}", "::: nisdocs-admonition-title", "Note", ":::", "",
        "Inner.", "", "::::", "", "", "::::", "", "", "After.", ""]


def test_dialect_leaves_code_alone_and_mends_attribute_lists() -> None:
    body = ("## Title {: #custom .wide }\n\n```\n!!! note\n{: .x }\n```\n\n"
            "Para.\n{: .lead }\n\n*[NIS]: Network and Information Systems\n")
    assert to_pandoc_markdown(body) == ("## Title {#custom .wide }\n\n```\n!!! note\n{: .x }\n"
                                        "```\n\nPara.\n\n")


def test_admonitions_tables_footnotes_and_headings_in_the_pdf(tiny: TinyLibrary) -> None:
    rows = "\n".join(f"| Row {n} | value {n} |" for n in range(1, 121))
    tiny.write("ncg-0001/index.md", with_body(
        '!!! warning "Check first"\n    A boxed warning.\n\n'
        "## Second section\n\nA note.[^n]\n\n[^n]: The footnote text.\n\n"
        f"| Column A | Column B |\n|---|---|\n{rows}\n"))
    path = english_pdf(compile_tiny(tiny))
    pages = page_texts(path)
    text = " ".join(pages)
    assert "Check first A boxed warning." in text
    assert "2 Second section" in text  # numbered after "1 Scope"
    assert "The footnote text." in text
    table_pages = [p for p in pages if "Row " in p]
    assert len(table_pages) >= 3
    assert all("Column A Column B" in p for p in table_pages)  # the header repeats
    tags = {str(e["/S"]) for e in structure_elements(path)}
    assert {"/TOC", "/H1", "/Table", "/THead", "/TH", "/Note", "/Strong"} <= tags
    # The title is the cover's level-1 heading (tests/test_pdf_cover.py).
    assert any(str(e["/S"]) == "/H1" and e.get("/T") == "Title of NCG-0001"
               for e in structure_elements(path))


# Inline markup that typst writes as a function call, each directly followed by a dot
# and a letter: `#emph[a].cloud` would read as a field access (issue 18).
CALLS_THEN_DOT = {
    "*autogen-bucket-id*.cloud.example.com": "autogen-bucket-id.cloud.example.com",
    "**strong**.net": "strong.net",
    "***both***.org": "both.org",
    "[a link](https://example.eu/).eu": "a link.eu",
    "[*nested*.in a link](https://example.eu/)": "nested.in a link",
    "a note[^dot].after": "a note1.after",
    "`code`.z": "code.z",
}


def test_markup_followed_by_a_dot_and_a_letter_builds(tiny: TinyLibrary) -> None:
    body = "\n\n".join(CALLS_THEN_DOT) + "\n\n[^dot]: The note.\n"
    tiny.write("ncg-0001/index.md", with_body(body))
    text = " ".join(page_texts(english_pdf(compile_tiny(tiny))))
    for markdown, shown in CALLS_THEN_DOT.items():
        assert shown in text, markdown


def test_every_script_of_the_eu_languages_is_printable(tiny: TinyLibrary) -> None:
    letters = {
        "latin": "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ",
        "extended": "ĀāĂăĄąĆćĊċČčĎďĐđĒēĖėĘęĚěĠġĢģĦħĪīĮįĶķĹĺĻļĽľŁłŃńŅņŇňŐőŒœŔŕŘřŚśŞşŠšŢţŤť"
                    "ŪūŮůŰűŲųŹźŻżŽžȘșȚț",
        "greek": "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώΆΈΉΊΌΎΏϊϋΐΰ",
        "cyrillic": "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯабвгдежзийклмнопрстуфхцчшщъьюяѝ",
        "marks": "„Zitat“ “quote” ‚halb‘ l’entité «guillemets» 2024–2025 — a dash… 5 € § 3, "
                 "20 °C, • item",
    }
    tiny.write("ncg-0001/index.md", with_body(
        "\n\n".join(f"{name}: {text}" for name, text in letters.items()) + "\n"))
    text = full_text(english_pdf(compile_tiny(tiny)))
    for name, sample in letters.items():
        assert f"{name}: {sample}" in text


# -- errors ---------------------------------------------------------------------------


def test_a_character_the_fonts_cannot_show_is_an_error(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", with_body("A word in another script: 漢.\n"))
    assert problem_of(tiny) == (
        'guidelines/ncg-0001/index.md:17: text: found "漢" (U+6F22 CJK UNIFIED '
        "IDEOGRAPH-6F22) in NCG-0001 1.0 (en), which no font of the PDFs has; allowed: "
        "the Latin, Greek and Cyrillic letters of the EU's official languages and common "
        "typographic symbols (replace or remove the character; the site keeps it)")


def test_an_image_without_alt_text_is_an_error(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/images/flow.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    tiny.write("ncg-0001/index.md", with_body("Before.\n\n![](images/flow.svg)\n"))
    assert problem_of(tiny) == (
        "guidelines/ncg-0001/index.md:19: image: the image has no alt text; write "
        '![what the image shows](images/flow.svg) (found "images/flow.svg")')


@pytest.mark.parametrize(("target", "message"), [
    ("../../secret.txt", '"../../secret.txt" lies outside the document\'s folder'),
    ("images/none.png", '"images/none.png" does not exist in the document\'s folder'),
    ("https://example.org/x.png", "an image must be a file in the document's folder"),
])
def test_images_can_only_come_from_the_documents_folder(tiny: TinyLibrary, target: str,
                                                        message: str) -> None:
    (tiny.root / "secret.txt").write_text("secret")
    tiny.write("ncg-0001/index.md", with_body(f"![A picture]({target})\n"))
    problem = problem_of(tiny)
    assert problem.startswith("guidelines/ncg-0001/index.md:17: image: ")
    assert message in problem


def test_raw_typst_tex_and_html_are_shown_as_text(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.md", with_body(
        '```{=typst}\n#read("/etc/passwd")\n```\n\n'
        'Inline #read("secret") and \\input{/etc/passwd} and <script>alert(1)</script>.\n',
        title='"Title <b>bold</b> #read(\\"/etc/passwd\\")"'))
    path = english_pdf(compile_tiny(tiny))
    text = full_text(path)
    assert '#read("/etc/passwd")' in text
    assert "\\input{/etc/passwd}" in text
    assert "<script>alert(1)</script>" in text
    # The cover shows the title as text (a line may break after "/etc/"), its quotes
    # typographic as the body's are; the PDF's metadata has it as written.
    assert re.search(r"Title <b>bold</b> #read\(“/etc/ ?passwd”\)", text)
    metadata = PdfReader(path).metadata
    assert metadata is not None and metadata.title == 'Title <b>bold</b> #read("/etc/passwd")'
    assert "root:" not in text


# -- the cache ------------------------------------------------------------------------


def test_cache_reuses_unchanged_pdfs_and_recompiles_what_changed(tiny: TinyLibrary) -> None:
    first = compile_tiny(tiny)
    assert (first.compiled, first.reused) == (3, 0)  # NCG-0001 en and fr, NCG-0002 en
    second = compile_tiny(tiny)
    assert (second.compiled, second.reused) == (0, 3)
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", related="[NCG-0001]") + "More.\n")
    third = compile_tiny(tiny)
    assert (third.compiled, third.reused) == (1, 2)
    changed = {url for url in first.files if first.files[url].path != third.files[url].path}
    assert changed == {"library/ncg-0002/1.0/ncg-0002-1.0-en.pdf"}


def test_an_image_change_recompiles_the_documents_pdfs(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/images/flow.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    tiny.write("ncg-0001/index.md", with_body("![A flow](images/flow.svg)\n"))
    compile_tiny(tiny)
    tiny.write("ncg-0001/images/flow.svg",
               '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>')
    again = compile_tiny(tiny)
    assert (again.compiled, again.reused) == (2, 1)


# -- settings -------------------------------------------------------------------------


def test_serve_skips_pdfs_unless_switched_on(tmp_path: Path) -> None:
    def enabled(options: object, serving: bool, **environ: str) -> bool:
        return pdf_settings(options, root=tmp_path, serving=serving, environ=environ).enabled

    assert enabled({}, serving=False)
    assert not enabled({}, serving=True)
    assert enabled({"serve": True}, serving=True)
    assert enabled({}, serving=True, NISDOCS_PDF="true")
    assert not enabled({}, serving=False, NISDOCS_PDF="false")
    assert not enabled({"enabled": False}, serving=False)
    settings = pdf_settings({"cache": "c", "workers": 3}, root=tmp_path, serving=False,
                            environ={})
    assert (settings.cache, settings.workers) == (tmp_path / "c", 3)


@pytest.mark.parametrize(("options", "environ", "message"), [
    ({"enabled": "yes"}, {}, 'plugins.nisdocs.pdf.enabled: found "yes"; expected true or false'),
    ({"workers": -1}, {}, "plugins.nisdocs.pdf.workers: found the number -1; expected a whole"),
    ({"colour": 1}, {}, 'unknown option "colour"; allowed: enabled, serve, cache, workers'),
    ({"workrs": 1}, {},
     'allowed: enabled, serve, cache, workers, publisher; did you mean "workers"?'),
    ({}, {"NISDOCS_PDF": "maybe"}, "NISDOCS_PDF: found 'maybe'; expected true or false"),
])
def test_bad_pdf_settings_say_what_is_allowed(tmp_path: Path, options: object,
                                              environ: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        pdf_settings(options, root=tmp_path, serving=False, environ=environ)


# -- real builds and the command line ---------------------------------------------------


def nisdocs(*args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NISDOCS_PDF_CACHE": str(cache),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT),
                                                        os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "nisdocs.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_pdf_command_builds_one_document_or_language_reproducibly(
        tmp_path: Path, built_site: Build) -> None:
    first = nisdocs("pdf", "NCG-0006", "-o", str(tmp_path / "a"), cwd=PROJECT,
                    cache=tmp_path / "cache-a")
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["ncg-0006-1.0-de.pdf", "ncg-0006-1.0-en.pdf", "ncg-0006-1.0-fr.pdf"]
    assert "3 PDFs" in first.stdout and "3 compiled" in first.stdout
    assert "compiling 3/3" in first.stderr
    # Another process with another cache makes the same bytes, as did the site build.
    second = nisdocs("pdf", "--language", "fr", "-o", str(tmp_path / "b"), cwd=PROJECT,
                     cache=tmp_path / "cache-b")
    assert second.returncode == 0, second.stderr
    name = "ncg-0006-1.0-fr.pdf"
    on_site = built_site.site / "library/ncg-0006/1.0" / name
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / name).read_bytes() == on_site.read_bytes()
    assert all(p.name.endswith("-fr.pdf") for p in (tmp_path / "b").iterdir())


@pytest.mark.parametrize(("args", "message"), [
    (["pdf", "NCG-9999"], "no document 'NCG-9999' in the library"),
    (["pdf", "--language", "xx"], "unknown language 'xx'"),
])
def test_pdf_command_bad_arguments(tmp_path: Path, args: list[str], message: str) -> None:
    result = nisdocs(*args, cwd=PROJECT, cache=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def compiled_count(build_output: str) -> tuple[int, int]:
    match = re.search(r"nisdocs: \d+ PDFs: (\d+) compiled, (\d+) from the cache", build_output)
    assert match, build_output
    return int(match[1]), int(match[2])


def test_rebuilds_compile_nothing_then_only_the_edited_documents_pdfs(
        project_copy: Path, built_site: Build, pdf_cache: Path,
        sample_library: Library) -> None:
    cache = project_copy / "cache"
    shutil.copytree(pdf_cache, cache)
    assert compiled_count(built_site.output) == (33, 0)  # the session's cold build
    unchanged = run_mkdocs_build(project_copy, project_copy / "site1", pdf_cache=cache)
    assert unchanged.returncode == 0, unchanged.output
    assert compiled_count(unchanged.output) == (0, 33)

    source = project_copy / "guidelines/ncg-0006/index.md"
    source.write_text(source.read_text("utf-8") + "\nAn added closing paragraph.\n", "utf-8")
    edited = run_mkdocs_build(project_copy, project_copy / "site2", pdf_cache=cache)
    assert edited.returncode == 0, edited.output
    assert compiled_count(edited.output) == (1, 32)  # NCG-0006 in English: its source
    changed = sorted(str(p.relative_to(edited.site)) for p in edited.site.rglob("*.pdf")
                     if p.read_bytes() != (unchanged.site / p.relative_to(edited.site))
                     .read_bytes())
    assert changed == ["library/ncg-0006/1.0/ncg-0006-1.0-en.pdf"]
    assert "An added closing paragraph." in full_text(edited.site / changed[0])


def test_a_pdf_problem_stops_the_build_before_the_site_is_touched(
        project_copy: Path, pdf_cache: Path) -> None:
    source = project_copy / "guidelines/ncg-0008/index.md"
    source.write_text(source.read_text("utf-8") + "\nA character the fonts lack: 漢.\n", "utf-8")
    site = project_copy / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    build = run_mkdocs_build(project_copy, site, pdf_cache=pdf_cache)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert re.search(r'guidelines/ncg-0008/index.md:\d+: text: found "漢" \(U\+6F22 CJK '
                     r"UNIFIED IDEOGRAPH-6F22\) in NCG-0008 1.0 \(en\), which no font",
                     build.output)
    assert [p.name for p in site.iterdir()] == ["index.html"]


def serve(env: dict[str, str]) -> tuple[str, str, bytes]:
    """Serve the sample; return the log, the downloads page and the first bytes of a PDF
    URL (empty when not found)."""
    with mkdocs_serve(PROJECT, env) as served:
        downloads = served.get("downloads/").decode("utf-8")
        try:
            pdf = served.get("library/ncg-0003/1.1/ncg-0003-1.1-el.pdf")[:5]
        except urllib.error.HTTPError:
            pdf = b""
        return "".join(served.log), downloads, pdf


def test_serve_skips_pdfs_unless_the_switch_is_on(pdf_cache: Path) -> None:
    env = mkdocs_env(pdf_cache)
    log, downloads, pdf = serve(env)
    assert "nisdocs: PDFs skipped" in log
    assert "The PDFs were not built for this preview." in downloads
    assert pdf == b""
    log, downloads, pdf = serve({**env, "NISDOCS_PDF": "true"})
    # Under serve, mkdocs sets site_url to the preview's address, so the PDFs link there.
    assert sum(compiled_count(log)) == 33
    assert "nisdocs-library-el.zip" in downloads
    assert pdf == b"%PDF-"


def test_pdf_command_on_a_draft_says_how_to_include_it(tmp_path: Path) -> None:
    """A draft is left out unless asked for: the message says how, and so does the help."""
    everything = load_library(LibraryConfig(PROJECT, LANGUAGES, include_drafts=True))
    draft = next(doc_id for doc_id, document in everything.documents.items()
                 if all(version.is_draft for version in document.versions))
    result = nisdocs("pdf", draft, "-o", str(tmp_path / "out"), cwd=PROJECT, cache=tmp_path)
    assert result.returncode == 2
    assert (f"nisdocs pdf: {draft} is a draft, left out unless drafts are asked for; "
            f"allowed: nisdocs pdf {draft} --drafts") in result.stderr, result.stderr
    helped = nisdocs("pdf", "--help", cwd=PROJECT, cache=tmp_path)
    assert "--drafts" in helped.stdout and "a draft's PDFs" in helped.stdout
