"""Independent validators over every compiled sample PDF: Apache PDFBox's preflight (from
Debian) and PyPI's pdfua. What each covers, and what none does, is in
docs/contributing/pdfs.md.

PDFBox's preflight checks PDF/A-1b only. A valid PDF/A-2 file differs from PDF/A-1 in a
few known ways; those errors, and only those, are expected. Without Java or PDFBox the
preflight test is skipped, saying what to install; in CI (CI=true) it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pdfua
import pikepdf
import pytest

from nisdocs.pdf.jobs import PdfJob

JAVA_LIBRARIES = Path("/usr/share/java")
# PDFBox 2's preflight and what it needs at run time on Java 11 and later (JAF and JAXB
# left the JDK): libpdfbox2-java, libfontbox2-java, libcommons-logging-java,
# libactivation-java, libjaxb-api-java.
PDFBOX_JARS = ("preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar",
               "commons-logging.jar", "javax.activation.jar", "jaxb-api.jar")
PDFBOX_HINT = ("apt-get install libpdfbox2-java libactivation-java libjaxb-api-java "
               "default-jre-headless")
PREFLIGHT = "org.apache.pdfbox.preflight.Validator_A1b"

# PDFBox's PDF/A-1b errors that a valid PDF/A-2 file has: (code, start of the message).
PDFA2_DIFFERENCES = (
    # Cross-reference and object streams (PDF 1.5): PDF/A-1 is PDF 1.4, PDF/A-2 (PDF 1.7)
    # allows them, and nisdocs/pdf/archival.py writes them.
    ("1.4", "Trailer Syntax error, /XRef cross reference streams are not allowed"),
    # typst's sRGB profile is of ICC version 4.2: PDF/A-1 allows up to version 2 (PDF
    # 1.4's), PDF/A-2 ICC.1:2004 (version 4).
    ("2.1.6", "Invalid graphics object, Invalid version of the ICCProfile"),
    # The file says it is PDF/A part 2.
    ("7.11.2", "Error on MetaData, part must be 1"),
    # Transparency, forbidden in PDF/A-1 and allowed in PDF/A-2: a transparency group
    # (typst draws the publisher's SVG logo in one), an image's soft mask (a translucent
    # PNG) and constant opacity (`ca`/`CA` in a graphics state), with the messages
    # PDFBox 2.0.27 gives them.
    ("2.2.1", "Invalid graphics transparency, Group has a transparency S entry or the S "
              "entry is null"),
    ("2.2.2", "Invalid graphics transparency, Soft Mask must be null or None"),
    ("4.1.2", "Transparency error, ca entry in a ExtGState is invalid"),
    ("4.1.2", "Transparency error, CA entry in a ExtGState is invalid"),
)

# pdfua 0.1.3's rule that cannot run (tried on pikepdf 8.0 and 10.18): UA-14-001
# (headings not empty) asks a pikepdf array for an attribute, which pikepdf answers with
# a ValueError. Only this skip is allowed; tests/test_pdf_archival.py checks every
# heading itself.
PDFUA_KNOWN_SKIPS = {
    "UA-14-001": "rule raised ValueError: pikepdf.Object is not a Dictionary or Stream"}
# pdfua's implemented rules (`pdfua rules`), all run over every PDF.
PDFUA_RULES = {"UA-01-005", "UA-01-002", "UA-01-003", "UA-06-001", "UA-13-004", "UA-15-003",
               "UA-18-005", "UA-18-001", "UA-14-001", "UA-07-001", "UA-07-002", "UA-28-004"}


def pdfbox_classpath() -> str:
    """The preflight's class path; a skip (a failure with CI=true) when Java or one of
    its jars is missing."""
    missing = [name for name in PDFBOX_JARS if not (JAVA_LIBRARIES / name).is_file()]
    if shutil.which("java") is None:
        missing.insert(0, "java")
    if missing:
        reason = f"PDFBox preflight needs {', '.join(missing)}: {PDFBOX_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return os.pathsep.join(str(JAVA_LIBRARIES / name) for name in PDFBOX_JARS)


def preflight(paths: list[Path], folder: Path) -> dict[str, list[tuple[str, str]]]:
    """PDFBox's PDF/A-1b preflight of `paths`, in one Java process: each file's errors
    as (code, message), numbers in messages made `N`."""
    listing = folder / "pdfs.txt"
    listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
    # `xml group`: one XML report of every file listed, written beside the list.
    done = subprocess.run(["java", "-cp", pdfbox_classpath(), PREFLIGHT, "xml", "group",
                           str(listing)], capture_output=True, text=True, timeout=600,
                          check=False)
    report = folder / "pdfs.txt.preflight.xml"
    assert report.is_file(), done.stdout + done.stderr
    results: dict[str, list[tuple[str, str]]] = {}
    for checked in ElementTree.parse(report).getroot():
        errors = [(error.findtext("code") or "",
                   re.sub(r"\d+", "N", error.findtext("details") or ""))
                  for error in checked.iter("error")]
        results[checked.get("name") or ""] = errors
    return results


def expected(code: str, message: str) -> bool:
    return any(code == known and message.startswith(re.sub(r"\d+", "N", start))
               for known, start in PDFA2_DIFFERENCES)


def test_pdfbox_preflight_finds_only_what_pdfa2_allows(
        compiled: list[tuple[PdfJob, Path]], tmp_path: Path) -> None:
    # Measured before the archival step: "can't convert to Destination" (1.2.3) for
    # every bookmark and named destination, and the PDF/UA identification's namespace
    # undefined (7.3), which stopped PDFBox checking the rest of the metadata.
    results = preflight([path for _, path in compiled], tmp_path)
    assert len(results) == len(compiled)
    for job, path in compiled:
        errors = results[path.name]
        unexpected = sorted({error for error in errors if not expected(*error)})
        assert unexpected == [], f"{job.name}: {unexpected}"
        # It did check the file: a PDF/A-2 file has these differences from PDF/A-1.
        assert {code for code, _ in errors} >= {"1.4", "2.1.6", "7.11.2"}, job.name


def test_pdfbox_preflight_fails_a_broken_pdf(compiled: list[tuple[PdfJob, Path]],
                                             tmp_path: Path) -> None:
    # The same checks on a file whose fonts are no longer embedded: the test's own check.
    _, path = compiled[0]
    broken = tmp_path / path.name
    removed = 0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                for descendant in font.get("/DescendantFonts", ()):
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        if key in descendant.FontDescriptor:
                            del descendant.FontDescriptor[key]
                            removed += 1
        pdf.save(broken)
    assert removed
    errors = preflight([broken], tmp_path)[broken.name]
    assert [error for error in errors if not expected(*error)], errors


def test_pdfua_finds_nothing_in_any_pdf(compiled: list[tuple[PdfJob, Path]]) -> None:
    for job, path in compiled:
        report = pdfua.validate(str(path))
        findings = [f"{finding.rule_id}: {finding.message} ({finding.location.describe()})"
                    for finding in report.findings]
        assert findings == [], job.name
        skipped = {outcome.rule_id: outcome.skipped_reason or "" for outcome in report.skipped}
        unknown = {rule: reason for rule, reason in skipped.items()
                   if PDFUA_KNOWN_SKIPS.get(rule, "\0") not in reason}
        assert unknown == {}, job.name
        ran = {outcome.rule_id for outcome in report.outcomes if not outcome.skipped}
        assert ran | set(skipped) >= PDFUA_RULES and ran >= PDFUA_RULES - set(
            PDFUA_KNOWN_SKIPS), job.name
