"""Letters and forms: case files, the Word templates and their rendering, the content floor and
required-content check, PDFs, `policy letter(s)`."""

__all__ = [
    "case", "case_letters", "documents", "floor", "letter_check", "letter_context",
    "make_templates", "pdf", "pdf_server", "preflight", "wordfile",
]
