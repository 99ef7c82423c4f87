"""The project's promises to a newcomer: quick start, CI, code quality, schema."""

from __future__ import annotations

import json
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


def test_readme_quick_start_has_two_commands() -> None:
    commands = quick_start()
    assert commands == ["pip install . && mkdocs build",
                        'pip install ".[test]" && python -m pytest']


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT / ".ci/run").read_text("utf-8").splitlines()
    assert quick_start()[1] in ci


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
