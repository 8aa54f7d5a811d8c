"""Benchmarks: latency vs the import floor, check, scale, explanation overhead.

Writes benchmarks/results.md.  Run: python benchmarks/bench.py [--quick]
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).parent
RUNS = 3 if "--quick" in sys.argv else 10


def median_time(cmd: list[str], runs: int = RUNS, env=None) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def synthetic(n_studies: int, n_diseases: int = 1000, seed: int = 1) -> dict:
    """A synthetic knowledge base of the bundled schema and shape."""
    rnd = random.Random(seed)
    q = "Exosomes are extracellular vesicles that primarily exist in bodily fluids such as blood."
    ents = [{"id": f"zg{i}", "kind": "gene", "label": f"G{i}"} for i in range(n_diseases)]
    ents += [{"id": f"zm{i}", "kind": "mirna", "label": f"miR-{i}"} for i in range(n_diseases)]
    edges = [{"id": f"ze{i}", "source": f"zm{i}", "target": f"zg{i}", "sign": "-", "refs": [5],
              "quote": q, "section": "x"} for i in range(n_diseases)]
    edges += [{"id": f"zf{i}", "source": f"zg{i}", "target": "autophagy", "sign": rnd.choice("+-"),
               "refs": [5], "quote": q, "section": "x"} for i in range(n_diseases)]
    diseases = [{"id": f"zd{i}", "name": f"disease {i}", "organ": f"o{i % 50}", "system": "s",
                 "classes": [rnd.choice(["injury", "fibrosis", "cancer"])], "refs": [5], "quote": q,
                 "section": "x", "stages": [{"id": "early", "name": "early"}, {"id": "late", "name": "late"}]}
                for i in range(n_diseases)]
    roles = [{"id": f"zr{i}", "disease": f"zd{i}", "stage": "late", "role": "deleterious", "refs": [5],
              "quote": q, "section": "x"} for i in range(n_diseases)]
    ivs = [{"id": f"zi{i}", "label": f"exosomes {i}", "kind": "msc_exosome", "cargo": f"zm{i % n_diseases}",
            "refs": [5]} for i in range(n_studies // 3 + 1)]
    studies = []
    for i in range(n_studies):
        studies.append({"id": f"zs{i}", "refs": [rnd.randint(1, 96)], "quote": q, "section": "x",
                        "disease": f"zd{i % n_diseases}", "condition": "c", "intervention": f"zi{i % len(ivs)}",
                        "cargo": f"zm{i % len(ivs) % n_diseases}",
                        "autophagy_effect": rnd.choice(["induce", "inhibit"]),
                        "outcome": rnd.choice(["beneficial", "beneficial", "deleterious"]),
                        "evidence": rnd.choice(["in_vitro", "in_vivo", "both"])})
    return {"entities": ents, "edges": edges, "diseases": diseases, "roles": roles,
            "interventions": ivs, "studies": studies}


def scale(n: int) -> tuple[float, float]:
    code = ("import resource,sys,time;"
            "from reasoner.kb import load;"
            "from reasoner.api import build,resolve_context,query_atoms;from reasoner.solver import solve;"
            "kb=load([sys.argv[1]]);d,s,_=resolve_context(kb,'zd1','late',None);"
            "t=time.perf_counter();a=solve(kb.atoms(),query_atoms(d.id,s,None));build(kb,a,d,s,None);"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)")
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "kb.yaml"
        f.write_text(yaml.safe_dump(synthetic(n), sort_keys=False))
        out = subprocess.run([sys.executable, "-c", code, str(f)], check=True, capture_output=True,
                             text=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    reasoner = [sys.executable, "-m", "reasoner"]
    floor = median_time([sys.executable, "-c", "import clingo, pydantic, click, jinja2"])
    subprocess.run(reasoner + ["suggest", "--disease", "hepatic_IR"], capture_output=True)  # warm cache
    suggest = median_time(reasoner + ["suggest", "--disease", "hepatic_IR", "--stage", "reperfusion",
                                      "--format", "json"])
    check = median_time(reasoner + ["check", "--format", "json"], runs=max(3, RUNS // 3))
    rows = []
    sizes = (1000, 10000) if "--quick" in sys.argv else (1000, 10000, 100000)
    for n in sizes:
        t, mem = scale(n)
        rows.append((n, t, mem))
    lines = [
        "# Benchmark results", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; medians of {RUNS} runs.", "",
        "| measure | seconds | ratio to import floor |", "|---|---|---|",
        f"| floor: `import clingo, pydantic, click, jinja2` | {floor:.3f} | 1.00 |",
        f"| `suggest --disease hepatic_IR --stage reperfusion --format json` | {suggest:.3f} | {suggest / floor:.2f} |",
        f"| `check` (all conclusions) | {check:.3f} | {check / floor:.2f} |", "",
        "Scale: one `suggest` (solve + build, after loading) over synthetic knowledge bases "
        "(1000 diseases, a miRNA-target-autophagy graph of matching size):", "",
        "| studies | seconds | peak RSS (MiB) | time ratio to previous |", "|---|---|---|---|",
    ]
    prev = None
    for n, t, mem in rows:
        lines.append(f"| {n} | {t:.3f} | {mem:.0f} | {'' if prev is None else f'{t / prev:.1f}'} |")
        prev = t
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
