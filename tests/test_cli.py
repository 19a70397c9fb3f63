"""The command line's argument layer: one way to name the source, and a version."""

from __future__ import annotations

import argparse
from importlib import metadata

import pytest
from conftest import MINIMAL

from generator.cli.policy import DEFAULT_SOURCE, _parser, main

SOURCE_COMMANDS = ("check", "build", "serve", "revise", "diff", "report", "letter", "letters")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.split() == ["policy",
                                               metadata.version("council-policy-generator")]


@pytest.mark.parametrize("name", SOURCE_COMMANDS)
def test_every_command_that_reads_a_source_takes_source(name):
    options = {o for a in _subcommands()[name]._actions for o in a.option_strings}
    assert "--source" in options


def test_source_option_and_the_older_positional_form_agree(capsys):
    assert main(["check", "--source", str(MINIMAL)]) == 0
    new = capsys.readouterr().out
    assert main(["check", str(MINIMAL)]) == 0
    assert capsys.readouterr().out == new
    assert "OK" in new


def test_the_source_defaults_to_policy_src_and_is_given_once(monkeypatch, capsys):
    seen = []
    monkeypatch.setattr("generator.cli.policy._check", lambda args: seen.append(args.source) or 0)
    assert main(["check"]) == 0
    assert seen == [DEFAULT_SOURCE]
    with pytest.raises(SystemExit):
        main(["check", str(MINIMAL), "--source", str(MINIMAL)])
    assert "give the source folder once" in capsys.readouterr().err


def test_the_older_form_is_not_advertised():
    assert "old_source" not in _subcommands()["build"].format_help()


def test_check_remembers_its_rendering_checks_until_the_source_changes(
        tmp_path, monkeypatch, capsys, source_copy):
    """An unchanged source is not rendered again; any edit to it is."""
    import generator.letters.letter_check

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    src = source_copy(MINIMAL)
    assert main(["check", "--source", str(src)]) == 0
    first = capsys.readouterr().out
    calls = []
    real = generator.letters.letter_check.check_letters
    monkeypatch.setattr(generator.letters.letter_check, "check_letters",
                        lambda *args: calls.append(args) or real(*args))
    assert main(["check", "--source", str(src)]) == 0
    assert capsys.readouterr().out == first and not calls
    policy_yaml = src / "policy.yaml"
    policy_yaml.write_text(policy_yaml.read_text() + "\n# an edit\n")
    assert main(["check", "--source", str(src)]) == 0
    assert calls


def test_build_takes_several_sources_each_into_its_own_folder(tmp_path, capsys, source_copy):
    other = source_copy(MINIMAL)
    out = tmp_path / "site"
    assert main(["build", str(MINIMAL), str(other), "--out", str(out), "--no-pdf",
                 "--audience", "internal"]) == 0
    assert (out / "minimal" / "internal" / "index.html").is_file()
    assert (out / other.name / "internal" / "index.html").is_file()
    assert capsys.readouterr().out.count("Built sites") == 2
    assert main(["build", str(MINIMAL), str(MINIMAL), "--out", str(out)]) == 1
    assert "two sources would be built into" in capsys.readouterr().err
