"""How the cost and peak memory of `policy build` grow with the size of the source.

A temporary copy of the source is made at 1, 5, 20 and 100 times its prose (every fragment
repeated whole), then built in full without the cache;
each size alternates with the others and medians are taken. Peak memory is the summed
resident memory of the build's whole process tree (pandoc and LibreOffice included),
sampled. Targets (issue 13), exit status 1 if one is missed: CPU at 20 times the content
at most 20 times CPU at 1 time (no worse than linear), peak memory at 1 time within 300 MB
and at 20 times within 1,200 MB (pandoc not run on every document at once); at 100 times
(issue 25) CPU at most 100 times CPU at 1 time, peak memory within 500 MB (pandoc reads a
long document in pieces and writes HTML and OpenDocument in pieces, under a heap cap).

Run: .venv/bin/python benchmarks/size.py [SOURCE]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import ROOT, Sample, Targets, alternated, policy, run, show

SIZES = (1, 5, 20, 100)


def scaled(source: Path, target: Path, times: int) -> Path:
    """A copy of ``source`` whose prose fragments each say all they say ``times`` times
    (whole fragments, so an {% if %} never ends up inside a copy of itself)."""
    shutil.copytree(source, target)
    for fragment in sorted((target / "prose").rglob("*.md")):
        text = fragment.read_text(encoding="utf-8").strip()
        fragment.write_text("\n\n".join([text] * times) + "\n", encoding="utf-8")
    return target


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "policy_src").resolve()
    with tempfile.TemporaryDirectory(prefix="size-bench-") as folder:
        work = Path(folder)
        copies = {n: scaled(source, work / f"src-{n}x", n) for n in SIZES}

        def build(n: int) -> Callable[[], Sample]:
            return lambda: run(policy("build", "--source", str(copies[n]), "--out",
                                      str(work / f"site-{n}x"), "--engine", "mkdocs"),
                               env={"POLICY_CACHE_DIR": ""})

        samples = dict(zip(SIZES, alternated(*map(build, SIZES), runs=3), strict=True))
    for n, sample in samples.items():
        show(f"{source.name} at {n:2}× its prose, full build", sample)
    base = samples[1]
    for n in SIZES[1:]:
        print(f"  (info)  {n}× the prose: {samples[n].cpu / base.cpu:.2f}× the CPU, "
              f"{samples[n].peak_mb / base.peak_mb:.2f}× the peak memory")
    targets = Targets()
    targets.at_most("CPU at 20× the prose / CPU at 1×", samples[20].cpu / base.cpu, 20)
    targets.at_most("peak memory at 1×", base.peak_mb, 300, " MB")
    targets.at_most("peak memory at 20×", samples[20].peak_mb, 1200, " MB")
    targets.at_most("CPU at 100× the prose / CPU at 1×", samples[100].cpu / base.cpu, 100)
    targets.at_most("peak memory at 100×", samples[100].peak_mb, 500, " MB")
    targets.finish()


if __name__ == "__main__":
    main()
