"""`nisdocs import`: a publication that exists only as a PDF made a text of the library, on
a temporary copy of the project, with real PDFs compiled by Typst: a new document, an
earlier version, a translation, and every refusal with its message."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import typst
import yaml
from pypdf import PdfReader, PdfWriter

from nisdocs.cli import main
from nisdocs.scaffold import PLACEHOLDER

SUMMARY = f"{PLACEHOLDER}: one or two sentences on what the document is for."


def run(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str, str]:
    """`nisdocs ARGS --config project/mkdocs.yml`: exit code, stdout, stderr."""
    code = main([*args, "--config", str(project / "mkdocs.yml")])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def make_pdf(path: Path, *, title: str | None = None, lang: str = "en",
             tagged: bool = True) -> Path:
    """A one-page PDF: PDF/UA-1 when tagged, with `title` in its metadata when given."""
    source = f'#set text(lang: "{lang}")\n'
    if title is not None:
        source = f"#set document(title: [{title}])\n" + source
    source += "= A heading\n\nThe text of a publication that exists only as a PDF.\n"
    if tagged:
        data = typst.compile(source.encode(), format="pdf", pdf_standards=["ua-1"])
    else:
        data = typst.compile(source.encode(), format="pdf", pdf_tags=False)
    path.write_bytes(data)
    return path


def front_matter(path: Path) -> tuple[dict[str, object], str]:
    """The front matter of `path` (dates as text, as nisdocs reads them) and its body."""
    text = path.read_text(encoding="utf-8")
    _, yaml_text, body = text.split("---\n", 2)
    data = yaml.load(yaml_text, Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data, body


def next_id(project: Path) -> str:
    """The id `nisdocs new` would give (the sample library grows as documents are added)."""
    numbers = [int(path.name[4:]) for path in (project / "guidelines").glob("ncg-[0-9]*")]
    return f"NCG-{max(numbers) + 1:04d}"


def tree(project: Path) -> list[Path]:
    return sorted((project / "guidelines").rglob("*"))


def write_summary(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"'{SUMMARY}'", "What the publication is for."),
                    encoding="utf-8")


# -- a new document -------------------------------------------------------------------


def test_a_new_document_takes_the_next_id_and_the_pdfs_title(
        project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = make_pdf(tmp_path / "legacy.pdf", title="Guideline on legacy publications")
    doc_id = next_id(project_copy)
    code, out, err = run(capsys, project_copy, "import", str(pdf), "--topic",
                         "incident-reporting", "--topic", "peer-reviews")
    assert (code, err) == (0, "")
    assert out.startswith(f"created guidelines/{doc_id.lower()}/index.md and index.pdf: "
                          f"{doc_id}, version 1.0, a draft\n")
    assert f"next: set the date (today, {date.today().isoformat()}) to the publication's " \
           "adoption date, complete the summary, topics and references, run `nisdocs " \
           "check`, preview with `NISDOCS_DRAFTS=true mkdocs serve`" in out
    folder = project_copy / "guidelines" / doc_id.lower()
    assert sorted(path.name for path in folder.iterdir()) == ["index.md", "index.pdf"]
    fields, body = front_matter(folder / "index.md")
    assert fields == {"id": doc_id, "title": "Guideline on legacy publications",
                      "type": "guideline", "status": "draft", "version": "1.0",
                      "date": date.today().isoformat(),
                      "topics": ["incident-reporting", "peer-reviews"], "summary": SUMMARY}
    assert body == ""
    assert (folder / "index.pdf").read_bytes() == pdf.read_bytes()
    # The loader takes the pair as a born-PDF draft: check passes, with and without drafts,
    # the PDF stage included (a draft may keep the placeholders).
    assert run(capsys, project_copy, "check")[0] == 0
    code, out, err = run(capsys, project_copy, "check", "--drafts")
    assert code == 0 and f"guidelines/{doc_id.lower()}/" not in out, out + err


def test_the_title_option_wins_and_the_options_fill_the_front_matter(
        project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = make_pdf(tmp_path / "legacy.pdf", title="Microsoft Word - draft7.docx")
    doc_id = next_id(project_copy)
    code, out, _ = run(capsys, project_copy, "import", str(pdf), "--title",
                       "Peer review methodology", "--type", "methodology", "--topic",
                       "peer-reviews", "--version", "2.1", "--date", "2019-07-01")
    assert code == 0
    assert out.startswith(f"created guidelines/{doc_id.lower()}/index.md and index.pdf: "
                          f"{doc_id}, version 2.1, a draft\nnext: check the date (the publication")
    fields, _ = front_matter(project_copy / "guidelines" / doc_id.lower() / "index.md")
    assert (fields["title"], fields["type"], fields["version"], fields["date"]) == (
        "Peer review methodology", "methodology", "2.1", "2019-07-01")


def test_a_pdf_without_a_title_needs_the_title_option(
        project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = make_pdf(tmp_path / "scan.pdf", tagged=False)
    folder = f"guidelines/{next_id(project_copy).lower()}"
    before = tree(project_copy)
    code, out, err = run(capsys, project_copy, "import", str(pdf), "--topic", "peer-reviews")
    assert (code, out) == (2, "")
    assert err == (f"nisdocs import: {pdf} has no title in its metadata; give the document's "
                   "full title in English with --title\n")
    assert tree(project_copy) == before
    # With --title it is imported, and what check will warn about is said at once.
    code, out, err = run(capsys, project_copy, "import", str(pdf), "--topic", "peer-reviews",
                         "--title", "Old guideline")
    assert code == 0 and out.startswith(f"created {folder}/index.md and index.pdf")
    warnings = err.splitlines()
    assert all(line.startswith(f"warning: {folder}/index.pdf: file: the PDF ")
               for line in warnings), warnings
    assert any("has no title in its metadata" in line for line in warnings)
    assert any("is not tagged" in line for line in warnings)
    assert (project_copy / folder / "index.pdf").read_bytes() == pdf.read_bytes()
    assert run(capsys, project_copy, "check", "--drafts", "--no-pdf")[0] == 0


# -- an earlier version and a translation -----------------------------------------------


def test_an_earlier_version_of_a_document(project_copy: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    pdf = make_pdf(tmp_path / "cvd-2021.pdf", title="Compendium of CVD policies (2021)")
    code, out, err = run(capsys, project_copy, "import", str(pdf), "--document", "ncg-0004",
                         "--version", "0.9")
    assert (code, err) == (0, "")
    assert out.startswith("created guidelines/ncg-0004/0.9/index.md and index.pdf: NCG-0004, "
                          "version 0.9, published\nnext: check the status, the date")
    folder = project_copy / "guidelines/ncg-0004"
    current, _ = front_matter(folder / "index.md")
    fields, body = front_matter(folder / "0.9/index.md")
    assert fields == {"id": "NCG-0004", "title": "Compendium of CVD policies (2021)",
                      "type": current["type"], "status": "published", "version": "0.9",
                      "date": current["date"],  # the next version's, until the editor sets it
                      "topics": current["topics"], "references": current["references"],
                      "summary": SUMMARY}
    assert body == ""
    assert (folder / "0.9/index.pdf").read_bytes() == pdf.read_bytes()
    # A published version may not keep the placeholder; once written, check passes.
    code, out, _ = run(capsys, project_copy, "check", "--no-pdf")
    assert code == 1 and "placeholder 'TO BE WRITTEN'" in out
    write_summary(folder / "0.9/index.md")
    code, out, err = run(capsys, project_copy, "check", "--no-pdf", "NCG-0004")
    assert code == 0 and "guidelines/ncg-0004/0.9/" not in out, out + err


def test_a_translation_of_the_current_version(project_copy: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    pdf = make_pdf(tmp_path / "el.pdf", title="Συλλογή πολιτικών", lang="el")
    code, out, err = run(capsys, project_copy, "import", str(pdf), "--document", "NCG-0004",
                         "--language", "el")
    assert (code, err) == (0, "")
    assert out.startswith("created guidelines/ncg-0004/index.el.md and index.el.pdf: the el "
                          "text of NCG-0004 1.0\nnext: check the title, write the summary in el")
    folder = project_copy / "guidelines/ncg-0004"
    fields, body = front_matter(folder / "index.el.md")
    assert fields == {"id": "NCG-0004", "title": "Συλλογή πολιτικών", "source_version": "1.0",
                      "summary": SUMMARY}
    assert body == ""
    assert (folder / "index.el.pdf").read_bytes() == pdf.read_bytes()
    write_summary(folder / "index.el.md")
    code, out, err = run(capsys, project_copy, "check", "--no-pdf", "NCG-0004")
    assert code == 0 and "index.el." not in out, out + err


def test_a_translation_in_another_language_than_its_pdf_says_is_a_warning(
        project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = make_pdf(tmp_path / "el.pdf", title="Συλλογή πολιτικών", lang="fr")
    code, _, err = run(capsys, project_copy, "import", str(pdf), "--document", "NCG-0004",
                       "--language", "el")
    assert code == 0
    assert err == ('warning: guidelines/ncg-0004/index.el.pdf: file: the PDF names the '
                   'language "fr" (/Lang); expected: "el", the language of its text (set the '
                   "document's language and export it again, or ship the file as the text of "
                   "the language it is in)\n")
    assert (project_copy / "guidelines/ncg-0004/index.el.pdf").is_file()


# -- refusals ---------------------------------------------------------------------------


def encrypted(path: Path, source: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source.read_bytes())))
    writer.encrypt("secret")
    with path.open("wb") as file:
        writer.write(file)
    return path


def test_refusals_say_why_and_write_nothing(project_copy: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    english = make_pdf(tmp_path / "en.pdf", title="A title")
    french = make_pdf(tmp_path / "fr.pdf", title="Un titre", lang="fr")
    text = tmp_path / "notes.pdf"
    text.write_text("Hello, this is no PDF\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Hello\n", encoding="utf-8")
    locked = encrypted(tmp_path / "locked.pdf", english)
    topic = ("--topic", "peer-reviews")
    cases: list[tuple[tuple[str, ...], str]] = [
        ((str(text), *topic),
         f'{text} is not imported: found a file that is not a PDF: it starts with "Hello, this '
         'is no PD" (text); allowed: a PDF file, which starts with %PDF-'),
        ((str(locked), *topic),
         f"{locked} is not imported: found an encrypted PDF; allowed: a PDF without "
         "encryption, passwords or permission restrictions (save it again without security)"),
        ((str(tmp_path / "notes.txt"), *topic),
         f"{tmp_path / 'notes.txt'} does not end in .pdf; allowed: a PDF file (FILE.pdf)"),
        ((str(tmp_path / "missing.pdf"), *topic),
         f"found no file {tmp_path / 'missing.pdf'}; allowed: the path of a PDF file to import"),
        ((str(tmp_path), *topic), f"{tmp_path} is a folder; allowed: a PDF file (FILE.pdf)"),
        ((str(french), *topic),
         f'{french} names the language "fr" (/Lang), not en, the source language; if it is a '
         "translation, import it as one: --document ID --language fr"),
        ((str(french), "--document", "NCG-0004", "--version", "0.9"),
         f'{french} names the language "fr" (/Lang), not en, the source language; if it is a '
         "translation, import it as one: --document NCG-0004 --language fr"),
        ((str(english), "--topic", "cats"), "unknown topic 'cats'; allowed (--topic, one or "
                                            "more): "),
        ((str(english),), "no topic given; allowed (--topic, one or more): "),
        ((str(english), "--document", "NCG-0003", "--language", "fr"),
         "guidelines/ncg-0003/index.fr.md exists already (it translates version 1.1); remove "
         "it first if the PDF is to replace it"),
        ((str(english), "--document", "NCG-0003", "--language", "en"),
         "en is the source language; allowed: fr, de, el, bg"),
        ((str(english), "--document", "NCG-0003", "--language", "it"),
         "unknown language 'it'; the site's languages to translate into: fr, de, el, bg"),
        ((str(english), "--document", "NCG-0003", "--version", "1.1"),
         "found version 1.1, not before the current version 1.1; allowed: an earlier version "
         "(a later one is a release: `nisdocs release`)"),
        ((str(english), "--document", "NCG-0003", "--version", "2.0"),
         "found version 2.0, not before the current version 1.1"),
        ((str(english), "--document", "NCG-0003", "--version", "1.0"),
         "guidelines/ncg-0003/1.0/ exists already; version 1.0 of NCG-0003 is there"),
        ((str(english), "--document", "NCG-0003", "--version", "v1"),
         "found version 'v1'; allowed: MAJOR.MINOR, such as 1.0"),
        ((str(english), "--document", "NCG-0003", "--version", "0.9", "--date", "2030-01-01"),
         "found the date 2030-01-01, out of the order of versions; allowed: a date up to "),
        ((str(english), "--document", "NCG-0999", "--version", "0.9"),
         "no document 'NCG-0999' in guidelines/; known: NCG-0001, "),
        ((str(english), "--language", "fr"),
         "--language imports a translation of an existing document; give it with --document "
         "ID"),
        ((str(english), "--document", "NCG-0003"),
         "--document takes --version (the PDF is an earlier version) or --language (the PDF "
         "is a translation), one of them"),
        ((str(english), "--document", "NCG-0003", "--version", "0.9", *topic),
         "--topic is for a new document; an earlier version or a translation takes them "
         "from NCG-0003"),
    ]
    before = tree(project_copy)
    for args, message in cases:
        code, out, err = run(capsys, project_copy, "import", *args)
        assert (code, out) == (2, ""), args
        assert err.startswith(f"nisdocs import: {message}"), (args, err)
        assert "Traceback" not in err
    assert tree(project_copy) == before
