"""The bad-input corpus: every broken source in tests/bad_sources/ and every broken case
file in tests/bad_cases/ gives its exact `FILE:LINE: field: what is wrong; what to do`,
exit 1, no traceback and no output.

A source entry patches a copy of tests/fixtures/minimal (or of the fixture named by
``base``) with these keys, applied in order:
``delete`` (files), ``edit`` ([file, old, new] replacements), ``write`` (file: text),
``write_bytes`` (file: hex), ``append`` (file: text), ``prose`` (a line put first in
prose/overview.md), ``outside`` (files written beside the copy, outside it) and
``symlink`` (file in the copy: name of an outside file) and ``docx`` (file: a Word file
made for the entry, see :func:`word_file`). ``expect`` is one line, or a list
of lines, of what `policy check` prints, with ``{src}`` for the copy, ``{outside}`` for
the folder outside it, ``{root}`` for the project, ``{edit}`` (or ``{edit+N}``) for the
line of the first edit, ``{editK}`` for the K-th edit and ``{append}`` for the first
appended line, so that a change
to a fixture does not move the lines the corpus names. A case entry does the same over
tests/fixtures/cases/stage_1.yaml with ``edit``, ``write`` and ``write_bytes``, checked by
`policy letter` against policy_src.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CHESHIRE, FIXTURES, MINIMAL, ROOT

from generator.cli.policy import main

HERE = Path(__file__).parent


def _entries(folder: str) -> list[Any]:
    entries = []
    for path in sorted((HERE / folder).glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            entries.append(pytest.param(entry, id=f"{path.stem}: {entry['about']}"))
    return entries


SOURCES = _entries("bad_sources")
CASES = _entries("bad_cases")


def _patch(target: Path, entry: dict[str, Any], outside: Path) -> dict[str, int]:
    """Apply an entry's patches; return the lines they were made at (``edit``, ``append``)."""
    lines: dict[str, int] = {}
    for name in entry.get("delete", []):
        (target / name).unlink()
    for number, (name, old, new) in enumerate(entry.get("edit", []), start=1):
        text = (target / name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        lines[f"edit{number}"] = text.count("\n", 0, text.index(old)) + 1
        lines.setdefault("edit", lines["edit1"])
        (target / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, text in entry.get("write", {}).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    for name, data in entry.get("write_bytes", {}).items():
        (target / name).write_bytes(bytes.fromhex(data))
    for name, text in entry.get("append", {}).items():
        lines.setdefault("append", (target / name).read_text().count("\n") + 1)
        with (target / name).open("a", encoding="utf-8") as file:
            file.write(text)
    if "prose" in entry:
        overview = target / "prose" / "overview.md"
        overview.write_text(f"{entry['prose']}\n{overview.read_text()}", encoding="utf-8")
    for name, text in entry.get("outside", {}).items():
        outside.mkdir(exist_ok=True)
        (outside / name).write_text(text, encoding="utf-8")
    for name, other in entry.get("symlink", {}).items():
        (target / name).unlink(missing_ok=True)
        (target / name).symlink_to(outside / other)
    for name, spec in entry.get("docx", {}).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        word_file(target / name, spec)
    return lines


def word_file(path: Path, spec: dict[str, Any]) -> None:
    """A Word file with the paragraphs ``body`` (a list), a ``header`` and a ``title`` (its
    core property), and, to be refused, a picture linked from ``external_image`` (an
    address) or a member of ``unpacked`` megabytes of zeros (a zip bomb)."""
    import zipfile

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = Document()
    for text in spec.get("body", []):
        document.add_paragraph(text)
    if "header" in spec:
        document.sections[0].header.paragraphs[0].text = spec["header"]
    if "title" in spec:
        document.core_properties.title = spec["title"]
    if "external_image" in spec:
        document.part.relate_to(spec["external_image"], RT.IMAGE, is_external=True)
    document.save(path)
    if "unpacked" in spec:
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
            package.writestr("word/media/zeros.bin", bytes(spec["unpacked"] * 1_000_000))


def case_patch(entry: dict[str, Any]) -> dict[str, Any]:
    """A case entry as patches of the file case.yaml in the folder it is copied to."""
    return {**entry, "edit": [["case.yaml", *edit] for edit in entry.get("edit", [])],
            "write": {"case.yaml": entry["write"]} if "write" in entry else {},
            "write_bytes": {"case.yaml": entry["write_bytes"]} if "write_bytes" in entry
            else {}}


def _expected(entry: dict[str, Any], at: dict[str, int], **places: Path) -> list[str]:
    lines = entry["expect"] if isinstance(entry["expect"], list) else [entry["expect"]]
    for name, place in places.items():
        lines = [line.replace(f"{{{name}}}", str(place)) for line in lines]
    return [re.sub(r"\{(edit\d*|append)(?:\+(\d+))?\}",
                   lambda m: str(at[m.group(1)] + int(m.group(2) or 0)), line) for line in lines]


@pytest.mark.parametrize("entry", SOURCES)
def test_bad_source(entry, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src, outside = tmp_path / "src", tmp_path / "outside"
    shutil.copytree(FIXTURES / entry.get("base", MINIMAL.name), src)
    at = _patch(src, entry, outside)
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for line in _expected(entry, at, src=src, outside=outside, root=ROOT):
        assert line in err.splitlines(), err
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize("entry", CASES)
def test_bad_case(entry, tmp_path, capsys):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "cases" / "stage_1.yaml", case)
    entry = case_patch(entry)
    at = _patch(tmp_path, entry, tmp_path / "outside")
    out = tmp_path / "out"
    code = main(["letter", "stage_1_warning_letter", "--case", str(case), "--out", str(out),
                 "--no-pdf", "--source", str(CHESHIRE)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    for line in _expected(entry, at, case=case):
        assert line in err.splitlines(), err
    assert not out.exists() or not any(out.iterdir())


def test_the_corpus_is_large_enough():
    assert len(SOURCES) >= 40 and len(CASES) >= 30
