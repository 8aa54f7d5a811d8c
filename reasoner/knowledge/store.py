"""The compiled knowledge base: what a call reads from the cache.

A ``Store`` holds the validated records as plain data (no pydantic on the hot
path) and the input facts split in parts: the facts every query needs
(diseases, roles, references), the signalling graph by node, and the studies,
grouped by the study's disease and read only when a query's scope (computed by
``rules/scope.lp``) names that disease.  Interventions are kept in small
buckets (by a stable hash of the id), read only when an in-scope study names
one or its cargo; the graph passed is what the in-scope studies can reach
(``Store._reachable``).  The records of the other sections and the study
index are bucketed the same way, so that looking one record up reads one
bucket; where a user record came from is kept next to it.  Loading therefore
costs in proportion to the diseases asked about, not to the size of the
knowledge base.

The parts are plain data only: records as JSON, facts as clingo's own text of
ground atoms (written by ``solver.facts_text`` from validated values as
``str(clingo.Symbol)`` renders them, parsed by clingo itself).  Nothing in a
part can execute code, and every part read from the cache is checked (its
hash by ``cache.Parts``, its structure here) before it is used; anything
unexpected makes ``cache.Parts`` rebuild the knowledge base from its inputs.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional

from .terms import ATOM_SECTION, SHARED_INPUT, Atom, FactText, parse_facts

STUDIES = "studies"
INTERVENTIONS = "interventions"
NO_DISEASE = "-"  # group of studies without a disease (disease ids never contain '-')
#: Sections held as plain records (studies and interventions are read lazily).
EAGER_SECTIONS = frozenset(
    {
        "references",
        "discrepancies",
        "entities",
        "edges",
        "diseases",
        "roles",
        "reconciliations",
        "judgements",
        "claims",
        "primary",
    }
)

Writer = Callable[[list], str]  # atoms -> clingo text of ground facts


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


# ---------------------------------------------------------------- structure checks

_ARG = r'(?:-?[0-9]+|"(?:[^"\\\n]|\\["\\n])*"|[a-z][A-Za-z0-9_]*)'
_PREDS = "|".join(sorted(set(ATOM_SECTION) | SHARED_INPUT, key=len, reverse=True))
_FACTS = re.compile(rf"(?:(?:{_PREDS})\({_ARG}(?:,{_ARG})*\)\.\n)*")


def check_facts(text: Any) -> str:
    """``text`` if it is nothing but ground input facts, one per line; ValueError otherwise."""
    if not isinstance(text, str) or _FACTS.fullmatch(text) is None:
        raise ValueError("not ground input facts")
    return text


def _is_str_map(obj: Any, value_check: Callable[[Any], bool]) -> bool:
    return isinstance(obj, dict) and all(isinstance(k, str) and value_check(v) for k, v in obj.items())


def _is_record(rec: Any, key: str | None = None) -> bool:
    # a JSON object's keys are strings: only the value's type and its id are checked
    if isinstance(rec, dict) and "id" not in rec and "study" in rec:  # a primary reading
        return key is None or f"{rec['study']}@{rec.get('ref')}" == key
    return isinstance(rec, dict) and (key is None or str(rec.get("id", rec.get("n"))) == key)


def _records(obj: Any) -> dict:
    if not _is_str_map(obj, lambda v: True) or not all(_is_record(v, k) for k, v in obj.items()):
        raise ValueError("bad records")
    return obj


def _str_list(obj: Any) -> list:
    if not isinstance(obj, list) or not all(isinstance(x, str) for x in obj):
        raise ValueError("bad list")
    return obj


# ---------------------------------------------------------------- compiling


#: Interventions per bucket part (a call reads the buckets of the interventions it needs).
BUCKET_SIZE = 8
#: Keys per bucket of the other keyed parts (records of a section, the study index).
KEYS_PER_BUCKET = 256


def bucket_of(key: str, buckets: int) -> int:
    """The bucket part of intervention ``key`` (a stable hash: the same in every process)."""
    import zlib

    # surrogatepass: a name from argv that is not UTF-8 (surrogate-escaped) is looked up and
    # not found, never a traceback
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets if buckets > 1 else 0


def compile_parts(
    sections: dict[str, dict[str, dict]],
    shell_atoms: list[Atom],
    studies: list[tuple[dict, list[Atom]]],
    interventions: list[tuple[dict, list[Atom]]],
    sources: list[tuple[str, str, int]],
    writer: Optional[Writer],
) -> dict:
    """The parts of a store: {name: JSON-able value or facts}.

    ``writer`` turns atoms into clingo fact text (for the cache); without one
    the facts stay Python atoms (a store built in memory, e.g. in tests).
    Where a user record came from (``sources``) is kept next to the record:
    a study's in its disease group, an intervention's in its bucket, the rest
    in one small part.
    """
    if set(sections) != EAGER_SECTIONS:  # a new section must be named in EAGER_SECTIONS
        raise ValueError(f"sections {sorted(set(sections) ^ EAGER_SECTIONS)} not in EAGER_SECTIONS")

    def facts(atoms: list[Atom]):
        return FactText(writer(atoms)) if writer else list(atoms)

    src_of = {(sec, key): i for sec, key, i in sources}
    graph_ids = {args[0] for name, args in shell_atoms if name in ("edge", "member")}
    groups: dict[str, tuple[list, dict, dict]] = {}
    study_group: dict[str, str] = {}
    for rec, atoms in studies:
        g = rec.get("disease") or NO_DISEASE
        atoms_, recs, srcs = groups.setdefault(g, ([], {}, {}))
        atoms_ += atoms
        recs[rec["id"]] = rec
        study_group[rec["id"]] = g
        i = src_of.get((STUDIES, rec["id"]))
        if i is not None:
            srcs[rec["id"]] = i
    by_cargo: dict[str, list[str]] = {}
    for rec, _ in interventions:
        if rec.get("cargo"):
            by_cargo.setdefault(rec["cargo"], []).append(rec["id"])
    n_buckets = max(1, len(interventions) // BUCKET_SIZE)
    counts = {"iv": n_buckets, "sg": max(1, len(study_group) // KEYS_PER_BUCKET)}
    counts.update({name: max(1, len(recs) // KEYS_PER_BUCKET) for name, recs in sections.items()})
    parts: dict[str, Any] = {
        "global": facts(shell_atoms),
        "core": facts([a for a in shell_atoms if not _in_graph(a, graph_ids)]),
        "graph": _graph_part(shell_atoms, graph_ids, facts),
        "scope": facts([a for a in shell_atoms if ATOM_SECTION.get(a[0]) == "diseases"]),
        "index": {"groups": sorted(groups), "buckets": counts},
        "by_cargo": by_cargo,
        "iv_ids": [rec["id"] for rec, _ in interventions],
    }
    for name, recs in sections.items():  # records by key in buckets, and the keys in order
        parts[f"s/{name}"] = list(recs)
        n = counts[name]
        for b in range(n):
            parts[f"s/{name}/{b}"] = {"records": {}, "sources": {}}
        for k, rec in recs.items():
            bucket = parts[f"s/{name}/{bucket_of(k, n)}"]
            bucket["records"][k] = rec
            i = src_of.get((name, k))
            if i is not None:
                bucket["sources"][k] = i
    for b in range(counts["sg"]):
        parts[f"sg/{b}"] = {}
    for k, g in study_group.items():
        parts[f"sg/{bucket_of(k, counts['sg'])}"][k] = g
    for g, (atoms, recs, srcs) in groups.items():
        parts[f"g/{g}/records"] = recs
        parts[f"g/{g}/sources"] = srcs
        parts[f"g/{g}/facts"] = facts(atoms)
    parts.update(_intervention_buckets(interventions, n_buckets, src_of, writer))
    return parts


def _intervention_buckets(
    interventions: list[tuple[dict, list[Atom]]], n_buckets: int, src_of: dict, writer: Optional[Writer]
) -> dict[str, Any]:
    """The interventions in buckets (``ivb/B``): a call reads the buckets of the ones it
    needs; with a ``writer`` one fact text per intervention, cut from one text per bucket."""
    buckets: dict[int, list] = {}
    for rec, atoms in interventions:
        buckets.setdefault(bucket_of(rec["id"], n_buckets), []).append(
            (rec, atoms, src_of.get((INTERVENTIONS, rec["id"]), -1))
        )
    parts: dict[str, Any] = {}
    for b, items in buckets.items():
        if writer:  # one text per bucket, cut at line ends (one atom a line) per intervention
            text = writer([a for _, atoms, _ in items for a in atoms])
            lines = [line + "\n" for line in text.split("\n")[:-1]]
            texts, at = {}, 0
            for rec, atoms, _ in items:
                texts[rec["id"]] = "".join(lines[at : at + len(atoms)])
                at += len(atoms)
        parts[f"ivb/{b}"] = {
            "records": {rec["id"]: rec for rec, _, _ in items},
            "sources": {rec["id"]: i for rec, _, i in items if i >= 0},
            "facts": texts if writer else {rec["id"]: list(atoms) for rec, atoms, _ in items},
        }
    return parts


#: Input predicates of the signalling graph (records of entities and edges).
GRAPH_PREDICATES = frozenset({"entity", "msc_source", "member", "edge", "edge_context"})
#: Nodes the rules reach without a study's cargo or target: rules/mechanism.lp reaches
#: "autophagy" for a finding on exosome release with no start of its own.
ROOTS = ("autophagy",)


def _in_graph(atom: Atom, graph_ids: set) -> bool:
    name, args = atom
    return name in GRAPH_PREDICATES or (name == "record_provenance" and args[0] in graph_ids)


def _graph_part(shell_atoms: list[Atom], graph_ids: set, facts: Callable) -> dict:
    """The signalling graph by node, so that a query passes only what its studies can reach.

    ``out``: node -> [the nodes its edges (and memberships) lead to, the facts of those
    edges with their context and provenance atoms]; ``entities``: entity -> its facts;
    ``always``: the edges every query passes, with their entities' facts: the edges that
    share their pair of nodes with another edge (a constraint compares their signs) and the
    edges naming an entity no record declares (a data warning names them).
    """
    by_id: dict[str, list[Atom]] = {}
    ents: dict[str, list[Atom]] = {}
    pairs: dict[tuple, int] = {}
    for atom in shell_atoms:
        name, args = atom
        if name in ("entity", "msc_source"):
            ents.setdefault(args[0], []).append(atom)
        elif name in ("edge", "member") or (_in_graph(atom, graph_ids) and args):
            by_id.setdefault(args[0], []).append(atom)
        if name == "edge":
            pairs[(args[1], args[2])] = pairs.get((args[1], args[2]), 0) + 1
    out: dict[str, tuple[set, list]] = {}
    always: list[Atom] = []
    for atoms in by_id.values():
        head = next((a for a in atoms if a[0] in ("edge", "member")), None)
        if head is None:  # context or provenance of no edge: passed always
            always += atoms
            continue
        a, b = head[1][1], head[1][2]
        if head[0] == "edge" and (pairs[(a, b)] > 1 or a not in ents or b not in ents):
            always += atoms + ents.get(a, []) + ents.get(b, [])
            continue
        targets, edge_atoms = out.setdefault(a, (set(), []))
        targets.add(b)
        edge_atoms += atoms
    # MSC sources are passed always: the review's warning on MSC-Exos covers every exosome
    # from an MSC, whether or not a study's path reaches the source (rules/comorbidity.lp)
    always += [a for e in sorted(ents) for a in ents[e] if a[0] == "msc_source"]
    return {
        "out": {n: [sorted(t), facts(atoms)] for n, (t, atoms) in sorted(out.items())},
        "entities": {e: facts(atoms) for e, atoms in sorted(ents.items())},
        "always": facts(always),
    }


def encode_parts(parts: dict) -> dict[str, bytes]:
    """Bytes of each part for the cache: facts as text, everything else as JSON."""
    out = {}
    for name, value in parts.items():
        if isinstance(value, FactText):
            out[name] = value.encode()
        else:
            out[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return out


class MemoryParts:
    """Parts held in memory (a store built without the cache)."""

    def __init__(self, parts: dict):
        self._parts = parts

    def names(self):
        return self._parts.keys()

    def get(self, name: str, kind: str, check: Callable[[Any], Any]) -> Any:
        return self._parts[name]

    def rebuild_now(self) -> None:
        raise ValueError("parts missing from a store built in memory")


# ---------------------------------------------------------------- the store


def _is_index(v: Any) -> bool:
    """An index into the list of input files (a JSON integer, not a boolean)."""
    return isinstance(v, int) and not isinstance(v, bool)


def _check_bucket(obj: Any) -> dict:
    """A bucket of interventions: {"records": {id: rec}, "sources": {id: n}, "facts": {id: text}}."""
    if not (isinstance(obj, dict) and set(obj) == {"records", "sources", "facts"}):
        raise ValueError("bad intervention bucket")
    recs, srcs, facts = obj["records"], obj["sources"], obj["facts"]
    _records(recs)
    if not _is_str_map(srcs, _is_index):
        raise ValueError("bad intervention sources")
    if not (_is_str_map(facts, lambda v: isinstance(v, (str, list))) and set(facts) == set(recs)):
        raise ValueError("bad intervention facts")
    obj["facts"] = {k: _facts_value(v) for k, v in facts.items()}
    return obj


_REQUIRED = {f"s/{s}" for s in EAGER_SECTIONS} | {
    "index",
    "global",
    "scope",
    "by_cargo",
    "iv_ids",
    "core",
    "graph",
}


def _check_graph(obj: Any) -> dict:
    if not (
        isinstance(obj, dict)
        and set(obj) == {"out", "entities", "always"}
        and _is_str_map(obj["out"], lambda v: isinstance(v, list) and len(v) == 2)
        and _is_str_map(obj["entities"], lambda v: isinstance(v, str))
    ):
        raise ValueError("bad graph")
    for n, (targets, text) in obj["out"].items():
        obj["out"][n] = [_str_list(targets), _facts_value(text)]
    obj["entities"] = {e: _facts_value(t) for e, t in obj["entities"].items()}
    obj["always"] = _facts_value(obj["always"])
    return obj


def _has_parts(names) -> bool:
    return _REQUIRED <= set(names)


def _check_index(obj: Any) -> dict:
    if not (
        isinstance(obj, dict)
        and set(obj) == {"groups", "buckets"}
        and _is_str_map(obj["buckets"], lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1)
        and set(obj["buckets"]) == EAGER_SECTIONS | {"iv", "sg"}
    ):
        raise ValueError("bad index")
    _str_list(obj["groups"])
    return obj


def _check_keyed(obj: Any) -> dict:
    """A bucket of a section: {"records": {key: rec}, "sources": {key: n}}."""
    if not (isinstance(obj, dict) and set(obj) == {"records", "sources"}):
        raise ValueError("bad bucket")
    _records(obj["records"])
    if not _is_str_map(obj["sources"], _is_index):
        raise ValueError("bad bucket sources")
    return obj


def _check_group_sources(obj: Any) -> dict:
    if not _is_str_map(obj, _is_index):
        raise ValueError("bad group sources")
    return obj


def _check_by_cargo(obj: Any) -> dict:
    if not _is_str_map(obj, lambda v: isinstance(v, list)):
        raise ValueError("bad cargo index")
    for v in obj.values():
        _str_list(v)
    return obj


def _check_study_group(obj: Any) -> dict:
    if not _is_str_map(obj, lambda v: isinstance(v, str)):
        raise ValueError("bad study groups")
    return obj


def _facts_value(value: Any) -> Any:
    if isinstance(value, list):  # atoms (memory)
        return value
    return FactText(check_facts(value))


class Sources(Mapping):
    """(section, key) -> the file name a user record came from (bundled records are absent).

    A study's source is read from its disease group, an intervention's from its
    bucket (parts a query reads anyway), the other sections' from one small part.
    """

    def __init__(self, store: "Store", names: list[str]):
        self._store = store
        self._names = names

    def _index(self, key) -> Optional[int]:
        if not (isinstance(key, tuple) and len(key) == 2):
            return None
        section, rid = key
        return self._store._source_index(section, str(rid))

    def __getitem__(self, key):
        i = self._index(key)
        if i is None:
            raise KeyError(key)
        return self._names[i] if 0 <= i < len(self._names) else "user file"

    def __contains__(self, key) -> bool:
        return self._index(key) is not None

    def _keys(self) -> list:
        return self._store._source_keys()

    def __iter__(self):
        return iter(self._keys())

    def __len__(self):
        return len(self._keys())


class Store:
    """Records and input facts of one knowledge base (bundled plus user files)."""

    def __init__(self, parts, names: list[str] | None = None):
        """``parts``: ``cache.Parts`` or ``MemoryParts``; ``names``: the input files, in order."""
        if isinstance(parts, dict):
            parts = MemoryParts(parts)
        self._parts = parts
        self._names = names or []
        self._memo: dict[str, Any] = {}
        self._loaded_groups: list[str] = []  # names of the group record parts read
        if not _has_parts(parts.names()):
            parts.rebuild_now()  # a part is missing: never trusted
        self._index = self._part("index", "json", _check_index)
        self._groups = set(self._index["groups"])

    def _keyed(self, section: str, key: str) -> dict:
        """The bucket of ``section`` that holds ``key`` (records and sources)."""
        if section not in EAGER_SECTIONS:
            raise KeyError(section)
        b = bucket_of(key, self._index["buckets"][section])
        return self._part(f"s/{section}/{b}", "json", _check_keyed)

    def _section(self, section: str) -> dict[str, dict]:
        """Every record of an eager section, by key, in the knowledge base's order."""
        if section not in EAGER_SECTIONS:
            raise KeyError(section)
        for attempt in (0, 1):
            keys = self._part(f"s/{section}", "json", _str_list)
            out = {}
            for k in keys:
                rec = self._keyed(section, k)["records"].get(k)
                if rec is None:
                    break
                out[k] = rec
            else:
                return out
            if attempt == 0:  # the key list names a record no bucket holds: never trusted
                self._parts.rebuild_now()
                self._memo.clear()
                self._loaded_groups.clear()
        raise ValueError(f"a record of {section} is missing from the knowledge base")

    def _part(self, name: str, kind: str, check: Callable[[Any], Any]) -> Any:
        if name not in self._memo:
            self._memo[name] = self._parts.get(name, kind, check)
        return self._memo[name]

    @property
    def sources(self) -> Mapping:
        return Sources(self, self._names)

    def _source_index(self, section: str, key: str) -> Optional[int]:
        if section == STUDIES:
            group = self._group_of(key)
            if group is None:
                return None
            return self._part(f"g/{group}/sources", "json", _check_group_sources).get(key)
        if section == INTERVENTIONS:
            bucket = self._bucket(key)
            return bucket["sources"].get(key) if key in bucket["records"] else None
        if section not in EAGER_SECTIONS:
            return None
        return self._keyed(section, key)["sources"].get(key)

    def _source_keys(self) -> list:
        keys = []
        for section in sorted(EAGER_SECTIONS):
            for b in range(self._index["buckets"][section]):
                keys += [
                    (section, k) for k in self._part(f"s/{section}/{b}", "json", _check_keyed)["sources"]
                ]
        for g in sorted(self._groups):
            keys += [(STUDIES, k) for k in self._part(f"g/{g}/sources", "json", _check_group_sources)]
        for b in range(self._index["buckets"]["iv"]):
            keys += [(INTERVENTIONS, k) for k in self._bucket_part(b)["sources"]]
        return keys

    # ------------------------------------------------------------ records

    def _group(self, key: str) -> tuple[Any, dict[str, dict]]:
        name = f"g/{key}/records"
        fresh = name not in self._memo
        found = (self._part(f"g/{key}/facts", "facts", _facts_value), self._part(name, "json", _records))
        if fresh:
            self._loaded_groups.append(name)
        return found

    def _all_groups(self) -> Iterator[tuple[Any, dict[str, dict]]]:
        for key in sorted(self._groups, key=lambda k: (k != NO_DISEASE, k)):
            yield self._group(key)

    def _study_group_of(self, key: str) -> Optional[str]:
        b = bucket_of(key, self._index["buckets"]["sg"])
        return self._part(f"sg/{b}", "json", _check_study_group).get(key)

    def _bucket_part(self, b: int) -> dict:
        name = f"ivb/{b}"
        if name not in self._parts.names():
            return {"records": {}, "sources": {}, "facts": {}}
        return self._part(name, "json", _check_bucket)

    def _bucket(self, key: str) -> dict:
        return self._bucket_part(bucket_of(key, self._index["buckets"]["iv"]))

    def _intervention(self, key: str) -> Optional[list]:
        """[record, facts] of intervention ``key``, or None."""
        bucket = self._bucket(key)
        rec = bucket["records"].get(key)
        return [rec, bucket["facts"][key]] if rec is not None else None

    def _group_of(self, key: str) -> Optional[str]:
        """The disease group of study ``key``: a group already read first (the usual case: a
        query asks about the studies of its scope), else the study index."""
        for name in self._loaded_groups:
            if key in self._memo[name]:
                return name[2:-8]
        group = self._study_group_of(key)
        return group if group in self._groups else None

    def _iv_ids(self) -> list[str]:
        return self._part("iv_ids", "json", _str_list)

    def get(self, section: str, key: str) -> Optional[Rec]:
        key = str(key)
        if section == INTERVENTIONS:
            found = self._intervention(key)
            return Rec(found[0]) if found else None
        if section != STUDIES:
            rec = self._keyed(section, key)["records"].get(key)
            return Rec(rec) if rec is not None else None
        group = self._group_of(key)
        if group is None:
            return None
        rec = self._group(group)[1].get(key)
        return Rec(rec) if rec is not None else None

    def records(self, section: str) -> list[Rec]:
        """Every record of a section, in the knowledge base's order."""
        if section == INTERVENTIONS:
            return [Rec(found[0]) for k in self._iv_ids() if (found := self._intervention(k)) is not None]
        if section != STUDIES:
            return [Rec(r) for r in self._section(section).values()]
        found = self._memo.get("_studies")  # read once per store (records are never changed)
        if found is None:
            out = [Rec(r) for _, recs in self._all_groups() for r in recs.values()]
            found = self._memo["_studies"] = sorted(out, key=lambda r: r["id"])
        return list(found)

    def __getattr__(self, name: str) -> list[Rec]:  # store.diseases, store.studies, ...
        if name.startswith("_") or (name not in EAGER_SECTIONS and name not in (STUDIES, INTERVENTIONS)):
            raise AttributeError(name)
        return self.records(name)

    # ------------------------------------------------------------ facts

    def scope_atoms(self):
        """The facts rules/scope.lp reads (disease records): clingo text or atoms."""
        return self._part("scope", "facts", _facts_value)

    def _reachable(self, starts: set[str]) -> list:
        """The graph's facts a query whose studies start at ``starts`` can use: the edges
        leaving every node reachable from a start (whatever their sign or context: a
        superset of the edges rules/mechanism.lp grounds, as it grounds only the edges
        leaving nodes it reached), the entities they connect, and the edges every query
        passes (``_graph_part``)."""
        graph = self._part("graph", "json", _check_graph)
        out = graph["out"]
        seen, todo = set(starts), sorted(starts)
        while todo:
            found = out.get(todo.pop())
            for t in found[0] if found else ():
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        nodes = sorted(seen)
        chunks = [out[n][1] for n in nodes if n in out]
        chunks += [graph["entities"][n] for n in nodes if n in graph["entities"]]
        chunks.append(graph["always"])
        return chunks

    def facts(self, scope: Optional[Iterable[str]] = None, whole_graph: bool = False):
        """Input facts for a query whose scope (rules/scope.lp) is the diseases ``scope``.

        Diseases, roles and reconciliations are always passed.  Studies are
        passed for the diseases in scope only, interventions only when an
        in-scope study names them or its cargo (the records the rules can join
        them with), and the signalling graph as far as those studies' cargos
        and targets reach (``_reachable``; ``whole_graph`` passes all of it,
        as observe needs).  ``scope=None`` passes everything (audits).  A test checks that every bundled context gets the same
        answer either way.  The result is clingo fact text (from the cache) or
        a list of atoms (a store built in memory); the solver takes either.
        """
        if scope is None or whole_graph:
            chunks = [self._part("global", "facts", _facts_value)]
        else:
            chunks = [self._part("core", "facts", _facts_value)]
        starts: set[str] = set(ROOTS)
        if scope is None:
            for facts, _ in self._all_groups():
                chunks.append(facts)
            ivs = self._iv_ids()
        else:
            wanted: set[str] = set()
            by_cargo = self._part("by_cargo", "json", _check_by_cargo)
            for key in sorted(set(scope)):
                if key in self._groups:
                    facts, recs = self._group(key)
                    chunks.append(facts)
                    for rec in recs.values():
                        if rec.get("intervention"):
                            wanted.add(rec["intervention"])
                        if rec.get("cargo"):
                            wanted.update(by_cargo.get(rec["cargo"], ()))
                            starts.add(rec["cargo"])
                        if rec.get("target"):
                            starts.add(rec["target"])
            ivs = sorted(wanted)
            if not whole_graph:
                chunks += self._reachable(starts)
        for key in ivs:
            found = self._intervention(key)
            if found:
                chunks.append(found[1])
        if all(isinstance(c, str) for c in chunks):
            return FactText("".join(chunks))
        return [a for c in chunks for a in (parse_facts(c) if isinstance(c, str) else c)]

    def atoms(self, scope: Optional[Iterable[str]] = None, whole_graph: bool = False) -> list[Atom]:
        """The same facts as ``facts`` as a list of atoms (tests, tools)."""
        facts = self.facts(scope, whole_graph)
        return parse_facts(facts) if isinstance(facts, str) else facts
