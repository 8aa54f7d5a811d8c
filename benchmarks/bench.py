"""Benchmarks: latency against the import floor, `check`, scale, explanation overhead, phases.

    python benchmarks/bench.py            # full run (about 3 minutes), writes benchmarks/results.md
    python benchmarks/bench.py --quick    # fewer runs, 1k and 10k studies only

Every figure is a wall-clock median over separate processes on this machine
(the same run measures the floor, so ratios compare like with like).  No
timing is asserted anywhere in the test suite.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

QUICK = "--quick" in sys.argv
# Measure what an installed package does: bytecode cached (pip compiles it at install time).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
RUNS = 5 if QUICK else 15
REASONER = [sys.executable, "-m", "reasoner"]
FLOOR = [sys.executable, "-c", "import clingo, pydantic, click, jinja2"]
MAIN = ["suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--format", "json"]

_MEASURE = ("import resource,subprocess,sys,time\n"
            "t=time.perf_counter()\n"
            "subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL)\n"
            "print(time.perf_counter()-t,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)\n")


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``cmd``."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True,
                         text=True, env=env).stdout.split()
    return float(out[0]), float(out[1])


def median(cmd: list[str], runs: int = RUNS, env: dict | None = None) -> tuple[float, float]:
    results = [measure(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def phases(facts: list[str], disease: str, stage: str | None,
           env: dict | None = None) -> dict[str, float]:
    """Seconds per phase of one suggest, in a fresh process with a warm cache."""
    code = f"""
import json, sys, time
t0 = time.perf_counter()
from reasoner import api
from reasoner.reporting import render
t1 = time.perf_counter()
kb = api.load_kb({facts!r})
t2 = time.perf_counter()
d, sid, state = api.resolve_context(kb, {disease!r}, {stage!r}, None)
from reasoner.reasoning.solver import scope, solve
q = api.query_atoms([(d.id, None)])
sc = scope(kb.scope_atoms(), q)
t3 = time.perf_counter()
facts = kb.facts(sc)
ans = solve(facts, q)
t4 = time.perf_counter()
s = api.build(kb, ans, d, sid, state, {facts!r})
t5 = time.perf_counter()
out = render.render(s, "json")
t6 = time.perf_counter()
print(json.dumps({{"imports": t1 - t0, "load (cache)": t2 - t1, "scope": t3 - t2,
                  "ground + solve": t4 - t3, "build + trees": t5 - t4, "render": t6 - t5,
                  "atoms passed": facts.count("\\n") if isinstance(facts, str) else len(facts)}}))
"""
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                      text=True, env=env).stdout) for _ in range(3 if QUICK else 5)]
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def observe_bench(sizes: tuple[int, ...] = (100000,), runs: int = RUNS) -> list[str]:
    """`reasoner observe` with 10 observations over the bundled graph and over synth.py's graphs.

    The observations alternate up/down: over the bundled graph on the first ten
    edge sources (by id), over a synthetic graph on miRNAs zm0..zm9 in disease zd1.
    Returns Markdown lines (a separate section of results.md).
    """
    sys.path.insert(0, str(HERE.parent))
    from reasoner.api import load_kb

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sources = sorted({e.source for e in load_kb().edges})[:10]
        obs = Path(tmp) / "bundled.json"
        obs.write_text(json.dumps({"observations": [
            {"entity": s, "change": "up" if i % 2 == 0 else "down"} for i, s in enumerate(sources)]}))
        cmd = REASONER + ["observe", "--disease", "hepatic_IR", "--stage", "reperfusion",
                          "--observations", str(obs), "--format", "json"]
        subprocess.run(cmd, check=True, capture_output=True)
        rows.append(("bundled graph", *median(cmd, runs)))
        for n in sizes:
            f = Path(tmp) / f"kb{n}.json"
            synth.main([str(n), "-o", str(f)])
            env = {**os.environ, "REASONER_CACHE_DIR": str(Path(tmp) / f"cache{n}")}
            obs = Path(tmp) / f"synth{n}.json"
            obs.write_text(json.dumps({"observations": [
                {"entity": f"zm{i}", "change": "up" if i % 2 == 0 else "down"} for i in range(10)]}))
            cmd = REASONER + ["observe", "--disease", "zd1", "--observations", str(obs),
                              "--facts", str(f), "--format", "json"]
            subprocess.run(cmd, check=True, capture_output=True, env=env)  # fills the cache
            rows.append((f"synthetic, {n} studies", *median(cmd, max(3, runs // 3), env)))
    lines = ["## `observe`: 10 observations (warm cache, median seconds)", "",
             "| graph | seconds | peak RSS (MiB) |", "|---|---|---|"]
    lines += [f"| {name} | {sec:.3f} | {mem:.0f} |" for name, sec, mem in rows]
    return lines + [""]
# issue 16: flips and comorbidities, as ratios to plain suggest (same command otherwise)
WHATIF = {
    "plain suggest": ["suggest", "--disease", "hepatic_IR", "--stage", "ischaemia", "--format", "json"],
    "explain with flips": ["explain", "ucmsc_exos_mir_20a", "--disease", "hepatic_IR", "--stage",
                           "ischaemia", "--format", "json"],
    "suggest, two comorbidities": ["suggest", "--disease", "hepatic_IR", "--stage", "ischaemia",
                                   "--comorbid", "osteosarcoma", "--comorbid", "MI:reperfusion",
                                   "--format", "json"],
    "plan": ["plan", "--disease", "hepatic_IR", "--format", "json"],
}


def whatif_rows(runs: int | None = None) -> list[str]:
    """Markdown rows: median seconds of each WHATIF command and its ratio to plain suggest."""
    runs = runs or RUNS
    for cmd in WHATIF.values():  # warm caches and bytecode
        subprocess.run(REASONER + cmd, check=True, capture_output=True)
    times: dict[str, list[float]] = {k: [] for k in WHATIF}
    for _ in range(runs):  # interleaved: every command sees the same machine state
        for k, cmd in WHATIF.items():
            times[k].append(measure(REASONER + cmd)[0])
    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["plain suggest"]
    out = ["", "## What-if (issue 16): flips, comorbidities and plans against plain `suggest`", "",
           "| command | seconds | ratio to plain suggest (target at most 3) |", "|---|---|---|"]
    for k, cmd in WHATIF.items():
        out.append(f"| `reasoner {' '.join(cmd)}` | {med[k]:.3f} | {med[k] / base:.2f} |")
    return out


def main() -> None:
    lines = ["# Benchmark results", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}, {platform.system()} {platform.release()}.  "
             f"Medians of {RUNS} runs (separate processes, bytecode cached as after `pip install`) "
             "unless stated; "
             f"generated by `python benchmarks/bench.py{' --quick' if QUICK else ''}`.", ""]
    for _ in range(2):  # warm the caches and write bytecode
        subprocess.run(REASONER + MAIN, check=True, capture_output=True)
        subprocess.run(REASONER + ["check"], check=True, capture_output=True)
    # interleaved, so that the floor and the commands see the same machine state
    runs: dict[str, list[tuple[float, float]]] = {"floor": [], "suggest": [], "check": []}
    for _ in range(RUNS):
        runs["floor"].append(measure(FLOOR))
        runs["suggest"].append(measure(REASONER + MAIN))
        runs["check"].append(measure(REASONER + ["check", "--format", "json"]))
    floor = statistics.median(r[0] for r in runs["floor"])
    sug = statistics.median(r[0] for r in runs["suggest"])
    sug_mem = max(r[1] for r in runs["suggest"])
    chk = statistics.median(r[0] for r in runs["check"])
    chk_mem = max(r[1] for r in runs["check"])
    lines += ["## (a), (b) Latency against the import floor", "",
              "| command | seconds | ratio to floor | target | peak RSS (MiB) |", "|---|---|---|---|---|",
              f"| floor: `python -c \"import clingo, pydantic, click, jinja2\"` | {floor:.3f} | 1.00 | | |",
              f"| `reasoner {' '.join(MAIN)}` | {sug:.3f} | {sug / floor:.2f} | 1.5 | {sug_mem:.0f} |",
              f"| `reasoner check --format json` (all conclusions) | {chk:.3f} | {chk / floor:.2f} | 3 "
              f"| {chk_mem:.0f} |", ""]

    sizes = (1000, 10000) if QUICK else (1000, 10000, 100000)
    scale_rows, overhead_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            f = Path(tmp) / f"kb{n}.json"
            synth.main([str(n), "-o", str(f)])
            env = {**os.environ, "REASONER_CACHE_DIR": str(Path(tmp) / f"cache{n}")}
            cmd = REASONER + ["suggest", "--disease", "zd1", "--stage", "late", "--facts", str(f),
                              "--format", "json"]
            cold, cold_mem = measure(cmd, env)
            warm, warm_mem = median(cmd, runs=5 if n >= 100000 else max(5, RUNS // 2), env=env)
            out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                            env=env).stdout)
            scale_rows.append((n, f.stat().st_size / 2**20, cold, cold_mem, warm, warm_mem,
                               len(out["candidates"]), len(out["not_recommended"])))
            if n <= 10000 or not QUICK:
                bare, _ = median(cmd + ["--no-trees"], runs=5 if n >= 100000 else RUNS, env=env)
                full, _ = median(cmd, runs=5 if n >= 100000 else RUNS, env=env)
                overhead_rows.append((n, full, bare))
        big = sizes[-1]
        big_phases = phases([str(Path(tmp) / f"kb{big}.json")], "zd1", "late",
                            env={**os.environ, "REASONER_CACHE_DIR": str(Path(tmp) / f"cache{big}")})
    main_phases = phases([], "hepatic_IR", "reperfusion")

    lines += ["## (c) Scale: one `suggest` over synthetic knowledge bases", "",
              "`benchmarks/synth.py N` writes a user facts file of the bundled schema: N studies over "
              "1000 diseases (100 organs, half staged), a signed miRNA -| gene -> pathway -> autophagy "
              "graph of matching size (N/10 miRNAs, N/20 genes, 2 edges per miRNA), N/3 interventions. "
              "Command: `reasoner suggest --disease zd1 --stage late --facts kbN.json --format json`. "
              "Cold = empty cache (parse, validate, compile, solve); warm = cache hit (median).", "",
              "| studies | file (MiB) | cold s | cold peak MiB | warm s | warm peak MiB | warm ratio to "
              "previous size | candidates / not recommended |", "|---|---|---|---|---|---|---|---|"]
    prev = None
    for n, size, cold, cold_mem, warm, warm_mem, nc, nn in scale_rows:
        ratio = "" if prev is None else f"{warm / prev:.2f}"
        lines.append(f"| {n} | {size:.1f} | {cold:.2f} | {cold_mem:.0f} | {warm:.2f} | {warm_mem:.0f} | "
                     f"{ratio} | {nc} / {nn} |")
        prev = warm
    lines += ["", "## (d) Explanation overhead: full justification trees against `--no-trees`", "",
              "| studies | with trees s | without trees s | ratio (target at most 2) |", "|---|---|---|---|"]
    for n, full, bare in overhead_rows:
        lines.append(f"| {n} | {full:.3f} | {bare:.3f} | {full / bare:.2f} |")
    lines += ["", "## Where the time goes (one warm `suggest`, fresh process, seconds)", "",
              f"| phase | main job (bundled KB) | {sizes[-1]} studies |", "|---|---|---|"]
    for k in main_phases:
        a, b = main_phases[k], big_phases[k]
        fmt = (lambda v: f"{v:.0f}") if k == "atoms passed" else (lambda v: f"{v:.3f}")
        lines.append(f"| {k} | {fmt(a)} | {fmt(b)} |")
    lines += [""] + observe_bench((sizes[-1],))
    lines += whatif_rows()
    notes = HERE / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    (HERE / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
