"""Error lines are worded in the catalogue, never in Python (issue 23, item 3).

Every error or usage line a user reads is an entry of ``errors`` in rules/sentences.yaml; an
exception carries its code (the key) and arguments (reasoner/errors.py).  The scan below reads
every module of reasoner/ and fails on a ``raise`` of an error, or a click usage error, whose
arguments hold English written in Python: a string literal or f-string with words in it.
Codes (``"value.unknown"``, ``"not_found"``) hold no space and pass; words filled in by
``say``/``words``/``noun``/``label`` pass.  The exceptions below are internal: a user never
reads their text (they are caught and reported in other words, or they are a bug).
"""

import ast
import re
from pathlib import Path

import pytest

from reasoner.errors import FactsError, ReasonerError, UnknownValueError
from reasoner.knowledge.catalogue import entry

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reasoner"

#: Classes whose text a user never reads, with the reason (the scan skips their raises).
INTERNAL = {
    # a programming error: a bug report, never an input's error line
    "TypeError": "a bug (a value of a type no caller passes)",
    "KeyError": "a bug (a key the code asked for is missing: a catalogue key, a section)",
    "AttributeError": "the module and attribute protocol (__getattr__)",
    "AssertionError": "unreachable code",
    "RuntimeError": "the solver process died for no reason a user can act on (a bug report)",
    # caught and re-worded, or an integrity check of a cache file (rebuilt, never shown)
    "Corrupt": "a cache file that fails its check is rebuilt (knowledge/cache.py), never shown",
    "ChildFailed": "a forked solver's failure, turned into SolverTimeout/ResourceLimitError",
    "Unsatisfiable": "a solver result, worded by UnsatisfiableError",
    "_Bad": "an INDRA field of the wrong type, worded by FactsError (indra_field, indra_ref)",
}

#: ValueErrors a user does read: pydantic shows a validator's ValueError as the field's
#: problem of a facts file (FactsError ``facts.reported``).  Every other ValueError in
#: reasoner/ is caught and re-worded or marks a corrupt cache entry (listed per file).
VALUE_ERROR_INTERNAL = {
    "reasoner/knowledge/store.py": "a cached store that does not parse is rebuilt",
    "reasoner/reasoning/solver.py": "a cached program that does not parse is rebuilt; rule labels are the rules' own",
    "reasoner/impact.py": "a saved impact bundle that does not parse is refused by the caller's own words",
    "reasoner/check.py": "a cached conclusions file that does not parse is rebuilt",
    "reasoner/knowledge/changes.py": "a cached change space that does not parse is rebuilt",
    "reasoner/knowledge/index.py": "a cached index that does not parse is rebuilt",
    "reasoner/knowledge/catalogue.py": "the catalogue itself is broken (a bug, tests/test_catalogue*.py)",
    "reasoner/knowledge/terms.py": "a classically negated term in the rules (a bug)",
    "reasoner/reasoning/observation.py": "a primary-paper model check of curated data (a bug in facts/)",
    "reasoner/knowledge/expectations.py": "curated expectations of facts/ (a bug in facts/, tests/test_facts*.py)",
}

#: Calls whose words are the catalogue's: their arguments are not scanned.
WORDING = {"say", "words", "noun", "label"}
#: Click's usage errors, written by this program (click's own messages are click's).
CLICK = {"UsageError", "BadParameter", "ClickException", "Fail"}

#: Words in a string: a word beside a space (a code such as "value.unknown" has no space).
ENGLISH = re.compile(r"[A-Za-z]{2,}\s|\s[A-Za-z]{2,}")


def _name(func) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _english(node) -> list[str]:
    """The English text written in ``node`` (a call's argument), outside wording calls."""
    if isinstance(node, ast.Call) and _name(node.func) in WORDING:
        return []  # the catalogue's words, filled
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        inner = [t for v in node.values if isinstance(v, ast.FormattedValue) for t in _english(v.value)]
        return ([text] if ENGLISH.search(text) else []) + inner
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) and ENGLISH.search(node.value) else []
    return [t for child in ast.iter_child_nodes(node) for t in _english(child)]


def violations(source: str, rel: str) -> list[str]:
    """``file:line: Class(...)`` of every error raised (or click usage error made) with
    English written in Python."""
    out, seen = [], set()
    for node in ast.walk(ast.parse(source)):
        call = None
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
        elif isinstance(node, ast.Call) and _name(node.func) in CLICK:
            call = node
        if call is None or id(call) in seen:
            continue
        seen.add(id(call))
        cls = _name(call.func)
        if cls in INTERNAL or cls in WORDING:
            continue
        if cls == "ValueError" and rel in VALUE_ERROR_INTERNAL:
            continue
        if not (cls.endswith("Error") or cls in CLICK or cls in {"SolverTimeout", "DuplicateKey"}):
            continue
        text = [t for arg in [*call.args, *(k.value for k in call.keywords)] for t in _english(arg)]
        if text:
            out.append(f"{rel}:{call.lineno}: {cls}({text[0]!r})")
    return out


def sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_no_error_line_is_worded_in_python():
    found = [v for rel, src in sources() for v in violations(src, rel)]
    assert found == [], (
        "error words written in Python: give them a key under `errors` in rules/sentences.yaml"
    )


@pytest.mark.parametrize(
    "code",
    [
        'raise UnknownValueError("disease for a plan (it has no stages)", d, [])',
        'raise FactsError(path, f"cannot read file ({why})")',
        'raise Fail(f"{x} is a directory; give a file name", 2)',
        'raise click.UsageError("-q and -v cannot be used together")',
        'raise HookRequestError("the request body is not JSON") from None',
        'raise ValueError("quote: required unless provenance is background")',
        'raise OptionError("invalid --timeout " + shown)',
    ],
)
def test_the_scan_finds_english_in_a_raise(code):
    assert violations(code, "reasoner/somewhere.py") != []


@pytest.mark.parametrize(
    "code",
    [
        'raise UnknownValueError("plan_disease", d, [])',
        'raise FactsError(path, "cannot_read", why=why)',
        'raise ReasonerError("cli.give_disease")',
        'raise click.UsageError(words("cli.together", options=say("phrases.check.and").join(o)))',
        'raise HookRequestError(say("phrases.x.y", n=1))',
        'raise KeyError(f"{key!r} is not in the catalogue")',
        'raise OutputError(path, words("output.why.slash"))',
    ],
)
def test_the_scan_passes_codes_and_catalogue_words(code):
    assert violations(code, "reasoner/somewhere.py") == []


def _error_keys(node=None, prefix=""):
    node = entry("errors") if node is None else node
    for k, v in node.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from _error_keys(v, key + ".")
        else:
            yield key


def test_every_code_raised_is_in_the_catalogue():
    """A literal code given to a ReasonerError (or a FactsError's problem, a noun of
    ``errors.what``) names an entry of the catalogue: a typo is a test failure, not a
    KeyError in front of a user."""
    keys = set(_error_keys())
    # classes whose first argument is the code (their own __init__ is ReasonerError's)
    coded = {c.__name__ for c in _subclasses(ReasonerError) if "__init__" not in vars(c)} | {"ReasonerError"}
    nouns = {c.__name__ for c in _subclasses(UnknownValueError)}
    missing, checked = [], 0
    for rel, src in sources():
        wording = re.search(r"from \.+errors import [^\n]*\bwords\b", src) is not None
        for node in ast.walk(ast.parse(src)):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            cls, args = _name(node.func), node.args
            if cls in coded or cls in ("error_body",) or (cls == "words" and wording):
                prefix, first = "", args[0]
            elif cls == "FactsError" and len(args) > 1:
                prefix, first = "facts.", args[1]
            elif cls in nouns or cls in ("noun", "check_length", "resolve"):
                prefix, first = "what.", args[0]
            elif cls == "_plain" and len(args) > 2:
                prefix, first = "", args[2]
            else:
                continue
            if isinstance(first, ast.Tuple) and first.elts:
                first = first.elts[0]  # a noun with arguments: (key, {...})
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if cls == "resolve" and rel.endswith(("resolve.py",)):
                continue
            checked += 1
            if prefix + first.value not in keys:
                missing.append(f"{rel}:{node.lineno}: {prefix + first.value}")
    assert missing == [] and checked > 100


def _subclasses(cls):
    import reasoner.cli  # noqa: F401 - every module that defines an error class
    import reasoner.observe  # noqa: F401
    import reasoner.outputs  # noqa: F401

    try:
        import reasoner.server  # noqa: F401
    except ImportError:  # the web extra is not installed
        pass
    out, todo = set(), [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            out.add(sub)
            todo.append(sub)
    return out | {cls}


def test_no_error_words_are_dead():
    """Every entry of ``errors`` is asked for: its code (or last part, for a noun, a
    problem of a facts file or a reason an output cannot be written) is in a module."""
    text = "\n".join(src for _, src in sources())
    dead = [
        key
        for key in _error_keys()
        if f'"{key}"' not in text and f'"{key.rsplit(".", 1)[-1]}"' not in text and f'"{key}.' not in text
    ]
    assert dead == []


def test_an_error_carries_its_code_and_arguments():
    exc = UnknownValueError("reference_number", "97", [], valid_hint="1-96")
    assert (exc.code, exc.params) == (
        "value.unknown_valid",
        {"what": "reference number", "value": "'97'", "valid": "1-96"},
    )
    assert str(exc) == "unknown reference number '97'; valid: 1-96"
    assert exc.body() == {"error": str(exc), "code": "value.unknown_valid"}
    facts = FactsError("mine.yaml", "cannot_read", line=3, why="EIO: Input/output error")
    assert facts.code == "facts.cannot_read" and facts.params == {"why": "EIO: Input/output error"}
    assert str(facts) == "mine.yaml:3: cannot read file (EIO: Input/output error)"


def test_out_of_memory_is_worded_once():
    """The out-of-memory line (the solver's and the command line's own) is one entry."""
    out = [k for k in _error_keys() if "out of memory" in str(entry("errors." + k))]
    assert out == ["limits.out_of_memory", "limits.out_of_memory_detail"]


def test_the_value_error_allow_list_is_not_stale():
    """Each file excused above still raises a ValueError with words (else drop it)."""
    stale = []
    for rel in VALUE_ERROR_INTERNAL:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        if not any(
            isinstance(n, ast.Raise)
            and isinstance(n.exc, ast.Call)
            and _name(n.exc.func) == "ValueError"
            and any(_english(a) for a in n.exc.args)
            for n in ast.walk(tree)
        ):
            stale.append(rel)
    assert stale == []
