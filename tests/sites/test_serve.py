"""`policy serve` shows an edit to the source in the served page without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

from conftest import CHESHIRE, ROOT, free_port, wait_for


def test_edit_shows_in_served_page(tmp_path, engine):
    src = tmp_path / "src"
    shutil.copytree(CHESHIRE, src)
    settings = src / "policy.yaml"  # the source chooses the engine `policy serve` uses
    settings.write_text(settings.read_text().replace("title:", f"site_engine: {engine}\ntitle:", 1))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(src),
                               "--port", str(port)], cwd=ROOT, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/stages/stage_1.html"
    try:
        assert wait_for(url, '"stages.stage_1.monitoring.default">6 months<', 60)
        stages = src / "stages.yaml"
        stages.write_text(stages.read_text().replace("default: 6 months", "default: 4 months"))
        assert wait_for(url, '"stages.stage_1.monitoring.default">4 months<', 30)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=10)


def _files(site):
    return {str(path.relative_to(site)): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_rebuild_renders_only_the_edited_page_and_gives_a_full_builds_bytes(tmp_path,
                                                                              monkeypatch):
    """With pages kept (as `policy serve` keeps them), an edit to one fragment renders
    only the page that shows it, and every file of the site is the same bytes as a build
    that renders every page."""
    from mkdocs.commands import build as mkdocs_build

    from generator.sites import engines
    from generator.sites.build import build

    src = tmp_path / "src"
    shutil.copytree(CHESHIRE, src)
    rendered = []
    populate = mkdocs_build._populate_page

    def counted(page, *args, **kwargs):
        rendered.append(page.file.src_uri)
        return populate(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_populate_page", counted)
    monkeypatch.setattr(engines, "_KEPT", None)
    engines.reuse_pages()
    build(src, tmp_path / "served", audiences=("internal",), pdf=False)
    everything = len(rendered)
    fragment = src / "prose" / "part_b" / "stage_one_procedure.md"
    fragment.write_text(fragment.read_text() + "\nA sentence added while serving.\n")
    rendered.clear()
    build(src, tmp_path / "served", audiences=("internal",), pdf=False)
    assert rendered == ["part-b.md"] and everything > 10
    monkeypatch.setattr(engines, "_KEPT", None)
    build(src, tmp_path / "full", audiences=("internal",), pdf=False)
    served = _files(tmp_path / "served" / "internal")
    assert b"A sentence added while serving." in served["part-b.html"]
    assert served == _files(tmp_path / "full" / "internal")
