"""The compiled knowledge base: what a call reads from the cache.

A ``Store`` holds the validated records as plain data (no pydantic on the hot
path) and the input atoms split in two: the atoms every query needs (diseases,
roles, the signalling graph, interventions, references) and the atoms of the
studies, grouped by the study's disease and unpickled only when a query's
scope (computed by ``rules/scope.lp``) names that disease.  Loading therefore
costs in proportion to the diseases asked about, not to the size of the
knowledge base.
"""

from __future__ import annotations

import pickle
from typing import Any, Iterable, Iterator, Optional

from .terms import Atom

STUDIES = "studies"
INTERVENTIONS = "interventions"


class Rec(dict):
    """A record as a dict with attribute access (``rec.refs``), nested records too."""

    __slots__ = ()

    def __getattr__(self, key: str) -> Any:
        try:
            return _wrap(self[key])
        except KeyError:
            raise AttributeError(key) from None

    def model_dump(self, mode: str | None = None) -> dict:
        """The record's fields (the same as the pydantic model's JSON dump)."""
        return dict(self)


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Rec(value)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [Rec(v) for v in value]
    return value


class Store:
    """Records and input atoms of one knowledge base (bundled plus user files)."""

    def __init__(self, data: dict):
        self._sections: dict[str, dict[str, dict]] = data["sections"]
        self._global: list[Atom] = data["atoms"]
        self._scope: list[Atom] = data["scope_atoms"]
        self._groups: dict[Optional[str], bytes] = data["groups"]
        self._interventions: dict[str, bytes] = data["interventions"]
        self._by_cargo: dict[str, list[str]] = data["by_cargo"]
        self._study_group: dict[str, Optional[str]] = data["study_group"]
        self.sources: dict[tuple[str, str], str] = data["sources"]
        self._loaded: dict[Optional[str], tuple[list[Atom], dict[str, dict]]] = {}
        self._iv: dict[str, tuple[list[Atom], dict]] = {}

    # ------------------------------------------------------------ records

    def _group(self, key: Optional[str]) -> tuple[list[Atom], dict[str, dict]]:
        if key not in self._loaded:
            self._loaded[key] = pickle.loads(self._groups[key])
        return self._loaded[key]

    def _all_groups(self) -> Iterator[tuple[list[Atom], dict[str, dict]]]:
        for key in sorted(self._groups, key=lambda k: (k is not None, k or "")):
            yield self._group(key)

    def _intervention(self, key: str) -> Optional[tuple[list[Atom], dict]]:
        if key not in self._iv:
            blob = self._interventions.get(key)
            if blob is None:
                return None
            self._iv[key] = pickle.loads(blob)
        return self._iv[key]

    def get(self, section: str, key: str) -> Optional[Rec]:
        key = str(key)
        if section == INTERVENTIONS:
            found = self._intervention(key)
            return Rec(found[1]) if found else None
        if section != STUDIES:
            rec = self._sections[section].get(key)
            return Rec(rec) if rec is not None else None
        if key not in self._study_group:
            return None
        return Rec(self._group(self._study_group[key])[1][key])

    def records(self, section: str) -> list[Rec]:
        """Every record of a section, in the knowledge base's order."""
        if section == INTERVENTIONS:
            return [Rec(self._intervention(k)[1]) for k in self._interventions]
        if section != STUDIES:
            return [Rec(r) for r in self._sections[section].values()]
        out = [Rec(r) for _, recs in self._all_groups() for r in recs.values()]
        return sorted(out, key=lambda r: r["id"])

    def __getattr__(self, name: str) -> list[Rec]:  # store.diseases, store.studies, ...
        if name.startswith("_") or (name not in self.__dict__.get("_sections", {})
                                    and name not in (STUDIES, INTERVENTIONS)):
            raise AttributeError(name)
        return self.records(name)

    # ------------------------------------------------------------ atoms

    def scope_atoms(self) -> list[Atom]:
        """The atoms rules/scope.lp reads (disease records)."""
        return list(self._scope)

    def atoms(self, scope: Optional[Iterable[str]] = None) -> list[Atom]:
        """Input atoms for a query whose scope (rules/scope.lp) is the diseases ``scope``.

        Entities, the signalling graph, diseases, roles and reconciliations are
        always passed.  Studies are passed for the diseases in scope only, and
        interventions only when an in-scope study names them or its cargo (the
        records the rules can join them with).  ``scope=None`` passes everything
        (audits).  A test checks that every bundled context gets the same
        answer either way.
        """
        out = list(self._global)
        if scope is None:
            for atoms, _ in self._all_groups():
                out += atoms
            ivs = list(self._interventions)
        else:
            wanted: set[str] = set()
            for key in sorted(set(scope)):
                if key in self._groups:
                    atoms, recs = self._group(key)
                    out += atoms
                    for rec in recs.values():
                        if rec.get("intervention"):
                            wanted.add(rec["intervention"])
                        if rec.get("cargo"):
                            wanted.update(self._by_cargo.get(rec["cargo"], ()))
            ivs = sorted(wanted)
        for key in ivs:
            found = self._intervention(key)
            if found:
                out += found[0]
        return out
