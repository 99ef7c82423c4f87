"""The nisdocs plugin's options in mkdocs.yml, as a typed mkdocs schema.

    plugins:
      - i18n: …
      - nisdocs:
          sources: guidelines
          drafts: false
          edit_url: https://…/edit/main/
          pdf: {enabled: true, serve: false, cache: .cache/nisdocs/pdf, workers: 0,
                publisher: {name: …, logo: …, copyright: …, reuse: …}}

The options and their meaning are the core's (`nisdocs.settings.Options`,
`nisdocs.pdf.settings.OPTIONS`), which the `nisdocs` command reads from the same file;
tests/test_plugin.py keeps the two declarations equal. `load_options` runs the core's
reader before mkdocs' own validation, so that a misspelt option is an error naming it,
the allowed ones and the closest (mkdocs would only warn, and ignore it).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..options import SettingsError
from ..settings import read_options


# mkdocs' Config classes are untyped: `no-untyped-call` is theirs.
class PdfOptions(base.Config):  # type: ignore[no-untyped-call]
    """`pdf`: nisdocs/pdf/settings.py says what each does."""

    enabled = c.Type(bool, default=True)
    serve = c.Type(bool, default=False)
    cache = c.Type(str, default=".cache/nisdocs/pdf")
    workers = c.Type(int, default=0)
    publisher = c.Optional(c.Type(dict))  # nisdocs/pdf/publisher.py checks its fields


class NisdocsConfig(base.Config):  # type: ignore[no-untyped-call]
    sources = c.Type(str, default="guidelines")
    drafts = c.Type(bool, default=False)
    edit_url = c.Optional(c.Type(str))
    pdf = c.SubConfig(PdfOptions)


def check_options(options: dict[str, Any]) -> list[tuple[str, Exception]]:
    """The errors of the options as mkdocs' plugin loader reports them, (option, error):
    none when the core's reader accepts them."""
    try:
        read_options(options)
    except SettingsError as error:
        message = str(error)
        option, _, detail = message.partition(": ")
        return [(option.removeprefix("plugins.nisdocs").lstrip(".") or "(options)",
                 base.ValidationError(detail))]
    return []
