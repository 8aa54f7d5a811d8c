"""KGX TSV (nodes, edges) of the neutral graph (:mod:`reasoner.interop.export`), with Biolink
categories, predicates and knowledge levels."""

from __future__ import annotations

from .export import Graph, Node, publications
from .sanitize import cell


#: CURIE prefixes of ``facts/`` -> the prefix the Biolink Model's JSON-LD context spells
#: (biolink-model 4.4.6, prefixmaps/biolink_model_prefix_map.json; checked in
#: tests/test_kgx_conformance.py).  FamPlex's FPLX is not in that context and is kept (a
#: right identifier beats a conformant wrong one); so is the local XING2021 prefix of the
#: review's own records (interventions, cell sources) that no registry names.
BIOLINK_PREFIX = {"HGNC": "HGNC", "MIRBASE": "mirbase", "GO": "GO", "CHEBI": "CHEBI",
                  "MESH": "MESH", "EFO": "EFO", "MONDO": "MONDO", "MGI": "MGI", "RGD": "RGD",
                  "CL": "CL", "CLO": "CLO", "NCBITAXON": "NCBITaxon", "UBERON": "UBERON",
                  "DOID": "DOID"}
LOCAL = "XING2021:"
#: Biolink classes whose names KGX's validator misreads as not CamelCase (it expects
#: capital-then-lowercase words: "MicroRNA"), exported as their nearest ancestor it reads.
KGX_CATEGORY = {"biolink:MicroRNA": "biolink:Transcript"}


def _kgx_id(n: Node) -> str:
    if n.curie:
        prefix, _, local = n.curie.partition(":")
        return f"{BIOLINK_PREFIX.get(prefix.upper(), prefix)}:{local}"
    return LOCAL + n.id.replace("intervention:", "intervention.")


def to_kgx(g: Graph) -> tuple[str, str]:
    """KGX TSV (nodes, edges) with Biolink categories, predicates and knowledge levels."""
    node_cols = ["id", "category", "name", "xref", "provided_by"]
    rows = ["\t".join(node_cols)]
    seen: dict[str, str] = {}
    for n in g.nodes.values():
        kid = _kgx_id(n)
        if kid in seen.values():  # two records share an id (a broader term): keep them apart
            kid = LOCAL + n.id
        seen[n.id] = kid
        rows.append("\t".join([kid, KGX_CATEGORY.get(n.category, n.category), cell(n.label),
                               "|".join(cell(x) for x in n.xrefs if x != kid),
                               "infores:xing2021-review"]))
    edge_cols = ["id", "subject", "predicate", "object", "object_direction_qualifier",
                 "knowledge_level", "agent_type", "primary_knowledge_source", "publications",
                 "supporting_text", "review_section", "review_refs", "study", "disease_context"]
    erows = ["\t".join(edge_cols)]
    for e in g.edges:
        direction = {1: "upregulated", -1: "downregulated", 0: ""}[e.sign] if e.relation == "regulates" else ""
        source = "infores:reasoner" if e.kind == "derived" else "infores:xing2021-review"
        erows.append("\t".join([f"{LOCAL}{e.id}", seen[e.source], f"biolink:{e.relation}", seen[e.target],
                                direction, e.knowledge_level, e.agent_type, source,
                                "|".join(cell(p) for p in publications(g, e)),
                                cell(e.quote), cell(e.section), "|".join(map(str, e.refs)),
                                cell(e.study or ""), cell(e.disease or "")]))
    return "\n".join(rows) + "\n", "\n".join(erows) + "\n"
