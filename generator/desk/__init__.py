"""The letter desk."""

__all__ = ["answers", "app", "auth", "form", "i18n", "letter", "register_views", "server", "views"]
