"""The two sites and Part A's exports: Markdown trees per audience, the site engines, `policy
build` and `policy serve`, and the checks that read the built pages back."""

__all__ = [
    "audience", "build", "duties", "engines", "exports", "flow", "pages", "readability", "serve",
    "structure", "timescales", "unsaid", "verify", "zensical_run",
]
