"""No traceback, ever, from a source or a case file (issue 24).

Hypothesis mutates a copy of tests/fixtures/minimal and of a case file: a line's value,
or a line put in, becomes deep nesting, an unknown or Python tag, an alias, a value of the
wrong type, a huge value, control and direction characters, template code or random
text. Each mutation goes through `policy check`, `policy build --markdown-only`, `policy
letter --no-pdf` and `policy cases import`, in this process; each must end with 0 or 1,
say what is wrong as `FILE:LINE: ...` naming the mutated file, print no traceback and
finish in time. Few examples, derandomized and not shrunk, so the run is short (about 40 s
on an idle machine) and the same each time; raise ``max_examples`` locally to search more.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import time
from pathlib import Path

from conftest import CHESHIRE, FIXTURES, MINIMAL
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from officers import add_officers

from generator.cli.policy import main

#: Values that have broken a reader somewhere, or could.
HOSTILE = [
    "[" * 3000 + "]" * 3000, "{a: " * 500 + "b" + "}" * 500, "[" * 45 + "]" * 45,
    "!!python/object/apply:os.system [echo]", "!custom x", "!!binary aGk=", "*nowhere",
    "&a [*a]", "x" * 300_000, "9" * 5000, "1e999", "-.inf", ".nan", "2026-02-30", "~", "[]",
    "{}", "yes", "''", '"\\u202Eeman"', '"a\\x00b"', '"\\x1b[31mred"', "\u202e", "\u2066x",
    "\x1f", "\x85", "\ufeff",
    "{{ 'A' * 300000000 }}", "{% for a in roles %}{% for b in roles %}{{ a }}{% endfor %}"
    "{% endfor %}", "{{ ''.__class__ }}", "{% include 'x' %}", "{{ lipsum(100000) }}",
    "[[x]](javascript:alert(1))", "<script>x</script>", "!!! note md-hidden", "?", "- - -",
    "key: value: more", "\t", "|", ">", "%", "@", "`",
]
PAYLOAD = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
#: Seconds one command may take on a shared, loaded machine; a runaway takes far longer.
TIME_BOUND = 60
#: The messages a failing command prints: each names the file, and a line where it has one.
SOURCE_FILES = sorted(path.relative_to(MINIMAL).as_posix() for path in MINIMAL.rglob("*")
                      if path.is_file())
CASE = FIXTURES / "cases" / "stage_1.yaml"


def mutated(text: str, line: int, how: int, payload: str) -> str:
    """``text`` with line ``line`` (modulo its length) given ``payload`` as its value
    (how 0), preceded by a line ``key: payload`` at its indentation (1), or replaced by the
    payload (2)."""
    lines = text.splitlines() or [""]
    at = line % len(lines)
    old = lines[at]
    indent = old[:len(old) - len(old.lstrip(" -"))]
    if how == 0 and ":" in old:
        lines[at] = f"{old.split(':', 1)[0]}: {payload}"
    elif how == 1:
        lines.insert(at, f"{indent}mutated_key: {payload}")
    else:
        lines[at] = indent + payload
    return "\n".join(lines) + "\n"


def run(argv: list[str], named: Path) -> None:
    """Run a command in this process; it must end 0 or 1 without a traceback, in time,
    and a failure must name ``named`` (the mutated file) or a file of its folder."""
    err = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    took = time.monotonic() - started
    text = err.getvalue()
    assert code in (0, 1), (argv, code, text)
    assert "Traceback" not in text, text
    assert took < TIME_BOUND, (argv, took)
    if code == 1:
        assert any(line.startswith(str(named)) for line in text.splitlines()), text


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
@given(file=st.sampled_from(SOURCE_FILES), line=st.integers(0, 200), how=st.integers(0, 2),
       payload=PAYLOAD)
def test_a_mutated_source_is_checked_and_built_without_a_traceback(file, line, how, payload):
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / "src"
        shutil.copytree(MINIMAL, src)
        path = src / file
        path.write_text(mutated(path.read_text(encoding="utf-8"), line, how, payload),
                        encoding="utf-8")
        run(["check", str(src)], src)
        if line % 4 == 0:  # a build renders what check does: a few are enough
            run(["build", str(src), "--out", str(Path(work) / "site"), "--markdown-only"],
                src)


@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
@given(line=st.integers(0, 60), how=st.integers(0, 2), payload=PAYLOAD)
def test_a_mutated_case_file_is_refused_or_used_without_a_traceback(line, how, payload):
    with tempfile.TemporaryDirectory() as work:
        case = Path(work) / "case.yaml"
        case.write_text(mutated(CASE.read_text(encoding="utf-8"), line, how, payload),
                        encoding="utf-8")
        run(["letter", "stage_1_warning_letter", "--case", str(case), "--out",
             str(Path(work) / "out"), "--no-pdf", "--source", str(CHESHIRE)], case)
        add_officers(f"sqlite:///{Path(work) / 'register.sqlite'}", CHESHIRE,
                     logins=("tester",))
        run(["cases", "import", str(case), "--source", str(CHESHIRE), "--db",
             f"sqlite:///{Path(work) / 'register.sqlite'}", "--by", "tester"], case)
