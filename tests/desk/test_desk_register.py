"""The desk's register pages: reviews due with a review recorded and its letter reached,
purge listed then confirmed, the report and its downloads, a case's audit trail."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import time

import docx
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT
from desk_support import desk, sign_in, token

from generator.cases.case import Case

FLINT = ROOT / "examples" / "flintshire"
TODAY = dt.date.today()


def _made_up(register, reference: str, **fields) -> None:
    register.add(Case.model_validate({"reference": reference, "given_names": "Jo",
                                      "family_name": "Madeupname", **fields}), by="pat")


def test_due_review_and_its_letter(tmp_path):
    app, register, _ = desk(FLINT, tmp_path)
    decided = TODAY - dt.timedelta(days=200)
    _made_up(register, "CC/1", stage="managed_contact", decision_date=decided.isoformat(),
             address=["1 Test Street", "Mold", "CH7 1AA"],
             decision_maker={"name": "Morgan Manager", "role": "ccsm"})
    client = app.test_client()
    sign_in(client)
    page = BeautifulSoup(client.get("/register/due").text, "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in page.select("tbody tr")]
    assert any(r[1] == "CC/1" and "case review every 6 months" in r[3] and "Overdue" in r[0]
               for r in rows)
    link = page.find("a", href="/register/review/CC/1")
    assert link is not None
    form_page = client.get("/register/review/CC/1").text
    bad = client.post("/register/review/CC/1", data={"csrf_token": token(form_page),
                                                      "held_on": "", "outcome": ""})
    errors = BeautifulSoup(bad.text, "html.parser").select(".error-summary-list a")
    assert bad.status_code == 400
    assert [a["href"] for a in errors] == ["#held_on", "#outcome"]
    done = client.post("/register/review/CC/1", data={
        "csrf_token": token(form_page), "held_on": TODAY.isoformat(), "outcome": "continue",
        "notes": "Contact is better.", "letter": "yes"})
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/cases/CC/1/letters/review_outcome_letter")
    stored = register.get("CC/1")
    assert [(r.outcome, r.by) for r in stored.reviews] == [("continue", "pat")]
    assert str(stored.case.outcome) == "continue"
    trail = BeautifulSoup(client.get("/register/audit/CC/1").text, "html.parser")
    actions = [tr.find_all("td")[2].get_text(strip=True) for tr in trail.select("tbody tr")]
    assert actions == ["add", "review", "save"]
    assert "Madeupname" not in trail.get_text()


def kept_by(tmp_path, role: str):
    """The minimal fixture with a register kept by ``role`` (who may purge it)."""
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "minimal", source)
    with (source / "reviews.yaml").open("a", encoding="utf-8") as file:
        file.write(f"registers:\n  cases:\n    kept_by: {role}\n")
    return source


def test_purge_lists_then_asks_to_confirm(tmp_path):
    later = time.time() + 400 * 86400  # past the 12 months a dormant case is kept
    app, register, _ = desk(kept_by(tmp_path, "monitoring_officer"), tmp_path,
                            clock=lambda: later)
    _made_up(register, "M/1", stage="dormant")
    _made_up(register, "M/2", stage="restricted")
    client = app.test_client()
    sign_in(client)
    page = client.get("/register/purge").text
    listed = [tr.find("td").get_text() for tr in
              BeautifulSoup(page, "html.parser").select("tbody tr")]
    assert listed == ["M/1"]
    refused = client.post("/register/purge", data={"csrf_token": token(page)})
    assert refused.status_code == 400 and register.get("M/1") is not None
    done = client.post("/register/purge", data={"csrf_token": token(page), "confirm": "yes"})
    assert done.status_code == 200 and "1 case was deleted." in done.text
    assert register.get("M/1") is None and register.get("M/2") is not None
    assert register.audit("M/1")[-1].action == "delete"


def test_report_page_and_downloads_hold_no_names(tmp_path):
    app, register, _ = desk(ROOT / "examples" / "rhondda_cynon_taf", tmp_path)
    _made_up(register, "R/1", stage="stage_2", decision_date=TODAY.isoformat(),
             behaviours=["unreasonable_persistence"])
    client = app.test_client()
    sign_in(client)
    page = client.get("/register/report")
    soup = BeautifulSoup(page.text, "html.parser")
    figures = {tr.th.get_text(strip=True): tr.td.get_text(strip=True)
               for tr in soup.select("tbody tr") if tr.th}
    assert figures["Cases open during the period"] == "1"
    html = client.get("/register/report/html")
    assert html.status_code == 200 and "Madeupname" not in html.text
    assert "Cases open during the period" in html.text
    word = client.get("/register/report/docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs)
    assert "Cases under the" in text and "Madeupname" not in text
    assert not list(tmp_path.glob(".report-*"))
    bad = client.get("/register/report?period=2027..2026")
    assert bad.status_code == 400


def test_the_welsh_register_pages_give_their_reasons_in_welsh(tmp_path):
    app, register, policy = desk(FLINT, tmp_path)
    decided = TODAY - dt.timedelta(days=200)
    _made_up(register, "CC/1", stage="managed_contact", decision_date=decided.isoformat(),
             measures={"set_call_times": {"duration": "3 months", "parameters": {}}})
    client = app.test_client()
    sign_in(client)
    client.get("/language/cy")
    page = BeautifulSoup(client.get("/register/due?within=1y").text, "html.parser")
    reasons = [tr.find_all("td")[3].get_text(" ", strip=True) for tr in page.select("tbody tr")]
    assert "adolygiad achos bob 6 mis (man cychwyn: y penderfyniad)" in reasons
    measure = policy.welsh_text["measures.set_call_times.name"]
    assert f"daw {measure} i ben (hyd yr achos, 3 mis)" in reasons
    assert policy.welsh_text["reviews.scheduled.annual_review.title"] in reasons
    notes = [li.get_text() for li in page.select("ul.list li")]
    assert notes and all(note.startswith(("nid oes rheol", "letters: nid oes gan y polisi"))
                         for note in notes)
    assert "case review every" not in page.get_text() and " ends (" not in page.get_text()
    case = BeautifulSoup(client.get("/cases/CC/1").text, "html.parser").get_text(" ")
    assert f"{measure} (3 mis)" in case and "3 months" not in case
    purge = BeautifulSoup(client.get("/register/purge").text, "html.parser")
    assert [li.get_text() for li in purge.select("ul.list li")] == [
        "nid yw'r polisi'n gosod cyfnod cadw ar gyfer unrhyw gam, felly nid oes achos i'w "
        "ddileu"]
    review = BeautifulSoup(client.get("/register/review/CC/1").text, "html.parser")
    outcomes = [label.get_text() for label in review.select("label.radios-label")]
    assert "parhau" in outcomes and "continue" not in outcomes


def test_the_english_register_pages_keep_their_words(tmp_path):
    app, register, _ = desk(FLINT, tmp_path)
    _made_up(register, "CC/1", stage="managed_contact",
             decision_date=(TODAY - dt.timedelta(days=200)).isoformat())
    client = app.test_client()
    sign_in(client)
    review = BeautifulSoup(client.get("/register/review/CC/1").text, "html.parser")
    assert "continue" in [label.get_text() for label in review.select("label.radios-label")]
    purge = BeautifulSoup(client.get("/register/purge").text, "html.parser")
    assert [li.get_text() for li in purge.select("ul.list li")] == [
        "the policy sets no retention period for any stage, so no case is due for deletion"]
