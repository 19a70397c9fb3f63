"""Source text is code: prose and Word templates run in Jinja's sandbox, allowed only what
the README documents, and no hostile markup reaches a page."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import jinja2
import pytest

from generator.cli.policy import main
from generator.sites.build import build
from generator.sites.verify import page_facts, verify_site
from generator.source.errors import SourceError
from generator.source.facts import render_prose
from generator.source.read import read_policy

#: Runs a shell command through Popen when Jinja lets a template reach Python's classes.
PAYLOAD = ("{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
           "{% if c.__name__ == 'Popen' %}{{ c('touch MARKER', shell=True) }}{% endif %}"
           "{% endfor %}")
HINT = ("prose may only name facts and their fields, loop over them, test them and use the "
        "filters lower, upper, capitalize, join, length, first, last (see the documentation, "
        "Reference: 'Prose and facts')")
MARKDOWN = "write it in Markdown (see the documentation, Reference: 'Prose and facts')"


def _check(src: Path, capsys) -> list[str]:
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()


def test_payload_in_prose_never_runs(source_copy, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = source_copy(edits=[("prose/overview.md", "We may warn", f"{PAYLOAD}\nWe may warn")])
    assert f"{src}/prose/overview.md:1: prose: calls are not allowed in prose; {HINT}" in \
        _check(src, capsys)
    assert main(["build", str(src), "--out", str(tmp_path / "site"), "--no-pdf"]) == 1
    assert not (tmp_path / "MARKER").exists()
    assert not (tmp_path / "site").exists()


def test_payload_rendered_directly_is_stopped_by_the_sandbox(source_copy, tmp_path,
                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    policy = read_policy(source_copy())
    hostile = policy.model_copy(update={"prose": {"x.md": PAYLOAD}})
    with pytest.raises(jinja2.exceptions.SecurityError):
        render_prose(hostile, "x.md")
    with pytest.raises(jinja2.exceptions.SecurityError):
        render_prose(hostile.model_copy(update={"prose": {"x.md": "{{ ''.__class__ }}"}}),
                     "x.md")
    assert not (tmp_path / "MARKER").exists()


def _own_template(src: Path, paragraph: str) -> None:
    (src / "templates").mkdir()
    document = docx.Document()
    document.add_paragraph("Dear {{ customer_name }}")
    document.add_paragraph(paragraph)
    document.save(src / "templates" / "warning_monitoring.docx")
    with (src / "policy.yaml").open("a") as policy:
        policy.write("letter_templates: templates\n")


def test_payload_in_a_word_template_never_runs(source_copy, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = source_copy()
    _own_template(src, PAYLOAD)
    assert (f"{src}/letters.yaml:7: letters.warning_letter: template warning_monitoring.docx: "
            "the template reaches into Python (access to attribute '__class__' of 'str' object "
            "is unsafe.), which a template may not do; use only the names listed in the "
            "documentation, Reference: 'Letters and templates'") in _check(src, capsys)
    assert main(["build", str(src), "--out", str(tmp_path / "site"), "--no-pdf"]) == 1
    assert not (tmp_path / "MARKER").exists()


def test_include_in_a_word_template(source_copy, capsys):
    src = source_copy()
    _own_template(src, "{% include 'other.docx' %}")
    assert (f"{src}/letters.yaml:7: letters.warning_letter: template warning_monitoring.docx: "
            "the template cannot be rendered: '{% include %}' is not allowed in a template; "
            "correct the {{ }} and {% %} tags in Word") in _check(src, capsys)


def test_a_template_that_is_not_a_docx(source_copy, capsys):
    src = source_copy()
    _own_template(src, "")
    (src / "templates" / "warning_monitoring.docx").write_text("{\\rtf1 a letter}")
    assert (f"{src}/letters.yaml:7: letters.warning_letter.template: template "
            "warning_monitoring.docx: the template is not a Word .docx document; open it in "
            "Word and save it as a Word Document (.docx)") in _check(src, capsys)


# (prose line, message after "FILE:1: prose: ")
FORBIDDEN = [
    ("{% include 'procedure.md' %}", f"'{{% include %}}' is not allowed in prose; {HINT}"),
    ("{% import 'x' as y %}", f"'{{% import %}}' is not allowed in prose; {HINT}"),
    ("{% extends 'x' %}", f"'{{% extends %}}' is not allowed in prose; {HINT}"),
    ("{% macro m() %}x{% endmacro %}", f"'{{% macro %}}' is not allowed in prose; {HINT}"),
    ("{% do x %}", f"'{{% do %}}' is not allowed in prose; {HINT}"),
    ("{{ ''.__class__ }}", "'__class__' is not a fact: names starting with _ are not allowed "
                           f"in prose; {HINT}"),
    ("{{ stages.warning._value }}", "'_value' is not a fact: names starting with _ are not "
                                    f"allowed in prose; {HINT}"),
    ("{{ stages['__class__'] }}", "'__class__' is not a fact: names starting with _ are not "
                                  f"allowed in prose; {HINT}"),
    ("{{ stages.keys() }}", f"calls are not allowed in prose; {HINT}"),
    ("{{ 'abc'.upper }}", f"'.upper' is read from something that is not a fact; {HINT}"),
    ("{{ stages | attr('x') }}", "the filter 'attr' is not allowed in prose (or not with "
                                 f"those arguments); {HINT}"),
    ("{{ stages | map('x') | list }}", "the filter 'list' is not allowed in prose (or not "
                                       f"with those arguments); {HINT}"),
    ("{% if stages is callable %}x{% endif %}", "the test 'is callable' is not allowed in "
                                                f"prose; {HINT}"),
    ("{{ 2 ** 100 }}", f"arithmetic is not allowed in prose; {HINT}"),
    ("{% set ns = namespace() %}", f"calls are not allowed in prose; {HINT}"),
    ("{% for s in stages %}{{ loop.cycle }}{% endfor %}",
     "'loop.cycle' is not a loop variable; use one of: first, index, index0, last, length, "
     "nextitem, previtem, revindex, revindex0"),
    ("<script>alert(1)</script>", f"raw HTML is not allowed in prose (<script>); {MARKDOWN}"),
    ('<iframe src="https://example.org/"></iframe>',
     f"raw HTML is not allowed in prose (<iframe>); {MARKDOWN}"),
    ('<img src="x.png" onerror="alert(1)">', f"raw HTML is not allowed in prose (<img>); "
                                              f"{MARKDOWN}"),
    ("<!-- a note no reader sees -->", "an HTML comment is not allowed in prose; readers "
                                       "never see it: delete it, or say it in the text"),
    ('<a href="{{ rights.ombudsman.url }}">the ombudsman</a>',
     "a fact inside an HTML tag or attribute is not allowed in prose; name the fact in the "
     f"text, outside any tag; {MARKDOWN}"),
    ("[the ombudsman]({{ rights.ombudsman.url }})",
     "a fact inside a link target or attribute is not allowed in prose; link to a fixed "
     "address, and name the fact in the text"),
    ("[click](javascript:alert(1))", "the link 'javascript:alert(1)' is not allowed in "
                                     "prose: only http, https, mailto and tel links, or links "
                                     f"to pages of the site; {MARKDOWN}"),
    ("[click](JavaScript:alert(1))", "the link 'JavaScript:alert(1)' is not allowed in "
                                     "prose: only http, https, mailto and tel links, or links "
                                     f"to pages of the site; {MARKDOWN}"),
    ("[click](data:text/html,x)", "the link 'data:text/html,x' is not allowed in prose: only "
                                  "http, https, mailto and tel links, or links to pages of "
                                  f"the site; {MARKDOWN}"),
    ("![logo](https://example.org/logo.png)", "the image 'https://example.org/logo.png' is "
                                              "loaded from another host; put the image in the "
                                              f"site; {MARKDOWN}"),
    ("![logo](//example.org/logo.png)", "the image '//example.org/logo.png' is loaded from "
                                        f"another host; put the image in the site; {MARKDOWN}"),
    ('[a](https://ok.example){: onclick="alert(1)" }', "the attribute 'onclick' is not "
                                                       f"allowed on <a> in prose; {MARKDOWN}"),
    ('[a](https://ok.example){: style="color: red" }', "the attribute 'style' is not "
                                                       f"allowed on <a> in prose; {MARKDOWN}"),
    ('<div markdown="1">hidden</div>', f"raw HTML is not allowed in prose (<div>); "
                                       f"{MARKDOWN}"),
]


@pytest.mark.parametrize(("line", "expected"), FORBIDDEN, ids=[f[0][:30] for f in FORBIDDEN])
def test_forbidden_in_public_prose_never_reaches_the_public_site(source_copy, capsys, tmp_path,
                                                                 line, expected):
    src = source_copy(edits=[("prose/overview.md", "We may warn", f"{line}\nWe may warn")])
    assert f"{src}/prose/overview.md:1: prose: {expected}" in _check(src, capsys)
    assert main(["build", str(src), "--out", str(tmp_path / "site"), "--no-pdf"]) == 1
    assert f"{src}/prose/overview.md:1: prose: {expected}" in capsys.readouterr().err
    assert not (tmp_path / "site" / "public" / "index.html").exists()


def test_allowed_markdown_passes(source_copy, capsys):
    src = source_copy(edits=[("prose/overview.md", "We may warn", (
        "See [the ombudsman](https://www.lgo.org.uk), [a page](index.md), "
        "[mail](mailto:a@example.org) and ![a plan](downloads/part-a.html).\n"
        "{% for s in stages %}{{ s.name | lower }}{% if not loop.last %}, {% endif %}"
        "{% endfor %}\n"
        "!!! note\n    A note.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nWe may warn"))])
    assert main(["check", str(src)]) == 0, capsys.readouterr().err


def test_hostile_markdown_in_a_fact_named_by_prose_is_refused(source_copy, capsys):
    """Markdown typed into a fact's value is held to the allow-list where prose prints it."""
    src = source_copy(edits=[("roles.yaml", "name: Appeals Officer",
                              "name: '[Appeals Officer](javascript:alert(1))'")])
    assert (f"{src}/prose/overview.md:1: prose: the link 'javascript:alert(1)' is not allowed "
            "in prose: only http, https, mailto and tel links, or links to pages of the site; "
            f"{MARKDOWN}") in _check(src, capsys)


def test_hostile_markdown_in_a_page_value_fails_the_build(source_copy, tmp_path):
    """A value a page template prints (not prose) is caught on the built page."""
    src = source_copy(edits=[("decisions.yaml", "title: Issue a warning",
                              "title: '[Issue a warning](javascript:alert(1))'")])
    with pytest.raises(SourceError) as error:
        build(src, tmp_path / "site", pdf=False)
    assert "page: the address 'javascript:alert(1)' on <a> is not allowed; remove it from " \
           "the source" in str(error.value)
    assert not (tmp_path / "site").exists()


def _built(tmp_path: Path, src: Path) -> Path:
    build(src, tmp_path / "site", audiences=("public",), pdf=False)
    return tmp_path / "site" / "public"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('3 months</span>', '5 months <b>x</b></span>', "the fact holds markup"),
    ('3 months</span>', '5 months</span>', "the page states '5 months' but the source says "
                                           "'3 months'"),
    ('<span data-fact="stages.warning.monitoring.default">3 months</span>',
     '<span data-fact="stages.warning.monitoring.default">3 months',
     "the fact 'stages.warning.monitoring.default' is never closed"),
    ("</head>", '<!-- <span data-fact="policy.title">Other</span> --></head>',
     "a fact on the page cannot be read back"),
    ("</article>", "<script>alert(1)</script></article>",
     "the element <script> is not allowed in page content"),
    ("</article>", '<p onclick="alert(1)">x</p></article>',
     "the event handler 'onclick' on <p> is not allowed"),
    ("</article>", '<img src="https://tracker.example/x.gif"></article>',
     "<img> loads https://tracker.example/x.gif from another host"),
    ("</article>", "<!-- hidden --></article>", "the content holds an HTML comment"),
    ("</head>", '<script src="https://cdn.example/x.js"></script></head>',
     "<script> loads https://cdn.example/x.js from another host"),
])
def test_tampered_page_fails_verification(source_copy, tmp_path, old, new, expected):
    src = source_copy()
    site = _built(tmp_path, src)
    assert verify_site(read_policy(src), site) == []
    page = site / "index.html"
    html = page.read_text()
    assert old in html
    page.write_text(html.replace(old, new, 1))
    messages = [problem.message for problem in verify_site(read_policy(src), site)]
    assert expected in messages, messages


def test_tampered_page_fails_the_build(source_copy, tmp_path, monkeypatch):
    """The build's own verification stops a page whose fact was altered after rendering."""
    import generator.sites.engines as engines_module

    src = source_copy()
    render = engines_module.render

    def tamper(engine, sites):
        warnings = render(engine, sites)
        for page in tmp_path.rglob("*.html"):  # the staged sites, beside the output
            page.write_text(page.read_text().replace("3 months</span>",
                                                     "5 months <b>x</b></span>"))
        return warnings

    monkeypatch.setattr(engines_module, "render", tamper)
    with pytest.raises(SourceError) as error:
        build(src, tmp_path / "site", pdf=False)
    assert "stages.warning.monitoring.default: the fact holds markup" in str(error.value)
    assert not (tmp_path / "site").exists()


def test_page_facts_reads_parsed_html():
    html = ('<p><span data-fact="a.b">6 &amp; <em>x</em> months</span> '
            '<a href="https://x.example" data-fact="c">https://x.example</a></p>')
    assert page_facts(html) == [("a.b", "6 & x months"), ("c", "https://x.example")]


def test_symlinked_prose_outside_the_source_is_refused(source_copy, capsys, tmp_path):
    src = source_copy()
    secret = tmp_path / "secret.md"
    secret.write_text("Secret text from elsewhere.\n")
    (src / "prose" / "overview.md").unlink()
    (src / "prose" / "overview.md").symlink_to(secret)
    assert (f"{src}/prose/overview.md: prose: the file is a link to {secret}, outside the "
            "source folder; copy the file into the source instead") in _check(src, capsys)


def test_symlinked_yaml_outside_the_source_is_refused(source_copy, capsys, tmp_path):
    src = source_copy()
    elsewhere = tmp_path / "roles.yaml"
    shutil.move(src / "roles.yaml", elsewhere)
    (src / "roles.yaml").symlink_to(elsewhere)
    assert (f"{src}/roles.yaml: roles: the file is a link to {elsewhere}, outside the source "
            "folder; copy the file into the source instead") in _check(src, capsys)


def test_template_outside_the_templates_folder_is_refused(source_copy, capsys, tmp_path):
    src = source_copy(edits=[("letters.yaml", "template: warning_monitoring.docx",
                              "template: ../../outside.docx")])
    (src / "templates").mkdir()
    with (src / "policy.yaml").open("a") as policy:
        policy.write("letter_templates: templates\n")
    shutil.copy(Path(__file__).parent.parent / "letter_templates" / "warning_monitoring.docx",
                tmp_path / "outside.docx")
    assert any(line.startswith(f"{src}/letters.yaml:7: letters.warning_letter.template: "
                               "'../../outside.docx' is outside the templates folder")
               for line in _check(src, capsys))


class _Everything(HTMLParser):
    """Every element, attribute and comment of a page, for the whole-page test."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def test_public_pages_hold_nothing_forbidden(source_copy, tmp_path):
    """The whole of every public page, theme included: no frame, handler, script link,
    hidden comment or resource from another host."""
    src = source_copy(edits=[("prose/overview.md", "We may warn", (
        "See [the ombudsman](https://www.lgo.org.uk) and [mail](mailto:a@example.org).\n\n"
        "We may warn"))])
    site = _built(tmp_path, src)
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        parsed = _Everything()
        parsed.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            assert tag not in {"iframe", "frame", "object", "embed"}, page
            assert not [name for name in attrs if name.startswith("on")], (page, tag)
            for name in ("href", "src", "action", "data"):
                value = attrs.get(name, "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), page
                if tag != "a":
                    assert not value.startswith(("http:", "https:", "//")), (page, tag)
        assert parsed.comments == [], page


def test_prose_is_read_with_the_sites_markdown_extensions():
    """The checker reads prose as the sites do: the shared settings' extensions, all but
    md_in_html (which would hide raw HTML from the check)."""
    import yaml
    from conftest import ROOT

    from generator.source.markup import EXTENSIONS

    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    while "markdown_extensions" not in settings:  # the shared settings, wherever they are
        settings = yaml.safe_load((ROOT / settings["INHERIT"]).read_text(encoding="utf-8"))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in settings["markdown_extensions"]]
    assert [name for name in names if name != "md_in_html"] == list(EXTENSIONS)


def test_blocks_nested_too_deep_are_a_message_not_a_traceback(source_copy, capsys):
    src = source_copy()
    deep = "".join(f"{{% for s{n} in stages %}}" for n in range(25)) + "Deep." + \
        "{% endfor %}" * 25
    (src / "prose" / "overview.md").write_text(deep + "\n")
    assert main(["check", "--source", str(src)]) == 1
    err = capsys.readouterr().err
    assert (f"{src}/prose/overview.md:1: prose: nests its {{% if %}} and {{% for %}} blocks "
            "too deeply to be rendered; split the fragment, or nest fewer blocks") in err
    assert "Traceback" not in err
