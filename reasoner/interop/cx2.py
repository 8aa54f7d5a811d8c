"""CX2 (NDEx / Cytoscape) of the neutral graph (:mod:`reasoner.interop.export`): sign, refs
and quotes as attributes, and a visual style."""

from __future__ import annotations

from ..knowledge import ids
from ..knowledge.catalogue import say
from ..knowledge.ids import REVIEW_DOI
from .export import REVIEW, Edge, Graph, ids_of, sign_word


#: The types of the CX2 node and edge attributes.
CX2_NODE_ATTRIBUTES = {
    "name": "string",
    "represents": "string",
    "kind": "string",
    "category": "string",
    "link": "string",
    "reasoner_id": "string",
}
CX2_EDGE_ATTRIBUTES = {
    "interaction": "string",
    "sign": "integer",
    "relation": "string",
    "knowledge_level": "string",
    "agent_type": "string",
    "refs": "list_of_integer",
    "quote": "string",
    "section": "string",
    "study": "string",
    "kind": "string",
    "pmid": "list_of_string",
    "doi": "list_of_string",
    "pmcid": "list_of_string",
}


def to_cx2(g: Graph) -> list[dict]:
    """CX2 (NDEx / Cytoscape) with sign, refs and quotes as attributes and a →/⊣ visual style."""
    index = {nid: i for i, nid in enumerate(g.nodes)}
    nodes = [
        {
            "id": index[n.id],
            "v": {
                "name": n.label,
                "represents": n.curie or "",
                "kind": n.kind,
                "category": n.category,
                "link": ids.link(n.curie) or "",
                "reasoner_id": n.id,
            },
        }
        for n in g.nodes.values()
    ]
    edges = [
        {"id": i, "s": index[e.source], "t": index[e.target], "v": _cx2_edge_values(g, e)}
        for i, e in enumerate(g.edges)
    ]
    style = _cx2_style()
    return [
        {"CXVersion": "2.0", "hasFragments": False},
        {
            "metaData": [
                {"name": "attributeDeclarations", "elementCount": 1},
                {"name": "networkAttributes", "elementCount": 1},
                {"name": "nodes", "elementCount": len(nodes)},
                {"name": "edges", "elementCount": len(edges)},
                {"name": "visualProperties", "elementCount": 1},
            ]
        },
        {
            "attributeDeclarations": [
                {
                    "networkAttributes": {"name": {"d": "string"}, "description": {"d": "string"}},
                    "nodes": {k: {"d": v} for k, v in CX2_NODE_ATTRIBUTES.items()},
                    "edges": {k: {"d": v} for k, v in CX2_EDGE_ATTRIBUTES.items()},
                }
            ]
        },
        {
            "networkAttributes": [
                {
                    "name": say("phrases.export.cx2_name"),
                    "description": say("phrases.export.cx2_description", review=REVIEW, doi=REVIEW_DOI),
                }
            ]
        },
        {"nodes": nodes},
        {"edges": edges},
        style,
        {"status": [{"error": "", "success": True}]},
    ]


def _cx2_edge_values(g: Graph, e: Edge) -> dict:
    """The attributes of one CX2 edge."""
    return {
        "interaction": sign_word(e.sign),
        "sign": e.sign,
        "relation": e.relation,
        "knowledge_level": e.knowledge_level,
        "agent_type": e.agent_type,
        "refs": e.refs,
        "quote": e.quote,
        "section": e.section,
        "study": e.study or "",
        "kind": e.kind,
        "pmid": ids_of(g, e, "pmid"),
        "doi": ids_of(g, e, "doi"),
        "pmcid": ids_of(g, e, "pmcid"),
    }


def _cx2_style() -> dict:
    """The CX2 visual style: activation an arrow, inhibition a bar, derived relations dashed."""
    return {
        "visualProperties": [
            {
                "default": {
                    "network": {"NETWORK_BACKGROUND_COLOR": "#FFFFFF"},
                    "node": {
                        "NODE_SHAPE": "round-rectangle",
                        "NODE_BACKGROUND_COLOR": "#DDEEFF",
                        "NODE_LABEL_FONT_SIZE": 12,
                    },
                    "edge": {
                        "EDGE_TARGET_ARROW_SHAPE": "triangle",
                        "EDGE_LINE_COLOR": "#666666",
                        "EDGE_WIDTH": 2,
                    },
                },
                "nodeMapping": {
                    "NODE_LABEL": {
                        "type": "PASSTHROUGH",
                        "definition": {"attribute": "name", "type": "string"},
                    }
                },
                "edgeMapping": {
                    "EDGE_TARGET_ARROW_SHAPE": {
                        "type": "DISCRETE",
                        "definition": {
                            "attribute": "interaction",
                            "type": "string",
                            "map": [
                                {"v": "activates", "vp": "triangle"},
                                {"v": "inhibits", "vp": "t"},
                                {"v": "member_of", "vp": "diamond"},
                            ],
                        },
                    },
                    "EDGE_LINE_COLOR": {
                        "type": "DISCRETE",
                        "definition": {
                            "attribute": "interaction",
                            "type": "string",
                            "map": [
                                {"v": "activates", "vp": "#1B7837"},
                                {"v": "inhibits", "vp": "#B2182B"},
                                {"v": "member_of", "vp": "#666666"},
                            ],
                        },
                    },
                    "EDGE_LINE_STYLE": {
                        "type": "DISCRETE",
                        "definition": {
                            "attribute": "knowledge_level",
                            "type": "string",
                            "map": [
                                {"v": "logical_entailment", "vp": "dash"},
                                {"v": "knowledge_assertion", "vp": "solid"},
                            ],
                        },
                    },
                },
            }
        ]
    }
