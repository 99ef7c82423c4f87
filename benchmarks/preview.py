"""Edit-to-served latency of the preview (issue 22): how long after an editor saves a
guideline the running `mkdocs serve` serves the page with the change.

For the sample library and a synthetic library (N documents x 2 versions in L languages,
benchmarks/synthetic.py), `mkdocs serve` runs on a copy of the project without PDFs; the
time until it first serves is the full build. Then a document's source is edited
`--edits` times (each with a new word), and the page that shows it is polled every 20
ms until it carries the word: the time from the save to that response is
the latency, which includes the server noticing the save. Edits alternate between a
paragraph (shown on the document's page) and the title (shown on the library's list
too, which is then made again in every language). The full build's time is
reported beside it. Targets: at most 1 s on the sample, 2 s at N = 100, L = 24.

    python benchmarks/preview.py                       # writes results/preview.md
    python benchmarks/preview.py --sizes 20:5 --output -   # a quick look
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from synthetic import EU_LANGUAGES, PROJECT, write_library, write_nisdocs_project

TARGETS = {"sample": 1.0, "100:24": 2.0}  # seconds, edit to served


@dataclass
class Result:
    name: str
    documents: int
    languages: int
    full_build: float  # seconds until the preview first serves
    latencies: dict[str, list[float]]  # by kind of edit: body, title
    rendered: list[str]  # what the preview logged for each edit

    @property
    def all(self) -> list[float]:
        return [latency for kind in self.latencies.values() for latency in kind]

    def median(self, kind: str) -> float:
        return statistics.median(self.latencies[kind])


def sample_project(scratch: Path) -> Path:
    target = scratch / "sample"
    for part in ("docs", "guidelines", "overrides", "mkdocs.yml"):
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def synthetic_project(scratch: Path, documents: int, languages: int) -> Path:
    target = scratch / f"n{documents}-l{languages}"
    chosen = EU_LANGUAGES[:languages]
    write_library(target, documents=documents, versions=2, languages=chosen)
    write_nisdocs_project(target, chosen)
    return target


def measure(name: str, project: Path, document: str, edits: int) -> Result:
    """Serve `project`, edit `document` (e.g. ncg-0003) `edits` times, time each."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, NISDOCS_PDF="false", NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line)
            if "Serving on" in line:
                break
        full_build = time.perf_counter() - started
        found = re.search(r"Serving on (\S+)", "".join(log))
        if not found:
            raise SystemExit("".join(log))
        threading.Thread(target=lambda: log.extend(process.stdout or ()), daemon=True).start()
        source = project / "guidelines" / document / "index.md"
        original = current = source.read_text(encoding="utf-8")
        latencies: dict[str, list[float]] = {"body": [], "title": []}
        for edit in range(edits):
            time.sleep(1.0)  # the server idle, as between an editor's saves
            word = f"previewmark{edit}x{int(time.time())}"
            # A paragraph, shown on the document's page; or the title, shown on the
            # library's list too.
            kind = "body" if edit % 2 == 0 else "title"
            # Each edit builds on the last: a paragraph edit leaves the title alone.
            if kind == "body":
                current = f"{current.rstrip()}\n\nAn edit with {word}.\n"
                url = f"{found[1]}library/{document}/"
            else:
                current = re.sub(r"(?m)^title: (previewmark\S+ )?", f"title: {word} ", current,
                                 count=1)
                url = f"{found[1]}library/"
            source.write_text(current, encoding="utf-8")
            saved = time.perf_counter()
            while word.encode() not in _get(url):
                if time.perf_counter() - saved > 600:
                    raise SystemExit(f"{name}: the edit never showed\n{''.join(log[-30:])}")
                time.sleep(0.02)
            latencies[kind].append(time.perf_counter() - saved)
        source.write_text(original, encoding="utf-8")
        rendered = [line.split("nisdocs: ", 1)[1].strip() for line in log
                    if "rendered again" in line]
        documents = len([p for p in (project / "guidelines").iterdir() if p.is_dir()])
        languages = len(re.findall(r"(?m)^\s+- locale:", (project / "mkdocs.yml").read_text()))
        return Result(name, documents, languages or 1, full_build, latencies, rendered)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data: bytes = response.read()
            return data
    except OSError:
        return b""


def report(results: Sequence[Result], edits: int) -> str:
    lines = [
        "# Preview: edit to served",
        "",
        f"`python benchmarks/preview.py` on {_machine()}, commit {_commit()}, "
        f"{time.strftime('%Y-%m-%d')}. `mkdocs serve` without PDFs; {edits} edits per "
        "library, alternately a paragraph added to a document's source and its title "
        "changed, each timed from the save to the first response that shows it (the "
        "document's page, the library's list), polled every 20 ms.",
        "",
        "| library | documents | languages | full build (s) | paragraph edit, document "
        "page: median (s) | title edit, library page: median (s) | max of all (s) "
        "| target (s) | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        target = TARGETS.get(result.name)
        worst = max(result.all)
        met = "" if target is None else ("yes" if worst <= target else "no")
        lines.append(
            f"| {result.name} | {result.documents} | {result.languages} | "
            f"{result.full_build:.1f} | {result.median('body'):.2f} | "
            f"{result.median('title'):.2f} | {worst:.2f} | "
            f"{'' if target is None else target} | {met} |")
    lines += ["", "What the preview logged for each edit:", ""]
    for result in results:
        lines += [f"- {result.name}: " + "; ".join(result.rendered or ["(full rebuilds)"])]
    return "\n".join(lines) + "\n"


def _machine() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"


def _commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT,
                            capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100:24",
                        help="synthetic libraries as N:L, comma-separated (default 100:24)")
    parser.add_argument("--edits", type=int, default=6,
                        help="edits per library, alternately a paragraph and the title "
                             "(default: %(default)s)")
    parser.add_argument("--output", default=str(PROJECT / "benchmarks/results/preview.md"),
                        help="the report's file, or - for standard output")
    args = parser.parse_args()
    scratch_root = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=scratch_root) as folder:
        scratch = Path(folder)
        results = [measure("sample", sample_project(scratch), "ncg-0003", args.edits)]
        for size in filter(None, args.sizes.split(",")):
            documents, languages = (int(part) for part in size.split(":"))
            project = synthetic_project(scratch, documents, languages)
            results.append(measure(size, project, "ncg-0005", args.edits))
    text = report(results, args.edits)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
