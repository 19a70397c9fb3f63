"""Say only what the source says: sources of other shapes build every output, and no output
states a fact its source does not hold (issue 9)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, MINIMAL

from generator.cli.policy import main
from generator.letters.documents import document_text, render, template_path
from generator.letters.letter_check import sample_case
from generator.letters.letter_context import letter_context
from generator.sites.build import build
from generator.source.read import read_policy

AS_OF = dt.date(2026, 1, 15)
NEW_FIXTURES = ["scottish", "joint_renewal", "commission"]


def page_text(path: Path) -> str:
    """The words a reader sees on a built page (its article, not the theme's scripts)."""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    body = page.select_one("article") or page.body
    words = " ".join(body.get_text(" ").split())
    return re.sub(r"\( ", "(", re.sub(r" ([.,;:)])", r"\1", words))  # tags are not spaces


def letter_text(policy, source: Path, letter_id: str, case) -> str:
    data = render(template_path(policy, letter_id),
                  letter_context(policy, letter_id, case), "t", "a", policy.policy.reference_day)
    return document_text(docx.Document(io.BytesIO(data)))


def docx_words(path: Path) -> str:
    return " ".join(document_text(docx.Document(str(path))).split())


@pytest.fixture(scope="module", params=NEW_FIXTURES)
def site(request, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(request.param) / "site"
    build(FIXTURES / request.param, out, as_of=AS_OF)
    return request.param, out


def test_each_new_fixture_checks_and_builds_every_output(site, capsys):
    name, out = site
    assert main(["check", str(FIXTURES / name), "--as-of", str(AS_OF)]) == 0
    for audience in ("public", "internal"):
        assert (out / audience / "index.html").exists()
        for export in ("part-a.docx", "part-a.odt", "part-a.html", "part-a.pdf"):
            assert (out / audience / "downloads" / export).stat().st_size > 0
    policy = read_policy(FIXTURES / name)
    for letter_id in policy.letters:
        assert docx_words(out / "internal" / "downloads" / f"{letter_id}.docx")


def test_no_page_has_an_id_twice(site):
    _, out = site
    for page in (out / "public").rglob("*.html"):
        ids = Counter(tag["id"] for tag in BeautifulSoup(page.read_text(), "html.parser")
                      .find_all(id=True))
        assert not [i for i, n in ids.items() if n > 1], page


def test_scottish_ombudsman_only_after_the_complaints_procedure(tmp_path):
    out = tmp_path / "site"
    build(FIXTURES / "scottish", out, as_of=AS_OF, pdf=False)
    text = page_text(out / "public" / "index.html")
    assert ("You can ask the Scottish Public Services Ombudsman to look into it once you have "
            "been through every stage of our complaints procedure.") in text
    # the policy gives the review no window, receiver or writing rule: Part A states none
    assert "You may appeal. Your appeal is decided by the Senior Manager" in text
    assert "within" not in text.split("Asking for a review")[1]
    assert "in writing" not in text and "Send it to" not in text


def test_joint_renewal_pages_state_registers_calendar_and_renewals(tmp_path):
    out = tmp_path / "site"
    build(FIXTURES / "joint_renewal", out, as_of=AS_OF, pdf=False)
    stage = page_text(out / "internal" / "stages" / "restricted.html")
    assert "staff warning register (kept by the Head of Service)" in stage
    assert "health and safety system (kept by the Health and Safety Officer)" in stage
    assert "(May and November)" in stage
    assert "Renew for a further 6 months" in stage
    assert "(only when: the customer agrees in writing to stop the conduct)" in stage
    assert "Reimpose (at once, without the earlier stages)" in stage
    assert "Head of Service and Monitoring Officer (jointly)" in stage
    assert "Replies by post only" in stage and " us " in stage
    timescales = page_text(out / "internal" / "timescales.html")
    assert "all restrictions are reviewed together twice a year (May and November)" in timescales
    assert "A limit on new issues Renewed for 6 months" in timescales  # applies to, what, period
    measures = page_text(out / "internal" / "measures.html")
    assert "may be renewed for 6 months at a time; renewed at most once" in measures
    protocol = page_text(out / "internal" / "protocols" / "ending_calls.html")
    assert "Warnings first: 1. Tell the caller" in protocol
    assert "Warnings before acting" not in protocol
    public = BeautifulSoup((out / "public" / "index.html").read_text(), "html.parser")
    # the owner's own section id "appeals" stays theirs; the generated section takes another
    assert public.find(id="appeals").get_text(strip=True) == "Appeals"
    generated = public.find(id="review-and-ombudsman")
    assert generated.get_text(strip=True) == "Going to the ombudsman"
    # the owner's prose states the appeal, so the generated section does not repeat it
    assert "You may appeal" not in page_text(out / "public" / "index.html")


def test_commission_names_itself_and_states_no_appeal(tmp_path):
    out = tmp_path / "site"
    build(FIXTURES / "commission", out, as_of=AS_OF, pdf=False)
    public = page_text(out / "public" / "index.html")
    assert "Like every public body, the Commission serves" in public
    for unsaid in ("appeal", "ombudsman", "review", "council", "Council", "version"):
        assert unsaid not in public, unsaid
    control = page_text(out / "internal" / "document-control.html")
    assert "Commission Example Heritage Commission" in control


SPARSE = FIXTURES / "unsaid"
#: What the sparse source never says, as it would be printed if an output invented it.
INVENTED = re.compile(r"appeal|ombudsman|\bemail\b|\bscope\b|in writing|reviewed by|"
                      r"review is carried out|service area|\bversion \d|published \d|"
                      r"next review|owned by|acts on", re.IGNORECASE)


def test_a_sparse_source_states_nothing_it_lacks(tmp_path, capsys):
    out = tmp_path / "site"
    build(SPARSE, out, as_of=AS_OF)
    texts = {str(page): page_text(page) for page in out.rglob("*.html")
             if "downloads" not in page.parts and page.name != "404.html"}
    for folder in ("public", "internal"):
        texts[f"{folder} export"] = docx_words(out / folder / "downloads" / "part-a.docx")
        texts[f"{folder} html export"] = page_text(out / folder / "downloads" / "part-a.html")
    texts["fill-in letter"] = docx_words(out / "internal" / "downloads" / "warning_letter.docx")
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump({
        "reference": "S/1", "customer_name": "Mx Sample", "address": ["1 Road", "Town", "SW1A 2AA"],
        "behaviours": ["rude"], "stage": "warned",
        "measures": {"set_times": {"scope": "council", "duration": "3 months"}},
        "signatories": [{"name": "Sam Manager", "role": "manager"}],
        "letter_date": "2026-01-12"}))
    assert main(["letter", "warning_letter", "--case", str(case), "--source", str(SPARSE),
                 "--out", str(tmp_path / "letters"), "--no-pdf"]) == 0, capsys.readouterr().err
    texts["case letter"] = docx_words(tmp_path / "letters" / "S-1_warning_letter.docx")
    found = {where: INVENTED.findall(text) for where, text in texts.items()}
    assert {where: words for where, words in found.items() if words} == {}
    assert "Set times for calls" in texts["case letter"]


def test_check_notes_what_the_public_policy_will_not_say(capsys):
    assert main(["check", str(SPARSE), "--as-of", str(AS_OF)]) == 0
    err = capsys.readouterr().err
    assert (f"note: {SPARSE}/rights.yaml:1: rights: the published policy will not say whether "
            "or how a customer can challenge a decision") in err
    assert f"note: {SPARSE}/policy.yaml:1: policy: the published policy will not say which " \
           "version it is; add version:, if the policy says it" in err


def test_scottish_check_notes_each_unstated_appeal_fact(capsys):
    assert main(["check", str(FIXTURES / "scottish"), "--as-of", str(AS_OF)]) == 0
    err = capsys.readouterr().err
    where = f"note: {FIXTURES / 'scottish'}/rights.yaml:4: rights.appeals.look_again: the " \
            "published policy will not say"
    for gap in ("how long the customer has to appeal", "where to send an appeal",
                "whether an appeal must be in writing"):
        assert f"{where} {gap}" in err


def test_a_letter_that_gives_an_appeal_deadline_needs_the_window(source_copy, capsys):
    src = source_copy(edits=[("rights.yaml", "    window_from: letter\n", "")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/letters.yaml:8: letters.warning_letter.must_state.2: the letter must state "
            "'appeal_deadline' but its appeal rule does not say what the window counts from; "
            "add window_from:") in capsys.readouterr().err


def test_a_letter_offers_the_appeal_when_the_source_says_nowhere_to_send_it(source_copy,
                                                                            capsys, tmp_path):
    src = source_copy(edits=[("rights.yaml", "    to: appeals_officer\n", ""),
                             ("rights.yaml", "    address: [Appeals Officer, Town Hall, "
                              "Testham, TE1 1AA]\n", ""),
                             ("prose/overview.md", "Appeals go to the "
                              "{{ rights.appeals.warning_appeal.to }} within", "Appeal within")])
    assert main(["check", str(src)]) == 0
    assert (f"note: {src}/rights.yaml:2: rights.appeals.warning_appeal: the published policy "
            "will not say where to send an appeal; add to: (a role) or address:, if the policy "
            "says it") in capsys.readouterr().err
    policy = read_policy(src)
    text = letter_text(policy, src, "warning_letter", sample_case(policy, "warning_letter"))
    assert "You may appeal within 15 working days of the date of our letter. The last day to " \
           "appeal is" in text
    assert "Send it to" not in text and "send your appeal to" not in text


def test_misspelt_role_in_a_joint_decision_is_a_message_not_a_traceback(source_copy, capsys):
    src = source_copy(edits=[("decisions.yaml", "taken_by: [head_of_service, monitoring_officer]",
                              "taken_by: [head_of_servic, monitoring_officer]")])
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    assert (f"{src}/decisions.yaml:6: decisions.restriction.taken_by.0: unknown role "
            "'head_of_servic'; use one of: head_of_service, monitoring_officer, "
            "appeals_officer") in err
    assert "Traceback" not in err and "KeyError" not in err


def test_an_id_used_twice_on_a_page_is_reported(source_copy, capsys):
    src = source_copy(edits=[("prose/overview.md", "We may warn",
                              "## More { #overview }\n\nWe may warn")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/prose/overview.md:1: prose: the id 'overview' is used twice on the page of "
            "part 'a'") in capsys.readouterr().err


def test_a_protocol_warning_for_a_step_it_lacks_is_reported(source_copy, capsys):
    src = source_copy(edits=[("protocols.yaml", "  warnings: 1\n",
                              "  warnings: 1\n  warning_step: 3\n")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/protocols.yaml:7: protocols.ending_calls.warning_step: step 3 does not "
            "exist; the protocol has 0 steps") in capsys.readouterr().err


# --- older forms, `policy upgrade`, `policy new` -----------------------------------------

OLD_RIGHTS = """\
appeals:
  warning_appeal:
    against: [warning]
    window: 15 working days
    window_from: letter
    to: appeals_officer
    decision: appeal
    outcomes: [upheld, not upheld]
    address: [Appeals Officer, Town Hall, Testham, TE1 1AA]
# The ombudsman, as the format used to hold it.
ombudsman:
  name: Local Government and Social Care Ombudsman   # its current name
  url: https://www.lgo.org.uk
statutory_rights:
  - to receive services the law entitles them to
"""


@pytest.fixture
def old_source(source_copy) -> Path:
    src = source_copy()
    (src / "rights.yaml").write_text(OLD_RIGHTS)
    (src / "reviews.yaml").write_text("case_reviews: {}\ncentral_register: {kept_by: "
                                      "head_of_service, records: [each decision]}\n")
    (src / "prose" / "procedure.md").write_text(
        "Cases go on the register kept by the {{ reviews.central_register.kept_by }}; "
        "see {{ rights.ombudsman.name }}.\n")
    return src


def test_an_older_source_loads_with_a_warning_naming_the_new_form(old_source, capsys):
    policy = read_policy(old_source)
    assert [o.name for o in policy.rights.ombudsmen] == [
        "Local Government and Social Care Ombudsman"]
    assert policy.reviews.registers["central_register"].kept_by == "head_of_service"
    assert main(["check", str(old_source)]) == 0
    err = capsys.readouterr().err
    assert (f"warning: {old_source}/rights.yaml:11: ombudsman: an older form; write ombudsmen: "
            "[{name: ..., url: ..., applies_when: ...}], a list") in err
    assert f"warning: {old_source}/reviews.yaml:2: central_register: an older form" in err
    assert f"warning: {old_source}/prose/procedure.md: names facts by an older path" in err


def test_upgrade_rewrites_the_source_and_keeps_comments(old_source, capsys):
    before = read_policy(old_source)
    assert main(["upgrade", str(old_source)]) == 0
    rights = (old_source / "rights.yaml").read_text()
    assert ("# The ombudsman, as the format used to hold it.\nombudsmen:\n"
            "  - name: Local Government and Social Care Ombudsman   # its current name\n"
            "    url: https://www.lgo.org.uk\nstatutory_rights:") in rights
    assert "registers:\n  central_register: {kept_by: head_of_service" in \
        (old_source / "reviews.yaml").read_text()
    assert "{{ reviews.registers.central_register.kept_by }}; see " \
           "{{ rights.ombudsmen[0].name }}" in (old_source / "prose" / "procedure.md").read_text()
    after = read_policy(old_source)
    assert after.warnings == []
    assert after.rights == before.rights and after.reviews == before.reviews
    capsys.readouterr()
    assert main(["upgrade", str(old_source)]) == 0
    assert "already uses the current source format" in capsys.readouterr().out


def test_every_source_in_the_repository_is_upgraded():
    from conftest import SOURCES

    from generator.source.upgrade import upgraded_texts

    for source in [*SOURCES, *(p for p in FIXTURES.iterdir() if (p / "policy.yaml").exists())]:
        assert upgraded_texts(source) == {}, source
        assert read_policy(source).warnings == [], source


def test_new_source_is_neutral_valid_and_explained(tmp_path, capsys):
    folder = tmp_path / "mine"
    assert main(["new", str(folder), "--name", "Cyngor Example", "--nation", "wales"]) == 0
    assert main(["check", str(folder)]) == 0
    policy = read_policy(folder)
    assert policy.policy.council.name == "Cyngor Example"
    assert policy.policy.council.nation == "wales"
    assert not (policy.roles or policy.stages or policy.rights.ombudsmen or policy.letters)
    for path in folder.rglob("*"):
        if path.is_file():
            assert path.read_text().lstrip().startswith(("#", "{#")), path
    seeds = "".join(p.read_text() for p in (MINIMAL.parent.parent.parent / "policy_src")
                    .glob("*.yaml"))
    assert "Cheshire" in seeds and "Cheshire" not in "".join(
        p.read_text() for p in folder.rglob("*") if p.is_file())
    capsys.readouterr()
    assert main(["new", str(folder), "--name", "X", "--nation", "wales"]) == 1
    assert "the folder is not empty" in capsys.readouterr().err
    shutil.rmtree(folder)
    assert main(["new", str(folder), "--name", "X", "--nation", "mars"]) == 1
    assert "'mars' is not a nation" in capsys.readouterr().err


def test_a_one_line_ombudsman_upgrades_to_a_one_item_list(source_copy):
    src = source_copy()
    text = (src / "rights.yaml").read_text()
    block = text[text.index("ombudsmen:"):text.index("statutory_rights:")]
    (src / "rights.yaml").write_text(text.replace(
        block, "ombudsman: {name: Local Government and Social Care Ombudsman, "
               "url: https://www.lgo.org.uk}   # one line\n"))
    before = read_policy(src)
    assert main(["upgrade", str(src)]) == 0
    assert ("ombudsmen:\n  - {name: Local Government and Social Care Ombudsman, "
            "url: https://www.lgo.org.uk}   # one line\n") in (src / "rights.yaml").read_text()
    assert read_policy(src).rights == before.rights


def test_upgrade_writes_the_old_window_default_a_letter_relied_on(source_copy, capsys):
    src = source_copy(edits=[("rights.yaml", "    window_from: letter\n", "")])
    assert main(["check", str(src)]) == 1
    assert "`policy upgrade` writes the old default, letter" in capsys.readouterr().err
    assert main(["upgrade", str(src)]) == 0
    assert ("    window: 15 working days\n    window_from: letter   # the old default: check "
            "that your policy says so\n") in (src / "rights.yaml").read_text()
    assert main(["check", str(src)]) == 0
