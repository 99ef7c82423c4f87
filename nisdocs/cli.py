"""The `nisdocs` command. `nisdocs check` validates the library's sources."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import __version__
from .library import LibraryConfig, scan_library

EXAMPLES = """examples:
  nisdocs check                 validate guidelines/ as the build would
  nisdocs check --drafts        the same, as a preview build with drafts
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nisdocs", description="The NIS Cooperation Group's library: tools for editors.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"nisdocs {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="validate the library's sources", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("--config", default="mkdocs.yml", type=Path,
                       help="the site's mkdocs.yml (default: %(default)s)")
    check.add_argument("--drafts", action="store_true", help="check as a build with drafts")
    args = parser.parse_args(argv)
    if args.command != "check":
        parser.print_help()
        return 2
    return _check(args.config, args.drafts)


def _check(config_path: Path, drafts: bool) -> int:
    try:
        settings = _site_settings(config_path)
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"nisdocs: cannot read {config_path}: {error}", file=sys.stderr)
        return 2
    languages, sources = settings
    config = LibraryConfig(root=config_path.resolve().parent, languages=languages,
                           source_dir=sources, include_drafts=drafts)
    library, problems = scan_library(config)
    for problem in sorted(problems, key=str):
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {len(library.documents)} documents")
    return 0


class _IgnoreTagsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name` tags do not matter here."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_settings(config_path: Path) -> tuple[tuple[str, ...], str]:
    """The site's languages (default first) and the sources folder, from mkdocs.yml."""
    data = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader)
    languages: list[str] = []
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = plugin["i18n"].get("languages") or []
            default = [e["locale"] for e in entries if e.get("default")]
            others = [e["locale"] for e in entries if not e.get("default") and e.get("build", True)]
            languages = default + others
    if not languages:
        languages = [((data.get("theme") or {}).get("language")) or "en"]
    extra = ((data.get("extra") or {}).get("nisdocs")) or {}
    return tuple(languages), str(extra.get("sources", "guidelines"))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
