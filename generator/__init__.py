"""The policy generator: one structured policy source to sites, letters and exports."""

__all__ = [
    "cache", "cli", "desk", "languages", "letters", "output", "package_data", "pandoc", "register",
    "revisions", "sites", "source", "statements",
]
