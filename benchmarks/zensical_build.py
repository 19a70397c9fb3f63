"""`policy build --engine zensical` against bare Zensical building the same trees.

The bare build is Zensical alone rendering every site the build renders, from the trees
and settings the build generates, all in ONE process. Runs alternate and the medians of
CPU seconds are compared. Targets (issue 25), exit status 1 if one is missed:

- `policy build --engine zensical --no-pdf` after an edit to a Part A fragment, sent to a
  build server (`policy build-server start`, the way a policy owner editing works), at
  most 1.3 times the bare build: its CPU seconds are the command's and the server's
  together. The same build in a process of its own, paying every import, is printed as
  information;
- a rebuild with nothing changed at most 1.1 times the bare build.

Run: .venv/bin/python benchmarks/zensical_build.py [SOURCE]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from build import bare_configs, edit_builds
from timing import BIN, ROOT, Targets, alternated, build_server, policy, run, show

#: One process building every config named on its command line with Zensical, strict.
BARE = """
import os, sys, zensical
for config in sys.argv[1:]:
    os.chdir(os.path.dirname(config))
    zensical.build(config, {"clean": True, "strict": True})
"""


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "policy_src").resolve()
    with tempfile.TemporaryDirectory(prefix="zensical-bench-") as folder:
        work = Path(folder)
        configs = bare_configs(source, work, "zensical")
        build = policy("build", "--source", str(source), "--out", str(work / "site"),
                       "--engine", "zensical", "--no-pdf")
        after_an_edit = edit_builds(source, work, "zensical")
        with build_server(work) as server:
            bare, edit, served, unchanged = alternated(
                lambda: run([str(BIN / "python"), "-c", BARE, *map(str, configs)],
                            env={"NO_COLOR": "1"}),
                after_an_edit,
                edit_builds(source, work, "zensical", server),
                lambda: run(build))
    print(f"{source.name}: {len(configs)} sites")
    show("bare Zensical build of the same trees, one process", bare)
    show("policy build --engine zensical --no-pdf after an edit to Part A", edit)
    show("the same, sent to a build server (command and server)", served)
    show("policy build --engine zensical, nothing changed", unchanged)
    targets = Targets()
    targets.at_most("zensical build after an edit, build server / bare",
                    served.cpu / bare.cpu, 1.3)
    print(f"  (info)  zensical build after an edit, own process / bare: "
          f"{edit.cpu / bare.cpu:.2f}×")
    targets.at_most("zensical rebuild, nothing changed / bare", unchanged.cpu / bare.cpu, 1.1)
    targets.finish()


if __name__ == "__main__":
    main()
