"""Texts that exist only as PDFs, as the library loads them and `nisdocs check` reports
them: the file beside the front matter, what is refused and what is only a warning, and
that the build refuses what check refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import typst
from conftest import TinyLibrary, copy_project, run_mkdocs_build, source_text, translation_text
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from nisdocs.assets import shipped_files
from nisdocs.pdf.build import build_pdfs, publish
from nisdocs.pdf.bundles import make_bundles
from nisdocs.pdf.cache import PdfCache
from nisdocs.pdf.jobs import plan_pdfs


def make_pdf(path: Path, *, text: str = "A text typeset as a PDF.", title: str | None = "A title",
             lang: str = "en", tagged: bool = True) -> Path:
    """A real PDF at `path`, typeset by typst: tagged and PDF/UA-1, or untagged."""
    document = f'#set document(title: "{title}")\n' if title else ""
    source = f'{document}#set text(lang: "{lang}")\n= {title or "Text"}\n\n{text}\n'
    options: dict[str, object] = ({"pdf_standards": "ua-1"} if tagged and title
                                  else {"pdf_tags": tagged})
    data = typst.compile(source.encode(), format="pdf", **options)  # type: ignore[call-overload]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def front_matter_only(text: str) -> str:
    """A source's front matter with an empty body."""
    return text.split("\n---\n", 1)[0] + "\n---\n"


def test_a_pdf_beside_the_front_matter_is_the_text(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", front_matter_only(source_text("NCG-0002")))
    pdf = make_pdf(tiny.root / "guidelines/ncg-0002/index.pdf")
    library, problems = tiny.scan()
    assert problems == []
    source = library.documents["NCG-0002"].current.source
    assert source.pdf is not None
    assert source.pdf.path == "guidelines/ncg-0002/index.pdf"
    assert source.pdf.facts.size == pdf.stat().st_size
    assert source.pdf.facts.tagged and source.pdf.facts.language == "en"
    # It is the text, not a file the folder ships.
    assert pdf not in shipped_files(tiny.root / "guidelines/ncg-0002")


def test_a_translation_may_exist_only_as_a_pdf_of_a_markdown_source(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0001/index.fr.md", front_matter_only(translation_text("NCG-0001")))
    make_pdf(tiny.root / "guidelines/ncg-0001/index.fr.pdf", lang="fr", title="Titre")
    library, problems = tiny.scan()
    # Its structure is not compared with the source's: there is no Markdown to compare.
    assert problems == []
    translation = library.documents["NCG-0001"].current.translations["fr"]
    assert translation.source.pdf is not None


def test_a_body_beside_a_pdf_is_refused(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002"))
    make_pdf(tiny.root / "guidelines/ncg-0002/index.pdf")
    assert tiny.problems() == [
        "guidelines/ncg-0002/index.md:13: found Markdown text below the front matter, but "
        "index.pdf beside it is this text; allowed: an empty body (the PDF is the text), or "
        "no index.pdf (the Markdown is the text)"]


def test_a_pdf_text_without_front_matter_is_refused(tiny: TinyLibrary) -> None:
    make_pdf(tiny.root / "guidelines/ncg-0002/index.fr.pdf", lang="fr")
    assert tiny.problems() == [
        "guidelines/ncg-0002/index.fr.pdf: file: found a PDF text without its front matter: "
        "there is no index.fr.md beside it; allowed: index.fr.md with the front matter and an "
        "empty body (`nisdocs import` writes one)"]


def test_a_pdf_text_outside_a_version_folder_is_refused(tiny: TinyLibrary) -> None:
    make_pdf(tiny.root / "guidelines/ncg-0002/old/index.pdf")
    assert tiny.problems() == [
        "guidelines/ncg-0002/old/index.pdf: file: found a PDF text in 'old', which is not a "
        "version folder; allowed: the document's folder (the newest version) or a folder "
        "named by its version, such as 1.0"]


def test_any_other_pdf_is_refused_as_a_file_of_the_folder(tiny: TinyLibrary) -> None:
    make_pdf(tiny.root / "guidelines/ncg-0002/report.pdf")
    [problem] = tiny.problems()
    assert problem.startswith("guidelines/ncg-0002/report.pdf: file: found a PDF; the build "
                              "makes the PDF of every Markdown text itself, and a text that "
                              "exists only as a PDF is named index.pdf")


def test_a_file_that_is_not_a_pdf_is_refused_with_its_place(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", front_matter_only(source_text("NCG-0002")))
    (tiny.root / "guidelines/ncg-0002/index.pdf").write_text("Hello, this is text.\n")
    [problem] = tiny.problems()
    assert problem.startswith("guidelines/ncg-0002/index.pdf: file: found a file that is not "
                              "a PDF")


# -- check and build agree ----------------------------------------------------------


def _check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nisdocs.cli", "check", "--no-pdf", *args],
                          cwd=project, capture_output=True, text=True, timeout=300)


def test_check_warns_of_an_untagged_pdf_and_passes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    folder = project / "guidelines/ncg-0002"
    make_pdf(folder / "index.de.pdf", lang="de", title=None, tagged=False)
    (folder / "index.de.md").write_text(
        "---\nid: NCG-0002\ntitle: Referenzdokument\nsource_version: \"1.0\"\n"
        "summary: Wozu es dient.\n---\n", "utf-8")
    done = _check(project, "NCG-0002")
    assert done.returncode == 0, done.stdout + done.stderr
    warnings = [line for line in done.stdout.splitlines() if line.startswith("warning: ")]
    assert [w.split(": file: ")[1].split(";")[0].split(" (")[0] for w in warnings] == [
        "the PDF claims no standard",
        "the PDF has no title in its metadata",
        "the PDF is not tagged: screen readers cannot follow its headings, lists and tables",
    ], warnings
    assert done.stderr.strip().endswith(", 3 warnings"), done.stderr
    report = json.loads(_check(project, "NCG-0002", "--format", "json").stdout)
    assert report["ok"] is True
    assert [w["path"] for w in report["warnings"]] == ["guidelines/ncg-0002/index.de.pdf"] * 3


def test_the_build_refuses_what_check_refuses(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    folder = project / "guidelines/ncg-0002"
    source = make_pdf(tmp_path / "clean.pdf")
    writer = pypdf.PdfWriter(clone_from=source)
    # A script run when the document opens.
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hello');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    with (folder / "index.fr.pdf").open("wb") as file:
        writer.write(file)
    text = (folder / "index.fr.md").read_text("utf-8")
    (folder / "index.fr.md").write_text(front_matter_only(text), "utf-8")
    checked = _check(project)
    assert checked.returncode == 1
    [message] = [line for line in checked.stdout.splitlines() if "index.fr.pdf" in line]
    assert message.startswith("guidelines/ncg-0002/index.fr.pdf: file: found JavaScript")
    built = run_mkdocs_build(project, tmp_path / "site", pdf_cache=tmp_path / "cache",
                             env={**os.environ, "NISDOCS_PDF": "false"})
    assert built.returncode != 0
    assert message in built.output


# -- the PDF stage: published as it is, and its ZIP follows it ------------------------


def test_a_pdf_text_is_published_and_zipped_as_it_is_and_a_new_one_replaces_it(
        tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", front_matter_only(source_text("NCG-0002")))
    source = make_pdf(tiny.root / "guidelines/ncg-0002/index.pdf", text="The first text.")
    cache = PdfCache(tiny.root / ".cache")

    def published() -> tuple[bytes, bytes]:
        library, problems = tiny.scan()
        assert problems == []
        jobs = plan_pdfs(library, None, documents={"NCG-0002"})
        pdfs = build_pdfs(jobs, tiny.root, cache, workers=1)
        assert (pdfs.compiled, pdfs.originals) == (0, 1)
        pdfs.bundles = make_bundles(library, pdfs, cache.folder)
        site = tiny.root / "site"
        publish(pdfs, site)
        [pdf] = pdfs.files.values()
        with zipfile.ZipFile(site / pdfs.bundles["en"].url) as archive:
            return (site / pdf.url).read_bytes(), archive.read(pdf.url.rsplit("/", 1)[1])

    assert published() == (source.read_bytes(),) * 2
    # The editor replaces the file: the site and the language's ZIP carry the new one.
    source.unlink()
    make_pdf(source, text="The second text, longer than the first.")
    assert published() == (source.read_bytes(),) * 2
