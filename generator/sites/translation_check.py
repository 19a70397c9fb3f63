"""Which Welsh a source still lacks: every marker its Welsh outputs would carry, by id.

Only what a Welsh output actually shows is required, so a source that publishes only
Part A in Welsh need not translate its staff guidance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from generator.languages import catalogues, interface
from generator.sites import flow
from generator.sites.pages import SiteTree, internal_tree, public_tree
from generator.source.errors import Problem
from generator.source.load import WELSH, locate
from generator.source.model import Policy
from generator.source.translation import missing, translatable, welsh_view

__all__ = ["check_welsh", "missing_translations", "stale_welsh", "tree_texts", "welsh_trees"]


def welsh_trees(policy: Policy, exports: Sequence[str] = (),
                downloads: dict[str, str] | None = None, draw: bool = False) -> list[SiteTree]:
    """The Welsh site trees the source asks for (none when Welsh is not enabled).

    ``draw`` lays out the Welsh process diagram too (a build wants it; a check does not).
    """
    welsh = policy.policy.welsh
    if welsh is None:
        return []
    view = welsh_view(policy)
    trees = []
    if "public" in welsh.sites:
        trees.append(public_tree(view, exports))
    if "internal" in welsh.sites:
        diagram = flow.render_svg(view) if draw and view.stages else None
        trees.append(internal_tree(view, downloads or {}, diagram, flow.describe(view),
                                   exports))
    return trees


def missing_translations(policy: Policy, texts: Iterable[str]) -> list[Problem]:
    """One problem per translation the texts show a marker for, saying where it belongs."""
    root = Path(policy.root or ".")
    ids = dict.fromkeys(key for text in texts for key in missing(text))
    return [_problem(root, key) for key in ids]


def _problem(root: Path, key: str) -> Problem:
    if key.startswith(f"{WELSH}/prose/"):
        return Problem(str(root / key), 0, "welsh", "no Welsh version of this fragment",
                       f"write it, naming the same facts as prose/{key.split('/', 2)[2]}")
    if key.startswith("ui: "):
        return _catalogue_problem(key[4:])
    return Problem(str(root / WELSH / "labels.yaml"), 0, key, "no Welsh translation",
                   f"add `{key}: ...` to {WELSH}/labels.yaml")


def _catalogue_problem(msgid: str) -> Problem:
    """The generator's own catalogue lacks a message: its entry's line, if it has one."""
    path = catalogues.po_path(interface.LOCALE, interface.DOMAIN, WELSH)
    gap = next(iter(catalogues.gaps(catalogues.read(path, WELSH), {msgid})),
               catalogues.Gap(0, msgid, "no translation"))
    todo = ("re-extract and update the catalogue, then translate it" if gap.line == 0 else
            "translate it" + (" and remove the fuzzy mark" if "fuzzy" in gap.what else ""))
    return Problem(str(path), gap.line, "msgstr", f"no Welsh for the generator's words "
                   f"{msgid!r} ({gap.what})", f'{todo} (see the documentation, '
                   'How-to: "Translate into Welsh")')


def check_welsh(policy: Policy, raw_data: dict) -> list[Problem]:
    """Unknown keys in cy/labels.yaml, and every translation the Welsh outputs lack."""
    known = translatable(policy)
    problems = []
    for key in policy.welsh_text:
        if key not in known:
            file, line = locate(raw_data, ("welsh_text", key))
            problems.append(Problem(file, line, key, "no such text to translate",
                                    "use the fact path of a text in the source, such as "
                                    "stages.stage_1.name"))
    for name in policy.welsh_prose:
        if name not in policy.prose:
            problems.append(Problem(str(Path(policy.root or ".") / WELSH / "prose" / name), 0,
                                    "welsh", "no English fragment of this name",
                                    "rename it after a file in prose/, or remove it"))
    return problems + missing_translations(policy, tree_texts(welsh_trees(policy)))


def tree_texts(trees: Iterable[SiteTree]) -> Iterator[str]:
    """Everything a site shows: its pages, its text files and the names in its header."""
    for tree in trees:
        doc = tree.policy.policy
        yield f"{doc.council.name} {doc.title}"
        yield from (page.text for page in tree.pages)
        yield from (data.decode() for name, data in tree.files.items()
                    if name.endswith((".html", ".svg")))


def stale_welsh(old: Policy, new: Policy, raw_data: dict) -> list[str]:
    """A warning for each Welsh text whose English changed since ``old`` (the last kept
    version) while the Welsh stayed as it was (or the kept version holds no Welsh)."""
    root = Path(new.root or ".")
    warnings = []
    for name, welsh in new.welsh_prose.items():
        if name in old.prose and old.prose[name] != new.prose.get(name) and \
                old.welsh_prose.get(name, welsh) == welsh:
            warnings.append(f"warning: {root / WELSH / 'prose' / name}: the English "
                            f"(prose/{name}) changed since version {old.policy.version}, but "
                            "the Welsh did not: bring the Welsh up to date")
    before, after = translatable(old), translatable(new)
    for key, welsh in new.welsh_text.items():
        if key in before and key in after and before[key] != after[key] and \
                old.welsh_text.get(key, welsh) == welsh:
            file, line = locate(raw_data, ("welsh_text", key))
            warnings.append(f"warning: {file}:{line}: {key}: the English changed since "
                            f"version {old.policy.version} ({before[key]!r} → {after[key]!r}), "
                            "but the Welsh did not: bring the Welsh up to date")
    return warnings
