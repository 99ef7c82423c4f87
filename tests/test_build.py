"""Real builds of changed copies of the project: errors stop the build cleanly, drafts
show up in previews only."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import run_mkdocs_build
from sitecheck import page


def test_bad_sources_stop_the_build_with_every_problem_and_no_traceback(
        project_copy: Path, pdf_cache: Path) -> None:
    source = project_copy / "guidelines/ncg-0004/index.md"
    source.write_text(source.read_text("utf-8").replace("status: published", "status: final")
                      .replace("NIS2 Art. 12(2)", "NIS2 Art. 47"), "utf-8")
    translation = project_copy / "guidelines/ncg-0006/index.fr.md"
    translation.write_text(translation.read_text("utf-8").replace('source_version: "1.0"',
                                                                   'source_version: "3.0"'))
    site = project_copy / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    before = {p: p.read_bytes() for p in project_copy.rglob("*") if p.is_file()}

    build = run_mkdocs_build(project_copy, site, pdf_cache=pdf_cache)

    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert "3 problems in the library's sources" in build.output
    assert ('guidelines/ncg-0004/index.md:6: status: found "final"; allowed: draft, '
            "consultation, published, superseded, withdrawn") in build.output
    assert "NIS2 has no Article 47" in build.output
    assert 'guidelines/ncg-0006/index.fr.md:5: source_version: found "3.0"' in build.output
    # Nothing was written: the previous site and the sources are as they were.
    after = {p: p.read_bytes() for p in project_copy.rglob("*") if p.is_file()}
    assert after == before


def test_drafts_switch_shows_drafts_with_a_banner(project_copy: Path, pdf_cache: Path) -> None:
    site = project_copy / "site"
    build = run_mkdocs_build(project_copy, site, pdf_cache=pdf_cache,
                             env={**os.environ, "NISDOCS_DRAFTS": "true"})
    assert build.returncode == 0, build.output
    for url in ("library/ncg-0013/", "fr/library/ncg-0013/"):
        notices = page(site, url).select("[data-nisdocs-notice]")
        assert "draft" in {n["data-nisdocs-notice"] for n in notices}, url
    assert "NCG-0013" in (site / "catalogue.json").read_text("utf-8")


def test_untranslated_site_page_carries_a_fallback_notice(project_copy: Path,
                                                         pdf_cache: Path) -> None:
    (project_copy / "docs/about.bg.md").unlink()
    site = project_copy / "site"
    build = run_mkdocs_build(project_copy, site, pdf_cache=pdf_cache)
    assert build.returncode == 0, build.output
    about = page(site, "bg/about/")
    notice = about.select_one('[data-nisdocs-notice="fallback"]')
    assert notice is not None
    assert "не е наличен на български" in notice.get_text()
    assert about.select_one('div[lang="en"]') is not None
    assert page(site, "fr/about/").select_one("[data-nisdocs-notice]") is None
