"""The Markdown tree of each site, written from the model by the templates in templates/.

The public tree comes from :func:`generator.source.audience.public_view` only; the internal tree
from the whole policy. Both are plain Markdown a person can open and read, and any static
site engine with Material-style extensions can render them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import cache
from generator.languages.catalogues import N_
from generator.languages.interface import choice, choice_filter, gettext, translations
from generator.revisions.diff import GROUPS, Change, ProseChange, marked_up
from generator.revisions.versions import ArchivedVersion
from generator.sites.duties import duties
from generator.sites.timescales import timescales
from generator.source.audience import public_view
from generator.source.facts import NOT_FACTS, Fact, environment_options, render_prose, resolve
from generator.source.model import Audience, Policy
from generator.source.queries import appeal_for, page_ids
from generator.source.sandbox import BoundedSandbox
from generator.source.wording import approval_text, approver_fields, text
from generator.statements import (
    appeals,
    contact,
    document_control,
    measures,
    ombudsmen,
    panels,
    reviews,
    signatories,
    stages,
)
from generator.statements import timescales as periods

__all__ = [
    "History", "Page", "SiteTree", "export_links", "export_markdown", "internal_tree", "names_fact",
    "public_tree", "revised_line",
]


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
    pending: dict[str, Path] = field(default_factory=dict)
    """Files still being written beside the build (the exports), by their name in the
    site, each where it will be; ``files`` holds each empty until it is written."""
    marking: str = ""
    """The banner of pages that give none of their own (the 404 page): none in public."""
    archived: dict[str, Any] = field(default_factory=dict)
    """Earlier versions whose published policy the site offers, as export links."""

    @property
    def folder(self) -> str:
        """Where the site goes below the output: public/, internal/, public/cy/..."""
        return self.audience if self.policy.language == "en" else \
            f"{self.audience}/{self.policy.language}"

    @property
    def markdown(self) -> str:
        """Where the site's Markdown goes below the Markdown folder: public/, public-cy/...
        beside each other, as an engine renders every page below a site's Markdown (a
        Welsh tree inside the English one would be rendered into the English site too)."""
        return self.folder.replace("/", "-")

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


@dataclass(frozen=True)
class Generated:
    """What Part A's generated sections state, and the ids they may use on the page."""

    appeals: list[Fact]
    ombudsmen: list[Fact]
    scheduled: list[Fact]
    """Reviews of every restriction together, on a calendar."""
    id: str
    """The id of the section on appeals and ombudsmen."""
    reviews_id: str


def names_fact(prose: str, collection: str, key: str) -> bool:
    """Whether prose names an entry of a collection, or the whole collection at once."""
    pattern = re.escape(collection) + r"(?:\.(\w+)|\[['\"]?(\w+)['\"]?\]|(?![\w.\[]))"
    return any(not (m.group(1) or m.group(2)) or key in (m.group(1), m.group(2))
               for m in re.finditer(pattern, prose))


#: ``{ #id }`` (attribute lists, not Jinja's ``{# comments #}``) and ``id="..."`` in HTML.
def _free_id(wanted: str, taken: list[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever the page does not use yet."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


@functools.cache
def _templates(language: str) -> jinja2.Environment:
    """Page templates, with _() speaking the language of the policy being rendered."""
    env = BoundedSandbox(  # they print source text: the bounded sandbox, as for prose
        loader=jinja2.PackageLoader("generator.sites", "templates"),
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=cache.TEMPLATES, **environment_options(html=True))
    env.filters["capfirst"] = capfirst
    env.filters["choice"] = choice_filter(language)
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations(language), newstyle=True)
    return env


def capfirst(words: str) -> str:
    """A name as a title or the start of a line: "all staff" as "All staff"."""
    return words[:1].upper() + words[1:]


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
            "appeal_said": appeals.page_lines,
            "ombudsman_said": ombudsmen.page_lines,
            "panel_lines": panels.page_lines,
            "decided_said": signatories.decider_lines,
            "stage_said": measures.stage_lines,
            "limit_said": measures.limit_lines,
            "about_said": document_control.about_lines,
            "timescales_said": periods.intro_lines,
            "case_review_said": reviews.page_lines,
            "scheduled_said": reviews.scheduled_lines,
            "duty_said": signatories.duty_lines,
            "panel_duty_said": panels.duty_lines,
            "event_said": stages.event_lines,
            "entry_said": stages.entry_lines,
            "outcome_said": stages.outcome_lines,
            "sender_said": stages.sender_lines,
            "report_lines": reviews.report_lines,
            "register_said": reviews.register_lines,
            "marking_said": document_control.marking_lines,
            "approval_said": document_control.approval_lines,
            "archive_said": document_control.archive_lines,
            "scope_said": measures.scope_lines,
            "contact_said": contact.body_lines,
            "approval_text": approval_text,
            "approver": lambda approval: Markup(", ").join(
                getattr(approval, name) for name in approver_fields(approval.value)),
            "appeal_subjects": self._appeal_subjects,
            "language": policy.language,
            **extra,
        }

    def _appeal_for(self, decision: str) -> Fact | None:
        appeal = appeal_for(self.policy, decision)
        if appeal is None:
            return None
        appeal_id = next(k for k, v in self.policy.rights.appeals.items() if v is appeal)
        return self.context["rights"].appeals[appeal_id]

    def _appeal_subjects(self, appeal: Fact) -> list[str]:
        """What an appeal rule is against, in words the public knows: the stages the
        decisions put a case at, the protocols and measures they take; never a decision's
        internal title."""
        against = set(appeal.value.against)
        return [*(s.name for s in self.policy.stages.values() if s.entry_decision in against),
                *(p.title for p in self.policy.protocols.values() if p.decision in against),
                *(m.name for m in self.policy.measures.values() if m.decision in against)]

    def generated(self, part_id: str) -> Generated | None:
        """The generated sections of a public part: the calendar reviews, appeal rules and
        ombudsmen that the public prose does not already state; None where there is
        nothing left to say."""
        if self.policy.parts[part_id].audience != Audience.public or part_id != next(
                (pid for pid, p in self.policy.parts.items() if p.audience == Audience.public)):
            return None  # once, on the first public part
        prose = "\n".join(self.policy.prose.get(s.prose, "")
                          for p in self.policy.parts.values() if p.audience == Audience.public
                          for s in p.sections)
        rights = self.context["rights"]
        appeals = [rights.appeals[aid] for aid in self.policy.rights.appeals
                   if not names_fact(prose, "rights.appeals", aid)]
        ombudsmen = [rights.ombudsmen[i] for i in range(len(self.policy.rights.ombudsmen))
                     if not names_fact(prose, "rights.ombudsmen", str(i))]
        scheduled = [self.context["reviews"].scheduled[rid] for rid in self.policy.reviews.scheduled
                     if not names_fact(prose, "reviews.scheduled", rid)]
        if not (appeals or ombudsmen or scheduled):
            return None
        taken = page_ids(self.policy, part_id)
        reviews_id = _free_id("calendar-reviews", taken)
        return Generated(appeals, ombudsmen, scheduled,
                         _free_id("review-and-ombudsman", [*taken, reviews_id]), reviews_id)

    def page(self, template: str, path: str, title: str, section: str = "",
             **values: Any) -> Page:
        text = _templates(self.policy.language).get_template(template).render(
            {**self.context, **values})
        return Page(path, title, _tidy(text), section)


def public_tree(policy: Policy, exports: Sequence[str] = (),
                archived: dict[str, Any] | None = None) -> SiteTree:
    """The published policy: the public parts only, from the public view of the model.

    Its first page is headed with the policy's own title, as a resident knows it.
    ``archived`` are earlier versions the public once read, listed at the end of it.
    """
    view = public_view(policy)
    tree = SiteTree(Audience.public.value, policy, archived=archived or {})
    for index, (part_id, part) in enumerate(view.parts.items()):
        # the public site carries no marking banner
        render = _Renderer(view, "", {"exports": export_links(exports),
                                      "archived": tree.archived if index == 0 else {}})
        path = "index.md" if index == 0 else f"part-{part_id}.md"
        title = view.policy.title if index == 0 else f"{part.label}: {part.title}"
        tree.pages.append(render.page("part.md", path, title, heading=title,
                                      part=render.context["parts"][part_id],
                                      generated=render.generated(part_id)))
    return tree


def export_markdown(policy: Policy) -> dict[str, str]:
    """Each public part as one pandoc-ready Markdown document, by part id."""
    view = public_view(policy)
    render = _Renderer(view, "", {})
    return {part_id: render.page("export.md", f"part-{part_id}.md", part.title,
                                 part=render.context["parts"][part_id],
                                 generated=render.generated(part_id)).text
            for part_id, part in view.parts.items()}


@dataclass(frozen=True)
class History:
    """What the version pages show: changes since the last kept version, and the archive."""

    previous: str | None = None
    changes: list[Change] = field(default_factory=list)
    wording: list[ProseChange] = field(default_factory=list)
    archive: list[ArchivedVersion] = field(default_factory=list)
    archived: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    """Version -> that version's published policy among the downloads, as export links."""
    summary: str = ""
    """The version history's summary of what changed in this version."""


def internal_tree(policy: Policy, downloads: dict[str, str], diagram: bytes | None,
                  diagram_alt: str, exports: Sequence[str] = (),
                  history: History = History()) -> SiteTree:
    """The staff intranet: every part, the guidance pages, the matrix and the letters."""
    marking = _internal_marking(policy)
    render = _Renderer(policy, marking, {"downloads": downloads,
                                         "exports": export_links(exports),
                                         "marked_up": marked_up, "groups": GROUPS,
                                         **vars(history)})
    facts, _ = render.context, gettext(policy.language)
    tree = SiteTree(Audience.internal.value, policy, marking=marking)
    add = tree.pages.append
    add(render.page("home.md", "index.md", _("Overview")))
    for part_id, part in policy.parts.items():
        add(render.page("part.md", f"part-{part_id}.md", f"{part.label}: {part.title}",
                        _("The policy"), part=facts["parts"][part_id],
                        generated=render.generated(part_id),
                        marking=(part.marking or "") if part.audience != Audience.public
                        else marking))
    for stage_id, stage in policy.stages.items():
        add(render.page("stage.md", f"stages/{stage_id}.md", stage.name, _("Stages"),
                        stage=facts["stages"][stage_id]))
    for protocol_id, protocol in policy.protocols.items():
        add(render.page("protocol.md", f"protocols/{protocol_id}.md", protocol.title,
                        _("Protocols"), protocol=facts["protocols"][protocol_id],
                        marking=policy.parts[protocol.part].marking or ""))
    if policy.decisions:
        add(render.page("decision-matrix.md", "decision-matrix.md", _("Decision matrix"),
                        _("Who decides")))
        for role_id, role in policy.roles.items():
            add(render.page("role.md", f"roles/{role_id}.md", capfirst(role.name),
                            _("Who decides"), role=facts["roles"][role_id],
                            duties=duties(policy, role_id)))
    if policy.measures:
        add(render.page("measures.md", "measures.md", _("Special measures"), _("Reference pages")))
    if policy.behaviours:
        add(render.page("behaviours.md", "behaviours.md", _("Unacceptable behaviour"),
                        _("Reference pages")))
    periods = [(owner, label, resolve(policy, path, html=True))
               for owner, label, path, _period in timescales(policy)]
    add(render.page("timescales.md", "timescales.md", _("Timescales at a glance"),
                    _("Reference pages"), timescales=periods))
    if policy.stages:
        add(render.page("process.md", "process.md", _("Process flow"), _("Reference pages"),
                        diagram=diagram is not None, diagram_alt=diagram_alt))
        if diagram is not None:
            tree.files["process.svg"] = diagram
    if policy.letters:
        add(render.page("letters.md", "letters.md", _("Letters and forms"), _("Reference pages")))
    at = len(tree.pages)  # the changes page lists the pages after them, so it comes last
    add(render.page("versions.md", "versions.md", _("Version archive"), _("Versions")))
    add(render.page("document-control.md", "document-control.md", _("Document control"),
                    _("Reference pages")))
    tree.pages.insert(at, render.page(
        "changes.md", "changes.md", _("What changed in this version"), _("Versions"),
        pages=_pages_stating(tree.pages, history),
        letters=_letters_stating(policy, history)))
    return tree


_FACT = re.compile(r'data-fact="([^"]+)"')


def _touches(fact: str, changed: str) -> bool:
    return fact == changed or fact.startswith(changed + ".") or changed.startswith(fact + ".")


def _pages_stating(pages: list[Page], history: History) -> list[Page]:
    """Pages that state a changed fact, or hold a section whose wording changed."""
    paths = [c.path for c in history.changes if c.group != "document"]
    titles = {p.section.split(": ", 1)[-1] for p in history.wording}
    return [page for page in pages if page.path not in ("versions.md", "document-control.md")
            and (any(_touches(f, c) for f in _FACT.findall(page.text) for c in paths)
                 or any(f"# {title}\n" in page.text for title in titles))]


def _letters_stating(policy: Policy, history: History) -> list[str]:
    """Titles of the letters and forms that print or depend on a changed fact."""
    paths = [c.path for c in history.changes if c.group != "document"]
    found = []
    for letter_id, letter in policy.letters.items():
        owners = [f"letters.{letter_id}"]
        owners += [f"stages.{letter.stage}"] if letter.stage else []
        owners += [f"decisions.{letter.decision}"] if letter.decision else []
        owners += [f"roles.{letter.signed_by}"] if letter.signed_by else []
        owners += ["rights"] if any(e.value.startswith(("appeal", "no_appeal", "ombudsman",
                                                        "statutory"))
                                    for e in letter.must_state) else []
        owners += ["measures"] if "measures" in letter.must_state else []
        if any(c == o or c.startswith(o + ".") for c in paths for o in owners):
            found.append(letter.title)
    return found


_FORMAT_NAMES = {"docx": N_("Word"), "odt": N_("OpenDocument"),
                 "html": N_("a single web page"), "pdf": N_("PDF")}


def export_links(names: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """Export files (part-a.docx, version-2.0-part-a.pdf...) as (label, file name) by part."""
    links: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        stem, fmt = name.rsplit(".", 1)
        links.setdefault(stem.split("part-", 1)[-1], []).append((_FORMAT_NAMES[fmt], name))
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


def revised_line(policy: Policy) -> str:
    """The footer line of every page: version, status and dates, as far as the source says."""
    doc, _ = policy.policy, gettext(policy.language)
    facts = {"version": doc.version, "status": choice(policy.language, "status", doc.status),
             "revised": doc.publication_date and text(policy, doc.publication_date),
             "review": doc.next_review_date and text(policy, doc.next_review_date)}
    if all(facts.values()):
        return _("Version %(version)s, %(status)s. Last revised %(revised)s. "
                 "Next review due by %(review)s.") % facts
    pieces = [_("Version %(version)s, %(status)s.") if doc.version else _("Status: %(status)s."),
              _("Last revised %(revised)s.") if facts["revised"] else "",
              _("Next review due by %(review)s.") if facts["review"] else ""]
    return " ".join(piece % facts for piece in pieces if piece)


def _internal_marking(policy: Policy) -> str:
    """The banner for pages that belong to no part: the first internal part's marking."""
    internal = [p.marking for p in policy.parts.values() if p.audience != Audience.public]
    return (internal[0] if internal else None) or ""  # without one, pages carry no banner

