"""The register's reviews-due list and periodic report with 10,000 cases kept.

Seeds a SQLite register (in a private folder inside the checkout, removed afterwards) with
10,000 made-up cases of examples/rhondda_cynon_taf (stages 1 and 2, behaviours, measures,
reviews, appeals), then times, in process, after one warm-up: the due list (every case
read from the register and its dates worked out) and the report (read, counted, written
as .docx and as the HTML page). Targets (issue 16), exit 1 if one is missed: each under
1 s (CPU seconds of the process and its children, as the machine may be shared; wall
seconds beside them). `policy cases due` end to end is printed for information.

Run: .venv/bin/python benchmarks/register.py
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from timing import ROOT, RUNS, Targets, policy, run, show

from generator.cases.case import Case
from generator.register import schema
from generator.register.actions import report, write_reports
from generator.register.due import reviews_due
from generator.register.kept import all_facts
from generator.register.report import Period
from generator.register.store import Register
from generator.source.read import read_policy

CASES = 10_000
SOURCE = ROOT / "examples" / "rhondda_cynon_taf"
ON = dt.date(2027, 6, 1)
BEHAVIOURS = ["unreasonable_persistence", "covert_recording", "threatening_conduct"]


def made_up(n: int) -> Case:
    decided = dt.date(2025, 1, 1) + dt.timedelta(days=n % 800)
    stage_2 = n % 3 != 0
    case: dict[str, Any] = {
        "reference": f"BENCH/{n:05d}", "given_names": "Bench", "family_name": f"Case{n}",
            "address": [f"{n} Test Street", "Exampletown", "CF1 1AA"],
            "stage": "stage_2" if stage_2 else "stage_1",
            "decision_date": decided.isoformat(), "behaviours": BEHAVIOURS[: 1 + n % 3]}
    if stage_2:
        case["measures"] = {"time_limits": {"duration": "12 months"}}
    if n % 10 == 0:
        case["appeal"] = {"received": (decided + dt.timedelta(days=7)).isoformat(),
                          "decided": (decided + dt.timedelta(days=30)).isoformat(),
                          "outcome": "not upheld" if n % 20 else "upheld"}
    return Case.model_validate(case)


def seed(url: str) -> None:
    """The cases through the API in one transaction; their reviews straight into the
    reviews table (2,500 transactions through record_review would take a minute)."""
    with Register.open(url) as register:
        register.add_all([made_up(n) for n in range(CASES)], by="bench")
        with register.engine.begin() as connection:
            ids = {r.reference: r.id for r in connection.execute(
                select(schema.cases.c.reference, schema.cases.c.id))}
            connection.execute(insert(schema.reviews), [
                {"case_id": ids[f"BENCH/{n:05d}"], "outcome": "continue", "notes": "",
                 "held_on": dt.date(2026, 3, 1) + dt.timedelta(days=n % 300), "held_by": "bench"}
                for n in range(0, CASES, 4)])


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Median (CPU seconds of the process and its children, wall seconds) of RUNS runs."""
    action()
    samples = []
    for _ in range(RUNS):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu, wall = time.process_time(), time.perf_counter()
        action()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append((time.process_time() - cpu + after.ru_utime - children.ru_utime
                        + after.ru_stime - children.ru_stime, time.perf_counter() - wall))
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def main() -> None:
    targets = Targets()
    with tempfile.TemporaryDirectory(prefix=".register-bench-", dir=ROOT) as folder:
        os.chmod(folder, 0o700)
        url = f"sqlite:///{Path(folder) / 'register.sqlite'}"
        started = time.perf_counter()
        seed(url)
        print(f"seeded {CASES} cases in {time.perf_counter() - started:.1f} s")
        rct = read_policy(SOURCE)
        register = Register.open(url)
        period = Period(dt.date(2026, 4, 1), dt.date(2027, 3, 31))

        def due() -> None:
            listed = reviews_due(rct, all_facts(register), ON)
            assert listed.items, "the seeded register has nothing due"

        def the_report() -> None:
            write_reports(rct, report(register, rct, period), Path(folder) / "reports")

        for name, action in (("reviews-due list", due), ("periodic report", the_report)):
            cpu, wall = timed(action)
            print(f"{name}: {cpu:.2f} s CPU, {wall:.2f} s wall")
            targets.at_most(f"{name} with {CASES} cases", cpu, 1.0, " s")
        register.close()
        show("(info) policy cases due, end to end", run(policy(
            "cases", "due", "--source", str(SOURCE), "--db", url, "--as-of", ON.isoformat())))
    targets.finish()


if __name__ == "__main__":
    main()
