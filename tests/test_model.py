"""The document model as loaded from the sample library."""

from __future__ import annotations

from conftest import PROJECT

from nisdocs.born_pdf.extract import extract_text
from nisdocs.library import Library
from nisdocs.model import TranslationState, version_key


def test_versions_order_numerically() -> None:
    assert sorted(["1.10", "1.9", "2.0", "1.0"], key=version_key) == ["1.0", "1.9", "1.10", "2.0"]


def test_sample_library_meets_the_brief(sample_library: Library) -> None:
    documents = sample_library.documents
    assert len(documents) >= 12
    assert len({d.current.type for d in documents.values()}) >= 4
    assert sum(len(d.versions) >= 2 for d in documents.values()) >= 3
    statuses = {d.id: d.current.status for d in documents.values()}
    assert statuses["NCG-0002"] == "superseded" and statuses["NCG-0012"] == "withdrawn"
    for language, minimum in (("fr", 6), ("de", 6), ("el", 3), ("bg", 3)):
        have = [d for d in documents.values() if language in d.current.translations]
        assert len(have) >= minimum, language


def test_sample_documents_are_long_enough_and_complete(sample_library: Library) -> None:
    for document in sample_library.documents.values():
        for version in document.versions:
            body = version.source.body
            pdf = version.source.pdf
            if pdf is not None:
                # A text that exists only as a PDF: its extracted text says it is a sample.
                text = extract_text(PROJECT / pdf.path).text
                assert len(text.split()) >= 600 and "Illustrative sample" in text, pdf.path
                continue
            assert len(body.split()) >= 600, version.source.path
            for marker in ("\n## ", "\n| ", "[^1]", "law:", "Illustrative sample"):
                assert marker in body, (version.source.path, marker)
            for translation in version.translations.values():
                if translation.source.pdf is not None:
                    continue  # no Markdown to compare
                text = translation.source.body
                assert text.count("\n#") == body.count("\n#") or (
                    translation.source_version != version.version), translation.source.path
                assert text.count("[^") == body.count("[^") or (
                    translation.source_version != version.version), translation.source.path


def test_translation_states(sample_library: Library) -> None:
    current = sample_library.documents["NCG-0003"].current
    assert current.translation_state("en", "en") is TranslationState.SOURCE
    assert current.translation_state("fr", "en") is TranslationState.CURRENT
    assert current.translation_state("bg", "en") is TranslationState.OUTDATED
    ncg7 = sample_library.documents["NCG-0007"].current
    assert ncg7.translation_state("el", "en") is TranslationState.MISSING


def test_superseded_by_is_the_inverse_of_supersedes(sample_library: Library) -> None:
    assert sample_library.documents["NCG-0002"].superseded_by == ["NCG-0003"]
    assert sample_library.documents["NCG-0003"].superseded_by == []


def test_drafts_are_left_out_unless_asked(sample_library: Library) -> None:
    assert "NCG-0013" not in sample_library.documents
