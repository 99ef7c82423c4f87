"""The contributor documentation on the site: the front-matter reference generated from
the JSON Schema, and the guides under docs/contributing/."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from urllib.parse import urlsplit

from conftest import LANGUAGES, PROJECT, Build, mkdocs_env, mkdocs_serve
from sitecheck import page

from nisdocs.schemadoc import KINDS, schema_reference
from nisdocs.validate import front_matter_schema
from nisdocs.vocabulary import ui_strings


def test_reference_rows_follow_the_schema() -> None:
    schema = front_matter_schema()
    for kind in KINDS:
        definition = schema["$defs"][kind]
        rows = schema_reference(kind)
        assert [row.name for row in rows] == list(definition["properties"])
        assert {row.name for row in rows if row.required} == set(definition["required"])
    rows = {row.name: row for row in schema_reference("document")}
    assert rows["status"].values == ("draft", "consultation", "published", "superseded",
                                     "withdrawn")
    assert rows["version"].allowed.startswith("MAJOR.MINOR in quotes")  # from the $ref
    assert rows["short_title"].allowed.endswith("at most 60 characters")
    assert rows["summary"].description


def test_a_field_added_to_the_schema_appears_in_the_reference() -> None:
    schema = copy.deepcopy(front_matter_schema())
    schema["$defs"]["translation"]["properties"]["translator"] = {
        "type": "string", "x-allowed": "a name", "description": "Who translated it."}
    schema["$defs"]["translation"]["required"].append("translator")
    row = schema_reference("translation", schema)[-1]
    assert (row.name, row.required, row.allowed, row.description) == (
        "translator", True, "a name", "Who translated it.")


def test_reference_page_in_every_language(built_site: Build) -> None:
    schema = front_matter_schema()
    for language in LANGUAGES:
        prefix = "" if language == "en" else f"{language}/"
        html = page(built_site.site, f"{prefix}contributing/front-matter/")
        ui = ui_strings(language)["front_matter"]
        assert html.find("h1").get_text(strip=True) == ui["title"]
        for kind in KINDS:
            table = html.find("table", attrs={"data-kind": kind})
            rows = table.find_all("tr", attrs={"data-field": True})
            assert [row["data-field"] for row in rows] == list(schema["$defs"][kind]["properties"])
            required = {row["data-field"] for row in rows
                        if row.find("td").get_text(strip=True) == ui["yes"]}
            assert required == set(schema["$defs"][kind]["required"])
        status = html.find("tr", id="document-status").get_text(" ", strip=True)
        assert ui_strings(language)["statuses"]["consultation"] in status
        topics = html.find("table", attrs={"data-vocabulary": "topics"})
        assert "incident-reporting" in topics.get_text()
        edit = html.find("a", attrs={"title": True, "href": lambda h: h and "edit" in h})
        assert edit["href"].endswith("nisdocs/schema/front-matter.schema.json")


PREVIEW = re.compile(r"https?://127\.0\.0\.1:8000(/[^\s>)`'\",]*)?")
GUIDES = ("README.md", "CONTRIBUTING.md", "docs/contributing/*.md")


def test_every_guide_names_the_address_the_preview_serves(tmp_path: Path) -> None:
    """The preview's address in the README, CONTRIBUTING.md and the guides is the one
    `mkdocs serve` prints: under the path of the site's URL, not the server's root."""
    with mkdocs_serve(PROJECT, mkdocs_env(tmp_path / "pdf-cache")) as served:
        path = urlsplit(served.url).path
    assert path.startswith("/") and path.endswith("/")
    named = {(file.relative_to(PROJECT).as_posix(), match[1] or "/")
             for pattern in GUIDES for file in PROJECT.glob(pattern)
             for match in PREVIEW.finditer(file.read_text("utf-8"))}
    assert named, "no guide names the preview's address"
    assert {(file, found) for file, found in named if found != path} == set()
