"""Hypothesis strategies for document bodies written the way editors write them, for the
differential test (tests/test_differential.py).

Constructs the generator covers, combined and nested:

- paragraphs of words from every script of the 24 EU languages: Latin with the diacritics
  of all of them (ä ö ü ß, à é ç œ, ą ę ł ż, č ř ů, ő ű, ș ț, ā ē ķ ļ ņ, ė į ų, õ, å æ ø,
  ħ ġ, ð þ-free Irish fada, ...), Greek and Cyrillic (Bulgarian); long words
  (`Kompromittierungsindikatoren`) and long URLs;
- symbols ✓ → € § … « » „ “ ‘ ’ – — ° ± × and, sometimes, characters outside the fonts
  (例, 🔒);
- emphasis and strong text against punctuation and letters (`*a*.cloud`, `**b**(x)`,
  `_c_:d`, `*e*-f`);
- links: http(s), relative (`../ncg-0002/`), `id:` links to a document that exists
  (`id:NCG-0002`, `id:NCG-0002@1.0`, `id:NCG-0002#scope`) and ones that do not
  (`id:NCG-0999`, a missing section), `law:` links to provisions that exist
  (`law:NIS2/23`, `law:NIS2/21/2/d`), that do not (`law:NIS2/21/99`, `law:NIS2/21/2/z`)
  and malformed ones (`law:NIS2 Art. 21(2)(d)`);
- footnotes: references with their definitions, and misspelt references (no definition);
- all of the inline constructs above inside table header and body cells and list items;
- tables up to 8 columns wide with alignment markers (`---`, `:---`, `:---:`, `---:`);
- bulleted and numbered lists;
- quotes (`> ...`) and admonitions (`!!! note "Title"`, `??? tip`, `!!! warning`);
- attribute lists: `{: #id .class }` after a paragraph, `{#id}` on headings;
- code spans and fenced code holding `id:`/`law:` links, `{:`, `#`, `$`, `@`, typst-like
  text (`#set text(...)`, `$x^2$`, `<label>`, `@ref`) and TeX-like text (`\\section{x}`);
- headings of level 2 to 4, and sometimes a level 1 (which must be refused).

Each strategy draws a `Fragment`: its Markdown and the words a reader must find in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class Fragment:
    markdown: str
    words: tuple[str, ...] = ()


def join(parts: list[Fragment], separator: str) -> Fragment:
    return Fragment(separator.join(p.markdown for p in parts),
                    tuple(w for p in parts for w in p.words))


# Words of every script of the EU languages: one or more per language, with its diacritics.
WORDS = (
    "Sicherheit", "Größe", "Maßnahmen", "Kompromittierungsindikatoren",  # de
    "sécurité", "façon", "œuvre", "être",  # fr
    "seguridad", "niño", "información",  # es
    "sicurezza", "perché", "attività",  # it
    "segurança", "ação", "não",  # pt
    "beveiliging", "geïnformeerd",  # nl
    "bezpieczeństwo", "źródło", "łączność",  # pl
    "bezpečnost", "řízení", "účet",  # cs
    "bezpečnosť", "ľudský", "ôsmy",  # sk
    "biztonság", "kőszívű", "ügyfél",  # hu
    "securitate", "știință", "țară", "împreună",  # ro
    "drošība", "ķēde", "ļoti", "ņemot",  # lv
    "saugumas", "ėjimas", "įranga", "ūkis",  # lt
    "turvalisus", "õigus", "ühendus",  # et
    "tietoturva", "häiriö", "öljy",  # fi
    "säkerhet", "åtgärd", "öppen",  # sv
    "sikkerhed", "øvelse", "ændring",  # da
    "sigurnost", "čišćenje", "đak",  # hr
    "varnost", "šček", "žrtev",  # sl
    "sigurtà", "ħidma", "ġurnata", "żona",  # mt
    "slándáil", "éifeacht", "ósta",  # ga
    "ασφάλεια", "διαδικτύου", "ενημέρωση",  # el
    "сигурност", "киберзаплаха", "инцидент",  # bg
    "security", "incident", "requirement",  # en
)
SYMBOLS = ("✓", "→", "€", "§", "…", "«", "»", "„", "“", "‘", "’", "–", "—", "°", "±", "×")
OUTSIDE_FONTS = ("例", "🔒")
LONG_URL = "https://example.eu/a/very/long/path/segment-" + "x" * 60 + "/index.html"

word = st.sampled_from(WORDS)


@st.composite
def plain_words(draw: st.DrawFn, min_size: int = 1, max_size: int = 5) -> Fragment:
    words = draw(st.lists(word, min_size=min_size, max_size=max_size))
    extra = draw(st.sampled_from(("", "", "", *SYMBOLS)))
    outside = draw(st.sampled_from(("",) * 30 + OUTSIDE_FONTS))
    text = " ".join([*words, extra, outside]).strip()
    return Fragment(text, tuple(words))


@st.composite
def emphasis(draw: st.DrawFn) -> Fragment:
    """Emphasis or strong text right against punctuation and letters on either side."""
    w = draw(word)
    marker = draw(st.sampled_from(("*", "**", "_", "__", "***")))
    after = draw(st.sampled_from(("", ".cloud", "(x)", ":d", "-f", ",", ".", "[y]", "#z")))
    before = draw(st.sampled_from(("", " ", "(", "„")))
    return Fragment(f"{before}{marker}{w}{marker}{after}", (w,))


LINK_TARGETS = (
    "https://example.eu/page", "http://example.org/", LONG_URL, "../ncg-0002/",
    "id:NCG-0002", "id:NCG-0002@1.0", "id:NCG-0002#scope", "id:NCG-0999",
    "id:NCG-0002#no-such-section", "law:NIS2/23", "law:NIS2/23/4", "law:NIS2/21/2/d",
    "law:NIS2/21/99", "law:NIS2/21/2/z", "law:NIS2 Art. 21(2)(d)", "law:CIR-2024-2690/3",
)


@st.composite
def link(draw: st.DrawFn) -> Fragment:
    text = draw(plain_words(max_size=3))
    target = draw(st.sampled_from(LINK_TARGETS))
    if " " in target:
        target = f"<{target}>"
    return Fragment(f"[{text.markdown}]({target})", text.words)


@st.composite
def footnote_ref(draw: st.DrawFn) -> Fragment:
    """A reference `[^label]`; its definition is added by `body` (or, when the label is
    misspelt, left out)."""
    label = draw(st.sampled_from(("note", "inventory", "inventry", "1")))
    return Fragment(f"[^{label}]")


CODE_TEXT = ("[x](id:NCG-9999)", "{: #id .class }", "#set text(size: 8pt)", "$x^2$",
             "<label>", "@ref", "\\section{x}", "law:NIS2 Art. 21(2)(d)", "# not a heading",
             "a_b_c", "*not*emphasis")


@st.composite
def code_span(draw: st.DrawFn) -> Fragment:
    text = draw(st.sampled_from(CODE_TEXT))
    return Fragment(f"`{text}`")


inline = st.one_of(plain_words(), plain_words(), emphasis(), link(), footnote_ref(),
                   code_span())


@st.composite
def sentence(draw: st.DrawFn) -> Fragment:
    return join(draw(st.lists(inline, min_size=1, max_size=5)), " ")


@st.composite
def paragraph(draw: st.DrawFn) -> Fragment:
    text = draw(sentence())
    attributes = draw(st.sampled_from(("",) * 6 + ("\n{: #para-id .lead }", "\n{: .note }")))
    return Fragment(text.markdown + attributes, text.words)


@st.composite
def heading(draw: st.DrawFn) -> Fragment:
    level = draw(st.sampled_from((2, 2, 3, 4) * 5 + (1,)))
    text = draw(plain_words(max_size=3))
    attribute = draw(st.sampled_from(("", "", " {#own-id}", " {: #x .y }")))
    return Fragment("#" * level + " " + text.markdown + attribute, text.words)


@st.composite
def table(draw: st.DrawFn) -> Fragment:
    columns = draw(st.integers(1, 8))
    rows = draw(st.integers(1, 4))
    cells = [[draw(st.one_of(inline, plain_words())) for _ in range(columns)]
             for _ in range(rows + 1)]
    aligns = [draw(st.sampled_from(("---", ":---", ":---:", "---:"))) for _ in range(columns)]
    lines = ["| " + " | ".join(c.markdown for c in cells[0]) + " |",
             "| " + " | ".join(aligns) + " |",
             *("| " + " | ".join(c.markdown for c in row) + " |" for row in cells[1:])]
    return Fragment("\n".join(lines), tuple(w for row in cells for c in row for w in c.words))


@st.composite
def bullet_list(draw: st.DrawFn) -> Fragment:
    items = draw(st.lists(sentence(), min_size=1, max_size=4))
    numbered = draw(st.booleans())
    lines = [(f"{i}. " if numbered else "- ") + item.markdown
             for i, item in enumerate(items, start=1)]
    return Fragment("\n".join(lines), tuple(w for item in items for w in item.words))


def indented(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


@st.composite
def quote(draw: st.DrawFn) -> Fragment:
    inner = draw(st.one_of(paragraph(), bullet_list()))
    return Fragment("\n".join("> " + line for line in inner.markdown.splitlines()),
                    inner.words)


@st.composite
def admonition(draw: st.DrawFn) -> Fragment:
    kind = draw(st.sampled_from(("note", "tip", "warning")))
    opener = draw(st.sampled_from(("!!!", "???")))
    title = draw(st.one_of(st.none(), plain_words(max_size=2)))
    inner = draw(st.lists(st.one_of(paragraph(), bullet_list(), table()), min_size=1,
                          max_size=2))
    head = f"{opener} {kind}" + (f' "{title.markdown}"' if title else "")
    body = join(inner, "\n\n")
    return Fragment(head + "\n\n" + indented(body.markdown),
                    (title.words if title else ()) + body.words)


@st.composite
def fenced_code(draw: st.DrawFn) -> Fragment:
    lines = draw(st.lists(st.sampled_from(CODE_TEXT), min_size=1, max_size=4))
    language = draw(st.sampled_from(("", "text", "yaml", "markdown")))
    return Fragment("```" + language + "\n" + "\n".join(lines) + "\n```")


block = st.one_of(paragraph(), paragraph(), heading(), table(), bullet_list(), quote(),
                  admonition(), fenced_code())


@st.composite
def body(draw: st.DrawFn) -> Fragment:
    """A document body: a level-2 heading then blocks, then the definitions of the
    footnotes referenced (except misspelt `inventry`), sometimes one never referenced."""
    blocks = draw(st.lists(block, min_size=1, max_size=6))
    whole = join([Fragment("## Scope\n\nOpening text.", ("Opening",)), *blocks], "\n\n")
    labels = [label for label in ("note", "inventory", "1") if f"[^{label}]" in whole.markdown]
    if draw(st.integers(0, 9)) == 0:
        labels.append("unused")
    definitions = [Fragment(f"[^{label}]: {w} footnote.", (w,))
                   for label in labels for w in [draw(word)]]
    return join([whole, *definitions], "\n\n")
