"""The mkdocs adapter: everything of nisdocs that touches mkdocs, material,
mkdocs-static-i18n or Jinja, and nothing else.

- `plugin`: the plugin registered as `nisdocs` (pyproject.toml), its event handlers;
- `config`: its options as a typed mkdocs schema, checked by the core's reader;
- `state`: what one build shares, loaded once for all its language builds;
- `i18n`: what nisdocs reads of mkdocs-static-i18n (languages, the switcher's links);
- `theme`: material's templates: escaping, inline code for the policy, compiled templates;
- `site_files`: the files written beside the pages (404 pages, feeds, sitemaps, search);
- `output`: the staging folder swapped in for site/ when the whole build succeeds;
- `patches`: faster equivalents of renderer internals, each behind a version guard.

The core (the rest of `nisdocs`) decides what the library is and what each page says,
as plain data; a second renderer would be a sibling of this package
(docs/decisions/0001-after-material.md).
"""
