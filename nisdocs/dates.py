"""Dates as readers of each language write them, from the Unicode CLDR (Babel).

The sources hold ISO 8601 dates (`2025-06-03`); pages keep them machine-readable in
`<time datetime>` and show `format_date`'s text: `3 June 2025`, `3 juin 2025`,
`3. Juni 2025`, `3 Ιουνίου 2025`, `2025. június 3.`. PDF covers show the same text.
"""

from __future__ import annotations

import datetime
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_format_date

# The CLDR locale of each site language where the bare code would name another country's
# usage: English as written in Europe ("3 June 2025", not the US "June 3, 2025"),
# Portuguese as in Portugal.
LOCALES = {"en": "en_150", "pt": "pt_PT"}


@cache
def _locale(language: str) -> Locale:
    # Parsed once per language: every page of a build writes several dates.
    return Locale.parse(LOCALES.get(language, language))


@cache
def format_date(iso_date: str, language: str) -> str:
    """`iso_date` (`YYYY-MM-DD`) written out in `language` (an ISO 639-1 code), with the
    month's name and the language's word order."""
    written = _babel_format_date(datetime.date.fromisoformat(iso_date), format="long",
                                 locale=_locale(language))
    # CLDR's narrow no-break space (`2025 г.`), which not every font has (the PDFs'
    # bundled fonts), as the no-break space every font has.
    return str(written).replace("\u202f", "\u00a0")
