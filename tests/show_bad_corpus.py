"""Print what each bad-input corpus entry gives today, for reviewing a changed message.

    .venv/bin/python tests/show_bad_corpus.py [bad_sources|bad_cases] [WORDS IN ABOUT]

Each entry's output is printed with the copy's folder as ``{src}`` (or ``{case}``), ready
to paste into its ``expect:`` once reviewed. Nothing is rewritten.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_bad_corpus import FIXTURES, HERE, MINIMAL, ROOT, _patch, case_patch

from generator.cli.policy import main


def show(folder: str, words: str) -> None:
    for path in sorted((HERE / folder).glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            if words not in entry["about"]:
                continue
            work = Path(tempfile.mkdtemp())
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                if folder == "bad_sources":
                    src = work / "src"
                    shutil.copytree(FIXTURES / entry.get("base", MINIMAL.name), src)
                    _patch(src, entry, work / "outside")
                    main(["check", str(src)])
                    text = err.getvalue().replace(str(src), "{src}")
                else:
                    case = work / "case.yaml"
                    shutil.copy(FIXTURES / "cases" / "stage_1.yaml", case)
                    _patch(work, case_patch(entry), work / "outside")
                    main(["letter", "stage_1_warning_letter", "--case", str(case), "--out",
                          str(work / "out"), "--no-pdf", "--source", str(ROOT / "policy_src")])
                    text = err.getvalue().replace(str(case), "{case}")
            shutil.rmtree(work)
            print(f"# {path.name}: {entry['about']}")
            print("\n".join(line for line in text.splitlines()
                            if not line.startswith(("WARNING", "Part A"))))


if __name__ == "__main__":
    show(sys.argv[1] if len(sys.argv) > 1 else "bad_sources", " ".join(sys.argv[2:]))
