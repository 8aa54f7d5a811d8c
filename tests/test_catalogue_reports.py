"""One wording catalogue (issue 23, item 3): the report templates do layout only.

Every word a reader sees in the suggest/explain reports (text, Markdown, HTML), the report
index and the partials they share comes from rules/sentences.yaml through ``say()`` or
``label()``; every key a template asks for is in the catalogue; and no phrase of the
catalogue is dead (unused by every template and module).
"""

import re
from pathlib import Path

import pytest

from reasoner.knowledge import catalogue
from reasoner.knowledge.paths import templates_dir

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = templates_dir()

#: The templates whose words are all in the catalogue (the report views and their partials).
CONVERTED = sorted(
    [f"{view}.{ext}.j2" for view in ("suggestion", "explanation") for ext in ("txt", "md", "html")]
    + ["index.html.j2", "_paper.j2", "_paper.html.j2", "_script.html.j2", "_style.html.j2"]
    + [f"_{part}.{ext}.j2" for part in ("caveats", "macros", "whatif") for ext in ("txt", "md", "html")]
)

#: Attributes whose values a reader sees (hover titles, screen readers, empty fields).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def reader_text(source: str) -> str:
    """What of a template's source reaches a reader as written: the text outside jinja2 tags,
    outside <script>/<style>, outside HTML tags except the values of READ_ATTRIBUTES, and
    without link targets (Markdown ``](...)``, ``href``)."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    attrs = re.findall(r'\b(?:%s)="([^"]*)"' % "|".join(READ_ATTRIBUTES), text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return " ".join([text, *attrs])


def phrases_in_tags(source: str) -> list[str]:
    """String literals inside jinja2 tags that read as English: a word followed by a space
    ("not given", "PMID "); a one-word literal is a code the template compares with
    ("induce", "stage_model") or a class name (" user")."""
    tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", re.sub(r"\{#.*?#\}", " ", source, flags=re.S), flags=re.S)
    found = []
    for tag in tags:
        found += [lit for lit in re.findall(r'"([^"]*)"|\'([^\']*)\'', tag) for lit in lit if lit]
    return [lit for lit in found if re.search(r"[A-Za-z]{2,}\s", lit)]


def words_in(source: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", reader_text(source)) + phrases_in_tags(source)


def test_the_scanner_finds_english_outside_say():
    """The check below can fail: English in text, in a title or in Markdown is found; tags,
    jinja2 expressions, scripts and link targets are not."""
    assert words_in('<p title="record {{ x }}">{{ say("a.b") }}</p>') == ["record"]
    assert words_in("## Candidates\n{% for c in r %}{{ c.id }}{% endfor %}") == ["Candidates"]
    assert words_in('<a href="https://doi.org/x">{{ say("k") }}</a><script>var a;</script>') == []
    assert words_in("[[{{ x }}]](#ref-{{ x }}) {# a comment #}") == []
    assert words_in('{{ r.stage or "not given" }}{% if x == "induce" %}') == ["not given"]
    assert words_in("{{ ('PMID ' ~ ref.pmid) }}") == ["PMID "]


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_templates_hold_no_english(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert words_in(source) == [], f"{name}: words outside say()/label(); put them in rules/sentences.yaml"


def template_keys(source: str) -> set[str]:
    """The catalogue keys a template asks for: say("k") / label("kind", ...) literals, and
    ``P ~ "k"`` where the template sets ``P`` to a key prefix."""
    keys = set(re.findall(r'"((?:phrases|labels|summaries|whatif|words|values|warnings)\.[\w.]+)"', source))
    keys |= {f"labels.{k}" for k in re.findall(r'\blabel\(\s*"(\w+)"', source)}
    for var, prefix in re.findall(r'\{%-?\s*set\s+(\w+)\s*=\s*"([\w.]+\.)"\s*-?%\}', source):
        keys |= {prefix + k for k in re.findall(r"\b%s\s*~\s*\"(\w+)\"" % var, source)}
    keys.discard("")
    return {k for k in keys if not k.endswith(".")}


def test_every_key_a_template_asks_for_is_in_the_catalogue():
    missing = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        for key in sorted(template_keys(path.read_text(encoding="utf-8"))):
            try:
                catalogue.entry(key)
            except KeyError:
                missing.append(f"{path.name}: {key}")
    assert missing == []


def test_template_keys_are_found():
    src = (
        '{% set P = "phrases.suggestion." %}{{ say(P ~ "stage") }}{{ label("role", x) }}'
        '{{ say("phrases.common.none") }}'
    )
    assert template_keys(src) == {"phrases.suggestion.stage", "labels.role", "phrases.common.none"}


def leaves(node, prefix):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, f"{prefix}.{k}")
    else:
        yield prefix


def test_no_phrase_is_dead():
    """Every phrase is asked for by a template or a module: by its whole key, or by its
    last part in a file that names its section (``P ~ "stage"``, ``f"{SAY}score_note"``)."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.j2"))]
    sources += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "reasoner").rglob("*.py"))]
    dead = []
    for key in leaves(catalogue.entry("phrases"), "phrases"):
        section, leaf = key.rsplit(".", 1)
        if not any(
            key in s or (section + "." in s and re.search(r'["}]%s"' % re.escape(leaf), s)) for s in sources
        ):
            dead.append(key)
    assert dead == []
