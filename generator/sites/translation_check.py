"""Which Welsh a source still lacks: every marker its Welsh outputs would carry, by id.

Only what a Welsh output actually shows is required, so a source that publishes only
Part A in Welsh need not translate its staff guidance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from generator.sites import flow
from generator.sites.pages import SiteTree, internal_tree, public_tree
from generator.source.errors import Problem
from generator.source.load import WELSH, locate
from generator.source.model import Policy
from generator.source.translation import missing_translations, translatable, welsh_view

__all__ = ["check_welsh", "stale_welsh", "tree_texts", "welsh_trees"]


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
