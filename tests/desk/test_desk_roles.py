"""Every action by the right role (issue 23): the decision matrix and the policy's roles
checked for each change and each read, on the desk and on the command line; decisions kept
as records that no later form rewrites; a case prepared, proposed, approved or returned;
accounts, sessions and sign-in limits; bounded input; the stepped form's plain words."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from desk_support import PASSWORD, desk, example_cases, form_data, post_form, sign_in, token
from werkzeug.datastructures import MultiDict

from generator.cli.policy import main
from generator.register import decisions, sessions
from generator.register.store import Register

RHONDDA = ROOT / "examples" / "rhondda_cynon_taf"
#: Rhondda's matrix: the Head of Service warns (stage 1), the Group Director restricts
#: (stage 2) and reviews, the Principal Democratic Services Officer keeps the register,
#: and all staff only prepare a finding.
OFFICERS = {"hana": ["head_of_service"], "gwen": ["group_director"], "sam": ["all_staff"],
            "pia": ["principal_democratic_services_officer"]}
WARNING = next(e for e in example_cases() if e.id == "rhondda_warning_welsh")
STAGE_2 = next(e for e in example_cases() if e.id == "rhondda_stage_2")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


@pytest.fixture
def rhondda(tmp_path):
    now = [time.time()]
    app, register, policy = desk(RHONDDA, tmp_path, OFFICERS, clock=lambda: now[0])
    register.add_officer("ada", "Ada Admin", [], PASSWORD, admin=True)
    return app, register, policy, now


def shown(html: str) -> MultiDict:
    """What a form posts as it stands (its inputs, ticks and text areas), without its
    step, so the desk checks it whole."""
    page = BeautifulSoup(html, "html.parser").select_one("main form[method=post]")
    data = MultiDict()
    for field in page.select("input, textarea, select"):
        kind, name = field.get("type", ""), field.get("name")
        if not name or name == "step" or (kind in ("radio", "checkbox")
                                          and not field.has_attr("checked")):
            continue
        if field.name == "textarea":
            data.add(name, field.get_text())
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data.add(name, chosen["value"] if chosen else "")
        else:
            data.add(name, field.get("value", ""))
    return data


def client_for(app, login: str):
    client = app.test_client()
    sign_in(client, login)
    return client


def warned(app, register, policy, by: str = "hana"):
    """The stage 1 warning taken by the Head of Service through the form: the case kept."""
    data = form_data(app, policy, WARNING.letter_id, WARNING.case(policy))
    response = post_form(client_for(app, by), WARNING.letter_id, data)
    assert response.status_code == 302, response.text
    return register.get("RCT/2026/0001")


# -- changes: the decision matrix ----------------------------------------------------------

def test_the_staff_notice_cannot_move_a_case_to_stage_2(rhondda):
    """A stage the officer's role may not decide is proposed, never made."""
    app, register, policy, _ = rhondda
    kept = warned(app, register, policy)
    assert kept.case.stage == "stage_1" and kept.case.decision_maker.name == "Hana"
    hana = client_for(app, "hana")
    data = form_data(app, policy, "staff_notice", STAGE_2.case(policy), decides=False)
    page = hana.get("/cases/RCT/2026/0001/letters/staff_notice/edit").text
    data.setlist("csrf_token", [token(page)])
    data.setlist("version", [str(kept.version)])
    response = hana.post("/cases/RCT/2026/0001/letters/staff_notice/edit", data=data)
    assert response.status_code == 302 and "sent=1" in response.location
    after = register.get("RCT/2026/0001")
    assert after.case.stage == "stage_1" and not after.case.measures
    assert after.case.decision_maker.name == "Hana"  # the stage 1 decision kept
    assert [c.to_stage for c in after.stage_changes] == ["stage_1"]
    waiting = decisions.queue(register, policy, ["group_director"])
    assert [(p.decision, p.proposed_by) for p in waiting] == [("stage_2_restriction", "hana")]
    assert decisions.queue(register, policy, ["head_of_service"]) == []


def test_saving_a_letter_without_a_decision_keeps_the_decision_maker(rhondda):
    """The issue's data loss: the staff notice saved unchanged erased the decision maker."""
    app, register, policy, _ = rhondda
    gwen = client_for(app, "gwen")
    data = form_data(app, policy, STAGE_2.letter_id, STAGE_2.case(policy))
    assert post_form(gwen, STAGE_2.letter_id, data).status_code == 302
    kept = register.get("RCT/2026/0002")
    assert (kept.case.stage, kept.case.decision_maker.name) == ("stage_2", "Gwen")
    assert kept.stage_changes[-1].decision is not None  # the change carries its decision
    edit = gwen.get("/cases/RCT/2026/0002/letters/staff_notice/edit")
    page = soup(edit)
    assert not page.select("input[name^='decision_maker-']")
    assert not page.select("input[name=measures]")  # decided: the notice only tells of it
    data = shown(edit.text)
    saved = gwen.post("/cases/RCT/2026/0002/letters/staff_notice/edit", data=data)
    assert saved.status_code == 302, saved.text
    after = register.get("RCT/2026/0002")
    assert after.case.decision_maker == kept.case.decision_maker
    assert after.case.measures == kept.case.measures and after.case.stage == "stage_2"
    letter = gwen.get(f"/cases/RCT/2026/0002/letters/{STAGE_2.letter_id}")
    assert letter.status_code == 200 and "Gwen" in letter.text  # made again, nothing retyped


def test_a_review_by_a_role_that_may_not_take_it_is_refused(rhondda, tmp_path):
    app, register, policy, _ = rhondda
    gwen = client_for(app, "gwen")
    assert post_form(gwen, STAGE_2.letter_id, form_data(
        app, policy, STAGE_2.letter_id, STAGE_2.case(policy))).status_code == 302
    pia = client_for(app, "pia")  # keeps the register, sees the due list: may not review
    page = pia.get("/register/review/RCT/2026/0002")
    assert page.status_code == 200
    refused = pia.post("/register/review/RCT/2026/0002", data={
        "csrf_token": token(page.text), "held_on": dt.date.today().isoformat(),
        "outcome": "close"})
    assert refused.status_code == 400 and "may not take the decision" in refused.text
    assert register.get("RCT/2026/0002").reviews == []
    db = str(register.engine.url)
    args = ["cases", "review", "RCT/2026/0002", "--held-on", dt.date.today().isoformat(),
            "--outcome", "close", "--source", str(RHONDDA), "--db", db]
    assert main([*args, "--by", "pia"]) == 1
    assert main([*args, "--by", "gwen"]) == 0
    assert [r.by for r in register.get("RCT/2026/0002").reviews] == ["gwen"]


def test_an_import_is_checked_against_the_importers_roles(rhondda, capsys):
    _app, register, _policy, _ = rhondda
    db = str(register.engine.url)
    args = ["cases", "import", str(STAGE_2.path), "--source", str(RHONDDA), "--db", db]
    assert main([*args, "--by", "hana"]) == 1
    err = capsys.readouterr().err
    assert "your role may not take the decision 'Decide restricted contact" in err
    assert register.get("RCT/2026/0002") is None
    assert main([*args, "--by", "nobody"]) == 1
    assert "'nobody' has no account" in capsys.readouterr().err
    assert main([*args, "--by", "gwen"]) == 0


# -- reading: scoped by the policy's roles -------------------------------------------------

PAGES = {"/": "cases", "/register/due": "due", "/register/report": "report",
         "/register/purge": "purge", "/accounts/": "accounts"}
ALLOWED = {"hana": {"/"}, "gwen": {"/", "/register/due"},
           "pia": {"/", "/register/due", "/register/purge", "/register/report"},
           "sam": {"/"},  # only the cases they prepared
           "ada": {"/accounts/"}}


@pytest.mark.parametrize("login", sorted(ALLOWED))
def test_each_page_opens_only_for_the_roles_the_policy_names(rhondda, login):
    app, register, policy, _ = rhondda
    warned(app, register, policy)
    client = client_for(app, login)
    opened = {path for path in PAGES if client.get(path).status_code == 200}
    refused = {path for path in PAGES if client.get(path).status_code == 403}
    assert opened == ALLOWED[login] and refused == set(PAGES) - ALLOWED[login]
    case = client.get("/cases/RCT/2026/0001").status_code
    assert case == (403 if login in ("sam", "ada") else 200)
    # the header offers only what opens
    links = {a["href"] for a in soup(client.get("/decisions/")).select(".header-nav a")}
    assert {p for p in PAGES if p in links} == ALLOWED[login]


@pytest.mark.parametrize(("command", "who", "allowed"), [
    ("due", "pia", True), ("due", "hana", False), ("report", "pia", True),
    ("report", "gwen", False), ("purge", "pia", True), ("purge", "gwen", False),
    ("access", "pia", True), ("access", "gwen", False), ("export", "hana", True),
    ("export", "sam", False), ("audit", "pia", True), ("audit", "hana", False)])
def test_each_command_runs_only_for_the_roles_the_policy_names(rhondda, tmp_path, command,
                                                               who, allowed, capsys):
    app, register, policy, _ = rhondda
    warned(app, register, policy)
    extra = {"access": ["RCT/2026/0001", "--to", str(tmp_path / "sar.json")],
             "export": ["--to", str(tmp_path / "out")],
             "report": ["--period", "2026-01-01..2026-12-31", "--out", str(tmp_path / "r")],
             "purge": ["--dry-run"]}.get(command, [])
    code = main(["cases", command, *extra, "--source", str(RHONDDA),
                 "--db", str(register.engine.url), "--by", who])
    assert code == (0 if allowed else 1), capsys.readouterr().err
    if not allowed:
        assert "may not open" in capsys.readouterr().err


# -- prepare, decide, send -----------------------------------------------------------------

def test_a_case_prepared_is_approved_from_the_queue_without_retyping(rhondda):
    app, register, policy, _ = rhondda
    sam = client_for(app, "sam")
    data = form_data(app, policy, WARNING.letter_id, WARNING.case(policy), decides=False)
    data.pop("letter_date")
    sent = post_form(sam, WARNING.letter_id, data)
    assert sent.status_code == 302 and "sent=1" in sent.location
    assert sam.get("/cases/RCT/2026/0001").status_code == 200  # their own case
    assert "RCT/2026/0001" in sam.get("/").text  # their own cases listed
    assert "RCT/2026/0002" not in sam.get("/").text
    kept = register.get("RCT/2026/0001")
    assert kept.case.stage is None and kept.case.family_name == "Enghraifft"
    hana = client_for(app, "hana")
    queue = soup(hana.get("/decisions/"))
    (link,) = queue.select("main tbody a")
    assert link.get_text() == "RCT/2026/0001"
    draft = hana.get(link["href"])
    assert "Enghraifft" in draft.text and "Hana" in draft.text  # the draft, signed by her
    assert client_for(app, "gwen").get(link["href"]).status_code == 403
    approved = hana.post(f"{link['href']}/approve", data={"csrf_token": token(draft.text)})
    assert approved.status_code == 302
    assert approved.location.endswith(f"/letters/{WARNING.letter_id}")
    after = register.get("RCT/2026/0001")
    (record,) = decisions.for_case(register, "RCT/2026/0001")
    assert (after.case.stage, after.case.decision_maker.name) == ("stage_1", "Hana")
    assert (record.status, record.decided_by, record.decided_role) == (
        "approved", "hana", "head_of_service")
    assert after.stage_changes[-1].decision == record.id
    assert after.case.decision_date.first_day == dt.date.today()
    again = hana.post(f"{link['href']}/approve", data={"csrf_token": token(draft.text)})
    assert again.status_code in (400, 403, 404)  # recorded once
    assert hana.get(approved.location).status_code == 200


def test_a_returned_proposal_comes_back_with_its_note_and_answers(rhondda):
    app, register, policy, _ = rhondda
    sam = client_for(app, "sam")
    data = form_data(app, policy, WARNING.letter_id, WARNING.case(policy), decides=False)
    data.pop("letter_date")
    post_form(sam, WARNING.letter_id, data)
    (proposal,) = decisions.for_case(register, "RCT/2026/0001")
    hana = client_for(app, "hana")
    page = hana.get(f"/decisions/{proposal.id}")
    empty = hana.post(f"/decisions/{proposal.id}/return", data={"csrf_token": token(page.text)})
    assert empty.status_code == 400 and "Enter a note" in empty.text
    back = hana.post(f"/decisions/{proposal.id}/return", data={
        "csrf_token": token(page.text), "note": "Name the incidents, please."})
    assert back.status_code == 302
    case_page = sam.get("/cases/RCT/2026/0001").text
    assert "Name the incidents, please." in case_page and "Change and send again" in case_page
    form = soup(sam.get(f"/cases/RCT/2026/0001/letters/{WARNING.letter_id}/edit?step=1"))
    assert {i["value"] for i in form.select("input[name=behaviours][checked]")} == set(
        WARNING.case(policy).behaviours)
    assert register.get("RCT/2026/0001").case.stage is None


def test_only_the_letters_a_role_may_make_are_offered(rhondda):
    app, register, policy, _ = rhondda
    warned(app, register, policy)
    offered = {o["value"] for o in soup(client_for(app, "hana").get(
        "/cases/RCT/2026/0001")).select("select[name=letter] option")}
    assert WARNING.letter_id in offered
    pia = soup(client_for(app, "pia").get("/cases/RCT/2026/0001"))
    assert pia.find("a", string="History of this case") is not None
    hana = soup(client_for(app, "hana").get("/cases/RCT/2026/0001"))
    assert hana.find("a", string="History of this case") is None


def test_case_details_are_corrected_on_their_own_page(rhondda):
    app, register, policy, _ = rhondda
    kept = warned(app, register, policy)
    gwen = client_for(app, "gwen")  # may see the case; takes no decision on it
    page = gwen.get("/cases/RCT/2026/0001/details")
    form = soup(page)
    assert form.find(id="family_name")["value"] == "Enghraifft"
    assert not form.select("input[name=stage], input[name=measures], "
                           "input[name^='decision_maker']")
    values = {i["name"]: i.get("value", "") for i in form.select("input[type=text]")}
    values.update({"csrf_token": token(page.text), "version": str(kept.version),
                   "family_name": "Enghraifft-Jones", "address": "\n".join(kept.case.address),
                   "incident_rows": "0", "behaviours": kept.case.behaviours,
                   "language": "welsh", "stage": "stage_2"})  # posted anyway: not read
    saved = gwen.post("/cases/RCT/2026/0001/details", data=values)
    assert saved.status_code == 302, saved.text
    after = register.get("RCT/2026/0001")
    assert after.case.family_name == "Enghraifft-Jones"
    assert after.case.stage == "stage_1" and after.case.decision_maker == kept.case.decision_maker


# -- accounts and sessions -----------------------------------------------------------------

def test_a_copied_cookie_fails_after_sign_out(rhondda):
    app, *_ = rhondda
    hana = client_for(app, "hana")
    copy = app.test_client()
    copy.set_cookie("desk_session", hana.get_cookie("desk_session").value)
    assert copy.get("/").status_code == 200
    page = hana.get("/").text
    hana.post("/sign-out", data={"csrf_token": token(page)})
    assert copy.get("/").status_code == 302  # to sign in: the session is revoked


def test_sign_in_attempts_are_limited_per_account_and_address(rhondda):
    app, register, _policy, now = rhondda
    client = app.test_client()
    page = client.get("/sign-in").text
    for _ in range(sessions.FREE_TRIES + 1):
        client.post("/sign-in", data={"csrf_token": token(page), "login": "hana",
                                      "password": "wrong password!"})
    right = {"csrf_token": token(page), "login": "hana", "password": PASSWORD}
    refused = client.post("/sign-in", data=right)
    assert refused.status_code == 429 and "Wait" in refused.text
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert other.post("/sign-in", data={**right, "csrf_token": token(
        other.get("/sign-in").text)}).status_code == 429  # the account is limited too
    now[0] += 3  # the first delay passed
    assert client.post("/sign-in", data=right).status_code == 302
    waits = []  # the address is limited whatever login it tries, each wait longer
    client = app.test_client()
    right["csrf_token"] = token(client.get("/sign-in").text)
    for n in range(sessions.FREE_TRIES + 3):
        now[0] += 1 + sessions.wait(register.engine, ["address:127.0.0.1"], now[0])
        client.post("/sign-in", data={**right, "login": f"x{n}", "password": "no"})
        waits.append(round(sessions.wait(register.engine, ["address:127.0.0.1"], now[0])))
    assert waits == [4, 8, 16, 32, 64, 128], waits


def test_known_and_unknown_logins_take_the_same_time(tmp_path):
    with Register.open(f"sqlite:///{tmp_path / 'r.sqlite'}") as register:
        register.add_officer("known", "Known", [], PASSWORD)
        register.check_password("warm", "up")

        def took(login: str) -> float:
            start = time.perf_counter()
            register.check_password(login, "wrong password")
            return time.perf_counter() - start

        known = min(took("known") for _ in range(3))
        unknown = min(took("unknown") for _ in range(3))
    assert unknown > known * 0.6, (known, unknown)


def test_the_identity_header_is_believed_only_from_the_proxy(tmp_path):
    app, _, _ = desk(RHONDDA, tmp_path, OFFICERS, identity_header="X-Remote-User",
                     trusted_proxies=["10.0.0.1"])
    proxy = app.test_client()
    proxy.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    assert proxy.get("/", headers={"X-Remote-User": "hana"}).status_code == 200
    direct = app.test_client()
    direct.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert direct.get("/", headers={"X-Remote-User": "hana"}).status_code == 403


def test_an_administrator_lists_changes_and_disables_accounts(rhondda):
    app, register, _policy, _ = rhondda
    hana = client_for(app, "hana")
    assert hana.get("/accounts/").status_code == 403
    ada = client_for(app, "ada")
    page = ada.get("/accounts/")
    assert all(login in page.text for login in OFFICERS)
    changed = ada.post("/accounts/hana", data={"csrf_token": token(page.text),
                                               "roles": ["head_of_service", "group_director"]})
    assert changed.status_code == 302
    assert register.officer("hana").roles == ["head_of_service", "group_director"]
    assert ada.post("/accounts/hana", data={"csrf_token": token(page.text),
                                            "roles": ["no_such_role"]}).status_code == 400
    assert hana.get("/register/due").status_code == 200  # the new role counts at once
    ada.post("/accounts/hana", data={"csrf_token": token(page.text), "disabled": "yes",
                                     "roles": ["head_of_service"]})
    assert hana.get("/").status_code == 302  # the session ended with the account
    again = app.test_client()
    sign_page = again.get("/sign-in").text
    assert again.post("/sign-in", data={"csrf_token": token(sign_page), "login": "hana",
                                        "password": PASSWORD}).status_code == 400
    assert register.officer("hana").disabled  # kept, never deleted
    assert any(e.note == "hana" and "disabled" in e.fields for e in register.audit())
    own = ada.post("/accounts/ada", data={"csrf_token": token(page.text), "disabled": "yes"})
    assert own.status_code == 400 and not register.officer("ada").disabled


def test_who_opened_which_case_is_logged(rhondda):
    app, register, policy, _ = rhondda
    warned(app, register, policy)
    client_for(app, "gwen").get("/cases/RCT/2026/0001")
    assert ("gwen", "open") in [(e.by, e.action) for e in register.audit("RCT/2026/0001")]


def test_a_port_in_use_is_said_plainly(tmp_path, capsys, monkeypatch):
    import socket

    monkeypatch.setenv("POLICY_DATA_DIR", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["desk", "--source", str(RHONDDA), "--port", str(port),
                     "--db", f"sqlite:///{tmp_path / 'r.sqlite'}"])
    out, err = capsys.readouterr()
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err and "Letter desk" not in out


# -- the form: bounded, stepped, plain -----------------------------------------------------

@pytest.mark.parametrize(("name", "value"), [
    ("incident_rows", "1000000"), ("incident_rows", "many"), ("incident_rows", "-1"),
    ("version", "x"), ("step", "99"), ("step", "1e9")])
def test_a_hidden_number_out_of_bounds_is_a_clear_400(rhondda, name, value):
    app, register, policy, _ = rhondda
    hana = client_for(app, "hana")
    data = form_data(app, policy, WARNING.letter_id, WARNING.case(policy))
    data.setlist(name, [value])
    start = time.perf_counter()
    response = post_form(hana, WARNING.letter_id, data)
    assert response.status_code == 400 and time.perf_counter() - start < 5
    assert register.get("RCT/2026/0001") is None


def test_the_form_goes_step_by_step_in_plain_words(rhondda):
    app, *_ = rhondda
    hana = client_for(app, "hana")
    first = hana.get(f"/cases/new?letter={WARNING.letter_id}")
    page = soup(first)
    assert page.h1.get_text() == "The customer" and "Step 1 of" in page.get_text()
    assert page.find(id="behaviours") is None  # the next step's
    empty = hana.post(f"/cases/new?letter={WARNING.letter_id}", data={
        "csrf_token": token(first.text), "step": "0", "incident_rows": "0"})
    assert empty.status_code == 400
    links = [(a["href"], a.get_text()) for a in soup(empty).select(".error-summary a")]
    assert ("#family_name", "Enter family name") in links
    assert all(f"#{h[1:]}" and soup(empty).find(id=h[1:]) for h, _t in links)
    assert not [t for _h, t in links if WARNING.letter_id in t or "customer_name" in t]
    answered = hana.post(f"/cases/new?letter={WARNING.letter_id}", data={
        "csrf_token": token(first.text), "step": "0", "incident_rows": "0",
        "reference": "RCT/2026/0101", "given_names": "Dafydd", "family_name": "Enghraifft",
        "address": "8 Example Street\nPorth\nCF39 9AA"})
    assert answered.status_code == 200
    second = soup(answered)
    assert second.h1.get_text() == "Conduct and incidents"
    assert second.find("input", {"type": "hidden", "name": "family_name"})["value"] == \
        "Enghraifft"


def test_the_desk_proposes_the_next_reference_by_the_councils_pattern(rhondda):
    app, register, policy, _ = rhondda
    warned(app, register, policy)
    page = soup(client_for(app, "hana").get(f"/cases/new?letter={WARNING.letter_id}"))
    assert page.find(id="reference")["value"] == f"RCT/{dt.date.today().year}/" + (
        "0002" if dt.date.today().year == 2026 else "0001")
