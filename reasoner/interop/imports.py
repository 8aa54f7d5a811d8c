"""Import INDRA Statements JSON or a signed SIF as a ``--facts`` file.

Agents are grounded through the identifiers and names recorded in ``facts/``
(the entities' CURIEs, registry labels and synonyms, symbols, labels and
aliases).  Whatever cannot be mapped is listed at the top of the output (as
YAML comments, so the file still loads) and on no account dropped silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from ..errors import FactsError
from ..knowledge import ids
from ..knowledge.kb import KB
from ..knowledge.names import entity_choices
from ..knowledge.resolve import norm

POSITIVE = {"Activation": 1, "IncreaseAmount": 1, "Inhibition": -1, "DecreaseAmount": -1}
SIF_SIGN = {"activates": 1, "increases": 1, "upregulates": 1, "stimulates": 1, "positive": 1, "+": 1,
            "->": 1, "inhibits": -1, "decreases": -1, "downregulates": -1, "represses": -1,
            "negative": -1, "-": -1, "-|": -1}
SIF_MEMBER = {"member_of", "part_of", "partof", "component_of"}
#: INDRA db_refs keys -> the CURIE prefix facts/ writes (GO and CHEBI values carry their prefix).
DB_REFS = ("HGNC", "FPLX", "MIRBASE", "MGI", "RGD", "GO", "CHEBI", "MESH")


class Grounder:
    """Entity ids by CURIE and by (normalised) name, from the knowledge base."""

    def __init__(self, kb: KB):
        self.kb = kb
        self.by_curie: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for e in kb.entities:
            for x in e.xrefs:
                if x.curie and x.relation in ("exact", "precursor", "ortholog"):
                    self.by_curie.setdefault(x.curie.casefold(), e.id)
        for e in kb.entities:  # ids first, then every name of the one resolver (knowledge.names)
            self.by_name.setdefault(norm(e.id), e.id)
        for eid, names in entity_choices(kb):
            for n in names:
                if n:
                    self.by_name.setdefault(norm(n), eid)

    def curie(self, curie: str) -> Optional[str]:
        fixed = ids.normalise(curie) or curie
        return self.by_curie.get(fixed.casefold())

    def name(self, text: str) -> Optional[str]:
        found = self.curie(text) if ids.split(text) else None
        return found or self.by_name.get(norm(text))

    def agent(self, agent: dict) -> Optional[str]:
        refs = agent.get("db_refs") or {}
        for key in DB_REFS:
            if key in refs:
                value = str(refs[key])
                found = self.curie(value if ":" in value and key in ("GO", "CHEBI") else f"{key}:{value}")
                if found:
                    return found
        for text in (agent.get("name"), refs.get("TEXT")):
            if text:
                found = self.name(str(text))
                if found:
                    return found
        return None


def _load_json(path: str):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactsError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsError(path, f"cannot read file ({exc.__class__.__name__})") from None
    except json.JSONDecodeError as exc:
        raise FactsError(path, f"invalid JSON: {exc.msg}", line=exc.lineno) from None


def _agent_text(agent) -> str:
    if not isinstance(agent, dict):
        return "?"
    refs = agent.get("db_refs") or {}
    grounding = ", ".join(f"{k}:{v}" for k, v in sorted(refs.items()) if k != "TEXT")
    return f"{agent.get('name', '?')}" + (f" ({grounding})" if grounding else "")


class Output:
    def __init__(self, kb: KB, origin: str):
        self.kb, self.origin = kb, origin
        self.edges: dict[str, dict] = {}
        self.entities: dict[str, dict] = {}
        self.unmapped: list[str] = []
        self.known = {(g.source, g.target, g.sign, g.context) for g in kb.edges}

    def edge(self, a: str, b: str, sign: int, quote: str, section: str, refs: list[int],
             sources: list[dict], context: Optional[str] = None) -> None:
        s = "+" if sign > 0 else "-"
        eid = f"imported_{a}_{'activates' if sign > 0 else 'inhibits'}_{b}"
        if context:
            eid += f"_in_{context.lower()}"
        rec = self.edges.get(eid)
        if rec is None:
            rec = {"id": eid, "source": a, "target": b, "sign": s, "refs": [], "sources": [],
                   "quote": quote if len(quote) >= 10 else f"{a} {'activates' if sign > 0 else 'inhibits'} {b}",
                   "section": section or "imported"}
            if context:
                rec["context"] = context
            self.edges[eid] = rec
        rec["refs"] = sorted(set(rec["refs"]) | {n for n in refs if isinstance(n, int) and 1 <= n <= 96})
        for src in sources:
            if src not in rec["sources"]:
                rec["sources"].append(src)

    def member(self, member: str, complex_: str, what: str) -> None:
        ent = next(e for e in self.kb.entities if e.id == complex_)
        if member in ent.members:
            return  # already in the knowledge base: nothing to add
        rec = self.entities.get(complex_) or ent.model_dump(mode="json", exclude_defaults=True)
        rec["members"] = sorted(set(rec.get("members", [])) | {member})
        self.entities[complex_] = rec
        self.unmapped.append(f"{what}: adds member {member} to the bundled entity {complex_}; "
                             f"load with --override")

    def text(self) -> str:
        import yaml

        head = [f"# Imported by `reasoner import` from {Path(self.origin).name}.",
                f"# {len(self.edges)} edges" + (f", {len(self.entities)} entities" if self.entities else "")
                + f"; {len(self.unmapped)} items not mapped or needing attention (listed here, not dropped):"]
        head += [f"#   - {' '.join(u.split())}" for u in self.unmapped]
        data: dict = {}
        if self.entities:
            data["entities"] = [self.entities[k] for k in sorted(self.entities)]
        edges = []
        for k in sorted(self.edges):
            rec = dict(self.edges[k])
            if not rec["sources"]:
                del rec["sources"]
            if not rec["refs"]:
                del rec["refs"]
            edges.append(rec)
        data["edges"] = edges
        return "\n".join(head) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                                                       width=100)


def from_indra(kb: KB, path: str) -> str:
    """INDRA Statements JSON -> --facts YAML text."""
    stmts = _load_json(path)
    if isinstance(stmts, dict) and "statements" in stmts:
        stmts = stmts["statements"]
    if not isinstance(stmts, list):
        raise FactsError(path, "expected a JSON list of INDRA statements")
    g, out = Grounder(kb), Output(kb, path)
    diseases = {d.id for d in kb.diseases}
    for i, st in enumerate(stmts):
        if not isinstance(st, dict):
            out.unmapped.append(f"statement {i}: not an object")
            continue
        typ = st.get("type")
        evs = [e for e in st.get("evidence") or [] if isinstance(e, dict)]
        notes = (evs[0].get("annotations") or {}) if evs else {}
        what = f"statement {i} ({typ})"
        if notes.get("kind") in ("finding", "derived", "cargo"):
            out.unmapped.append(f"{what}: a {notes['kind']} relation of the exported review "
                                f"({notes.get('edge')}), not a signalling edge; skipped")
            continue
        if typ in POSITIVE:
            subj, obj = st.get("subj"), st.get("obj")
            a, b = g.agent(subj or {}), g.agent(obj or {})
            if a is None or b is None:
                missing = [_agent_text(x) for x, y in ((subj, a), (obj, b)) if y is None]
                out.unmapped.append(f"{what}: no entity in facts/ for {', '.join(missing)}")
                continue
            own = [e for e in evs if e.get("source_api") == "xing2021"]
            refs = sorted({n for e in own for n in (e.get("annotations") or {}).get("refs", [])})
            sources = []
            for e in evs:
                if e.get("source_api") == "xing2021":
                    continue
                tr = e.get("text_refs") or {}
                src = {k: v for k, v in (("pmid", e.get("pmid") or tr.get("PMID")),
                                         ("doi", tr.get("DOI")), ("text", e.get("text")),
                                         ("source_api", e.get("source_api"))) if v}
                if src:
                    sources.append(src)
            if not refs and not sources:
                sources = [{"source_api": "indra", "text": f"{typ} statement {st.get('id', i)}"}]
            quote = next((e.get("text") for e in evs if e.get("text")), "") or ""
            context = notes.get("disease") if own and notes.get("disease") in diseases else None
            out.edge(a, b, POSITIVE[typ], quote, (own[0].get("annotations") or {}).get("section", "")
                     if own else "imported", refs, sources, context)
        elif typ == "Complex":
            members = st.get("members") or []
            grounded = [g.agent(m) for m in members]
            kinds = {e.id: e.kind for e in kb.entities}
            complexes = [x for x in grounded if x and kinds.get(x) == "complex"]
            others = [x for x in grounded if x and kinds.get(x) != "complex"]
            if None in grounded or len(complexes) != 1 or not others:
                out.unmapped.append(f"{what}: not a membership of a known complex: "
                                    + ", ".join(_agent_text(m) for m in members))
                continue
            for m in others:
                out.member(m, complexes[0], what)
        else:
            out.unmapped.append(f"{what}: statement type not imported (Activation, Inhibition, "
                                f"IncreaseAmount, DecreaseAmount, Complex are)")
    return out.text()


def from_sif(kb: KB, path: str) -> str:
    """A signed Cytoscape SIF (source, relation, target...) -> --facts YAML text."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise FactsError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsError(path, f"cannot read file ({exc.__class__.__name__})") from None
    g, out = Grounder(kb), Output(kb, path)
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        parts = [p.strip() for p in parts if p.strip()]
        what = f"line {n}"
        if len(parts) < 3:
            out.unmapped.append(f"{what}: expected source, relation and target: {line.strip()!r}")
            continue
        src, rel, targets = parts[0], parts[1].casefold(), parts[2:]
        a = g.name(src)
        for t in targets:
            b = g.name(t)
            if a is None or b is None:
                out.unmapped.append(f"{what}: no entity in facts/ for "
                                    + ", ".join(x for x, y in ((src, a), (t, b)) if y is None))
            elif rel in SIF_SIGN:
                out.edge(a, b, SIF_SIGN[rel], "", "imported", [],
                         [{"source_api": "sif", "text": f"{src} {parts[1]} {t} ({Path(path).name} line {n})"}])
            elif rel in SIF_MEMBER and any(e.id == b and e.kind == "complex" for e in kb.entities):
                out.member(a, b, what)
            else:
                out.unmapped.append(f"{what}: relation {parts[1]!r} has no sign (use activates or "
                                    f"inhibits, + or -)")
    return out.text()
