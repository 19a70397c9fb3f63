"""The audience of each fact, known from the model: the change log learns what the
published policy states without rendering a page."""

from __future__ import annotations

from conftest import MINIMAL

from generator.revisions.changelog import changes_between
from generator.source.audience import public_facts
from generator.source.facts import named_facts
from generator.source.read import read_policy
from generator.source.values import Duration


def test_a_fragment_names_each_longest_chain_and_what_a_loop_goes_through():
    source = ("Within {{ rights.appeals.review.window }} of {{ stages['s1'].name }}."
              "{% for stage in stages %}{{ stage.name }} {{ loop.index }}{% endfor %}"
              "{% set x = measures %}{{ x.ban }}")
    assert named_facts(source) == {"rights.appeals.review.window", "stages.s1.name", "stages",
                                   "measures"}


def test_the_published_policy_states_its_public_prose_facts_and_not_the_internal_ones():
    policy = read_policy(MINIMAL)
    public = public_facts(policy)
    assert {"stages.warning.monitoring.default", "rights.appeals.warning_appeal.window",
            "parts.a"} <= public
    assert "decisions.restriction" not in public  # named only by Part B, the staff guidance
    assert "parts.b" not in public


def test_a_change_to_a_fact_only_staff_read_is_not_a_change_to_the_published_policy():
    old = read_policy(MINIMAL)
    internal = old.model_copy(update={"prose": {**old.prose, "procedure.md": "Changed."}})
    public = old.model_copy(update={"prose": {**old.prose, "overview.md": "Changed."}})
    assert {p.group for p in changes_between(old, internal)[1]} == {"internal"}
    assert {p.group for p in changes_between(old, public)[1]} == {"public"}
    stage = old.stages["warning"]
    longer = Duration(stage.monitoring.default.value + 1, stage.monitoring.default.unit)
    monitoring = stage.monitoring.model_copy(update={"default": longer})
    changed = old.model_copy(update={"stages": {**old.stages, "warning": stage.model_copy(
        update={"monitoring": monitoring})}})
    groups = {c.path: c.group for c in changes_between(old, changed)[0]}
    assert groups == {"stages.warning.monitoring.default": "public"}
