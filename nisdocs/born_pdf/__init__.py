"""Reading the PDFs that are a document's text: the library's publications that exist only
as PDF files ("born-PDF" texts), each an `index.pdf` or `index.<lang>.pdf` beside the
`index.md` that holds the version's front matter.

The site publishes such a PDF byte for byte, so it is checked before anything else reads
it: `inspect.py` refuses files that are no PDF, too large, unreadable, encrypted or able to
act (scripts, launch actions, embedded files, forms that submit, media), and reads the
facts the site shows and the check warns about (title, language, tags, PDF/A and PDF/UA).
`extract.py` takes the text out of an accepted PDF, page by page and paragraph by
paragraph, judges whether it came out readable, and caches it by the file's hash, for the
document page and for search. Neither imports anything of the renderer.
"""
