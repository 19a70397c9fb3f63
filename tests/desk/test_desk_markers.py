"""The desk's marker feed page and the due list's end letters (Flask's test client): only the
register's keepers see the page or download the feed, each download is recorded and audited,
and an end passed lists its letter with a link to send it."""

from __future__ import annotations

import datetime as dt
import json

from bs4 import BeautifulSoup
from conftest import FIXTURES
from desk_support import desk, sign_in, token
from officers import with_end_letter

from generator.cases.case import Case
from generator.source.load import read_yaml

CASE = FIXTURES / "cases" / "stage_1.yaml"
OFFICERS = {"kim": ["customer_relations_team"], "cal": ["service_director"]}


def at(day: str) -> float:
    return dt.datetime.fromisoformat(f"{day}T12:00:00").timestamp()


def _desk(tmp_path, day: str):
    now = [at(day)]
    app, register, _policy = desk(with_end_letter(FIXTURES / "cheshire_west", tmp_path),
                                 tmp_path, OFFICERS, clock=lambda: now[0])
    register.add(Case.model_validate(read_yaml(CASE, "stage_1.yaml")), by="kim")
    return app, register, now


def test_only_keepers_reach_the_feed(tmp_path):
    app, register, _now = _desk(tmp_path, "2026-06-01")
    client = app.test_client()
    sign_in(client, "cal")
    assert client.get("/register/markers").status_code == 403
    assert "/register/markers" not in client.get("/").text
    keeper = app.test_client()
    sign_in(keeper, "kim")
    page = keeper.get("/register/markers").text
    assert "2 restrictions are in force today." in page
    assert 'href="/register/markers"' in page  # in the header's menu
    refused = client.post("/register/markers", data={"csrf_token": token(client.get("/").text),
                                                     "format": "json"})
    assert refused.status_code == 403
    assert [e.action for e in register.audit()].count("feed") == 0


def test_download_is_recorded_and_audited(tmp_path):
    app, register, _now = _desk(tmp_path, "2026-06-01")
    client = app.test_client()
    sign_in(client, "kim")
    page = client.get("/register/markers").text
    got = client.post("/register/markers", data={"csrf_token": token(page), "format": "json"})
    assert got.status_code == 200
    assert got.headers["Content-Disposition"].endswith("markers-2026-06-01.json")
    body = json.loads(got.data)
    assert [m["id"] for m in body["markers"]] == ["CR/2026/0042/limited_calls",
                                                  "CR/2026/0042/single_point_of_contact"]
    changes = client.post("/register/markers", data={
        "csrf_token": token(page), "format": "csv", "changes": "yes"})
    assert changes.data.decode().splitlines() == [
        "change,id,reference,name,postcode,measure,measure_name,scope,applies_to,scope_said,"
        "starts,ends,review_by,how,ended_on"]
    feeds = [e for e in register.audit() if e.action == "feed"]
    assert [(e.by, e.note) for e in feeds] == [("kim", "feed 1"), ("kim", "feed 2")]
    again = BeautifulSoup(client.get("/register/markers").text, "html.parser").get_text(" ")
    assert "The last feed (number 2" in again and "made by kim" in again


def test_an_end_passed_lists_its_letter_to_send(tmp_path):
    app, _register, _now = _desk(tmp_path, "2026-09-12")
    client = app.test_client()
    sign_in(client, "kim")
    page = BeautifulSoup(client.get("/register/due").text, "html.parser")
    links = page.select("a[href='/cases/CR/2026/0042/letters/arrangements_ended_letter']")
    assert len(links) == 2 and "Send the end letter" in links[0].get_text()
    rows = [tr.get_text(" ", strip=True) for tr in page.select("tbody tr")]
    assert any("Fewer or no telephone calls ends: send Letter ending the arrangements" in r
               for r in rows)

