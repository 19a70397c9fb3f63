"""Site engines: what renders a generated Markdown tree into a site, in strict mode.

MkDocs with Material runs in this process. Zensical (by Material's authors) reads the same
settings and runs in its own process, with the few adaptations it needs (:func:`adapt`).
Each engine's warnings come back as :data:`EngineWarning` values for the build to report.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2

from generator import cache
from generator.package_data import THEME
from generator.source.model import SiteEngine

__all__ = ["adapt", "render"]


def adapt(engine: SiteEngine, settings: dict[str, Any], config: Path) -> dict[str, Any]:
    """One site's settings as the engine needs them, its config to be written at ``config``."""
    if engine != SiteEngine.zensical:
        return settings
    # Zensical wants both folders relative to the config (absolute ones make it panic).
    settings["docs_dir"] = os.path.relpath(settings["docs_dir"], config.parent)
    settings["site_dir"] = os.path.relpath(settings["site_dir"], config.parent)
    # It makes the one palette a colour switcher with nothing to switch, hidden from
    # screen readers yet focusable; with none it uses the same default colours.
    settings["theme"]["palette"] = []
    settings["theme"]["custom_dir"] = str(_zensical_theme(config.parent))
    return settings


def render(engine: SiteEngine, config: Path) -> list[EngineWarning]:
    """Render the site ``config`` describes; the warnings, empty if it built cleanly."""
    return _zensical(config) if engine == SiteEngine.zensical else _mkdocs(config)


EngineWarning = tuple[str, int, str]
"""Where a warning points (a file below the docs folder, or empty; a line) and what it says."""


def _mkdocs(config: Path) -> list[EngineWarning]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _captured_warnings() as warnings:
        try:
            settings = load_config(config_file=str(config))
            _compile_once(settings.theme)
            mkdocs_build(settings)
        except MkDocsException as exc:
            warnings.append(str(exc))
    return [("", 0, message) for message in warnings if "Aborted" not in message]


def _compile_once(theme: Any) -> None:
    """Give the theme's Jinja environment the shared store of compiled templates, and the
    list of its files made once for the process."""
    make = theme.get_env
    dirs = tuple(theme.dirs)

    def get_env() -> jinja2.Environment:
        env = make()
        env.bytecode_cache = cache.TEMPLATES
        env.list_templates = functools.partial(_theme_files, dirs, env.list_templates)
        return env

    theme.get_env = get_env


#: The theme's files by folders, extensions and filter: listing Material's 14,000 files
#: (its icons) costs each site of a build, and each rebuild of `policy serve`, 0.06 s.
_LISTED: dict[tuple[Any, ...], list[str]] = {}


def _theme_files(dirs: tuple[str, ...], list_templates: Any, extensions: Any = None,
                 filter_func: Any = None) -> list[str]:
    """``Environment.list_templates``, remembered. A filter is told apart by its code:
    MkDocs' one (picking the static files to copy) differs between sites only by the
    theme's settings, and the same folders are the same theme."""
    entry = (dirs, tuple(extensions or ()), getattr(filter_func, "__code__", filter_func))
    if entry not in _LISTED:
        _LISTED[entry] = list_templates(extensions, filter_func)
    return list(_LISTED[entry])


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Zensical's report of one issue: "Warning: page does not exist", then "[ index.md:12:5 ]".
_ZENSICAL_ISSUE = re.compile(r"^(?:Warning|Error): (?P<message>.+?)\s*$\n(?:.*\n)*?"
                             r".*\[ (?P<file>[^\]:]+):(?P<line>\d+)", re.M)


#: Overrides of Material's own partials that Zensical's differ from: its search is its own
#: dialog (already named for screen readers), which Material's search form would break.
MATERIAL_ONLY = ("partials/search.html",)


def _zensical_theme(work: Path) -> Path:
    """The theme overrides less those written for Material's partials alone."""
    theme = work / "theme-zensical"
    if not theme.exists():
        shutil.copytree(THEME, theme)
        for name in MATERIAL_ONLY:
            (theme / name).unlink()
    return theme


def _zensical(config: Path) -> list[EngineWarning]:
    """Zensical in its own process: a panic in its native code cannot take the build down."""
    if importlib.util.find_spec("zensical") is None:
        return [("", 0, "Zensical is not installed; build with --engine mkdocs, or ask "
                 "whoever installs the generator to add its zensical extra (see the "
                 "documentation, How-to: 'Publish the sites')")]
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--clean",
                             "-f", config.name], cwd=config.parent, capture_output=True,
                            text=True, env={**os.environ, "NO_COLOR": "1"})
    if result.returncode == 0:
        return []
    output = _ANSI.sub("", result.stdout + result.stderr)
    issues = [(m["file"], int(m["line"]), m["message"]) for m in _ZENSICAL_ISSUE.finditer(output)]
    last = (output.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
    return issues or [("", 0, f"Zensical failed: {last}")]


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """MkDocs' warnings collected (strict mode turns them into a failed build)."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler, level, propagate = Collect(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
