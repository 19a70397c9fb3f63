"""Versions of a policy: kept versions, the diff and change list, `policy revise`, the approval
report, a version's standing on a day."""

__all__ = ["changelog", "diff", "impact", "report", "revise", "standing", "versions"]
