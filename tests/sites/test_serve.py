"""`policy serve` shows an edit to the source in the served page without a restart."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from unittest import mock

import pytest
from conftest import CHESHIRE, ROOT, fetch, free_port, wait_for


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


@pytest.fixture
def held_serve(tmp_path, engine):
    """`policy serve` of a copy of a source on each engine, its pandoc held back while
    ``hold`` exists (and failing while ``fail`` does); yields the copy, the served
    address, those two paths and the file of all the server says."""
    from generator.documents import pandoc

    src, hold, fail, said = (tmp_path / "src", tmp_path / "hold", tmp_path / "fail",
                             tmp_path / "said")
    shutil.copytree(CHESHIRE, src)
    settings = src / "policy.yaml"
    settings.write_text(settings.read_text().replace("title:", f"site_engine: {engine}\ntitle:", 1))
    wrapper = tmp_path / "pandoc"
    wrapper.write_text(f"""#!/bin/sh
case " $* " in *" lua "*)
  while [ -e '{hold}' ]; do sleep 0.05; done
  if [ -e '{fail}' ]; then echo 'pandoc was told to fail' >&2; exit 1; fi;;
esac
exec '{pandoc.path()}' "$@"
""")
    wrapper.chmod(0o755)
    port = free_port()
    with said.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(src),
                                   "--port", str(port)], cwd=ROOT, start_new_session=True,
                                  env={**os.environ, "PYPANDOC_PANDOC": str(wrapper)},
                                  stdout=output, stderr=output)
        try:
            yield src, f"http://127.0.0.1:{port}", hold, fail, said
        finally:
            hold.unlink(missing_ok=True)  # the server stops once its pandoc is done
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=10)


def _download(url):
    """A download's bytes, and the words of its Word document (None if it is not one,
    whole)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        data = response.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as word:
            return data, word.read("word/document.xml").decode()
    except (zipfile.BadZipFile, KeyError):
        return data, None


def _edit(fragment, original, sentence):
    fragment.write_text(f"{original}\n{sentence}\n")


def test_an_edit_shows_before_its_downloads_are_rewritten_and_each_download_is_whole(
        held_serve):
    """The page shows an edit to Part A while pandoc is still held back, and its Word
    download is the last build's whole file until the new one is in; an edit made then is
    built once those downloads are done, the site served as it stands meanwhile; of two
    edits, the later wins, in the page and the download alike."""
    src, base, hold, _, _ = held_serve
    fragment = src / "prose" / "part_a" / "introduction.md"
    original = fragment.read_text()
    page, word = f"{base}/part-a.html", f"{base}/downloads/part-a.docx"
    assert wait_for(page, "We want every resident", 60)
    old, words = _download(word)
    assert words is not None
    hold.touch()
    _edit(fragment, original, "Sentence one of the edits.")
    assert wait_for(page, "Sentence one of the edits.", 30)  # pandoc still held back
    assert _download(word) == (old, words)
    _edit(fragment, original, "Sentence two of the edits.")
    time.sleep(1)  # its rebuild waits for the held downloads; readers are not held with it
    assert _download(word) == (old, words)
    assert "Sentence one of the edits." in fetch(page)
    hold.unlink()
    deadline = time.monotonic() + 60
    while "Sentence two of the edits." not in words and time.monotonic() < deadline:
        _, words = _download(word)
        assert words is not None, "a download was served that is not a whole Word file"
    assert "Sentence two of the edits." in words and "Sentence one" not in words
    assert wait_for(page, "Sentence two of the edits.", 30)
    assert "Sentence one" not in fetch(page)


def test_downloads_that_fail_after_the_pages_are_in_are_reported_and_the_old_kept(
        held_serve):
    src, base, _, fail, output = held_serve
    fragment = src / "prose" / "part_a" / "introduction.md"
    original = fragment.read_text()
    page, word = f"{base}/part-a.html", f"{base}/downloads/part-a.docx"
    assert wait_for(page, "We want every resident", 60)
    old = _download(word)
    fail.touch()
    _edit(fragment, original, "A sentence pandoc will not export.")
    assert wait_for(page, "A sentence pandoc will not export.", 30)
    deadline = time.monotonic() + 30
    while "pandoc was told to fail" not in output.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    said = output.read_text()
    assert "the downloads were not rebuilt" in said and "pandoc was told to fail" in said
    assert "Traceback" not in said
    assert _download(word) == old


def test_a_file_renamed_over_while_it_is_sent_is_sent_at_the_length_it_has(tmp_path):
    """A download replaced (renamed in whole) between the server opening it and saying its
    length is sent whole with its own length: MkDocs alone says the new file's."""
    from mkdocs.livereload import LiveReloadServer

    from generator.sites.serve import _live_reload_server

    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    download = site / "downloads" / "part-a.docx"
    download.write_bytes(b"the old file")
    opened = open

    def renamed_over(path, *args, **kwargs):
        file = opened(path, *args, **kwargs)
        if str(path) == str(download):
            (site / "new").write_bytes(b"the new file, longer")
            os.replace(site / "new", download)
        return file

    def sent(server):
        answers = []
        with mock.patch("builtins.open", renamed_over):
            body = b"".join(server.serve_request(
                {"PATH_INFO": "/downloads/part-a.docx"}, lambda *answer: answers.append(answer)))
        download.write_bytes(b"the old file")
        server.server_close()
        return body, dict(answers[0][1])["Content-Length"]

    settings = {"builder": lambda: None, "host": "127.0.0.1", "port": 0, "root": str(site)}
    assert sent(_live_reload_server(**settings)) == (b"the old file", "12")
    assert sent(LiveReloadServer(**settings))[1] == "20"  # what the wrapper puts right
