"""Made-up cases kept under version 1.0 of the fixture ``tests/fixtures/impact``, whose draft
1.1 changes them (issue 27, item 2): for the revision-impact tests of the command line,
the approval report and the desk."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT

from generator.cases.case import Case
from generator.register.store import Register
from generator.register.upkeep import refresh
from generator.source.read import read_policy

DRAFT = ROOT / "tests" / "fixtures" / "impact"
PUBLISHED = DRAFT / "versions" / "1.0"
NAME = {"given_names": "Alex", "family_name": "Madeupson"}
#: Logins and their roles: a keeper (the report and the cases), a reviewer (the cases
#: only) and an account with no role of this policy (neither).
OFFICERS = {"keeper": ["monitoring_officer"], "reviewer": ["head_of_service"],
            "other": ["someone_else"]}


def kept(url: str) -> None:
    """Four made-up cases kept under version 1.0, their due dates worked out by it (and the
    officers of :data:`OFFICERS`, where the register has no account of theirs yet)."""
    with Register.open(url) as register:
        for login, roles in OFFICERS.items():
            if register.officer(login) is None:
                register.add_officer(login, login.title(), roles, None)
        for data in (
                # reviewed every 6 months from 10 Jan 2026: 10 July, now 10 May (earlier);
                # 9 months of letters only is over the new maximum of 6
                {"reference": "T/1", "stage": "restricted", "decision_date": "2026-01-10",
                 "measures": {"letter_only": {"duration": "9 months"}}},
                # earlier too; its measure is removed
                {"reference": "T/2", "stage": "restricted", "decision_date": "2026-01-10",
                 "measures": {"phone_slot": {}}},
                # monitoring from the letter of 12 Jan: 3 months (12 April) now 6 (12 July);
                # the warning letter it was sent states the monitoring period
                {"reference": "T/3", "stage": "warning", "decision_date": "2026-01-10",
                 "letter_date": "2026-01-12"},
                # closed: never measured
                {"reference": "T/4", "stage": "restricted", "decision_date": "2026-01-10"}):
            register.add(Case.model_validate({**data, **NAME}), by="keeper")
        register.record_letter("T/3", "warning_letter", docx_sha256="0" * 64, pdf_sha256=None,
                               sent_on=dt.date(2026, 1, 12), by="reviewer")
        register.close_case("T/4", on=dt.date(2026, 2, 1), by="keeper")
        refresh(register, read_policy(PUBLISHED))
