"""The desk asks who signs for their own job title, and keeps it in the case."""

from __future__ import annotations

from conftest import ROOT
from flask import Flask
from werkzeug.datastructures import MultiDict

from generator.desk.answers import read, values
from generator.desk.form import CaseForm
from generator.source.read import read_policy

FLINTSHIRE = read_policy(ROOT / "examples" / "flintshire")


def test_the_desk_asks_for_a_job_title_and_keeps_it():
    with Flask(__name__).test_request_context():
        # who took the decision is asked only for one taken before the case was kept
        form = CaseForm(FLINTSHIRE, "warning_letter", proposing=False, earlier_decider=True)
        names = [i.name for i in form.inputs()]
        asked = [name for name in names if name.endswith("-job_title")
                 and name.startswith(("decision_maker", "signatories"))]
        assert asked, names
        person = asked[0].rsplit("-", 1)[0]  # decision_maker or signatories-0
        given = MultiDict({f"{person}-name": "Taylor Leader",
                           f"{person}-role": "team_leader_manager",
                           f"{person}-job_title": "Customer Services Team Leader"})
        data = read(form, given, {})
        held = data["decision_maker"] if person == "decision_maker" else \
            data["signatories"][0]
        assert held["job_title"] == "Customer Services Team Leader"
        assert values(form, data).get(f"{person}-job_title") == "Customer Services Team Leader"
