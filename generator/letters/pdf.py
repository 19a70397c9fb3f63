"""PDF copies of Word documents through LibreOffice, when it is installed.

Each run gets its own LibreOffice profile folder (two runs at once would otherwise fight
over one; it is removed on every way out, and after a kill by the next run) and a
timeout, and converts all its documents in one soffice process, which is several times
faster than starting soffice once per document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

from generator.output import temporary_folder
from generator.source.errors import Problem, SourceError

__all__ = ["PER_PROCESS", "reproducible", "soffice", "to_pdf", "to_pdf_on"]

#: PDF export with a structure tree (tagged PDF), so screen readers can follow it.
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
#: Seconds allowed for soffice to start, plus seconds per document.
START_TIMEOUT, PER_DOCUMENT = 60.0, 10.0


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(documents: list[Path], out_dir: Path, profile_in: Path | None = None) -> list[Path]:
    """Convert every document to a PDF in ``out_dir``; raise SourceError for any that fail.

    LibreOffice's profile (which lists recent documents) goes in ``profile_in``, else the
    system's temporary folder; a case's letter keeps it in the data folder."""
    command = soffice()
    if command is None:
        raise SourceError([Problem("soffice", 0, "", "LibreOffice is not installed",
                                   "install it (apt-get install libreoffice-writer)")])
    out_dir.mkdir(parents=True, exist_ok=True)
    timeout = START_TIMEOUT + PER_DOCUMENT * len(documents)
    with temporary_folder(profile_in, "policy-soffice-") as profile:
        try:
            _run([command, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                  "--norestore", "--convert-to", TAGGED_PDF, "--outdir", str(out_dir),
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
    pdfs = [out_dir / f"{document.stem}.pdf" for document in documents]
    missing = [Problem(str(document), 0, "", "LibreOffice wrote no PDF for it",
                       "open the document in Word to see what is wrong")
               for document, pdf in zip(documents, pdfs, strict=True) if not pdf.is_file()]
    if missing:
        raise SourceError(missing)
    return pdfs


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


def to_pdf_on(documents: list[Path], out_dir: Path, jobs: int) -> list[Path]:
    """:func:`to_pdf` on up to ``jobs`` LibreOffice processes at once, each with a share
    of the documents and its own profile; the PDFs in the order of the documents."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = max(1, min(jobs, len(documents) // PER_PROCESS))
    shares = [documents[start::jobs] for start in range(jobs)]
    problems: list[Problem] = []

    def convert(share: list[Path]) -> list[Path]:
        try:
            return to_pdf(share, out_dir)
        except SourceError as exc:
            problems.extend(exc.problems)
            return []

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(convert, shares))
    if problems:
        raise SourceError(problems)
    return [out_dir / f"{document.stem}.pdf" for document in documents]


_CREATION = re.compile(rb"/CreationDate\(D:(\d{14})")
_ID = re.compile(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]")
_CHECKSUM = re.compile(rb"/DocChecksum /[0-9A-F]{32}")


def reproducible(pdf: Path, epoch: int) -> None:
    """Give a LibreOffice PDF a fixed creation date and an id from its content.

    Both are rewritten at the same length, so the file's byte offsets stay valid.
    """
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y%m%d%H%M%S").encode()
    data = _CREATION.sub(b"/CreationDate(D:" + stamp, pdf.read_bytes())
    content = _CHECKSUM.sub(b"", _ID.sub(b"", data))
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest().upper().encode()
    data = _ID.sub(b"/ID [ <" + digest + b">\n<" + digest + b"> ]", data)
    pdf.write_bytes(_CHECKSUM.sub(b"/DocChecksum /" + digest, data))
