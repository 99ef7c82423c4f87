"""The project's promises to a newcomer: quick start, CI, code quality, schema."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import PROJECT
from jsonschema import Draft202012Validator

from nisdocs.cli import main


def quick_start() -> list[str]:
    readme = (PROJECT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


# The quick start's install: the locked dependencies (hashes checked), then nisdocs alone,
# built with the locked setuptools.
LOCKED_INSTALL = ("pip install -r requirements.lock && "
                  "pip install --no-deps --no-build-isolation .")


def test_readme_quick_start_has_two_commands() -> None:
    commands = quick_start()
    assert commands == [f"{LOCKED_INSTALL} && mkdocs build",
                        f"{LOCKED_INSTALL} && python -m pytest"]


def test_readme_says_how_long_the_suite_takes() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"takes about \d+ minutes on 2\s+cores", section), section


def ci_lines() -> list[str]:
    return [line.strip() for line in (PROJECT / ".ci/run").read_text("utf-8").splitlines()]


def test_ci_runs_the_readme_test_command() -> None:
    assert quick_start()[1] in ci_lines()


def lock_command() -> str:
    """The README's command that updates requirements.lock (its Dependencies section)."""
    readme = (PROJECT / "README.md").read_text("utf-8")
    section = readme.split("## Dependencies\n", 1)[1].split("\n## ", 1)[0]
    (command,) = re.findall(r"```bash\n(.+?)\n```", section)
    return str(command)


def uv_version() -> str:
    """The version of uv the README's lock command pins."""
    match = re.match(r"pip install uv==(\S+) && uv pip compile ", lock_command())
    assert match, lock_command()
    return match[1]


def test_ci_installs_each_set_of_dependencies() -> None:
    """locked: the README's test command; newest and lowest: resolved afresh by the uv the
    README pins, to the highest versions or the lowest of the direct dependencies."""
    script = ci_lines()
    assert "locked | newest | lowest) ;;" in script
    assert 'deps="${NISDOCS_DEPS:-locked}"' in script
    assert f"python -m pip install uv=={uv_version()}" in script
    assert {"resolution=highest", "resolution=lowest-direct"} <= set(script)
    assert '--upgrade --resolution "$resolution" ".[test]"' in script
    assert [line for line in script if line][-1] == "python -m pytest"


def test_ci_refuses_an_unknown_set_of_dependencies() -> None:
    result = subprocess.run([str(PROJECT / ".ci/run")], capture_output=True, text=True,
                            env={**os.environ, "NISDOCS_DEPS": "oldest", "CI": "false"})
    assert result.returncode == 2
    assert result.stderr == ('NISDOCS_DEPS: found "oldest"; allowed: locked, newest, '
                             "lowest\n")


def test_schema_is_a_valid_json_schema() -> None:
    schema = json.loads((PROJECT / "nisdocs/schema/front-matter.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)


def test_nisdocs_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--config", "/nonexistent/mkdocs.yml"]) == 2
    assert "cannot read" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--bogus"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["mypy"]])
def test_code_quality(tool: list[str]) -> None:
    if shutil.which(tool[0]) is None:
        pytest.fail(f"{tool[0]} is not installed: pip install '.[test]'")
    result = subprocess.run([sys.executable, "-m", *tool], cwd=PROJECT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
