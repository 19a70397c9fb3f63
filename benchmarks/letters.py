"""Case letters against a bare docxtpl loop of the same template, and letters with PDFs.

    .venv/bin/python benchmarks/letters.py [CASES] [PDF_CASES]

The bare loop renders the same template with the same context and, as the project does,
compiles each template part once (docxtpl alone would recompile it for every letter).
Each figure alternates with its baseline and medians are compared; `letters_for_cases` on
one process is shown as a ratio to the bare loop (BENCH_RUNS rounds of each pair; use 3 for
batches of 100 with PDFs, which take about 35 s a round). The PDFs are made by kept
LibreOffices of the benchmark's own (a runtime folder of its own, kept between runs), so no
other run's documents queue on them; their CPU is counted in the runs' CPU. Targets
(issue 13), exit status 1 if one is missed:

- letters with PDFs on both cores at least 1.85 times as fast as on one process (issue 25);
  each process's time in rendering letters, converting them (waiting on its LibreOffice)
  and post-processing their PDFs (dating, pre-flight, PDF/UA) is shown for the last run,
  and the CPU both cores spend on the batch against one process's (what the two processes
  and two LibreOffices lose to sharing the cores);
- one `policy letter` with its PDF, end to end, within 1.5 s (wall).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import yaml
from docxtpl import DocxTemplate
from timing import ROOT, Sample, Targets, alternated, policy, run, show

sys.path.insert(0, str(ROOT))

import generator.documents.pdf as pdf_module
import generator.letters.case_letters as case_letters
from generator.documents.pdf import soffice
from generator.letters.case_letters import letters_for_cases
from generator.letters.documents import template_path
from generator.letters.letter_check import sample_case
from generator.letters.letter_context import letter_context
from generator.source.model import Policy
from generator.source.read import read_policy

SOURCE = ROOT / "policy_src"
LETTER = "stage_1_warning_letter"
#: The runtime folder of the benchmark's kept converters (generator.documents.pdf puts
#: them under XDG_RUNTIME_DIR): its own, never shared with another run's letters.
CONVERTERS = Path.home() / ".local" / "state" / "policy-benchmarks" / "letters"
TICK = os.sysconf("SC_CLK_TCK")


class Cached(jinja2.Environment):
    """Each template part compiled once, as generator.letters.documents does."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> jinja2.Template:
        if source not in self.compiled:
            self.compiled[source] = super().from_string(source, globals, template_class)
        return self.compiled[source]


def write_cases(policy: Policy, folder: Path, count: int) -> list[Path]:
    """``count`` made-up case files, each with its own reference."""
    folder.mkdir(parents=True)
    data = sample_case(policy, LETTER).model_dump(mode="json", exclude_none=True)
    for measure in data.get("measures", {}).values():  # a real case names whom a scope means
        if measure.get("scope", "council") != "council":
            measure["applies_to"] = "Pat Officer"
    paths = []
    for number in range(count):
        path = folder / f"case_{number:04d}.yaml"
        path.write_text(yaml.safe_dump({**data, "reference": f"BENCH/{number:04d}"}))
        paths.append(path)
    return paths


def timed(action: Callable[[], object]) -> Sample:
    """Wall and CPU seconds of an action in this process (and children it waited for, and
    the benchmark's kept converters)."""
    converters = converters_cpu()  # read outside the wall time: it walks /proc
    wall, cpu, children = time.perf_counter(), time.process_time(), os.times()
    action()
    wall, cpu, after = time.perf_counter() - wall, time.process_time() - cpu, os.times()
    child_cpu = (after.children_user - children.children_user
                 + after.children_system - children.children_system)
    return Sample(wall, cpu + child_cpu + converters_cpu() - converters, 0)


def converters_cpu() -> float:
    """CPU seconds the benchmark's kept converters (their Python and LibreOffice) have
    spent: they are not this process's children, so os.times() leaves them out."""
    mark, total = str(CONVERTERS).encode(), 0
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and mark in Path(f"/proc/{entry}/cmdline").read_bytes():
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            continue  # ended meanwhile
    return total / TICK


class Phases:
    """Wall seconds each process of a batch spends in each phase, written to a file per
    process (the batch's workers are forked, so they inherit the wrapped functions)."""

    def __init__(self) -> None:
        self.folder = Path()
        self.wrap(case_letters, "letter_for_case", "render")
        self.wrap(pdf_module, "to_pdf", "convert")
        self.wrap(case_letters, "add_pdf", "pdf")  # convert and post-process

    def wrap(self, module: Any, name: str, phase: str) -> None:
        inner = getattr(module, name)

        def timed_phase(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                with open(self.folder / str(os.getpid()), "a") as log:
                    log.write(f"{phase} {time.perf_counter() - start}\n")

        setattr(module, name, timed_phase)

    def start(self, folder: Path) -> None:
        """Log the next run in ``folder``, emptied first."""
        self.folder = fresh(folder)
        folder.mkdir()

    @staticmethod
    def show(name: str, folder: Path) -> None:
        """Each process's phases in the last run logged in ``folder``, summed over its
        letters."""
        print(f"  (info)  {name}, last run, per process (wall s):")
        for number, log in enumerate(sorted(folder.iterdir()), 1):
            spent = {"render": 0.0, "convert": 0.0, "pdf": 0.0}
            letters = 0
            for line in log.read_text().splitlines():
                phase, seconds = line.split()
                spent[phase] += float(seconds)
                letters += phase == "render"
            print(f"          process {number}: {letters} letters, render {spent['render']:.2f}, "
                  f"convert {spent['convert']:.2f}, "
                  f"post-process {spent['pdf'] - spent['convert']:.2f}")


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def main() -> None:
    CONVERTERS.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(CONVERTERS)  # `policy letter` below inherits it
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    pdf_count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    policy_ = read_policy(SOURCE)
    targets = Targets()
    # the letters are personal data, which no command writes to /tmp: in the checkout,
    # in a folder git ignores
    with tempfile.TemporaryDirectory(prefix=".letters-bench-", dir=ROOT) as folder:
        work = Path(folder)
        cases = write_cases(policy_, work / "cases", count)
        template = template_path(policy_, LETTER)
        context = letter_context(policy_, LETTER, sample_case(policy_, LETTER))
        environment = Cached()

        def bare() -> None:
            out = fresh(work / "bare")
            out.mkdir()
            for number in range(count):
                document = DocxTemplate(template)
                document.render(context, environment)
                document.save(out / f"{number}.docx")

        def ours(jobs: int | None, pdf: bool, some: list[Path]) -> None:
            results = letters_for_cases(policy_, some, LETTER, fresh(work / "ours"),
                                        pdf=pdf, jobs=jobs)
            problems = [str(p) for result in results for p in result.problems]
            if problems or len(results) != len(some):
                sys.exit("the letters were not written:\n" + "\n".join(problems[:5]))

        base, single = alternated(lambda: timed(bare), lambda: timed(lambda: ours(1, False, cases)))
        print(f"{count} letters, template {template.name}, {os.cpu_count()} cores")
        show("bare docxtpl loop, compiled once", base)
        show("letters_for_cases, one process", single)
        print(f"  (info)  one process / bare loop: {single.cpu / base.cpu:.2f}× (case files "
              "read and checked, blanks, repeatable zips)")

        if soffice() is None:
            print("LibreOffice is not installed: the PDF targets are not measured")
            targets.finish()
            return
        some = cases[:pdf_count]
        phases = Phases()

        def with_pdfs(jobs: int | None) -> Sample:
            phases.start(work / f"phases-{jobs}")
            return timed(lambda: ours(jobs, True, some))

        one, both = alternated(lambda: with_pdfs(1), lambda: with_pdfs(None))
        show(f"{pdf_count} letters with PDFs, one process", one)
        phases.show("one process", work / "phases-1")
        show(f"{pdf_count} letters with PDFs, every core", both)
        phases.show("every core", work / "phases-None")
        print(f"  (info)  CPU on every core / one process: {both.cpu / one.cpu:.2f}× "
              f"(one process keeps {one.cpu / one.wall:.2f} cores busy)")
        targets.at_least("letters with PDFs, every core / one process", one.wall / both.wall,
                         1.85)

        command = policy("letter", LETTER, "--case", str(cases[0]), "--source", str(SOURCE),
                         "--out", str(work / "cli"), "--force")
        without = policy("letter", LETTER, "--case", str(cases[0]), "--source", str(SOURCE),
                         "--out", str(work / "cli-docx"), "--force", "--no-pdf")
        letter, docx = alternated(lambda: run(command), lambda: run(without))
        show("policy letter with its PDF", letter)
        show("policy letter, no PDF", docx)
        targets.at_most("policy letter with its PDF", letter.wall, 1.5, " s")
    targets.finish()


if __name__ == "__main__":
    main()
