"""Values from the sources as text, wherever they go: HTML, and Markdown.

Front-matter values (titles, summaries, version notes) and vocabulary labels are plain
text. Three kinds of places receive them:

- nisdocs' own templates (`overrides/`), which Jinja escapes for them (the mkdocs
  adapter's autoescape test, nisdocs/mkdocs/theme.py, is true for nisdocs' templates
  only). material's templates print the page's content and titles as HTML, as mkdocs
  hands them over, and keep Jinja's default (no autoescape);
- mkdocs' page titles and descriptions (the generated pages' front matter), which
  material prints as HTML in the header, the <title>, the navigation, the meta
  description and the search index: `html_text` and `html_attribute` give them as HTML;
- Markdown that nisdocs writes into a text (`[](id:NCG-0003)` gets the title of
  NCG-0003): `markdown_text` makes a value literal text for Python-Markdown (the site)
  and for pandoc (the PDF) alike.
"""

from __future__ import annotations

from html import escape


def html_text(text: str) -> str:
    """`text` as HTML text: a page title, which material prints as HTML in elements and
    in the search index. Quotes stay as they are (search matches titles' words)."""
    return escape(text, quote=False)


def html_attribute(text: str) -> str:
    """`text` as the value of a quoted HTML attribute: a page description, which material
    prints in `<meta name="description" content="…">`."""
    return escape(text, quote=True)


# What Markdown gives a meaning to within a line of text, in Python-Markdown (with
# mkdocs.yml's extensions: attribute lists `{…}`, tables `|`) or in pandoc (strikeout
# `~~`, smart quotes): each becomes a numeric character reference, which both read as
# the character itself, never as syntax. (Brackets closed, `(`, `!` and `#` mean nothing
# inside a link's text; `'` is left to pandoc's typography.)
_MARKDOWN = frozenset('\\`*_{}[]<>&|~^$"@')
_REFERENCES = str.maketrans({char: f"&#{ord(char)};" for char in _MARKDOWN})


def markdown_text(text: str) -> str:
    """`text` as literal inline Markdown: `*NIS2* <b>` shows `*NIS2* <b>`, emphasis and
    HTML not made, on the site and in the PDF."""
    return " ".join(text.translate(_REFERENCES).split())
