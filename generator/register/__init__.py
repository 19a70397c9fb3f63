"""The register of cases: the store, its schema and migrations."""
