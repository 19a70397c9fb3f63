"""The validated model kept in the cache: the same as a fresh read, and never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import cache
from generator.source import read
from generator.source.errors import Problem, SourceError
from generator.source.model import Policy
from tests.conftest import MINIMAL


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder for this test (the suite runs with the cache off)."""
    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def fresh(root: Path, monkeypatch: pytest.MonkeyPatch) -> Policy:
    """``root`` read with the cache off."""
    with monkeypatch.context() as off:
        off.setenv("POLICY_CACHE_DIR", "")
        return read.read_policy(root)


def never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any read of a source that does not come from the cache."""
    def refused(root: Path | str) -> None:
        raise AssertionError(f"{root} was read again")
    monkeypatch.setattr(read, "read_source", refused)


def test_an_unchanged_source_comes_from_the_cache_as_read(source_copy, cached, monkeypatch):
    root = source_copy()
    first, unkept = read.read_policy(root), fresh(root, monkeypatch)
    assert list((cached / "models").iterdir())
    never_read(monkeypatch)
    again = read.read_policy(root)
    assert again == first == unkept
    assert again.root == root and again.prose == first.prose


@pytest.mark.parametrize("name", sorted(str(p.relative_to(MINIMAL))
                                        for p in MINIMAL.rglob("*") if p.is_file()))
def test_an_edit_to_any_file_is_read_anew(name, source_copy, cached, monkeypatch):
    root = source_copy()
    read.read_policy(root)
    path = root / name
    path.write_text(path.read_text(encoding="utf-8")
                    + ("\nAn edit.\n" if path.suffix == ".md" else "\n# an edit\n"),
                    encoding="utf-8")
    calls = []
    monkeypatch.setattr(read, "read_source", lambda r, real=read.read_source:
                        calls.append(r) or real(r))
    edited = read.read_policy(root)
    assert calls == [root], "the edited source came from the cache"
    assert edited == fresh(root, monkeypatch)


def test_the_new_value_of_each_kind_of_edit(source_copy, cached, monkeypatch):
    root = source_copy()
    before = read.read_policy(root)
    (root / "prose" / "overview.md").write_text("Changed words.\n", encoding="utf-8")
    assert read.read_policy(root).prose["overview.md"] == "Changed words.\n"
    policy_yaml = root / "policy.yaml"
    policy_yaml.write_text(policy_yaml.read_text(encoding="utf-8").replace(
        before.policy.title, "A retitled policy", 1), encoding="utf-8")
    assert read.read_policy(root).policy.title == "A retitled policy"
    (root / "prose" / "new.md").write_text("A new fragment.\n", encoding="utf-8")
    assert "new.md" in read.read_policy(root).prose
    (root / "prose" / "new.md").unlink()
    assert "new.md" not in read.read_policy(root).prose


def test_a_source_with_problems_is_never_kept(source_copy, cached):
    root = source_copy(edits=[("policy.yaml", "title:", "titel:")])
    for _ in range(2):
        with pytest.raises(SourceError):
            read.read_policy(root)
    assert not (cached / "models").exists()


def test_the_same_files_elsewhere_or_other_code_are_another_entry(source_copy, cached,
                                                                    monkeypatch, tmp_path):
    root = source_copy()
    key = read._model_key(root)
    moved = root.rename(tmp_path / "moved")
    assert read._model_key(moved) not in (key, None)
    assert read.read_policy(moved).root == moved
    here = read._model_key(moved)
    code = cache.generator_code()
    monkeypatch.setattr(cache, "generator_code", lambda: code + b"changed")
    assert read._model_key(moved) != here


def test_a_fragment_found_clean_is_checked_again_only_when_it_or_the_facts_change(
        source_copy, cached, monkeypatch):
    root = source_copy()
    read.read_policy(root)
    checked: list[str] = []

    def fails(policy: Policy, view: Policy, name: str, display: str) -> list[Problem]:
        checked.append(name)
        return [Problem(display, 1, "prose", "found again", "")]
    monkeypatch.setattr(read, "check_public_prose", fails)
    procedure = root / "prose" / "procedure.md"  # internal: no public check reads it
    procedure.write_text(procedure.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    read.read_policy(root)
    assert checked == []
    decisions = root / "decisions.yaml"
    decisions.write_text(decisions.read_text(encoding="utf-8").replace(
        "title: Issue a warning", "title: Give a warning", 1), encoding="utf-8")
    with pytest.raises(SourceError, match="found again"):
        read.read_policy(root)
    assert checked == ["overview.md"]


def test_a_pipe_in_a_source_is_not_read_for_its_key(source_copy, cached):
    """The key looks at files, never reads them: a pipe would wait for a writer for ever."""
    root = source_copy()
    (root / "roles.yaml").unlink()
    os.mkfifo(root / "roles.yaml")
    assert read._model_key(root) is not None
    with pytest.raises(SourceError, match="not an ordinary file"):
        read.read_policy(root)
