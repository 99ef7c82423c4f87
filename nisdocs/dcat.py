"""`catalogue.jsonld`: the library as a DCAT-AP catalogue in JSON-LD.

A `dcat:Catalog` published by the NIS Cooperation Group, with one `dcat:Dataset` per
public document (its current public version) and, per language the version has a text
in, one `dcat:Distribution` for the HTML page and one for the PDF when PDFs were built.
The context maps prefixes only (no remote context): every IRI is written as `{"@id": …}`
and every typed literal with its `@type`, so the file reads the same with or without a
JSON-LD processor. Dates come from the sources, none from the build: the same sources
give the same file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .library import Library
from .model import Document, Version
from .pdf.files import PdfSet
from .urls import Urls, site_root
from .vocabulary import eu_languages, ui_strings

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
# EU Vocabularies (Publications Office) authority tables, and IANA media types.
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
FILE_TYPE_AUTHORITY = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
FORMATS = {  # our format -> (file-type code, media type)
    "html": ("HTML", "text/html"),
    "pdf": ("PDF", "application/pdf"),
}
CATALOGUE_FILE = "catalogue.jsonld"


def language_uri(language: str) -> str:
    """`el` -> http://publications.europa.eu/resource/authority/language/ELL"""
    return LANGUAGE_AUTHORITY + eu_languages()[language].eli.upper()


def build_dcat(library: Library, pdfs: PdfSet | None, site_url: str, *,
               site_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The catalogue as a JSON-LD object. `site_url` is the site's absolute root URL;
    `site_names` the site's name by language (the catalogue's title), else the Group's."""
    base = site_root(site_url)
    urls = Urls(library.source_language)
    catalogue_id = f"{base}{CATALOGUE_FILE}"
    publisher = {
        "@id": f"{catalogue_id}#publisher",
        "@type": "foaf:Agent",
        "foaf:name": ui_strings(library.source_language)["pdf"]["group"],
        "foaf:homepage": {"@id": base},
    }
    documents = [(d, d.public_versions) for d in library.documents.values()]
    documents = [(d, versions) for d, versions in documents if versions]
    dates = sorted(v.date for _, versions in documents for v in versions)
    names = site_names or {}
    catalogue: dict[str, Any] = {
        "@id": f"{catalogue_id}#catalogue",
        "@type": "dcat:Catalog",
        "dct:title": [_text(names.get(lang) or ui_strings(lang)["pdf"]["group"], lang)
                      for lang in library.languages],
        "dct:description": [_text(ui_strings(lang)["catalogue"]["description"], lang)
                            for lang in library.languages],
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": base},
        "dct:language": [{"@id": language_uri(lang)} for lang in library.languages],
    }
    if dates:
        catalogue["dct:issued"] = _date(dates[0])
        catalogue["dct:modified"] = _date(dates[-1])
    catalogue["dcat:dataset"] = [
        _dataset(document, versions, library, pdfs, base, urls, catalogue_id)
        for document, versions in documents]
    return {"@context": dict(CONTEXT), **catalogue}


def dcat_catalogue(library: Library, pdfs: PdfSet | None, site_url: str, *,
                   site_names: Mapping[str, str] | None = None) -> str:
    """`catalogue.jsonld`: the catalogue as indented JSON-LD text."""
    data = build_dcat(library, pdfs, site_url, site_names=site_names)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _dataset(document: Document, versions: list[Version], library: Library,
             pdfs: PdfSet | None, base: str, urls: Urls, catalogue_id: str) -> dict[str, Any]:
    source = library.source_language
    current = versions[-1]
    languages = [lang for lang in library.languages if lang in current.languages(source)]
    texts = {lang: current.text(lang, source) for lang in languages}
    dataset_id = f"{catalogue_id}#{document.slug}"
    dataset: dict[str, Any] = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": document.id,
        "dct:title": [_text(texts[lang].title, lang) for lang in languages],
        "dct:description": [_text(texts[lang].summary.strip(), lang) for lang in languages],
        "dcat:keyword": [_text(library.topics.labels.get(topic, {}).get(lang, topic), lang)
                         for topic in current.topics for lang in library.languages],
        "dct:issued": _date(versions[0].date),
        "dct:modified": _date(current.date),
        "owl:versionInfo": current.version,
        "dcat:landingPage": {"@id": base + urls.page_of(document, current, source)},
        "dct:language": [{"@id": language_uri(lang)} for lang in languages],
        "dct:publisher": {"@id": f"{catalogue_id}#publisher"},
        "dcat:contactPoint": _contact(library, base, catalogue_id),
    }
    legislation = _legislation(current, library)
    if legislation:
        dataset["dct:references"] = [{"@id": uri} for uri in legislation]
    distributions = []
    for lang in languages:
        page = base + urls.page_of(document, current, lang)
        # A text that exists only as a PDF: its page carries the text extracted from it.
        extracted = ", text extracted from the PDF" if texts[lang].source.pdf else ""
        distributions.append({
            "@id": f"{dataset_id}-{lang}-html",
            "@type": "dcat:Distribution",
            "dct:title": _text(f"{document.id} {current.version} ({lang}, HTML{extracted})",
                               "en"),
            "dcat:accessURL": {"@id": page},
            **_format("html"),
            "dct:language": {"@id": language_uri(lang)},
            "dct:issued": _date(current.date),
        })
        pdf = pdfs.find(document.id, current.version, lang) if pdfs else None
        if pdf is not None:
            # DCAT-AP requires an access URL; for a direct download it repeats the file's.
            distributions.append({
                "@id": f"{dataset_id}-{lang}-pdf",
                "@type": "dcat:Distribution",
                "dct:title": _text(f"{document.id} {current.version} ({lang}, PDF)", "en"),
                "dcat:accessURL": {"@id": base + pdf.url},
                "dcat:downloadURL": {"@id": base + pdf.url},
                **_format("pdf"),
                "dcat:byteSize": {"@value": str(pdf.size), "@type": "xsd:nonNegativeInteger"},
                "dct:language": {"@id": language_uri(lang)},
                "dct:issued": _date(current.date),
            })
    dataset["dcat:distribution"] = distributions
    return dataset


def _legislation(version: Version, library: Library) -> list[str]:
    """The acts `version` cites, as their ELI (else their EUR-Lex page), in registry
    order, each once."""
    cited = {reference.act for reference in version.references}
    return [act.eli or act.eurlex_url(library.source_language)
            for key, act in library.registry.acts.items() if key in cited]


def _contact(library: Library, base: str, catalogue_id: str) -> dict[str, Any]:
    return {"@id": f"{catalogue_id}#contact", "@type": "vcard:Organization",
            "vcard:fn": ui_strings(library.source_language)["pdf"]["group"],
            "vcard:hasURL": {"@id": base}}


def _format(kind: str) -> dict[str, Any]:
    file_type, media_type = FORMATS[kind]
    return {"dct:format": {"@id": FILE_TYPE_AUTHORITY + file_type},
            "dcat:mediaType": {"@id": MEDIA_TYPES + media_type}}


def _text(value: str, language: str) -> dict[str, str]:
    return {"@value": value, "@language": language}


def _date(day: str) -> dict[str, str]:
    return {"@value": day, "@type": "xsd:date"}
