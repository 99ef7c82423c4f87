"""A generator of synthetic libraries shaped like the real sources, for benchmarks.

`write_library(folder, documents=N, versions=V, languages=[...], translated=0.5)` writes
`folder/guidelines/` (plus `topics.yml`) with N documents of V versions each: front
matter like the sample's, bodies with headings, paragraphs, lists, a table, footnotes,
an admonition, legal references and id links, and translations into a share of the other
languages. The text is filler made from a fixed word list and a seeded generator: the
same arguments give the same library.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

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
        for version in range(1, versions + 1):
            is_current = version == versions
            target = folder_of if is_current else folder_of / f"{version}.0"
            target.mkdir(parents=True, exist_ok=True)
            date = f"{2018 + version}-0{1 + number % 9}-1{number % 9}"
            body = _body(rng, number, documents, paragraphs)
            (target / "index.md").write_text(
                _front_matter(doc_id, f"{version}.0", date, rng) + body, encoding="utf-8")
            for language in languages[1:]:
                if rng.random() < translated:
                    (target / f"index.{language}.md").write_text(
                        _translation(doc_id, f"{version}.0", language) + body,
                        encoding="utf-8")
    return sources


def _front_matter(doc_id: str, version: str, date: str, rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    reference = rng.choice(REFERENCES)
    subject = topic.replace("-", " ")
    return (f"---\nid: {doc_id}\ntitle: Synthetic guideline {doc_id} on {subject}\n"
            f"type: guideline\nstatus: published\nversion: \"{version}\"\ndate: {date}\n"
            f"topics: [{topic}]\nreferences: [{reference}]\n"
            f"summary: A synthetic document for benchmarks, version {version}.\n---\n\n")


def _translation(doc_id: str, version: str, language: str) -> str:
    return (f"---\nid: {doc_id}\ntitle: Synthetic guideline {doc_id} ({language})\n"
            f"source_version: \"{version}\"\nsummary: A synthetic translation ({language}).\n"
            "---\n\n")


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 20)) for _ in range(rng.randint(3, 5)))


def _body(rng: random.Random, number: int, documents: int, paragraphs: int) -> str:
    other = f"NCG-{(number % documents) + 1:04d}"
    parts = ['!!! info "Synthetic text"\n    Generated for benchmarks; it means nothing.\n']
    for section in range(1, paragraphs // 2 + 1):
        parts.append(f"## Section {section}\n")
        parts.append(_paragraph(rng) + f"[^{section}]\n")
        parts.append(_paragraph(rng) + f" See [the related guideline](id:{other}) and "
                     "[Article 21](law:NIS2/21/2/d).\n")
        if section == 2:
            parts.append("".join(f"- {_sentence(rng, 8)}\n" for _ in range(4)))
        if section == 3:
            rows = "".join(f"| {rng.choice(WORDS)} | {_sentence(rng, 6)} | {n} |\n"
                           for n in range(1, 7))
            parts.append(f"| Item | Description | Step |\n|---|---|---|\n{rows}")
    parts.extend(f"[^{section}]: {_sentence(rng, 10)}\n"
                 for section in range(1, paragraphs // 2 + 1))
    return "\n".join(parts)
