"""The policy generator: one structured policy source to sites, letters and exports."""

__all__ = [
    "cache", "cases", "cli", "desk", "documents", "languages", "letters", "output",
    "package_data", "private", "register", "revisions", "runtime", "sites", "source",
    "stamps", "statements",
]
