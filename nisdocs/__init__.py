"""nisdocs: the library of the NIS Cooperation Group's guidelines and working documents.

The package holds the library's logic (document model, validation, legal registry,
generated pages, catalogues, PDFs) as plain Python that imports nothing of mkdocs, its
theme or Jinja: the core. `nisdocs.mkdocs`, the plugin registered as `nisdocs`, connects
it to mkdocs and is the only part that touches the renderer (README.md, "The package").
"""

__version__ = "0.1.0"
