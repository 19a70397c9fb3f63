"""Every render bounded, every file bounded before it is parsed, nothing fetched, nothing
read from outside, personal data private on disk (issue 24). The corpus in tests/bad_sources
and tests/bad_cases holds the end-to-end messages; these test the mechanisms."""

from __future__ import annotations

import http.server
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import jinja2
import pytest
from conftest import CHESHIRE, FIXTURES, MINIMAL
from officers import add_officers
from test_bad_corpus import word_file

from generator.cli.policy import main
from generator.documents import pdf
from generator.documents.wordfile import UnsafeWordFile, safe_package
from generator.output import PRIVATE, put_pdf
from generator.sites import exports, pages
from generator.source import sandbox
from generator.source.errors import SourceError
from generator.source.load import within
from generator.source.read import read_policy
from generator.source.sandbox import Limit, StandaloneSandbox

ENV = StandaloneSandbox(autoescape=True, undefined=jinja2.StrictUndefined)


def render(template: str, **context) -> str:
    return ENV.from_string(template).render(**context)


@pytest.mark.parametrize(("template", "limit"), [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "loops more than 100,000 times"),
    ("{{ range(10000000) }}", "is larger than a template may use"),
    ("{{ range(200000) }}", "range() of 200,000 numbers"),
    ("{{ 'A' * 300000000 }}", "makes a text of 300,000,000 characters"),
    ("{{ [1] * 10000000 }}", "makes a list of 10,000,000 items"),
    ("{{ lipsum(100000) }}", "lipsum() of more than 20 paragraphs"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls nest more than 40 deep"),
    ("{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}"
     "{{ m(30) }}", "more than 100,000 calls"),
    ("{{ 'a'|center(300000000) }}", "the number 300,000,000"),
    ("{{ '%300000000s'|format(1) }}", "asks for a width"),
    ("{{ '%300000000s' % 1 }}", "asks for a width"),
    ("{{ '{:>300000000}'.format(1) }}", "asks for a width"),
    ("{% set a = 'a' * 1000000 %}{{ a.replace('a', 'aa') }}", "makes a text of 2,000,000"),
    ("{% set a = 'a' * 1000000 %}{{ a|replace('a', 'aa') }}", "makes a text of 2,000,000"),
    ("{% set a = 'a' * 600000 %}{{ a ~ a }}", "makes a text of 1,200,000"),
    ("{{ 9 ** 999999 }}", "a number of more than 4096 bits"),
])
def test_each_bound_stops_a_render_and_names_itself(template, limit):
    started = time.monotonic()
    with pytest.raises(Limit, match=limit.replace("(", r"\(").replace(")", r"\)")) as caught:
        render(f"line one\n{template}")
    assert caught.value.lineno == 2
    assert time.monotonic() - started < 10


def test_the_deadline_stops_a_slow_render(monkeypatch):
    monkeypatch.setattr(sandbox, "DEADLINE", 0.0)
    with pytest.raises(Limit, match="took more than 0 seconds"):
        render("{% for i in range(10) %}{{ i }}{% endfor %}")


def test_the_output_bound_stops_a_long_render(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    with pytest.raises(Limit, match="writes more than 1,000 characters"):
        render("{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}")


def test_an_error_of_the_templates_own_code_is_a_template_error_with_its_line():
    with pytest.raises(jinja2.TemplateError, match="not iterable") as caught:
        render("a\nb\n{{ council|list }}", council=object())
    assert caught.value.lineno == 3
    with pytest.raises(jinja2.TemplateError, match="division by zero"):
        render("{{ 1 / 0 }}")


def test_ordinary_templates_render_as_before():
    assert render("{% for x in items %}{{ loop.index }}{{ x }}{% endfor %}", items="ab") == \
        "1a2b"
    assert render("{{ 'ab' * 2 }} {{ 2 ** 10 }} {{ 'a' ~ 'b' }} {{ '%05d' % 7 }}") == \
        "abab 1024 ab 00007"


def test_the_budget_is_shared_by_a_page_and_what_it_renders():
    with sandbox.bounded() as outer, sandbox.bounded() as inner:
        assert outer is inner


def test_page_templates_render_in_the_bounded_sandbox():
    assert isinstance(pages._templates("en"), sandbox.BoundedSandbox)


@pytest.mark.parametrize("text", ["a: " + "[" * 3000 + "]" * 3000, "a: " + "[" * 41 + "]" * 41])
def test_deep_yaml_is_refused_with_its_line(tmp_path, text):
    path = tmp_path / "case.yaml"
    path.write_text(f"reference: X\n{text}\n")
    from generator.source.load import read_yaml

    with pytest.raises(SourceError) as caught:
        read_yaml(path, "case.yaml")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "lists and mappings nest more than 40 deep")]


def test_yaml_anchors_used_a_few_times_are_still_read(tmp_path):
    from generator.source.load import read_yaml

    path = tmp_path / "ok.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\nc: *x\n")
    assert read_yaml(path, "ok.yaml") == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_word_files_that_link_out_are_refused_and_hyperlinks_are_not(tmp_path):
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    for kind in (RT.IMAGE, *(relationships + name for name in (
            "attachedTemplate", "oleObject", "subDocument", "frame"))):
        document = Document()
        document.part.relate_to("http://192.0.2.1/x", kind, is_external=True)
        document.save(tmp_path / "linked.docx")
        with pytest.raises(UnsafeWordFile, match=r"links to http://192\.0\.2\.1/x"):
            safe_package(tmp_path / "linked.docx")
    document = Document()
    document.part.relate_to("https://www.gov.uk/", RT.HYPERLINK, is_external=True)
    document.save(tmp_path / "hyperlink.docx")
    safe_package(tmp_path / "hyperlink.docx")


def _odt(path: Path, styles: str) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("styles.xml", f'<office:document-styles xmlns:xlink="x">{styles}'
                                       "</office:document-styles>")
    return path


def test_a_reference_odt_that_links_out_is_refused_and_a_hyperlink_is_not(tmp_path, capsys):
    for linked in ('<draw:image xlink:href="http://192.0.2.1/logo.png"/>',
                   '<text:section-source xlink:href="file:///etc/passwd"/>',
                   '<draw:object xlink:href="../outside.odt"/>',
                   '<office:dde-source office:dde-application="soffice"/>'):
        with pytest.raises(UnsafeWordFile, match=r"outside the file|DDE link"):
            safe_package(_odt(tmp_path / "linked.odt", linked))
    safe_package(_odt(tmp_path / "ok.odt", '<text:a xlink:href="https://www.gov.uk/">x</text:a>'
                                           '<draw:image xlink:href="Pictures/logo.png"/>'))
    src = tmp_path / "src"
    shutil.copytree(MINIMAL, src)
    _odt(src / "reference.odt", '<draw:image xlink:href="http://192.0.2.1/logo.png"/>')
    assert main(["check", "--source", str(src)]) == 1
    assert "reference.odt" in capsys.readouterr().err


def test_a_word_file_with_a_fetching_field_is_refused(tmp_path):
    word_file(tmp_path / "field.docx", {"body": ['INCLUDEPICTURE "http://192.0.2.1/x.png"']})
    with pytest.raises(UnsafeWordFile, match="a field that fetches"):
        safe_package(tmp_path / "field.docx")


def test_a_word_file_of_many_members_is_refused_unopened(tmp_path):
    with zipfile.ZipFile(tmp_path / "many.docx", "w") as package:
        for number in range(1001):
            package.writestr(f"m{number}.xml", "")
    with pytest.raises(UnsafeWordFile, match="holds 1,001 files"):
        safe_package(tmp_path / "many.docx")


def test_a_reference_docx_that_loops_stops_a_build_with_a_message(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(MINIMAL, src)
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    word_file(src / "reference.docx", {"body": [loop]})
    with pytest.raises(SourceError) as caught:
        exports.references(read_policy(src), tmp_path)
    assert "breaks a limit" in caught.value.problems[0].message


def test_paths_the_source_names_resolve_inside_it(tmp_path):
    root = tmp_path / "src"
    (root / "inside").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (root / "linked").symlink_to(tmp_path / "outside")
    assert within(root, "inside") == (root / "inside").resolve()
    assert within(root, "inside/../inside") == (root / "inside").resolve()
    for name in ("/tmp", "..", "../outside", "linked", "linked/x.docx"):
        assert within(root, name) is None, name


def test_a_letter_is_written_for_its_owner_only(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["letter", "stage_1_warning_letter", "--case",
                 str(FIXTURES / "cases" / "stage_1.yaml"), "--out", str(out), "--no-pdf",
                 "--source", str(CHESHIRE)]) == 0
    [letter] = out.iterdir()
    assert stat.S_IMODE(letter.stat().st_mode) == PRIVATE == 0o600


def test_a_pdf_moved_in_beside_its_letter_is_its_owners_only(tmp_path):
    letter, made = tmp_path / "a.docx", tmp_path / "made.pdf"
    letter.write_bytes(b"letter")
    made.write_bytes(b"pdf")
    made.chmod(0o644)
    put_pdf(made, letter)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o600


class _Listener(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:
        _Listener.asked.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def listener():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Listener)
    _Listener.asked = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.skipif(not pdf.offline(), reason="no way to run without a network here")
def test_what_runs_offline_reaches_no_address(listener):
    fetch = f"import urllib.request; urllib.request.urlopen('{listener}/probe', timeout=5)"
    assert subprocess.run([sys.executable, "-c", fetch], capture_output=True).returncode == 0
    assert _Listener.asked == ["/probe"]
    offline = subprocess.run([*pdf.offline(), sys.executable, "-c", fetch], capture_output=True)
    assert offline.returncode != 0 and _Listener.asked == ["/probe"]


@pytest.mark.skipif(not pdf.offline() or not pdf.soffice(), reason="needs LibreOffice and unshare")
def test_libreoffice_fetches_nothing_even_from_a_document_that_slipped_through(
        tmp_path, listener, monkeypatch):
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    document = Document()
    document.add_paragraph("A linked picture follows.")
    rid = document.part.relate_to(f"{listener}/picture.png", RT.IMAGE, is_external=True)
    run = document.paragraphs[0].add_run()._r
    run.append(parse_xml(
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="p"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
        'picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="p"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:link="{rid}"/></pic:blipFill><pic:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        '</wp:inline></w:drawing>'))
    document.save(tmp_path / "linked.docx")
    monkeypatch.setitem(os.environ, "POLICY_PDF_SERVER", "off")
    pdf.to_pdf([tmp_path / "linked.docx"], tmp_path)
    assert (tmp_path / "linked.pdf").is_file()
    assert _Listener.asked == []


def test_a_built_page_may_not_hide_content_however_it_got_there():
    from generator.sites.verify import read_page

    page = read_page('<article><div class="admonition note md-hidden"><p>x</p></div>'
                     '<p hidden>y</p><div class="admonition warning">z</div></article>'
                     '<button hidden>top</button>', content_checked=True)
    assert [message for _, message in page.wrong] == [
        "the admonition class 'admonition note md-hidden' is not one the theme shows",
        "<p> in the content is hidden"]


def test_a_pipe_or_a_huge_file_in_a_source_is_refused_unread(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(MINIMAL, src)
    (src / "roles.yaml").unlink()
    os.mkfifo(src / "roles.yaml")  # reading it would wait for a writer for ever
    (src / "prose" / "overview.md").write_text("x" * 5_000_001)
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{src}/roles.yaml: not an ordinary file (a pipe, a device or a folder); replace " \
        "it with a text file" in err
    assert f"{src}/prose/overview.md: prose: the file is 5,000,001 bytes; the limit is " \
        "5,000,000; shorten it" in err


def test_cases_import_refuses_a_billion_laughs_at_once(tmp_path, capsys):
    lines = ["reference: CR/2026/0042", "x1: &a [l, l, l, l, l, l, l, l, l]"]
    lines += [f"x{n}: &{chr(96 + n)} [{', '.join([f'*{chr(95 + n)}'] * 9)}]" for n in range(2, 10)]
    case = tmp_path / "laughs.yaml"
    case.write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    add_officers(f"sqlite:///{tmp_path / 'register.sqlite'}", CHESHIRE, logins=("tester",))
    assert main(["cases", "import", str(case), "--source", str(CHESHIRE), "--db",
                 f"sqlite:///{tmp_path / 'register.sqlite'}", "--by", "tester"]) == 1
    assert time.monotonic() - started < 60
    assert f"{case}:7: the file expands to more than 200,000 values (YAML aliases, *name, " \
        "repeat what an anchor holds); write the values out instead of repeating aliases" in \
        capsys.readouterr().err.splitlines()


def test_prose_whose_brackets_nest_deep_is_refused_at_its_line(tmp_path, capsys):
    """pandoc's reader takes exponential time on deeply nested brackets: refused first."""
    src = tmp_path / "src"
    shutil.copytree(MINIMAL, src)
    fragment = next((src / "prose").rglob("*.md"))
    fragment.write_text(fragment.read_text() + "\n" + "[" * 40 + "x" + "]" * 40 + "\n")
    assert main(["check", "--source", str(src)]) == 1
    assert "square brackets nest more than 16 deep" in capsys.readouterr().err


def test_pandoc_running_too_long_is_stopped_with_a_message(tmp_path, monkeypatch):
    from generator.documents import pandoc

    monkeypatch.setattr(pandoc, "SECONDS", 0)
    monkeypatch.setattr(pandoc, "BYTES_A_SECOND", 10**12)
    with pytest.raises(RuntimeError, match=r"pandoc took more than 0 s on x\.docx"):
        pandoc.convert([pandoc.Job("# x\n", "docx", tmp_path / "x.docx")])
