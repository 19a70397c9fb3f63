"""The source and its typed model: reading YAML with FILE:LINE, the model and its values,
canonical wording, facts by name, who may see each fact (the public view), the Welsh view,
a letter's content floor, the bounded sandbox every template renders in, cross-reference
checks, older forms, `policy new` and `policy upgrade`."""

__all__ = [
    "audience", "compat", "errors", "facts", "floor", "load", "markup", "model", "new_source",
    "plausible", "queries", "read", "sandbox", "translation", "upgrade", "validate", "values",
    "wording", "workdays",
]
