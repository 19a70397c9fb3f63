"""Part A as Word, OpenDocument and standalone HTML through pandoc (PDF through LibreOffice).

Word exports take their styles from a reference document, so a policy owner restyles them
in Word: ``reference.docx`` in the source folder, or the shared one in letter_templates/.
SOURCE_DATE_EPOCH pins every date pandoc writes, so an unchanged source gives the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from generator.model import Policy
from generator.pages import export_markdown

SHARED_REFERENCE = Path(__file__).resolve().parent.parent / "letter_templates" / "reference.docx"
FORMATS = ("docx", "odt", "html")


def reference_doc(policy: Policy) -> Path:
    own = Path(policy.root or ".") / "reference.docx"
    return own if own.is_file() else SHARED_REFERENCE


def export_part_a(policy: Policy, out_dir: Path, pdf: bool = True) -> list[Path]:
    """Every public part in every export format; the files are named part-<id>.<format>."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    jobs = [(markdown, fmt, out_dir / f"part-{part_id}.{fmt}")
            for part_id, markdown in export_markdown(policy).items() for fmt in FORMATS]
    with source_date(policy), ThreadPoolExecutor() as pool:  # one pandoc process a file
        list(pool.map(lambda job: convert(*job, reference_doc(policy)), jobs))
        written += [target for _, _, target in jobs]
        if pdf:
            written += _pdfs([p for p in written if p.suffix == ".docx"], out_dir, policy)
    return written


def convert(markdown: str, fmt: str, target: Path, reference: Path) -> None:
    import pypandoc

    extra = ["--standalone"]
    if fmt == "docx":
        extra.append(f"--reference-doc={reference}")
    pypandoc.convert_text(markdown, fmt, format="markdown", outputfile=str(target),
                          extra_args=extra)


def epoch(policy: Policy) -> int:
    """Seconds since 1970 at the start of the publication date."""
    day = policy.policy.reference_day
    return (day - day.__class__(1970, 1, 1)).days * 86400


@contextmanager
def source_date(policy: Policy) -> Iterator[None]:
    """Date-stamped output (pandoc, the sitemap) takes the publication date, not today."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch(policy))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _pdfs(documents: list[Path], out_dir: Path, policy: Policy) -> list[Path]:
    from generator.pdf import reproducible, soffice, to_pdf

    if not documents or soffice() is None:
        return []
    pdfs = to_pdf(documents, out_dir)
    for pdf in pdfs:
        reproducible(pdf, epoch(policy))
    return pdfs
