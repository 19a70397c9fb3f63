"""Versions of a policy: kept versions, the diff and change list, `policy revise`, a version's
standing on a day, the facts each role acts on, and what a draft would do to the register's
cases."""

__all__ = ["changelog", "diff", "impact", "letter_words", "revise", "role_facts", "standing",
           "versions"]
