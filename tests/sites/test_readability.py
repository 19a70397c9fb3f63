"""Plain English: `policy check` prints Part A's reading ease and fails under the minimum."""

from __future__ import annotations

from conftest import MINIMAL

from generator.cli.policy import main
from generator.sites.readability import flesch_reading_ease, syllables


def test_syllables_by_vowel_groups():
    assert [syllables(w) for w in ("the", "policy", "council", "make", "table", "we")] == [
        1, 3, 2, 1, 2, 1]


def test_plain_text_scores_higher_than_dense_text():
    plain = "We may ask you to call us less. We will tell you why. You can ask us to look again."
    dense = ("Notwithstanding the aforementioned considerations, the organisation's "
             "determination regarding communication restrictions necessitates comprehensive "
             "consideration of proportionality, accessibility and institutional obligations.")
    assert flesch_reading_ease(plain) > 80 > 0 > flesch_reading_ease(dense)


def test_check_prints_the_figure(capsys):
    assert main(["check", str(MINIMAL)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("Part A readability: Flesch reading ease ")
    assert out[1].endswith("(no minimum set)")


def test_check_fails_under_the_minimum(source_copy, capsys):
    src = source_copy(edits=[("policy.yaml", "review_interval: 1 year\n",
                              "review_interval: 1 year\nreadability_minimum: 99\n")])
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    assert f"{src}/policy.yaml:13: policy.readability_minimum: Part A scores" in err
    assert "under the minimum of 99; use shorter sentences and plainer words" in err
