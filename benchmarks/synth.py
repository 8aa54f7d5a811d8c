"""Synthetic knowledge bases of the bundled schema and a realistic shape, for scale benchmarks.

    python benchmarks/synth.py 100000 -o /tmp/kb100k.json

Shape, per 100 studies: about 10 exosomal miRNAs, 5 target genes and 33
interventions; 1000 diseases over 100 organs (so a disease has a handful of
related diseases), half of them staged (early/late); one role record per
disease; a signed graph miRNA -| gene -> pathway -> autophagy with one
disease-specific exception edge per 100 genes; about 15% of studies report a
harmful exosomal cargo with nothing applied (the blockade/restore path).
The output is a user facts file (JSON) that extends the bundled knowledge
base: ``reasoner suggest --disease zd1 --stage late --facts FILE``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

QUOTE = "Exosomes are extracellular vesicles that primarily exist in bodily fluids such as blood."
CLASSES = [
    "ischaemia_reperfusion",
    "hypoxic_injury",
    "cancer",
    "neurodegeneration",
    "fibrosis",
    "infection",
    "injury",
    "metabolic",
    "inflammatory",
    "cardiovascular",
]


def cited(**kw) -> dict:
    return {"refs": [kw.pop("ref", 5)], "quote": QUOTE, "section": "1", **kw}


def synthetic(n_studies: int, n_diseases: int = 1000, seed: int = 1) -> dict:
    rnd = random.Random(seed)
    n_mir, n_gene, n_path = max(50, n_studies // 10), max(25, n_studies // 20), 20
    ents = [{"id": f"zm{i}", "kind": "mirna", "label": f"miR-z{i}"} for i in range(n_mir)]
    ents += [{"id": f"zg{i}", "kind": "gene", "label": f"GENEZ{i}"} for i in range(n_gene)]
    ents += [{"id": f"zp{i}", "kind": "gene", "label": f"PATHZ{i}"} for i in range(n_path)]
    ents += [
        {"id": f"zc{i}", "kind": "cell", "label": f"stromal cell {i}", "msc": i % 2 == 0} for i in range(10)
    ]
    edges = []
    for i in range(n_mir):
        for g in rnd.sample(range(n_gene), 2):
            edges.append(cited(id=f"ze_m{i}_g{g}", source=f"zm{i}", target=f"zg{g}", sign="-"))
    for g in range(n_gene):
        if rnd.random() < 0.5:
            edges.append(cited(id=f"ze_g{g}_a", source=f"zg{g}", target="autophagy", sign=rnd.choice("+-")))
        else:
            p = rnd.randrange(n_path)
            edges.append(cited(id=f"ze_g{g}_p{p}", source=f"zg{g}", target=f"zp{p}", sign=rnd.choice("+-")))
    for p in range(n_path):
        edges.append(cited(id=f"ze_p{p}_a", source=f"zp{p}", target="autophagy", sign=rnd.choice("+-")))
    diseases, roles = [], []
    for i in range(n_diseases):
        staged = i % 2 == 1
        diseases.append(
            cited(
                id=f"zd{i}",
                name=f"synthetic disease {i}",
                organ=f"zo{i % 100}",
                system="zs",
                classes=rnd.sample(CLASSES, rnd.choice([1, 2])),
                stages=[{"id": "early", "name": "early"}, {"id": "late", "name": "late"}] if staged else [],
            )
        )
        role = {
            "id": f"zr{i}",
            "disease": f"zd{i}",
            "role": rnd.choice(["protective", "deleterious", "insufficient"]),
        }
        if staged:
            role["stage"] = rnd.choice(["early", "late"])
        roles.append(cited(**role))
    for g in range(0, n_gene, 100):  # disease-specific exceptions of the general edges
        edges.append(
            cited(
                id=f"ze_g{g}_a_zd{g % n_diseases}",
                source=f"zg{g}",
                target="autophagy",
                sign="+",
                context=f"zd{g % n_diseases}",
            )
        )
    kinds = ["msc_exosome"] * 5 + ["cell_exosome", "engineered_exosome", "cargo_blockade"]
    ivs = [
        {
            "id": f"zi{i}",
            "label": f"synthetic intervention {i}",
            "kind": rnd.choice(kinds),
            "cargo": f"zm{rnd.randrange(n_mir)}",
            "source": f"zc{rnd.randrange(10)}",
            "refs": [5],
        }
        for i in range(n_studies // 3 + 1)
    ]
    studies = []
    for i in range(n_studies):
        d = rnd.randrange(n_diseases)
        st = cited(
            id=f"zs{i}",
            ref=rnd.randint(1, 96),
            disease=f"zd{d}",
            condition="synthetic model",
            autophagy_effect=rnd.choice(["induce", "inhibit"]),
            evidence=rnd.choice(["in_vitro", "in_vivo", "both"]),
        )
        if d % 2 == 1 and rnd.random() < 0.7:
            st["stage"] = rnd.choice(["early", "late"])
        if rnd.random() < 0.15:  # a harmful cargo, nothing applied
            st.update(
                cargo=f"zm{rnd.randrange(n_mir)}",
                cargo_change=rnd.choice(["up", "down"]),
                outcome="deleterious",
            )
        else:
            iv = ivs[rnd.randrange(len(ivs))]
            st.update(
                intervention=iv["id"],
                cargo=iv["cargo"],
                outcome=rnd.choice(["beneficial", "beneficial", "deleterious"]),
            )
        studies.append(st)
    return {
        "entities": ents,
        "edges": edges,
        "diseases": diseases,
        "roles": roles,
        "interventions": ivs,
        "studies": studies,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("studies", type=int)
    ap.add_argument("--diseases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args(argv)
    with open(a.output, "w", encoding="utf-8") as fh:
        json.dump(synthetic(a.studies, a.diseases, a.seed), fh, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
