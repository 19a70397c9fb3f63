"""Welsh alongside English: a Welsh public site under /cy/, complete or not built at all."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES

from generator.cli.policy import main
from generator.sites.build import build
from generator.sites.verify import page_facts
from generator.source.errors import SourceError
from generator.source.read import read_policy
from generator.source.translation import translatable, welsh_view
from generator.source.wording import text

WELSH = FIXTURES / "welsh"
AS_OF = dt.date(2025, 6, 1)


def soup(path):
    return BeautifulSoup(path.read_text(), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("welsh") / "site"
    build(WELSH, out, pdf=False, as_of=AS_OF)
    return out


def test_welsh_public_site_states_the_facts_in_welsh(site):
    page = soup(site / "public" / "cy" / "index.html")
    assert page.html["lang"] == "cy"
    body = " ".join(page.select_one("article").get_text(" ").split())
    assert "mae’r monitro’n para 3 mis" in body
    assert "o fewn 15 diwrnod gwaith" in body
    assert "Cyhoeddwyd 1 Ebrill 2025" in body
    welsh = welsh_view(read_policy(WELSH))
    for path, shown in page_facts(str(page)):
        fact = path.split(".")
        value = welsh
        for key in fact:
            value = value[key] if isinstance(value, dict) else (
                value[int(key)] if isinstance(value, list) else getattr(value, key))
        assert shown == text(welsh, value, fact[-1])


def test_every_page_has_a_language_switcher(site):
    english, welsh = soup(site / "public" / "index.html"), soup(site / "public" / "cy" /
                                                                  "index.html")
    assert {a["hreflang"]: a["href"] for a in english.select("a[hreflang]")} == {
        "en": "index.html", "cy": "cy/index.html"}
    assert {a["hreflang"]: a["href"] for a in welsh.select("a[hreflang]")} == {
        "en": "../index.html", "cy": "../cy/index.html"}


def test_welsh_interface_and_search(site):
    welsh = site / "public" / "cy"
    page = soup(welsh / "index.html")
    assert page.select_one('label[for="__search"], .md-search__input') is not None
    index = (welsh / "search" / "search_index.json").read_text()
    assert "Gallwn rybuddio cwsmer" in index
    assert '"pipeline":["trimmer"]' in index.replace(" ", "")


def test_welsh_export_is_welsh(site):
    from docx import Document

    document = Document(str(site / "public" / "cy" / "downloads" / "part-a.docx"))
    words = " ".join(p.text for p in document.paragraphs)
    assert "Mynd at yr ombwdsmon" in words  # the prose states the appeal itself
    assert document.core_properties.language == "cy"


def test_missing_welsh_is_listed_by_id_and_stops_the_build(source_copy, capsys, tmp_path):
    src = source_copy(WELSH, [("cy/labels.yaml", "roles.appeals_officer.name: Swyddog "
                                                 "Apeliadau\n", "")])
    (src / "cy" / "prose" / "overview.md").unlink()
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (f"{src}/cy/labels.yaml: roles.appeals_officer.name: no Welsh translation; add "
            "`roles.appeals_officer.name: ...` to cy/labels.yaml") in err
    assert (f"{src}/cy/prose/overview.md: welsh: no Welsh version of this fragment; write it, "
            "naming the same facts as prose/overview.md") in err
    with pytest.raises(SourceError):
        build(src, tmp_path / "site", pdf=False, as_of=AS_OF)
    assert not (tmp_path / "site").exists()


def test_unknown_welsh_key_is_an_error(source_copy, capsys):
    src = source_copy(WELSH, [("cy/labels.yaml", "policy.title:", "policy.titel:")])
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    assert (f"{src}/cy/labels.yaml:2: policy.titel: no such text to translate; use the fact "
            "path of a text in the source") in err


def test_ids_and_links_are_never_asked_for():
    keys = translatable(read_policy(WELSH))
    assert "rights.ombudsmen.0.url" not in keys
    assert not [k for k in keys if k.endswith((".id", ".prose", ".decision", ".part"))]
    assert "behaviours.abuse.examples.0" in keys


def test_welsh_intranet_speaks_welsh_throughout(welsh_intranet_source, tmp_path):
    """With every source text given (stand-ins here), the generator's own words are Welsh."""
    build(welsh_intranet_source, tmp_path / "site", pdf=False, as_of=AS_OF)
    welsh = tmp_path / "site" / "internal" / "cy"
    matrix = soup(welsh / "decision-matrix.html")
    assert matrix.h1.get_text(strip=True) == "Matrics penderfyniadau"
    headers = [th.get_text(strip=True) for th in matrix.select(".decision-matrix th")]
    assert headers[:2] == ["Penderfyniad", "Penderfynir gan"]
    stage = " ".join(soup(welsh / "stages" / "warning.html").select_one("article")
                     .get_text().split())
    assert "Mae’r monitro’n para 3 mis." in stage
    for english in ("Who decides", "Entering this stage", "Special measures allowed",
                    "Monitoring lasts"):
        assert english not in stage
    assert "Rhoi gwybod am ymddygiad" in (welsh / "process.svg").read_text()
    assert (welsh / "timescales.html").exists()
