"""How the build's cost grows with the library, side by side with plain mkdocs.

    python benchmarks/scale.py                       # the whole benchmark (about 45 min)
    python benchmarks/scale.py --sizes 20,40 --wide 20:8 --output -   # a quick look

For each library size (N documents of V versions in L languages, a share translated) it
builds, each in a fresh process, timing it and reading its peak memory back:
  (a) plain mkdocs + material + static-i18n on the same pages placed in a docs folder;
  (b) the nisdocs site without PDFs;
  (c) the full nisdocs build with PDFs, cache empty;
  (d) the same again with nothing changed;
  (e) the same again after a sentence is added to one document.
It prints a Markdown table, the ratios of issue 6's targets and the exponent of time in
N x L fitted over all sizes, and writes them with the machine's description to
`--output` (benchmarks/results/scale.md by default).

Libraries, caches and sites go to a memory file system (/dev/shm) where there is one, so
that the figures are the builds' work rather than the disk's: on a disk mounted with
online discard, each build's deleted site slowed the next build's writes (see
`default_scratch`). `--scratch` measures on another file system.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import (
    EU_LANGUAGES,
    edit_document,
    write_library,
    write_nisdocs_project,
    write_plain_project,
)

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results" / "scale.md"
_COMPILED = re.compile(r"nisdocs: (\d+) PDFs: (\d+) compiled")
# Targets of issue 6.
MAX_PLAIN_RATIO = 1.10  # (b) / (a) at N = 200, L = 5
MAX_REBUILD_RATIO = 1.10  # (d) / (b)
MAX_PEAK_MB = 2048  # at N = 400, L = 5
MAX_EXPONENT = 1.10


@dataclass
class Run:
    seconds: float  # wall time
    peak_mb: float  # the largest resident set of the build's processes
    output: str
    cpu_seconds: float = 0.0  # user + system time of the build and the processes it ran

    def pdfs(self) -> int:
        """PDFs of the site, from the plugin's log line; 0 when PDFs were off."""
        match = _COMPILED.search(self.output)
        return int(match.group(1)) if match else 0

    def compiled(self) -> int | None:
        """PDFs compiled, from the plugin's log line; None when PDFs were off."""
        match = _COMPILED.search(self.output)
        return int(match.group(2)) if match else None


@dataclass
class SiteSize:
    pages: int  # HTML files
    html_bytes: int
    other_bytes: int  # everything but HTML, PDFs and ZIPs: search index, assets, data

    @property
    def kb_per_page(self) -> float:
        return (self.html_bytes + self.other_bytes) / self.pages / 1024

    @property
    def html_kb_per_page(self) -> float:
        return self.html_bytes / self.pages / 1024


@dataclass
class Row:
    documents: int
    languages: int
    runs: dict[str, Run] = field(default_factory=dict)  # the fastest run of each build
    sizes: dict[str, SiteSize] = field(default_factory=dict)
    rounds: dict[str, list[Run]] = field(default_factory=dict)  # every run, in order

    @property
    def work(self) -> int:
        return self.documents * self.languages

    def ratio(self, over: str, under: str) -> float:
        """The median of `over`'s time over `under`'s in the same round: runs taken one
        after the other share the machine's load of the moment, runs of different rounds
        may not."""
        return self._paired(over, under, lambda run: run.seconds)

    def cpu_ratio(self, over: str, under: str) -> float:
        return self._paired(over, under, lambda run: run.cpu_seconds)

    def _paired(self, over: str, under: str, value: Callable[[Run], float]) -> float:
        pairs = list(zip(self.rounds.get(over, []), self.rounds.get(under, []), strict=False))
        if not pairs:
            return value(self.runs[over]) / value(self.runs[under])
        return statistics.median(value(a) / value(b) for a, b in pairs)


def build(project: Path, *, pdf: bool) -> Run:
    """`mkdocs build` in `project`, in a process of its own; its wall time and the peak
    resident memory of it or any process it started (os.wait4 reports the maximum)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NISDOCS_PDF": "true" if pdf else "false"}
    for name in ("NISDOCS_SITE_URL", "NISDOCS_PDF_CACHE", "NISDOCS_DRAFTS"):
        env.pop(name, None)  # the project's own settings, its own cache
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {project}:\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime)


def site_size(site: Path) -> SiteSize:
    pages = html = other = 0
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".pdf", ".zip"):
            continue
        size = path.stat().st_size
        if path.suffix == ".html":
            pages += 1
            html += size
        else:
            other += size
    return SiteSize(pages, html, other)


def measure(scratch: Path, documents: int, languages: Sequence[str], versions: int,
            translated: float, repeats: int) -> Row:
    """(c) once (the cache is cold only once); (a), (b) and (d) `repeats` times in turn,
    a round each (in `round_order`), keeping every run (ratios are medians of a round's
    ratios), the fastest time and the highest peak memory of each; then (e) once."""
    row = Row(documents, len(languages))
    folder = scratch / f"n{documents}-l{len(languages)}"
    nisdocs = write_nisdocs_project(folder / "nisdocs", languages)
    sources = write_library(nisdocs, documents=documents, versions=versions,
                            languages=languages, translated=translated)
    plain = write_plain_project(folder / "plain", sources, languages)
    print(f"N={documents} L={len(languages)}:", end=" ", flush=True)

    def record(name: str, run: Run) -> None:
        kept = row.runs.get(name)
        if kept is None or run.seconds < kept.seconds:
            row.runs[name] = Run(run.seconds, max(run.peak_mb, kept.peak_mb if kept else 0),
                                 run.output, min(run.cpu_seconds, kept.cpu_seconds if kept
                                                 else run.cpu_seconds))
        else:
            kept.peak_mb = max(kept.peak_mb, run.peak_mb)
            kept.cpu_seconds = min(kept.cpu_seconds, run.cpu_seconds)
        row.rounds.setdefault(name, []).append(run)
        print(f"({name}) {run.seconds:.1f} s", end=" ", flush=True)

    projects = {"a": (plain, False), "b": (nisdocs, False), "d": (nisdocs, True)}
    record("c", build(nisdocs, pdf=True))
    for repeat in range(repeats):
        for name in round_order(repeat):
            project, pdf = projects[name]
            record(name, build(project, pdf=pdf))
            if name in ("a", "b") and repeat == 0:  # before (d) adds the PDFs
                row.sizes[name] = site_size(project / "site")
    edit_document(sources, "NCG-0001")
    record("e", build(nisdocs, pdf=True))
    print()
    shutil.rmtree(folder)
    return row


def round_order(repeat: int) -> tuple[str, ...]:
    """The order of (a), (b) and (d) in round `repeat`: forwards, then backwards. Whatever
    drifts during a run (the disk, the machine's other load) then weighs on each build as
    much as on the one it is compared with, instead of always on the one taken later."""
    order = ("a", "b", "d")
    return order if repeat % 2 == 0 else order[::-1]


def default_scratch() -> Path | None:
    """A memory file system to build in, if the machine has one (None: the temp folder).

    Measured on this project's benchmark machine (ext4 mounted with `discard`, at N = 50):
    five builds in a row took 0.7, 0.8, 1.0, 1.3, 1.5 s of system time on the disk and
    0.2 s each on /dev/shm, the user time being the same. nisdocs writes about twice the
    files plain mkdocs does (redirects, latest and changes pages), so the disk's drift
    fell mostly on it and on whichever build came later in a round."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def file_system(path: Path) -> str:
    """The type of the file system `path` is on, from /proc/mounts ('?' elsewhere)."""
    try:
        mounts = [line.split()[1:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "?"
    resolved = path.resolve().as_posix()
    found = [(point, kind) for point, kind in mounts
             if resolved == point or resolved.startswith(point.rstrip("/") + "/")]
    return max(found, key=lambda mount: len(mount[0]))[1] if found else "?"


def exponent(rows: Sequence[Row], run: str, *, cpu: bool = False) -> float:
    """The slope of log(time) against log(N x L), by least squares."""
    xs = [math.log(row.work) for row in rows]
    ys = [math.log(row.runs[run].cpu_seconds if cpu else row.runs[run].seconds)
          for row in rows]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        ram = f"{int(memory) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    import material
    import mkdocs
    import typst
    versions = (f"Python {platform.python_version()}, mkdocs {mkdocs.__version__}, "
                f"material {getattr(material, '__version__', '?')}, "
                f"typst {getattr(typst, '__version__', '?')}")
    return f"{cpu}, {os.cpu_count()} CPUs, {ram} RAM, {platform.system()}; {versions}"


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def report(rows: Sequence[Row], versions: int, translated: float, repeats: int) -> str:
    lines = [
        "| N | L | pages (b) | PDFs | (a) s | (b) s | (b)/(a) | (c) s | (d) s | (d)/(b) "
        "| compiled (d) | (e) s | compiled (e) | peak MB (a) | peak MB (b) | peak MB (c) "
        "| KB/page (a) | KB/page (b) | HTML KB/page (a) | HTML KB/page (b) "
        "| CPU s (a) | CPU s (b) | CPU (b)/(a) | CPU s (d) | CPU (d)/(b) |",
        "|" + "---:|" * 25,
    ]
    for row in rows:
        a, b = row.sizes["a"], row.sizes["b"]
        runs = row.runs
        lines.append(
            f"| {row.documents} | {row.languages} | {b.pages} | {row.runs['c'].pdfs()} "
            f"| {runs['a'].seconds:.1f} | {runs['b'].seconds:.1f} | {row.ratio('b', 'a'):.2f} "
            f"| {runs['c'].seconds:.1f} | {runs['d'].seconds:.1f} | {row.ratio('d', 'b'):.2f} "
            f"| {runs['d'].compiled()} | {runs['e'].seconds:.1f} | {runs['e'].compiled()} "
            f"| {runs['a'].peak_mb:.0f} | {runs['b'].peak_mb:.0f} | {runs['c'].peak_mb:.0f} "
            f"| {a.kb_per_page:.1f} | {b.kb_per_page:.1f} | {a.html_kb_per_page:.1f} "
            f"| {b.html_kb_per_page:.1f} | {runs['a'].cpu_seconds:.1f} "
            f"| {runs['b'].cpu_seconds:.1f} | {row.cpu_ratio('b', 'a'):.2f} "
            f"| {runs['d'].cpu_seconds:.1f} | {row.cpu_ratio('d', 'b'):.2f} |")
    lines += ["", f"V = {versions} versions per document, {translated:.0%} of the texts "
              "translated into each other language. Times are wall seconds of one `mkdocs "
              f"build`, the fastest of {repeats} for (a), (b) and (d), taken in turn; peak MB "
              "is the largest resident set among a build's processes; KB per page counts "
              "every file but PDFs and ZIPs, over the HTML pages. CPU s is user + system "
              "time of the build and every process it ran (the lowest of the runs): less "
              "sensitive than wall time to other load on a shared machine. (b)/(a) and "
              "(d)/(b) are the medians of each round's ratio, the runs of a round being "
              "taken one after the other, in the order (a), (b), (d) in odd rounds and "
              "(d), (b), (a) in even ones.", "",
              "Every run of (a), (b) and (d), in the order taken (wall seconds):", "",
              "| N | L | (a) | (b) | (d) |", "|---:|---:|---|---|---|"]
    for row in rows:
        taken = {name: " ".join(f"{run.seconds:.1f}" for run in row.rounds.get(name, []))
                 for name in ("a", "b", "d")}
        lines.append(f"| {row.documents} | {row.languages} | {taken['a']} | {taken['b']} "
                     f"| {taken['d']} |")
    lines.append("")
    if len(rows) > 1:
        for run, name in (("a", "plain mkdocs"), ("b", "nisdocs without PDFs"),
                          ("c", "nisdocs with PDFs, cold")):
            lines.append(f"- Exponent of time in N x L, {name}: {exponent(rows, run):.2f} "
                         f"(CPU time: {exponent(rows, run, cpu=True):.2f})")
    lines.append("")
    lines += targets(rows)
    return "\n".join(lines) + "\n"


def targets(rows: Sequence[Row]) -> list[str]:
    """Issue 6's targets, each with the row it is judged on (or the nearest there is)."""
    checks = []
    at_200 = next((r for r in rows if r.documents == 200 and r.languages == 5), None)
    if at_200:
        checks.append(("(b)/(a) at N=200, L=5", f"{at_200.ratio('b', 'a'):.2f}",
                       at_200.ratio("b", "a") <= MAX_PLAIN_RATIO))
    worst = max(rows, key=lambda r: r.ratio("d", "b"))
    checks.append(("(d)/(b), worst size", f"{worst.ratio('d', 'b'):.2f}",
                   worst.ratio("d", "b") <= MAX_REBUILD_RATIO))
    checks.append(("PDFs compiled in (d)", str(max(r.runs["d"].compiled() or 0 for r in rows)),
                   all(r.runs["d"].compiled() == 0 for r in rows)))
    compiled_e = sorted({r.runs["e"].compiled() or 0 for r in rows})
    checks.append(("PDFs compiled in (e)", ", ".join(map(str, compiled_e)),
                   all(0 < (r.runs["e"].compiled() or 0) <= r.languages for r in rows)))
    at_400 = next((r for r in rows if r.documents == 400 and r.languages == 5), None)
    if at_400:
        peak = max(run.peak_mb for run in at_400.runs.values())
        checks.append(("peak memory at N=400, L=5", f"{peak:.0f} MB", peak < MAX_PEAK_MB))
    same_l = sorted((r for r in rows if r.languages == rows[0].languages),
                    key=lambda r: r.documents)
    if len(same_l) > 1:
        first, last = same_l[0].sizes["b"], same_l[-1].sizes["b"]
        checks.append((f"KB per page from N={same_l[0].documents} to N={same_l[-1].documents}",
                       f"{first.kb_per_page:.1f} → {last.kb_per_page:.1f}",
                       last.kb_per_page <= first.kb_per_page * 1.10))
    if len(rows) > 1:
        value = exponent(rows, "b")
        checks.append(("exponent of (b) in N x L", f"{value:.2f}", value <= MAX_EXPONENT))
    lines = ["| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {'yes' if ok else 'NO'} |" for name, value, ok in checks]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,100,200,400",
                        help="numbers of documents, in L languages (default 50,100,200,400)")
    parser.add_argument("--languages", type=int, default=5, help="L (default 5)")
    parser.add_argument("--wide", default="100:24",
                        help="N:L of the extra many-language size (default 100:24); '' skips")
    parser.add_argument("--versions", type=int, default=2, help="V (default 2)")
    parser.add_argument("--translated", type=float, default=0.5,
                        help="the share of texts translated into each language (default 0.5)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="runs of (a), (b) and (d), the fastest kept (default 5)")
    parser.add_argument("--output", default=str(RESULTS), help="where to write; - for none")
    parser.add_argument("--scratch", type=Path, default=default_scratch(),
                        help="where libraries are written and built (default /dev/shm if "
                             "there is one, else the temp folder)")
    args = parser.parse_args()
    sizes = [(int(n), args.languages) for n in args.sizes.split(",") if n]
    if args.wide:
        n, languages = args.wide.split(":")
        sizes.append((int(n), int(languages)))
    description = machine()
    print(description)
    with tempfile.TemporaryDirectory(prefix="nisdocs-scale-", dir=args.scratch) as temporary:
        scratch = f"{Path(temporary).parent} ({file_system(Path(temporary))})"
        print(f"Building in {scratch}")
        rows = [measure(Path(temporary), n, EU_LANGUAGES[:languages], args.versions,
                        args.translated, args.repeats) for n, languages in sizes]
    text = (f"# Build cost at scale\n\nMeasured {time.strftime('%Y-%m-%d')} at commit "
            f"{commit()} with "
            f"`python benchmarks/scale.py {' '.join(sys.argv[1:])}`.\n\n"
            f"Machine: {description}\n\n"
            f"Libraries, caches and sites in: {scratch}\n\n"
            f"{report(rows, args.versions, args.translated, args.repeats)}")
    print()
    print(text)
    if args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
