"""Versions of a policy: kept versions, the diff and change list, `policy revise`, the approval
report, a version's standing on a day, and what a draft would do to the register's cases."""

__all__ = ["changelog", "diff", "impact", "letter_words", "report", "revise", "role_facts",
           "standing", "versions"]
