"""`policy build` against the bare engine building the same generated trees.

The bare build is MkDocs alone rendering every site the build renders (both audiences,
and any Welsh ones), from the trees and settings the build generates, all in ONE process:
what any MkDocs project of that content would cost. Runs alternate with the builds and
the medians of CPU seconds are compared. Targets (issues 13 and 25), exit status 1 if one
is missed:

- `policy build --no-pdf` at most 1.1 times the bare build, each run after an edit to a
  Part A fragment (so its exports are made again, beside the rendering) and sent to a
  build server (`policy build-server start`): its CPU seconds are the command's and the
  server's together. The wall ratio, and the same build in a process of its own, paying
  every import, are printed as information;
- a rebuild with nothing changed (everything, PDFs included; the exports come from the
  cache) at most 1.1 times the bare build;
- peak memory of the build (its whole process tree) at most 300 MB;
- several sources in one command (`policy build A B C`) with no per-source start-up cost:
  at most the separate builds less the start-up (`policy --version`) of all but one.

Run: .venv/bin/python benchmarks/build.py [SOURCE]
"""

from __future__ import annotations

import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import BIN, ROOT, Sample, Targets, alternated, build_server, policy, run, show

sys.path.insert(0, str(ROOT))

#: One process building every config named on its command line with MkDocs.
BARE = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
for config in sys.argv[1:]:
    build(load_config(config_file=config))
"""


def bare_configs(source: Path, work: Path, engine: str = "mkdocs") -> list[Path]:
    """Every site's generated tree and settings, written as `policy build` writes them
    for ``engine``."""
    import yaml

    from generator.sites.build import make_trees, site_config, write_tree
    from generator.sites.engines import adapt
    from generator.source.model import SiteEngine
    from generator.source.read import read_policy

    policy = read_policy(source)
    trees = make_trees(policy, work / "generate", pdf=False)
    configs = []
    for tree in trees:
        name = tree.markdown
        write_tree(tree, work / "markdown" / name)
        config = work / f"{name}.yml"
        settings = adapt(SiteEngine(engine), site_config(
            tree, work / "markdown" / name, work / "bare" / name, siblings=trees), config)
        config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        configs.append(config)
    return configs


def edit_builds(source: Path, work: Path, engine: str,
                server: tuple[dict[str, str], int] | None = None) -> Callable[[], Sample]:
    """A build with ``engine`` and no PDFs, each run after an edit to a Part A fragment of
    a copy of ``source``: an edit no earlier run has made, and so not cached. With
    ``server`` (see :func:`timing.build_server`), each build is sent to that server."""
    env, pid = server or ({}, None)
    name = "edited-served" if server else "edited"
    edited = shutil.copytree(source, work / name)
    fragment = next(edited.glob("prose/part_a/*.md"))
    edits = iter(range(1000))
    run_id = secrets.token_hex(4)

    def after_an_edit() -> Sample:
        fragment.write_text(fragment.read_text()
                            + f"\nEdit number {next(edits)} of run {run_id}.\n")
        return run(policy("build", "--source", str(edited), "--out", str(work / f"{name}-site"),
                          "--engine", engine, "--no-pdf"), env=env, server=pid)

    return after_an_edit


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "policy_src").resolve()
    with tempfile.TemporaryDirectory(prefix="build-bench-") as folder:
        work = Path(folder)
        configs = bare_configs(source, work)
        build = policy("build", "--source", str(source), "--out", str(work / "site"),
                       "--engine", "mkdocs")
        cold = {"POLICY_CACHE_DIR": ""}  # no cache at all: every tool does all its work
        after_an_edit = edit_builds(source, work, "mkdocs")
        with build_server(work) as server:
            bare, own, no_pdf, unchanged, full = alternated(
                lambda: run([str(BIN / "python"), "-c", BARE, *map(str, configs)]),
                after_an_edit,
                edit_builds(source, work, "mkdocs", server),
                lambda: run(build),
                lambda: run(build, env=cold))
        markdown = run([*build, "--markdown-only"], env=cold)
    print(f"{source.name}: {len(configs)} sites")
    show("bare MkDocs build of the same trees, one process", bare)
    show("policy build --no-pdf after an edit to Part A", own)
    show("the same, sent to a build server (command and server)", no_pdf)
    show("policy build, nothing changed (exports from the cache)", unchanged)
    show("policy build, everything, no cache", full)
    show("policy build --markdown-only (no cache)", markdown)
    targets = Targets()
    targets.at_most("build --no-pdf, build server / bare", no_pdf.cpu / bare.cpu, 1.1)
    print(f"  (info)  build --no-pdf, build server / bare, wall: "
          f"{no_pdf.wall / bare.wall:.2f}×")
    print(f"  (info)  build --no-pdf, own process / bare: {own.cpu / bare.cpu:.2f}×, wall "
          f"{own.wall / bare.wall:.2f}×")
    targets.at_most("rebuild, nothing changed / bare", unchanged.cpu / bare.cpu, 1.1)
    print(f"  (info)  full build without cache / bare: {full.cpu / bare.cpu:.2f}×")
    targets.at_most("peak memory of a full build", full.peak_mb, 300, " MB")
    several(targets)
    targets.finish()


SEVERAL = [ROOT / "policy_src", *(ROOT / "examples" / name
                                  for name in ("district_council_2014", "cabinet_report_2017"))]


def several(targets: Targets) -> None:
    """Three sources in one command against the same three built one after another."""
    with tempfile.TemporaryDirectory(prefix="several-bench-") as folder:
        out = Path(folder)
        each = [policy("build", str(source), "--out", str(out / source.name), "--no-pdf")
                for source in SEVERAL]
        together = policy("build", *map(str, SEVERAL), "--out", str(out / "all"), "--no-pdf")

        def apart() -> Sample:
            samples = [run(command) for command in each]
            return Sample(sum(s.wall for s in samples), sum(s.cpu for s in samples),
                          max(s.peak_mb for s in samples))

        start, one, separate = alternated(lambda: run(policy("--version")),
                                          lambda: run(together), apart)
    show(f"{len(SEVERAL)} sources, one command", one)
    show(f"{len(SEVERAL)} sources, one command each", separate)
    targets.at_most("several sources in one command, s CPU", one.cpu,
                    separate.cpu - (len(SEVERAL) - 1) * start.cpu, " s")


if __name__ == "__main__":
    main()
