"""Ready-to-send letters for cases: one, or a batch spread over the machine's cores.

A case is read and checked, its letter rendered to .docx, and, when LibreOffice is
installed, every .docx of the run is converted to PDF in one soffice process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.case import read_case
from generator.documents import write_case_letter
from generator.errors import Problem, SourceError
from generator.model import Policy


@dataclass
class Written:
    """What one case gave: its letter (and PDF), or the problems that stopped it."""

    case: Path
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def letter_for_case(policy: Policy, source: Path, case_path: Path, letter_id: str | None,
                    out_dir: Path, force: bool) -> Written:
    """Write one case's letter: ``letter_id``, or the letter of the case's stage."""
    try:
        case = read_case(case_path, policy)
        stage = policy.stages.get(case.case.stage or "")
        chosen = letter_id or (stage.letter if stage else None)
        if chosen is None:
            raise SourceError([case.problem(("stage",), "no letter is named and the case's "
                                            "stage sends none", "give --letter LETTER_ID")])
        return Written(case_path, [write_case_letter(policy, source, chosen, case, out_dir,
                                                     force)])
    except SourceError as exc:
        return Written(case_path, problems=exc.problems)


_POLICY: Policy | None = None  # the policy a forked batch worker inherits


def _work(job: tuple[Path, Path, str | None, Path, bool]) -> Written:
    assert _POLICY is not None
    return letter_for_case(_POLICY, *job)


def letters_for_cases(policy: Policy, source: Path, cases: list[Path], letter_id: str | None,
                      out_dir: Path, force: bool = False, pdf: bool = True,
                      jobs: int | None = None,
                      progress: Callable[[int, int], None] | None = None) -> list[Written]:
    """Every case's letter, rendered on ``jobs`` processes (default: one per core)."""
    global _POLICY
    work = [(source, path, letter_id, out_dir, force) for path in cases]
    jobs = min(jobs or os.cpu_count() or 1, len(work)) or 1
    results: list[Written] = []
    if jobs == 1:
        for job in work:
            results.append(letter_for_case(policy, *job))
            if progress:
                progress(len(results), len(work))
    else:
        _POLICY = policy  # forked workers inherit it: no reloading, no pickling
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            for result in pool.map(_work, work, chunksize=max(1, len(work) // (jobs * 8))):
                results.append(result)
                if progress:
                    progress(len(results), len(work))
        _POLICY = None
    if pdf:
        add_pdfs(results, out_dir, jobs)
    return results


def add_pdfs(results: list[Written], out_dir: Path, jobs: int = 1) -> None:
    """Convert every written letter to PDF, on up to ``jobs`` LibreOffice processes, if
    LibreOffice is here."""
    from generator.pdf import soffice, to_pdf_on

    documents = [written.files[0] for written in results if written.files]
    if not documents or soffice() is None:
        return
    try:
        pdfs = dict(zip(documents, to_pdf_on(documents, out_dir, jobs), strict=True))
    except SourceError as exc:
        results.append(Written(out_dir, problems=exc.problems))
        return
    for written in results:
        if written.files:
            written.files.append(pdfs[written.files[0]])
