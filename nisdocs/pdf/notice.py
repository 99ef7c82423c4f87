"""The notice page of a PDF, its page 2, as data for the template: who publishes the
document, its copyright and reuse terms, the disclaimer of an illustrative sample, the
version's stable URL and how to cite it, all in the PDF's language.

The citation is the site's own (`nisdocs.citation.citation_text`, as "Cite this
document" shows it on the version's page), naming the version's stable URL. The
publisher's texts come from the `pdf.publisher` options (nisdocs/pdf/publisher.py).

A text is an illustrative sample when it says so with the sample marker, an `info`
admonition titled as the interface strings' `pdf_notice.sample_marker` in its language
or in the source language, outside code:

    !!! info "Illustrative sample"
        This text is an illustrative sample written for the nisdocs project...

The site shows that admonition as the text's first box; the PDF shows it in the body
too, and adds the disclaimer to the notice page.
"""

from __future__ import annotations

import re
from typing import Any

from ..citation import CitedVersion, absolute_url, citation_text
from ..model import Document, Translation, Version
from ..scanner import mask_code
from ..typography import metadata_text
from ..urls import Urls
from ..vocabulary import ui_strings
from .publisher import Publisher

# An admonition's first line: `!!! info "Title"` (the marker's kind and its title).
_INFO_ADMONITION = re.compile(r'^!!! info "(?P<title>[^"\n]*)"[ \t]*$', re.MULTILINE)


def is_marked_sample(body: str, language: str, source_language: str) -> bool:
    """Whether the Markdown `body` of a text in `language` carries the sample marker."""
    titles = {str(ui_strings(code)["pdf_notice"]["sample_marker"])
              for code in (language, source_language)}
    return any(match["title"].strip() in titles
               for match in _INFO_ADMONITION.finditer(mask_code(body)))


def notice_meta(document: Document, version: Version, text: Translation, language: str, *,
                source_language: str, publisher: Publisher, site_url: str | None,
                urls: Urls) -> dict[str, Any]:
    """What the notice page of the PDF of `text` (of `version`, in `language`) shows."""
    ui = ui_strings(language)
    labels = ui["pdf_notice"]
    year = int(version.date[:4])
    names = publisher.texts(language, source_language, year)
    stable = absolute_url(site_url, urls.version(document.id, version.version, language))
    cited = CitedVersion(document.id, version.version, version.date, text.title, text.language,
                         ui["types"][version.type], stable)
    sample = (str(labels["sample"]).replace("{publisher}", names["name"])
              if is_marked_sample(text.source.body, language, source_language) else None)

    def shown(value: str | None) -> str | None:
        return None if value is None else metadata_text(value, language)

    return {
        "title": shown(labels["title"]),
        "publisher_label": shown(labels["publisher"]),
        "publisher": shown(names["name"]),
        "rights_label": shown(labels["rights"]),
        "copyright": shown(names["copyright"]),
        "reuse": shown(names["reuse"]),
        "disclaimer_label": shown(labels["disclaimer"]),
        "sample": shown(sample),
        # The stable URL only where the site has one to give (`site_url`).
        "url_label": shown(ui["print"]["stable_url"]),
        "url": stable if site_url else None,
        "cite_label": shown(ui["cite"]["title"]),
        "citation": shown(citation_text(cited, ui)),
    }
