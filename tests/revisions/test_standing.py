"""Status gates and review dates: what may be published, and warnings as the review nears."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL

from generator.cli.policy import main
from generator.sites.build import build
from generator.source.errors import SourceError


def banners(page) -> list[str]:
    soup = BeautifulSoup(page.read_text(), "html.parser")
    return [p.get_text() for p in soup.select(".policy-notice")]


def kinds(page) -> list[str]:
    soup = BeautifulSoup(page.read_text(), "html.parser")
    return [c for p in soup.select(".policy-notice") for c in p["class"] if "--" in c]


def test_draft_refuses_the_public_build(source_copy, tmp_path):
    src = source_copy(edits=[("policy.yaml", "status: published", "status: draft")])
    with pytest.raises(SourceError) as error:
        build(src, tmp_path / "site", audiences=("public",), as_of=dt.date(2025, 5, 1), pdf=False)
    assert str(error.value) == (
        f"{src}/policy.yaml: policy.status: the public site is not built: version 1.0 is a "
        "draft: set status to approved once it has been approved; or build a marked preview "
        "with --preview")


def test_draft_builds_internal_with_draft_banner(source_copy, tmp_path):
    src = source_copy(edits=[("policy.yaml", "status: published", "status: draft")])
    result = build(src, tmp_path / "site", as_of=dt.date(2025, 5, 1), pdf=False)
    assert result.notes == ["the public site is not built: version 1.0 is a draft: set status "
                            "to approved once it has been approved"]
    assert not (tmp_path / "site" / "public").exists()
    for page in (tmp_path / "site" / "internal").rglob("*.html"):
        if page.name != "404.html" and page.parent.name != "downloads":
            assert banners(page) == ["DRAFT: version 1.0 has not been approved"], page


def test_missing_approvals_and_summary_are_notes_not_blocks(source_copy, capsys):
    src = source_copy(edits=[("policy.yaml", "    summary: First version\n", ""),
                             ("policy.yaml", "approvals:\n  - name: Test Approver\n"
                              "    role: Head of Customer Services\n    date: 2025-03-20\n", "")])
    assert main(["check", str(src), "--as-of", "2025-05-01"]) == 0
    err = capsys.readouterr().err
    assert f"note: {src}/policy.yaml:1: no approval of version 1.0 is recorded" in err
    assert (f"note: {src}/policy.yaml:13: the version history entry for 1.0 has no summary "
            "of what changed") in err
    assert main(["build", str(src), "--out", str(src.parent / "site"), "--audience", "public",
                 "--as-of", "2025-05-01", "--no-pdf"]) == 0
    assert (src.parent / "site" / "public" / "index.html").exists()


def test_preview_marks_every_public_page(source_copy, tmp_path):
    src = source_copy(edits=[("policy.yaml", "status: published", "status: draft")])
    build(src, tmp_path / "site", preview=True, as_of=dt.date(2025, 5, 1), pdf=False)
    assert banners(tmp_path / "site" / "public" / "index.html") == [
        "PREVIEW: this version has not been approved for publication"]


def test_review_due_soon_warns(capsys):
    assert main(["check", str(MINIMAL), "--as-of", "2026-03-01"]) == 0
    assert (f"warning: {MINIMAL}/policy.yaml:11: the policy is due for review by 1 April 2026 "
            "(in 31 days)") in capsys.readouterr().err


def test_review_far_off_says_nothing(capsys):
    assert main(["check", str(MINIMAL), "--as-of", "2025-06-01"]) == 0
    err = capsys.readouterr().err.splitlines()  # notes of what the policy leaves unsaid only
    assert [line for line in err if not line.startswith("note: ")] == []


def test_overdue_review_warns_loudly_and_fails_strict(capsys):
    assert main(["check", str(MINIMAL), "--as-of", "2026-04-02"]) == 0
    assert (f"WARNING: {MINIMAL}/policy.yaml:11: the policy is overdue for review since "
            "1 April 2026; review it and start a revision with `policy revise`"
            ) in capsys.readouterr().err
    assert main(["check", str(MINIMAL), "--as-of", "2026-04-02", "--strict"]) == 1
    assert (f"{MINIMAL}/policy.yaml:11: policy.next_review_date: the policy is overdue for "
            "review since 1 April 2026; review it and start a revision with `policy revise`"
            ) in capsys.readouterr().err.splitlines()


def test_overdue_banner_on_every_page(tmp_path):
    build(MINIMAL, tmp_path / "site", as_of=dt.date(2026, 4, 2), pdf=False)
    for page in (tmp_path / "site" / "internal").rglob("*.html"):
        if page.parent.name != "downloads":
            assert banners(page) == ["This policy is overdue for review since 1 April 2026"]
            assert kinds(page) == ["policy-notice--overdue"]
    # the public read what the source says: the review date, and that it has passed
    assert banners(tmp_path / "site" / "public" / "index.html") == [
        "This policy was due to be reviewed by 1 April 2026"]
    build(MINIMAL, tmp_path / "site", as_of=dt.date(2026, 4, 1), pdf=False)
    assert banners(tmp_path / "site" / "internal" / "index.html") == []
    assert banners(tmp_path / "site" / "public" / "index.html") == []


def test_a_draft_notice_looks_unlike_the_marking(source_copy, tmp_path):
    src = source_copy(edits=[("policy.yaml", "status: published", "status: draft")])
    build(src, tmp_path / "site", as_of=dt.date(2025, 5, 1), pdf=False)
    page = tmp_path / "site" / "internal" / "index.html"
    assert kinds(page) == ["policy-notice--draft"]
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.select_one(".policy-marking").get_text() == "OFFICIAL: internal use only"
