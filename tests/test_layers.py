"""The renderer boundary: the core of nisdocs imports nothing of mkdocs, material,
mkdocs-static-i18n or Jinja; only the adapter package, nisdocs/mkdocs/, does. Modules
that only need a PDF's URL and size import nothing of the PDF toolchain.

Each check imports the modules in a fresh Python in which the forbidden packages
cannot be imported at all, so an import hidden in a function called at import time, or
one that comes through another module, fails as surely as a direct one.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import nisdocs

PACKAGE = Path(nisdocs.__file__).parent
ADAPTER = "nisdocs.mkdocs"
RENDERER = ("mkdocs", "material", "mkdocs_static_i18n", "jinja2", "markupsafe")
TOOLCHAIN = ("pypandoc", "typst", "pikepdf")
# Modules that show PDFs (their URL, size, language) or read their settings, without
# making any.
PDF_READERS = ("nisdocs.views", "nisdocs.catalogue", "nisdocs.dcat", "nisdocs.sitemaps",
               "nisdocs.feeds", "nisdocs.pdf.files", "nisdocs.settings", "nisdocs.pdf.settings")


def modules() -> list[str]:
    """Every module of the package, the adapter's included."""
    found = ["nisdocs"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="nisdocs."):
        found.append(info.name)
    return sorted(found)


CORE = [name for name in modules() if name != ADAPTER and not name.startswith(ADAPTER + ".")]

_IMPORT_WITHOUT = """
import importlib, sys
blocked = set(sys.argv[1].split(","))

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ImportError(f"{name} may not be imported here")
        return None

sys.meta_path.insert(0, Refuse())
failed = []
for module in sys.argv[2:]:
    try:
        importlib.import_module(module)
    except ImportError as error:
        failed.append(f"{module}: {error}")
print("\\n".join(failed))
"""


def import_without(blocked: tuple[str, ...], names: list[str]) -> list[str]:
    """The modules among `names` that cannot be imported without `blocked`."""
    result = subprocess.run([sys.executable, "-c", _IMPORT_WITHOUT, ",".join(blocked), *names],
                            capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if line]


def test_the_check_sees_every_module_and_refuses_what_it_blocks() -> None:
    # Every Python file is a module of a package (a folder without __init__.py would not
    # be installed, nor checked here).
    files = {".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
        ".__init__") for path in PACKAGE.rglob("*.py")}
    assert files == set(modules())
    assert {"nisdocs.model", "nisdocs.cli", "nisdocs.pdf.build", "nisdocs.views"} <= set(CORE)
    assert "nisdocs.mkdocs.plugin" in modules() and "nisdocs.mkdocs.plugin" not in CORE
    # Planted: the adapter needs mkdocs, and the PDF builder needs pandoc.
    assert import_without(RENDERER, ["nisdocs.mkdocs.plugin"])
    assert import_without(TOOLCHAIN, ["nisdocs.pdf.build"])


def test_the_core_imports_nothing_of_the_renderer() -> None:
    assert import_without(RENDERER, CORE) == []


@pytest.mark.parametrize("module", PDF_READERS)
def test_pages_and_catalogues_import_nothing_of_the_pdf_toolchain(module: str) -> None:
    assert import_without(TOOLCHAIN, [module]) == []


# The floors of the package, lowest first (README.md, "The package"): a module imports
# from its own floor and those under it, never from one above.
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("nisdocs", "problems", "options", "frontmatter", "registry", "vocabulary",
                 "scanner", "slugs", "dates", "escaping", "csp", "assets", "svg", "files",
                 "site_output", "precompress", "born_pdf", "typography")),
    # citation.py needs only the URL scheme: the PDFs' notice page cites as the site does.
    ("texts", ("model", "urls", "validate", "links", "rendering", "translation_marks",
               "citation")),
    ("library", ("library", "library_cache", "library_rules", "library_pdf", "publishing",
                 "content", "text_rules", "standing", "review")),
    ("PDFs", ("pdf",)),
    ("outputs", ("views", "catalogue", "feeds", "dcat", "sitemaps",
                 "translations", "diff", "not_found", "switcher", "schemadoc", "search")),
    ("command", ("cli", "cli_parser", "checking", "changes", "reports", "scaffold",
                 "importing", "serve_command", "settings")),
    ("adapter", ("mkdocs",)),
)


def floor_of(module: str) -> int:
    """The floor of `nisdocs.x.y` by its first part after `nisdocs.`."""
    first = module.split(".")[1] if "." in module else "nisdocs"
    for index, (_, names) in enumerate(FLOORS):
        if first in names:
            return index
    raise AssertionError(f"{module} is on no floor: add it to FLOORS and README.md")


def nisdocs_imports(module: str) -> set[str]:
    """The nisdocs modules `module` imports, relative imports resolved."""
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] == "nisdocs":
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names
                         if alias.name.split(".")[0] == "nisdocs")
    return found


def test_each_floor_imports_only_from_itself_and_below() -> None:
    upward = [f"{module} ({FLOORS[floor_of(module)][0]}) imports {target} "
              f"({FLOORS[floor_of(target)][0]})"
              for module in modules() for target in nisdocs_imports(module)
              if floor_of(target) > floor_of(module)]
    assert upward == []
