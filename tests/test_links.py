"""id: and law: links in Markdown."""

from __future__ import annotations

from nisdocs.links import Link, find_links, rewrite_links

BODY = """Intro.

See [the guideline](id:NCG-0003) and [](id:NCG-0001@1.0#scope),
and [Article 21(2)(d)](law:NIS2/21/2/d).

[ref]: id:NCG-0005
"""


def test_find_links_with_their_lines() -> None:
    assert [(link.scheme, link.target, link.line) for link in find_links(BODY)] == [
        ("id", "NCG-0003", 3), ("id", "NCG-0001@1.0#scope", 3), ("law", "NIS2/21/2/d", 4),
        ("id", "NCG-0005", 6)]


def test_rewrite_fills_empty_labels() -> None:
    def resolve(link: Link) -> tuple[str, str | None]:
        return f"<{link.target}>", "Title"

    text = rewrite_links(BODY, resolve)
    assert "[the guideline](<NCG-0003>)" in text
    assert "[Title](<NCG-0001@1.0#scope>)" in text
    assert "[Article 21(2)(d)](<NIS2/21/2/d>)" in text
    assert "[ref]: <NCG-0005>" in text
