"""The only module that imports clingo.

It loads ``rules/autophagy.lp`` (with its ``#include``s), adds a companion
``support/4`` rule for every rule labelled ``%@ id`` (rule id, head, positive
body atoms, negated body atoms), passes the knowledge base and the query as
ground atoms through clingo's backend (never as program text), solves, and
returns the shown atoms as plain Python values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import clingo
from clingo import ast

from .errors import SolverTimeout, UnsatisfiableError
from .kb import Atom, Const, Fn
from .paths import entry_encoding

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
        args = tuple(from_symbol(a) for a in sym.arguments)
        if sym.name == "":
            return args
        if not args:
            return Const(sym.name)
        return Fn(sym.name, args)
    return Const(str(sym))


# ---------------------------------------------------------------- program


@dataclass(frozen=True)
class RuleInfo:
    """A labelled rule of the encoding."""

    id: str
    text: str
    file: str
    line: int


def _tuple(loc, terms: list) -> ast.AST:
    return ast.Function(loc, "", terms, 0)


class _NameAnonymous(ast.Transformer):
    """Give each anonymous variable of a positive literal a fresh name (or a placeholder)."""

    def __init__(self, placeholder: bool = False):
        self.count = 0
        self.placeholder = placeholder

    def visit_Variable(self, node: ast.AST) -> ast.AST:
        if node.name != "_":
            return node
        if self.placeholder:
            return ast.SymbolicTerm(node.location, clingo.Function("anything"))
        self.count += 1
        return ast.Variable(node.location, f"AnonymousV{self.count}")


def _support_rule(label: str, rule: ast.AST) -> ast.AST | None:
    head = rule.head
    if head.ast_type != ast.ASTType.Literal or head.atom.ast_type != ast.ASTType.SymbolicAtom:
        return None
    loc = rule.location
    namer = _NameAnonymous()
    body, pos, neg = [], [], []
    for lit in rule.body:
        symbolic = lit.ast_type == ast.ASTType.Literal and \
            lit.atom.ast_type == ast.ASTType.SymbolicAtom
        if symbolic and lit.sign == ast.Sign.NoSign:
            lit = namer(lit)
            pos.append(lit.atom.symbol)
        elif symbolic and lit.sign == ast.Sign.Negation:
            neg.append(_NameAnonymous(placeholder=True)(lit.atom.symbol))
        body.append(lit)
    term = ast.Function(loc, SUPPORT, [ast.SymbolicTerm(loc, clingo.String(label)),
                                       head.atom.symbol, _tuple(loc, pos), _tuple(loc, neg)], 0)
    new_head = ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(term))
    return ast.Rule(loc, new_head, body)


@lru_cache(maxsize=4)
def _parse(entry: str) -> tuple[tuple, dict[str, RuleInfo]]:
    statements: list[ast.AST] = []
    rules: dict[str, RuleInfo] = {}
    pending: list[str | None] = [None]

    def collect(stm: ast.AST) -> None:
        if stm.ast_type == ast.ASTType.Comment:
            text = stm.value.strip()
            if text.startswith("%@"):
                pending[0] = text[2:].strip()
            return
        label, pending[0] = pending[0], None
        statements.append(stm)
        if label and stm.ast_type == ast.ASTType.Rule:
            if label in rules:
                raise ValueError(f"rule label {label!r} is used twice")
            rules[label] = RuleInfo(label, str(stm), Path(stm.location.begin.filename).name,
                                    stm.location.begin.line)
            companion = _support_rule(label, stm)
            if companion is not None:
                statements.append(companion)

    ast.parse_files([entry], collect)
    return tuple(statements), rules


def rule_table(entry: Path | None = None) -> dict[str, RuleInfo]:
    """Labelled rules of the encoding, by id."""
    return _parse(str(entry or entry_encoding()))[1]


# ---------------------------------------------------------------- solving


@dataclass
class Answer:
    """Shown atoms of the (unique) stable model, grouped by predicate."""

    atoms: dict[str, list[tuple]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def get(self, predicate: str) -> list[tuple]:
        return self.atoms.get(predicate, [])


def solve(facts: Iterable[Atom], query: Iterable[Atom] = (), timeout: float | None = None,
          entry: Path | None = None, program: str | None = None) -> Answer:
    """Ground and solve the encoding (or ``program``, for tests) over ``facts`` + ``query``.

    ``program`` is only for hand-written test encodings; user input always goes
    through ``facts``/``query`` as symbols.
    """
    messages: list[str] = []

    def logger(code: clingo.MessageCode, msg: str) -> None:
        messages.append(" ".join(msg.split()))

    ctl = clingo.Control(["--warn=all"], logger=logger, message_limit=100)
    if program is None:
        statements, _ = _parse(str(entry or entry_encoding()))
        with ast.ProgramBuilder(ctl) as builder:
            for stm in statements:
                builder.add(stm)
    else:
        ctl.add("base", [], program)
    with ctl.backend() as backend:
        for name, args in list(facts) + list(query):
            sym = clingo.Function(name, [to_symbol(a) for a in args])
            backend.add_rule([backend.add_atom(sym)])
    ctl.ground([("base", [])])

    answer = Answer(messages=messages)
    models: list[list[clingo.Symbol]] = []

    def on_model(model: clingo.Model) -> None:
        models.append(model.symbols(shown=True))

    with ctl.solve(on_model=on_model, async_=True) as handle:
        finished = handle.wait(timeout if timeout is not None else -1)
        if not finished:
            handle.cancel()
            raise SolverTimeout(timeout or 0)
        result = handle.get()
    if result.unsatisfiable or not models:
        raise UnsatisfiableError("an integrity constraint of the rules is violated")
    grouped: dict[str, list[tuple]] = {}
    for sym in sorted(models[-1]):
        grouped.setdefault(sym.name, []).append(tuple(from_symbol(a) for a in sym.arguments))
    answer.atoms = grouped
    return answer


