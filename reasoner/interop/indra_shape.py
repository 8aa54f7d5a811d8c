"""The shape of an INDRA Statements JSON file, checked before any statement is read.

``import indra`` reads statements as INDRA's ``Statement.to_json`` writes them.  A field
of another JSON type than that (a ``subj`` that is a string, ``db_refs`` that is a list,
``members: [null]``, ``"type": ["Activation"]``, an evidence ``text`` that is a number)
is refused in one line naming the statement's index and the field, before anything is
written (red team 2 of issue 26, M5).  Shapes the importer lists and skips (a statement
that is not an object, a missing agent, an unknown type, an evidence entry that is not an
object) are left to it.  An evidence list that is not an array is refused too.
"""

from __future__ import annotations

from typing import Any

from ..errors import FactsError, words
from ..knowledge.fields import N_REFERENCES

_SCALAR = (str, int, float)
#: JSON types by their code of ``errors.json_kind`` (where a reader reads their names)
_JSON = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "bool",
    int: "number",
    float: "number",
    type(None): "null",
}


def _kind(value: Any) -> str:
    code = _JSON.get(type(value))
    return words("json_kind." + code) if code else type(value).__name__


class _Bad(Exception):
    def __init__(self, field: str, wanted: str, value: Any, said: str = ""):
        super().__init__(field)
        self.field, self.wanted, self.value, self.said = field, wanted, value, said


def _want(value: Any, types: tuple, field: str, wanted: str) -> None:
    """``value`` is null or of ``types`` (a bool is never a number)."""
    if value is None:
        return
    if isinstance(value, bool) and bool not in types or not isinstance(value, types):
        raise _Bad(field, wanted, value)


def _agent(agent: Any, field: str, null_ok: bool = True) -> None:
    if agent is None and null_ok:
        return
    _want(agent, (dict,), field, "agent")
    if agent is None:
        raise _Bad(field, "agent", agent)
    _want(agent.get("name"), _SCALAR, f"{field}.name", "string")
    refs = agent.get("db_refs")
    _want(refs, (dict,), f"{field}.db_refs", "object")


def _evidence(ev: Any, field: str) -> None:
    if not isinstance(ev, dict):
        return  # listed and skipped by the importer
    for key in ("text", "source_api"):
        _want(ev.get(key), (str,), f"{field}.{key}", "string")
    _want(ev.get("pmid"), (str, int), f"{field}.pmid", "string")
    refs = ev.get("text_refs")
    _want(refs, (dict,), f"{field}.text_refs", "object")
    for key in ("PMID", "DOI"):
        _want((refs or {}).get(key), (str, int), f"{field}.text_refs.{key}", "string")
    notes = ev.get("annotations")
    _want(notes, (dict,), f"{field}.annotations", "object")
    notes = notes or {}
    for key in ("kind", "edge", "disease", "section"):
        _want(notes.get(key), (str,), f"{field}.annotations.{key}", "string")
    _want(notes.get("refs"), (list,), f"{field}.annotations.refs", "numbers")
    for n, ref in enumerate(notes.get("refs") or []):
        _want(ref, (int, float), f"{field}.annotations.refs[{n}]", "number")
        if not isinstance(ref, int) or not 1 <= ref <= N_REFERENCES:  # no facts file could hold it
            raise _Bad(f"{field}.annotations.refs[{n}]", "", ref, said="indra_ref")


def _statement(st: dict) -> None:
    _want(st.get("type"), (str,), "type", "string")
    for key in ("subj", "obj"):
        _agent(st.get(key), key)
    members = st.get("members")
    _want(members, (list,), "members", "agents")
    for n, m in enumerate(members or []):
        _agent(m, f"members[{n}]", null_ok=False)
    evidence = st.get("evidence")
    _want(evidence, (list,), "evidence", "evidences")
    for n, ev in enumerate(evidence or []):
        _evidence(ev, f"evidence[{n}]")


def check(path: str, statements: list) -> None:
    """Refuse the first statement of a field of the wrong JSON type, in one line."""
    for i, st in enumerate(statements):
        if not isinstance(st, dict):
            continue  # listed and skipped by the importer
        try:
            _statement(st)
        except _Bad as bad:
            if bad.said:
                raise FactsError(
                    path, bad.said, n=i, field_=repr(bad.field), value=str(bad.value)[:40], last=N_REFERENCES
                ) from None
            raise FactsError(
                path,
                "indra_field",
                n=i,
                field_=repr(bad.field),
                kind=_kind(bad.value),
                wanted=words("json_kind." + bad.wanted),
            ) from None
