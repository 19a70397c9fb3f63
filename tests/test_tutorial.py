"""The tutorial (docs/pages/tutorial.md) works as written: each file it gives is written and
each command it shows is run, in order, in an empty folder, with the `policy` of this
checkout; a command marked `# fails` must exit 1, every other 0, and each line of the
output shown after a command must be in what it printed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import NEEDS_SOFFICE, ROOT

TUTORIAL = ROOT / "docs" / "pages" / "tutorial.md"
#: A fenced block and the paragraph before it.
BLOCK = re.compile(r"\n((?:(?!```)[^\n]+\n)*)\n```(\w+)\n(.*?)```", re.S)
FILE = re.compile(r"(Replace|Create|Add to the end of) `([^`]+)`(?: with)?:\s*$")


def steps(text: str) -> list[tuple[str, str, str]]:
    """(kind, target, body) in order: ("write"|"append", path, text), ("run", command, "")
    and ("output", "", text)."""
    found = []
    for before, language, body in BLOCK.findall(text):
        wanted = FILE.search(" ".join(before.split()))
        if language == "sh":
            found += [("run", line, "") for line in body.splitlines()
                      if line.strip() and not line.startswith("#")]
        elif language == "text":
            found.append(("output", "", body))
        elif wanted:
            found.append(("append" if wanted.group(1).startswith("Add") else "write",
                          wanted.group(2), body))
        else:
            raise AssertionError(f"a {language} block that names no file: {body[:60]!r}")
    return found


def test_the_tutorial_is_read_as_files_commands_and_output():
    found = steps(TUTORIAL.read_text(encoding="utf-8"))
    kinds = [kind for kind, _, _ in found]
    assert kinds.count("run") >= 10 and kinds.count("write") >= 8
    assert ("run", "policy new our-policy --name \"Brightwater Borough Council\" --nation "
            "england", "") in found


@NEEDS_SOFFICE
def test_every_step_of_the_tutorial_works_in_an_empty_folder(tmp_path: Path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
           f"{os.environ['PATH']}"}
    assert shutil.which("policy", path=env["PATH"]), "policy is not installed beside python"
    printed = ""
    for kind, target, body in steps(TUTORIAL.read_text(encoding="utf-8")):
        if kind == "run":
            run = subprocess.run(target, shell=True, cwd=tmp_path, env=env, text=True,
                                 capture_output=True, timeout=600)
            printed = run.stdout + run.stderr
            expected = 1 if "# fails" in target else 0
            assert run.returncode == expected, f"{target}\n{printed}"
            assert "Traceback" not in printed
        elif kind == "output":
            for line in body.splitlines():
                assert line.strip() in printed, f"{line!r} not in:\n{printed}"
        else:
            path = tmp_path / target
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a" if kind == "append" else "w", encoding="utf-8") as file:
                file.write(body)
    letter = tmp_path / "out" / "BBC-2026-001_warning_letter.docx"
    assert letter.exists() and letter.with_suffix(".pdf").exists()
    published = (tmp_path / "published" / "index.html").read_text(encoding="utf-8")
    assert "Brightwater Borough Council" in published
    assert "Giving a warning" not in published  # Part B is for staff only
    assert (tmp_path / "site" / "internal" / "index.html").exists()
