"""Prose names facts; rendering states them from the model and tags them for checking."""

from __future__ import annotations

from conftest import MINIMAL

from generator.source.facts import render_prose
from generator.source.read import read_policy


def test_fact_is_rendered_with_its_path():
    policy = read_policy(MINIMAL)
    html = render_prose(policy, "overview.md")
    assert '<span data-fact="stages.warning.monitoring.default">3 months</span>' in html
    assert '<span data-fact="rights.appeals.warning_appeal.to">Appeals Officer</span>' in html


def test_plain_text_and_joint_decision_wording():
    policy = read_policy(MINIMAL)
    assert render_prose(policy, "procedure.md", html=False).strip() == (
        "The Head of Service and Monitoring Officer decide restrictions together.")


def test_changing_a_fact_changes_the_prose(source_copy):
    src = source_copy(edits=[("stages.yaml", "default: 3 months", "default: 4 months")])
    text = render_prose(read_policy(src), "overview.md", html=False)
    assert "monitoring lasts 4 months" in text
    assert "3 months" not in text
