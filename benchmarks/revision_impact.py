"""A draft revision measured on a register of 10,000 cases (issue 27: under 2 s), on SQLite
and on PostgreSQL.

The register is register_scale.py's: 10,000 made-up cases of examples/rhondda_cynon_taf
over six years (stages 1 and 2, behaviours, measures, appeals, reviews, most older cases
closed), kept through the register's own API with their due dates worked out, each with
the letter of its stage kept as sent. The draft
is a copy of that source, revised as a committee might: the stage 2 review every 6 months
instead of 12, reasonable time limits for at most 6 months (the cases give 12), contact
in one form only removed, and new customer wording for the time limits. The figure is
the median of BENCH_RUNS runs after a warm-up of :func:`generator.register.impact.measure`
as `policy diff --db` and the desk call it (CPU seconds of this process and the database
server when it runs on this machine, as the machine may be shared; wall seconds beside
them); then again with every case of the register open, the worst case. It checks that
measuring left the register as it was. Exit 1 if a target is missed.

Run: .venv/bin/python benchmarks/revision_impact.py [--cases 10000] [--db URL]
(without --db: a SQLite file in a private folder inside the checkout, removed afterwards;
with a PostgreSQL URL, use an empty database: its tables are dropped at the start.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from register_scale import SOURCE, _analyse, _empty, seed, server_cpu, timed
from sqlalchemy import insert, select, update
from timing import ROOT, Targets

from generator.register import schema
from generator.register.impact import measure
from generator.register.store import Register
from generator.revisions.impact import counts
from generator.source.read import read_policy

TARGET = 2.0
#: The draft's edits: (file, text in force, text in the draft).
EDITS = [
    ("reviews.yaml", "    interval: 12 months\n", "    interval: 6 months\n"),
    ("measures.yaml", "  allowed_at: [stage_2]\n  scopes: [service]\n  parameters:\n"
     "    limits:", "  allowed_at: [stage_2]\n  scopes: [service]\n  max_duration: 6 months\n"
     "  parameters:\n    limits:"),
    ("measures.yaml", "We will keep your contact with us within reasonable time limits.",
     "We will keep your contact with us within limits of time that we set."),
]
REMOVED = "one_form_of_contact"


def drafted(folder: Path) -> Path:
    """A copy of the source with :data:`EDITS` made and the measure :data:`REMOVED` gone."""
    draft = folder / "draft"
    shutil.copytree(SOURCE, draft)
    for name, old, new in EDITS:
        path = draft / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    path = draft / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{REMOVED}:") + 1
    end = text.index("\ncontact_agreement:", start) + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return draft


#: The letter each case was sent when it entered its stage.
SENT = {"stage_1": "stage_1_warning_letter", "stage_2": "stage_2_restriction_letter"}


def letters_sent(register: Register) -> None:
    """Each case's stage letter, kept as sent on its decision's day."""
    cases = schema.cases
    with register.writing() as connection:
        rows = [{"case_id": case_id, "letter_id": SENT[stage], "docx_sha256": "0" * 64,
                 "sent_on": decided, "sent_by": "officer01"}
                for case_id, stage, decided in connection.execute(
                    select(cases.c.id, cases.c.stage, cases.c.decision_date))
                if stage in SENT and decided]
        connection.execute(insert(schema.letters), rows)


def kept(register: Register) -> list[tuple]:
    """Every case's version and kept due date, and the register's own notes."""
    cases = schema.cases
    with register.engine.connect() as connection:
        return [*connection.execute(select(cases.c.id, cases.c.version, cases.c.next_due,
                                           cases.c.due_fingerprint).order_by(cases.c.id)),
                *connection.execute(select(schema.register_meta))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--db", help="a register's URL (default: a new SQLite file)")
    args = parser.parse_args()
    targets = Targets()
    with tempfile.TemporaryDirectory(prefix=".impact-bench-", dir=ROOT) as folder:
        os.chmod(folder, 0o700)
        url = args.db or f"sqlite:///{Path(folder) / 'register.sqlite'}"
        if args.db:
            _empty(url)
        started = time.perf_counter()
        register = Register.open(url)
        seed(register, args.cases)
        letters_sent(register)
        _analyse(register)
        print(f"seeded {args.cases:,} cases on {register.engine.dialect.name} in "
              f"{time.perf_counter() - started:.0f} s")
        current, draft = read_policy(SOURCE), read_policy(drafted(Path(folder)))
        before = kept(register)
        impact = measure(register, current, draft)
        for label, number in counts(impact):
            print(f"  {label}: {number:,}")
        server = server_cpu(register)
        wall, cpu = timed(lambda: measure(register, current, draft), server)
        print(f"revision impact: {cpu:.3f} s CPU ({wall:.3f} s wall)")
        targets.at_most(f"revision impact on {args.cases:,} cases "
                        f"({register.engine.dialect.name})", cpu if cpu == cpu else wall,
                        TARGET, " s")
        if kept(register) != before:
            print("  MISSED the register was changed by measuring a draft")
            targets.missed.append("register unchanged")
        # the worst case: every case of the register open, so every one is measured
        with register.writing() as connection:
            connection.execute(update(schema.cases).values(closed=None))
        print(f"with every case open: {measure(register, current, draft).measured:,} measured")
        wall, cpu = timed(lambda: measure(register, current, draft), server)
        print(f"revision impact, every case open: {cpu:.3f} s CPU ({wall:.3f} s wall)")
        targets.at_most(f"revision impact on {args.cases:,} cases, every one open "
                        f"({register.engine.dialect.name})", cpu if cpu == cpu else wall,
                        TARGET, " s")
        register.close()
    targets.finish()


if __name__ == "__main__":
    main()
