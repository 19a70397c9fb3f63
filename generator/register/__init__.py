"""The register of cases: the store, its schema and migrations."""

__all__ = [
    "access", "actions", "case_files", "confirmations", "database", "decisions", "disclosures",
    "due", "kept", "lists", "migrations", "passwords", "permissions", "records", "report",
    "retention", "schema", "sessions", "store", "tally", "upkeep",
]
