"""PDF exports: every public document, version and language as a tagged PDF/A-2a, PDF/UA-1.

- `jobs`: what PDFs the library has, and everything that shapes each one;
- `dialect`: mkdocs' Markdown dialect rewritten for pandoc;
- `export`: pandoc (with `nisdocs.lua`) to typst (with `template.typ`) to PDF, one job;
- `cache`: finished PDFs by a key of all their inputs;
- `files`: the PDFs made, as plain data (URL, language, size), without the toolchain;
- `build`: all jobs in parallel through the cache, with progress;
- `bundles`: one ZIP per language of the current PDFs;
- `settings`: the options in mkdocs.yml and the NISDOCS_PDF switches.
"""
