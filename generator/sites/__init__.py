"""The two sites and Part A's exports: Markdown trees per audience, the site engines, `policy
build` and `policy serve`, the approval report, and the checks that read the built pages back
(Welsh gaps among them)."""

__all__ = [
    "approval_report", "build", "duties", "engines", "exports", "flow", "pages", "readability",
    "serve", "structure", "timescales", "translation_check", "unsaid", "verify",
]
