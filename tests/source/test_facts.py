"""Prose names facts; rendering states them from the model and tags them for checking."""

from __future__ import annotations

import pytest
from conftest import CHESHIRE, MINIMAL

from generator.source.errors import SourceError
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


def test_a_fragment_found_clean_is_not_checked_again_until_it_or_a_fact_changes(
        tmp_path, monkeypatch, source_copy):
    """Only the fragments that changed are parsed and tried again; a fragment with a
    problem is reported on every read, as its problem is never kept."""
    import generator.source.validate as validate

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    checked = []
    real = validate.check_prose
    monkeypatch.setattr(validate, "check_prose",
                        lambda policy, name, *rest: checked.append(name) or real(policy, name,
                                                                                 *rest))
    src = source_copy(CHESHIRE)
    read_policy(src)
    everything = list(checked)
    assert "part_a/purpose.md" in everything
    checked.clear()
    read_policy(src)
    assert checked == []
    purpose = src / "prose" / "part_a" / "purpose.md"
    purpose.write_text(purpose.read_text() + "\nA new sentence.\n")
    read_policy(src)
    assert checked == ["part_a/purpose.md"]
    purpose.write_text(purpose.read_text() + "\n{{ no_such_fact }}\n")
    for _ in range(2):
        checked.clear()
        with pytest.raises(SourceError, match="no_such_fact"):
            read_policy(src)
        assert checked == ["part_a/purpose.md"]
