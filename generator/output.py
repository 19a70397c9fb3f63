"""Files written into an output folder: whole or not at all, never over another's file, and
nothing left behind by a run that was stopped.

A letter and its PDF are one thing to the officer who sends them, so the PDF of a letter
is removed before a new letter takes its name, and a new PDF only ever arrives after its
letter: an old PDF never sits beside a new letter.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.private import private_folder
from generator.source.errors import Problem, SourceError

__all__ = [
    "PRIVATE", "cannot_write", "dated", "letter_name", "pdf_of", "put_pdf", "remove_stale",
    "sha256",
    "temporary_folder", "write_letter", "write_private_bytes",
]

#: Temporary names carry the process id, so a later run can tell a dead run's leftovers
#: from those of a run still going: ``PREFIX<pid>-<random>``, where a prefix ends in a dash
#: (folders) or a dot (a letter's partial file, ``.NAME.<pid>-<random>.partial``).
_PID = re.compile(r"[-.](\d+)-[^-.]*$")
#: The mode of every file that holds personal data (letters, their PDFs, case files,
#: subject-access exports): read and written by its owner only.
PRIVATE = 0o600


def letter_name(reference: str, letter_id: str) -> str:
    """A case letter's file name: the case reference (slashes made dashes) and the letter id."""
    return f"{reference.replace('/', '-')}_{letter_id}.docx"


def pdf_of(letter: Path) -> Path:
    return letter.with_suffix(".pdf")


def write_letter(path: Path, data: bytes, force: bool) -> None:
    """Write a letter whole. Without ``force`` only if neither it nor its PDF exists, and
    exclusively: of two processes writing the same name, one is refused. With ``force`` its
    old PDF goes first, then the letter is replaced in one rename."""
    try:
        private_folder(path.parent)
        remove_stale(path.parent, f".{path.stem}.", ".partial")
        with _temporary(path.parent, f".{path.stem}.") as temp:
            temp.write_bytes(data)
            if force:
                pdf_of(path).unlink(missing_ok=True)
                os.replace(temp, path)
            elif pdf_of(path).exists():
                raise FileExistsError(pdf_of(path))
            else:
                os.link(temp, path)  # fails if the name is taken, even a moment ago
    except FileExistsError as exc:
        raise SourceError([Problem(str(exc.filename or path), 0, "", "the letter already "
                                   "exists", "use --force to replace it, or move it away "
                                   "first")]) from None
    except OSError as exc:
        raise SourceError([cannot_write(path.parent, exc)]) from None


def put_pdf(pdf: Path, letter: Path) -> None:
    """Move a freshly converted PDF in beside its letter (only while the letter is there)."""
    if letter.exists():
        pdf.chmod(PRIVATE)  # LibreOffice wrote it as an ordinary file
        os.replace(pdf, pdf_of(letter))


def cannot_write(folder: Path, exc: OSError) -> Problem:
    """An output folder that cannot be written, said without a traceback."""
    why = "a file is in the way of a folder" if isinstance(
        exc, FileExistsError | NotADirectoryError) else (exc.strerror or str(exc)).lower()
    return Problem(str(folder), 0, "", f"cannot write the output there ({why})",
                   "choose another output folder with --out, or make this one writable")


@contextmanager
def _temporary(folder: Path, prefix: str) -> Iterator[Path]:
    handle, name = tempfile.mkstemp(dir=folder, prefix=f"{prefix}{os.getpid()}-",
                                    suffix=".partial")
    os.fchmod(handle, PRIVATE)  # a letter holds personal data: its owner's only
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


@contextmanager
def temporary_folder(folder: Path | None, prefix: str) -> Iterator[Path]:
    """A folder removed on every way out (signals included, see cli.main), whose name lets
    :func:`remove_stale` remove it after a kill."""
    remove_stale(Path(folder or tempfile.gettempdir()), prefix)
    path = Path(tempfile.mkdtemp(dir=folder, prefix=f"{prefix}{os.getpid()}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def remove_stale(folder: Path, prefix: str, suffix: str = "") -> None:
    """Remove what runs that have ended left in ``folder`` under ``prefix``."""
    for entry in folder.glob(f"{prefix}*{suffix}"):
        match = _PID.search(entry.name.removesuffix(suffix))
        if match and not _alive(int(match.group(1))):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sha256(data: bytes) -> str:
    """The fingerprint the register keeps of each document sent."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def dated(epoch: int) -> Iterator[None]:
    """Date-stamped output (pandoc, the sitemap) takes ``epoch``, not the time of the run."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def write_private_bytes(path: Path, body: bytes) -> Path:
    """Write ``body`` to ``path``, readable by its owner only (in folders made owner-only),
    replacing it whole."""
    private_folder(path.parent)
    hidden = path.with_name(f".{path.name}.{os.getpid()}.part")
    descriptor = os.open(hidden, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
        os.replace(hidden, path)
    except BaseException:
        hidden.unlink(missing_ok=True)
        raise
    return path
