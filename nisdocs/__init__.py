"""nisdocs: the library of the NIS Cooperation Group's guidelines and working documents.

The package holds the library's logic (document model, validation, legal registry,
generated pages, catalogue) as plain Python; `hooks/` connects it to mkdocs.
"""

__version__ = "0.1.0"
