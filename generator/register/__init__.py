"""The register of cases: the store, its schema and migrations."""

__all__ = [
    "access", "actions", "case_files", "commands", "counts", "database", "decisions", "due",
    "kept", "lists", "migrations", "passwords", "permissions", "records", "report",
    "retention", "schema", "sessions", "store", "tally", "upkeep",
]
