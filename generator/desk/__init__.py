"""The letter desk."""

__all__ = [
    "accounts", "answers", "app", "auth", "decide", "disclose", "form", "i18n", "impact_views",
    "letter", "reading",
    "reference", "register_views", "server", "views",
]
