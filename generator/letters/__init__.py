"""Letters and forms: the Word templates and their rendering, the required-content check,
links, Welsh and bilingual letters, `policy letter(s)`."""

__all__ = [
    "case_letters", "documents", "letter_check", "letter_context", "links", "placed",
    "welsh_letters",
]
