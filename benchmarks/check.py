"""`policy check` against loading the source's YAML alone, on policy_src and a Welsh example.

Runs alternate with the bare load (a process that imports PyYAML and parses every YAML
file of the source) and medians are compared. Targets (issue 13), exit status 1 if one
is missed: `policy check` within 0.5 s on policy_src and 1 s on a Welsh example (CPU
seconds, as the machine is shared), the template checks remembered between runs. The
same check sent to a build server (`policy build-server start`; its CPU counted with the
command's) is printed as information.

Run: .venv/bin/python benchmarks/check.py
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

from timing import BIN, ROOT, Targets, alternated, build_server, policy, run, show

#: The bare work: every YAML file of the source parsed, in a fresh process.
BARE = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):
    yaml.safe_load(path.read_text(encoding='utf-8'))
"""
SOURCES = ((ROOT / "policy_src", 0.5), (ROOT / "examples" / "rhondda_cynon_taf", 1.0))


def main() -> None:
    targets = Targets()
    for source, limit in SOURCES:
        command = policy("check", "--source", str(source))
        with tempfile.TemporaryDirectory(prefix="check-") as folder, \
                build_server(Path(folder)) as (env, server):
            bare, check, served = alternated(
                partial(run, [str(BIN / "python"), "-c", BARE, str(source)]),
                partial(run, command), partial(run, command, env=env, server=server))
        print(source.name)
        show("  loading the YAML alone", bare)
        show("  policy check", check)
        show("  policy check, sent to a build server", served)
        print(f"  (info)  ratio to loading the YAML: {check.cpu / bare.cpu:.1f}×; "
              f"sent to a build server: {served.cpu / bare.cpu:.1f}×")
        targets.at_most(f"policy check on {source.name}", check.cpu, limit, " s")
    targets.finish()


if __name__ == "__main__":
    main()
