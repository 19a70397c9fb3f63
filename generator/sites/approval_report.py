"""`policy report approval`: the committee or cabinet report that takes a revision for approval.

Its shape follows the reports councils take to cabinet and standards committees: purpose,
recommendations, executive summary, what changed and why, implications, background and
author, with the new policy and the list of changes as appendices. The report's own
details (the body, the meeting, the author) come from an entry in reports.yaml whose
``approves_version`` names the new version.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.revisions.changelog import changes_between
from generator.revisions.diff import GROUPS, Change, ProseChange, marked_up, rule_changes
from generator.revisions.impact import Impact, counts
from generator.revisions.versions import locate
from generator.sites.exports import convert, references, report_pdf, source_date
from generator.sites.pages import export_markdown
from generator.source.errors import Problem, SourceError
from generator.source.model import Policy, Report, Status
from generator.source.read import read_policy
from generator.statements import changes as changes_said

__all__ = ["approval_report"]


#: The report's own words, from the catalogue (:data:`generator.statements.changes.REPORT`):
#: the report is written in English, as the change log is kept.
LANGUAGE = "en"


def _said(key: str, **values: str) -> str:
    return changes_said.said(changes_said.REPORT[key], LANGUAGE, **values)


def _author(report: Report) -> list[str]:
    """The report author's section, where the report names one."""
    author = report.author
    if author is None:
        return []
    return [f"# {_said('author')}", "",
            author.name + (f", {author.title}" if author.title else "")
            + (", " + _said("telephone", phone=author.phone) if author.phone else ""), ""]


def approval_report(source: Path, old_ref: str, new_ref: str, out: Path,
                    measured: Callable[[Policy, Policy], Impact] | None = None) -> Path:
    """Write the approval report for the change from ``old_ref`` to ``new_ref`` as .docx
    (and, for an ``out`` ending .pdf, its PDF beside it); return the file asked for.
    ``measured`` gives what the new version would do to the register's cases (old, new),
    which the report counts."""
    current = read_policy(source).policy.version
    old = read_policy(locate(source, old_ref, current))
    new = read_policy(locate(source, new_ref, current))
    report = _report_for(new)
    changes, prose = changes_between(old, new)
    impact = measured(old, new) if measured else None
    markdown = report_markdown(old, new, report, changes, prose, impact)
    out.parent.mkdir(parents=True, exist_ok=True)
    word = out.with_suffix(".docx")
    with source_date(new), tempfile.TemporaryDirectory() as folder:
        # the reference with its footer filled in: the policy's title, version and date
        convert(markdown, "docx", word, references(new, Path(folder))["docx"])
    return report_pdf(word, new) if out.suffix.lower() == ".pdf" else word


def _report_for(policy: Policy) -> Report:
    version = policy.policy.version
    matches = [r for r in policy.reports.values() if r.approves_version == version]
    if not matches:
        raise SourceError([Problem(str(Path(policy.root or ".") / "reports.yaml"), 0,
                                   "reports", f"no report has approves_version: \"{version}\"",
                                   "add one naming the body that approves, its meeting date, "
                                   "the report's author, purpose and recommendations")])
    return matches[0]


def report_markdown(old: Policy, new: Policy, report: Report, changes: list[Change],
                    prose: list[ProseChange], impact: Impact | None = None) -> str:
    doc = new.policy
    entry = next((e for e in doc.version_history if e.version == doc.version), None)
    lines = [
        "---",
        f'title: "{report.title}"',
        f'subtitle: "{report.body}, {report.meeting_date}"',
        f'author: "{_said("of", role=report.report_of)}"',
        "lang: en-GB",
        "---",
        "",
        f"**{doc.council.name}**" + (", " + _said("agenda", item=str(report.agenda_item))
                                     if report.agenda_item else ""),
        "",
        f"# {_said('purpose')}", "", report.purpose, "",
        f"# {_said('recommendations')}", "",
        *[f"{n}. {text}" for n, text in enumerate(report.recommendations, start=1)], "",
        f"# {_said('summary')}", "",
        *([report.executive_summary, ""] if report.executive_summary else []),
        _summary(old, new, report, changes, prose), "",
        *([changes_said.impact_line(impact.measured, len(impact.cases), LANGUAGE), ""]
          if impact else []),
        f"# {_said('changed')}", "",
        *([_said("in_short", summary=entry.summary), ""] if entry and entry.summary else []),
        *_changes(changes, prose, wording=False),
        *_on_the_cases(impact),
        *_implications(report),
        *([f"# {_said('background')}", "", *[f"{p}\n" for p in report.background]]
          if report.background else []),
        *_behaviours(new, report),
        *_author(report),
        *([f"# {_said('papers')}", "", *[f"- {paper}" for paper in report.background_papers],
           ""] if report.background_papers else []),
        f"# {_said('appendices')}", "",
        *[f"- {title}" for title in report.appendices],
        "- " + _said("appendix_a_listed", title=str(doc.title), version=str(doc.version),
                     standing=_standing(new)),
        f"- {_said('appendix_b')}", "",
        *_policy_appendix(new),
        f"# {_said('appendix_b')}", "",
        *_changes(changes, prose, wording=True),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _summary(old: Policy, new: Policy, report: Report, changes: list[Change],
             prose: list[ProseChange]) -> str:
    """What the body is asked to approve, counting only changes to what the policy says."""
    rules, reworded = len(rule_changes(changes)), [p for p in prose if p.group != "document"]
    return changes_said.approval_summary(report.body, new.policy.title, new.policy.version,
                                         old.policy.version, rules, len(reworded))


def _changes(changes: list[Change], prose: list[ProseChange], wording: bool) -> list[str]:
    """The changes under the headings of :data:`GROUPS`, each with its reason."""
    lines = []
    why = _said("why")
    for group, heading in GROUPS.items():
        said = [c for c in changes if c.group == group]
        reworded = [p for p in prose if p.group == group]
        lines += [f"## {changes_said.said(heading, LANGUAGE)}", ""]
        lines += [line for c in said for line in
                  (f"- {c.text}", *(["", f"    *{why}* {c.reason}", ""] if c.reason else []))]
        lines += ["- " + _said("reworded", section=p.section)
                  + (f". *{why}* {p.reason}" if p.reason else "") for p in reworded]
        lines += ["" if said or reworded else _said("no_changes"), ""]
        if wording:
            lines += [line for p in reworded for line in
                      (f"**{p.section}**", "", marked_up(p.words, html_marks=False), "")]
    return lines


def _on_the_cases(impact: Impact | None) -> list[str]:
    """What the revision would do to the open cases in the register, in numbers only: the
    committee sees no name or reference."""
    if impact is None:
        return []
    return [f"# {_said('on_cases')}", "", _said("measured_when"), "",
            f"| {_said('what')} | {_said('cases')} |", f"|:{'-' * 70}|{'-' * 10}:|",
            *[f"| {label} | {number} |" for label, number in counts(impact, LANGUAGE)], ""]


def _standing(policy: Policy) -> str:
    """How Appendix A stands: a draft is put forward, never "published"."""
    return _said("draft" if policy.policy.status == Status.draft else "published")


def _implications(report: Report) -> list[str]:
    lines = [f"# {_said('implications')}", ""] if report.implications else []
    for key, text in report.implications.items():
        topic = key.replace("_", " ").capitalize()
        lines += [f"## {_said('implication', topic=topic)}", "", text, ""]
    return lines


def _behaviours(policy: Policy, report: Report) -> list[str]:
    if not report.observed_behaviours:
        return []
    return [f"## {_said('seen')}", "",
            *[f"- {policy.behaviours[b].name}" for b in report.observed_behaviours], ""]


def _policy_appendix(policy: Policy) -> list[str]:
    lines = []
    for markdown in export_markdown(policy).values():
        body = markdown.split("\n---\n", 1)[-1]  # drop the export's own title block
        lines += ["# " + _said("appendix_a", title=str(policy.policy.title),
                               version=str(policy.policy.version)), "",
                  *[("#" + line if line.startswith("#") else line) for line in body.splitlines()],
                  ""]
    return lines

