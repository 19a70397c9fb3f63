"""The letter desk through Flask's test client: the form made from the policy, its errors
in the case checks' words, the decision matrix, CSRF, sessions, Welsh, and letters that
are the same as `policy letter` writes, recorded in the register with their hashes.

Only made-up people (examples/cases) appear; each test has its own register.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from desk_support import PASSWORD, desk, example_cases, form_data, post_form, sign_in, token
from docx import Document
from werkzeug.datastructures import MultiDict

from generator.cases.case import case_from_data, signing_roles
from generator.desk.app import IDLE
from generator.desk.form import tells_decision
from generator.desk.views import _said
from generator.letters.documents import case_letter, document_text
from generator.register import decisions
from generator.register.permissions import may_prepare
from generator.source.errors import SourceError
from generator.source.model import CaseField
from generator.source.read import read_policy

FLINTSHIRE = ROOT / "examples" / "flintshire"
DISTRICT = ROOT / "examples" / "district_council_2014"
RHONDDA = ROOT / "examples" / "rhondda_cynon_taf"
DECISION_LETTER = "managed_contact_decision_letter"  # Flintshire's, at managed_contact
#: The modules whose Said(...) words the desk shows: case checks, due list, purge notes.
CHECKS = ["cases/case.py", "source/load.py", "source/read.py", "source/values.py",
          "register/due.py", "register/retention.py", "register/actions.py",
          "register/permissions.py", "register/decisions.py", "register/disclosures.py"]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def summary(page: BeautifulSoup) -> list[tuple[str, str]]:
    box = page.select_one(".error-summary")
    assert box is not None and box["role"] == "alert" and box.has_attr("autofocus")
    return [(a["href"], a.get_text()) for a in box.select("a")]


def body_lines(document) -> list[str]:
    """The text of the letter's body, its tables too, a paragraph a line."""
    cells = [p for table in document.tables for row in table.rows for cell in row.cells
             for p in cell.paragraphs]
    return [line.strip() for p in [*document.paragraphs, *cells]
            for line in p.text.splitlines() if line.strip()]


@pytest.fixture
def flintshire(tmp_path):
    app, register, policy = desk(FLINTSHIRE, tmp_path)
    client = app.test_client()
    sign_in(client)
    return client, register, policy, app


def every_step(client, url: str) -> BeautifulSoup:
    """The form's steps (?step=0 to 4), one after another, as one page."""
    return soup_of("".join(client.get(f"{url}&step={n}").text for n in range(5)))


def test_the_form_offers_what_the_policy_allows_and_the_letter_needs(flintshire):
    client, _, policy, _ = flintshire
    page = every_step(client, f"/cases/new?letter={DECISION_LETTER}")
    behaviours = {i["value"]: i for i in page.select("input[name=behaviours]")}
    assert set(behaviours) == set(policy.behaviours)
    for behaviour_id, box in behaviours.items():  # each with its definition beside it
        hint = page.find(id=box["aria-describedby"])
        assert hint.get_text() == policy.behaviours[behaviour_id].definition
    offered = {i["value"] for i in page.select("input[name=measures]")}
    assert offered == {m for m, measure in policy.measures.items()
                       if "managed_contact" in measure.allowed_at}
    # Who takes the decision is the decision's record, never typed in.
    assert not page.select("input[name^='decision_maker-']")
    assert page.find("input", {"name": "stage", "type": "hidden"})["value"] == "managed_contact"
    assert {i["value"] for i in page.select("input[name=language]")} == {
        "english", "welsh", "bilingual"}
    # A staff notice asks no postal address and offers no language.
    notice = every_step(client, "/cases/new?letter=telephone_restriction_letter")
    assert notice.find(id="address") is None and notice.find(id="channels") is not None
    assert not notice.select("input[name=language]")


def test_a_source_without_welsh_letters_offers_no_language(tmp_path):
    app, _, _ = desk(DISTRICT, tmp_path)
    client = app.test_client()
    sign_in(client)
    page = soup(client.get("/cases/new?letter=monitoring_letter"))
    assert page.find(id="family_name") and not page.select("input[name=language]")
    assert not page.select("a[hreflang=cy]")  # and no Welsh desk


def test_every_error_is_shown_linked_and_in_the_case_checks_words(flintshire):
    client, register, policy, _ = flintshire
    data = MultiDict({"reference": "CC/2026/0999", "address": "1 Example Street\nNowhere",
                      "measures": "set_call_times", "decision_maker-role": "ccsm"})
    response = post_form(client, DECISION_LETTER, data)
    assert response.status_code == 400
    page = soup(response)
    links = summary(page)
    assert ("#address", "'Nowhere' is not a UK postcode; put the postcode on the last line, "
            "such as SW1A 2AA") in links
    # In plain words: what to enter or select, never a letter's or a detail's id.
    assert ("#family_name", "Enter family name") in links
    assert ("#behaviours", "Select behaviour the decision is about") in links
    ids = [*policy.letters, *(f.value for f in CaseField)]
    assert not [text for _, text in links if "case file" in text or "_name:" in text
                or any(f"'{i}'" in text or f" {i}" in text.split(";")[0] for i in ids
                       if "_" in i)]
    for href, text in links:
        field = page.find(id=href[1:])
        assert field is not None, f"{text} links to {href}, which is not on the page"
        error = page.find(id=f"{href[1:]}-error")
        assert error is not None and text in error.get_text(), text
        choice = field.get("type") in ("radio", "checkbox")
        holder = field.find_parent("fieldset") if choice else field
        assert f"{href[1:]}-error" in holder.get("aria-describedby", ""), href
    assert page.title.get_text().startswith("Error:")
    assert register.get("CC/2026/0999") is None


def test_the_welsh_desk_says_the_case_checks_in_welsh(flintshire):
    client, _, policy, _ = flintshire
    client.get("/language/cy")
    data = MultiDict({"reference": "CC/2026/0999", "address": "1 Example Street\nNowhere",
                      "measures": "set_call_times", "decision_maker-role": "ccsm"})
    page = soup(post_form(client, DECISION_LETTER, data))
    links = summary(page)
    assert ("#address", "Nid yw 'Nowhere' yn god post yn y DU; rhowch y cod post ar y "
            "llinell olaf, fel SW1A 2AA") in links
    with pytest.raises(SourceError) as raised:
        case_from_data(policy, {"reference": "CC/2026/0999", "address": [
            "1 Example Street", "Nowhere"], "stage": "managed_contact",
            "measures": {"set_call_times": {}}}, "form", DECISION_LETTER)
    english = {_said(p) for p in raised.value.problems}
    shown = page.get_text()
    assert not [text for text in english if text in shown]
    for href, text in links:
        assert page.find(id=href[1:]) is not None, f"{text} links to {href}, not on the page"
        error = page.find(id=f"{href[1:]}-error")
        assert error is not None and text in error.get_text(), text
    empty = summary(soup(post_form(client, DECISION_LETTER, MultiDict())))
    assert ("#reference", "Mae angen cyfeirnod yr achos") in empty


def test_a_wrong_date_is_said_in_welsh(flintshire):
    client, _, _, _ = flintshire
    client.get("/language/cy")
    data = MultiDict({"reference": "CC/2026/0998", "decision_date": "2026-13-45"})
    texts = [text for href, text in summary(soup(post_form(client, DECISION_LETTER, data)))
             if href == "#decision_date"]
    assert texts and all(text.startswith("Nid yw '2026-13-45' yn ddyddiad") for text in texts)


@pytest.mark.parametrize("example", example_cases(), ids=lambda e: e.id)
def test_each_example_case_typed_in_gives_the_letter_policy_letter_gives(tmp_path, example):
    app, register, policy = desk(example.source, tmp_path)
    client = app.test_client()
    sign_in(client)
    case = example.case(policy)
    response = post_form(client, example.letter_id, form_data(app, policy, example.letter_id,
                                                             case))
    assert response.status_code == 302, [a for a in summary(soup(response))]
    kept = register.get(case.reference)
    if tells_decision(policy, example.letter_id):  # the record names who took it: the officer
        assert kept.case.decision_maker.name == "Pat"
        case = case.model_copy(update={"decision_maker": kept.case.decision_maker,
                                       "decision_date": kept.case.decision_date})
    day = (case.letter_date or case.decision_date).first_day
    expected = document_text(Document(io.BytesIO(case_letter(
        policy, example.letter_id, case, day))))
    preview = soup(client.get(response.location)).select_one("section.letter").get_text("\n")
    download = client.post(f"{response.location}/docx",
                           data={"csrf_token": token(client.get(response.location).text)})
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].endswith(".docx")
    assert document_text(Document(io.BytesIO(download.data))) == expected
    for line in body_lines(Document(io.BytesIO(download.data))):
        assert line in preview  # the preview is the letter downloaded
    (sent,) = register.get(kept.reference).letters
    assert sent.docx_sha256 == hashlib.sha256(download.data).hexdigest()
    assert (sent.letter_id, sent.by, sent.pdf_sha256) == (example.letter_id, "pat", None)


def test_the_desk_writes_nothing_beside_the_register(flintshire, tmp_path):
    client, _, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_bilingual")
    before = sorted(p.relative_to(FLINTSHIRE) for p in FLINTSHIRE.rglob("*"))
    response = post_form(client, example.letter_id,
                         form_data(app, policy, example.letter_id, example.case(policy)))
    client.post(f"{response.location}/docx",
                data={"csrf_token": token(client.get(response.location).text)})
    assert sorted(p.relative_to(FLINTSHIRE) for p in FLINTSHIRE.rglob("*")) == before
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["desk-secret", "register.sqlite"], left
    assert oct((tmp_path / "desk-secret").stat().st_mode & 0o777) == "0o600"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed "
                    "(apt-get install libreoffice-writer)")
def test_the_pdf_download_is_recorded_with_its_hash(flintshire):
    client, register, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_warning")
    response = post_form(client, example.letter_id,
                         form_data(app, policy, example.letter_id, example.case(policy)))
    pdf = client.post(f"{response.location}/pdf",
                      data={"csrf_token": token(client.get(response.location).text)})
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    (sent,) = register.get("CC/2026/0101").letters
    assert sent.pdf_sha256 == hashlib.sha256(pdf.data).hexdigest() and sent.docx_sha256


@pytest.mark.parametrize("role", sorted(read_policy(FLINTSHIRE).roles))
def test_each_role_records_only_the_decisions_it_may_take(tmp_path, role):
    """Flintshire's decision to manage contact formally, by an officer of each role: one
    who takes it records it; one who prepares it sends it to the decision makers' queue;
    one who does neither cannot start the case."""
    app, register, policy = desk(FLINTSHIRE, tmp_path, {"officer": [role]})
    client = app.test_client()
    sign_in(client, "officer")
    example = next(e for e in example_cases() if e.id == "flintshire_bilingual")
    decision = policy.decisions["formally_manage_contact"]
    allowed = role in decision.taken_by
    data = form_data(app, policy, example.letter_id, example.case(policy), decides=allowed)
    if not allowed:
        data.pop("letter_date")  # the letter is dated when the decision is taken
    signers, _joint = signing_roles(policy, example.letter_id)
    if allowed and role not in signers:  # the decision maker does not sign: who does
        data.setlist("signatories-0-name", ["Sam Signer"])
        data.setlist("signatories-0-role", [signers[0]])
    if not may_prepare(policy, register.officer("officer")):
        assert client.get(f"/cases/new?letter={example.letter_id}").status_code == 403
        return
    response = post_form(client, example.letter_id, data)
    assert response.status_code == 302, summary(soup(response))
    kept = register.get("CC/2026/0107")
    (proposal,) = decisions.for_case(register, "CC/2026/0107")
    if allowed:
        assert response.location.endswith(f"/letters/{example.letter_id}")
        assert kept.case.stage == "managed_contact" and proposal.status == "approved"
        assert (proposal.decided_by, kept.case.decision_maker.role) == ("officer", role)
        assert kept.stage_changes[-1].decision == proposal.id
    else:
        assert "sent=1" in response.location and proposal.status == "proposed"
        assert kept.case.stage is None and not kept.case.measures
        assert kept.case.decision_maker is None


def test_a_decision_maker_typed_into_the_form_is_not_believed(flintshire):
    client, register, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_bilingual")
    data = form_data(app, policy, example.letter_id, example.case(policy))
    data.setlist("decision_maker-name", ["Someone Else"])  # not asked; posted anyway
    data.setlist("decision_maker-role", ["team_leader_manager"])
    response = post_form(client, example.letter_id, data)
    assert response.status_code == 302
    maker = register.get("CC/2026/0107").case.decision_maker
    assert maker.name == "Pat" and maker.role in policy.decisions[
        "formally_manage_contact"].taken_by


def test_a_post_without_the_csrf_token_is_refused(flintshire):
    client, register, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_warning")
    data = form_data(app, policy, example.letter_id, example.case(policy))
    response = client.post(f"/cases/new?letter={example.letter_id}", data=data)
    assert response.status_code == 400 and "did not come from this desk" in response.text
    data.add("csrf_token", "forged")
    assert client.post(f"/cases/new?letter={example.letter_id}", data=data).status_code == 400
    assert register.get("CC/2026/0101") is None
    # Every form on the desk's pages carries a token.
    for path in ("/", f"/cases/new?letter={example.letter_id}"):
        for form in soup(client.get(path)).select("form[method=post]"):
            assert form.find("input", {"name": "csrf_token"}), (path, form)


def test_a_session_ends_after_it_is_left_idle(tmp_path):
    now = [1_000_000.0]
    app, _, _ = desk(FLINTSHIRE, tmp_path, clock=lambda: now[0])
    client = app.test_client()
    assert client.get("/").location.startswith("/sign-in")
    sign_in(client)
    response = client.get("/")
    assert response.status_code == 200
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    now[0] += IDLE.total_seconds() - 60
    assert client.get("/").status_code == 200  # in use: still signed in
    now[0] += IDLE.total_seconds() + 1
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    assert "Your session ended" in client.get(response.location).text


def test_a_wrong_password_is_refused_and_says_so(tmp_path):
    app, _, _ = desk(FLINTSHIRE, tmp_path)
    client = app.test_client()
    page = client.get("/sign-in").text
    response = client.post("/sign-in", data={"csrf_token": token(page), "login": "pat",
                                             "password": PASSWORD + "x"})
    assert response.status_code == 400
    assert summary(soup(response)) == [("#login", "Enter the login and password of your "
                                        "account")]
    assert client.get("/").status_code == 302


def test_the_reverse_proxy_names_the_officer(tmp_path):
    app, _, _ = desk(FLINTSHIRE, tmp_path, identity_header="X-Remote-User",
                     trusted_proxies=["127.0.0.1"])
    client = app.test_client()
    assert client.get("/").status_code == 403
    assert client.get("/", headers={"X-Remote-User": "nobody"}).status_code == 403
    page = client.get("/", headers={"X-Remote-User": "pat"})
    assert page.status_code == 200 and "Pat" in page.text
    assert soup(page).find("button", string="Sign out") is None


def test_the_desk_speaks_welsh_where_the_source_has_welsh(flintshire):
    client, _, policy, _ = flintshire
    english = soup(client.get("/cases/new?letter=warning_letter"))
    switch = english.select_one("a[hreflang=cy]")
    client.get(switch["href"])
    page = soup(client.get("/cases/new?letter=warning_letter"))
    assert page.html["lang"] == "cy"
    assert page.select_one("a[hreflang=en]") is not None
    page = soup(client.get("/cases/new?letter=warning_letter&step=1"))
    assert page.html["lang"] == "cy"
    welsh_names = {policy.welsh_text.get(f"behaviours.{b}.name") for b in policy.behaviours}
    shown = {label.get_text() for label in page.select("label.checkboxes-label")}
    assert welsh_names & shown, "the behaviours are named in Welsh where the source has it"


def test_a_welsh_customer_gets_a_welsh_letter(flintshire):
    client, _, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_warning")
    data = form_data(app, policy, example.letter_id, example.case(policy))
    data.setlist("language", ["welsh"])
    response = post_form(client, example.letter_id, data)
    assert response.status_code == 302
    download = client.post(f"{response.location}/docx",
                           data={"csrf_token": token(client.get(response.location).text)})
    text = document_text(Document(io.BytesIO(download.data)))
    assert "Annwyl" in text and "Dear" not in text


def test_a_kept_case_opens_for_another_letter_with_its_details(flintshire):
    client, _, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_bilingual")
    post_form(client, example.letter_id, form_data(app, policy, example.letter_id,
                                                   example.case(policy)))
    case_page = soup(client.get("/cases/CC/2026/0107"))
    assert case_page.h1.get_text().startswith("CC/2026/0107")
    details = case_page.select_one(".summary-list").get_text()
    case = example.case(policy)
    assert policy.stages[case.stage].name in details
    assert all(policy.behaviours[b].name in details for b in case.behaviours)
    assert all(policy.measures[m].name in details for m in case.measures)
    picked = client.get("/cases/CC/2026/0107/letter?letter=appeal_acknowledgement")
    form = soup(client.get(picked.location))
    assert form.find(id="family_name")["value"] == example.case(policy).family_name
    assert form.find("input", {"name": "version"})["value"] == "2"  # kept, then decided
    assert "CC/2026/0107" in soup(client.get("/")).select_one("table").get_text()


def test_a_source_with_no_letters_says_so(tmp_path):
    app, _, _ = desk(ROOT / "examples" / "cabinet_report_2017", tmp_path,
                     {"pat": []})
    client = app.test_client()
    sign_in(client)
    # No role of this policy may start a case: the desk refuses, and says why.
    page = client.get("/cases/new")
    assert page.status_code == 403 and "Your account does not allow this" in page.text


def test_officers_are_added_from_the_command_line(tmp_path, monkeypatch, capsys):
    from generator.cli.policy import main
    from generator.register.store import Register

    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["desk", "--source", str(FLINTSHIRE), "--db", url, "--add-officer", "gwen",
                 "--name", "Gwen Governance", "--role", "chief_officer_governance"]) == 0
    with Register.open(url) as register:
        assert register.officer("gwen").roles == ["chief_officer_governance"]
        assert register.check_password("gwen", PASSWORD)
    assert main(["desk", "--source", str(FLINTSHIRE), "--db", url, "--add-officer", "x",
                 "--name", "X", "--role", "mayor", "--no-password"]) == 1
    assert "unknown role 'mayor'" in capsys.readouterr().err


def test_welsh_catalogue_holds_every_string_of_the_desk():
    from babel.messages.extract import extract_from_dir, extract_from_file

    from generator.desk.i18n import catalogue
    from generator.languages import catalogues

    desk_dir = ROOT / "generator" / "desk"
    found = {message for _, _, message, _, _ in extract_from_dir(
        desk_dir, [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")],
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "gettext": None})}
    for module in CHECKS:  # the case checks' and the register's words the desk shows
        found |= {message for _, message, _, _ in extract_from_file(
            "python", ROOT / "generator" / module, keywords={"Said": None})}
    welsh = catalogue("cy")
    untranslated = sorted(m for m in found if welsh.ugettext(m) == m)
    assert not untranslated
    po = catalogues.read(catalogues.po_path(desk_dir / "locale", "desk", "cy"), "cy")
    assert not catalogues.gaps(po, found)


def test_the_letter_date_is_before_the_incident_more_than_ten_years(flintshire):
    """A date problem nested in a list links to its own row's input."""
    client, _, _, _ = flintshire
    data = MultiDict({"reference": "CC/1", "incidents-0-date": "2001-01-01",
                      "incidents-0-channel": "telephone", "incidents-0-summary": "A call.",
                      "decision_date": (dt.date.today()).isoformat()})
    links = summary(soup(post_form(client, "warning_letter", data)))
    assert any(href == "#incidents-0-date" and "more than 10 years" in text
               for href, text in links), links


def test_an_empty_form_shows_every_problem_at_once(flintshire):
    """With no reference the case cannot be modelled; the rest is checked all the same."""
    client, _, policy, _ = flintshire
    links = summary(soup(post_form(client, DECISION_LETTER, MultiDict())))
    assert [text for href, text in links if href == "#reference"] == ["Enter case reference"]
    assert {"#address", "#behaviours", "#family_name"} <= dict(links).keys()
    for letter_id, letter in policy.letters.items():  # who signs: the signatory (the
        if letter.kind != "letter" or tells_decision(policy, letter_id):  # decision's
            continue                                   # record names its decision maker)
        page = soup(post_form(client, letter_id, MultiDict()))
        signing = [href for href, text in summary(page) if text.startswith("No one signs")]
        assert signing and signing[0].startswith(("#signatories-", "#decision_maker-"))
        assert page.find(id=signing[0][1:]) is not None, (letter_id, signing)


def test_two_officers_saving_one_case_lose_no_update(tmp_path):
    app, register, policy = desk(FLINTSHIRE, tmp_path)
    first, second = app.test_client(), app.test_client()
    sign_in(first)
    sign_in(second)
    example = next(e for e in example_cases() if e.id == "flintshire_bilingual")
    post_form(first, example.letter_id, form_data(app, policy, example.letter_id,
                                                  example.case(policy)))
    edit = f"/cases/CC/2026/0107/letters/{example.letter_id}/edit"
    pages = [first.get(edit), second.get(edit)]  # both open version 1

    def save(client, page, family_name):
        data = form_data(app, policy, example.letter_id, example.case(policy))
        data.setlist("family_name", [family_name])
        data.setlist("version", [soup(page).find("input", {"name": "version"})["value"]])
        data.setlist("csrf_token", [token(page.text)])
        return client.post(edit, data=data)

    assert save(first, pages[0], "Sampl").status_code == 302
    refused = save(second, pages[1], "Enghraifft-Arall")
    assert refused.status_code == 409 and "Someone else saved this case" in refused.text
    assert register.get("CC/2026/0107").case.family_name == "Sampl"


def test_dates_are_written_out_in_the_desks_language(flintshire):
    client, _, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_bilingual")
    post_form(client, example.letter_id, form_data(app, policy, example.letter_id,
                                                   example.case(policy)))
    decided = example.case(policy).decision_date.first_day
    english = soup(client.get("/cases/CC/2026/0107")).select_one(".summary-list").get_text()
    assert f"{decided.day} {decided:%B} {decided.year}" in english
    client.get("/language/cy?next=/")
    welsh = soup(client.get("/cases/CC/2026/0107")).select_one(".summary-list").get_text()
    assert f"{decided.day} {decided:%B}" not in welsh and str(decided.year) in welsh


def test_ids_are_unique_on_every_form(flintshire):
    """Two problems with one field share one message element (ids stay unique)."""
    client, _, policy, _ = flintshire
    for letter_id in policy.letters:
        for page in (client.get(f"/cases/new?letter={letter_id}"),
                     post_form(client, letter_id, MultiDict())):
            ids = [tag["id"] for tag in soup(page).find_all(id=True)]
            assert len(ids) == len(set(ids)), (letter_id, sorted(i for i in ids
                                                                 if ids.count(i) > 1))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed "
                    "(apt-get install libreoffice-writer)")
def test_the_printed_pages_show_the_no_print_bands_and_the_preflight(flintshire):
    """The letter's pages as the print house takes them, with the bands it keeps blank in
    red (generator/documents/preflight.py), reached from the preview."""
    client, _, policy, app = flintshire
    example = next(e for e in example_cases() if e.id == "flintshire_warning")
    response = post_form(client, example.letter_id,
                         form_data(app, policy, example.letter_id, example.case(policy)))
    preview = soup(client.get(response.location))
    link = preview.find("a", string="See the printed pages")["href"]
    page = soup(client.get(link))
    assert page.h1.text == "The printed pages"
    assert "The print house would accept this letter." in page.text
    images = page.select("figure.printed-page img")
    assert images and images[0]["src"].startswith("data:image/png;base64,")
    assert [image["alt"] for image in images] == [f"Page {n}" for n in
                                                  range(1, len(images) + 1)]


def test_an_acknowledgement_dated_before_the_appeal_came_in_is_refused_at_its_date(
        flintshire):
    """Left empty, the letter's date is the decision's, here before the appeal came in."""
    client, _, _, _ = flintshire
    data = MultiDict({"reference": "CC/2026/0997", "decision_date": "2026-03-10",
                      "appeal-received": "2026-03-20"})
    said = dict(summary(soup(post_form(client, "appeal_acknowledgement", data))))
    assert said.get("#letter_date") == "The letter date (10 March 2026) is before the appeal " \
        "was received (20 March 2026); date the letter on or after the day the appeal was " \
        "received", said
    data["letter_date"] = "2026-03-23"
    said = dict(summary(soup(post_form(client, "appeal_acknowledgement", data))))
    assert "#letter_date" not in said and "#appeal-received" not in said, said
