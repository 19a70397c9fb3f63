"""The desk's Draft revision page (issue 27, item 2): the desk serves the policy in force
(version 1.0 of tests/fixtures/impact) and measures the draft it was started with; the
counts, then each case with what changes for it, for officers who may read the cases; on
SQLite and PostgreSQL."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup
from desk_support import PASSWORD, desk, sign_in
from impact_cases import DRAFT, OFFICERS, PUBLISHED, kept

from generator.desk.app import create_app
from generator.register.store import Register
from generator.source.read import read_policy


def served(tmp_path, url: str | None = None, draft: bool = True):
    """The desk on version 1.0 measuring the draft 1.1, over the register at ``url`` (by
    default a SQLite file)."""
    if url is None:
        app, register, _ = desk(PUBLISHED, tmp_path, officers=OFFICERS,
                                draft=read_policy(DRAFT) if draft else None)
        kept(f"sqlite:///{tmp_path / 'register.sqlite'}")
        return app, register
    register = Register.open(url)
    for login, roles in OFFICERS.items():
        register.add_officer(login, login.title(), roles, PASSWORD)
    kept(url)
    app = create_app(read_policy(PUBLISHED), register, data_dir=tmp_path,
                     draft=read_policy(DRAFT) if draft else None)
    app.config["TESTING"] = True
    return app, register


def test_the_page_counts_then_lists_each_case_and_what_changes(tmp_path, register_url):
    app, register = served(tmp_path, register_url)
    client = app.test_client()
    sign_in(client, "reviewer")
    page = BeautifulSoup(client.get("/register/impact").text, "html.parser")
    assert "Version 1.1 (a draft) held against version 1.0" in page.get_text(" ")
    figures = {tr.find("td").get_text(" ", strip=True): tr.find_all("td")[1].get_text()
               for tr in page.select("#counts tbody tr")}
    assert figures["Open cases in the register"] == "3"
    assert figures["A review or an end falls due earlier"] == "2"
    assert figures["A measure is imposed for longer than the new maximum"] == "1"
    assert figures["A measure the case has is removed"] == "1"
    rows = {row.find("a").get_text(strip=True): row.find("dd").get_text(" ", strip=True)
            for row in page.select("#cases .summary-list-row")}
    assert list(rows) == ["T/1", "T/2", "T/3"]
    assert "Letters only: 9 months is longer than the new maximum of 6 months" in rows["T/1"]
    assert page.select_one("#cases a")["href"].endswith("T/1")
    only = BeautifulSoup(client.get("/register/impact?kind=measure_gone").text, "html.parser")
    assert [a.get_text(strip=True) for a in only.select("#cases dt a")] == ["T/2"]
    assert "Draft revision" in [a.get_text(strip=True) for a in page.select("header nav a")]
    register.close()


def test_only_officers_who_read_the_cases_open_it(tmp_path):
    app, _ = served(tmp_path)
    client = app.test_client()
    sign_in(client, "other")
    refused = client.get("/register/impact")
    assert refused.status_code == 403
    assert "/register/impact" not in refused.text  # nor is it offered


def test_without_a_draft_the_page_says_how_to_give_one(tmp_path):
    app, _ = served(tmp_path, draft=False)
    client = app.test_client()
    sign_in(client, "keeper")
    page = client.get("/register/impact").text
    assert "policy desk --draft FOLDER" in page
    assert 'id="cases"' not in page


def test_the_effects_are_said_in_welsh_on_the_welsh_desk(tmp_path):
    """Each effect is a message of generator.statements (changes, reviews, measures),
    said in the desk's language: in Welsh, with its dates and periods in Welsh."""
    welsh = "welsh:\n  sites: [public]\n"
    folders = {}
    for name, folder in (("published", PUBLISHED), ("draft", DRAFT)):
        folders[name] = tmp_path / name
        shutil.copytree(folder, folders[name], ignore=shutil.ignore_patterns("versions"))
        policy_file = folders[name] / "policy.yaml"
        policy_file.write_text(policy_file.read_text() + welsh)
    app, register, _ = desk(folders["published"], tmp_path, officers=OFFICERS,
                            draft=read_policy(folders["draft"]))
    kept(f"sqlite:///{tmp_path / 'register.sqlite'}")
    client = app.test_client()
    sign_in(client, "reviewer")
    client.get("/language/cy")
    page = BeautifulSoup(client.get("/register/impact").text, "html.parser")
    rows = {row.find("a").get_text(strip=True): row.find("dd").get_text(" ", strip=True)
            for row in page.select("#cases .summary-list-row")}
    assert "Letters only: mae 9 mis yn hwy na’r uchafswm newydd o 6 mis" in rows["T/1"]
    assert "adolygiad achos bob 4 mis" in rows["T/2"]
    assert "10 Gorffennaf 2026 → 10 Mai 2026" in rows["T/2"]
    assert "is removed" not in rows["T/2"] and "is longer than" not in rows["T/1"]
    assert "Byddai geiriad Warning letter (yr un a anfonwyd ddiwethaf) yn wahanol" in rows["T/3"]
    register.close()
