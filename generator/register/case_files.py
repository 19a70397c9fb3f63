"""Case files in and out of the register: `policy cases import` and `policy cases export`.

Import reads each file with the same reader and checks as `policy letter`, so a bad file
gets the same ``FILE:LINE`` messages, and keeps nothing unless every file is good. Export
writes each case as a case file that `policy letter` reads back as the same case.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.cases.case import CaseFile, read_case
from generator.output import write_private_bytes
from generator.private import shared_problems
from generator.register.store import Duplicate, Register, StoredCase
from generator.source.errors import Problem, SourceError
from generator.source.model import Policy

__all__ = ["export_cases", "file_name", "import_cases"]

#: The first line of an exported file: what it is and where it must not go.
HEADER = ("# A case exported from the register. It holds personal data: keep it out of git, "
          "site/ and shared folders.\n")


def import_cases(policy: Policy, files: list[Path], register: Register, *, by: str,
                 replace: bool = False, roles: list[str] | None = None) -> list[StoredCase]:
    """Check every file against ``policy``, then keep all the cases in one transaction;
    SourceError with every problem (and nothing kept) if any file is bad. ``roles``: the
    importing officer's, which must take every decision the imported cases record."""
    loaded: list[CaseFile] = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded.append(read_case(path, policy))
        except SourceError as exc:
            problems += exc.problems
    problems += _same_reference(loaded)
    if not replace:
        kept = set(register.references())
        problems += [item.problem(("reference",), f"'{item.case.reference}' is in the "
                                  "register already", "give --replace to save this file over "
                                  "it as its next version, or leave the file out")
                     for item in loaded if item.case.reference in kept]
    if roles is not None:
        problems += _refused_changes(policy, loaded, register, roles)
    if problems:
        raise SourceError(problems)
    try:
        return register.add_all([item.case for item in loaded], by=by, replace=replace)
    except Duplicate as exc:  # another officer kept it between the check and now
        raise SourceError([Problem(files[0].as_posix(), 0, "reference", str(exc),
                                   "import again")]) from None


def _refused_changes(policy: Policy, loaded: list[CaseFile], register: Register,
                     roles: list[str]) -> list[Problem]:
    """The changes (stage, measures, outcomes) the cases make that the roles may not."""
    from generator.register.permissions import refusals

    problems = []
    for item in loaded:
        kept = register.get(item.case.reference)
        problems += refusals(policy, roles, kept.case.model_dump(mode="json") if kept else None,
                             item.case.model_dump(mode="json"), where=item.file)
    return problems


def _same_reference(loaded: list[CaseFile]) -> list[Problem]:
    """One register entry per case: two files of one reference cannot both be imported."""
    first: dict[str, CaseFile] = {}
    problems = []
    for item in loaded:
        reference = item.case.reference
        if reference in first:
            problems.append(item.problem(("reference",), f"'{reference}' is also the reference "
                                         f"in {first[reference].file}", "import only the "
                                         "latest file of the case"))
        first.setdefault(reference, item)
    return problems


def file_name(reference: str) -> str:
    """The case file for a reference, named as its letters are (slashes made dashes)."""
    return f"{reference.replace('/', '-')}.yaml"


def case_file_text(stored: StoredCase) -> str:
    """The case as a case file: only the fields it gives, in the model's order."""
    data = stored.case.model_dump(mode="json", exclude_defaults=True)
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def export_cases(register: Register, references: list[str], folder: Path, *,
                 force: bool = False) -> list[Path]:
    """Write the cases named (all, when none is) into ``folder`` as case files, owner-only;
    SourceError, with nothing written, if one is missing, a file is there already or the
    folder is one where personal data may not go (:mod:`generator.private`)."""
    wanted = references or register.references()
    found = {reference: register.get(reference) for reference in wanted}
    problems = shared_problems(folder, "--to", folder=True)
    problems += [Problem(reference, 0, "", "no case with this reference is in the register",
                         "check the reference (`policy cases export` with none lists them "
                         "all)") for reference, stored in found.items() if stored is None]
    names: dict[str, str] = {}
    for reference in found:
        name = file_name(reference)
        if name.casefold() in names:
            problems.append(Problem(reference, 0, "", f"'{reference}' would be written to the "
                                    f"same file ({name}) as '{names[name.casefold()]}'",
                                    "export them into different folders"))
        names.setdefault(name.casefold(), reference)
        if (folder / name).exists() and not force:
            problems.append(Problem(str(folder / name), 0, "", "the file is there already",
                                    "give --force to replace it, or export to another folder"))
    if problems:
        raise SourceError(problems)
    return [write_private_bytes(folder / file_name(reference),
                                case_file_text(stored).encode("utf-8"))
            for reference, stored in found.items() if stored is not None]

