"""Officer accounts for the command-line tests: `policy cases` acts as the officer its
--by (or the user's login) names, with that account's roles."""

from __future__ import annotations

import getpass
from pathlib import Path

from generator.register.store import Register
from generator.source.read import read_policy

ROOT = Path(__file__).resolve().parents[1]


def every_role(*sources: Path) -> list[str]:
    """Every role of the sources (and of policy_src, the default source)."""
    return sorted({role for source in (*sources, ROOT / "policy_src")
                   for role in read_policy(source).roles})


def add_officers(url: str, *sources: Path, logins: tuple[str, ...] = ()) -> None:
    """Accounts holding every role of ``sources``: the user's login and ``logins``."""
    roles = every_role(*sources)
    with Register.open(url) as register:
        for login in (getpass.getuser(), *logins):
            if register.officer(login) is None:
                register.add_officer(login, login.title(), roles, None, by="setup")


def with_keeper(source: Path, folder: Path, role: str = "monitoring_officer") -> Path:
    """A copy of ``source`` whose register is kept by ``role`` (who may purge, answer
    subject access and read the report and audit log)."""
    import shutil

    copy = folder / f"{source.name}-kept"
    if not copy.exists():
        shutil.copytree(source, copy)
        with (copy / "reviews.yaml").open("a", encoding="utf-8") as file:
            file.write(f"registers:\n  cases:\n    kept_by: {role}\n")
    return copy


#: A customer letter for the end of the arrangements, for a copy of a source that has none.
END_LETTER = """
arrangements_ended_letter:
  purpose: "end_of_monitoring"
  subject: "Your contact arrangements have ended"
  template: monitoring_ended.docx
  kind: letter
  title: Letter ending the arrangements
  when: A measure ends, lapses or is lifted.
  signed_by: service_director
  case_fields: [reference, customer_name, address, decision_date]
"""


def with_end_letter(source: Path, folder: Path) -> Path:
    """A copy of ``source`` (Cheshire West's fixture) with a letter for the end of the
    arrangements (purpose end_of_monitoring)."""
    import shutil

    copy = folder / f"{source.name}-ended"
    if not copy.exists():
        shutil.copytree(source, copy)
        with (copy / "letters.yaml").open("a", encoding="utf-8") as file:
            file.write(END_LETTER)
    return copy
