"""A code is worded by the catalogue, never by rewriting its spelling (issue 23, item 3).

``msc_exosome`` read as "msc exosome" where the catalogue says "MSC exosome", a stage-dependent
role read as "stage dependent", a flip's status read as its code with spaces: each came from
``.replace("_", " ")`` (or jinja2's ``|replace("_", " ")``) applied to a code in Python or in a
template. The scan below fails on any such rewrite in reasoner/ (Python, JavaScript) or
reports/templates/, so that a code is worded by ``label("kind", code)`` or ``say(...)`` of
rules/sentences.yaml, where a curator sees and fixes the words.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: ``replace("_", " ")`` with either quotes, and JavaScript's ``replace(/_/g, " ")``.
REWRITE = re.compile(r"""replace(?:All)?\(\s*(?:(['"])_\1|/_/g?)\s*,\s*(['"]) \2\s*\)""")

#: The places allowed to rewrite a code's spelling, with the reason.
ALLOWED = {
    # the one fallback for a code no catalogue entry words (label()'s default, an id-like
    # constant of a tree line): kept in one function so that every other place asks for it
    "reasoner/knowledge/catalogue.py": "code_words(): the one fallback for a code no entry words",
}


def rewrites(text: str) -> list[int]:
    """The line numbers of ``text`` that rewrite a code's underscores as spaces."""
    return [i for i, line in enumerate(text.splitlines(), 1) if REWRITE.search(line)]


def scanned() -> list[Path]:
    files = [p for p in (ROOT / "reasoner").rglob("*") if p.suffix in (".py", ".js", ".j2", ".html")]
    files += [p for p in (ROOT / "reports" / "templates").rglob("*") if p.is_file()]
    return sorted(files)


def test_no_code_is_worded_by_rewriting_its_underscores():
    found = {}
    for path in scanned():
        rel = path.relative_to(ROOT).as_posix()
        lines = rewrites(path.read_text(encoding="utf-8"))
        if lines and rel not in ALLOWED:
            found[rel] = lines
    assert found == {}, (
        'a code turned into words by replace("_", " "): word it with label("kind", code) or '
        "say(...) of rules/sentences.yaml (add the label kind there if it is missing)"
    )


def test_the_allowed_places_still_rewrite():
    # an allow-list entry that no longer rewrites is a stale excuse
    for rel in ALLOWED:
        assert rewrites((ROOT / rel).read_text(encoding="utf-8")), rel


def test_the_scan_finds_a_rewrite():
    # the scan cannot pass vacuously: each spelling of the habit is found, code and words are not
    assert rewrites('kind=w.kind.replace("_", " "),') == [1]
    assert rewrites("x\nkind = k.replace('_', ' ')") == [2]
    assert rewrites('{{ c.status|replace("_", " ") }}') == [1]
    assert rewrites('{{ s|replace( "_" , " " ) }}') == [1]
    assert rewrites('label.replace(/_/g, " ")') == [1]
    assert rewrites('s.replaceAll("_", " ")') == [1]
    assert rewrites('label("intervention", kind)') == []
    assert rewrites('name.replace("-", "_")') == []
    assert rewrites('x.replace("_", "")') == []
    assert len(scanned()) > 50  # reasoner/ and the templates are read
