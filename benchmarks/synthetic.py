"""A generator of synthetic libraries and projects shaped like the real ones, for benchmarks.

`write_library(folder, documents=N, versions=V, languages=[...], translated=0.5)` writes
`folder/guidelines/` (plus `topics.yml`) with N documents of V versions each: front
matter like the sample's, bodies with headings, paragraphs, lists, a table, footnotes,
an admonition, legal references and id links, and translations into a share of the other
languages. Each version revises the one before (a few paragraphs rewritten, a section
added), as real versions do. The text is filler made from a fixed word list and a seeded
generator: the same arguments give the same library.

`write_nisdocs_project(folder, languages)` puts the project's site files (docs/,
overrides/ and its mkdocs.yml, set to those languages) next to such a library.
`write_plain_project(folder, sources, languages)` places the same pages directly in a
docs folder of a plain mkdocs + material + static-i18n project with no nisdocs code:
the baseline the nisdocs build is measured against.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from types import FunctionType
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from nisdocs.vocabulary import eu_languages

PROJECT = Path(__file__).resolve().parents[1]

_WORD_LIST = (
    "entity authority incident report network system security risk measure supplier "
    "service member state cooperation guidance threshold notification assessment "
    "vulnerability disclosure register evidence audit control recovery continuity "
    "exercise training access asset encryption policy review deadline impact sector "
    "operator provider response coordination capacity peer plan procedure record"
)
WORDS = _WORD_LIST.split()
TOPICS = ("incident-reporting", "risk-management", "supply-chain", "vulnerability-management")
REFERENCES = ("NIS2 Art. 21(2)(d)", "NIS2 Art. 23(4)", "NIS2 Art. 12(1)", "NIS2 Art. 14(4)")
# The EU's 24 official languages, English (the sources' language) first.
EU_LANGUAGES = ("en", "fr", "de", "el", "bg", "es", "cs", "da", "et", "ga", "hr", "it",
                "lv", "lt", "hu", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "fi", "sv")


# -- the library ----------------------------------------------------------------------


def write_library(folder: Path, *, documents: int, versions: int = 1,
                  languages: Sequence[str] = ("en",), translated: float = 0.5,
                  paragraphs: int = 8, seed: int = 1) -> Path:
    """Write the library under `folder/guidelines`; return that folder."""
    rng = random.Random(seed)
    sources = folder / "guidelines"
    sources.mkdir(parents=True, exist_ok=True)
    topics = []
    for key in TOPICS:
        label = key.replace("-", " ").title()
        labels = ", ".join(f"{language}: {label}" for language in languages)
        topics.append(f"{key}: {{{labels}}}\n")
    (sources / "topics.yml").write_text("".join(topics), encoding="utf-8")
    for number in range(1, documents + 1):
        doc_id = f"NCG-{number:04d}"
        folder_of = sources / doc_id.lower()
        blocks = _blocks(rng, number, documents, paragraphs)
        topic, reference = rng.choice(TOPICS), rng.choice(REFERENCES)
        for version in range(1, versions + 1):
            if version > 1:
                blocks = _revise(rng, blocks, number, documents)
            is_current = version == versions
            target = folder_of if is_current else folder_of / f"{version}.0"
            target.mkdir(parents=True, exist_ok=True)
            date = f"{2018 + version}-0{1 + number % 9}-1{number % 9}"
            body = _body(blocks)
            (target / "index.md").write_text(
                _front_matter(doc_id, f"{version}.0", date, topic, reference) + body,
                encoding="utf-8")
            for language in languages[1:]:
                if rng.random() < translated:
                    (target / f"index.{language}.md").write_text(
                        _translation(doc_id, f"{version}.0", language)
                        + _translated(body, language),
                        encoding="utf-8")
    return sources


def edit_document(sources: Path, doc_id: str) -> Path:
    """What an editor does between two builds: a sentence added to the current text of
    one document, version unchanged. Returns the edited file."""
    path = sources / doc_id.lower() / "index.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n## Section 1\n",
                                 "\n## Section 1\n\nAn edited sentence, for the benchmark.\n", 1),
                    encoding="utf-8")
    return path


def _front_matter(doc_id: str, version: str, date: str, topic: str, reference: str) -> str:
    subject = topic.replace("-", " ")
    return (f"---\nid: {doc_id}\ntitle: Synthetic guideline {doc_id} on {subject}\n"
            f"type: guideline\nstatus: published\nversion: \"{version}\"\ndate: {date}\n"
            f"topics: [{topic}]\nreferences: [{reference}]\n"
            f"summary: A synthetic document for benchmarks, version {version}.\n---\n\n")


def _translated(body: str, language: str) -> str:
    """The body "translated": each sentence marked with the language, so that no
    paragraph is the source's (check refuses a copied body as an untranslated scaffold),
    with the same structure."""
    return body.replace(". ", f". ({language}) ")


def _translation(doc_id: str, version: str, language: str) -> str:
    return (f"---\nid: {doc_id}\ntitle: Synthetic guideline {doc_id} ({language})\n"
            f"source_version: \"{version}\"\nsummary: A synthetic translation ({language}).\n"
            "---\n\n")


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 20)) for _ in range(rng.randint(3, 5)))


def _section(rng: random.Random, section: int, number: int, documents: int) -> list[str]:
    """The blocks of one numbered section: heading, paragraphs (one with a footnote, one
    with an id link and a law link), a list in section 2, a table in section 3."""
    other = f"NCG-{(number % documents) + 1:04d}"
    blocks = [f"## Section {section}\n",
              _paragraph(rng) + f"[^{section}]\n",
              _paragraph(rng) + f" See [the related guideline](id:{other}) and "
              "[Article 21](law:NIS2/21/2/d).\n"]
    if section == 2:
        blocks.append("".join(f"- {_sentence(rng, 8)}\n" for _ in range(4)))
    if section == 3:
        rows = "".join(f"| {rng.choice(WORDS)} | {_sentence(rng, 6)} | {n} |\n"
                       for n in range(1, 7))
        blocks.append(f"| Item | Description | Step |\n|---|---|---|\n{rows}")
    blocks.append(f"[^{section}]: {_sentence(rng, 10)}\n")
    return blocks


def _blocks(rng: random.Random, number: int, documents: int, paragraphs: int) -> list[str]:
    blocks = ['!!! info "Synthetic text"\n    Generated for benchmarks; it means nothing.\n']
    for section in range(1, paragraphs // 2 + 1):
        blocks += _section(rng, section, number, documents)
    return blocks


def _revise(rng: random.Random, blocks: list[str], number: int, documents: int) -> list[str]:
    """The next version: two paragraphs rewritten (their footnote marks kept), one more
    section at the end."""
    revised = list(blocks)
    marked = [(i, match.group(0)) for i, block in enumerate(revised)
              if (match := re.search(r"\[\^\d+\]\n$", block)) and block[0].isupper()]
    for index, mark in rng.sample(marked, min(2, len(marked))):
        revised[index] = _paragraph(rng) + mark
    sections = sum(1 for block in revised if block.startswith("## Section "))
    return revised + _section(rng, sections + 1, number, documents)


def _body(blocks: Sequence[str]) -> str:
    """Footnote definitions last, as editors write them."""
    notes = [block for block in blocks if block.startswith("[^")]
    text = [block for block in blocks if not block.startswith("[^")]
    return "\n".join(text + notes)


# -- projects ---------------------------------------------------------------------------


def site_config(languages: Sequence[str]) -> dict[str, Any]:
    """The project's mkdocs.yml, read as mkdocs reads it, with the i18n plugin set to
    `languages` (the sample's settings kept for languages it has)."""
    with open(PROJECT / "mkdocs.yml", encoding="utf-8") as file:
        config: dict[str, Any] = yaml_load(file)
    i18n = _plugin(config, "i18n")
    known = {entry["locale"]: entry for entry in i18n["languages"]}
    names = eu_languages()
    i18n["languages"] = [
        known.get(code) or {"locale": code, "name": names[code].native, "build": True}
        for code in languages]
    i18n["languages"][0]["default"] = True
    return config


def write_nisdocs_project(folder: Path, languages: Sequence[str]) -> Path:
    """The project's site files in `folder`, set to `languages`; the library goes in
    `folder/guidelines` (write_library)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "overrides"):
        shutil.copytree(PROJECT / name, folder / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    _write_config(folder, site_config(languages))
    return folder


def write_plain_project(folder: Path, sources: Path, languages: Sequence[str]) -> Path:
    """A plain mkdocs + material + static-i18n project with the same pages: the site's
    own pages and every text of the library at the URL nisdocs gives it, with the same
    theme settings, Markdown extensions, search and languages, and no nisdocs code."""
    docs = folder / "docs"
    shutil.copytree(PROJECT / "docs", docs, dirs_exist_ok=True)
    for home in docs.glob("index*.md"):  # nisdocs' home template is nisdocs code
        home.write_text(re.sub(r"^template: .*\n", "", home.read_text("utf-8"), flags=re.M),
                        encoding="utf-8")
    library = docs / "library"
    entries = []
    for source in sorted(sources.rglob("index*.md")):
        target = library / source.relative_to(sources)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        if source.name == "index.md" and source.parent.parent == sources:
            doc_id = source.parent.name
            entries.append(f"- [{doc_id.upper()}]({doc_id}/index.md)\n")
    (library / "index.md").write_text("# Library\n\n" + "".join(entries), encoding="utf-8")
    config = site_config(languages)
    for key in ("extra", "watch", "validation"):
        config.pop(key, None)
    # A plain site searches as mkdocs does, with material's lunr search plugin; nisdocs
    # has none (it indexes the built site with Pagefind). No nisdocs plugin, of course.
    config["plugins"] = [{"search": {}}, *[plugin for plugin in config["plugins"]
                                           if "nisdocs" not in plugin]]
    config["theme"].pop("custom_dir", None)
    # Heading ids by Python-Markdown's own slugify: nisdocs' (nisdocs/slugs.py) is
    # nisdocs code.
    for extension in config["markdown_extensions"]:
        if isinstance(extension, dict) and "toc" in extension:
            extension["toc"].pop("slugify", None)
    # material has no strings for some EU languages (Irish, Maltese): the plain site
    # needs them as much as nisdocs', so they are its only theme files.
    missing = [language for language in languages
               if (PROJECT / "overrides/partials/languages" / f"{language}.html").is_file()]
    if missing:
        theme = folder / "theme/partials/languages"
        theme.mkdir(parents=True)
        for language in missing:
            shutil.copyfile(PROJECT / "overrides/partials/languages" / f"{language}.html",
                            theme / f"{language}.html")
        config["theme"]["custom_dir"] = "theme"
    config["strict"] = False  # the site's pages link pages only nisdocs generates
    config["nav"] = [{"Home": "index.md"}, {"Library": "library/index.md"},
                     {"About": "about.md"}]
    config["not_in_nav"] = "/library/*/**\n/accessibility*.md\n/legal-notice*.md\n" \
                           "/contributing/**\n"
    _write_config(folder, config)
    return folder


def _plugin(config: dict[str, Any], name: str) -> dict[str, Any]:
    for entry in config["plugins"]:
        if isinstance(entry, dict) and name in entry:
            settings: dict[str, Any] = entry[name]
            return settings
    raise KeyError(f"mkdocs.yml has no {name} plugin")


class _ConfigDumper(yaml.SafeDumper):
    """mkdocs.yml's YAML: a function named with `!!python/name:` (the toc's slugify) is
    written back as that tag."""


_ConfigDumper.add_representer(
    FunctionType, lambda dumper, function: dumper.represent_scalar(
        f"tag:yaml.org,2002:python/name:{function.__module__}.{function.__qualname__}", ""))


def _write_config(folder: Path, config: dict[str, Any]) -> None:
    text = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
