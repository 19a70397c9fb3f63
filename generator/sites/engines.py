"""Site engines: what renders a generated Markdown tree into a site, in strict mode.

Both run in this process: MkDocs with Material, and Zensical (by Material's authors), which
reads the same settings with the few adaptations it needs (:func:`adapt`). Each engine's
warnings come back as :data:`EngineWarning` values for the build to report.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import yaml

from generator import cache
from generator.output import dated
from generator.package_data import THEME
from generator.source.model import SiteEngine

__all__ = ["Site", "adapt", "configure", "render", "reuse_pages"]


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


EngineWarning = tuple[str, int, str]
"""Where a warning points (a file below the docs folder, or empty; a line) and what it says."""


class Site(NamedTuple):
    """A site to render: its Markdown into its folder, by the engine's config."""

    config: Path
    epoch: int
    """The epoch its dated output (the sitemap) takes."""
    docs: Path
    out: Path


def configure(engine: SiteEngine, settings: dict[str, Any], config: Path, epoch: int,
              home: Path) -> Site:
    """Write the engine's config for the site ``settings`` describe (its ``docs_dir`` and
    ``site_dir`` absolute), published at ``home``; the site to render.

    MkDocs' config is written at ``config``. Zensical's goes in a folder of its own for
    the site (:func:`_zensical_root`): Zensical keeps a cache of rendered pages beside its
    config and takes a page from it only while the config, its Markdown and its output
    folders have the paths they had, so they are copied there and back (see
    :func:`_zensical`)."""
    site = Site(config, epoch, Path(settings["docs_dir"]), Path(settings["site_dir"]))
    if engine == SiteEngine.zensical:
        root = _zensical_root(home, config)
        config = root / config.name
        settings = adapt(engine, {**settings, "docs_dir": str(root / DOCS),
                                  "site_dir": str(root / SITE)}, config)
        site = site._replace(config=config)
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return site


def render(engine: SiteEngine, sites: Sequence[Site]) -> list[list[EngineWarning]]:
    """Render each site, in order; each one's warnings, empty if it built cleanly."""
    if engine == SiteEngine.zensical:
        return _zensical(sites)
    results = []
    for site in sites:
        with dated(site.epoch):
            results.append(_mkdocs(site.config))
    return results


def _mkdocs(config: Path) -> list[EngineWarning]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _captured_warnings() as warnings:
        try:
            settings = load_config(config_file=str(config))
            _compile_once(settings.theme)
            with _reusing(settings, config) as rendered:
                mkdocs_build(settings)
        except MkDocsException as exc:
            warnings.append(str(exc))
    if not warnings and _KEPT is not None:
        _KEPT[config.name] = rendered
    return [("", 0, message) for message in warnings if "Aborted" not in message]


#: Each site's pages as its last clean MkDocs build rendered them, by the hash of
#: everything a page's HTML is made from: its HTML and its search entries; by the name of
#: the site's config (None: pages are not kept).
_KEPT: dict[str, dict[str, tuple[bytes, list[Any]]]] | None = None


def reuse_pages() -> None:
    """From now on in this process (`policy serve`), a page whose Markdown, site settings
    (its navigation among them) and fellow files are those of the last clean build is not
    rendered again: its HTML and search entries are taken from that build, the same
    bytes. An edit to one fragment then renders the page or two that show it."""
    global _KEPT
    _KEPT = {} if _KEPT is None else _KEPT


@contextmanager
def _reusing(settings: Any, config: Path) -> Iterator[dict[str, tuple[bytes, list[Any]]]]:
    """MkDocs' page steps, kept pages skipped while in effect; yields what this build
    renders or keeps, for :data:`_KEPT` once the build is found clean."""
    rendered: dict[str, tuple[bytes, list[Any]]] = {}
    if _KEPT is None:
        yield rendered
        return
    from mkdocs import utils
    from mkdocs.commands import build as mkdocs_build

    populate, build_page = mkdocs_build._populate_page, mkdocs_build._build_page
    searches = [plugin for plugin in settings.plugins.values() if hasattr(plugin, "on_post_build")
                and type(plugin).__name__ == "SearchPlugin"]
    site, kept = _site_key(config), _KEPT.get(config.name, {})
    keys: dict[str, str] = {}
    names: dict[int, str] = {}  # the site's files, by the build's list of them

    def populate_kept(page: Any, config: Any, files: Any, dirty: bool = False) -> None:
        if id(files) not in names:
            names[id(files)] = cache.key(*sorted(f.src_uri for f in files))
        entry = cache.key(site, names[id(files)], page.file.src_uri,
                          Path(page.file.abs_src_path).read_bytes())
        keys[page.file.src_uri] = entry
        if entry in kept:
            page.read_source(config)  # its title and metadata, which other pages show
        else:
            populate(page, config, files, dirty)

    def build_kept(page: Any, *args: Any, **kwargs: Any) -> None:
        entry = keys[page.file.src_uri]
        # the entries of the search index (made in the build's on_config)
        index = [entries for plugin in searches
                 for entries in [getattr(getattr(plugin, "search_index", None), "entries", [])]]
        index = index[0] if index else []
        if entry in kept:
            html, entries = rendered[entry] = kept[entry]
            utils.write_file(html, page.file.abs_dest_path)
            index.extend(entries)
            return
        before = len(index)
        build_page(page, *args, **kwargs)
        rendered[entry] = (Path(page.file.abs_dest_path).read_bytes(), index[before:])

    mkdocs_build._populate_page, mkdocs_build._build_page = populate_kept, build_kept
    try:
        yield rendered
    finally:
        mkdocs_build._populate_page, mkdocs_build._build_page = populate, build_page


def _site_key(config: Path) -> str:
    """A hash of a site's settings (not where the build's folder is), the shared settings
    and theme, and the date its dated output takes."""
    from generator.package_data import SITE_SETTINGS

    theme = sorted((str(path), path.stat().st_mtime_ns) for path in THEME.rglob("*"))
    return cache.key(config.read_text(encoding="utf-8").replace(str(config.parent), ""),
                     json.dumps(theme), SITE_SETTINGS.read_bytes(),
                     os.environ.get("SOURCE_DATE_EPOCH", ""))


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
#: A site's Markdown and its rendered pages, in the site's Zensical folder.
DOCS, SITE = "docs", "site"
#: The Zensical folder of a site not built for this long (one built into a temporary
#: folder, say) is removed.
UNUSED_SECONDS = 30 * 86400


def _zensical_theme(folder: Path) -> Path:
    """The theme overrides less those written for Material's partials alone, in ``folder``;
    copied again (times kept) whenever the generator's theme changes, so Zensical, which
    hashes its templates' paths and times, sees a change exactly then."""
    theme, stamp = folder / "theme-zensical", folder / "theme-zensical.key"
    made = cache.key(*(f"{path.relative_to(THEME)}:{path.stat().st_size}:"
                       f"{path.stat().st_mtime_ns}" for path in sorted(THEME.rglob("*"))))
    if theme.is_dir() and stamp.is_file() and stamp.read_text() == made:
        return theme
    shutil.rmtree(theme, ignore_errors=True)
    shutil.copytree(THEME, theme)
    for name in MATERIAL_ONLY:
        (theme / name).unlink()
    stamp.write_text(made)
    return theme


def _zensical_root(home: Path, config: Path) -> Path:
    """The folder Zensical renders a site in and keeps its cache in: in the cache folder,
    the same one for every build of the site published at ``home`` with this release of
    Zensical; with the cache off, one beside ``config`` for this build alone."""
    base = cache.folder()
    root = (base / "zensical" / cache.key(str(home), cache.library("zensical")) if base
            else config.with_name(f"{config.stem}-zensical"))
    root.mkdir(parents=True, exist_ok=True)
    os.utime(root)  # in use: see _remove_unused
    return root


def _remove_unused(roots: Path) -> None:
    """Remove the Zensical folders of sites not built for :data:`UNUSED_SECONDS`."""
    now = time.time()
    for root in roots.iterdir() if roots.is_dir() else ():
        try:
            unused = now - root.stat().st_mtime > UNUSED_SECONDS
        except OSError:
            continue  # another build removed it meanwhile
        if unused:
            shutil.rmtree(root, ignore_errors=True)


def _zensical(sites: Sequence[Site]) -> list[list[EngineWarning]]:
    """Every site with Zensical, in order (none imports it when there is none to render).

    Each site is rendered in its own folder (see :func:`configure`) from a copy of its
    Markdown, Zensical taking from its cache the pages whose inputs it has rendered
    before, and its pages are then moved to the site's output folder. What a failed
    build leaves in the Zensical folder is removed by the next; its output folder gets
    nothing."""
    if not sites:
        return []
    if importlib.util.find_spec("zensical") is None:
        return [[("", 0, "Zensical is not installed; build with --engine mkdocs, or ask "
                  "whoever installs the generator to add its zensical extra (see the "
                  "documentation, How-to: 'Publish the sites')")]] * len(sites)
    base = cache.folder()
    if base is not None:
        _remove_unused(base / "zensical")
    results = []
    for site in sites:  # in order: a Welsh site replaces the folder of it the English has
        root = site.config.parent
        shutil.rmtree(root / SITE, ignore_errors=True)
        shutil.rmtree(root / DOCS, ignore_errors=True)
        shutil.copytree(site.docs, root / DOCS)
        log = site.config.with_suffix(".log")
        with dated(site.epoch):
            built = _zensical_build(site.config, log)
        if built:
            shutil.rmtree(site.out, ignore_errors=True)
            site.out.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(root / SITE, site.out)
        results.append([] if built else _zensical_issues(log))
    return results


def _zensical_build(config: Path, log: Path) -> bool:
    """One site, strict, all Zensical says of it in ``log`` (its native code writes to the
    process's own output, which points there meanwhile); whether it built. A panic in its
    native code is an exception (pyo3's PanicException, a BaseException), and Zensical
    builds again after one."""
    import zensical

    sys.stdout.flush()
    sys.stderr.flush()
    kept = os.dup(1), os.dup(2)
    with open(log, "w", encoding="utf-8") as output:
        os.dup2(output.fileno(), 1)
        os.dup2(output.fileno(), 2)
        try:
            zensical.build(str(config), {"clean": False, "strict": True})
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a panic too; Zensical's own report is in the log
            output.write(f"Error: {exc}\n")
            return False
        finally:
            sys.stdout.flush()  # what its Python code printed goes to the log too
            sys.stderr.flush()
            os.dup2(kept[0], 1)
            os.dup2(kept[1], 2)
            os.close(kept[0])
            os.close(kept[1])
    return True


def _zensical_issues(log: Path) -> list[EngineWarning]:
    """What Zensical said of a site it did not build, from the site's own log."""
    output = _ANSI.sub("", log.read_text(encoding="utf-8", errors="replace")
                       if log.exists() else "")
    issues = [(m["file"], int(m["line"]), m["message"]) for m in _ZENSICAL_ISSUE.finditer(output)]
    last = (output.strip().splitlines() or ["it stopped before this site"])[-1]
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
