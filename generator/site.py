"""`policy build`: both sites from one source, built aside and swapped in whole.

The Markdown trees come from :mod:`generator.pages`; MkDocs with Material only renders
them. Everything is written to a temporary folder beside the output, so a failed build
leaves the previous output exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import flow
from generator.diff import compare
from generator.errors import Problem, SourceError
from generator.exports import convert, export_part_a, reference_doc, source_date
from generator.interface import gettext
from generator.model import Policy
from generator.output import cannot_write
from generator.pages import History, SiteTree, export_markdown, internal_tree, public_tree
from generator.source import policy_file, read_policy
from generator.standing import notices, standing
from generator.translation import welsh_view
from generator.translation_check import missing_translations, tree_texts, welsh_trees
from generator.verify import ARCHIVE, verify_site
from generator.versions import archive, previous_policy
from generator.wording import text

ROOT = Path(__file__).resolve().parent.parent
#: Each language's name in itself, for the language switcher.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
#: Folders of the other-language sites inside a site: not checked against its facts.
LANGUAGES = (Path("cy"),)
PREVIEW = "PREVIEW: this version has not been approved for publication"
BASE_CONFIG = ROOT / "mkdocs.yml"
THEME = Path(__file__).resolve().parent / "theme"


@dataclass(frozen=True)
class BuildResult:
    policy: Policy
    out: Path
    pages: dict[str, int]
    notes: list[str]
    """What was not built, and why."""


def build(source: Path, out: Path, markdown_only: bool = False,
          audiences: tuple[str, ...] = ("public", "internal"), as_of: dt.date | None = None,
          preview: bool = False, pdf: bool = True) -> BuildResult:
    """Build the public and internal sites (or only their Markdown) from ``source`` into ``out``.

    The public site is built only for an approved policy with its approvals recorded; with
    ``preview`` it is built anyway, with a banner saying it is not approved. Asking for the
    public site alone of an unapproved policy is an error.
    """
    policy = read_policy(source)
    as_of = as_of or dt.date.today()
    audiences, notes = _allowed(policy, audiences, as_of, preview)
    out = out.resolve()
    try:
        with _locked(out), tempfile.TemporaryDirectory(dir=out.parent,
                                                       prefix=f".{out.name}-build-") as work:
            return _build_into(policy, source, out, Path(work), markdown_only, audiences,
                               as_of, preview, pdf, notes)
    except OSError as exc:
        if not str(exc.filename or "").startswith(str(out.parent)):
            raise
        raise SourceError([cannot_write(out, exc)]) from None


def _build_into(policy: Policy, source: Path, out: Path, work: Path, markdown_only: bool,
                audiences: tuple[str, ...], as_of: dt.date, preview: bool, pdf: bool,
                notes: list[str]) -> BuildResult:
    """The build itself, in ``work`` beside ``out``, swapped in whole at the end."""
    staging = Path(work, "out")
    trees = [tree for tree in make_trees(policy, source, work, pdf)
             if tree.audience in audiences]
    problems = [p for tree in trees for p in check_links(tree.policy, source, tree)]
    problems += missing_translations(policy, tree_texts(t for t in trees
                                                        if t.policy.language != "en"))
    if problems:
        raise SourceError(problems)
    markdown = Path(work, "markdown") if not markdown_only else staging / "markdown"
    for tree in trees:
        write_tree(tree, markdown / tree.folder)
    if not markdown_only:
        _render_all(trees, markdown, staging, work, as_of, preview)
    _swap(staging, out)
    return BuildResult(policy, out, {tree.folder: len(tree.pages) for tree in trees}, notes)


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
                as_of: dt.date, preview: bool) -> None:
    """Render every tree, English first (a Welsh site sits in a folder of the English one)."""
    for tree in sorted(trees, key=lambda t: t.policy.language != "en"):
        policy = tree.policy
        banners = notices(policy, as_of) if tree.audience == "internal" else (
            [gettext(policy.language)(PREVIEW)]
            if preview and not standing(policy, as_of).publishable else [])
        with source_date(policy):
            render_site(tree, markdown / tree.folder, staging / tree.folder,
                        work / f"{tree.folder.replace('/', '-')}.yml", banners, trees)
    problems = [p for tree in trees
                for p in verify_site(tree.policy, staging / tree.folder, skip=LANGUAGES)]
    if problems:
        raise SourceError(problems)


_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")


def check_links(policy: Policy, source: Path, tree: SiteTree) -> list[Problem]:
    """Relative links in prose must reach a page of the site the fragment is published on."""
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


def make_trees(policy: Policy, source: Path, work: Path, pdf: bool = True) -> list[SiteTree]:
    downloads = _fill_in_documents(policy, source, work / "downloads")
    exports = export_part_a(policy, work / "exports", pdf=pdf)
    names = [path.name for path in exports]
    diagram = flow.render_svg(policy) if policy.stages else None
    public = public_tree(policy, names)
    history, archived = _history(policy, work / "archive")
    internal = internal_tree(policy, {p.stem: p.name for p in downloads}, diagram,
                             flow.describe(policy), names, history)
    for tree, files in ((public, exports), (internal, [*downloads, *exports])):
        tree.files.update({f"downloads/{p.name}": p.read_bytes() for p in files})
    internal.files.update({f"{ARCHIVE}/{p.name}": p.read_bytes() for p in archived})
    return [public, internal, *_welsh_trees(policy, source, work, pdf)]


def _welsh_trees(policy: Policy, source: Path, work: Path, pdf: bool) -> list[SiteTree]:
    """The Welsh sites the source asks for, each with Part A exported in Welsh.

    With Welsh letters, the Welsh fill-in letters are rendered (a translation they lack
    fails the build) and the Welsh intranet offers them.
    """
    welsh = policy.policy.welsh
    if welsh is None:
        return []
    view = welsh_view(policy)
    exports = export_part_a(view, work / "exports-cy", pdf=pdf)
    letters = _fill_in_documents(view, source, work / "downloads-cy") if welsh.letters else []
    trees = welsh_trees(policy, [p.name for p in exports], {p.stem: p.name for p in letters},
                        draw=True)
    for tree in trees:
        files = [*exports, *(letters if tree.audience == "internal" else [])]
        tree.files.update({f"downloads/{p.name}": p.read_bytes() for p in files})
    return trees


def _history(policy: Policy, folder: Path) -> tuple[History, list[Path]]:
    """Changes since the last kept version, and each kept version's published policy."""
    previous = previous_policy(policy)
    changes, prose = compare(previous, policy) if previous else ([], [])
    lines = archive(policy)
    files = {}
    folder.mkdir(parents=True, exist_ok=True)
    for line in lines:
        if line.policy is None or line.policy is policy:
            continue
        for part_id, markdown in export_markdown(line.policy).items():
            target = folder / f"version-{line.entry.version}-part-{part_id}.html"
            with source_date(line.policy):
                convert(markdown, "html", target, reference_doc(line.policy))
            files[line.entry.version] = target
    history = History(previous.policy.version if previous else None, changes, prose, lines,
                      {version: path.name for version, path in files.items()})
    return history, list(files.values())


def _fill_in_documents(policy: Policy, source: Path, target: Path) -> list[Path]:
    """Fill-in Word letters and forms for the intranet, rendered from the policy's facts."""
    if not policy.letters:
        return []
    from generator.documents import render_fill_in

    return render_fill_in(policy, source, target)


def write_tree(tree: SiteTree, folder: Path) -> None:
    for page in tree.pages:
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.text, encoding="utf-8")
    for name, data in tree.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def site_config(tree: SiteTree, docs: Path, site: Path, banners: list[str] = (),
                siblings: Iterable[SiteTree] = ()) -> dict[str, Any]:
    """The config of one site; theme and extensions come from the shared mkdocs.yml."""
    policy, _ = tree.policy, gettext(tree.policy.language)
    doc = policy.policy
    audience = _("published policy") if tree.audience == "public" else _("staff guidance")
    config: dict[str, Any] = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": f"{doc.council.name}: {doc.title}",
        "site_description": f"{doc.title}, {audience}",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "theme": {"custom_dir": str(THEME), "language": policy.language},
        "nav": tree.nav(),
        "copyright": doc.council.name,
        "extra": {
            "marking": "" if tree.audience == "public" else None,
            "notices": list(banners),
            "revised": _("Version %(version)s, %(status)s. Last revised %(revised)s. "
                         "Next review due by %(review)s.") % {
                "version": doc.version, "status": _(doc.status.value),
                "revised": text(policy, doc.publication_date),
                "review": text(policy, doc.next_review_date)},
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


def render_site(tree: SiteTree, docs: Path, site: Path, config: Path,
                banners: list[str] = (), siblings: Iterable[SiteTree] = ()) -> None:
    """Render one Markdown tree with MkDocs in strict mode; warnings become problems."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    settings = site_config(tree, docs, site, banners, siblings)
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    with _captured_warnings() as warnings:
        try:
            mkdocs_build(load_config(config_file=str(config)))
        except MkDocsException as exc:
            warnings.append(str(exc))
    problems = [Problem(f"{docs}", 0, f"{tree.audience} site", message, "fix the source")
                for message in warnings if "Aborted" not in message]
    if problems:
        raise SourceError(problems)


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


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One build at a time into ``out``: a second waits, saying which build it waits for.

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
                print(f"waiting for the build in {holder} to finish writing {out}",
                      file=sys.stderr, flush=True)
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


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging`` in two renames, so no reader sees half a build."""
    old = out.with_name(f".{out.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)
