"""Letters and forms: case files, the Word templates and their rendering, the content floor and
required-content check, PDFs, `policy letter(s)`."""
