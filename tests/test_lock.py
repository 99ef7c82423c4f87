"""requirements.lock against pyproject.toml, offline: every dependency pyproject.toml names
is pinned within its range, for every Python it supports, and every file has its hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from conftest import PROJECT
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from test_project import lock_command, quick_start

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest needs tomli there
    import tomli as tomllib

LOCK = "requirements.lock"
# The Pythons the lock is for: pyproject's requires-python, up to the newest CI tests.
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


@dataclass(frozen=True)
class Pin:
    name: str  # normalized: pyyaml, types-pyyaml
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]


@cache
def pyproject() -> dict[str, Any]:
    with (PROJECT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def lock_text() -> str:
    return (PROJECT / LOCK).read_text("utf-8")


@cache
def pins() -> tuple[Pin, ...]:
    """The lock's requirements: `name==version ; marker`, then `--hash` options, joined
    across the lines a backslash continues."""
    joined = re.sub(r"\\\n", " ", lock_text())
    found = []
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        hashes = tuple(re.findall(r"--hash=(\S+)", line))
        requirement = Requirement(line.split("--hash=", 1)[0])
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line
        found.append(Pin(canonicalize_name(requirement.name), Version(specifier.version),
                         requirement.marker, hashes))
    return tuple(found)


def direct_dependencies() -> list[tuple[str, Requirement]]:
    """(where, requirement) for each dependency pyproject.toml names: the project's, the
    test extra's, the build backend's (and its copy in the `build` group)."""
    project = pyproject()["project"]
    named = [("dependencies", text) for text in project["dependencies"]]
    named += [("test", text) for text in project["optional-dependencies"]["test"]]
    named += [("build-system", text) for text in pyproject()["build-system"]["requires"]]
    named += [("build group", text) for text in pyproject()["dependency-groups"]["build"]]
    return [(where, Requirement(text)) for where, text in named]


def environment(python: str) -> dict[str, str]:
    """A marker environment: CPython `python` on x86-64 Linux."""
    return {"python_version": python, "python_full_version": f"{python}.0",
            "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
            "platform_machine": "x86_64", "platform_python_implementation": "CPython",
            "implementation_name": "cpython", "extra": ""}


def pins_for(python: str) -> dict[str, Pin]:
    """The pins pip installs on `python`: one per package, or two for the same package
    is an error."""
    chosen: dict[str, Pin] = {}
    for pin in pins():
        if pin.marker is None or pin.marker.evaluate(environment(python)):
            assert pin.name not in chosen, f"{pin.name} is pinned twice for Python {python}"
            chosen[pin.name] = pin
    return chosen


def test_every_pin_has_hashes() -> None:
    assert pins(), f"{LOCK} pins nothing"
    unhashed = [pin.name for pin in pins() if not pin.hashes]
    assert unhashed == []
    malformed = [digest for pin in pins() for digest in pin.hashes
                 if not re.fullmatch(r"sha256:[0-9a-f]{64}", digest)]
    assert malformed == []


def test_the_lock_holds_requirements_only() -> None:
    """No option pip would apply to the whole install (`--index-url`, `-e`, `--no-binary`):
    what pip installs is the pins, from the index it is configured with."""
    options = [line for line in lock_text().splitlines() if re.match(r"\s*-(?!-hash=)", line)]
    assert options == []


@pytest.mark.parametrize("python", PYTHONS)
def test_every_direct_dependency_is_pinned_within_its_range(python: str) -> None:
    pinned = pins_for(python)
    for where, requirement in direct_dependencies():
        if requirement.marker is not None and not requirement.marker.evaluate(
                environment(python)):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{where}: {requirement} is not in {LOCK} for Python {python}"
        version = pinned[name].version
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{where}: {requirement}, but {LOCK} pins {name}=={version} for Python {python}")


@pytest.mark.parametrize("python", PYTHONS)
def test_python_is_within_requires_python(python: str) -> None:
    assert SpecifierSet(pyproject()["project"]["requires-python"]).contains(python)


def test_the_build_group_is_the_build_backend() -> None:
    """`pip install --no-build-isolation .` builds with the locked setuptools, which the
    lock has because the `build` group repeats [build-system] requires."""
    assert pyproject()["dependency-groups"]["build"] == pyproject()["build-system"]["requires"]
    assert pyproject()["build-system"]["build-backend"] == "setuptools.build_meta"


def test_the_lock_says_the_readme_command_made_it() -> None:
    """uv writes the command it ran at the top of the lock: the README's, less the
    installation of uv and `--upgrade`, which only chooses what the pins prefer."""
    header = re.search(r"^#\s+(uv pip compile .+)$", lock_text(), re.MULTILINE)
    assert header, f"{LOCK} does not say how it was made"
    readme = lock_command().split(" && ", 1)[1].split()
    assert [word for word in readme if word != "--upgrade"] == header[1].split()
    python = readme[readme.index("--python-version") + 1]
    assert python == PYTHONS[0]
    assert f">={python}" in pyproject()["project"]["requires-python"]


def test_installs_use_the_lock() -> None:
    """The quick start installs the lock first, then the project without its dependencies
    and with the locked build backend."""
    for command in quick_start():
        assert command.startswith(f"pip install -r {LOCK} && "
                                  "pip install --no-deps --no-build-isolation . && ")
