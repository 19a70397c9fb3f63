"""Case letters per second, against a bare docxtpl load-render-save loop of the same template.

    .venv/bin/python benchmarks/letters.py [CASES]

Prints: the bare loop's rate; `letters_for_cases` on one process (case file read and
checked, letter rendered, zip made repeatable) and its overhead per letter over the bare
loop (target at most 20%); the batch on every core and its ratio to the bare single-process
rate (target at least 1.6); `policy letter` end to end, Python start-up included (target
under 1 s); and PDF conversion, one soffice per document against one soffice for a batch.
Figures only, no assertions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.case_letters import letters_for_cases  # noqa: E402
from generator.documents import template_path  # noqa: E402
from generator.letter_check import sample_case  # noqa: E402
from generator.letter_context import letter_context  # noqa: E402
from generator.pdf import soffice, to_pdf  # noqa: E402
from generator.source import read_policy  # noqa: E402

SOURCE = ROOT / "policy_src"
LETTER = "stage_1_warning_letter"


def write_cases(policy, folder: Path, count: int) -> list[Path]:
    """``count`` made-up case files, each with its own reference."""
    folder.mkdir(parents=True)
    data = sample_case(policy, LETTER).model_dump(mode="json", exclude_none=True)
    paths = []
    for number in range(count):
        path = folder / f"case_{number:04d}.yaml"
        path.write_text(yaml.safe_dump({**data, "reference": f"BENCH/{number:04d}"}))
        paths.append(path)
    return paths


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:6.1f} letters/s ({1000 * seconds / count:5.1f} ms each)"


def bare_loop(template: Path, context: dict, out: Path, count: int) -> float:
    out.mkdir()
    start = time.perf_counter()
    for number in range(count):
        document = DocxTemplate(template)
        document.render(context, autoescape=True)
        document.save(out / f"{number}.docx")
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    policy = read_policy(SOURCE)
    work = Path(tempfile.mkdtemp(prefix="letters-bench-"))
    try:
        cases = write_cases(policy, work / "cases", count)
        template = template_path(policy, SOURCE, LETTER)
        context = letter_context(policy, LETTER, sample_case(policy, LETTER))
        print(f"{count} cases, template {template.name}, {os.cpu_count()} cores")

        bare = bare_loop(template, context, work / "bare", count)
        print(f"bare docxtpl loop:        {rate(count, bare)}")

        start = time.perf_counter()
        letters_for_cases(policy, SOURCE, cases, LETTER, work / "one", pdf=False, jobs=1)
        single = time.perf_counter() - start
        print(f"policy letters, 1 process: {rate(count, single)}; overhead per letter "
              f"{100 * (single / bare - 1):+.0f}% (target at most +20%)")

        start = time.perf_counter()
        letters_for_cases(policy, SOURCE, cases, LETTER, work / "batch", pdf=False)
        batch = time.perf_counter() - start
        print(f"policy letters, batch:    {rate(count, batch)}; {bare / batch:.2f} times the "
              "bare rate (target at least 1.6)")

        command = [str(Path(sys.executable).parent / "policy"), "letter", LETTER, "--case",
                   str(cases[0]), "--source", str(SOURCE), "--out", str(work / "cli"),
                   "--force", "--no-pdf"]
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            timings.append(time.perf_counter() - start)
        print(f"policy letter, end to end: best {min(timings):.2f} s, median "
              f"{sorted(timings)[2]:.2f} s of 5 (target under 1 s)")

        if soffice() is None:
            print("PDF: LibreOffice is not installed; skipped")
            return
        documents = sorted((work / "batch").glob("*.docx"))
        each = documents[:5]
        start = time.perf_counter()
        for document in each:
            to_pdf([document], work / "pdf_each")
        one_by_one = (time.perf_counter() - start) / len(each)
        together = documents[:50]
        start = time.perf_counter()
        to_pdf(together, work / "pdf_batch")
        batched = (time.perf_counter() - start) / len(together)
        print(f"PDF, soffice per document: {one_by_one:.2f} s a document ({len(each)} documents)")
        print(f"PDF, one soffice a batch:  {batched:.2f} s a document ({len(together)} documents)")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
