"""catalogue.json of the built sample site agrees with the site's files."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import LANGUAGES, Build
from sitecheck import page

from nisdocs.library import Library


@pytest.fixture(scope="module")
def catalogue(built_site: Build) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built_site.site / "catalogue.json").read_text("utf-8"))
    return data


def test_catalogue_lists_every_public_document(catalogue: dict[str, Any],
                                               sample_library: Library) -> None:
    assert catalogue["format"] == "nisdocs-catalogue"
    assert catalogue["languages"] == list(LANGUAGES)
    assert [d["id"] for d in catalogue["documents"]] == list(sample_library.documents)
    assert "NCG-0013" not in {d["id"] for d in catalogue["documents"]}  # the draft


def test_every_url_in_the_catalogue_exists(catalogue: dict[str, Any], built_site: Build) -> None:
    urls = []
    for document in catalogue["documents"]:
        urls += [document["url"], document["short_url"]]
        for version in document["versions"]:
            urls += [entry["url"] for entry in version["languages"].values()]
    assert len(urls) > 50
    for url in urls:
        assert not url.startswith("/")
        assert (built_site.site / url / "index.html").is_file(), url


def test_titles_and_states_agree_with_the_pages(catalogue: dict[str, Any],
                                                built_site: Build) -> None:
    for document in catalogue["documents"]:
        current = next(v for v in document["versions"] if v["current"])
        assert current["version"] == document["version"]
        for language, entry in current["languages"].items():
            html = page(built_site.site, entry["url"])
            assert html.h1 is not None
            assert html.h1.get_text(strip=True) == document["title"][language]
            notices = {n["data-nisdocs-notice"] for n in html.select("[data-nisdocs-notice]")}
            assert ("outdated" in notices) == (entry["state"] == "outdated"), entry["url"]
            pdf = built_site.site / entry["pdf"]["url"]
            assert pdf.stat().st_size == entry["pdf"]["size"]
            assert pdf.read_bytes().startswith(b"%PDF-")


def test_catalogue_records_versions_translations_and_references(
        catalogue: dict[str, Any]) -> None:
    documents = {d["id"]: d for d in catalogue["documents"]}
    ncg3 = documents["NCG-0003"]
    assert [v["version"] for v in ncg3["versions"]] == ["1.1", "1.0"]
    assert [v["current"] for v in ncg3["versions"]] == [True, False]
    bulgarian = ncg3["versions"][0]["languages"]["bg"]
    pdf = bulgarian.pop("pdf")
    assert bulgarian == {"url": "bg/library/ncg-0003/", "state": "outdated",
                         "source_version": "1.0", "format": "markdown"}
    assert pdf["url"] == "library/ncg-0003/1.1/ncg-0003-1.1-bg.pdf"
    assert pdf["original"] is False
    assert ncg3["versions"][0]["languages"]["en"]["state"] == "source"
    assert {"act": "NIS2", "article": 23, "paragraph": 4, "point": "a"} in ncg3["references"]
    assert documents["NCG-0002"]["superseded_by"] == ["NCG-0003"]
    assert documents["NCG-0002"]["status"] == "superseded"
