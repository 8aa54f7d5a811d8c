"""The only module that imports clingo.

It loads ``rules/autophagy.lp`` (with its ``#include``s), adds a companion
``support/4`` rule for every rule labelled ``%@ id`` (rule id, head, positive
body atoms, negated body atoms), passes the knowledge base and the query as
ground facts (clingo's own text of validated symbols, or through the backend;
never user text spliced into program text), solves, and returns the shown
atoms as plain Python values.  With a time limit the solve runs in a child
process killed at the deadline (``forked.py``).
"""

from __future__ import annotations

import re
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import clingo

if TYPE_CHECKING:  # clingo.ast is imported only when the rules are parsed (cache miss)
    from clingo import ast

from ..errors import ResourceLimitError, SolverTimeout
from ..knowledge.terms import Atom, Const, FactText, Fn, parse_term
from ..knowledge.paths import entry_encoding

SUPPORT = "support"


# ---------------------------------------------------------------- values


def to_symbol(value) -> clingo.Symbol:
    if isinstance(value, bool):
        raise TypeError("booleans are not ASP values")
    if isinstance(value, int):
        return clingo.Number(value)
    if isinstance(value, str):
        return clingo.String(value)
    if isinstance(value, Const):
        return clingo.Function(value.name)
    if isinstance(value, Fn):
        return clingo.Function(value.name, [to_symbol(a) for a in value.args])
    if isinstance(value, tuple):
        return clingo.Tuple_([to_symbol(a) for a in value])
    raise TypeError(f"cannot pass {type(value).__name__} to the solver")


def from_symbol(sym: clingo.Symbol):
    t = sym.type
    if t == clingo.SymbolType.Number:
        return sym.number
    if t == clingo.SymbolType.String:
        return sym.string
    if t == clingo.SymbolType.Function:
        if sym.negative:  # as parse_term: not in this encoding's vocabulary
            raise ValueError(f"classically negated term {sym}: not supported")
        args = tuple(from_symbol(a) for a in sym.arguments)
        if sym.name == "":
            return args
        if not args:
            return Const(sym.name)
        return Fn(sym.name, args)
    return Const(str(sym))


_PLAIN_CONST = re.compile(r"[a-z][A-Za-z0-9_]*\Z")


def _value_text(value) -> str:
    """clingo's text of the symbol of ``value`` (``str(to_symbol(value))``).

    The common values are rendered here, exactly as clingo renders them: an
    ASCII string without a backslash, a double quote or a newline (the only
    characters clingo escapes) inside double quotes, a 32-bit integer in decimal, a
    constant whose name is a plain identifier as that name.  Anything else is
    rendered by clingo itself.  A test checks both agree on every value of the
    bundled and a synthetic knowledge base, and on hostile strings.
    """
    t = type(value)
    if t is str:
        if value.isascii() and "\\" not in value and '"' not in value and "\n" not in value:
            return f'"{value}"'
    elif t is int:
        if -(2**31) <= value < 2**31:
            return str(value)
    elif t is Const and _PLAIN_CONST.match(value.name):
        return value.name
    return str(to_symbol(value))


def facts_text(atoms: Iterable[Atom]) -> FactText:
    """Ground facts as clingo text, one per line: clingo's own rendering of each atom.

    The text is what ``str(clingo.Symbol)`` gives for symbols built from
    validated values (strings quoted and escaped as clingo does, see
    ``_value_text``), so parsing it gives back exactly these atoms; it is what
    the knowledge-base cache stores.
    """
    strs: dict = {}  # identifiers recur across atoms: each is rendered once
    others: dict = {}
    lines = []
    add = lines.append
    for name, args in atoms:
        out = []
        for a in args:
            if type(a) is str:
                found = strs.get(a)
                if found is None:
                    found = strs[a] = _value_text(a)
            else:
                key = (type(a), a)
                found = others.get(key)
                if found is None:
                    found = others[key] = _value_text(a)
            out.append(found)
        add(f"{name}({','.join(out)}).\n" if out else f"{name}.\n")
    return FactText("".join(lines))


# ---------------------------------------------------------------- program


@dataclass(frozen=True)
class RuleInfo:
    """A labelled rule of the encoding."""

    id: str
    text: str
    file: str
    line: int


def _tuple(loc, terms: list) -> ast.AST:
    from clingo import ast

    return ast.Function(loc, "", terms, 0)


def _name_anonymous(placeholder: bool = False):
    """A transformer giving each anonymous variable a fresh name (or a placeholder)."""
    from clingo import ast

    class NameAnonymous(ast.Transformer):
        def __init__(self) -> None:
            self.count = 0

        def visit_Variable(self, node: ast.AST) -> ast.AST:
            if node.name != "_":
                return node
            if placeholder:
                return ast.SymbolicTerm(node.location, clingo.Function("anything"))
            self.count += 1
            return ast.Variable(node.location, f"AnonymousV{self.count}")

    return NameAnonymous()


_ANONYMOUS = re.compile(r"(?<![\w'])_(?![\w'])")  # a lone `_` in a term's text


def _has_anonymous(node: ast.AST) -> bool:
    """Whether the text of ``node`` may hold an anonymous variable (a quick test before a
    transformer walks it node by node; a `_` inside a string only costs the walk)."""
    return _ANONYMOUS.search(str(node)) is not None


def _named_body(rule: ast.AST) -> tuple[list, list, list]:
    """The rule's body with anonymous variables of positive literals named, and its
    positive and negated symbolic atoms (negated ones with a placeholder for ``_``)."""
    from clingo import ast

    namer = _name_anonymous()
    body, pos, neg = [], [], []
    for lit in rule.body:
        symbolic = lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type == ast.ASTType.SymbolicAtom
        if symbolic and lit.sign == ast.Sign.NoSign:
            if _has_anonymous(lit):
                lit = namer(lit)
            pos.append(lit.atom.symbol)
        elif symbolic and lit.sign == ast.Sign.Negation:
            sym = lit.atom.symbol
            neg.append(_name_anonymous(placeholder=True)(sym) if _has_anonymous(sym) else sym)
        body.append(lit)
    return body, pos, neg


def _support_rule(label: str, rule: ast.AST) -> ast.AST | None:
    from clingo import ast

    head = rule.head
    if head.ast_type != ast.ASTType.Literal or head.atom.ast_type != ast.ASTType.SymbolicAtom:
        return None
    loc = rule.location
    body, pos, neg = _named_body(rule)
    term = ast.Function(
        loc,
        SUPPORT,
        [ast.SymbolicTerm(loc, clingo.String(label)), head.atom.symbol, _tuple(loc, pos), _tuple(loc, neg)],
        0,
    )
    new_head = ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(term))
    return ast.Rule(loc, new_head, body)


VIOLATION = "violation"


@dataclass(frozen=True)
class Program:
    """The encoding as program text, in parts.

    ``base`` is every statement as written; ``support`` the companion
    support/4 rules (only needed for justification trees); ``constraints``
    the labelled integrity constraints; ``diagnostics`` the same constraints
    rewritten to derive violation(Label, (Atoms)) instead, to say which
    constraint and which facts make an input unsatisfiable.
    """

    base: str
    support: str
    constraints: str
    diagnostics: str
    rules: dict


def _violation_rule(label: str, rule: ast.AST) -> ast.AST:
    from clingo import ast

    loc = rule.location
    body, pos, _ = _named_body(rule)
    term = ast.Function(loc, VIOLATION, [ast.SymbolicTerm(loc, clingo.String(label)), _tuple(loc, pos)], 0)
    return ast.Rule(loc, ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(term)), body)


def _is_constraint(stm: ast.AST) -> bool:
    from clingo import ast

    return (
        stm.ast_type == ast.ASTType.Rule
        and stm.head.ast_type == ast.ASTType.Literal
        and stm.head.atom.ast_type == ast.ASTType.BooleanConstant
        and not stm.head.atom.value
    )


def _labelled(entry: str) -> list[tuple]:
    """(statement, label) for every statement of the encoding; a `%@ id` comment labels the next."""
    from clingo import ast

    out: list[tuple] = []
    pending: list[str | None] = [None]

    def collect(stm: ast.AST) -> None:
        if stm.ast_type == ast.ASTType.Comment:
            text = stm.value.strip()
            if text.startswith("%@"):
                pending[0] = text[2:].strip()
            return
        out.append((stm, pending[0]))
        pending[0] = None

    ast.parse_files([entry], collect)
    return out


def _parse_program(entry: str) -> Program:
    from clingo import ast

    parts: dict[str, list[str]] = {"base": [], "support": [], "constraints": [], "diagnostics": []}
    rules: dict[str, RuleInfo] = {}
    for stm, label in _labelled(entry):
        if stm.ast_type == ast.ASTType.Program:
            continue  # everything is in the base part
        if label and stm.ast_type == ast.ASTType.Rule:
            if label in rules:
                raise ValueError(f"rule label {label!r} is used twice")
            rules[label] = RuleInfo(
                label, str(stm), Path(stm.location.begin.filename).name, stm.location.begin.line
            )
            if _is_constraint(stm):
                parts["constraints"].append(str(stm))
                parts["diagnostics"].append(str(_violation_rule(label, stm)))
                continue
            companion = _support_rule(label, stm)
            if companion is not None:
                parts["support"].append(str(companion))
        parts["base"].append(str(stm))
    return Program(**{k: "\n".join(v) + "\n" for k, v in parts.items()}, rules=rules)


def _program_json(prog: Program) -> dict:
    return {
        "base": prog.base,
        "support": prog.support,
        "constraints": prog.constraints,
        "diagnostics": prog.diagnostics,
        "rules": {k: [r.text, r.file, r.line] for k, r in prog.rules.items()},
    }


_FORBIDDEN = ("#script", "#include", "#external", "#program")


def _program_from_json(obj) -> Program:
    """The Program of a cached JSON value; ValueError for anything unexpected."""
    texts = ("base", "support", "constraints", "diagnostics")
    if not (
        isinstance(obj, dict)
        and set(obj) == set(texts) | {"rules"}
        and all(isinstance(obj[t], str) for t in texts)
        and isinstance(obj["rules"], dict)
    ):
        raise ValueError("bad program")
    for t in texts:
        if any(word in obj[t] for word in _FORBIDDEN):
            raise ValueError("directive in cached program")
    try:  # signed yet not clingo's text: rebuilt, never a parse traceback later (clingo's own
        # parser, not clingo.ast, which the warm path never imports; nothing is grounded)
        clingo.Control(["--warn=none"], logger=lambda _c, _m: None).add(
            "base", [], "".join(obj[t] for t in texts)
        )
    except RuntimeError:
        raise ValueError("cached program does not parse") from None
    rules = {}
    for label, info in obj["rules"].items():
        if not (
            isinstance(info, list)
            and len(info) == 3
            and isinstance(info[0], str)
            and isinstance(info[1], str)
            and isinstance(info[2], int)
        ):
            raise ValueError("bad rule")
        rules[label] = RuleInfo(label, info[0], info[1], info[2])
    return Program(**{t: obj[t] for t in texts}, rules=rules)


@lru_cache(maxsize=8)
def load_program(entry: str) -> Program:
    """The encoding at ``entry``; the bundled one is cached on disk between calls (as JSON)."""
    from ..knowledge import cache

    # the bundled encoding only; by content, not by where it is (the rules' text is clingo's
    # own printing of them)
    files = sorted(Path(entry).parent.glob("*.lp")) if Path(entry) == entry_encoding() else None
    return cache.cached_or_built(
        "rules",
        files,
        lambda: _program_json(_parse_program(entry)),
        _program_from_json,
        Path(entry).name,
        clingo.__version__,
    )


@dataclass(frozen=True)
class Statement:
    """One rule of the encoding (labelled or not; facts and constraints included)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    label: str | None


def rule_statements(entry: Path | None = None) -> list[Statement]:
    """Every rule statement of the encoding, in file order (for mutation testing)."""
    from clingo import ast

    return [
        Statement(
            Path(stm.location.begin.filename).name,
            stm.location.begin.line,
            stm.location.begin.column,
            stm.location.end.line,
            stm.location.end.column,
            str(stm),
            label,
        )
        for stm, label in _labelled(str(entry or entry_encoding()))
        if stm.ast_type == ast.ASTType.Rule
    ]


def rule_table(entry: Path | None = None) -> dict[str, RuleInfo]:
    """Labelled rules of the encoding, by id."""
    return load_program(str(entry or entry_encoding())).rules


# ---------------------------------------------------------------- solving


@dataclass
class Answer:
    """Shown atoms of the (unique) stable model, grouped by predicate."""

    atoms: dict[str, list[tuple]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def get(self, predicate: str) -> list[tuple]:
        return self.atoms.get(predicate, [])

    def rows(self, predicate: str, first, second) -> tuple[tuple, ...]:
        """The atoms of ``predicate`` whose first two arguments are ``first`` and ``second``
        (a disease and a view), in ``get``'s order; indexed once per predicate (an answer's
        atoms are not changed after it is read)."""
        index = self._index.get(predicate)
        if index is None:
            groups: dict[tuple, list] = {}
            for row in self.get(predicate):
                if len(row) >= 2:
                    groups.setdefault((row[0], row[1]), []).append(row)
            index = self._index[predicate] = {k: tuple(v) for k, v in groups.items()}
        return index.get((first, second), ())


class Unsatisfiable(Exception):
    """No stable model: ``violations`` lists (constraint label, ground body atoms)."""

    def __init__(self, violations: list[tuple[str, list[tuple]]]):
        super().__init__(violations)
        self.violations = violations


def _control(messages: list[str]) -> clingo.Control:
    def logger(code: clingo.MessageCode, msg: str) -> None:
        messages.append(" ".join(msg.split()))

    return clingo.Control(["--warn=all"], logger=logger, message_limit=100)


def _add_atoms(ctl: clingo.Control, atoms) -> None:
    """Pass input facts: clingo fact text (parsed by clingo in bulk) or atoms (the backend)."""
    if isinstance(atoms, FactText):
        ctl.add("base", [], atoms)
        return
    add_symbols(ctl, to_symbols(atoms))


def to_symbols(atoms: Iterable[Atom]) -> Iterator[clingo.Symbol]:
    """Atoms as clingo symbols; identifiers recur across atoms: each value is converted once."""
    cache: dict = {}

    def sym(value) -> clingo.Symbol:
        key = (type(value), value)
        found = cache.get(key)
        if found is None:
            found = cache[key] = to_symbol(value)
        return found

    fn = clingo.Function
    for name, args in atoms:
        yield fn(name, [sym(a) for a in args])


def add_symbols(ctl: clingo.Control, symbols: Iterable[clingo.Symbol]) -> None:
    """Ground facts through the backend (never program text)."""
    with ctl.backend() as backend:
        add_atom, add_rule = backend.add_atom, backend.add_rule
        for s in symbols:
            add_rule([add_atom(s)])


def add_facts(ctl: clingo.Control, facts, query: Iterable[Atom]) -> None:
    if isinstance(facts, FactText):
        _add_atoms(ctl, facts)
        _add_atoms(ctl, list(query))
    else:
        _add_atoms(ctl, list(facts) + list(query))


#: The Python value of a symbol from its clingo text (what ``from_symbol`` returns).
#: Reading ``str(symbol)`` once is much faster than walking a symbol through
#: clingo's C API term by term; tests check both agree on every shown atom.
parse_symbol = parse_term


def group_atoms(texts: Iterable) -> dict[str, list[tuple]]:
    """Shown atoms (symbols or their clingo text) grouped by predicate, each group in the
    order of the atoms' text (a total order that does not depend on the order of the input)."""
    grouped: dict[str, list[tuple]] = {}
    for text in sorted(str(t) for t in texts):
        value = parse_symbol(text)
        if isinstance(value, Fn):
            grouped.setdefault(value.name, []).append(value.args)
        else:
            grouped.setdefault(value.name, []).append(())
    return grouped


def solve_control(
    ctl: clingo.Control, deadline: float | None, timeout: float | None, shown: bool = True
) -> list[clingo.Symbol] | None:
    """Solve a grounded control within the deadline; the last model's atoms, or None."""
    models: list[list[clingo.Symbol]] = []

    def on_model(model: clingo.Model) -> None:
        models.append(model.symbols(shown=True) if shown else model.symbols(atoms=True))

    result = run_control(ctl, on_model, deadline, timeout)
    if result.unsatisfiable or not models:
        return None
    return models[-1]


def run_control(
    ctl: clingo.Control, on_model: Callable, deadline: float | None, timeout: float | None
) -> clingo.SolveResult:
    """Solve a grounded control, models to ``on_model``, within the deadline."""
    if deadline is None:  # no limit: solve in this thread (no solver thread to start)
        return ctl.solve(on_model=on_model)
    left = deadline - time.monotonic()
    if left <= 0:
        raise SolverTimeout(timeout or 0)
    with ctl.solve(on_model=on_model, async_=True) as handle:
        if not handle.wait(left):
            handle.cancel()
            raise SolverTimeout(timeout or 0)
        return handle.get()


def deadline_of(timeout: float | None) -> float | None:
    """When a solve with ``timeout`` must end: no later than the command's own deadline
    (``--timeout`` bounds the whole command, ``deadline.py``)."""
    from . import deadline

    return deadline.cap(None if timeout is None else time.monotonic() + timeout)


def scope(facts, query: Iterable[Atom], entry: Path | None = None, timeout: float | None = None) -> list[str]:
    """Diseases whose studies a query can use: rules/scope.lp over the disease facts.

    Runs in-process: its program is small and its input is the disease
    records only (bounded by the input size limit).
    """
    deadline = deadline_of(timeout)
    ctl = _control([])
    ctl.load(str(Path(entry or entry_encoding()).parent / "scope.lp"))
    add_facts(ctl, facts, query)
    ctl.ground([("base", [])])
    if deadline is not None and deadline <= time.monotonic():
        raise SolverTimeout(timeout or 0)
    model = solve_control(ctl, None, None, shown=False) or []  # small: no solver thread needed
    return sorted(s.arguments[0].string for s in model if s.name == "scope" and len(s.arguments) == 1)


def solve(
    facts,
    query: Iterable[Atom] = (),
    timeout: float | None = None,
    entry: Path | None = None,
    program: str | None = None,
    support: bool = True,
) -> Answer:
    """Ground and solve the encoding (or ``program``, for tests) over ``facts`` + ``query``.

    ``facts`` is clingo fact text (``FactText``, from the knowledge-base
    cache) or a list of atoms.  ``program`` is only for hand-written test
    encodings; user input always goes through ``facts``/``query`` as symbols.
    ``support=False`` leaves out the support/4 companions (no justification
    trees).  ``timeout`` bounds grounding and solving together: the work runs
    in a child process killed at the deadline (``forked.py``), so the call
    returns within the limit plus a small constant whatever the input; with
    no timeout the solve runs in this process.  Raises ``Unsatisfiable``
    naming the violated constraints, ``SolverTimeout`` and
    ``ResourceLimitError`` (out of memory under ``--max-memory``).
    """
    deadline = deadline_of(timeout)
    query = list(query)
    prog = None
    if program is None:
        prog = load_program(str(entry or entry_encoding()))  # before forking: the child shares it
    if deadline is not None:
        from . import forked
        from .timed_solve import solve_in_child

        if forked.available():
            return solve_in_child(facts, query, deadline, timeout, prog, program, support)
    try:
        with _interruptible():
            texts, messages = ground_and_solve(facts, query, deadline, timeout, prog, program, support)
    except MemoryError:
        raise ResourceLimitError() from None
    return Answer(atoms=group_atoms(texts), messages=messages)


@contextmanager
def _interruptible():
    """Ctrl-C ends the process at once while clingo grounds in this process.

    Python sees a signal only between bytecodes, and grounding is one long C++
    call; with the default action the process ends by SIGINT (status 130 in a
    shell).  Nothing is being written at this point: output comes after.
    """
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_DFL)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def ground_and_solve(
    facts,
    query: list[Atom],
    deadline: float | None,
    timeout: float | None,
    prog: Program | None,
    program: str | None,
    support: bool,
) -> tuple[list[str], list[str]]:
    """(text of each shown atom, clingo's messages); raises Unsatisfiable or SolverTimeout."""
    messages: list[str] = []
    ctl = _control(messages)
    if prog is not None:
        ctl.add("base", [], prog.base + (prog.support if support else "") + prog.constraints)
    else:
        ctl.add("base", [], program)
    add_facts(ctl, facts, query)
    ctl.ground([("base", [])])
    model = solve_control(ctl, deadline, timeout)
    if model is None:
        raise Unsatisfiable(_diagnose(prog, facts, query) if prog else [])
    return [str(sym) for sym in model], messages


def _diagnose(prog: Program, facts, query: list[Atom]) -> list[tuple[str, list[tuple]]]:
    """Which labelled constraints the facts violate, with the ground atoms of each."""
    ctl = _control([])
    ctl.add("base", [], prog.base + prog.diagnostics + f"#show {VIOLATION}/2.\n")
    add_facts(ctl, facts, query)
    ctl.ground([("base", [])])
    model = solve_control(ctl, None, None) or []
    out = []
    for sym in sorted(model):
        if sym.name == VIOLATION:
            label, atoms = from_symbol(sym.arguments[0]), from_symbol(sym.arguments[1])
            out.append((label, [(a.name, a.args) if isinstance(a, Fn) else (a.name, ()) for a in atoms]))
    return out


# ---------------------------------------------------------------- moved names

#: Names of this module that moved to their own modules, still importable from here.
MOVED = {
    "OBSERVE": "repairs",
    "REPAIR_ATOMS": "repairs",
    "MAX_CORRECTION_SETS": "repairs",
    "Observed": "repairs",
    "observe": "repairs",
    "classify": "repairs",
    "Optimum": "optimum",
    "optimise": "optimum",
    "minimal_changes": "optimum",
}


def __getattr__(name: str):
    """The observation repairs (``reasoning.repairs``) and the optimisation searches
    (``reasoning.optimum``), under their former names here."""
    if name in MOVED:
        from importlib import import_module

        return getattr(import_module(f"{__package__}.{MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
