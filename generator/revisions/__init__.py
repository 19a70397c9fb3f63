"""Versions of a policy: kept versions, the diff and change list, `policy revise`, a version's
standing on a day."""

__all__ = ["changelog", "diff", "revise", "standing", "versions"]
