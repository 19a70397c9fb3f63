"""Time `policy build` against a bare `mkdocs build` of the same generated Markdown.

Prints medians of 5 runs and their ratio. Target: generation adds at most 15% to the
bare build. Run: .venv/bin/python benchmarks/build.py [SOURCE]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUNS = 5


def median_seconds(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "policy_src"
    with tempfile.TemporaryDirectory() as work:
        out = Path(work, "site")
        command = [str(BIN / "policy"), "build", "--source", str(source), "--out", str(out)]
        full = median_seconds(command)
        no_pdf = median_seconds([*command, "--no-pdf"])
        # The same Markdown, rendered by MkDocs alone with the configs policy build writes.
        subprocess.run([str(BIN / "policy"), "build", "--source", str(source), "--out", str(out),
                        "--markdown-only"], check=True, capture_output=True, cwd=ROOT)
        configs = _configs(source, out / "markdown", Path(work))
        bare = sum(median_seconds([str(BIN / "mkdocs"), "build", "-q", "-f", str(config)])
                   for config in configs)
    print(f"policy build, everything (sites, letters, Part A exports with PDF), median of "
          f"{RUNS}: {full:.3f} s")
    print(f"policy build --no-pdf, median of {RUNS}: {no_pdf:.3f} s")
    print(f"bare mkdocs build of the same Markdown, median of {RUNS} per site: {bare:.3f} s")
    generation = _generation_seconds(source)
    print(f"of which generating the Markdown (read, validate, write both trees), median of "
          f"{RUNS}: {generation:.3f} s, {100 * generation / bare:.0f}% of the bare build")
    print(f"ratio, --no-pdf build to bare: {no_pdf / bare:.2f} (adds "
          f"{100 * (no_pdf / bare - 1):.0f}%; target at most 15%); with the PDF: "
          f"{full / bare:.2f}")


def _generation_seconds(source: Path) -> float:
    """The model-to-Markdown step alone, in this process (no letters, exports or MkDocs)."""
    from generator.pages import internal_tree, public_tree
    from generator.source import read_policy

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        policy = read_policy(source)
        public_tree(policy), internal_tree(policy, {}, None, "")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _configs(source: Path, markdown: Path, work: Path) -> list[Path]:
    import yaml

    from generator.pages import internal_tree, public_tree
    from generator.site import site_config
    from generator.source import read_policy

    policy = read_policy(source)
    configs = []
    for tree in (public_tree(policy), internal_tree(policy, {}, b"", "")):
        config = work / f"{tree.audience}.yml"
        settings = site_config(tree, markdown / tree.audience, work / tree.audience)
        config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        configs.append(config)
    return configs


if __name__ == "__main__":
    main()
