"""What the desk's tests share: a desk on a register in a temporary folder, officers, and
the example cases as an officer would type them into the form."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import AXE, FOREIGN, ROOT, WCAG_TAGS
from werkzeug.datastructures import MultiDict

from generator.cases.case import Case, read_case
from generator.desk import answers
from generator.desk.app import create_app
from generator.desk.form import CaseForm, tells_decision
from generator.register.store import Register
from generator.source.model import Policy
from generator.source.read import read_policy

PASSWORD = "correct horse battery staple"
CASES = ROOT / "examples" / "cases"
_COMMAND = re.compile(r"policy letter (\S+) --case \S+ --source (\S+)")


@dataclass
class ExampleCase:
    """A made-up case of examples/cases with the letter and source its file names."""

    path: Path
    letter_id: str
    source: Path

    @property
    def id(self) -> str:
        return self.path.stem

    def case(self, policy: Policy) -> Case:
        return read_case(self.path, policy).case


def example_cases() -> list[ExampleCase]:
    """The example cases of the example sources (examples/*), not of policy_src."""
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        match = _COMMAND.search(path.read_text(encoding="utf-8"))
        if match and match.group(2).startswith("examples/"):
            found.append(ExampleCase(path, match.group(1), ROOT / match.group(2)))
    return found


def desk(source: Path, folder: Path, officers: dict[str, list[str]] | None = None,
         **options: Any) -> tuple[Any, Register, Policy]:
    """A desk for ``source`` on a new SQLite register in ``folder``; each officer's
    password is PASSWORD (default: one officer, ``pat``, holding every role)."""
    policy = read_policy(source)
    register = Register.open(f"sqlite:///{folder / 'register.sqlite'}")
    for login, roles in (officers or {"pat": list(policy.roles)}).items():
        register.add_officer(login, login.title(), roles, PASSWORD)
    app = create_app(policy, register, data_dir=folder, **options)
    app.config["TESTING"] = True
    return app, register, policy


def token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: Any, login: str = "pat") -> None:
    page = client.get("/sign-in").text
    response = client.post("/sign-in", data={"csrf_token": token(page), "login": login,
                                             "password": PASSWORD})
    assert response.status_code == 302, response.text


def form_data(app: Any, policy: Policy, letter_id: str, case: Case,
              decides: bool = True) -> MultiDict:
    """What an officer types into the letter's form for ``case`` (``decides``: an officer
    who takes the letter's decision, so the form asks its date)."""
    with app.test_request_context():
        form = CaseForm(policy, letter_id, incidents=len(case.incidents), decides=decides,
                        earlier_decider=True, proposing=tells_decision(policy, letter_id))
        values = answers.values(form, case.model_dump(mode="json"))
        names = {i.name for i in form.inputs()}
    data = MultiDict([(k, v) for k, vs in values.lists() for v in vs if k in names])
    data.add("incident_rows", str(len(case.incidents)))
    if "decision_date" in names and not case.decision_date and case.letter_date and \
            tells_decision(policy, letter_id):
        data["decision_date"] = case.letter_date.iso()  # the officer dates their decision
    return data


def post_form(client: Any, letter_id: str, data: MultiDict) -> Any:
    page = client.get(f"/cases/new?letter={letter_id}").text
    data = MultiDict(data)
    data.setlist("csrf_token", [token(page)])
    return client.post(f"/cases/new?letter={letter_id}", data=data)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` (the desk, or any WSGI callable) served on a free local port for a browser,
    until the block ends: its address."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()


WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
RUN_AXE = """async tags => (await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                     resultTypes: ["violations"]})).violations"""


class Officer:
    """A browser tab at the desk; every page it reaches is checked with axe (and saved,
    with DESK_SCREENSHOTS)."""

    def __init__(self, browser, base: str, name: str, app: Any, policy: Any):
        # axe goes in by script tag; the desk's own policy allows only its own scripts.
        self.context = browser.new_context(viewport=WIDE, bypass_csp=True, accept_downloads=True)
        self.foreign: list[str] = []
        self.context.route(FOREIGN, lambda route: (self.foreign.append(route.request.url),
                                                   route.abort()))
        self.page = self.context.new_page()
        self.base, self.name, self.checked = base, name, 0
        self.app, self.policy = app, policy
        self.pictures = Path(os.environ["DESK_SCREENSHOTS"]) if os.environ.get(
            "DESK_SCREENSHOTS") else None

    def sign_in(self, login: str) -> None:
        """Sign in at the desk's form as ``login`` (every test account has PASSWORD)."""
        self.page.goto(self.base + "/sign-in")
        self.page.fill("#login", login)
        self.page.fill("#password", PASSWORD)
        with self.page.expect_navigation():  # signed in before the test goes anywhere
            self.page.click("main button[type=submit]")

    def check(self, step: str) -> None:
        """axe on the page as it stands, on a wide screen and a phone's."""
        # A click waits for the navigation it starts to begin, not for the new page to be
        # parsed: before its load, a document may have no head to add axe to.
        self.page.wait_for_load_state("load")
        self.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        self.checked += 1
        for label, size in (("1280", WIDE), ("390", NARROW)):
            self.page.set_viewport_size(size)
            violations = self.page.evaluate(RUN_AXE, WCAG_TAGS)
            assert not violations, [(step, label, v["id"], [n["target"] for n in v["nodes"]])
                                    for v in violations]
            if self.pictures:
                self.pictures.mkdir(parents=True, exist_ok=True)
                self.page.screenshot(path=self.pictures / f"{self.name}-{self.checked:02d}-"
                                     f"{step}-{label}.png", full_page=True)
        self.page.set_viewport_size(WIDE)

    def fill(self, data) -> None:
        """Type the case in: each input by its name, as an officer would."""
        page = self.page
        for name, values in data.lists():
            fields = page.locator(f'[name="{name}"]')
            if not fields.count():
                continue
            kind = fields.first.get_attribute("type") or fields.first.evaluate(
                "e => e.tagName.toLowerCase()")
            if kind in ("radio", "checkbox"):
                for value in values:
                    page.check(f'[name="{name}"][value="{value}"]')
            elif kind == "select":
                fields.first.select_option(values[0])
            elif kind != "hidden":
                fields.first.fill(values[0])


def fill_every_step(officer: Officer, data: Any, last: str, check: bool = False) -> None:
    """Type the case in step by step, until the button that says ``last``; with
    ``check``, each step's page is checked too (axe) before it is filled."""
    page = officer.page
    for number in range(6):
        if check:
            officer.check(f"form-step-{number + 1}")
        officer.fill(data)
        button = page.locator("main form[method=post] button[type=submit]")
        label = button.inner_text()
        with page.expect_navigation():  # the next step's page, before it is read or filled
            button.click()
        assert page.locator(".error-summary").count() == 0, \
            page.locator(".error-summary").inner_text()
        if last in label:
            return
    raise AssertionError(f"no step offered '{last}'")
