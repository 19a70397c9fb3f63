"""`policy check` OK means `policy build` OK: what a build finds before it renders, the check
finds too, once each, named by the source's own file (never a temporary folder)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from generator.cli.policy import main

WELSH = FIXTURES / "welsh"
ROLE_IN_WELSH = "policy.approvals.0.role: Pennaeth Gwasanaethau Cwsmeriaid\n"
BROKEN_LINK = "See [the stages](stages/nowhere.md).\n"


def problems(err: str) -> list[str]:
    return [row for row in err.splitlines()
            if not row.startswith(("note:", "warning:", "WARNING:", "Part A readability"))
            and not row.endswith("problems found.") and row != "1 problem found."]


@pytest.mark.parametrize(("edits", "expected"), [
    # the Welsh Part A export states the approver's job title, which needs its Welsh
    ([("cy/labels.yaml", ROLE_IN_WELSH, "")],
     ["{src}/cy/labels.yaml: policy.approvals.0.role: no Welsh translation; add "
      "`policy.approvals.0.role: ...` to cy/labels.yaml"]),
    # a link in prose to no page, on both the public and the internal site
    ([("prose/overview.md", "\n", "\n" + BROKEN_LINK)],
     ["{src}/prose/overview.md:2: link: 'stages/nowhere.md' is not a page of the internal "
      "site; link to one of:",
      "{src}/prose/overview.md:2: link: 'stages/nowhere.md' is not a page of the public "
      "site; link to one of: index.md"]),
])
def test_check_finds_what_the_build_would(source_copy, tmp_path, capsys, edits, expected):
    src = source_copy(WELSH, edits)
    assert main(["check", str(src), "--as-of", "2025-05-01"]) == 1
    checked = problems(capsys.readouterr().err)
    assert main(["build", str(src), "--out", str(tmp_path / "site"), "--as-of", "2025-05-01",
                 "--no-pdf"]) == 1
    built = problems(capsys.readouterr().err)
    assert len(checked) == len(expected) == len(set(checked))
    for row, start in zip(checked, expected, strict=True):
        assert row.startswith(start.format(src=src)), row
    assert set(built) <= set(checked)  # the build finds nothing the check missed
    assert not any("policy-check-" in row or "-build-" in row for row in checked + built)


def test_a_reason_in_the_version_history_of_a_welsh_source(source_copy, tmp_path, capsys):
    """The README's own example of reasons, whose keys hold dots, on a Welsh source."""
    src = source_copy(WELSH, [("policy.yaml", "    summary: First version\n",
                               "    summary: First version\n    reasons:\n"
                               "      stages.warning.monitoring.default: Three months proved "
                               "too short.\n      parts.a.overview: Plainer words.\n")])
    assert main(["check", str(src), "--as-of", "2025-05-01"]) == 0, capsys.readouterr().err
    assert main(["build", str(src), "--out", str(tmp_path / "site"), "--as-of", "2025-05-01",
                 "--no-pdf"]) == 0, capsys.readouterr().err
    assert (tmp_path / "site" / "public" / "cy" / "index.html").exists()
