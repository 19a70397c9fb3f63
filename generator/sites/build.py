"""`policy build`: both sites from one source, built aside and swapped in whole.

The Markdown trees come from :mod:`generator.sites.pages`; a site engine only renders them:
MkDocs with Material, or Zensical (by Material's authors) from the same settings.
Everything is written to a temporary folder beside the output, so a failed build
leaves the previous output exactly as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import itertools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache
from generator.languages.catalogues import N_
from generator.languages.interface import gettext
from generator.output import cannot_write
from generator.package_data import SITE_SETTINGS, THEME
from generator.private import SITE_MARKER
from generator.revisions.changelog import changes_between
from generator.revisions.standing import Notice, notices, standing
from generator.revisions.versions import archive, previous_policy
from generator.sites import engines, flow
from generator.sites.exports import Exporter, epoch, export_names, start_export, unexported
from generator.sites.pages import (
    History,
    SiteTree,
    export_links,
    internal_tree,
    public_tree,
    revised_line,
)
from generator.sites.structure import check_structure
from generator.sites.translation_check import tree_texts, welsh_trees
from generator.sites.verify import ARCHIVE, verify_site
from generator.source.errors import Problem, SourceError
from generator.source.model import Policy, SiteEngine, Status
from generator.source.read import policy_file, read_policy
from generator.source.translation import missing_translations, welsh_view

__all__ = ["build", "make_trees", "render_site", "site_checks", "site_config", "tree_problems",
           "write_tree"]

#: Each language's name in itself, for the language switcher.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
#: Folders of the other-language sites inside a site: not checked against its facts.
LANGUAGES = (Path("cy"),)
PREVIEW = N_("PREVIEW: this version has not been approved for publication")


@dataclass(frozen=True)
class BuildResult:
    policy: Policy
    out: Path
    pages: dict[str, int]
    notes: list[str]
    """What was not built, and why."""


def build(source: Path, out: Path, markdown_only: bool = False,
          audiences: tuple[str, ...] = ("public", "internal"), as_of: dt.date | None = None,
          preview: bool = False, pdf: bool = True,
          engine: SiteEngine | None = None,
          on_wait: Callable[[str], None] | None = None,
          shown: Callable[[], None] | None = None) -> BuildResult:
    """Build the public and internal sites (or only their Markdown) from ``source`` into ``out``.

    The public site follows the policy's status (see :func:`standing`): it is built for a
    published policy, or an approved one with the date it applies from, whatever approvals
    the source records; for a draft, only with ``preview``, under a banner saying it is not
    approved. Asking for the public site alone of a draft is an error. ``engine`` renders the sites:
    if not given, the source's ``site_engine``, else MkDocs. While another build holds
    ``out``, this one waits, and ``on_wait`` is told for whom.

    With ``shown`` (`policy serve`'s), the pages go into ``out`` as soon as they are
    rendered and checked, while pandoc still writes the exports, and ``shown`` is told:
    each download meanwhile is still the file the build before put there, whole. The
    exports then take their places one by one, each renamed in whole, once the checks that
    read them pass; a failing check raises as ever, the old downloads left in place. Where
    ``out`` lacks an earlier copy of a download (a first build, a new part), nothing goes
    in before the exports.
    """
    policy = read_policy(source)
    engine = SiteEngine(engine or policy.policy.site_engine or SiteEngine.mkdocs)
    as_of = as_of or dt.date.today()
    audiences, notes = _allowed(policy, audiences, as_of, preview)
    out = out.resolve()
    try:
        with _locked(out, on_wait), tempfile.TemporaryDirectory(dir=out.parent,
                                                       prefix=f".{out.name}-build-") as work:
            return _build_into(policy, out, Path(work), markdown_only, audiences,
                               as_of, preview, pdf, notes, engine, shown)
    except OSError as exc:
        if not str(exc.filename or "").startswith(str(out.parent)):
            raise
        raise SourceError([cannot_write(out, exc)]) from None


def _build_into(policy: Policy, out: Path, work: Path, markdown_only: bool,
                audiences: tuple[str, ...], as_of: dt.date, preview: bool, pdf: bool,
                notes: list[str], engine: SiteEngine,
                shown: Callable[[], None] | None = None) -> BuildResult:
    """The build itself, in ``work`` beside ``out``, swapped in whole at the end (with
    ``shown``, its pages swapped in first: see :func:`build`)."""
    staging = Path(work, "out")
    if policy.stages and flow.find_engine() is None:
        notes = [*notes, flow.NO_ENGINE]
    unapproved = preview and not standing(policy, as_of).publishable
    made, exporting = _begun_trees(policy, work, pdf, unapproved)
    trees = [tree for tree in made if tree.audience in audiences]
    markdown = Path(work, "markdown") if not markdown_only else staging / "markdown"
    with _awaited(exporting):  # the exports are written beside all that follows
        if tree_problems(policy, trees):  # all of them, the exports' too
            _settle(trees, exporting)
            raise SourceError(tree_problems(policy, trees))
        for tree in trees:
            write_tree(tree, markdown / tree.markdown)
        if not markdown_only:
            _render_all(trees, markdown, staging, work, as_of, preview, engine, out)
            _check_sites(trees, staging)
            if shown and _earlier_downloads(trees, staging, out):
                _swap(staging, out)
                staging = out
                shown()
    _settle(trees, exporting)
    problems = tree_problems(policy, trees)  # now with the exports' words
    if problems:
        raise SourceError(problems)
    if not markdown_only:
        _check_exports(trees)
    for tree in trees:
        _write_exports(tree, [markdown / tree.markdown,
                              *([] if markdown_only else [staging / tree.folder])])
    if staging != out:
        _swap(staging, out)
    return BuildResult(policy, out, {tree.folder: len(tree.pages) for tree in trees}, notes)


def tree_problems(policy: Policy, trees: list[SiteTree]) -> list[Problem]:
    """What the site trees show wrong before they are rendered: links in prose to no page,
    and translations the Welsh sites lack; each once, though several sites show it."""
    problems = [p for tree in trees for p in check_links(tree.policy, tree)]
    problems += missing_translations(policy, tree_texts(t for t in trees
                                                        if t.policy.language != "en"))
    return list(dict.fromkeys(problems))


def site_checks(policy: Policy) -> list[Problem]:
    """The problems a build would find before rendering (see :func:`tree_problems`), for
    `policy check`: the trees made as a build makes them, with the exports named but not
    written (pandoc is a build's work, unbounded by the sandbox), in a folder that is
    removed at once."""
    source = policy.folder
    with tempfile.TemporaryDirectory(prefix="policy-check-") as work:
        try:
            problems = tree_problems(policy, make_trees(
                policy, Path(work), pdf=False, export=unexported))
        except SourceError as error:
            problems = error.problems
    # a problem met in the folder just removed is the source's: never name that folder
    return [dataclasses.replace(p, file=str(source)) if p.file.startswith(work) else p
            for p in problems]


def _allowed(policy: Policy, audiences: tuple[str, ...], as_of: dt.date,
             preview: bool) -> tuple[tuple[str, ...], list[str]]:
    """The audiences that may be built, and a note for the public site when it may not."""
    reasons = standing(policy, as_of).unpublishable
    if "public" not in audiences or not reasons or preview:
        return audiences, []
    message = "the public site is not built: " + "; ".join(reasons)
    if audiences == ("public",):
        raise SourceError([Problem(str(policy_file(policy)), 0, "policy.status", message,
                                   "or build a marked preview with --preview")])
    return tuple(a for a in audiences if a != "public"), [message]


def _render_all(trees: list[SiteTree], markdown: Path, staging: Path, work: Path,
                as_of: dt.date, preview: bool, engine: SiteEngine, out: Path) -> None:
    """Render every tree, English first (a Welsh site sits in a folder of the English one);
    a site whose inputs are those its last clean build in ``out`` was rendered from, and
    whose pages there are as that build wrote them, is taken from ``out`` unrendered.
    The exports are left aside (they are still being written): every build writes them
    into its sites afterwards (:func:`_write_exports`)."""
    ordered = sorted(trees, key=lambda t: t.policy.language != "en")
    sites = [_site(tree, markdown / tree.markdown, staging / tree.folder,
                   work / f"{tree.markdown}.yml",
                   _banners(tree, as_of, preview), trees, engine, out / tree.folder)
             for tree in ordered]
    inner = {tree.folder: [*(Path(t.folder).relative_to(tree.folder) for t in trees
                             if t.folder != tree.folder and Path(t.folder).is_relative_to(
                                 tree.folder)), *map(Path, tree.pending)] for tree in trees}
    inputs = {tree.folder: _inputs(engine, site, markdown / tree.markdown, work)
              for tree, site in zip(ordered, sites, strict=True)}
    kept = {tree.folder for tree in ordered
            if (made := cache.value("rendered-sites", inputs[tree.folder])) is not None
            and made == _output(out / tree.folder, inner[tree.folder])}
    render = [(tree, site) for tree, site in zip(ordered, sites, strict=True)
              if tree.folder not in kept]
    _raise_warnings([tree for tree, _ in render], [markdown / tree.markdown for tree, _ in render],
                    engines.render(engine, [site for _, site in render]))
    for folder in kept:
        _copy_site(out / folder, staging / folder, inner[folder])
    for tree, _ in render:
        cache.keep_value("rendered-sites", inputs[tree.folder],
                         _output(staging / tree.folder, inner[tree.folder]))


def _check_sites(trees: list[SiteTree], staging: Path) -> None:
    """Every rendered page checked against its facts and structure (the exports, still
    being written, aside: see :func:`_check_exports`)."""
    _check_pages([(tree, staging / tree.folder, [
        page for page in sorted((staging / tree.folder).rglob("*.html"))
        if page.relative_to(staging / tree.folder).as_posix() not in tree.pending])
        for tree in trees], lambda file: _site_page(file, staging))


def _check_exports(trees: list[SiteTree]) -> None:
    """Every export in HTML checked as a page of its site, where pandoc wrote it (before
    it goes into a site), and named as the site's download."""
    pages = [(tree, name, path) for tree in trees for name, path in tree.pending.items()
             if path.suffix == ".html"]
    names = {str(path): f"site page {tree.folder}/{name}" for tree, name, path in pages}
    _check_pages([(tree, path.parent, [path]) for tree, _, path in pages],
                 lambda file: names.get(file, file))


def _check_pages(sites: list[tuple[SiteTree, Path, list[Path]]],
                 named: Callable[[str], str]) -> None:
    """Each site's pages (below its folder) checked against its tree's facts and structure,
    unless the same page was found clean before; a problem's page is ``named`` as it would
    be in the site, not by the work folder."""
    unchecked = [(tree, site, _unchecked(tree.policy, site, pages))
                 for tree, site, pages in sites]
    problems = [p for tree, site, entries in unchecked
                for p in verify_site(tree.policy, site, LANGUAGES, list(entries))]
    problems += [p for tree, site, entries in unchecked
                 for p in check_structure(tree.policy, site, LANGUAGES, list(entries))]
    if problems:
        raise SourceError([dataclasses.replace(p, file=named(p.file)) for p in problems])
    for _, _, entries in unchecked:
        for entry in entries.values():
            cache.keep_value("checked-pages", entry, True)


def _inputs(engine: SiteEngine, site: engines.Site, docs: Path, work: Path) -> str:
    """The hash of all a site is rendered from: the engine and its version, the site's
    settings (less the build's own folder), its Markdown and the generator's theme."""
    return cache.key(str(engine), cache.library(str(engine)), cache.library("material"),
                     site.config.read_text(encoding="utf-8").replace(str(work), ""),
                     str(site.epoch), cache.files_of(docs), cache.generator_code())


def _site_files(site: Path, inner: list[Path]) -> list[Path]:
    """A rendered site's files, less those of the sites inside it (the Welsh one)."""
    return sorted(path for path in site.rglob("*") if path.is_file() and not any(
        path.relative_to(site).is_relative_to(folder) for folder in inner))


def _output(site: Path, inner: list[Path]) -> str | None:
    """A hash of a rendered site's files as the system keeps them (None if it is
    missing): their names, sizes, times of change and inodes, which the build's own
    renames and links keep and any other write changes, so no file is read."""
    if not site.is_dir():
        return None
    parts = []
    for path in _site_files(site, inner):
        stat = path.stat()
        parts += [str(path.relative_to(site)), f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"]
    return cache.key(*parts)


def _copy_site(site: Path, to: Path, inner: list[Path]) -> None:
    """The files of a site built before, linked (else copied) into the new build."""
    for path in _site_files(site, inner):
        target = to / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        _link(path, target)


def _link(path: Path, target: Path) -> None:
    """``path`` linked (else copied) to ``target``, a name not taken."""
    try:
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)


def _site_page(file: str, staging: Path) -> str:
    """A page of the site being built, by its path in the site ("internal/index.html")."""
    path = Path(file)
    return f"site page {path.relative_to(staging)}" if path.is_relative_to(staging) else file


def _unchecked(policy: Policy, site: Path, pages: list[Path]) -> dict[Path, str]:
    """The ``pages`` of a site not found clean before, each with the hash of all that its
    checks read to find it clean (the page, the policy's facts and translations, the
    generator; the prose only places a problem): a rebuild reads through only the pages
    that changed."""
    facts = cache.key(policy.model_dump_json(), policy.language,
                      json.dumps(policy.welsh_text, sort_keys=True), cache.generator_code())
    entries = {page: cache.key(facts, str(page.relative_to(site)), page.read_bytes())
               for page in pages}
    return {page: entry for page, entry in entries.items()
            if not cache.value("checked-pages", entry)}


_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")


def check_links(policy: Policy, tree: SiteTree) -> list[Problem]:
    """Relative links in prose must reach a page of the site the fragment is published on."""
    source = policy.folder
    pages = {page.path for page in tree.pages} | set(tree.files)
    fragments = {section.prose for part in policy.parts.values() for section in part.sections
                 if tree.audience == "internal" or part.audience == "public"}
    problems = []
    for name in sorted(fragments):
        for number, line in enumerate(policy.prose.get(name, "").splitlines(), start=1):
            for target in _LINK.findall(line):
                page = target.split("#", 1)[0]
                if page and not re.match(r"^[a-z]+:|^/", page) and page not in pages:
                    problems.append(Problem(
                        str(source / "prose" / name), number, "link",
                        f"'{target}' is not a page of the {tree.audience} site",
                        f"link to one of: {', '.join(sorted(p.path for p in tree.pages))}"))
    return problems


#: Where a site keeps the body's logo, followed by the image's own suffix.
LOGO = "assets/logo"


def _with_logo(trees: list[SiteTree], policy: Policy) -> list[SiteTree]:
    """Every site carries the body's logo, where the source names one."""
    from generator.letters.documents import logo_path

    path = logo_path(policy) if policy.policy.council.logo else None
    for tree in trees if path else []:
        assert path is not None
        tree.files[LOGO + path.suffix.lower()] = path.read_bytes()
    return trees


def make_trees(policy: Policy, work: Path, pdf: bool = True,
               preview: bool = False, export: Exporter = start_export) -> list[SiteTree]:
    """The sites' trees; ``preview`` marks the Part A exports PREVIEW on every page;
    ``export`` writes the exports (:func:`unexported` names them only, for checks)."""
    trees, exporting = _begun_trees(policy, work, pdf, preview, export)
    _settle(trees, exporting)
    return trees


def _begun_trees(policy: Policy, work: Path, pdf: bool, preview: bool = False,
                 export: Exporter = start_export) -> tuple[list[SiteTree], list[Future[Any]]]:
    """The sites' trees, their exports still being written: each tree's ``pending`` names
    them, and :func:`_settle` (after the futures) reads them into its files."""
    exporting = export(policy, work / "exports", pdf, _mark(policy, preview))  # meanwhile
    with _awaited([exporting]):
        downloads = [*_fill_in_documents(policy, work / "downloads"),
                     *_other_languages(policy, work / "downloads-other",
                                       welsh_first=False)]
        diagram = flow.render_svg(policy) if policy.stages else None
        history, archived = _history(policy, work / "archive", pdf, export)
        welsh, welsh_exporting = _welsh_trees(policy, work, pdf, preview, export)
    names = export_names(policy, pdf)
    public = public_tree(policy, names, _published(history, archived))
    internal = internal_tree(policy, {p.stem: p.name for p in downloads}, diagram,
                             flow.describe(policy), names, history)
    internal.files.update({f"downloads/{p.name}": p.read_bytes() for p in downloads})
    for tree in (public, internal):
        _pend(tree, work / "exports", names)
    for version, paths in archived.items():
        trees = (public, internal) if version in public.archived else (internal,)
        for tree in trees:
            tree.files.update({f"{ARCHIVE}/{p.name}": p.read_bytes() for p in paths})
    return _with_logo([public, internal, *welsh], policy), [exporting, *welsh_exporting]


def _pend(tree: SiteTree, folder: Path, names: list[str]) -> None:
    """The exports named, to be written into ``folder``, offered among the downloads:
    pending, and empty until then (the engine copies what it finds)."""
    for name in names:
        tree.pending[f"downloads/{name}"] = folder / name
        tree.files[f"downloads/{name}"] = b""


def _settle(trees: list[SiteTree], exporting: list[Future[Any]]) -> None:
    """Wait for the exports (their failure is the build's), then read each tree's."""
    made = {path for future in exporting for path in future.result()}
    unmade = [path for tree in trees for path in tree.pending.values() if path not in made]
    if unmade:
        raise RuntimeError(f"the exports wrote no {', '.join(sorted(map(str, unmade)))}")
    for tree in trees:
        tree.files.update({name: path.read_bytes() for name, path in tree.pending.items()})


def _write_exports(tree: SiteTree, folders: list[Path]) -> None:
    """A tree's exports, once written, into each folder that holds its site (the Markdown,
    the rendered site), each renamed in whole over what stood there: a site being served
    may hold an earlier build's download there, linked (see :func:`_earlier_downloads`),
    which a reader is given whole until then and which is never written into."""
    for folder, name in itertools.product(folders, tree.pending):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        written = path.with_name(f".{path.name}.new")
        written.write_bytes(tree.files[name])
        os.replace(written, path)


def _earlier_downloads(trees: list[SiteTree], staging: Path, out: Path) -> bool:
    """Whether ``out`` holds an earlier build's copy of every export the trees offer; if
    so, each is linked into the site in ``staging`` in place of its empty stand-in, to be
    offered until the new one is written."""
    earlier = [(out / tree.folder / name, staging / tree.folder / name)
               for tree in trees for name in tree.pending]
    if not all(path.is_file() and path.stat().st_size for path, _ in earlier):
        return False
    for path, target in earlier:
        target.unlink(missing_ok=True)
        _link(path, target)
    return True


def _mark(policy: Policy, preview: bool) -> str:
    """The PREVIEW line of a preview build's exports, in the policy's language."""
    return gettext(policy.language)(PREVIEW) if preview else ""


@contextmanager
def _awaited(exporting: list[Future[Any]]) -> Iterator[None]:
    """Work beside exports; if it fails, the exports are waited for first, so nothing
    writes into the build's folder once the failure removes it."""
    try:
        yield
    except BaseException:
        wait(exporting)
        raise


def _welsh_trees(policy: Policy, work: Path, pdf: bool, preview: bool,
                 export: Exporter) -> tuple[list[SiteTree], list[Future[Any]]]:
    """The Welsh sites the source asks for, each with Part A exported in Welsh (begun:
    see :func:`_begun_trees`).

    With Welsh letters, the Welsh fill-in letters are rendered (a translation they lack
    fails the build) and the Welsh intranet offers them.
    """
    welsh = policy.policy.welsh
    if welsh is None:
        return [], []
    view = welsh_view(policy)
    exporting = export(view, work / "exports-cy", pdf, _mark(view, preview))
    with _awaited([exporting]):
        letters = [*_fill_in_documents(view, work / "downloads-cy"),
                   *_other_languages(policy, work / "downloads-cy-other",
                                     welsh_first=True)] if welsh.letters else []
        names = export_names(view, pdf)
        trees = welsh_trees(policy, names, {p.stem: p.name for p in letters}, draw=True)
    for tree in trees:
        _pend(tree, work / "exports-cy", names)
        if tree.audience == "internal":
            tree.files.update({f"downloads/{p.name}": p.read_bytes() for p in letters})
    return trees, [exporting]


def _history(policy: Policy, folder: Path, pdf: bool,
             export: Exporter) -> tuple[History, dict[str, list[Path]]]:
    """Changes since the last kept version, and each kept version's published policy in
    every export format, by version."""
    previous = previous_policy(policy)
    changes, prose = changes_between(previous, policy) if previous else ([], [])
    lines = archive(policy)
    files: dict[str, list[Path]] = {}
    for line in lines:
        if line.policy is None or line.policy is policy:
            continue
        version = line.entry.version
        assert version is not None  # a kept version is named by its number
        exported = export(line.policy, folder / version, pdf, "").result()
        files[version] = [path.rename(folder / f"version-{version}-{path.name}")
                          for path in exported]
    doc = policy.policy
    entry = next((e for e in doc.version_history if e.version == doc.version), None)
    history = History(previous.policy.version if previous else None, changes, prose, lines,
                      {version: export_links([p.name for p in paths])
                       for version, paths in files.items()},
                      entry.summary if entry else "")
    return history, files


def _published(history: History, archived: dict[str, list[Path]]) -> dict[str, Any]:
    """The kept versions the public once read (approved or published), with their files."""
    return {line.entry.version: history.archived[line.entry.version]
            for line in history.archive
            if line.entry.version in archived and line.policy is not None
            and line.policy.policy.status != Status.draft}


def _other_languages(policy: Policy, target: Path,
                     welsh_first: bool) -> list[Path]:
    """Wherever a source offers Welsh letters, each intranet offers every fill-in in its
    other language and in both: the English one the Welsh (``<id>-cy.docx``) and the Welsh
    one the English (``<id>-en.docx``), each beside the bilingual one."""
    from generator.letters.documents import render_bilingual_fill_in, render_fill_in

    if not (policy.letters and policy.policy.welsh and policy.policy.welsh.letters):
        return []
    other = policy if welsh_first else welsh_view(policy)
    suffix = "en" if welsh_first else "cy"
    written = []
    for path in render_fill_in(other, target / suffix):
        renamed = target / f"{path.stem}-{suffix}.docx"
        path.replace(renamed)
        written.append(renamed)
    return [*written, *render_bilingual_fill_in(policy, welsh_view(policy), target)]


def _fill_in_documents(policy: Policy, target: Path) -> list[Path]:
    """Fill-in Word letters and forms for the intranet, rendered from the policy's facts."""
    if not policy.letters:
        return []
    from generator.letters.documents import render_fill_in

    return render_fill_in(policy, target)


def write_tree(tree: SiteTree, folder: Path) -> None:
    for page in tree.pages:
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.text, encoding="utf-8")
    for name, data in tree.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def site_config(tree: SiteTree, docs: Path, site: Path, banners: Iterable[Notice] = (),
                siblings: Iterable[SiteTree] = ()) -> dict[str, Any]:
    """The config of one site; theme and extensions come from the shared mkdocs.yml."""
    policy, _ = tree.policy, gettext(tree.policy.language)
    doc = policy.policy
    audience = _("published policy") if tree.audience == "public" else _("staff guidance")
    config: dict[str, Any] = {
        "INHERIT": str(SITE_SETTINGS),
        "site_name": f"{doc.council.name}: {doc.title}",
        "site_description": f"{doc.title}, {audience}",
        "docs_dir": str(docs),
        "site_dir": str(site),
        **({"site_url": _site_url(doc.site_urls[tree.audience], policy.language)}
           if tree.audience in doc.site_urls else {}),
        "theme": {"custom_dir": str(THEME), "language": policy.language,
                  **_logo(tree), **_palette(doc.council.colour)},
        "nav": tree.nav(),
        "copyright": doc.council.name,
        "extra": {
            "marking": tree.marking,
            "notices": [notice._asdict() for notice in banners],
            "not_found": {"title": _("Page not found"),
                          "text": _("There is no page at this address. Use the menu or the "
                                    "search to find what you are looking for.")},
            "revised": revised_line(policy),
            "colour": doc.council.colour,
        },
    }
    languages = [t.policy.language for t in siblings if t.audience == tree.audience]
    if len(languages) > 1:  # a switcher to the same site in the other languages
        here = "" if policy.language == "en" else "../"
        config["extra"]["alternate"] = [
            {"name": LANGUAGE_NAMES[code], "lang": code,
             "link": here + ("" if code == "en" else f"{code}/") + "index.html"}
            for code in languages]
    if policy.language != "en":  # no Welsh stemmer exists for the search engine
        config["plugins"] = [{"search": {"lang": "en", "pipeline": ["trimmer"]}}]
    return config


def _site_url(url: str, language: str) -> str:
    """A site's address; a Welsh site sits in the cy/ folder below its English one."""
    return url if language == "en" else f"{url}{language}/"


def _palette(colour: str | None) -> dict[str, Any]:
    """The body's own colour in place of the theme's (main.html sets it as "custom")."""
    return {"palette": {"scheme": "default", "primary": "custom", "accent": "indigo"}} \
        if colour else {}


def _logo(tree: SiteTree) -> dict[str, str]:
    """The body's logo in the header (and as the tab's icon), where the source gives one."""
    logo = next((name for name in tree.files if name.startswith(LOGO)), None)
    return {"logo": logo, "favicon": logo} if logo else {}


def _banners(tree: SiteTree, as_of: dt.date, preview: bool) -> list[Notice]:
    """The notices across the top of a site's pages, PREVIEW first on an unpublished one."""
    public = tree.audience == "public"
    banners = notices(tree.policy, as_of, public)
    if public and preview and not standing(tree.policy, as_of).publishable:
        banners.insert(0, Notice("preview", gettext(tree.policy.language)(PREVIEW)))
    return banners


def render_site(tree: SiteTree, docs: Path, site: Path, config: Path,
                banners: Iterable[Notice] = (), siblings: Iterable[SiteTree] = (),
                engine: SiteEngine = SiteEngine.mkdocs) -> None:
    """Render one Markdown tree in strict mode; the engine's warnings become problems."""
    _raise_warnings([tree], [docs], engines.render(
        engine, [_site(tree, docs, site, config, list(banners), siblings, engine, site)]))


def _site(tree: SiteTree, docs: Path, site: Path, config: Path, banners: list[Notice],
          siblings: Iterable[SiteTree], engine: SiteEngine, home: Path) -> engines.Site:
    """Write the engine's config for one tree, to be published at ``home``; the site to
    render."""
    return engines.configure(engine, site_config(tree, docs, site, banners, siblings), config,
                             epoch(tree.policy), home)


def _raise_warnings(trees: list[SiteTree], docs: list[Path],
                    warnings: list[list[engines.EngineWarning]]) -> None:
    """Each site's engine warnings as problems (strict mode: a warning is no site)."""
    problems = [Problem(str(folder / file) if file else str(folder), line,
                        f"{tree.audience} site", message, "fix the source")
                for tree, folder, found in zip(trees, docs, warnings, strict=True)
                for file, line, message in found]
    if problems:
        raise SourceError(problems)


@contextmanager
def _locked(out: Path, on_wait: Callable[[str], None] | None) -> Iterator[None]:
    """One build at a time into ``out``: a second waits, telling ``on_wait`` which build.

    The lock file names the build holding it and goes when that build ends. Holding the
    lock, a build also removes what killed builds left beside ``out``.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    while True:
        with open(path, "a+", encoding="utf-8") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                holder = lock.read().strip() or "another process"
                if on_wait:
                    on_wait(f"waiting for the build in {holder} to finish writing {out}")
                fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists() or os.stat(path).st_ino != os.fstat(lock.fileno()).st_ino:
                continue  # the build before removed the file as it finished: lock anew
            lock.seek(0)
            lock.truncate()
            lock.write(f"process {os.getpid()}, started {dt.datetime.now():%H:%M:%S}\n")
            lock.flush()
            for stale in out.parent.glob(f".{out.name}-build-*"):
                shutil.rmtree(stale, ignore_errors=True)
            try:
                yield
            finally:
                path.unlink(missing_ok=True)
            return


def _mark_published(staging: Path) -> None:
    """Leave the marker by which a command writing personal data knows a built site's
    folder, whatever its name, and refuses it (:mod:`generator.private`)."""
    staging.mkdir(exist_ok=True)
    (staging / SITE_MARKER).write_text("Built by `policy build`: this folder is published, "
                                       "so no personal data is written into it.\n",
                                       encoding="utf-8")


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``, marked as published, in two renames, so no reader
    sees half a build."""
    _mark_published(staging)
    old = out.with_name(f".{out.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)
