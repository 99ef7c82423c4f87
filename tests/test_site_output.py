"""The staging folder a build writes into, swapped in only when complete (no mkdocs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nisdocs.site_output import (
    PREVIOUS_MARK,
    STAGING_MARK,
    CannotStage,
    stage,
    sweep,
)


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def siblings(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.parent.iterdir() if path != folder)


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "library").mkdir(parents=True)
    (site / "index.html").write_text("old home")
    (site / "library/gone.html").write_text("only in the old site")
    return site


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)
    return int(process.stdout)


def test_staging_is_a_hidden_empty_sibling_and_the_target_is_untouched(
        old_site: Path) -> None:
    before = tree(old_site)
    staged = stage(old_site)
    assert staged.staging == old_site.parent / f".site{STAGING_MARK}{os.getpid()}"
    assert staged.staging.is_dir() and not any(staged.staging.iterdir())
    assert staged.target == old_site
    assert tree(old_site) == before


def test_commit_replaces_the_whole_site_and_leaves_nothing_beside_it(old_site: Path) -> None:
    staged = stage(old_site)
    (staged.staging / "index.html").write_text("new home")
    staged.commit()
    assert tree(old_site) == {"index.html": b"new home"}
    assert siblings(old_site) == []


def test_discard_leaves_the_old_site_exactly_as_it_was(old_site: Path) -> None:
    before = tree(old_site)
    staged = stage(old_site)
    (staged.staging / "index.html").write_text("half-written")
    staged.discard()
    staged.discard()  # twice is harmless
    assert tree(old_site) == before
    assert siblings(old_site) == []


def test_first_build_into_a_missing_folder_anywhere(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deep" / "site"
    staged = stage(target)
    (staged.staging / "index.html").write_text("new")
    staged.commit()
    assert tree(target) == {"index.html": b"new"}
    assert siblings(target) == []


def test_a_link_to_the_site_keeps_leading_to_the_new_site(old_site: Path,
                                                           tmp_path: Path) -> None:
    link = tmp_path / "published"
    link.symlink_to(old_site)
    staged = stage(link)
    assert staged.target == old_site and staged.staging.parent == old_site.parent
    (staged.staging / "index.html").write_text("new")
    staged.commit()
    assert link.is_symlink()
    assert tree(link) == {"index.html": b"new"}


def test_a_failed_swap_puts_the_old_site_back(old_site: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(old_site)
    staged = stage(old_site)
    real_rename = os.rename

    def rename(source: str | Path, target: str | Path) -> None:
        if Path(source) == staged.staging:
            raise OSError("disk on fire")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="disk on fire"):
        staged.commit()
    monkeypatch.undo()
    assert tree(old_site) == before
    staged.discard()
    assert siblings(old_site) == []


def test_leftovers_of_dead_builds_are_removed(old_site: Path) -> None:
    before = tree(old_site)
    pid = dead_pid()
    leftover = old_site.parent / f".site{STAGING_MARK}{pid}"
    (leftover / "library").mkdir(parents=True)
    (leftover / "library/half.html").write_text("half")
    aside = old_site.parent / f".site{PREVIOUS_MARK}{pid}"
    aside.mkdir()  # killed after the swap, while removing the old site
    (aside / "index.html").write_text("older")
    staged = stage(old_site)
    assert siblings(old_site) == [staged.staging.name]
    assert tree(old_site) == before


def test_a_build_killed_between_the_two_renames_gets_the_old_site_back(
        old_site: Path) -> None:
    before = tree(old_site)
    pid = dead_pid()
    staging = old_site.parent / f".site{STAGING_MARK}{pid}"
    staging.mkdir()
    (staging / "index.html").write_text("new, never swapped in")
    old_site.rename(old_site.parent / f".site{PREVIOUS_MARK}{pid}")
    handled = sweep(old_site)
    assert len(handled) == 2
    assert tree(old_site) == before
    assert siblings(old_site) == []


def test_leftovers_of_running_builds_and_of_other_sites_stay(old_site: Path) -> None:
    parent = old_site.parent
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        others = [parent / f".site{STAGING_MARK}{running.pid}",  # another build, running
                  parent / f".site2{STAGING_MARK}{dead_pid()}",  # another target's
                  parent / f".site{STAGING_MARK}notapid"]
        for other in others:
            other.mkdir()
        stage(old_site).discard()
        assert siblings(old_site) == sorted(other.name for other in others)
    finally:
        running.kill()
        running.wait()


def test_a_mount_point_cannot_be_staged() -> None:
    with pytest.raises(CannotStage, match="mount point"):
        stage("/")
