"""PDF copies of Word documents through LibreOffice, when it is installed.

Where LibreOffice's Python bridge is installed (python3-uno), a LibreOffice kept running
(:mod:`generator.documents.pdf_server`) converts them: started by the first run that needs it,
reused by the next, stopped after ten idle minutes; it spares each run the second or two
of starting LibreOffice. Without it, or when it fails, a run starts its own, as follows.
Each run gets its own LibreOffice profile folder (two runs at once would otherwise fight
over one; it is removed on every way out, and after a kill by the next run) and a
timeout, and converts all its documents in one soffice process, which is several times
faster than starting soffice once per document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.output import temporary_folder
from generator.runtime import state_folder
from generator.source.errors import Problem, SourceError

__all__ = ["IDLE", "PER_PROCESS", "dated_pdf", "day_epoch", "kept_converter_allowed", "offline",
           "reproducible", "soffice", "start_converter", "to_pdf", "to_pdf_on"]

#: PDF export with a structure tree (tagged PDF), so screen readers can follow it, declared
#: PDF/UA-1 (LibreOffice then writes the title, the language and DisplayDocTitle too; see
#: :mod:`generator.documents.pdfua`). The kept converter passes the same options.
EXPORT_OPTIONS = {"UseTaggedPDF": True, "PDFUACompliance": True}
TAGGED_PDF = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": "boolean", "value": str(value).lower()}
     for name, value in EXPORT_OPTIONS.items()}, separators=(",", ":"))
#: Seconds allowed for soffice to start, plus seconds per document.
START_TIMEOUT, PER_DOCUMENT = 60.0, 10.0


#: Ways to run a command without a network, tried in turn: as root (or with the right
#: capability), then as an ordinary user in a user namespace of its own, keeping its id
#: (util-linux 2.38 and later) or as root inside it.
OFFLINE = (("unshare", "--net"), ("unshare", "--map-current-user", "--net"),
           ("unshare", "--map-root-user", "--net"))


@functools.cache
def offline() -> tuple[str, ...]:
    """The prefix that runs LibreOffice with no network (its own network namespace, which
    holds only a loopback that is down), so that nothing a document links to is fetched,
    even if a link slipped past the checks; empty where no way works (not Linux, or user
    namespaces turned off), when the checks alone stand between a document and the network."""
    if not shutil.which("unshare"):
        return ()
    for prefix in OFFLINE:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
    return ()


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(documents: list[Path], out_dir: Path, slot: int = 0,
           profile_in: Path | None = None) -> list[Path]:
    """Convert every document to a PDF in ``out_dir``; raise SourceError for any that fail.

    ``slot`` picks the kept converter: a batch shared between processes gives each share
    its own, so the shares are converted side by side. Without one, LibreOffice's profile
    (which lists recent documents) goes in ``profile_in``, else the system's temporary
    folder; a case's letter keeps it in the data folder."""
    command = soffice()
    if command is None:
        raise SourceError([Problem("soffice", 0, "", "LibreOffice is not installed",
                                   "install it (apt-get install libreoffice-writer)")])
    out_dir.mkdir(parents=True, exist_ok=True)
    timeout = START_TIMEOUT + PER_DOCUMENT * len(documents)
    if not _by_kept_converter(documents, out_dir, timeout, slot):
        _one_run(command, documents, out_dir, timeout, profile_in)
    pdfs = [out_dir / f"{document.stem}.pdf" for document in documents]
    missing = [Problem(str(document), 0, "", "LibreOffice wrote no PDF for it",
                       "open the document in Word to see what is wrong")
               for document, pdf in zip(documents, pdfs, strict=True) if not pdf.is_file()]
    if missing:
        raise SourceError(missing)
    return pdfs


def _one_run(command: str, documents: list[Path], out_dir: Path, timeout: float,
             profile_in: Path | None) -> None:
    """Every document converted by a LibreOffice started for them, with a fresh profile."""
    with temporary_folder(profile_in, "policy-soffice-") as profile:
        try:
            _run([*offline(), command, f"-env:UserInstallation={profile.absolute().as_uri()}",
                  "--headless", "--norestore", "--convert-to", TAGGED_PDF, "--outdir", str(out_dir),
                  *map(str, documents)], timeout)
        except subprocess.TimeoutExpired:
            raise SourceError([Problem(str(documents[0]), 0, "", f"LibreOffice took more than "
                                       f"{timeout:.0f} s", "try again, or convert in Word")]
                              ) from None
        except subprocess.CalledProcessError as exc:
            raise SourceError([Problem(str(documents[0]), 0, "", "LibreOffice failed: "
                                       + exc.stderr.decode(errors="replace").strip()[-300:],
                                       "open the document in Word to see what is wrong")]
                              ) from None


#: The Python that LibreOffice's UNO bridge is built for (Debian: python3-uno), which runs
#: the kept converter; ``POLICY_PDF_SERVER=off`` starts LibreOffice for every run instead.
UNO_PYTHON = "/usr/bin/python3"
#: Seconds the kept converter waits for work before it stops, with its LibreOffice.
IDLE = 600.0
#: The kept converter's request format: a converter of an older one (which ignored the
#: export options) lives in another folder, so it is never asked and idles out.
PROTOCOL = "pdf-v2"


def _by_kept_converter(documents: list[Path], out_dir: Path, timeout: float,
                       slot: int) -> bool:
    """Convert through the LibreOffice kept running by :mod:`generator.documents.pdf_server`
    (started if none is), and say whether it did; False sends the caller to a LibreOffice
    of its own, as when the bridge is not installed or the converter fails."""
    if not kept_converter_allowed():
        return False
    home = _converter_home(slot)
    request = json.dumps({"documents": [str(d.resolve()) for d in documents],
                          "out_dir": str(out_dir.resolve()),
                          "options": EXPORT_OPTIONS}) + "\n"
    for attempt in range(2):
        try:
            with socket.socket(socket.AF_UNIX) as connection:
                connection.settimeout(timeout)
                connection.connect(str(home / "socket"))
                connection.sendall(request.encode())
                with connection.makefile("r", encoding="utf-8") as stream:
                    return not json.loads(stream.readline() or "null")["failed"]
        except (OSError, ValueError, TypeError, KeyError):
            if attempt or not _start_converter(home):
                return False
    return False


def kept_converter_allowed() -> bool:
    """Whether documents go to a kept converter: its bridge is installed and not turned off."""
    return os.environ.get("POLICY_PDF_SERVER") != "off" and _has_uno()


def _has_uno() -> bool:
    return Path(UNO_PYTHON).is_file() and any(
        Path(folder, "uno.py").is_file()
        for folder in ("/usr/lib/python3/dist-packages", "/usr/lib/libreoffice/program"))


def _converter_home(slot: int = 0) -> Path:
    """The converter's private folder: its socket and LibreOffice profile."""
    return state_folder(PROTOCOL, str(slot) if slot else "0")


def start_converter(slot: int = 0) -> threading.Thread | None:
    """Have kept converter ``slot`` started, if it is allowed and not running, by a thread
    (returned) beside what the caller does meanwhile: LibreOffice takes a second or two to
    start, a letter a twentieth of that to write, so the first letter need not wait for it.
    (The first :func:`to_pdf` on the slot waits, if need be, for the start to end.)"""
    if not kept_converter_allowed():
        return None
    thread = threading.Thread(target=_start_converter, args=(_converter_home(slot),),
                              daemon=True)
    thread.start()
    return thread


def _start_converter(home: Path) -> bool:
    """Start the kept converter (one at a time: a second run waits for the first's), and
    say whether it is ready."""
    with open(home / "lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _answers(home / "socket"):
            return True
        server = subprocess.Popen(  # its LibreOffice inherits the lack of a network
            [*offline(), UNO_PYTHON, str(Path(__file__).with_name("pdf_server.py")),
             str(home / "socket"), (home / "profile").as_uri(), str(IDLE)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True, cwd=home)
        assert server.stdout is not None  # stdout=PIPE
        ready = threading.Timer(START_TIMEOUT, server.kill)
        ready.start()
        try:
            return server.stdout.readline().strip() == b"ready"
        finally:
            ready.cancel()
            server.stdout.close()


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
        probe.sendall(b'{"documents": [], "out_dir": "/"}\n')
        return bool(probe.recv(64))


def _run(command: list[str], timeout: float) -> None:
    """Run soffice in its own process group, and end the whole group on any way out:
    soffice starts soffice.bin, which would otherwise outlive a timeout or a Ctrl-C and
    keep writing into the profile folder being removed."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, stderr=stderr)


#: The fewest documents worth a LibreOffice of their own: starting one costs about as much
#: as converting this many letters.
PER_PROCESS = 8


def to_pdf_on(documents: Iterable[Path], out_dir: Path, jobs: int,
              count: int | None = None,
              then: Callable[[Path], None] | None = None) -> list[Path]:
    """:func:`to_pdf` on up to ``jobs`` LibreOffice processes at once (none with fewer than
    PER_PROCESS documents), each with its own profile in ``out_dir``; the PDFs in the order
    of the documents. (With kept converters, a batch of letters converts each letter as it
    is written instead: :func:`generator.letters.case_letters.letters_for_cases`.)

    The documents may still be being written, as in a batch of letters (``count`` says
    how many are to come). Each LibreOffice takes an equal share of the documents, in a row,
    once its share is complete, as starting one costs as much as converting PER_PROCESS
    documents. ``then`` is done to each PDF as soon as it is written, beside the conversion
    of the rest."""
    from concurrent.futures import ThreadPoolExecutor

    if count is None:
        documents = list(documents)
        count = len(documents)
    jobs = max(1, min(jobs, count // PER_PROCESS))
    share = max(1, -(-count // jobs))
    problems: list[Problem] = []
    taken: list[Path] = []
    waiting: queue.SimpleQueue[Path | None] = queue.SimpleQueue()

    taking = threading.Lock()  # a share is the documents in a row

    def convert(slot: int) -> None:
        """Convert documents as they come, ``share`` at a time, until the end comes."""
        ended = False
        while not ended:
            documents: list[Path] = []
            with taking:
                while len(documents) < share and not ended:
                    document = waiting.get()
                    ended = document is None
                    documents += [] if document is None else [document]
                if ended:
                    waiting.put(None)  # the end, passed on to the next converter
            _convert_share(documents, out_dir, slot, problems, then)

    with ThreadPoolExecutor(jobs) as pool:
        # A process's number is its LibreOffice's slot.
        running = [pool.submit(convert, slot) for slot in range(jobs)]
        try:
            for document in documents:
                taken.append(document)
                waiting.put(document)
        finally:
            waiting.put(None)
            # Waited for here, not in the pool's shutdown: a Ctrl-C or SIGTERM that
            # interrupts a thread's join leaves Python (before 3.13) taking the thread for
            # finished, and exiting before it removes its LibreOffice profile.
            for future in running:
                future.result()
    if problems:
        raise SourceError(problems)
    return [out_dir / f"{document.stem}.pdf" for document in taken]


def _convert_share(documents: list[Path], out_dir: Path, slot: int, problems: list[Problem],
                   then: Callable[[Path], None] | None) -> None:
    """:func:`to_pdf` with LibreOffice ``slot`` (its profile in ``out_dir``), and ``then`` on
    each PDF; what fails is added to ``problems``."""
    try:
        for pdf in to_pdf(documents, out_dir, slot, out_dir) if documents else []:
            if then:
                then(pdf)
    except SourceError as exc:
        problems.extend(exc.problems)


def dated_pdf(document: Path, folder: Path, day: dt.date | None, slot: int = 0) -> Path:
    """A letter's PDF, converted by LibreOffice ``slot`` into ``folder`` (a private one: a
    LibreOffice started for it keeps its profile there) and, when the letter has a date,
    made :func:`reproducible` with it."""
    (pdf,) = to_pdf([document], folder, slot, folder)
    if day is not None:
        reproducible(pdf, day_epoch(day))
    return pdf


def day_epoch(day: dt.date) -> int:
    """The start of ``day`` (UTC) in seconds: a letter's PDF carries its date."""
    return int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())


def reproducible(pdf: Path, epoch: int) -> None:
    """Make a LibreOffice PDF the same bytes for the same document: a fixed creation date
    (in the document information and the XMP metadata), its objects numbered in a fixed
    order, and an id from its content; on the way, its tags are put in reading order
    (:func:`generator.documents.pdfua.mend`).

    LibreOffice numbers a document's fonts in an order that changes between runs (one run
    in ten or so), so qpdf (through pikepdf) writes the file again, numbering each object
    in the order it is reached from the document's root.
    """
    import pikepdf

    from generator.documents.pdfua import mend

    moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
    stamp = moment.strftime("D:%Y%m%d%H%M%S+00'00'")
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        mend(document)
        document.docinfo["/CreationDate"] = stamp
        if "/Metadata" in document.Root:
            with document.open_metadata(set_pikepdf_as_editor=False,
                                        update_docinfo=False) as meta:
                for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                    if name in meta:
                        meta[name] = moment.isoformat()
        for name in ("/ID", "/DocChecksum"):  # LibreOffice's: random, and of the old bytes
            if name in document.trailer:
                del document.trailer[name]
        document.save(pdf, deterministic_id=True)
