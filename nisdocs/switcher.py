"""What the language switcher says of each language beside its name.

Every page exists in every language of the site: a text not translated is shown in the
original under a notice (the `fallback` notice), with the interface in the reader's
language. So every entry of the switcher is a link, and those whose text is not
translated say so, in their own language: "Français (non traduit)". A reader learns it
before following the link, as the EU's own sites mark languages a page lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .vocabulary import ui_strings

# A docs page's language suffix: `about.fr.md`.
_SUFFIX = re.compile(r"\.(?P<code>[a-z]{2})\.md$")


def switcher_view(language: str, untranslated: Iterable[str]) -> dict[str, Any]:
    """The switcher's data for a page in `language` whose text is not translated into
    the languages `untranslated`: the note beside each, in that language."""
    return {"language": language,
            "notes": {code: str(ui_strings(code)["states"]["missing"]) for code in untranslated}}


def untranslated_in_view(view: dict[str, Any], languages: Sequence[str]) -> list[str]:
    """The languages in which a generated page shows its text untranslated: a document
    version missing a translation, a comparison of versions whose translations cannot be
    compared. Other generated pages (lists, legislation) are made in every language."""
    kind = view.get("kind")
    if kind in ("document", "version"):
        translated = {entry["code"] for entry in view.get("languages", [])}
        return [code for code in languages if code not in translated]
    if kind == "changes":
        compared = view.get("diff_languages", [])
        return [code for code in languages if code not in compared]
    return []


def untranslated_docs(docs_dir: Path, src_uri: str, languages: Sequence[str]) -> list[str]:
    """The languages without their own file of the site's page `src_uri` (docs/): the
    default language's file is `about.md`, the others' `about.fr.md`."""
    stem = _SUFFIX.sub(".md", src_uri).removesuffix(".md")
    source, *others = languages
    return [code for code in others if not (docs_dir / f"{stem}.{code}.md").is_file()] + (
        [] if (docs_dir / f"{stem}.md").is_file() else [source])
