"""``reasoner observe``: a user's measurements against the review's signed graph.

Python here reads and resolves the observation file, passes observations,
edges and costs to rules/observe.lp as symbols (reasoner.reasoning.repairs.observe),
and turns the shown atoms into the result objects of
reasoner.reasoning.observation.  Consistency, cores, repairs, predictions
and the autophagy reading are derived by the rules; the therapy under that
reading is ``reasoner.api.suggest`` with ``--autophagy-state``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from .errors import (
    AmbiguousValueError,
    FactsError,
    ReasonerError,
    SolverTimeout,
    UnknownEntitiesError,
    UnknownValueError,
)
from .knowledge.terms import Const
from .reasoning import observation as o

#: The node the therapy question is about (an entity id of facts/entities.yaml).
FOCUS = "autophagy"
SIGN = {"up": 1, "down": -1, "unchanged": 0}
#: An uncertain observation rules one change out (rules/observe.lp: obs(O,N,notv(S))).
RULED_OUT = {"not_up": 1, "not_down": -1}


def _obs_term(change: str):
    if change in RULED_OUT:
        from .knowledge.terms import Fn

        return Fn("notv", (RULED_OUT[change],))
    return SIGN[change]


CHANGE = {1: "up", -1: "down", 0: "unchanged"}


class ObservationError(ReasonerError):
    """An observation file that cannot be used (one line, exit 2)."""


@lru_cache(maxsize=1)
def settings() -> dict:
    """facts/observe.yaml: repair costs and readings of autophagy changes."""
    from .knowledge import yamlio
    from .knowledge.paths import facts_dir

    return yamlio.load((facts_dir() / "observe.yaml").read_text(encoding="utf-8"))


def read_observations(path: str) -> o.ObservationFile:
    """Parse and validate an observation file (YAML, or JSON by its .json suffix)."""
    from pydantic import ValidationError

    from .knowledge.kb import parse_file

    data, _, _ = parse_file(Path(path))
    if not isinstance(data, dict):
        raise FactsError(path, "observations_mapping")
    try:
        return o.ObservationFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(x) for x in err["loc"]]
        record = f"{loc[0]}[{int(loc[1]) + 1}]" if len(loc) > 1 and loc[1].isdigit() else None
        field = ".".join(loc[2:]) if record else ".".join(loc) or None
        if err["type"] == "literal_error" and "expected" in err.get("ctx", {}):
            raise FactsError(
                path,
                "not_one_of",
                record=record,
                field=field,
                value=repr(err["input"]),
                expected=err["ctx"]["expected"],
            ) from None
        if err["type"] == "extra_forbidden":
            raise FactsError(path, "unknown_field", record=record, field=field) from None
        raise FactsError(path, "reported", record=record, field=field, detail=err["msg"]) from None


def _relevant(atoms: list[tuple]) -> list[tuple]:
    """The atoms rules/observe.lp can use, sorted: edges leaving a node reachable from an
    observed node (whatever their scope, so a superset of the arcs the rules ground) and
    edges into an observed node (which decide whether it is an input); every other atom.
    Grounding then follows the observations, not the size of the graph; the rules decide
    scope and reachability themselves."""
    out = {}
    edges: dict[str, list[tuple]] = {}
    extra: dict[str, list[tuple]] = {}
    for name, args in atoms:
        if name == "edge":
            edges.setdefault(args[1], []).append(args)
        elif name in ("edge_context", "edge_class"):
            extra.setdefault(args[0], []).append((name, args))
        else:
            out[(name, args)] = None
    observed = {args[1] for name, args in atoms if name == "obs"}
    reached, todo = set(observed), sorted(observed)
    while todo:
        for args in edges.get(todo.pop(), []):
            if args[2] not in reached:
                reached.add(args[2])
                todo.append(args[2])
    for src, rows in edges.items():
        for args in rows:
            if src in reached or args[2] in observed:
                out[("edge", args)] = None
                for atom in extra.get(args[0], []):
                    out[atom] = None
    return sorted(out, key=repr)


def _resolve_all(path: str, kb, names: list[str]) -> dict[str, str]:
    from .knowledge.names import entity_choices
    from .knowledge.resolve import Names

    table = Names(entity_choices(kb))  # the one resolver's tables, built once for every name
    found, misses = {}, []
    for name in names:
        if name in found or any(m[0] == name for m in misses):
            continue
        try:
            found[name] = table.resolve("entity", name)
        except AmbiguousValueError as exc:  # several records have it: never "unknown"
            raise ReasonerError("observe.in_file", path=path, message=str(exc)) from None
        except UnknownValueError as exc:
            misses.append((name, exc.suggestions))
    if misses:
        raise UnknownEntitiesError(path, misses)
    return found


class _Names:
    """Edges and entities as the answer names them."""

    def __init__(self, kb, user_edges: dict[str, tuple], observations: str = ""):
        self.kb, self.user_edges, self.observations = kb, user_edges, Path(observations).name

    def label(self, eid: str) -> str:
        rec = self.kb.get("entities", eid)
        return rec.label if rec is not None else eid

    def edge(self, eid: str) -> o.EdgeOut:
        if eid in self.user_edges:
            a, b, sign, evidence = self.user_edges[eid]
            return o.EdgeOut(
                id=eid,
                source=a,
                source_label=self.label(a),
                target=b,
                target_label=self.label(b),
                sign=sign,
                origin="user",
                refs=[],
                quote=None,
                evidence=evidence,
                user_file=self.observations or None,
            )
        from .knowledge.sources import user_file

        rec = self.kb.get("edges", eid)
        origin = "facts" if ("edges", eid) in self.kb.sources else "review"
        return o.EdgeOut(
            id=eid,
            source=rec.source,
            source_label=self.label(rec.source),
            target=rec.target,
            target_label=self.label(rec.target),
            sign=rec.sign,
            origin=origin,
            refs=list(rec.refs),
            quote=rec.quote,
            evidence=None,
            user_file=user_file(self.kb, "edges", eid) if origin == "facts" else None,
        )


def _evidence_text(ev: o.Evidence) -> str:
    parts = []
    if ev.doi:
        parts.append(f"doi:{ev.doi}")
    if ev.pmid:
        parts.append(f"PMID:{ev.pmid}")
    if ev.text:
        parts.append(ev.text)
    return "; ".join(parts)


def observe(
    observations: str,
    disease: Optional[str] = None,
    stage: Optional[str] = None,
    facts: Sequence[Path | str] = (),
    override: bool = False,
    timeout: Optional[float] = None,
) -> o.Observation:
    """Check the observations in the file ``observations`` against the signed graph.

    >>> observe("mine.yaml", "hepatic_IR", "reperfusion")  # doctest: +SKIP
    """
    import time

    from .api import load_kb, resolve_context

    start = time.monotonic()

    def left() -> Optional[float]:
        return None if timeout is None else max(timeout - (time.monotonic() - start), 1e-6)

    kb = load_kb(facts, override)
    d = sid = None
    if disease is not None:
        d, sid, _ = resolve_context(kb, disease, stage, None)
    elif stage is not None:
        raise UnknownValueError("stage_without_disease", stage, [])
    data = read_observations(observations)
    names = [m.entity for m in data.observations]
    for e in data.edges:
        names += [e.source, e.target]
    ids = _resolve_all(observations, kb, names)

    cfg = settings()
    costs = cfg["costs"]
    atoms, user_edges = _atoms(kb, data, ids, observations, costs, d)
    ans, role = _solve(atoms, d, sid, facts, override, cfg, left, timeout)
    return _answer(kb, data, ids, ans, user_edges, observations, (d, sid, role), cfg, facts, override, left)


def _solve(atoms, d, sid, facts, override, cfg, left, timeout):
    """The optimal labelling of the observations (and, where autophagy changes in a disease,
    the reading of that change under the role ``suggest`` states there): (answer, role)."""
    from .api import suggest
    from .reasoning.repairs import classify, observe as solve
    from .reasoning.solver import Unsatisfiable

    role = None
    try:
        ans = solve(_relevant(atoms), FOCUS, timeout=left())
        if d is not None and ans.classified.get("focus_change"):
            # the reading needs the role suggest states here: asked only when autophagy changes
            role = suggest(
                d.id, sid, None, facts=facts, override=override, timeout=left(), trees=False
            ).autophagy.role
            reading = [("role", (Const(role),))]
            reading += [
                ("reading", (SIGN[r["change"]], Const(r["role"]), Const(r["state"]))) for r in cfg["readings"]
            ]
            ans.classified = classify(ans, FOCUS, sorted(reading, key=repr), timeout=left())
    except SolverTimeout:
        raise SolverTimeout(timeout or 0) from None
    except Unsatisfiable:  # cannot happen: every observation can be flipped
        raise ObservationError("observe.no_labelling") from None

    return ans, role


def _answer(kb, data, ids, ans, user_edges, observations, where, cfg, facts, override, left):
    """The answer of ``observe`` from the solver's labelling ``ans``; ``where`` is (disease
    record or None, stage id or None, the role of autophagy there or None)."""
    d, sid, role = where
    costs = cfg["costs"]
    nm = _Names(kb, user_edges, observations)
    obs_by_index = {i: m for i, m in enumerate(data.observations, 1)}
    inputs = {row[0] for row in ans.witness.get("input", [])}
    observations_out = [
        o.ObservationOut(
            index=i,
            entity=ids[m.entity],
            label=nm.label(ids[m.entity]),
            given=m.entity,
            change=m.change,
            marker=m.marker,
            input=ids[m.entity] in inputs,
        )
        for i, m in obs_by_index.items()
    ]

    cores = _cores(ans, nm)
    repairs = _repairs(ans, nm, ids, obs_by_index, costs)
    predictions = _predictions(ans, nm)
    therapy = _therapy(ans, d, sid, role, cfg, facts, override, left)
    refs = _refs(cores, repairs, predictions, therapy)
    from .reasoning.suggestion_builder import references

    context = o.ObservationContext(
        disease=d.id if d else None,
        disease_name=d.name if d else None,
        stage=sid,
        observation_file=Path(observations).name,
        extra_facts=[Path(f).name for f in facts],
    )
    return o.Observation(
        context=context,
        observations=observations_out,
        consistent=bool(ans.witness.get("consistent")),
        cost=ans.cost,
        cores=cores,
        cores_complete=ans.cores_complete,
        repairs=repairs,
        predictions=predictions,
        therapy=therapy,
        references=references(kb, refs),
        notice=o.NOTICE,
    )


def _atoms(kb, data, ids: dict, observations: str, costs: dict, d) -> tuple[list[tuple], dict]:
    """The solver's input: the knowledge base's edges, the file's edges and observations,
    the repair costs and the disease asked about; and the file's edges by id."""
    # edges: the knowledge base's (bundled and --facts) plus the file's own
    atoms: list[tuple] = []
    for name, args in kb.atoms([], whole_graph=True):
        if name in ("edge", "edge_context"):
            atoms.append((name, args))
            if name == "edge":
                origin = "user" if ("edges", args[0]) in kb.sources else "review"
                atoms.append(("edge_class", (args[0], Const(origin))))
    atoms += [("gate", (e.id, Const(e.gate))) for e in kb.entities if e.gate]
    user_edges: dict[str, tuple] = {}
    for i, e in enumerate(data.edges, 1):
        eid = e.id or f"user_edge_{i}"
        if kb.get("edges", eid) is not None or eid in user_edges:
            raise FactsError(
                observations,
                "edge_id_used",
                record=f"edges[{i}]",
                field="id",
                id=repr(eid),
            )
        a, b = ids[e.source], ids[e.target]
        user_edges[eid] = (a, b, e.sign, _evidence_text(e.evidence))
        atoms.append(("edge", (eid, a, b, 1 if e.sign == "+" else -1)))
        atoms.append(("edge_class", (eid, Const("user"))))
    for i, m in enumerate(data.observations, 1):
        atoms.append(("obs", (i, ids[m.entity], _obs_term(m.change))))
        if m.input:
            atoms.append(("perturbed", (ids[m.entity],)))
    if data.inputs == "declared":
        atoms.append(("declared_inputs", ()))
    atoms += [("cost_flip", (costs["flip_observation"],)), ("cost_input", (costs["add_input"],))]
    atoms += [("cost_edge", (Const(k), v)) for k, v in sorted(costs["ignore_edge"].items())]
    if d is not None:
        atoms.append(("query", (d.id,)))
    return atoms, user_edges


def _cores(ans, nm) -> list:
    """The minimal inconsistent cores, smallest first."""
    cores = []
    for core in ans.cores:
        cores.append(
            o.Core(
                observations=sorted(row[0] for row in core.get("in_core", [])),
                edges=[nm.edge(row[0]) for row in core.get("core_edge", [])],
            )
        )
    cores.sort(key=lambda c: (len(c.observations), c.observations))
    return cores


def _repairs(ans, nm, ids: dict, obs_by_index: dict, costs: dict) -> list:
    """The optimal repairs, each with its changes and their costs, cheapest first."""
    repairs = []
    for rep in ans.repairs:
        changes = []
        for (i,) in rep.get("flip", []):
            changes.append(
                o.RepairChange(
                    kind="flip_observation",
                    observation=i,
                    entity=ids[obs_by_index[i].entity],
                    edge=None,
                    cost=costs["flip_observation"],
                )
            )
        for (eid,) in rep.get("ignore", []):
            edge = nm.edge(eid)
            cls = "review" if edge.origin == "review" else "user"
            changes.append(
                o.RepairChange(
                    kind="ignore_edge",
                    observation=None,
                    entity=None,
                    edge=edge,
                    cost=costs["ignore_edge"][cls],
                )
            )
        for (n,) in rep.get("add_input", []):
            changes.append(
                o.RepairChange(
                    kind="add_input", observation=None, entity=n, edge=None, cost=costs["add_input"]
                )
            )
        if changes:
            repairs.append(o.Repair(cost=sum(c.cost for c in changes), changes=changes))
    repairs.sort(
        key=lambda r: (
            r.cost,
            [(c.kind, c.observation or 0, c.entity or "", c.edge.id if c.edge else "") for c in r.changes],
        )
    )
    return repairs


def _predictions(ans, nm) -> list:
    """What the witness labelling predicts of each node, with the path that explains it."""
    witness = {row[0]: row[1] for row in ans.witness.get("label", [])}
    why: dict[str, list[tuple]] = {}
    for eid, a, b in ans.witness.get("why", []):
        why.setdefault(b, []).append((a, eid))

    def path(node: str) -> list[o.PathStep]:
        steps, seen = [], {node}
        while node in why:
            a, eid = sorted(why[node])[0]
            steps.append(o.PathStep(edge=nm.edge(eid), change=CHANGE[witness[node]]))
            if a in seen:
                break
            seen.add(a)
            node = a
        return list(reversed(steps))

    predictions = []
    for n, value, strength in ans.classified.get("prediction", []):
        change = "unknown" if isinstance(value, Const) else CHANGE[value]
        trace = path(n) if change in ("up", "down") and witness.get(n) == SIGN[change] else []
        predictions.append(
            o.Prediction(entity=n, label=nm.label(n), change=change, strength=strength.name, path=trace)
        )
    predictions.sort(key=lambda p: (p.entity != FOCUS, p.entity))
    return predictions


def _refs(cores, repairs, predictions, therapy) -> set:
    """The review's references behind the cores, repairs, predictions and therapy."""
    refs = set()
    for c in cores:
        refs.update(n for e in c.edges for n in e.refs)
    for r in repairs:
        refs.update(n for ch in r.changes if ch.edge for n in ch.edge.refs)
    for p in predictions:
        refs.update(n for s in p.path for n in s.edge.refs)
    for c in therapy.candidates:
        refs.update(c.refs)
    return refs


def _therapy(ans, d, sid, role, cfg, facts, override, left) -> o.Therapy:
    from .api import suggest

    if d is None:
        return o.Therapy(reason="no_disease", candidates=[], not_recommended=[])
    focus = ans.classified.get("focus_change", [])
    states = ans.classified.get("therapy_state", [])
    if not focus:
        return o.Therapy(role=role, reason="no_change", candidates=[], not_recommended=[])
    change, how = CHANGE[focus[0][0]], focus[0][1].name
    if not states:
        return o.Therapy(
            autophagy_change=change,
            basis=how,
            role=role,
            reason="no_reading",
            candidates=[],
            not_recommended=[],
        )
    state = states[0][0].name
    row = next(
        r for r in cfg["readings"] if r["change"] == change and r["role"] == role and r["state"] == state
    )
    s = suggest(d.id, sid, state, facts=facts, override=override, timeout=left(), trees=False)
    return o.Therapy(
        autophagy_change=change,
        basis=how,
        role=role,
        state=state,
        reading_note=row["note"],
        reading_quote=row["quote"],
        desired=s.autophagy.desired,
        candidates=[
            o.TherapyCandidate(id=c.id, label=c.label, rank=c.rank, refs=list(c.refs)) for c in s.candidates
        ],
        not_recommended=[n.id for n in s.not_recommended],
        reason="ok",
    )
