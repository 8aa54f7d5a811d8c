"""How far past ``--timeout T`` a run ends, on a dense user graph (issue 13, item 5).

    python benchmarks/overshoot.py                 # 100 entities, 9,910 edges; T = 1 s; 5 runs
    python benchmarks/overshoot.py --entities 150 --timeout 2 --runs 3

The graph: N miRNA entities with a signed edge between every ordered pair, an
edge from each to autophagy, and one study per entity in hepatic_IR naming it
as cargo, so grounding the mechanism paths is dense.  Prints the wall time of
each run (a separate process), its exit code and the overshoot (wall - T).
Measures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUOTE = "Exosomes are extracellular vesicles that primarily exist in bodily fluids such as blood."


def dense(n: int) -> dict:
    cited = {"refs": [5], "quote": QUOTE, "section": "1"}
    ents = [{"id": f"dm{i}", "kind": "mirna", "label": f"miR-d{i}"} for i in range(n)]
    edges = [
        {
            "id": f"de_{i}_{j}",
            "source": f"dm{i}",
            "target": f"dm{j}",
            "sign": "+" if (i * 7 + j) % 3 else "-",
            **cited,
        }
        for i in range(n)
        for j in range(n)
        if i != j
    ]
    edges += [
        {"id": f"de_{i}_a", "source": f"dm{i}", "target": "autophagy", "sign": "+" if i % 2 else "-", **cited}
        for i in range(min(n, 10))
    ]
    studies = [
        {
            "id": f"ds{i}",
            "disease": "hepatic_IR",
            "condition": "dense graph probe",
            "cargo": f"dm{i}",
            "cargo_change": "up",
            "outcome": "deleterious",
            "evidence": "in_vivo",
            "autophagy_effect": "induce",
            **cited,
        }
        for i in range(n)
    ]
    return {"entities": ents, "edges": edges, "studies": studies}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dense.json")
        data = dense(args.entities)
        with open(path, "w") as fh:
            json.dump(data, fh)
        env = {**os.environ, "REASONER_CACHE_DIR": os.path.join(tmp, "cache")}
        cmd = [
            sys.executable,
            "-m",
            "reasoner",
            "suggest",
            "--disease",
            "hepatic_IR",
            "--facts",
            path,
            "--timeout",
            str(args.timeout),
            "--format",
            "json",
        ]
        subprocess.run(cmd, env=env, capture_output=True)  # warm the cache (compile once)
        print(f"{args.entities} entities, {len(data['edges'])} edges, --timeout {args.timeout:g}")
        over = []
        for _ in range(args.runs):
            t = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t
            over.append(wall - args.timeout)
            print(
                f"  wall {wall:.3f} s  exit {done.returncode}  overshoot {wall - args.timeout:+.3f} s"
                f"  {done.stderr.strip()[:80]}"
            )
        print(
            f"overshoot min/median/max: {min(over):+.3f} / {statistics.median(over):+.3f} / "
            f"{max(over):+.3f} s (whole process: start-up and loading included)"
        )
        code = (
            "import json, sys, time\n"
            "from reasoner import api\n"
            "from reasoner.errors import SolverTimeout\n"
            "kb = api.load_kb([sys.argv[1]])\n"
            "out = []\n"
            "for _ in range(int(sys.argv[3])):\n"
            "    t = time.monotonic()\n"
            "    try:\n"
            "        api.run(kb, [('hepatic_IR', None)], float(sys.argv[2]))\n"
            "    except SolverTimeout:\n"
            "        pass\n"
            "    out.append(time.monotonic() - t - float(sys.argv[2]))\n"
            "print(json.dumps(out))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, path, str(args.timeout), str(args.runs)],
            env=env,
            capture_output=True,
            text=True,
        )
        solve_over = json.loads(done.stdout)
        print(
            f"solve-only overshoot (api.run called to SolverTimeout, minus T) min/median/max: "
            f"{min(solve_over):+.3f} / {statistics.median(solve_over):+.3f} / "
            f"{max(solve_over):+.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
