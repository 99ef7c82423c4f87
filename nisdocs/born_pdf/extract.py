"""The text of a PDF that is a document's text, page by page and paragraph by paragraph.

The document page shows it and search indexes it, so that a publication that exists only
as a PDF can be read and found like the others. pypdf extracts each page's text; here it is
normalised (composed characters, ligatures spelled out, invisible characters removed),
joined back into paragraphs (words hyphenated at line ends made whole again, page numbers
dropped) and judged: `is_clean` says whether a page came out as readable text, not as
glyph codes or letters without spaces, so that the site never shows gibberish as the
document's words. Extraction is slow on long files, so results are cached by the PDF's
hash (`TextCache`). Nothing here raises on a bad file: what cannot be read gives no text.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf import PdfReader

from ..files import write_atomically

EXTRACTOR_VERSION = "1"
"""The version of the extraction below: changing it (or pypdf's version) renews the cache."""
PYPDF_VERSION: str = pypdf.__version__
LIGATURES = {chr(code): unicodedata.normalize("NFKC", chr(code))
             for code in range(0xFB00, 0xFB07)}
# Soft hyphens, zero-width spaces and joiners, the word joiner and the byte-order mark.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
HYPHENS = "-\u2010"
SURROGATE = re.compile("[\ud800-\udfff]")
LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\x0b\x0c]")
SOFT_HYPHEN_END = re.compile(r"\u00ad\s*$")
SENTENCE_END = re.compile(r"[.!?:][\"'’”»)\]]*$")
SHORT_LINE = 0.7  # of the page's longest line: a paragraph's last line is shorter
# A page number alone on the first or last line of a page: "3", "- 3 -", "3/7", "Page 3 of 7".
PAGE_NUMBER = re.compile(
    r"[-–—]?\s*\d{1,4}\s*[-–—]?|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.|seite|página|pagina|strona|stránka|strana|sivu|sida|side|oldal"
    r"|lehekülg|lappuse|puslapis|σελίδα|страница)\s*\d{1,4}"
    r"(?:\s*(?:of|von|de|di|du|sur|z|ze|van|af|av|iš|/|από|от)\s*\d{1,4})?",
    re.IGNORECASE)


@dataclass(frozen=True)
class PageText:
    """The paragraphs of one page (1-based `number`), and whether they read as text."""

    number: int
    paragraphs: tuple[str, ...]
    clean: bool


@dataclass(frozen=True)
class ExtractedText:
    """The text of every page of a PDF; no pages when the file could not be read."""

    pages: tuple[PageText, ...]

    @property
    def readable(self) -> bool:
        """Whether every page with text came out clean, and there is text at all: a blank
        page (or one that is only a picture) between readable ones is no reason to show
        less than the whole text."""
        return all(page.clean for page in self.pages if page.paragraphs) and any(
            page.paragraphs for page in self.pages)

    def preview(self, limit: int = 2) -> tuple[PageText, ...]:
        """The first pages with text, at most `limit`, as long as each is clean: the
        preview stops at the first page whose text is not (pages without text, such as a
        scanned cover, are passed over)."""
        shown: list[PageText] = []
        for page in self.pages:
            if len(shown) == max(limit, 0):
                break
            if not page.paragraphs:
                continue
            if not page.clean:
                break
            shown.append(page)
        return tuple(shown)

    @property
    def text(self) -> str:
        """Every paragraph, a blank line between two: for search and tests."""
        return "\n\n".join(paragraph for page in self.pages for paragraph in page.paragraphs)


def extract_text(path: Path) -> ExtractedText:
    """The text of the PDF `path`. Never raises: a page pypdf fails on has no paragraphs
    and is not clean; a file it cannot open has no pages."""
    # pypdf raises exceptions of many kinds on malformed files and pages (its own errors,
    # ValueError, KeyError, RecursionError, ...): each means no text, never a crash.
    try:
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        count = len(reader.pages)
    except Exception:
        return ExtractedText(())
    pages = []
    for index in range(count):
        try:
            raw = reader.pages[index].extract_text() or ""
        except Exception:  # as above
            pages.append(PageText(index + 1, (), False))
            continue
        paragraphs = tuple(split_paragraphs(raw))
        pages.append(PageText(index + 1, paragraphs, is_clean(" ".join(paragraphs))))
    return ExtractedText(tuple(pages))


def normalise(text: str) -> str:
    """`text` in Unicode's composed form (NFC), ligatures (ﬁ, ﬂ, ...) spelled out, and
    soft hyphens and zero-width characters removed. White space is left as it is. A lone
    surrogate (from a broken font mapping) becomes U+FFFD: it could not be written as UTF-8,
    and it marks the page as not clean."""
    text = unicodedata.normalize("NFC", SURROGATE.sub("\ufffd", text))
    text = "".join(LIGATURES.get(char, char) for char in text)
    return INVISIBLE.sub("", text)


def split_paragraphs(raw: str) -> list[str]:
    """The paragraphs of a page's extracted text, normalised, white space collapsed.

    Blank lines separate paragraphs. When the extractor gives none at all (pypdf often
    does not), a paragraph ends after a line that ends a sentence (. ! ? :) and is shorter
    than `SHORT_LINE` of the page's longest line: a paragraph's short last line; and a short
    line that does not end a sentence after one that does ("1 Context") is a heading, a
    paragraph of its own. A page number alone on the page's first or last line is dropped.
    The lines of a paragraph are joined with a space, but a word hyphenated at a line end
    is made whole ("exam-" and "ple" make "example") when the next line goes on in lower
    case; a hyphen before an upper-case letter or a digit is a real one and stays
    ("Franco-" and "German" make "Franco-German", "2019-" and "2020" make "2019-2020")."""
    # A soft hyphen at a line end marks hyphenation (typst writes them so): normalising
    # removes it, and it is put back, as the mark the join looks for.
    lines = []
    for line in LINE_BREAK.split(raw.replace("\u2029", "\n\n")):
        text = " ".join(normalise(line).split())
        lines.append(text + "\u00ad" if text and SOFT_HYPHEN_END.search(line) else text)
    filled = [index for index, line in enumerate(lines) if line]
    for index in {filled[0], filled[-1]} if filled else set():
        if PAGE_NUMBER.fullmatch(lines[index]):
            lines[index] = ""
    filled = [index for index, line in enumerate(lines) if line]
    blank = bool(filled) and any(not line for line in lines[filled[0]:filled[-1]])
    longest = max((len(line) for line in lines), default=0)
    paragraphs = []
    for group in _groups(lines, blank, longest):
        paragraph = group[0]
        for line in group[1:]:
            paragraph = _join(paragraph, line)
        paragraphs.append(paragraph.replace("\u00ad", ""))
    return [paragraph for paragraph in paragraphs if paragraph]


def _groups(lines: list[str], blank: bool, longest: int) -> Iterator[list[str]]:
    """The lines of each paragraph."""
    group: list[str] = []
    after_sentence = False  # the line before ended a sentence
    for line in lines:
        if not line:
            if group:
                yield group
            group = []
            continue
        short = len(line) < SHORT_LINE * longest
        ends = SENTENCE_END.search(line) is not None
        heading = not blank and short and not ends and after_sentence \
            and line[-1] not in HYPHENS + "\u00ad"
        if heading and group:
            yield group
            group = []
        group.append(line)
        after_sentence = ends
        if not blank and short and (ends or heading):
            yield group
            group = []
    if group:
        yield group


def _join(before: str, line: str) -> str:
    """Two lines of a paragraph as one."""
    if before.endswith("\u00ad"):
        return before[:-1] + line
    if len(before) > 1 and before[-1] in HYPHENS and before[-2].isalnum():
        if line[0].islower() and before[-2].isalpha():
            return before[:-1] + line
        if line[0].isalnum():
            return before + line
    return f"{before} {line}"


def is_clean(text: str) -> bool:
    """Whether extracted text reads as text, by a heuristic: a page's text is clean when
    it is not empty and

    - holds no U+FFFD (a character the extractor could not map) and no "(cid:" (pypdf's
      mark of a glyph without a Unicode mapping);
    - has under 1 % private-use characters (symbol fonts without a mapping);
    - has letters for at least half of its characters other than white space (tables of
      numbers fail too: they are no reading matter on their own);
    - has words (runs without white space) 2 to 15 characters long on average: shorter
      is letters spaced apart ("H e l l o"), longer is text extracted without spaces."""
    if "\ufffd" in text or "(cid:" in text:
        return False
    characters = [char for char in text if not char.isspace()]
    if not characters:
        return False
    private = sum(unicodedata.category(char) == "Co" for char in characters)
    letters = sum(char.isalpha() for char in characters)
    words = text.split()
    average = len(characters) / len(words)
    return private < 0.01 * len(characters) and letters >= 0.5 * len(characters) \
        and 2 <= average <= 15


# -- cache ------------------------------------------------------------------------------


class TextCache:
    """Extracted texts kept on disk in `folder`, by the PDF's SHA-256, the extractor's
    version and pypdf's: a changed file, extractor or pypdf misses the cache."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha256: str) -> Path:
        text = f"{sha256}\n{EXTRACTOR_VERSION}\n{PYPDF_VERSION}".encode()
        key = hashlib.sha256(text).hexdigest()
        return self.folder / "texts" / key[:2] / f"{key}.json"

    def get(self, sha256: str) -> ExtractedText | None:
        """The cached text of the PDF with this hash; None when there is none, or the entry
        cannot be read or is not one this version wrote (it is then extracted again)."""
        try:
            entry = json.loads(self.path(sha256).read_text("utf-8"))
        except (OSError, ValueError):  # absent, unreadable, not UTF-8 or not JSON
            return None
        return _from_json(entry)

    def put(self, sha256: str, text: ExtractedText) -> None:
        entry = {"extractor": EXTRACTOR_VERSION, "pypdf": PYPDF_VERSION, "pages": [
            {"number": page.number, "paragraphs": list(page.paragraphs), "clean": page.clean}
            for page in text.pages]}
        write_atomically(self.path(sha256),
                         json.dumps(entry, ensure_ascii=False).encode("utf-8"))


def _from_json(entry: object) -> ExtractedText | None:
    """An `ExtractedText` from a cache entry; None when the entry is not what `put` wrote."""
    if not isinstance(entry, dict) or entry.get("extractor") != EXTRACTOR_VERSION \
            or entry.get("pypdf") != PYPDF_VERSION or not isinstance(entry.get("pages"), list):
        return None
    pages = []
    for page in entry["pages"]:
        if not isinstance(page, dict):
            return None
        number, paragraphs, clean = page.get("number"), page.get("paragraphs"), \
            page.get("clean")
        if type(number) is not int or not isinstance(clean, bool) \
                or not isinstance(paragraphs, list) \
                or not all(isinstance(paragraph, str) for paragraph in paragraphs):
            return None
        pages.append(PageText(number, tuple(paragraphs), clean))
    return ExtractedText(tuple(pages))


def cached_text(path: Path, sha256: str, cache: TextCache | None) -> ExtractedText:
    """The text of the PDF `path`, whose hash is `sha256`: from `cache` when it holds it,
    else extracted and stored there. A cache that cannot be written is only slower."""
    if cache is not None and (text := cache.get(sha256)) is not None:
        return text
    text = extract_text(path)
    if cache is not None:
        # A full disk or a read-only folder: the text is still right, only not kept.
        with contextlib.suppress(OSError):
            cache.put(sha256, text)
    return text
