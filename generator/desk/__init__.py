"""The letter desk."""

__all__ = [
    "accounts", "answers", "app", "auth", "decide", "form", "i18n", "letter", "reference",
    "reading", "register_views", "server", "views",
]
