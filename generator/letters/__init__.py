"""Letters and forms: case files, the Word templates and their rendering, the content floor and
required-content check, links, PDFs and their PDF/UA check, `policy letter(s)`."""

__all__ = [
    "case", "case_letters", "documents", "floor", "letter_check", "letter_context",
    "links", "make_templates", "pdf", "pdf_server", "pdfua", "placed", "preflight",
    "wordfile",
]
