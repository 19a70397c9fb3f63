"""The revision trail: "What changed" shows words, not Markdown; a reason that names nothing
is warned of; English changed under unchanged Welsh is warned of."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from conftest import FIXTURES

from generator.cli.policy import main
from generator.sites.build import build

REVISION = FIXTURES / "revision"
WELSH = FIXTURES / "welsh"


def test_what_changed_shows_no_markdown(source_copy, tmp_path):
    src = source_copy(REVISION)
    prose = src / "prose" / "overview.md"
    prose.write_text(prose.read_text().replace("give a customer", "give a **customer**", 1)
                     + "\nSee [our complaints page](https://example.org/complaints).\n")
    build(src, tmp_path / "site", as_of=dt.date(2026, 3, 1), pdf=False)
    soup = BeautifulSoup((tmp_path / "site" / "internal" / "changes.html").read_text(),
                         "html.parser")
    [words] = [p for p in soup.select(".word-diff") if "customer" in p.get_text()]
    text = words.get_text(" ", strip=True)
    assert "**" not in text and "](" not in text
    assert "See our complaints page" in " ".join(text.split())
    why = soup.find(string=lambda s: s and "Residents asked for plainer words." in s)
    assert why is not None  # the reason given for the wording change is printed beside it


def test_a_reason_that_names_nothing_is_warned_of(source_copy, capsys):
    src = source_copy(REVISION, [("policy.yaml", "parts.a.overview:", "parts.a.introduction:")])
    assert main(["check", str(src), "--as-of", "2026-03-01"]) == 0
    assert (f"warning: {src}/policy.yaml:24: reasons: 'parts.a.introduction' names no fact or "
            "section of the policy, so no change shows this reason") in capsys.readouterr().err


def test_english_changed_under_unchanged_welsh_is_warned_of(source_copy, capsys):
    src = source_copy(WELSH)
    assert main(["revise", "--source", str(src), "--version", "1.1",
                 "--date", "2026-02-01"]) == 0
    assert (src / "versions" / "1.0" / "cy" / "labels.yaml").exists()  # the Welsh is kept
    prose = src / "prose" / "overview.md"
    prose.write_text(prose.read_text().replace("We may warn", "We can warn", 1))
    stages = src / "stages.yaml"
    stages.write_text(stages.read_text().replace("name: Warning", "name: First warning", 1))
    capsys.readouterr()
    assert main(["check", str(src), "--as-of", "2026-03-01"]) in (0, 1)
    err = capsys.readouterr().err
    assert (f"warning: {src}/cy/prose/overview.md: the English (prose/overview.md) changed "
            "since version 1.0, but the Welsh did not: bring the Welsh up to date") in err
    assert ("stages.warning.name: the English changed since version 1.0 ('Warning' → "
            "'First warning'), but the Welsh did not: bring the Welsh up to date") in err
    # once the Welsh is brought up to date, the warnings go
    welsh = src / "cy" / "prose" / "overview.md"
    welsh.write_text(welsh.read_text() + "\n")
    labels = src / "cy" / "labels.yaml"
    old = next(row for row in labels.read_text().splitlines()
               if row.startswith("stages.warning.name:"))
    labels.write_text(labels.read_text().replace(old, old + " cyntaf"))
    main(["check", str(src), "--as-of", "2026-03-01"])
    assert "but the Welsh did not" not in capsys.readouterr().err


def test_the_approval_report_lists_the_background_papers(source_copy, tmp_path):
    import docx

    src = source_copy(REVISION)
    out = tmp_path / "report.docx"
    assert main(["report", "approval", "--from", "1.0", "--to", "1.1", "--source", str(src),
                 "--out", str(out)]) == 0
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    start = text.index("Background papers")
    assert text[start + 1:start + 3] == [
        "Customer Contact Policy, version 1.0 (April 2025)",
        "Review of the warning stage, Customer Relations, January 2026"]
