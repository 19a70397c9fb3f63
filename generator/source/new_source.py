"""`policy new DIR`: a minimal, valid, neutral source for an owner to fill from their document.

Nothing in it comes from another body's policy: only the name and nation given, a draft
status, one public part with an empty section, and a comment in every file saying what it
holds. `policy check` passes on it and lists, as notes, what the policy does not say yet.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.source.errors import Problem, SourceError
from generator.source.model import Nation

__all__ = ["new_source"]

_POLICY = """\
# Document control: what your policy document says about itself.
# Only council.name, council.nation and title are required. Add any other fact only where
# your document states it: nothing is printed for a fact the source leaves out.
council:
  name: {name}
  nation: {nation}           # england | wales | scotland | northern_ireland (bank holidays)
  # kind: commission         # where the body is not a council
  # called: the Commission   # how the policy names the body in its text
title: {title}
status: draft                # draft | approved | published
# version: "1.0"             # major.minor, in quotes
# owner: the team or officer who owns the policy
# publication_date: 2026-04
# next_review_date: 2027-04
# review_interval: 1 year
"""

_PARTS = """\
# The parts of the document. Only parts with audience: public reach the public site.
# Each section's prose is a Markdown file below prose/.
a:
  label: Part A
  title: {title}
  audience: public
  marking: OFFICIAL          # the protective marking your document carries
  sections:
    - id: introduction
      title: Introduction
      prose: part_a/introduction.md
"""

_PROSE = """\
{# Write this section in your own words. Name facts from the YAML rather than typing
   them, such as {{ policy.title }} or {{ rights.appeals.some_rule.window }}, so a change
   in the YAML changes every sentence that states it. This comment is not published;
   the line below states only facts from policy.yaml, and is there so the section is not
   empty until you write it. #}
This is the {{ policy.title }} of {{ policy.council.name }}.
"""

#: Each topic file, with what it holds; each starts empty.
_TOPICS = {
    "roles.yaml": "Who takes part: id: {name, kind}. kind: staff, manager, director, "
                  "statutory_officer, team, group, member or committee.",
    "decisions.yaml": "The decision matrix: id: {title, taken_by: [role ids], jointly}.",
    "behaviours.yaml": "What the policy counts as unacceptable: id: {name, definition, "
                       "examples}.",
    "stages.yaml": "The process, stage by stage: id: {name, summary, initial, "
                   "entry_decision, monitoring, outcomes}.",
    "measures.yaml": "Restrictions and special measures: id: {name, description, "
                     "allowed_at: [stage ids]}.",
    "rights.yaml": "Appeals (appeals:), ombudsmen and regulators (ombudsmen:) and what no "
                   "restriction takes away (statutory_rights:).",
    "reviews.yaml": "Case reviews, reviews on a calendar, reporting and registers.",
    "protocols.yaml": "Step-by-step procedures (ending a call, recording...).",
    "letters.yaml": "The letters and forms the policy uses.",
}


def new_source(folder: Path, name: str, nation: str, title: str) -> list[Path]:
    """Write the new source into ``folder`` (which must not hold files yet)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise SourceError([Problem(str(folder), 0, "", "the folder is not empty",
                                   "give a new folder, so no existing file is replaced")])
    if nation not in {n.value for n in Nation}:
        raise SourceError([Problem(str(folder), 0, "nation", f"{nation!r} is not a nation",
                                   "use one of: " + ", ".join(n.value for n in Nation))])
    quoted = {"name": json.dumps(name, ensure_ascii=False), "nation": nation,
              "title": json.dumps(title, ensure_ascii=False)}
    files = {
        "policy.yaml": _POLICY.format(**quoted),
        "parts.yaml": _PARTS.format(title=quoted["title"]),
        "prose/part_a/introduction.md": _PROSE,
        **{file: f"# {about}\n# See the documentation, Reference: 'Source format', and "
                 "`policy schema`.\n{}\n"
           for file, about in _TOPICS.items()},
    }
    written = []
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
