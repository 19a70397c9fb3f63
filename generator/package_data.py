"""Files the generator ships with, found through the installed package, never a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["LOCALE", "SHARED_REFERENCE", "SHARED_TEMPLATES", "SITE_SETTINGS", "THEME"]

_PACKAGE = Path(str(resources.files("generator")))
#: Settings both sites share; each site's config INHERITs them.
SITE_SETTINGS = _PACKAGE / "mkdocs.yml"
#: Theme overrides (custom_dir): the marking banner, accessibility fixes, no outside hosts.
THEME = _PACKAGE / "theme"
#: The gettext catalogues of the generator's own words (domain "policy"), and their template.
LOCALE = _PACKAGE / "locale"
#: The shared Word templates (``cy/`` for Welsh); the top-level letter_templates/ in a checkout.
SHARED_TEMPLATES = Path(str(resources.files("generator.letter_templates")))
#: Styles of the Part A Word export, unless a source has its own reference.docx.
SHARED_REFERENCE = SHARED_TEMPLATES / "reference.docx"
