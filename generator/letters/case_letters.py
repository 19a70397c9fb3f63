"""Ready-to-send letters for cases: one, or a batch spread over the machine's cores.

A case is read and checked, its letter rendered to .docx, and, when LibreOffice is
installed, converted to PDF. Each process of a batch takes the next case and makes its
letter whole: written, converted by its own kept LibreOffice, dated, pre-flighted and
checked; without kept converters the letters are converted in shares, one LibreOffice
each, a share sent as soon as its letters are written. Before anything is written, the
batch is checked for two cases whose letters would share a file name; PDFs are made in a
private folder aside (never the system's temporary folder), made repeatable, and moved in
beside their letters; each is then checked for PDF/UA-1 (:mod:`generator.documents.pdfua`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.queues import SimpleQueue
from pathlib import Path

from generator.cases.case import check_for_letter, letter_dates, read_case
from generator.documents.preflight import print_rules
from generator.letters.documents import write_case_letter
from generator.output import cannot_write, letter_name, pdf_of, put_pdf, temporary_folder
from generator.private import shared_problems
from generator.source.errors import Problem, SourceError
from generator.source.load import Located, read_yaml
from generator.source.model import Policy

__all__ = ["letters_for_cases"]


@dataclass
class Written:
    """What one case gave: its letter (and PDF), or the problems that stopped it."""

    case: Path
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    day: dt.date | None = None
    """The letter's date, which its PDF carries as its creation date."""
    posted: bool = False
    """A letter to the customer, posted in a window envelope (the print house's first-page
    rules apply to its PDF)."""
    address: bool = False
    """The letter carries the customer's postal address in its window."""


def letter_for_case(policy: Policy, case_path: Path, letter_id: str | None, out_dir: Path,
                    force: bool) -> Written:
    """Write one case's letter: ``letter_id``, or the letter of the case's stage."""
    try:
        case = read_case(case_path, policy)
        chosen = _letter(policy, letter_id, case.case.stage)
        if chosen is None:
            raise SourceError([case.problem(("stage",), "no letter is named and the case's "
                                            "stage sends none", "give --letter LETTER_ID")])
        if chosen not in policy.letters:  # said as the case check says it, with the choices
            raise SourceError(check_for_letter(policy, chosen, case))
        _, day = letter_dates(policy, policy.letters[chosen], case.case)
        written = write_case_letter(policy, chosen, case, out_dir, force)
        posted, address = print_rules(policy.letters[chosen])  # a known letter by now
        return Written(case_path, [written], day=day.first_day if day else None,
                       posted=posted, address=address)
    except SourceError as exc:
        return Written(case_path, problems=exc.problems)


def _letter(policy: Policy, letter_id: str | None, stage_id: object) -> str | None:
    """The letter asked for, or else the letter the case's stage sends."""
    stage = policy.stages.get(str(stage_id)) if stage_id else None
    return letter_id or (stage.letter if stage else None)


_POLICY: Policy | None = None  # the policy a forked batch worker inherits
_SLOT = 0  # the kept converter of this process: a batch worker has its own


def _take_slot(slots: SimpleQueue[int], convert: bool) -> None:
    """A batch worker's first act: take its converter, and have it started if need be."""
    from generator.documents.pdf import start_converter

    global _SLOT
    _SLOT = slots.get()
    if convert:
        start_converter(_SLOT)


Job = tuple[Path, str | None, Path, bool, bool]
"""A case, the letter asked for, the output folder, whether to replace, whether with PDF."""


def _work(job: Job) -> Written:
    assert _POLICY is not None
    return _made(_POLICY, job, _SLOT)


def _made(policy: Policy, job: Job, slot: int) -> Written:
    """One case's letter and, when asked, its PDF through kept converter ``slot``."""
    case_path, letter_id, out_dir, force, pdf = job
    result = letter_for_case(policy, case_path, letter_id, out_dir, force)
    if pdf and result.files:
        add_pdf(result, out_dir, slot)
    return result


def letters_for_cases(policy: Policy, cases: list[Path], letter_id: str | None,
                      out_dir: Path, force: bool = False, pdf: bool = True,
                      jobs: int | None = None,
                      progress: Callable[[int, int], None] | None = None) -> list[Written]:
    """Every case's letter and its PDF, made on ``jobs`` processes (default: one per core).

    Each process takes the next case of the batch, writes its letter, converts it on its
    own kept LibreOffice and checks the PDF, so no process waits for another's letters.
    Without kept converters (no python3-uno), the letters are written first and converted
    in shares, one LibreOffice started for each (:func:`add_pdfs`). Nothing is written
    into a folder where personal data may not go (:mod:`generator.private`)."""
    from generator.documents.pdf import kept_converter_allowed, soffice

    refused = shared_problems(out_dir, "--out", folder=True) or \
        collisions(policy, cases, letter_id)
    if refused:
        return [Written(out_dir, problems=refused)]
    pdf = pdf and soffice() is not None
    one_by_one = pdf and kept_converter_allowed()
    work = [(path, letter_id, out_dir, force, one_by_one) for path in cases]
    jobs = min(jobs or os.cpu_count() or 1, len(work)) or 1
    results = _made_on(policy, work, jobs, progress)
    return add_pdfs(results, out_dir, jobs, len(work)) if pdf and not one_by_one \
        else list(results)


def _made_on(policy: Policy, work: list[Job], jobs: int,
             progress: Callable[[int, int], None] | None) -> Iterator[Written]:
    """Each case's letter (and PDF), in the order of the cases, as soon as it is made."""
    from generator.documents.pdf import start_converter

    global _POLICY
    convert = bool(work) and work[0][4]  # each letter's PDF on the process's converter
    starting = start_converter(0) if convert and jobs == 1 else None
    with contextlib.ExitStack() as stack:
        if jobs == 1:
            results: Iterable[Written] = (_made(policy, job, 0) for job in work)
        else:
            _POLICY = policy  # forked workers inherit it: no reloading, no pickling
            stack.callback(globals().update, _POLICY=None)
            fork = multiprocessing.get_context("fork")
            slots: SimpleQueue[int] = fork.SimpleQueue()
            for slot in range(jobs):
                slots.put(slot)
            # Each worker's converter is started (threads only after the fork) beside its
            # first letter.
            pool = stack.enter_context(ProcessPoolExecutor(
                jobs, mp_context=fork, initializer=_take_slot, initargs=(slots, convert)))
            # One case at a time: a letter with its PDF is long enough to spread evenly.
            chunk = 1 if convert else max(1, len(work) // (jobs * 8))
            results = pool.map(_work, work, chunksize=chunk)
        for number, result in enumerate(results, 1):
            yield result
            if progress:
                progress(number, len(work))
    # The start is over before the batch returns, so no later fork of this process inherits
    # its lock (a Ctrl-C does not wait for it).
    if starting:
        starting.join()


def collisions(policy: Policy, cases: list[Path], letter_id: str | None) -> list[Problem]:
    """Cases of one batch whose letters would have the same file name (``CR/1`` and
    ``CR-1``, or names differing only in case, which some file systems do not tell apart)."""
    seen: dict[str, tuple[Path, str]] = {}
    problems = []
    for path in cases:
        try:
            data = read_yaml(path, str(path))
        except SourceError:
            continue  # the case's own check reports it
        if not isinstance(data, Located) or not isinstance(data.get("reference"), str):
            continue
        chosen = _letter(policy, letter_id, data.get("stage"))
        if chosen is None:
            continue
        reference = data["reference"].strip()
        name = letter_name(reference, chosen)
        if name.casefold() in seen:
            other, other_reference = seen[name.casefold()]
            problems.append(Problem(str(path), data.key_lines["reference"], "reference",
                                    f"'{reference}' gives the same file name ({name}) as "
                                    f"'{other_reference}' in {other}", "give each case its "
                                    "own reference; no letter of this batch was written"))
        else:
            seen[name.casefold()] = (path, reference)
    return problems


def inaccessible(pdf: Path) -> list[Problem]:
    """What keeps a letter's PDF from PDF/UA-1 (:mod:`generator.documents.pdfua`), each a
    problem: the letter and its PDF are written, and the officer is told what to mend."""
    from generator.documents.pdfua import check

    return [Problem(str(pdf), 0, "PDF/UA", finding, "correct it in the Word template "
                    "(its headings, links and paragraphs), then make the letter again")
            for finding in check(pdf)]


def add_pdf(result: Written, out_dir: Path, slot: int = 0) -> None:
    """The result's letter with its PDF, made in a private folder under ``out_dir`` by kept
    converter ``slot`` and kept as :func:`_keep` says."""
    from generator.documents.pdf import dated_pdf

    try:
        with temporary_folder(out_dir, ".pdf-") as aside:
            _keep(result, dated_pdf(result.files[0], aside, result.day, slot))
    except SourceError as exc:
        result.problems += exc.problems
    except OSError as exc:
        result.problems.append(cannot_write(out_dir, exc))


def _keep(result: Written, pdf: Path) -> None:
    """Pre-flight a letter's PDF as the print house would
    (:mod:`generator.documents.preflight`) and move it in beside its letter, checked for
    PDF/UA-1; a PDF the print house would refuse is not kept, nor its letter, and the
    result says why."""
    from generator.documents.preflight import check, problems

    findings = check(pdf, result.posted, result.address)
    if findings:  # no letter the print house would refuse is left behind
        result.problems += problems(findings, str(pdf_of(result.files[0])))
        result.files.pop().unlink()
        return
    put_pdf(pdf, result.files[0])
    result.files.append(pdf_of(result.files[0]))
    result.problems += inaccessible(result.files[-1])


def add_pdfs(results: Iterable[Written], out_dir: Path, jobs: int = 1,
             count: int | None = None) -> list[Written]:
    """The results, each written letter with its PDF, converted on up to ``jobs``
    LibreOffice processes started for them. The letters may still be being written
    (``count`` of them to come): each share of them is converted once it is complete.

    The PDFs are made in a folder aside, given the letter's date and an id from their
    content (same letter, same bytes), then kept as :func:`_keep` says.
    """
    from generator.documents.pdf import day_epoch, reproducible, to_pdf_on

    results, seen = iter(results), []
    for result in results:  # up to the first letter written, which makes out_dir
        seen.append(result)
        if result.files:
            break
    else:
        return seen

    days: dict[str, dt.date | None] = {}  # by the letter's name

    def documents() -> Iterator[Path]:
        days[seen[-1].files[0].stem] = seen[-1].day
        yield seen[-1].files[0]
        for result in results:
            seen.append(result)
            if result.files:
                days[result.files[0].stem] = result.day
                yield result.files[0]

    def dated(pdf: Path) -> None:
        day = days[pdf.stem]
        if day is not None:
            reproducible(pdf, day_epoch(day))

    try:
        with temporary_folder(out_dir, ".pdf-") as aside:
            pdfs = to_pdf_on(documents(), aside, jobs, count, then=dated)
            for result, pdf in zip([r for r in seen if r.files], pdfs, strict=True):
                _keep(result, pdf)
    except SourceError as exc:
        seen.append(Written(out_dir, problems=exc.problems))
    except OSError as exc:
        seen.append(Written(out_dir, problems=[cannot_write(out_dir, exc)]))
    return seen
