"""A policy knows the folder it was read from, so a renderer needs nothing else."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, MINIMAL

from generator.source.load import read_all
from generator.source.model import Policy
from generator.source.read import build_model, read_policy
from generator.source.translation import welsh_view

WELSH = FIXTURES / "welsh"


def test_every_load_sets_the_folder_and_the_welsh_view_keeps_it():
    assert read_policy(MINIMAL).folder == MINIMAL
    assert build_model(read_all(MINIMAL)).folder == MINIMAL
    assert welsh_view(read_policy(WELSH)).folder == WELSH


def test_a_policy_made_in_memory_has_no_folder_to_render_from():
    policy = read_policy(MINIMAL).model_copy(update={"root": None})
    with pytest.raises(ValueError, match="not read from a source folder"):
        _ = policy.folder
    assert isinstance(policy, Policy)
