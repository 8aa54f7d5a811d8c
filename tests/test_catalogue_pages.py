"""Templates do layout only: the words of the plan, observation, impact, web, CDS and audit views
come from the wording catalogue (rules/sentences.yaml) through say()/label().

(a) After the jinja2 tags, the HTML tags and the code spans are taken out, no template of these
views holds an English word, and no string literal inside a jinja2 tag is English the reader sees
(a literal compared with a code, a template name or a catalogue key is not).
(b) Every catalogue key these templates ask for is in the catalogue, so no page fails at render
time on a word that is missing.
"""

import re
from pathlib import Path

import pytest

from reasoner.knowledge.catalogue import entry, label

TEMPLATES = Path(__file__).resolve().parent.parent / "reports" / "templates"
CONVERTED = sorted(
    [f"{view}.{fmt}.j2" for view in ("plan", "observation", "impact") for fmt in ("txt", "md", "html")]
    + ["_impact_words.j2", "_web_form.html.j2", "cds_card.md.j2", "cds_unmapped.md.j2", "judgements.txt.j2"]
    + [p.name for p in TEMPLATES.glob("web_*.html.j2")]
    + [p.name for p in TEMPLATES.glob("audit*.txt.j2")]
)

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
CODE = re.compile(r"<code>.*?</code>|<script\b.*?</script>|`[^`\n]*`", re.S)
TAG = re.compile(r"<[^>]*>")
ENTITY = re.compile(r"&#?\w+;")
# words a reader sees inside tags: hover titles, placeholders, labels for screen readers
ATTR_WORDS = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"{]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")
# a command-line option or a file of the project is code, not English ("--stage", "facts/observe.yaml")
OPTION = re.compile(r"(?:\bsuggest )?--[a-z][a-z-]*|\b[\w/]+\.yaml\b|(?<![\w/])/[\w./-]+")
# the only letters left outside the catalogue: the document type, the name of the program and the
# hash algorithm (names, not English the catalogue could word)
ALLOWED = {"DOCTYPE", "html", "reasoner", "sha"}

LITERAL = re.compile(
    r"""(?P<before>[\w.)\]]*\s*(?:==|!=|\bin|\bis|\(|,|=)?\s*)(?P<q>["'])(?P<text>(?:(?!(?P=q)).)*)(?P=q)"""
)
KEY_CALL = re.compile(r"""\b(say|label)\(\s*(["'])([^"']+)\2""")


def _text(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _outside_words(src: str) -> list[str]:
    attrs = [m.group(1) for m in ATTR_WORDS.finditer(JINJA.sub("", src))]
    text = OPTION.sub(" ", ENTITY.sub(" ", TAG.sub(" ", CODE.sub(" ", JINJA.sub(" ", src)))))
    return [w for w in WORD.findall(" ".join([text, *attrs])) if w not in ALLOWED]


def _reader_literals(src: str) -> list[str]:
    """String literals inside jinja2 tags that read as English: not a catalogue key, a template
    name, a code compared or looked up, an attribute name or a separator."""
    found = []
    for tag in JINJA.findall(src):
        if tag.startswith(("{% import", "{% from", "{% include", "{% extends", "{#")):
            continue
        for m in LITERAL.finditer(tag):
            text, before = m.group("text"), m.group("before").strip()
            if not WORD.search(OPTION.sub(" ", text)) or text.startswith("phrases."):
                continue
            if before.endswith("code(") or re.fullmatch(r" [a-z-]+", text) or text.startswith("\\"):
                continue  # a code span's text, a CSS class added to an element's classes, a TeX command
            if re.fullmatch(r"[a-z0-9_:.\-/]+", text) and (
                before.endswith(("==", "!=", "in", "is", "(", ","))
                or re.search(r"(label|get|selectattr|attribute|urlencode)\($", before)
            ):
                continue  # a code, a kind, a key or an attribute name
            found.append(text)
    return found


@pytest.mark.parametrize("name", CONVERTED)
def test_template_holds_no_english_outside_the_catalogue(name):
    src = _text(name)
    assert _outside_words(src) == [], f"{name}: words outside say()/label()"
    assert _reader_literals(src) == [], f"{name}: English string literals in jinja2 tags"


@pytest.mark.parametrize("name", CONVERTED)
def test_every_key_a_template_asks_for_is_in_the_catalogue(name):
    for fn, _, key in KEY_CALL.findall(_text(name)):
        if key.endswith("."):  # a key completed by a code (P ~ "side_is"): its section exists
            assert isinstance(entry(key[:-1]), dict), f"{name}: {key} is no section"
        elif fn == "label":
            entry(f"labels.{key}")  # the kind must exist (an unknown code then reads as itself)
        else:
            assert isinstance(entry(key), str), f"{name}: {key} is not a phrase"


def test_the_scan_finds_english_where_there_is_some():
    # the checks above cannot pass vacuously: a word outside the catalogue, an English literal
    # and a missing key are each caught
    assert _outside_words('<p title="hover me">{{ say("phrases.plan.title") }} Hello</p>') == [
        "Hello",
        "hover",
        "me",
    ]
    assert _reader_literals('{{ x or "none (no candidate)" }}{% if k == "no_disease" %}') == [
        "none (no candidate)"
    ]
    with pytest.raises(KeyError):
        entry("phrases.plan.no_such_phrase")


def test_every_view_is_scanned():
    assert len(CONVERTED) >= 25 and "web_answer.html.j2" in CONVERTED


# ---------------------------------------------------------------- the words a reader sees, served


@pytest.fixture(scope="module")
def app():
    pytest.importorskip("fastapi")
    from reasoner.server import create_app

    return create_app()


def _page(app, url):
    from _asgi import get

    status, _, html = get(app, url)
    assert status == 200, (url, html[:300])
    return html


def test_answer_page_words_role_basis_and_mechanism_as_the_report_does(app, run):
    # MI: the review gives autophagy opposite roles by stage (protective in ischaemia,
    # deleterious at reperfusion [68]), so the role is stage-dependent and the stages differ
    html = _page(app, "/answer?disease=MI")
    role = label("role", "stage_dependent")
    assert f'<strong title="stage_dependent">{role}</strong>' in html
    assert ">stage_dependent<" not in html
    assert f'<span title="basis: stages">{label("basis", "stages")}</span>' in html
    assert "</strong> (basis: stages)</td>" not in html
    # the CLI's HTML report says the same words for the same codes
    report = run("suggest", "--disease", "MI", "--format", "html").output
    assert role in report and label("basis", "stages") in report
    # an intervention's kind and a support's provenance and evidence level read as in the report
    assert (
        f'<span title="msc_exosome">{label("intervention", "msc_exosome")}</span>' in html
        and "· msc_exosome ·" not in html
    )
    assert "<li>same, " not in html and "(in_vivo)" not in html
    assert f"<li>{entry('labels.how.same')}, reported: " in html
    # the review reconciles MI's conflicting studies by the autophagy level: said in words
    assert (
        f'<span title="autophagy_level">reconciliation ({label("reconciliation", "autophagy_level")})' in html
        and "(autophagy_level)" not in html
    )
    # a study's mechanism status is worded; its code stays as the hover title
    html = _page(app, "/answer?disease=hepatic_IR&stage=reperfusion")
    assert f'<span title="consistent">{label("mechanism", "consistent")}</span>' in html
    assert ": consistent (plausible" not in html


@pytest.mark.parametrize(
    "url, status",
    [
        ("/explain?intervention=silence_atg5&disease=PD", "not_recommended"),
        ("/explain?intervention=block:mir_19a_3p&disease=PD", "hypothesis"),
        ("/explain?intervention=silence_atg5&disease=MI", "no_evidence"),
    ],
)
def test_explain_page_shows_no_raw_status_code(app, url, status):
    html = _page(app, url)
    assert f'<p title="{status}">' in html
    # the summary under the heading starts with the status in words; before, a bold raw code
    # ("not recommended", "no evidence", "hypothesis") preceded it
    assert f"<strong>{status.replace('_', ' ')}</strong>" not in html
    if "_" in status:  # a code that is no word: never in the page's visible text
        assert status not in re.sub(r"<[^>]*>", " ", html)


def test_observe_words_the_role_not_its_code(run, tmp_path):
    f = tmp_path / "obs.yaml"
    f.write_text("observations:\n  - {entity: miR-20a, change: up}\n", encoding="utf-8")
    out = run("observe", "--observations", f, "--disease", "MI").output
    assert f"calls autophagy {label('role', 'stage_dependent')}" in out
    assert "stage_dependent" not in out
