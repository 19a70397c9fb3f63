"""Both sites, built for every source with both site engines, read back and held against
the model."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import CHESHIRE, ROOT, SOURCES, pdf_standing

from generator.sites import engines
from generator.sites.build import build
from generator.sites.timescales import timescales
from generator.source.audience import internal_strings
from generator.source.errors import SourceError
from generator.source.model import SiteEngine
from generator.source.read import read_policy
from generator.source.wording import deciders

AS_OF = dt.date(2026, 11, 23)
ENGINES = [engine.value for engine in SiteEngine]


@pytest.fixture(scope="module", params=[(source, engine) for engine in ENGINES
                                        for source in SOURCES],
                ids=lambda run: f"{run[0].name}-{run[1]}")
def built(request, tmp_path_factory):
    source, engine = request.param
    out = tmp_path_factory.mktemp(f"{source.name}-{engine}") / "site"
    result = build(source, out, preview=True, as_of=AS_OF, pdf=False, engine=engine)
    return result.policy, out


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def untag(xml: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", xml)).split())


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_decision_matrix_names_exactly_the_models_roles(built):
    policy, out = built
    if not policy.decisions:
        pytest.skip("this source has no decisions")
    rows = soup(out / "internal" / "decision-matrix.html").select(".decision-matrix tbody tr")
    assert len(rows) == len(policy.decisions)
    for row, (decision_id, decision) in zip(rows, policy.decisions.items(), strict=True):
        assert row["id"] == decision_id
        assert text_of(row.find("th")) == decision.title
        decided_by = row.find("td")
        # each decider links to its role page, saying whether they decide together
        links = [a["href"] for a in decided_by.select("li a")]
        assert links == [f"roles/{r}.html" for r in decision.taken_by]
        assert [text_of(a) for a in decided_by.select("li a")] == [
            policy.roles[r].name for r in decision.taken_by]
        how = decided_by.select_one(".decision-matrix__how")
        if len(decision.taken_by) > 1:
            assert text_of(how) == ("Jointly:" if decision.jointly else "Any one of:")
        else:
            assert how is None
        for link in links:
            assert (out / "internal" / link).is_file()


def test_timescales_page_states_every_period(built):
    policy, out = built
    page = soup(out / "internal" / "timescales.html")
    rows = page.select(".timescales tbody tr")
    expected = timescales(policy)
    assert len(rows) == len(expected)
    for row, (owner, label, path, period) in zip(rows, expected, strict=True):
        owner_cell, label_cell, period_cell = row.find_all("td")
        assert text_of(owner_cell) == owner
        assert text_of(label_cell) == label
        assert label[:1].isupper()  # a label reads as words, not as a field name
        assert period_cell.find(attrs={"data-fact": path}).get_text() == str(period)


def test_each_stage_page_states_its_approver_and_measures(built):
    policy, out = built
    for stage_id, stage in policy.stages.items():
        page = soup(out / "internal" / "stages" / f"{stage_id}.html")
        if stage.entry_decision:
            approver = page.select_one(".approver")
            assert text_of(approver) == deciders(policy, policy.decisions[stage.entry_decision])
        allowed = [m.name for m in policy.measures.values() if stage_id in m.allowed_at]
        listed = [text_of(row.find("td")) for row in page.select("table tbody tr")]
        assert listed == allowed


def test_part_a_states_the_appeal_rule(built):
    policy, out = built
    page = text_of(soup(out / "public" / "index.html"))
    for appeal in policy.rights.appeals.values():
        if appeal.available:
            assert f"within {appeal.window}" in page
            if appeal.to:
                assert policy.roles[appeal.to].name in page
        else:  # in the owner's words where they give a reason, else the generated sentence
            assert "There is no right of appeal" in page or appeal.reason in page
    for ombudsman in policy.rights.ombudsmen:
        assert ombudsman.name in page


def test_every_stated_fact_matches_the_model(built):
    """The build already verifies this; count the facts so a page without tags fails."""
    _, out = built
    tagged = sum(len(soup(p).select("[data-fact]")) for p in out.rglob("*.html"))
    assert tagged > 10


#: The search index each engine writes: MkDocs search/search_index.json, Zensical search.json.
SEARCH_INDEXES = {"search_index.json": "docs", "search.json": "items"}


def search_entries(path: Path) -> list[dict]:
    return json.loads(path.read_text())[SEARCH_INDEXES[path.name]]


def public_corpus(public: Path) -> str:
    """Everything the public can fetch: pages, search index, sitemap, 404, downloads."""
    texts = []
    for path in sorted(public.rglob("*")):
        if path.suffix == ".html":
            texts.append(text_of(soup(path)))
        elif path.suffix in {".xml", ".txt"}:
            texts.append(untag(path.read_text()))
        elif path.name in SEARCH_INDEXES:
            docs = search_entries(path)
            texts.extend(text_of(BeautifulSoup(d["text"] + " " + d["title"], "html.parser"))
                         for d in docs)
        elif path.suffix == ".docx":
            texts.append(docx_text(path))
        elif path.suffix == ".odt":
            with zipfile.ZipFile(path) as odt:
                texts.append(untag(odt.read("content.xml").decode()))
    return " ".join(" ".join(texts).split())


def test_nothing_internal_reaches_the_public_site(built):
    policy, out = built
    corpus = public_corpus(out / "public")
    secrets = [" ".join(s.split()) for s in internal_strings(policy)]
    assert secrets, "the source should have internal content to protect"
    leaked = [s for s in secrets if s in corpus]
    assert leaked == []
    assert sorted(p.name for p in (out / "public" / "downloads").iterdir()) == [
        "part-a.docx", "part-a.html", "part-a.odt"]


def test_leak_check_would_catch_a_leak(built, tmp_path):
    policy, out = built
    secret = next(iter(internal_strings(policy)))
    planted = tmp_path / "public"
    shutil.copytree(out / "public", planted)
    [path] = [p for p in planted.rglob("*.json") if p.name in SEARCH_INDEXES
              and p.parent.relative_to(planted).parts[:1] != ("cy",)]
    index = json.loads(path.read_text())
    index[SEARCH_INDEXES[path.name]][0]["text"] += f"<p>{secret}</p>"
    path.write_text(json.dumps(index))
    assert " ".join(secret.split()) in public_corpus(planted)


EXTERNAL = re.compile(r"^(?:[a-z]+:)?//", re.I)


def test_no_request_leaves_either_site(built):
    _, out = built
    for page in out.rglob("*.html"):
        doc = soup(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"),
                          ("iframe", "src"), ("source", "src"), ("video", "src"),
                          ("audio", "src"), ("embed", "src"), ("object", "data")):
            for node in doc.find_all(tag):
                assert not EXTERNAL.match(node.get(attr) or ""), (page, node)
        for style in doc.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", style.get_text()), page
    for css in out.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import\s+['\"]?https?:",
                             css.read_text(errors="replace")), css


def test_internal_pages_carry_the_marking_banner(built):
    _, out = built
    for page in (out / "internal").rglob("*.html"):
        if page.name == "404.html" or page.parent.name == "downloads":
            continue
        banner = soup(page).select_one(".policy-marking")
        assert banner and "OFFICIAL" in banner.get_text(), page
    assert not soup(out / "public" / "index.html").select(".policy-marking")


def language_of(page: Path) -> str:
    return soup(page).html["lang"]


def test_each_search_index_holds_its_own_languages_pages(built):
    """An English reader's search finds English pages only, a Welsh reader's Welsh ones."""
    _, out = built
    indexes = [index for name in SEARCH_INDEXES for index in out.rglob(name)]
    assert indexes
    for index in indexes:
        site = index.parent if index.name == "search.json" else index.parent.parent
        language = language_of(site / "index.html")
        pages = {entry["location"].split("#")[0] or "index.html"
                 for entry in search_entries(index)}
        others = sorted(page for page in pages if language_of(site / page) != language)
        assert pages and not others, f"{index.relative_to(out)} ({language}) lists {others}"


def test_the_language_switcher_leads_to_the_same_site_in_each_language(built):
    """From each page (but the 404 page, whose links lead from the site's root, wherever
    it is shown) to the other language's site, in that language."""
    _, out = built
    for page in (page for page in out.rglob("*.html") if page.name != "404.html"):
        for link in soup(page).select('link[rel="alternate"][hreflang]'):
            other = page.parent / link["href"]
            assert other.is_file() and language_of(other) == link["hreflang"], (page, link)


def test_each_language_is_rendered_once_into_its_own_site(welsh_intranet_source, tmp_path,
                                                          monkeypatch, engine):
    """The Welsh Markdown is no part of the English site: its render makes no page in the
    Welsh site's folder (the Welsh render's alone), and its sitemap lists none there."""
    policy = welsh_intranet_source / "policy.yaml"
    policy.write_text(policy.read_text().replace("\nwelsh:", "\nsite_urls:\n"
                      "  public: https://www.example.gov.uk/policy/\n"
                      "  internal: https://intranet.example/policy/\nwelsh:"))
    made: dict[Path, list[str]] = {}
    render = engines.render

    def one_at_a_time(engine, sites):
        results = []
        for site in sites:  # each site's pages looked at before the next site is rendered
            results += render(engine, [site])
            made[site.out] = sorted(str(p.relative_to(site.out)) for p in site.out.rglob("*.html"))
        return results

    monkeypatch.setattr(engines, "render", one_at_a_time)
    build(welsh_intranet_source, tmp_path / "site", pdf=False, as_of=AS_OF, engine=engine)
    assert sorted(folder.name for folder in made) == ["cy", "cy", "internal", "public"]
    for folder, pages in made.items():
        assert "index.html" in pages
        if folder.name != "cy":
            assert not [page for page in pages if page.startswith("cy/")], folder
    for audience in ("public", "internal"):
        english, welsh = (re.findall(r"<loc>(.*?)</loc>", (folder / "sitemap.xml").read_text())
                          for folder in (tmp_path / "site" / audience,
                                         tmp_path / "site" / audience / "cy"))
        assert english and not [url for url in english if "/cy/" in url], audience
        assert welsh and all("/policy/cy/" in url for url in welsh), audience


def test_changing_one_fact_changes_every_page(source_copy, tmp_path):
    path = "stages.stage_1.monitoring.default"
    before, after = tmp_path / "before", tmp_path / "after"
    build(CHESHIRE, before, pdf=False)
    src = source_copy(CHESHIRE, [("stages.yaml", "default: 6 months",
                                             "default: 4 months")])
    build(src, after, pdf=False)
    for page in sorted(after.rglob("*.html")):
        old, new = soup(before / page.relative_to(after)), soup(page)
        stated = [node.get_text() for node in new.select(f'[data-fact="{path}"]')]
        assert set(stated) <= {"4 months"}, page
        assert len(stated) == len(old.select(f'[data-fact="{path}"]')), page
        # every "6 months" left on the page is another fact (a review interval)
        assert text_of(new).count("6 months") == text_of(old).count("6 months") - len(stated)
    assert soup(after / "public" / "index.html").select(f'[data-fact="{path}"]')
    assert soup(after / "internal" / "stages" / "stage_1.html").select(f'[data-fact="{path}"]')


@pytest.mark.parametrize("engine", ENGINES)
def test_rebuild_is_byte_identical(tmp_path, engine):
    first, second = tmp_path / "a", tmp_path / "b"
    pdf = engine == "mkdocs"  # the PDFs do not depend on the engine
    build(CHESHIRE, first, engine=engine, pdf=pdf)
    build(CHESHIRE, second, engine=engine, pdf=pdf)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        one, two = (first / rel).read_bytes(), (second / rel).read_bytes()
        if rel.suffix == ".pdf":  # LibreOffice's bytes now and then vary; see pdf_standing
            assert pdf_standing(one) == pdf_standing(two), rel
        else:
            assert one == two, rel


def test_failed_build_leaves_previous_site(source_copy, tmp_path):
    out = tmp_path / "site"
    build(ROOT / "tests" / "fixtures" / "minimal", out, pdf=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    src = source_copy(edits=[("prose/overview.md", "We may warn",
                              "See [the matrix](missing-page.md). We may warn")])
    with pytest.raises(SourceError) as error:
        build(src, out, pdf=False)
    assert (f"{src}/prose/overview.md:1: link: 'missing-page.md' is not a page of the public "
            "site; link to one of: index.md") in [str(p) for p in error.value.problems]
    assert before == {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_public_prose_cannot_name_internal_facts(source_copy, tmp_path):
    src = source_copy(edits=[("prose/overview.md", "We may warn",
                              "{{ decisions.warning.notes }} We may warn")])
    (src / "decisions.yaml").write_text((src / "decisions.yaml").read_text().replace(
        "  title: Issue a warning\n", "  title: Issue a warning\n  notes: Secret note.\n"))
    with pytest.raises(SourceError) as error:
        build(src, tmp_path / "site", pdf=False)
    assert str(error.value) == (
        f"{src}/prose/overview.md:1: prose: 'decisions.warning.notes' is an internal fact, "
        "which public prose may not state; remove it, or move the section to an internal part")


def test_markdown_only_leaves_readable_trees(tmp_path):
    build(CHESHIRE, tmp_path / "site", markdown_only=True, pdf=False)
    tree = tmp_path / "site" / "markdown"
    assert (tree / "public" / "index.md").read_text().startswith("---\n")
    assert (tree / "internal" / "decision-matrix.md").exists()
    assert not (tmp_path / "site" / "public").exists()


def test_policy_src_roles_pages(built):
    policy, out = built
    for role_id in policy.roles:
        assert (out / "internal" / "roles" / f"{role_id}.html").exists()


def test_sources_fixture_is_complete():
    assert {p.name for p in SOURCES} >= {"policy_src"}
    assert read_policy(SOURCES[0]).parts


def test_exports_state_the_public_facts(built):
    policy, out = built
    exported = out / "public" / "downloads"
    facts = soup(exported / "part-a.html").select("[data-fact]")
    assert facts, "the HTML export tags its facts"
    words = " ".join(docx_text(exported / "part-a.docx").split())
    for node in facts:
        assert text_of(node) in words, node["data-fact"]
    document = docx.Document(str(exported / "part-a.docx"))
    assert document.core_properties.title == policy.policy.title
    assert any(p.style.name.startswith("Heading") for p in document.paragraphs)


def test_the_same_tree_builds_with_properdocs(tmp_path):
    """The generator only writes Markdown: the maintained MkDocs fork renders it too."""
    import subprocess
    import sys

    import yaml

    from generator.sites.build import site_config
    from generator.sites.pages import internal_tree

    build(CHESHIRE, tmp_path / "site", markdown_only=True, pdf=False)
    docs = tmp_path / "site" / "markdown" / "internal"
    policy = read_policy(CHESHIRE)
    config = site_config(internal_tree(policy, {}, None, ""), docs, tmp_path / "properdocs")
    (tmp_path / "properdocs.yml").write_text(yaml.safe_dump(config))
    properdocs = Path(sys.executable).with_name("properdocs")
    subprocess.run([str(properdocs), "build", "-q", "-f", str(tmp_path / "properdocs.yml")],
                   check=True, capture_output=True)
    matrix = soup(tmp_path / "properdocs" / "decision-matrix.html")
    assert len(matrix.select(".decision-matrix tbody tr")) == len(policy.decisions)


@pytest.mark.parametrize(("engine", "where"), [("mkdocs", "nowhere.md"),
                                               ("zensical", "page does not exist")])
def test_an_engine_warning_fails_the_build(tmp_path, monkeypatch, engine, where):
    """Both engines run strict: a warning (here a link to no page) is a problem, not a site,
    and again the next time, when Zensical has the page in its cache."""
    from generator.sites.build import render_site, write_tree
    from generator.sites.pages import Page, SiteTree

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    tree = SiteTree("public", read_policy(ROOT / "tests" / "fixtures" / "minimal"),
                    [Page("index.md", "Home", "# Home\n\nSee [this](nowhere.md).\n")])
    write_tree(tree, tmp_path / "docs")
    for _ in range(2):
        with pytest.raises(SourceError) as error:
            render_site(tree, tmp_path / "docs", tmp_path / "site", tmp_path / "site.yml",
                        engine=SiteEngine(engine))
        [problem] = error.value.problems
        assert where in problem.message
        if engine == "zensical":  # it says where, and its output folder gets nothing
            assert (problem.file, problem.line) == (str(tmp_path / "docs" / "index.md"), 3)
            assert not (tmp_path / "site").exists()


def test_a_zensical_panic_is_a_problem_and_the_next_site_builds(tmp_path, capfd):
    """Zensical renders in the build's own process: a panic in its native code (here at a
    docs folder given as an absolute path) is that site's problem, said in its words, not a
    crash; the next site renders, and nothing Zensical says reaches the terminal."""
    import yaml

    from generator.sites import engines

    markdown = tmp_path / "markdown"
    markdown.mkdir()
    (markdown / "index.md").write_text("# Home\n")
    sites = []
    for name, docs in (("panics", str(tmp_path / "panics" / "docs")), ("builds", "docs")):
        config = tmp_path / name / "site.yml"
        config.parent.mkdir()
        config.write_text(yaml.safe_dump({"site_name": name, "docs_dir": docs,
                                          "site_dir": "site"}))
        sites.append(engines.Site(config, 0, markdown, tmp_path / "out" / name))
    [panicked], built = engines.render(SiteEngine.zensical, sites)
    assert panicked[2].startswith("Zensical failed: ") and "invariant" in panicked[2]
    assert built == [] and (tmp_path / "out" / "builds" / "index.html").is_file()
    assert not (tmp_path / "out" / "panics").exists()
    assert capfd.readouterr() == ("", "")


def test_zensical_pages_from_its_cache_are_a_clean_builds(source_copy, tmp_path, monkeypatch):
    """Zensical keeps a cache of each site's pages in the cache folder and takes the pages
    it has rendered before from it: such a build is, byte for byte, a build without the
    cache, the first time, after an edit and after a page is taken out of the source. The
    cache stays where it was, one folder a site, so the next build finds it; a site's
    folder unused for 30 days is removed."""
    src, cached, clean = source_copy(), tmp_path / "cached", tmp_path / "clean"
    kept = tmp_path / "cache" / "zensical"
    (kept / "unused").mkdir(parents=True)
    month = time.time() - 31 * 86400
    os.utime(kept / "unused", (month, month))

    def both() -> dict[Path, bytes]:
        for out, folder in ((cached, kept.parent), (clean, "")):
            monkeypatch.setenv("POLICY_CACHE_DIR", str(folder))
            build(src, out, pdf=False, engine=SiteEngine.zensical)
        made = {p.relative_to(cached): p.read_bytes() for p in sorted(cached.rglob("*"))
                if p.is_file()}
        assert made == {p.relative_to(clean): p.read_bytes() for p in sorted(clean.rglob("*"))
                        if p.is_file()}
        return made

    first = both()
    [*roots] = kept.iterdir()
    assert len(roots) == 2 and all(any((root / ".cache").iterdir()) for root in roots)
    procedure = src / "prose" / "procedure.md"
    procedure.write_text(procedure.read_text() + "\nStaff write down every step.\n")
    assert both() != first
    assert Path("internal/protocols/ending_calls.html") in first
    (src / "protocols.yaml").write_text("{}\n")
    assert Path("internal/protocols/ending_calls.html") not in both()
    assert sorted(kept.iterdir()) == sorted(roots)


def test_the_source_chooses_the_engine_and_the_command_line_overrides_it(source_copy,
                                                                         tmp_path):
    from generator.cli.policy import main

    src = source_copy(edits=[("policy.yaml", "title:", "site_engine: zensical\ntitle:")])
    build(src, tmp_path / "z", pdf=False)
    assert (tmp_path / "z" / "public" / "search.json").is_file()
    assert main(["build", "--source", str(src), "--out", str(tmp_path / "m"), "--no-pdf",
                 "--engine", "mkdocs"]) == 0
    assert (tmp_path / "m" / "public" / "search" / "search_index.json").is_file()


def test_zensical_missing_is_a_message(source_copy, tmp_path, monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    with pytest.raises(SourceError) as error:
        build(source_copy(), tmp_path / "site", pdf=False, engine=SiteEngine.zensical)
    assert "Zensical is not installed" in str(error.value)


def test_the_flow_diagram_is_drawn_once_for_its_inputs(tmp_path, monkeypatch):
    """D2 runs once for a flow: the same stages take the kept drawing, others a new one."""
    import subprocess

    from generator.sites import flow

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    policy = read_policy(ROOT / "tests" / "fixtures" / "minimal")
    drawn = flow.render_svg(policy)
    assert drawn and b"<svg" in drawn
    calls = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or run(*a, **k))
    assert flow.render_svg(policy) == drawn
    assert calls == []
    with monkeypatch.context() as off:
        off.setenv("POLICY_CACHE_DIR", "")
        assert flow.render_svg(policy) == drawn  # drawn afresh: the same bytes
    assert len(calls) == 1
    monkeypatch.setattr(flow, "OPTIONS", (*flow.OPTIONS, "--sketch"))
    assert flow.render_svg(policy) != drawn  # drawn another way: not the kept drawing
    assert len(calls) == 2
    monkeypatch.setattr(flow, "OPTIONS", flow.OPTIONS[:-1])
    other = read_policy(ROOT / "tests" / "fixtures" / "scottish")
    assert flow.render_svg(other) != drawn
    assert len(calls) == 3


def test_the_exports_are_written_beside_the_rendering(source_copy, tmp_path, monkeypatch):
    """pandoc writes the exports while the engine renders (it is held until the engine
    starts), and the sites offer the files it wrote."""
    import threading

    from generator.documents import pandoc
    from generator.sites import engines
    from generator.sites.exports import export_part_a

    rendering = threading.Event()
    render, convert = engines.render, pandoc.convert

    def rendered(chosen, sites):
        rendering.set()
        return render(chosen, sites)

    def converted(jobs, *args):
        assert rendering.wait(30), "the exports were awaited before the engine started"
        return convert(jobs, *args)

    monkeypatch.setattr(engines, "render", rendered)
    monkeypatch.setattr(pandoc, "convert", converted)
    src, out = source_copy(), tmp_path / "site"
    build(src, out, pdf=False)
    fresh = export_part_a(read_policy(src), tmp_path / "exports", pdf=False)
    assert fresh
    for path in fresh:
        for site in ("public", "internal"):
            assert (out / site / "downloads" / path.name).read_bytes() == path.read_bytes()


def test_a_kept_site_takes_the_exports_anew(source_copy, tmp_path, monkeypatch):
    """The exports are no part of a kept site: a site taken unrendered from the output
    gets this build's files, and the output before is not written through a link."""
    from generator.sites import engines

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    rendered: list[int] = []
    render = engines.render
    monkeypatch.setattr(engines, "render",
                        lambda chosen, sites: rendered.append(len(sites)) or render(chosen, sites))
    src, out = source_copy(), tmp_path / "site"
    build(src, out, pdf=False)
    export = out / "public" / "downloads" / "part-a.html"
    made = export.read_bytes()
    export.write_bytes(b"changed by hand")
    old = export.stat().st_ino
    build(src, out, pdf=False)
    assert rendered == [2, 0]
    assert export.read_bytes() == made and export.stat().st_ino != old


@pytest.mark.parametrize("engine", ENGINES)
def test_a_site_unchanged_since_the_last_build_is_kept_not_rendered(source_copy, tmp_path,
                                                                    monkeypatch, engine):
    """With the cache on, a build whose site would be rendered from the same inputs as the
    output's, its pages as written, takes them unrendered: the same bytes; an edit to Part
    B renders the internal site alone; a page changed in the output renders its site."""
    from generator.sites import engines

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    rendered: list[list[str]] = []
    render = engines.render

    def counted(chosen, sites):
        rendered.append([site.config.stem for site in sites])
        return render(chosen, sites)

    monkeypatch.setattr(engines, "render", counted)
    src, out = source_copy(), tmp_path / "site"

    def files() -> dict[Path, bytes]:
        return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))
                if p.is_file()}

    build(src, out, pdf=False, engine=SiteEngine(engine))
    first = files()
    build(src, out, pdf=False, engine=SiteEngine(engine))
    assert rendered[-1] == [] and files() == first
    procedure = src / "prose" / "procedure.md"
    procedure.write_text(procedure.read_text() + "\nStaff write down every step.\n")
    build(src, out, pdf=False, engine=SiteEngine(engine))
    assert rendered[-1] == ["internal"]
    assert "every step" in "".join(p.read_text() for p in (out / "internal").rglob("*.html"))
    assert {p: b for p, b in files().items() if p.parts[0] == "public"} == {
        p: b for p, b in first.items() if p.parts[0] == "public"}
    (out / "public" / "index.html").write_text("changed by hand")
    build(src, out, pdf=False, engine=SiteEngine(engine))
    assert rendered[-1] == ["public"]
    assert (out / "public" / "index.html").read_bytes() == first[Path("public/index.html")]
