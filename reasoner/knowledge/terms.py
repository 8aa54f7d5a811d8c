"""ASP values as plain Python: what the solver module turns into clingo symbols.

Kept free of heavy imports so the hot path (a cached knowledge base and one
solve) never needs pydantic's knowledge-base models or YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Const:
    """An ASP constant (vocabulary value), as opposed to a string identifier."""

    name: str


@dataclass(frozen=True)
class Fn:
    """An ASP function term name(args...)."""

    name: str
    args: tuple


Atom = tuple  # (predicate, args-tuple)


#: Which input predicate names which record section by its first argument.
ATOM_SECTION = {
    "entity": "entities",
    "msc_source": "entities",
    "member": "entities",
    "edge": "edges",
    "edge_context": "edges",
    "disease": "diseases",
    "organ": "diseases",
    "disease_class": "diseases",
    "stage": "diseases",
    "role_stage": "roles",
    "role_disease": "roles",
    "role_class_stage": "roles",
    "role_class": "roles",
    "role_organ": "roles",
    "intervention": "interventions",
    "int_kind": "interventions",
    "int_cargo": "interventions",
    "int_source": "interventions",
    "reconciliation": "reconciliations",
    "discrepancy": "discrepancies",
    "discrepancy_on": "discrepancies",
}
#: Input atoms of primary readings (issue 25): their first argument is the study read.
ATOM_SECTION.update({"primary_read": "studies", "primary_model": "studies", "primary_species": "studies"})
#: Input predicates that name records of more than one section (no single record to show).
SHARED_INPUT = frozenset({"record_provenance"})
for _p in (
    "study",
    "study_kind",
    "study_effect",
    "study_outcome",
    "study_evidence",
    "study_ref",
    "study_disease",
    "study_stage",
    "study_intervention",
    "study_cargo",
    "study_change",
    "study_target",
    "study_target_change",
    "study_release",
    "study_level",
    "study_species",
):
    ATOM_SECTION[_p] = "studies"


class FactText(str):
    """Ground input facts as clingo text, one ``pred(args).`` per line.

    Written only by ``solver.facts_text`` (``str(clingo.Symbol)`` of validated
    values, never user text spliced in) and parsed by clingo itself, which is
    much faster than passing atoms one by one.
    """

    __slots__ = ()


#: Tokens of a term's clingo text: a string, a number or name, or punctuation.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[^(),"]+|[(),]')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_term(text: str):
    """The Python value of a term from its clingo text (Const, Fn, int, str or tuple).

    One pass over the tokens with an explicit stack (the answers of ``report --all``
    are thousands of nested support atoms)."""
    stack: list = []
    args: list = []
    value = None  # the term just read, not yet placed in ``args``
    for tok in _TOKEN.findall(text):
        c = tok[0]
        if c == "(":  # the arguments of the name just read, or a tuple
            stack.append((value, args))
            args, value = [], None
        elif c == ")":
            if value is not None:
                args.append(value)
            head, outer = stack.pop()
            value = Fn(head.name, tuple(args)) if head is not None else tuple(args)
            args = outer
        elif c == ",":
            if value is not None:
                args.append(value)
                value = None
        elif c == '"':
            value = _unescape(tok[1:-1])
        elif c.isdigit() or (c == "-" and tok[1:2].isdigit()):
            value = int(tok)
        elif c == "-":  # a classically negated term: not in this encoding's vocabulary
            raise ValueError(f"classically negated term in {text!r}: not supported")
        else:
            value = Const(tok)
    return value


def parse_facts(text: str) -> list[Atom]:
    """Atoms of fact text (one ``pred(args).`` per line) as (predicate, args) tuples."""
    out: list[Atom] = []
    for line in text.split("\n"):
        if line:
            value = parse_term(line[:-1])
            out.append((value.name, value.args) if isinstance(value, Fn) else (value.name, ()))
    return out
