"""A prose loop that breaks the Markdown of the page it prints is caught by the build, with
each site engine."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from conftest import MINIMAL

from generator.cli.policy import main
from generator.sites.build import build

BEHAVIOURS = """\
abuse:
  name: Abuse
  definition: Abusive words or actions towards staff.
  examples: [swearing at staff, threats]
persistence:
  name: Persistence
  definition: Contact that goes on after an answer is final.
  examples: [daily calls]
"""
LOOP = """\
{% for behaviour in behaviours %}
**{{ behaviour.name }}.** {{ behaviour.definition }} For example:

{% for example in behaviour.examples %}
- {{ example }}
{% endfor %}
{% endfor %}
"""


def test_a_list_that_runs_into_the_next_entry_fails_the_build(source_copy, capsys, engine):
    src = source_copy(MINIMAL)
    (src / "behaviours.yaml").write_text(BEHAVIOURS)
    (src / "prose" / "overview.md").write_text("We name the conduct we act on.\n\n" + LOOP)
    assert main(["build", str(src), "--out", str(src.parent / "site"), "--no-pdf",
                 "--as-of", "2025-06-01", "--engine", engine]) == 1
    err = capsys.readouterr().err
    assert (f"{src}/prose/overview.md:3: prose: on index.html, the list item 'threats' "
            "(behaviours.abuse.examples.1) runs on into 'Persistence' "
            "(behaviours.persistence.name); leave a blank line after the list") in err
    assert not (src.parent / "site").exists()


def test_the_same_loop_with_a_blank_line_builds_each_entry_apart(source_copy, tmp_path,
                                                                  engine):
    src = source_copy(MINIMAL)
    (src / "behaviours.yaml").write_text(BEHAVIOURS)
    fixed = LOOP.replace("{% endfor %}\n{% endfor %}", "{% endfor %}\n\n{% endfor %}")
    (src / "prose" / "overview.md").write_text(fixed)
    build(src, tmp_path / "site", pdf=False, as_of=dt.date(2025, 6, 1), engine=engine)
    page = BeautifulSoup((tmp_path / "site" / "public" / "index.html").read_text(),
                         "html.parser")
    items = [li.get_text(" ", strip=True) for li in page.select("article li")]
    assert items[:3] == ["swearing at staff", "threats", "daily calls"]
