"""The source and its typed model: reading YAML with FILE:LINE, the model and its values,
canonical wording, facts by name, the bounded sandbox every template renders in,
cross-reference checks, older forms, `policy new` and `policy upgrade`."""

__all__ = [
    "compat", "errors", "facts", "load", "markup", "model", "new_source", "plausible", "queries",
    "read", "sandbox", "upgrade", "validate", "values", "wording", "workdays",
]
