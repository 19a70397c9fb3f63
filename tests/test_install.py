"""The built wheel alone runs the generator: templates, theme, settings and Word files ship in it.

The wheel is built from a copy of the project and installed into a new virtual environment
that has no pip and no network; its dependencies come from this environment's
site-packages through a path line in a .pth file, which does not run the .pth files found
there, so this checkout's editable install stays out of sight.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, ROOT, SOURCES

from generator.source.read import read_policy

SHIPPED = ("generator/mkdocs.yml", "generator/sites/templates/stage.md",
           "generator/theme/main.html",
           "generator/theme/partials/copyright.html",
           "generator/theme/assets/stylesheets/accessibility.css",
           "generator/letter_templates/reference.docx",
           "generator/letter_templates/warning_monitoring.docx",
           "generator/letter_templates/cy/warning_monitoring.docx",
           "generator/languages/interface.py", "generator/languages/catalogues.py",
           "generator/cli/__main__.py", "generator/cases/case.py",
           "generator/documents/pdf_server.py",
           "generator/register/migrations/env.py",
           "generator/register/migrations/versions/0001_register.py",
           "generator/babel.cfg", "generator/locale/messages.pot",
           "generator/locale/cy/LC_MESSAGES/policy.po",
           "generator/desk/templates/base.html", "generator/desk/static/desk.css",
           "generator/desk/locale/cy/LC_MESSAGES/desk.po")
SOURCE = next(p for p in EXAMPLES if p.name == "flintshire")  # Welsh letters: cy/ templates
CASE = ROOT / "examples" / "cases" / "flintshire_bilingual.yaml"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    project = work / "project"  # a copy, so building leaves nothing behind in the checkout
    for name in ("generator", "letter_templates"):
        shutil.copytree(ROOT / name, project / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "-w", str(work / "dist"),
                    str(project)], check=True, capture_output=True)
    return next((work / "dist").glob("*.whl"))


@pytest.fixture(scope="module")
def bin_dir(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; "
                           "print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env / "bin"


def test_the_wheel_holds_everything_the_generator_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(SHIPPED) <= names
    assert len([n for n in names if n.startswith("generator/letter_templates/cy/")]) == \
        len(list((ROOT / "letter_templates" / "cy").glob("*.docx")))
    pages = {path.name for path in (ROOT / "generator" / "sites" / "templates").glob("*.md")}
    assert {n.rsplit("/", 1)[1] for n in names
            if n.startswith("generator/sites/templates/")} == pages
    assert [n for n in names if "make_templates" in n or n.startswith("tools/")] == []


def run(bin_dir: Path, folder: Path, *args: str) -> str:
    """`policy ARGS` from the installed package, run in ``folder``; its output."""
    result = subprocess.run([str(bin_dir / "policy"), *args], cwd=folder, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_the_installed_package_builds_every_source(bin_dir, tmp_path, source):
    shutil.copytree(source, tmp_path / "council")
    assert run(bin_dir, tmp_path, "check", "--source", "council").startswith("OK")
    run(bin_dir, tmp_path, "build", "--source", "council", "--no-pdf", "--preview",
        "--out", "site")
    for audience in ("public", "internal"):
        assert (tmp_path / "site" / audience / "index.html").is_file()


def test_the_installed_package_builds_a_source_from_another_folder(bin_dir, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    shutil.copytree(SOURCE, tmp_path / "elsewhere" / "council")
    shutil.copy(CASE, tmp_path / "elsewhere" / "case.yaml")

    def policy(*args: str) -> str:
        return run(bin_dir, tmp_path / "elsewhere", *args)

    where = subprocess.run([str(bin_dir / "python"), "-c", "import generator; "
                            "print(generator.__file__)"], cwd=tmp_path / "elsewhere",
                           check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(bin_dir.parent)), where  # not this checkout
    assert policy("--version").split()[0] == "policy"
    assert policy("check", "--source", "council").startswith("OK")
    policy("build", "--source", "council", "--no-pdf", "--out", "site")
    policy("letter", "managed_contact_decision_letter", "--case", "case.yaml",
           "--source", "council", "--out", "out", "--no-pdf")
    # the register's migrations come from the package: no alembic.ini, no checkout
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    roles = [arg for role in read_policy(SOURCE).roles for arg in ("--role", role)]
    policy("desk", "--add-officer", "installer", "--name", "Installer", *roles,
           "--no-password", "--source", "council", "--db", db)  # the register's officer
    policy("cases", "import", "case.yaml", "--source", "council", "--db", db,
           "--by", "installer")
    policy("cases", "export", "--to", "exported", "--source", "council", "--db", db,
           "--by", "installer")
    assert "language: bilingual" in next((tmp_path / "elsewhere" / "exported").iterdir()) \
        .read_text(encoding="utf-8")

    out = tmp_path / "elsewhere"
    index = (out / "site" / "internal" / "index.html").read_text(encoding="utf-8")
    assert "policy-marking" in index  # the theme override shipped and was used
    assert (out / "site" / "internal" / "assets" / "stylesheets" / "accessibility.css").is_file()
    assert (out / "site" / "internal" / "downloads" / "part-a.docx").is_file()  # reference.docx
    fill_in = {p.name for p in (out / "site" / "internal" / "downloads").glob("*.docx")}
    assert "managed_contact_decision_letter.docx" in fill_in
    [letter] = (out / "out").glob("*managed_contact_decision_letter.docx")
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "Mr Alex Enghraifft" in text
