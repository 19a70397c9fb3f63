"""The Markdown tree of each site, written from the model by the templates in templates/.

The public tree comes from :func:`generator.audience.public_view` only; the internal tree
from the whole policy. Both are plain Markdown a person can open and read, and any static
site engine with Material-style extensions can render them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from generator.audience import public_view
from generator.diff import Change, ProseChange, marked_up
from generator.facts import NOT_FACTS, Fact, environment_options, render_prose, resolve
from generator.interface import gettext
from generator.model import Audience, Policy
from generator.timescales import timescales
from generator.validate import appeal_for
from generator.versions import ArchivedVersion


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    text: str
    section: str = ""
    """The navigation group the page sits in; empty for top-level pages."""


@dataclass
class SiteTree:
    """Pages of one audience's site in one language, and files to copy beside them."""

    audience: str
    policy: Policy
    """The policy the pages state, in the site's language."""
    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        """Where the site goes below the output: public/, internal/, public/cy/..."""
        return self.audience if self.policy.language == "en" else \
            f"{self.audience}/{self.policy.language}"

    def nav(self) -> list[Any]:
        """MkDocs navigation: top-level pages, then one group per section, in page order."""
        nav: list[Any] = []
        groups: dict[str, list[Any]] = {}
        for page in self.pages:
            entry = {page.title: page.path}
            if not page.section:
                nav.append(entry)
            elif page.section in groups:
                groups[page.section].append(entry)
            else:
                groups[page.section] = [entry]
                nav.append({page.section: groups[page.section]})
        return nav


@functools.cache
def _templates(language: str) -> jinja2.Environment:
    """Page templates, with _() speaking the language of the policy being rendered."""
    env = ImmutableSandboxedEnvironment(  # they print source text: the sandbox, as for prose
        loader=jinja2.PackageLoader("generator", "templates"), extensions=["jinja2.ext.i18n"],
        **environment_options(html=True))
    translate = gettext(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translate, lambda one, many, n: translate(one if n == 1 else many), newstyle=True)
    return env


class _Renderer:
    """Renders page templates with the policy's facts and a few lookups."""

    def __init__(self, policy: Policy, marking: str, extra: dict[str, Any]):
        self.policy = policy
        self.context: dict[str, Any] = {
            **{name: getattr(Fact(policy, policy, "", True), name)
               for name in Policy.model_fields if name not in NOT_FACTS},
            "marking": marking,
            "prose": lambda name: Markup(render_prose(policy, str(name))),
            "measures_at": lambda stage: [m for m in policy.measures.values()
                                          if stage in m.allowed_at],
            "appeal_for": self._appeal_for,
            "language": policy.language,
            **extra,
        }

    def _appeal_for(self, decision: str) -> Fact | None:
        appeal = appeal_for(self.policy, decision)
        if appeal is None:
            return None
        appeal_id = next(k for k, v in self.policy.rights.appeals.items() if v is appeal)
        return self.context["rights"].appeals[appeal_id]

    def page(self, template: str, path: str, title: str, section: str = "",
             **values: Any) -> Page:
        text = _templates(self.policy.language).get_template(template).render(
            {**self.context, **values})
        return Page(path, title, _tidy(text), section)


def public_tree(policy: Policy, exports: list[str] = ()) -> SiteTree:
    """The published policy: the public parts only, from the public view of the model."""
    view = public_view(policy)
    tree = SiteTree(Audience.public.value, policy)
    for index, (part_id, part) in enumerate(view.parts.items()):
        # the public site carries no marking banner
        render = _Renderer(view, "", {"exports": _export_links(exports)})
        path = "index.md" if index == 0 else f"part-{part_id}.md"
        tree.pages.append(render.page("part.md", path, f"{part.label}: {part.title}",
                                      part=render.context["parts"][part_id]))
    return tree


def export_markdown(policy: Policy) -> dict[str, str]:
    """Each public part as one pandoc-ready Markdown document, by part id."""
    view = public_view(policy)
    render = _Renderer(view, "", {})
    return {part_id: render.page("export.md", f"part-{part_id}.md", part.title,
                                 part=render.context["parts"][part_id]).text
            for part_id, part in view.parts.items()}


@dataclass(frozen=True)
class History:
    """What the version pages show: changes since the last kept version, and the archive."""

    previous: str | None = None
    changes: list[Change] = field(default_factory=list)
    wording: list[ProseChange] = field(default_factory=list)
    archive: list[ArchivedVersion] = field(default_factory=list)
    archived: dict[str, str] = field(default_factory=dict)
    """Version -> file name of that version's published policy among the downloads."""


def internal_tree(policy: Policy, downloads: dict[str, str], diagram: bytes | None,
                  diagram_alt: str, exports: list[str] = (),
                  history: History = History()) -> SiteTree:
    """The staff intranet: every part, the guidance pages, the matrix and the letters."""
    marking = _internal_marking(policy)
    render = _Renderer(policy, marking, {"downloads": downloads,
                                         "exports": _export_links(exports),
                                         "marked_up": marked_up,
                                         **vars(history)})
    facts, _ = render.context, gettext(policy.language)
    tree = SiteTree(Audience.internal.value, policy)
    add = tree.pages.append
    add(render.page("home.md", "index.md", _("Overview")))
    for part_id, part in policy.parts.items():
        add(render.page("part.md", f"part-{part_id}.md", f"{part.label}: {part.title}",
                        _("The policy"), part=facts["parts"][part_id],
                        marking=part.marking if part.audience != Audience.public else marking))
    for stage_id, stage in policy.stages.items():
        add(render.page("stage.md", f"stages/{stage_id}.md", stage.name, _("Stages"),
                        stage=facts["stages"][stage_id]))
    for protocol_id, protocol in policy.protocols.items():
        add(render.page("protocol.md", f"protocols/{protocol_id}.md", protocol.title,
                        _("Protocols"), protocol=facts["protocols"][protocol_id],
                        marking=policy.parts[protocol.part].marking))
    if policy.decisions:
        add(render.page("decision-matrix.md", "decision-matrix.md", _("Decision matrix"),
                        _("Who decides")))
        for role_id, role in policy.roles.items():
            add(render.page("role.md", f"roles/{role_id}.md", role.name, _("Who decides"),
                            role=facts["roles"][role_id]))
    if policy.measures:
        add(render.page("measures.md", "measures.md", _("Special measures"), _("Reference pages")))
    if policy.behaviours:
        add(render.page("behaviours.md", "behaviours.md", _("Unacceptable behaviour"),
                        _("Reference pages")))
    periods = [(label, resolve(policy, path, html=True))
               for label, path, _period in timescales(policy)]
    add(render.page("timescales.md", "timescales.md", _("Timescales at a glance"),
                    _("Reference pages"), timescales=periods))
    if policy.stages:
        add(render.page("process.md", "process.md", _("Process flow"), _("Reference pages"),
                        diagram=diagram is not None, diagram_alt=diagram_alt))
        if diagram is not None:
            tree.files["process.svg"] = diagram
    if policy.letters:
        add(render.page("letters.md", "letters.md", _("Letters and forms"), _("Reference pages")))
    add(render.page("changes.md", "changes.md", _("What changed in this version"), _("Versions")))
    add(render.page("versions.md", "versions.md", _("Version archive"), _("Versions")))
    add(render.page("document-control.md", "document-control.md", _("Document control"),
                    _("Reference pages")))
    return tree


_FORMAT_NAMES = {"docx": "Word", "odt": "OpenDocument", "html": "a single web page",
                 "pdf": "PDF"}


def _export_links(names: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Export files (part-a.docx...) as (label, file name) by part id."""
    links: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        stem, fmt = name.rsplit(".", 1)
        links.setdefault(stem.removeprefix("part-"), []).append((_FORMAT_NAMES[fmt], name))
    return links


_LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.) ")


def _tidy(markdown: str) -> str:
    """Blank lines where Markdown needs them (before headings and lists), at most one."""
    lines: list[str] = []
    for line in markdown.splitlines():
        previous = lines[-1] if lines else ""
        opens_block = line.startswith("#") or (
            _LIST_ITEM.match(line) and not _LIST_ITEM.match(previous))
        if opens_block and previous.strip() and previous != "---":
            lines.append("")
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def _internal_marking(policy: Policy) -> str:
    """The banner for pages that belong to no part: the first internal part's marking."""
    internal = [p.marking for p in policy.parts.values() if p.audience != Audience.public]
    return internal[0] if internal else "OFFICIAL: internal use only"

