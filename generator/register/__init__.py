"""The register of cases: the store, its schema and migrations."""

__all__ = [
    "access", "actions", "case_files", "commands", "database", "due", "kept", "lists",
    "migrations", "passwords", "records", "report", "retention", "schema", "store", "tally",
    "upkeep",
]
