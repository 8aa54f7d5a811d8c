"""The map a newcomer reads: README.md's "How it is built" names every module and rule file,
and a rule input is made in three places that agree (issue 23, item 5 of the fresh-eyes
reading: "the rule inputs are not on the map", modules left off the layout list).
"""

import ast
import re
from pathlib import Path

from reasoner.knowledge.terms import ATOM_SECTION, SHARED_INPUT

ROOT = Path(__file__).resolve().parent.parent

#: Input predicates the question makes, not the records: ``reasoning/query.py`` (query,
#: query_state) and ``check.py`` (audit).
QUESTION_INPUTS = {"query", "query_state", "audit"}


def layout_section(readme: str) -> str:
    """README.md from "## How it is built" to the next top-level section."""
    start = readme.index("\n## How it is built\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def named(path: str, section: str) -> bool:
    """Whether ``path`` (e.g. ``reasoner/knowledge/store.py``) is named in ``section``: in
    backticks, whole (``reasoner/knowledge/store.py``), from a folder (``knowledge/store.py``)
    or by its file name in the list of its folder (``store.py``)."""
    spans = set(re.findall(r"`([^`\s]+)`", section))
    return any(path == s or path.endswith("/" + s) for s in spans)


def on_the_map() -> list[str]:
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "reasoner").rglob("*.py"))
    files = [f for f in files if not f.endswith("/__init__.py")]
    return files + sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").glob("*.lp"))


def test_every_module_and_rule_file_is_named_in_the_layout():
    section = layout_section((ROOT / "README.md").read_text(encoding="utf-8"))
    missing = [f for f in on_the_map() if not named(f, section)]
    assert missing == [], "name these in README.md, 'How it is built' (a few words each)"


def test_the_layout_names_no_module_that_is_gone():
    """A renamed or removed module is not left on the map under its old name."""
    section = layout_section((ROOT / "README.md").read_text(encoding="utf-8"))
    files = list(on_the_map())
    spans = {s for s in re.findall(r"`([^`\s]+)`", section) if re.fullmatch(r"[\w/]+\.(py|lp)", s)}
    # a path from the top (tests/..., hatch_build.py) or a module of reasoner/ or rules/
    gone = sorted(
        s for s in spans if not (ROOT / s).is_file() and not any(f == s or f.endswith("/" + s) for f in files)
    )
    assert gone == []


def test_the_map_check_fails_on_a_module_left_off():
    section = "- `reasoner/knowledge/`: `kb.py` loads records; `reasoning/forked.py` forks"
    assert named("reasoner/knowledge/kb.py", section)
    assert named("reasoner/reasoning/forked.py", section)
    assert not named("reasoner/knowledge/store.py", section)
    assert not named("reasoner/reasoning/deadline.py", "a deadline.py without backticks")


# ---------------------------------------------------------------- rule inputs


def declared_inputs(text: str) -> set[str]:
    """The predicates ``rules/input.lp`` declares (``#defined p/n.``)."""
    return set(re.findall(r"^#defined (\w+)/\d+\.", text, re.M))


def documented_inputs(text: str) -> set[str]:
    """The predicates named in the headers of its ``%*! ... *%`` documentation blocks."""
    heads = re.findall(r"^%\*!(.*)$", text, re.M)
    return {m for h in heads for m in re.findall(r"(\w+)(?:\(|\s|$)", h)}


def made_atoms(source: str) -> set[str]:
    """The predicates a module makes atoms of: every ``("name", (args...))`` pair in it."""
    return {
        n.elts[0].value
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Tuple)
        and len(n.elts) == 2
        and isinstance(n.elts[0], ast.Constant)
        and isinstance(n.elts[0].value, str)
        and isinstance(n.elts[1], ast.Tuple)
    }


def test_an_input_predicate_is_declared_documented_made_and_sectioned():
    """CONTRIBUTING's "adding an input predicate": a predicate of rules/input.lp is documented
    there, made from records by reasoner/knowledge/kb.py (or from the question), and named in
    ATOM_SECTION of reasoner/knowledge/terms.py (the record section its first argument names,
    which the trees' record lines and the store read), or in SHARED_INPUT; and nothing is made
    or sectioned that input.lp does not declare."""
    text = (ROOT / "rules/input.lp").read_text(encoding="utf-8")
    declared = declared_inputs(text)
    made = made_atoms((ROOT / "reasoner/knowledge/kb.py").read_text(encoding="utf-8"))
    sectioned = set(ATOM_SECTION) | SHARED_INPUT
    assert declared - documented_inputs(text) == set(), "document it in a %*! block of rules/input.lp"
    assert declared - QUESTION_INPUTS - made == set(), "declared in rules/input.lp, made by no record (kb.py)"
    assert made - declared == set(), "made by kb.py, not declared in rules/input.lp"
    assert made ^ sectioned == set(), "made by kb.py and the sections of terms.ATOM_SECTION differ"


def test_the_bundled_records_make_only_scanned_predicates(kb):
    """The scan above sees every way kb.py makes an atom: the atoms of the bundled records
    are all of predicates it found (a predicate built some other way would slip past it)."""
    from reasoner.knowledge.kb import to_atoms

    made = made_atoms((ROOT / "reasoner/knowledge/kb.py").read_text(encoding="utf-8"))
    produced = {a[0] for a in to_atoms(kb.kb)}
    assert produced <= made and len(produced) > 30


def test_the_input_checks_fail_on_a_predicate_in_one_place_only():
    source = 'def f(x):\n    out = [("study", (x,))]\n    out.append(("study_dose", (x, 1)))\n'
    assert made_atoms(source) == {"study", "study_dose"}
    lp = "%*! study(St)\nA study.\n*%\n#defined study/1.\n#defined study_dose/2.\n"
    assert declared_inputs(lp) == {"study", "study_dose"}
    assert declared_inputs(lp) - documented_inputs(lp) == {"study_dose"}
