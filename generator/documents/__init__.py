"""Document plumbing that knows no policy: Word packages, bilingual Word files, pandoc,
PDFs through LibreOffice, their PDF/UA repair and check, and the print preflight."""

__all__ = ["bilingual", "pandoc", "pdf", "pdf_server", "pdfua", "preflight", "wordfile"]
