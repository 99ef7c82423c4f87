"""The mkdocs adapter (nisdocs/mkdocs/): a plugin registered under `nisdocs`, whose
options are typed and whose mistakes are errors; render patches that fail closed outside
the versions they were tested on."""

from __future__ import annotations

import dataclasses
import importlib
import logging
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import tomllib
import yaml
from conftest import PROJECT, Build, mkdocs_env

from nisdocs import settings
from nisdocs.mkdocs import patches
from nisdocs.mkdocs.config import NisdocsConfig, PdfOptions
from nisdocs.mkdocs.plugin import NisdocsPlugin
from nisdocs.pdf import settings as pdf_settings

PATCHES = ("shared_render", "navigation_cache", "template_lookup", "static_i18n")


def test_the_plugin_is_registered_as_nisdocs() -> None:
    (entry,) = [entry for entry in entry_points(group="mkdocs.plugins")
                if entry.name == "nisdocs"]
    assert entry.load() is NisdocsPlugin


def test_the_typed_schema_declares_the_cores_options_with_its_defaults() -> None:
    """One meaning per option: mkdocs' schema (nisdocs/mkdocs/config.py) and the core's
    reader, which the nisdocs command uses (nisdocs/settings.py), agree."""
    config = NisdocsConfig()
    config.load_dict({})
    assert not config.validate()[0]
    core = settings.Options()
    assert [name for name, _ in NisdocsConfig._schema] == list(settings.OPTION_NAMES)
    for option in dataclasses.fields(settings.Options):
        if option.name != "pdf":
            assert config[option.name] == getattr(core, option.name), option.name
    assert dict(config["pdf"]) == pdf_settings.OPTIONS
    assert [name for name, _ in PdfOptions._schema] == list(pdf_settings.OPTIONS)


def site_files_only(tmp_path: Path) -> Path:
    """A copy of the project's site files with an empty library."""
    project = tmp_path / "project"
    for part in ("docs", "overrides", "mkdocs.yml"):
        source = PROJECT / part
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, project / part)
    (project / "guidelines").mkdir()
    return project


def test_options_left_in_extra_stop_the_build_and_the_command(
        tmp_path: Path) -> None:
    """Where the options were before nisdocs was a plugin: not silently ignored."""
    project = site_files_only(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "extra:\n", "extra:\n  nisdocs:\n    drafts: true\n", 1), "utf-8")
    message = "extra.nisdocs: nisdocs reads its options from the plugin now"
    for command in (["mkdocs", "build", "-q"], ["nisdocs.cli", "check", "--no-pdf"]):
        result = subprocess.run([sys.executable, "-m", *command], cwd=project,
                                capture_output=True, text=True,
                                env={**mkdocs_env(tmp_path / "cache"), "NISDOCS_PDF": "false"})
        assert result.returncode in (1, 2), result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("options", "message"), [
    ({"draft": True}, 'unknown option "draft"; allowed: sources, drafts, edit_url, pdf; '
                      'did you mean "drafts"?'),
    ({"pdf": {"enabeld": False}}, 'unknown option "enabeld"; allowed: enabled, serve, cache, '
                                  'workers, publisher; did you mean "enabled"?'),
    ({"drafts": "yes"}, 'found "yes"; expected true or false'),
    ({"pdf": {"workers": -1}}, "found the number -1; expected a whole number"),
    ({"sources": ""}, "expected the folder of the library's sources"),
    ({"edit_url": 3}, "found the number 3; expected the address"),
])
def test_a_wrong_option_stops_the_build_and_the_command(
        options: dict[str, Any], message: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """mkdocs alone would warn of an unknown option and go on without it."""
    project = site_files_only(tmp_path)
    text = (project / "mkdocs.yml").read_text("utf-8")
    start = text.index("  - nisdocs:\n")
    block = yaml.safe_dump([{"nisdocs": options}], allow_unicode=True)
    (project / "mkdocs.yml").write_text(
        text[:start] + "".join(f"  {line}\n" for line in block.splitlines()), "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                            capture_output=True, text=True,
                            env={**mkdocs_env(tmp_path / "cache"), "NISDOCS_PDF": "false"})
    assert result.returncode == 1, result.stderr
    assert message in result.stderr
    assert re.search(r"Plugin 'nisdocs' option '[a-z_.()]+': ", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
    check = subprocess.run([sys.executable, "-m", "nisdocs.cli", "check", "--no-pdf"],
                           cwd=project, capture_output=True, text=True,
                           env=mkdocs_env(tmp_path / "cache"))
    assert check.returncode == 2, check.stderr
    assert message in check.stderr and "Traceback" not in check.stderr


def test_each_patch_is_guarded_by_the_ranges_pyproject_allows() -> None:
    """A patch is tested on the versions CI installs: the lowest and newest that
    pyproject.toml allows, no more and no fewer."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))
    allowed = {}
    for requirement in project["project"]["dependencies"]:
        name, specifier = re.match(r"([A-Za-z0-9_.-]+)(.*)", requirement).groups()  # type: ignore[union-attr]
        allowed[name.lower().replace("_", "-")] = specifier
    for name in PATCHES:
        guard = importlib.import_module(f"nisdocs.mkdocs.patches.{name}").GUARD
        assert guard.tested, name
        for distribution, specifier in guard.tested.items():
            assert specifier == allowed[distribution], (name, distribution)
        assert guard.allows(), (name, guard.mismatches())


@pytest.fixture
def outside_tested_versions(monkeypatch: pytest.MonkeyPatch) -> list[logging.LogRecord]:
    """Every distribution at a version no patch was tested on; the warnings logged."""
    monkeypatch.setattr(patches, "installed_version", lambda name: "99.0")
    monkeypatch.setattr(patches, "_warned", set())
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    patches.log.addHandler(handler)
    yield records
    patches.log.removeHandler(handler)


def test_outside_the_tested_versions_no_patch_is_installed(
        outside_tested_versions: list[logging.LogRecord]) -> None:
    from jinja2 import Environment

    from nisdocs.mkdocs.patches import navigation_cache, shared_render, template_lookup

    env = Environment()
    jinja_getattr = env.getattr
    for _ in range(3):  # as in every language's build
        assert not template_lookup.install(env)
        assert navigation_cache.NavigationCache.if_tested() is None
        assert shared_render.SharedRender.if_tested() is None
    assert env.getattr == jinja_getattr
    # One warning per patch, naming the package, its version and the tested range.
    messages = [record.getMessage() for record in outside_tested_versions]
    assert len(messages) == 3, messages
    assert all(record.levelno == logging.WARNING for record in outside_tested_versions)
    assert any("jinja2 99.0 (tested: >=3.1,<3.2)" in message for message in messages)
    assert all("the build takes the renderer's own, slower path" in message
               for message in messages)


def test_patches_switched_off_install_nothing_and_say_nothing(
        monkeypatch: pytest.MonkeyPatch, outside_tested_versions: list[logging.LogRecord]
        ) -> None:
    monkeypatch.setenv(patches.SWITCH, "false")
    from nisdocs.mkdocs.patches import shared_render
    assert shared_render.SharedRender.if_tested() is None
    assert outside_tested_versions == []


def test_a_patch_left_out_does_not_fail_a_strict_build() -> None:
    """Its warning is outside mkdocs' loggers, which strict mode counts: the site is the
    same without the patch (tests/test_shared_render.py), only slower."""
    assert not patches.log.name.startswith("mkdocs")
    assert patches.log.propagate is False


def test_a_static_i18n_without_what_nisdocs_reads_is_a_clear_error(tmp_path: Path) -> None:
    """Not a patch, so nothing to fall back to: the build stops, saying why."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from nisdocs.mkdocs.i18n import Languages

    config = load_config(config_file=str(PROJECT / "mkdocs.yml"), site_dir=str(tmp_path))
    assert Languages(config).all == ("en", "fr", "de", "el", "bg")

    i18n_config = config.plugins["i18n"].config

    class Renamed:  # a later release that renamed `building`
        config = i18n_config
        current_language = default_language = "en"

    config.plugins["i18n"] = Renamed()  # type: ignore[assignment]
    with pytest.raises(PluginError, match=r"mkdocs-static-i18n 1\.3\.\d+\) has no building; "
                                          "nisdocs works with 1.3"):
        Languages(config)


def test_decision_records_stay_out_of_the_published_site(built_site: Build) -> None:
    """docs/decisions/ is for the project's developers (mkdocs.yml's exclude_docs)."""
    assert (PROJECT / "docs" / "decisions").is_dir()
    assert not [path for path in built_site.site.rglob("*") if "decisions" in path.parts]
