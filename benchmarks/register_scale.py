"""The register at scale: the due list, the report and the desk's lists with 100,000 cases
on SQLite (issue 23: each desk page under 0.3 s; issue 25: each under 1 s) and 1,000,000 on
PostgreSQL (issue 25: under 1 s).

The generator makes a council's register over six years: 10,000 distinct made-up cases of
examples/rhondda_cynon_taf through the register's own API (names, addresses with
postcodes, stages 1 and 2, behaviours, measures, appeals, twelve officers, opening dates
spread over the years, most older cases closed, reviews every six months with some held
late), with their due dates and review timeliness worked out by the register's upkeep;
then, for larger registers, copies of those rows under new references, in SQL, so that a
million cases take minutes, not hours. Then, in process, after one warm-up, it times the
median of BENCH_RUNS runs (CPU seconds of this process, pandoc and the database server
when it runs on this machine, as the machine may be shared; wall seconds beside them):
the due list as `policy cases due` reads it, the periodic report (counted; counted again
just after a case was closed or opened again, so its month is counted anew; written),
and the desk's pages through its Flask app: the
case list (first page, a name search, a postcode search, filters, a sort, the last page)
and the due list (first page, filtered, the last page). Exit 1 if a target is missed.

Run: .venv/bin/python benchmarks/register_scale.py [--cases 100000] [--db URL]
(without --db: a SQLite file in a private folder inside the checkout, removed afterwards;
with a PostgreSQL URL, use an empty database: its tables are dropped at the start.)

The million cases on PostgreSQL, seeded once (about 10 minutes) and kept for later runs
in a PostgreSQL cluster of the benchmark's own, benchmarks/.register-cache/ (owner-only,
never in git, reached through a socket there only):
    .venv/bin/python benchmarks/register_scale.py --cases 1000000 --cached-pg
    .venv/bin/python benchmarks/register_scale.py --stop-cached-pg   # stop it (kept)
    rm -rf benchmarks/.register-cache                                 # and remove it
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from timing import ROOT, RUNS, Targets

from generator.cases.case import Case
from generator.register import schema
from generator.register.actions import report, write_reports
from generator.register.lists import due_list
from generator.register.report import Period
from generator.register.store import Register
from generator.register.upkeep import refresh
from generator.source.read import read_policy

SOURCE = ROOT / "examples" / "rhondda_cynon_taf"
ON = dt.date(2027, 6, 1)
FIRST = dt.date(2021, 6, 1)
DISTINCT = 10_000
BEHAVIOURS = ["unreasonable_persistence", "covert_recording", "threatening_conduct",
              "anonymous_correspondence"]
GIVEN = ["Alex", "Bethan", "Carys", "Dafydd", "Eleri", "Ffion", "Gareth", "Huw", "Iwan",
         "Jo", "Kai", "Llinos", "Morgan", "Nia", "Owain", "Pat", "Rhian", "Sam", "Siân",
         "Tomos"]
FAMILY = ["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Lewis", "Hughes",
          "Morgan", "Griffiths", "Price", "Rees", "Jenkins", "Powell", "Llewellyn", "Bowen",
          "Pritchard", "Madeupname", "Examplehouse", "Testwyn"]
DISTRICTS = ["CF37", "CF38", "CF39", "CF40", "CF41", "CF42", "CF43", "CF44", "CF45", "CF72"]
OFFICERS = [f"officer{n:02d}" for n in range(1, 13)]
PAGE_TARGET, LIST_TARGET = 0.3, 1.0
CACHE = Path(__file__).resolve().parent / ".register-cache"


def made_up(n: int) -> tuple[Case, dt.date, dt.date | None]:
    """The n-th made-up case, the day it was opened and the day it closed (or None)."""
    opened = FIRST + dt.timedelta(days=(n * 2190) // DISTINCT)
    decided = opened + dt.timedelta(days=n % 20)
    stage_2 = n % 9 < 4
    district = DISTRICTS[n % len(DISTRICTS)]
    case: dict[str, Any] = {
            "reference": f"RCT/{opened.year}/{n:05d}", "given_names": GIVEN[n % len(GIVEN)],
            "family_name": FAMILY[(n // len(GIVEN)) % len(FAMILY)],
            "address": [f"{n % 180 + 1} Heol y Bench", "Exampletown",
                        f"{district} {n % 9 + 1}{'ABDEFGHJLNPQRSTUWXYZ'[n % 20]}"
                        f"{'ABDEFGHJLNPQRSTUWXYZ'[(n // 20) % 20]}"],
            "stage": "stage_2" if stage_2 else "stage_1",
            "decision_date": decided.isoformat(),
            "behaviours": BEHAVIOURS[n % 4: n % 4 + 1 + n % 3]}
    if stage_2:
        case["measures"] = {"time_limits": {"duration": "12 months"}} if n % 2 else {
            "one_form_of_contact": {}}
    if n % 10 == 0:
        case["appeal"] = {"received": (decided + dt.timedelta(days=7)).isoformat(),
                          "decided": (decided + dt.timedelta(days=30)).isoformat(),
                          "outcome": "not upheld" if n % 20 else "upheld"}
    # most cases end within two years; the rest of the older ones are still open
    closed = decided + dt.timedelta(days=200 + n % 500) if n % 6 else None
    return Case.model_validate(case), opened, closed if closed and closed < ON else None


def reviews_of(n: int, case: Case, closed: dt.date | None) -> list[dt.date]:
    """A review every six months or so while the case is open at stage 2, one in seven
    held three weeks late."""
    if case.stage != "stage_2" or case.decision_date is None:
        return []
    day, end, out = case.decision_date.first_day, closed or ON, []
    while (day := day + dt.timedelta(days=182 + (21 if n % 7 == 0 else -3))) < end:
        out.append(day)
    return out


def seed(register: Register, cases: int) -> None:
    """The distinct cases through the register's API, then copies up to ``cases``."""
    policy = read_policy(SOURCE)
    made = [made_up(n) for n in range(min(cases, DISTINCT))]
    for start in range(0, len(made), 2000):
        chunk = made[start:start + 2000]
        register.add_all([case for case, _o, _c in chunk],
                         by=OFFICERS[start // 2000 % len(OFFICERS)])
    table = schema.cases
    with register.writing() as connection:
        ids = dict(connection.execute(select(table.c.reference, table.c.id)).all())
        connection.execute(
            update(table).where(table.c.reference == bindparam("b_reference")).values(
                opened=bindparam("b_opened"), closed=bindparam("b_closed"),
                last_activity=bindparam("b_active"), officer=bindparam("b_officer")),
            [{"b_reference": case.reference, "b_opened": opened, "b_closed": closed,
              "b_active": closed or opened, "b_officer": OFFICERS[n % len(OFFICERS)]}
             for n, (case, opened, closed) in enumerate(made)])
        rows = [{"case_id": ids[case.reference], "held_on": day, "outcome": "continue",
                 "notes": "", "held_by": OFFICERS[n % len(OFFICERS)]}
                for n, (case, _opened, closed) in enumerate(made)
                for day in reviews_of(n, case, closed)]
        if rows:
            connection.execute(insert(schema.reviews), rows)
    refresh(register, policy)
    copies = -(-cases // DISTINCT) - 1
    for k in range(1, copies + 1):
        _copy(register, k, min(DISTINCT, cases - k * DISTINCT))


def _copy(register: Register, k: int, count: int) -> None:
    """The first ``count`` distinct cases again, under new references, in SQL."""
    cases = schema.cases
    shift = k * DISTINCT * 10  # clear of every id the distinct cases and reviews use
    suffix = f"-{k}"
    columns = [c for c in cases.c]
    values = [cases.c.id + shift if c.name == "id" else
              (c + suffix) if c.name in ("reference", "reference_key") else c for c in columns]
    with register.writing() as connection:
        first = select(cases.c.id).order_by(cases.c.id).limit(1).scalar_subquery()
        chosen = cases.c.id < first + count
        connection.execute(insert(cases).from_select(
            [c.name for c in columns], select(*values).where(chosen)))
        for table in (schema.case_behaviours, schema.case_measures, schema.reviews,
                      schema.stage_changes):
            keep = [c for c in table.c]
            values = [c + shift if c.name in ("id", "case_id") else c for c in keep]
            owner = select(cases.c.id).where(chosen)
            connection.execute(insert(table).from_select(
                [c.name for c in keep], select(*values).where(table.c.case_id.in_(owner))))
        # copies made behind the register's back: the report's counts of every month are
        # counted again at the next report (generator/register/counts.py)
        connection.execute(delete(schema.counted_months))


def _children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def server_cpu(register: Register) -> Callable[[], float]:
    """A clock of the CPU seconds the register's PostgreSQL server has used (its postmaster
    and every process it started, parallel workers included), when the server runs on
    this machine and its data folder can be read; SQLite works inside this process, so
    its clock is zero."""
    if register.engine.dialect.name != "postgresql":
        return lambda: 0.0
    with register.engine.connect() as connection:
        folder = Path(connection.exec_driver_sql("SHOW data_directory").scalar() or "")
    try:
        postmaster = int((folder / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        print("(the PostgreSQL server's CPU cannot be read here: wall seconds only)")
        return lambda: float("nan")
    tick = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, parent = int(stat.parent.name), int(fields[1])
            if pid == postmaster:  # with what its ended children used
                total += sum(int(f) for f in fields[11:15])
            elif parent == postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / tick

    return clock


def timed(action: Callable[[], object], server: Callable[[], float]) -> tuple[float, float]:
    """Median (wall seconds, CPU seconds of this process, the children it waited for and
    the database server) of RUNS runs, after a warm-up."""
    action()
    samples = []
    for _ in range(RUNS):
        cpu, children, served = time.process_time(), _children(), server()
        wall = time.perf_counter()
        action()
        samples.append((time.perf_counter() - wall, time.process_time() - cpu
                        + _children() - children + server() - served))
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def signed_in(app: Any, register: Register, roles: list[str]) -> Any:
    """A desk client signed in as an officer holding ``roles`` (every list open to them)."""
    if register.officer("bench") is None:
        register.add_officer("bench", "Bench Officer", roles, "bench password 1234")
    else:  # a cached register's, from an earlier run
        register.change_officer("bench", by="bench", roles=roles)
    client = app.test_client()
    page = client.get("/sign-in").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the sign-in page"
    token = found.group(1)
    done = client.post("/sign-in", data={"csrf_token": token, "login": "bench",
                                         "password": "bench password 1234"})
    assert done.status_code == 302, done.text
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", help="a register's URL (default: a new SQLite file)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the register at --db as it is, if it holds cases already")
    parser.add_argument("--cached-pg", action="store_true",
                        help="a PostgreSQL register in benchmarks/.register-cache/, seeded "
                             "once with --cases and reused by later runs")
    parser.add_argument("--stop-cached-pg", action="store_true",
                        help="stop the PostgreSQL server of --cached-pg (its data kept)")
    args = parser.parse_args()
    if args.stop_cached_pg:
        _cluster("stop")
        return
    if args.cached_pg:
        args.db, args.reuse = _cluster("start", f"register_{args.cases}"), True
    targets = Targets()
    with tempfile.TemporaryDirectory(prefix=".register-bench-", dir=ROOT) as folder:
        os.chmod(folder, 0o700)
        url = args.db or f"sqlite:///{Path(folder) / 'register.sqlite'}"
        kept = _count(args.db) if args.reuse and args.db else 0
        # a cached register is reused only when it was seeded to the end
        reuse = kept and (kept == args.cases or not args.cached_pg)
        if args.db and not reuse:
            _empty(url)
        started = time.perf_counter()
        register = Register.open(url)
        if reuse:
            args.cases = _count(url)
            print(f"timing the {args.cases:,} cases kept at --db")
        else:
            seed(register, args.cases)
            print(f"seeded {args.cases:,} cases on {register.engine.dialect.name} in "
                  f"{time.perf_counter() - started:.0f} s")
        _analyse(register)
        rct = read_policy(SOURCE)
        period = Period(dt.date(2026, 4, 1), dt.date(2027, 3, 31))
        listed = due_list(register, rct, ON)
        print(f"due by {ON}: {len(listed.items):,} dates of "
              f"{len({i.reference for i in listed.items}):,} cases")
        fig = report(register, rct, period)
        checks: list[tuple[str, Callable[[], object], float]] = [
            ("reviews-due list (policy cases due)", lambda: due_list(register, rct, ON),
             LIST_TARGET),
            ("periodic report, counted", lambda: report(register, rct, period), LIST_TARGET),
            ("periodic report, counted after a case closed or opened again",
             lambda: _changed_then(register, lambda: report(register, rct, period)),
             LIST_TARGET)]
        from generator.desk.app import create_app

        now = dt.datetime.combine(ON, dt.time(9)).timestamp()
        app = create_app(rct, register, data_dir=Path(folder), clock=lambda: now)
        client = signed_in(app, register, list(rct.roles))
        last = -(-args.cases // 50)
        for name, path in (
                ("case list, first page", "/"),
                ("case list, name search", "/?q=jones&status=all"),
                ("case list, postcode search", "/?q=CF37+4&status=all"),
                ("case list, stage, officer and overdue", "/?stage=stage_2&officer=officer03"
                                                          "&due=overdue"),
                ("case list, by next due", "/?sort=due&status=all"),
                ("case list, last page", f"/?status=all&page={last}"),
                ("due list, first page", "/register/due"),
                ("due list, an officer's", "/register/due?officer=officer05&within=3m"),
                ("due list, last page", "/register/due?within=3m&page=1000000")):
            def get(path: str = path) -> None:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            checks.append((f"desk: {name}", get, PAGE_TARGET))
        # CPU seconds (this process, pandoc, the database server) are the measure on a
        # shared machine, as in timing.py; wall seconds are printed beside them
        server = server_cpu(register)
        checks.append(("periodic report, written (.docx and HTML, pandoc)",
                       lambda: write_reports(rct, fig, Path(folder) / "reports"), LIST_TARGET))
        for name, action, target in checks:
            wall, cpu = timed(action, server)
            print(f"{name}: {cpu:.3f} s CPU ({wall:.3f} s wall)")
            targets.at_most(f"{name} with {args.cases:,} cases", cpu if cpu == cpu else wall,
                            target, " s")
        register.close()
    targets.finish()


def _changed_then(register: Register, action: Callable[[], object]) -> object:
    """Close an open case of the report's period (or open it again, each time in turn),
    then run ``action``: the report counts that case's month again."""
    cases = schema.cases
    with register.engine.connect() as connection:
        reference = connection.scalar(select(cases.c.reference).where(
            cases.c.opened == dt.date(2026, 9, 1)).order_by(cases.c.id).limit(1))
    stored = register.get(reference or "")
    if stored is not None:
        register.close_case(stored.reference, by="bench",
                            on=None if stored.closed else dt.date(2026, 10, 1))
    return action()


def _as_owner(*command: str) -> list[str]:
    """PostgreSQL will not run as root: as root, its commands run as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else [*command]


def _cluster(action: str, database: str = "") -> str:
    """Start (making it the first time) or stop the benchmark's own PostgreSQL cluster in
    :data:`CACHE`; the URL of ``database`` in it, made empty if missing."""
    data = CACHE / "data"
    if action == "stop":
        if data.is_dir():
            subprocess.run(_as_owner("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"),
                           check=False)
        return ""
    if not shutil.which("pg_ctl"):
        raise SystemExit("PostgreSQL's programs (initdb, pg_ctl) are not installed")
    if not data.is_dir():
        CACHE.mkdir(mode=0o700, exist_ok=True)
        if os.getuid() == 0:
            shutil.chown(CACHE, "postgres")
        subprocess.run(_as_owner("initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8"), check=True, capture_output=True)
    if subprocess.run(_as_owner("pg_ctl", "-D", str(data), "status"),
                      capture_output=True).returncode:
        subprocess.run(_as_owner("pg_ctl", "-D", str(data), "-l", str(CACHE / "server.log"),
                                 "-w", "-o", f"-k {CACHE} -c listen_addresses=''", "start"),
                       check=True, capture_output=True)
    have = subprocess.run(_as_owner("psql", "-h", str(CACHE), "-U", "postgres", "-qtAc",
                                    f"SELECT 1 FROM pg_database WHERE datname = '{database}'"),
                          check=True, capture_output=True, text=True).stdout.strip()
    if not have:
        subprocess.run(_as_owner("createdb", "-h", str(CACHE), "-U", "postgres", database),
                       check=True)
    return f"postgresql+psycopg://postgres@/{database}?host={CACHE}"


def _count(url: str) -> int:
    """How many cases the register at ``url`` holds (0 without its tables)."""
    from sqlalchemy import func, inspect

    from generator.register.database import engine_for

    engine = engine_for(url)
    try:
        if not inspect(engine).has_table("cases"):
            return 0
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(schema.cases)) or 0
    finally:
        engine.dispose()


def _empty(url: str) -> None:
    """Drop the register's tables from the database given, to seed afresh."""
    from generator.register.database import engine_for

    engine = engine_for(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            for table in ("audit", "letter_files", "letters", "reviews", "stage_changes",
                          "case_behaviours", "case_measures", "cases", "officers",
                          "register_meta", "alembic_version"):
                connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    engine.dispose()


def _analyse(register: Register) -> None:
    """Fresh statistics for the planner (and, on PostgreSQL, the visibility map that lets
    an index answer alone), as autovacuum gives a register that has settled."""
    with register.engine.connect() as connection:
        if register.engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")


if __name__ == "__main__":
    main()
