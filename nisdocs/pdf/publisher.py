"""The publisher every PDF names on its cover and notice page: name, logo, copyright and
reuse terms, from the nisdocs plugin's `pdf.publisher` options in mkdocs.yml.

    plugins:
      - nisdocs:
          pdf:
            publisher:
              name: NIS Cooperation Group          # or {en: ..., fr: ...}
              logo: docs/assets/images/publisher.svg   # relative to mkdocs.yml
              copyright: "© {year} {publisher}"    # or by language
              reuse: Reuse is authorised ...       # or by language

Each text is one string for every language, or a mapping from language codes (those
nisdocs has interface strings for) to strings; a language the mapping lacks takes the
source language's text. `{year}` (the version's year) and `{publisher}` (the name) may
appear in the copyright and reuse texts. Left out, each takes the default of the
interface strings (`pdf.group`, `pdf_notice.copyright`, `pdf_notice.reuse`: the
Commission's reuse policy, CC BY 4.0) and the logo nisdocs ships (`publisher.svg`).

The logo is an SVG file checked as a document's SVG files are (nisdocs/svg.py: a static
drawing, no script, nothing loaded from elsewhere): it goes into every PDF.
`check_publisher_options` checks the options' shape (mkdocs' own validation runs it,
before any file is read); `load_publisher` reads and checks the logo too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..options import SettingsError, option_mapping
from ..problems import describe, did_you_mean
from ..svg import looks_like_markup, svg_problems
from ..vocabulary import ui_languages, ui_strings

FIELDS = ("name", "logo", "copyright", "reuse")
TEXT_FIELDS = ("name", "copyright", "reuse")
# A logo goes into every PDF: a drawing of a few kilobytes, not a photograph.
MAX_LOGO_BYTES = 500_000
DEFAULT_LOGO = "publisher.svg"  # beside this module

Texts = str | Mapping[str, str]  # one text for every language, or one per language code


@cache
def default_logo() -> str:
    """nisdocs' own logo: an abstract drawing, the emblem of no institution."""
    return (resources.files("nisdocs") / "pdf" / DEFAULT_LOGO).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Publisher:
    """The publisher's options, checked; None for a text takes the interface default."""

    name: Texts | None = None
    copyright: Texts | None = None
    reuse: Texts | None = None
    logo: str = field(default_factory=default_logo)  # the SVG's text

    def texts(self, language: str, source_language: str, year: int) -> dict[str, str]:
        """The name, copyright and reuse texts and the logo's alternative text, in
        `language` (or the source language's, where the options have none in it)."""
        ui = ui_strings(language)
        notice = ui["pdf_notice"]
        name = _text(self.name, language, source_language) or str(ui["pdf"]["group"])
        result = {"name": name}
        for key in ("copyright", "reuse"):
            pattern = _text(getattr(self, key), language, source_language) or str(notice[key])
            result[key] = pattern.replace("{year}", str(year)).replace("{publisher}", name)
        result["logo_alt"] = str(notice["logo"]).replace("{publisher}", name)
        return result


def _text(texts: Texts | None, language: str, source_language: str) -> str | None:
    if texts is None or isinstance(texts, str):
        return texts
    return texts.get(language) or texts.get(source_language)


def check_publisher_options(raw: Any, where: str) -> dict[str, Any]:
    """The `publisher` options as mkdocs.yml gives them, each checked for its shape (the
    logo's file is read by `load_publisher`); SettingsError naming the option."""
    options = dict(option_mapping(raw, where, FIELDS))
    for name in TEXT_FIELDS:
        if name in options:
            _check_texts(options[name], f"{where}.{name}")
    logo = options.get("logo")
    if logo is not None and (not isinstance(logo, str) or not logo.strip().endswith(".svg")):
        raise SettingsError(f"{where}.logo: found {describe(logo)}; expected the path of an "
                            "SVG file (.svg), relative to mkdocs.yml")
    return options


def _check_texts(value: Any, where: str) -> None:
    allowed = "a text, or a mapping from language codes to texts"
    if isinstance(value, str):
        if not value.strip():
            raise SettingsError(f"{where}: found an empty text; expected {allowed}")
        return
    if not isinstance(value, Mapping) or not value:
        raise SettingsError(f"{where}: found {describe(value)}; expected {allowed}")
    languages = ui_languages()
    for code, text in value.items():
        if code not in languages:
            raise SettingsError(f'{where}: unknown language code "{code}"; allowed: '
                                f"{', '.join(languages)}{did_you_mean(str(code), languages)}")
        if not isinstance(text, str) or not text.strip():
            raise SettingsError(f"{where}.{code}: found {describe(text)}; expected a text")


def load_publisher(raw: Any, *, root: Path, where: str,
                   source_language: str | None = None) -> Publisher:
    """The publisher of the options `raw`, its logo read from `root` (mkdocs.yml's
    folder) and checked. With `source_language`, each mapping of texts must have one in
    it, the text the other languages fall back to."""
    options = check_publisher_options(raw, where)
    if source_language is not None:
        for name in TEXT_FIELDS:
            value = options.get(name)
            if isinstance(value, Mapping) and source_language not in value:
                raise SettingsError(
                    f"{where}.{name}: found texts in {', '.join(map(str, value))} but none in "
                    f'"{source_language}"; expected one in the source language, which the '
                    "other languages fall back to")
    logo = default_logo() if options.get("logo") is None else _read_logo(
        options["logo"], root, f"{where}.logo")
    return Publisher(name=options.get("name"), copyright=options.get("copyright"),
                     reuse=options.get("reuse"), logo=logo)


def _read_logo(name: str, root: Path, where: str) -> str:
    """The logo file's text; SettingsError naming the option and the file, and what is
    wrong, when it is not a static SVG drawing of the project."""
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise SettingsError(f'{where}: "{name}" lies outside the project; expected an SVG '
                            "file of the project, relative to mkdocs.yml")
    if not path.is_file():
        raise SettingsError(f'{where}: "{name}" does not exist; expected an SVG file, '
                            "relative to mkdocs.yml")
    data = path.read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        raise SettingsError(f'{where}: "{name}" has {len(data):,} bytes; allowed: at most '
                            f"{MAX_LOGO_BYTES:,} (the logo goes into every PDF)")
    if not looks_like_markup(data):
        raise SettingsError(f'{where}: "{name}" is not an SVG file (no markup); expected '
                            "an SVG drawing")
    problems = svg_problems(data)
    if problems:
        line, message = problems[0]
        at = f", line {line}" if line else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SettingsError(f'{where}: "{name}"{at}: {message}{more}')
    return data.decode("utf-8")
