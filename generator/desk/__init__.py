"""The letter desk."""

__all__ = [
    "accounts", "answers", "app", "auth", "decide", "disclose", "form", "i18n", "letter",
    "reference", "register_views", "server", "views",
]
