"""Benchmarks: every target of the performance issues, interleaved rounds, median with min and max.

    python benchmarks/bench.py            # full run, writes benchmarks/results.md
    python benchmarks/bench.py --quick    # smoke test: 5 rounds, 1k/3k studies, results-quick.md
    python benchmarks/bench.py --rounds 31 --scale-rounds 21 --sizes 100000,300000

Every figure is the wall clock of a separate process (``python -m reasoner ...``),
its CPU time (user + system) and its peak RSS.  The commands of one group run interleaved: each round runs
every command of the group once, in turn, so the import floor, the commands and
bare clingo see the same machine state; a row gives the median over the rounds,
with min and max.  A cold row empties its cache directory before each run.
No timing is asserted anywhere in the test suite.

"Distance to the physical limit": the exact program and facts that reasoner
grounds for a query (the in-scope atoms after ``rules/scope.lp``, the query,
the encoding with its support companions and constraints) are written to
files and solved by bare clingo (``python -m clingo``); the rows compare
reasoner's answer with clingo's own reported time and with the wall clock of
that clingo process.

Rows for commands other issues add (``OPTIONAL`` below: ``observe``, ``explain``
with flips, ``suggest --comorbid``; ``observe`` also at scale) are reported as
"not available" until the command or option appears in ``--help``; adjust
their arguments there when they land.

A full run takes roughly 15 minutes at the default sizes on an idle 2-core
machine (dominated by the cold 300k rounds); ``--quick`` about one minute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

# Measure what an installed package does: bytecode cached (pip compiles it at install time).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
PY = sys.executable
REASONER = [PY, "-m", "reasoner"]
CLINGO = [PY, "-m", "clingo"]
FLOOR = [PY, "-c", "import clingo, pydantic, click, jinja2"]
HEPATIC = ["--disease", "hepatic_IR", "--stage", "reperfusion"]
MAIN = ["suggest", *HEPATIC, "--format", "json"]
SYNTH = ["--disease", "zd1", "--stage", "late"]  # a staged synthetic disease

# Commands other issues add.  (label, argv after `reasoner`, (command, option or None) that
# must appear in `reasoner COMMAND --help` for the row to run).  The argv may use {facts}.
# {obs}: 10 observations (up/down alternating) on the first ten edge sources of the bundled
# graph; at scale {obs_synth}: on miRNAs zm0..zm9 of the synthetic graph.
OPTIONAL = [
    (
        "`observe`, 10 observations (main job)",
        ["observe", *HEPATIC, "--observations", "{obs}", "--format", "json"],
        ("observe", None),
    ),
    # issue 16 (what-if), each against plain `suggest` at the same stage: target at most 3x
    (
        "`suggest --stage ischaemia` (reference of the what-if rows)",
        ["suggest", "--disease", "hepatic_IR", "--stage", "ischaemia", "--format", "json"],
        ("suggest", None),
    ),
    (
        "`explain` with flips (ischaemia)",
        [
            "explain",
            "ucmsc_exos_mir_20a",
            "--disease",
            "hepatic_IR",
            "--stage",
            "ischaemia",
            "--format",
            "json",
        ],
        ("explain", None),
    ),
    (
        "`suggest`, two comorbidities (ischaemia)",
        [
            "suggest",
            "--disease",
            "hepatic_IR",
            "--stage",
            "ischaemia",
            "--comorbid",
            "osteosarcoma",
            "--comorbid",
            "MI:reperfusion",
            "--format",
            "json",
        ],
        ("suggest", "--comorbid"),
    ),
    ("`plan`", ["plan", "--disease", "hepatic_IR", "--format", "json"], ("plan", None)),
]

_MEASURE = (
    "import resource,subprocess,sys,time\n"
    "t=time.perf_counter()\n"
    "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\n"
    "w=time.perf_counter()-t\n"
    "u=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stderr.write(r.stderr.decode(errors='replace')[-400:])\n"
    "print(w,u.ru_maxrss/1024,r.returncode,u.ru_utime+u.ru_stime)\n"
)


#: Where commands run unless a case says otherwise: not the source checkout, whose
#: ``reasoner/`` would shadow the installed package for ``python -m reasoner``.
NEUTRAL: Optional[str] = None


#: The one-record --facts file of the impact row (tests/data: a second finding of ref 82).
ONE_RECORD = Path(__file__).resolve().parent.parent / "tests" / "data" / "impact_oa_fixed.yaml"


def measure(cmd: list[str], env: Optional[dict] = None, cwd: Optional[str] = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``cmd`` (raises if it fails)."""
    wall, mem, _ = measure_cpu(cmd, env, cwd)
    return wall, mem


def measure_cpu(
    cmd: list[str], env: Optional[dict] = None, cwd: Optional[str] = None
) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system of the process and the
    children it waited for: ``RUSAGE_CHILDREN`` of a measuring parent that runs nothing else)
    of one run of ``cmd``.  On a shared machine the CPU time is the steadier figure: waiting
    for a core counts in the wall clock, not in the CPU time."""
    done = subprocess.run(
        [PY, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env, cwd=cwd or NEUTRAL
    )
    wall, mem, rc, cpu = done.stdout.split()
    # `reasoner check` exits 1 when a conclusion fails (a synthetic knowledge base can break the
    # review's counts): a finished run all the same, and its time counts
    ok = ("0", "1") if ("check" in cmd[:4] or "impact" in cmd[:4]) else ("0",)
    if rc not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {rc}: {done.stderr.strip()}")
    return float(wall), float(mem), float(cpu)


# ---------------------------------------------------------------- cases and rounds


@dataclass
class Case:
    key: str
    label: str
    cmd: list[str]
    env: Optional[dict] = None
    cwd: Optional[str] = None
    before: Optional[Callable[[], None]] = None  # e.g. empty the cache (cold rows)
    walls: list[float] = field(default_factory=list)
    mems: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds of the process
    error: str = ""

    def run(self) -> None:
        if self.error:
            return
        if self.before:
            self.before()
        try:
            w, m, cpu = measure_cpu(self.cmd, self.env, self.cwd)
        except RuntimeError as exc:
            self.error = str(exc).splitlines()[0][:200]
            return
        self.walls.append(w)
        self.mems.append(m)
        self.cpus.append(cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpus) if self.cpus else float("nan")


def interleaved(cases: list[Case], rounds: int, warmup: int = 1) -> dict[str, Case]:
    """Run every case once per round, in turn; ``warmup`` unrecorded rounds first."""
    for _ in range(warmup):
        for c in cases:
            if c.before:
                c.before()
            try:
                measure(c.cmd, c.env, c.cwd)
            except RuntimeError as exc:
                c.error = str(exc).splitlines()[0][:200]
    for i in range(rounds):
        order = cases if i % 2 == 0 else cases[::-1]  # no case always first after a pause
        for c in order:
            c.run()
        print(f"  round {i + 1}/{rounds}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return {c.key: c for c in cases}


def emptier(path: Path) -> Callable[[], None]:
    def empty() -> None:
        shutil.rmtree(path, ignore_errors=True)

    return empty


# ---------------------------------------------------------------- bare clingo

_DUMP = r"""
import json, sys
from pathlib import Path
import clingo
from reasoner import api
from reasoner.reasoning import solver
facts, disease, stage, out, trees = json.loads(sys.argv[1])
kb = api.load_kb(facts)
d, sid, state = api.resolve_context(kb, disease, stage, None)
q = api.query_atoms([(d.id, state)])
atoms = kb.atoms(solver.scope(kb.scope_atoms(), q)) + q
prog = solver.load_program(str(solver.entry_encoding()))
Path(out, "program.lp").write_text(prog.base + (prog.support if trees else "") + prog.constraints)
with open(Path(out, "facts.lp"), "w") as fh:
    for name, args in atoms:
        fh.write(str(clingo.Function(name, [solver.to_symbol(a) for a in args])) + ".\n")
print(len(atoms))
"""


def dump_program(
    facts: list[str],
    disease: str,
    stage: Optional[str],
    out: Path,
    env: Optional[dict] = None,
    trees: bool = True,
) -> int:
    """Write out/program.lp and out/facts.lp: what reasoner grounds for the query."""
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [PY, "-c", _DUMP, json.dumps([facts, disease, stage, str(out), trees])],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return int(done.stdout.split()[-1])


def clingo_own_time(files: list[Path], rounds: int) -> list[float]:
    """clingo's own reported time (``Time :`` line) over ``rounds`` runs."""
    out = []
    for _ in range(rounds):
        text = subprocess.run(CLINGO + [str(f) for f in files], capture_output=True, text=True).stdout
        m = re.search(r"^Time\s*:\s*([0-9.]+)s", text, re.M)
        if m:
            out.append(float(m.group(1)))
    return out


_PHASES = r"""
import json, sys, time
t0 = time.perf_counter()
from reasoner import api
from reasoner.reporting import render
t1 = time.perf_counter()
facts, disease, stage = json.loads(sys.argv[1])
kb = api.load_kb(facts)
t2 = time.perf_counter()
d, sid, state = api.resolve_context(kb, disease, stage, None)
from reasoner.reasoning.solver import scope, solve
q = api.query_atoms([(d.id, None)])
sc = scope(kb.scope_atoms(), q)
t3 = time.perf_counter()
atoms = kb.facts(sc)
t4 = time.perf_counter()
ans = solve(atoms, q)
t5 = time.perf_counter()
s = api.build(kb, ans, d, sid, state, facts)
t6 = time.perf_counter()
out = render.render(s, "json")
t7 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load (cache)": t2 - t1, "scope": t3 - t2,
                  "atoms of the scope": t4 - t3, "ground + solve": t5 - t4,
                  "build + trees": t6 - t5, "render json": t7 - t6,
                  "answer in process (load .. build)": t6 - t1, "atoms passed": atoms.count("\n") if isinstance(atoms, str) else len(atoms)}))
"""


def phases(
    facts: list[str], disease: str, stage: Optional[str], rounds: int, env: Optional[dict] = None
) -> dict[str, list[float]]:
    """Seconds per phase of one warm suggest, in fresh processes."""
    runs = [
        json.loads(
            subprocess.run(
                [PY, "-c", _PHASES, json.dumps([facts, disease, stage])],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            ).stdout
        )
        for _ in range(rounds)
    ]
    return {k: [r[k] for r in runs] for k in runs[0]}


def observation_files(tmp: Path) -> tuple[Path, Path]:
    """Observation files for `observe`: the bundled graph's first ten edge sources, and
    miRNAs zm0..zm9 of synth.py's graphs; up and down alternating."""
    code = (
        "from reasoner.api import load_kb\n"
        "print(' '.join(sorted({e.source for e in load_kb().edges})[:10]))\n"
    )
    sources = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    obs, obs_synth = tmp / "observations.json", tmp / "observations-synth.json"
    for path, names in ((obs, sources), (obs_synth, [f"zm{i}" for i in range(10)])):
        path.write_text(
            json.dumps(
                {
                    "observations": [
                        {"entity": x, "change": "up" if i % 2 == 0 else "down"} for i, x in enumerate(names)
                    ]
                }
            )
        )
    return obs, obs_synth


# ---------------------------------------------------------------- availability


def available(probe: tuple[str, Optional[str]]) -> bool:
    command, option = probe
    done = subprocess.run(REASONER + [command, "--help"], capture_output=True, text=True)
    return done.returncode == 0 and (option is None or option in done.stdout)


# ---------------------------------------------------------------- report


def fmt_row(
    label: str,
    c: Optional[Case],
    ref: Optional[float] = None,
    target: str = "",
    ok: Optional[bool] = None,
    ref_label: str = "",
    mem_target: Optional[float] = None,
) -> str:
    if c is None:
        return f"| {label} | not available | | | | | | {target} | — | |"
    if c.error or not c.walls:
        return f"| {label} | failed: {c.error or 'no runs'} | | | | | | {target} | — | |"
    med = c.median
    ratio = f"{med / ref:.2f}{' ' + ref_label if ref_label else ''}" if ref else ""
    mem = max(c.mems)
    if ok is None and mem_target is not None:
        ok = mem <= mem_target
    verdict = "" if ok is None else ("met" if ok else "**not met**")
    return (
        f"| {label} | {len(c.walls)} | {min(c.walls):.3f} | {med:.3f} | {max(c.walls):.3f} | "
        f"{min(c.cpus):.3f} / {c.cpu_median:.3f} / {max(c.cpus):.3f} | "
        f"{ratio} | {target} | {verdict} | {mem:.0f} |"
    )


HEADER = [
    "| row | rounds | min s | median s | max s | CPU s min / median / max | ratio | target | "
    "| peak RSS MiB |",
    "|---|---|---|---|---|---|---|---|---|---|",
]


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smoke test: few rounds, small sizes")
    ap.add_argument("--rounds", type=int, default=None, help="rounds of the main-job group (21)")
    ap.add_argument(
        "--scale-rounds",
        type=int,
        default=None,
        help="rounds at the first scale size (21); later sizes use a third",
    )
    ap.add_argument("--sizes", default=None, help="comma-separated study counts (100000,300000)")
    ap.add_argument("-o", "--output", default=None, help="results file (benchmarks/results.md)")
    a = ap.parse_args(argv)
    quick = a.quick
    rounds = a.rounds or (5 if quick else 21)
    scale_rounds = a.scale_rounds or (3 if quick else 21)
    sizes = [int(x) for x in (a.sizes or ("1000,3000" if quick else "100000,300000")).split(",")]
    output = Path(a.output) if a.output else HERE / ("results-quick.md" if quick else "results.md")

    output = output.resolve()
    tmp = Path(tempfile.mkdtemp(prefix="reasoner-bench-"))
    here = os.getcwd()
    os.chdir(tmp)  # every command runs outside a source checkout (see NEUTRAL)
    try:
        lines = run_all(tmp, quick, rounds, scale_rounds, sizes)
    finally:
        os.chdir(here)
        shutil.rmtree(tmp, ignore_errors=True)
    notes = HERE / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def run_all(tmp: Path, quick: bool, rounds: int, scale_rounds: int, sizes: list[int]) -> list[str]:
    global NEUTRAL
    NEUTRAL = str(tmp)
    cache = tmp / "cache-main"
    env = {**os.environ, "REASONER_CACHE_DIR": str(cache)}
    env.pop("REASONER_NO_CACHE", None)
    cold_cache = tmp / "cache-cold"
    cold_env = {**env, "REASONER_CACHE_DIR": str(cold_cache)}
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; "
        f"load average at start {os.getloadavg()[0]:.2f}.  "
        f"Generated by `python benchmarks/bench.py{' --quick' if quick else ''}` "
        f"on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.  "
        "Each row: wall clock of a separate process, interleaved rounds "
        "(every row of a table once per round), min / median / max; ratio of medians.",
        "",
    ]
    where = subprocess.run(
        [
            PY,
            "-c",
            "import reasoner, pathlib; p = pathlib.Path(reasoner.__file__)"
            ".parent; print(p, (p / '_data' / 'prebuilt').is_dir(), "
            "(p / '_data' / 'reports' / 'compiled').is_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp,
    ).stdout.split()
    installed = len(where) == 3 and where[1] == where[2] == "True"
    lines += [
        f"Package measured: `{where[0] if where else '?'}` — "
        + (
            "an installed wheel, with its prebuilt knowledge base and compiled templates."
            if installed
            else "**not an installed wheel** (no prebuilt objects or compiled "
            "templates): install with `pip install .` (not `-e`) to measure what users run."
        ),
        "",
    ]
    if quick:
        lines += ["**Smoke test (`--quick`): few rounds and small sizes; not figures to report.**", ""]

    # ------------------------------------------------ main job
    print("main job", file=sys.stderr)
    report_dir = tmp / "report"
    cases = [
        Case("floor", 'floor: `python -c "import clingo, pydantic, click, jinja2"`', FLOOR),
        Case("json", f"`reasoner {' '.join(MAIN)}`", REASONER + MAIN, env),
        Case("text", f"`reasoner suggest {' '.join(HEPATIC)}` (text)", REASONER + ["suggest", *HEPATIC], env),
        Case(
            "explain",
            "`reasoner explain ucmsc_exos_mir_20a ... --format json`",
            REASONER + ["explain", "ucmsc_exos_mir_20a", *HEPATIC, "--format", "json"],
            env,
        ),
        Case("check", "`reasoner check --format json`", REASONER + ["check", "--format", "json"], env),
        Case(
            "check1",
            "`reasoner check --facts ONE --format json` (a one-record file)",
            REASONER + ["check", "--facts", str(ONE_RECORD), "--format", "json"],
            env,
        ),
        Case(
            "impact",
            "`reasoner impact --facts ONE --format json` (the same file)",
            REASONER + ["impact", "--facts", str(ONE_RECORD), "--format", "json"],
            env,
        ),
        Case(
            "report",
            "`reasoner report --all -o DIR --force` (41 files)",
            REASONER + ["report", "--all", "-o", str(report_dir), "--force"],
            env,
        ),
        Case(
            "timeout",
            f"`reasoner {' '.join(MAIN)} --timeout 60` (a limit set)",
            REASONER + MAIN + ["--timeout", "60"],
            env,
        ),
        Case(
            "cold",
            f"cold: `reasoner {' '.join(MAIN)}`, empty cache",
            REASONER + MAIN,
            cold_env,
            before=emptier(cold_cache),
        ),
        # what a cold call costs without the wheel's prebuilt objects (an editable install,
        # or a --facts file): parse and validate the YAML, parse the rules
        Case(
            "nocache",
            f"`REASONER_NO_CACHE=1 reasoner {' '.join(MAIN)}` (no cache and no "
            "prebuilt objects: YAML parsed and validated, rules parsed)",
            REASONER + MAIN,
            {**env, "REASONER_NO_CACHE": "1"},
        ),
    ]
    obs, obs_synth = observation_files(tmp)
    optional_rows = []
    for label, argv, probe in OPTIONAL:
        if available(probe):
            argv = [a.format(obs=obs, obs_synth=obs_synth) for a in argv]
            c = Case(f"opt:{label}", f"{label}: `reasoner {' '.join(argv)}`", REASONER + argv, env)
            cases.append(c)
            optional_rows.append((label, c))
        else:
            optional_rows.append((label, None))
    main_dump = tmp / "dump-main"
    n_main = dump_program([], "hepatic_IR", "reperfusion", main_dump, env)
    cases.append(
        Case(
            "clingo",
            "bare clingo on the same program and facts (process)",
            CLINGO + [str(main_dump / "program.lp"), str(main_dump / "facts.lp")],
        )
    )
    res = interleaved(cases, rounds)
    floor, sug = res["floor"].median, res["json"].median
    clingo_main = clingo_own_time([main_dump / "program.lp", main_dump / "facts.lp"], rounds)
    ph_main = phases([], "hepatic_IR", "reperfusion", rounds, env)
    in_proc = statistics.median(ph_main["answer in process (load .. build)"])

    def le(x: float, y: float) -> bool:
        return x <= y

    lines += [
        "## Main job (bundled knowledge base)",
        "",
        *HEADER,
        fmt_row(res["floor"].label, res["floor"], floor, ref_label="× floor"),
        fmt_row(res["json"].label, res["json"], floor, "≤ 1.25× floor", le(sug / floor, 1.25), "× floor"),
        fmt_row(
            res["text"].label,
            res["text"],
            floor,
            "≤ 1.25× floor",
            le(res["text"].median / floor, 1.25),
            "× floor",
        ),
        fmt_row(
            res["check"].label,
            res["check"],
            floor,
            "≤ 2× floor",
            le(res["check"].median / floor, 2),
            "× floor",
        ),
        fmt_row(res["check1"].label, res["check1"], floor, "", ref_label="× floor"),
        fmt_row(
            res["impact"].label,
            res["impact"],
            res["check1"].median,
            "≤ 2× check (same file)",
            le(res["impact"].median / res["check1"].median, 2),
            "× check",
        ),
        fmt_row(
            res["explain"].label,
            res["explain"],
            sug,
            "≤ 1.3× suggest",
            le(res["explain"].median / sug, 1.3),
            "× suggest",
        ),
        fmt_row(res["cold"].label, res["cold"], sug, "≤ 2× warm", le(res["cold"].median / sug, 2), "× warm"),
        fmt_row(res["nocache"].label, res["nocache"], sug, "", ref_label="× warm"),
        fmt_row(res["report"].label, res["report"], None, "≤ 0.6 s", le(res["report"].median, 0.6)),
        fmt_row(res["timeout"].label, res["timeout"], sug, "no cost of the limit", ref_label="× no limit"),
        fmt_row(res["clingo"].label, res["clingo"], None),
    ]
    ref_case = dict(optional_rows).get(OPTIONAL[1][0])  # plain suggest at ischaemia
    for label, c in optional_rows:
        if label == OPTIONAL[0][0] or ref_case is None or c is ref_case:
            lines.append(fmt_row(label, c, sug, "", ref_label="× suggest"))
        else:  # what-if rows: against plain suggest at the same stage
            ok = c.median / ref_case.median <= 3 if c is not None and c.walls else None
            lines.append(
                fmt_row(
                    label,
                    c,
                    ref_case.median if ref_case.walls else None,
                    "≤ 3× suggest (ischaemia)",
                    ok,
                    "× suggest (ischaemia)",
                )
            )
    lines += [
        "",
        f"Distance to the physical limit, main job ({n_main} input atoms after scope):",
        "",
        "| measure | seconds (median) | ratio |",
        "|---|---|---|",
        f"| bare clingo's own time (`Time:`), {len(clingo_main)} runs | {_med(clingo_main):.3f} | 1.00 |",
        f"| reasoner in process: load, scope, ground + solve, build (no imports) | "
        f"{in_proc:.3f} | {in_proc / _med(clingo_main):.2f} |",
        f"| `reasoner suggest` process / `python -m clingo` process | "
        f"{sug:.3f} / {res['clingo'].median:.3f} | {sug / res['clingo'].median:.2f} |",
        "",
    ]

    # ------------------------------------------------ path spelling (one cache entry)
    spell = tmp / "spell"
    spell.mkdir()
    kb_small = spell / "kb.json"
    synth.main(["200", "-o", str(kb_small)])
    spell_env = {**env, "REASONER_CACHE_DIR": str(spell / "cache")}
    for facts in ("kb.json", str(kb_small), "./kb.json"):
        subprocess.run(
            REASONER + ["suggest", *SYNTH, "--facts", facts, "--format", "json"],
            check=True,
            capture_output=True,
            env=spell_env,
            cwd=spell,
        )
    entries = sorted(p.name for p in (spell / "cache").iterdir()) if (spell / "cache").exists() else []
    kb_entries = [e for e in entries if e.startswith("kb-")]
    lines += [
        "Cache key by content: `--facts kb.json`, its absolute path and `./kb.json` "
        f"leave {len(kb_entries)} knowledge-base entr{'y' if len(kb_entries) == 1 else 'ies'} "
        f"(target 1; cache files: {', '.join(entries) or 'none'}).",
        "",
    ]

    # ------------------------------------------------ scale
    scale_lines = [
        "## Scale: synthetic knowledge bases",
        "",
        "`benchmarks/synth.py N` writes a user facts file of the bundled schema (N studies "
        "over 1000 diseases). Commands use "
        f"`{' '.join(SYNTH)} --facts kbN.json --format json`; cold = empty cache.",
        "",
    ]
    warm_by_size: dict[int, float] = {}
    first = True
    for n in sizes:
        print(f"{n} studies", file=sys.stderr)
        f = tmp / f"kb{n}.json"
        synth.main([str(n), "-o", str(f)])
        c_dir = tmp / f"cache{n}"
        c_cold = tmp / f"cache{n}-cold"
        e = {**env, "REASONER_CACHE_DIR": str(c_dir)}
        ec = {**env, "REASONER_CACHE_DIR": str(c_cold)}
        base = ["--facts", str(f), "--format", "json"]
        scmd = REASONER + ["suggest", *SYNTH, *base]
        subprocess.run(scmd, check=True, capture_output=True, env=e)  # fill the cache
        out = json.loads(subprocess.run(scmd, check=True, capture_output=True, text=True, env=e).stdout)
        iv = (out["candidates"] or out["not_recommended"] or [{"id": "zi1"}])[0]["id"]
        dump = tmp / f"dump{n}"
        n_atoms = dump_program([str(f)], "zd1", "late", dump, e)
        r_n = scale_rounds if first else max(3, scale_rounds // 3)
        cases = [
            Case("warm", f"warm `suggest` ({n})", scmd, e),
            Case("explain", f"warm `explain {iv}` ({n})", REASONER + ["explain", iv, *SYNTH, *base], e),
            Case(
                "check",
                f"`check --facts` ({n})",
                REASONER + ["check", "--facts", str(f), "--format", "json"],
                e,
            ),
            Case(
                "clingo",
                f"bare clingo, same program and facts ({n}, process)",
                CLINGO + [str(dump / "program.lp"), str(dump / "facts.lp")],
            ),
            Case("cold", f"cold `suggest` ({n})", scmd, ec, before=emptier(c_cold)),
        ]
        if available(("observe", None)):
            cases.append(
                Case(
                    "observe",
                    f"warm `observe`, 10 observations on zm0..zm9 ({n})",
                    REASONER + ["observe", "--disease", "zd1", "--observations", str(obs_synth), *base],
                    e,
                )
            )
        res = interleaved(cases, r_n)
        own = clingo_own_time([dump / "program.lp", dump / "facts.lp"], r_n)
        ph = phases([str(f)], "zd1", "late", max(3, r_n // 3), e)
        warm = res["warm"].median
        warm_by_size[n] = warm
        big = n >= 100000
        scale_lines += [
            f"### {n} studies ({f.stat().st_size / 2**20:.0f} MiB file, {n_atoms} input atoms after scope)",
            "",
            *HEADER,
            fmt_row(
                res["cold"].label,
                res["cold"],
                warm,
                "≤ 4 s" if n == 100000 else "",
                le(res["cold"].median, 4) if n == 100000 else None,
                "× warm",
            ),
            fmt_row(
                res["warm"].label,
                res["warm"],
                None,
                "≤ 1 s, ≤ 300 MiB" if n == 100000 else "",
                (le(warm, 1) and max(res["warm"].mems) <= 300) if n == 100000 else None,
            ),
            fmt_row(
                res["explain"].label,
                res["explain"],
                warm,
                "≤ 1.3× suggest",
                le(res["explain"].median / warm, 1.3) if big else None,
                "× suggest",
            ),
            fmt_row(
                res["check"].label,
                res["check"],
                None,
                "≤ 10 s, ≤ 500 MiB" if n == 100000 else "",
                (le(res["check"].median, 10) and max(res["check"].mems) <= 500) if n == 100000 else None,
            ),
            fmt_row(res["clingo"].label, res["clingo"], None),
            *(
                [fmt_row(res["observe"].label, res["observe"], warm, ref_label="× suggest")]
                if "observe" in res
                else []
            ),
            "",
        ]
        in_proc = statistics.median(ph["answer in process (load .. build)"])
        scale_lines += [
            f"Distance to the physical limit at {n}: bare clingo's own time "
            f"{_med(own):.3f} s; reasoner in process (load .. build) {in_proc:.3f} s = "
            f"**{in_proc / _med(own):.2f}×** (target ≤ 2× at 100k); whole `suggest` "
            f"process {warm:.3f} s = {warm / _med(own):.2f}× clingo's own time, "
            f"{warm / res['clingo'].median:.2f}× the clingo process.",
            "",
            f"Phases of one warm `suggest` at {n} (median of {len(ph['imports'])}, s): "
            + ", ".join(f"{k} {_med(v):.3f}" for k, v in ph.items() if k != "atoms passed")
            + ".",
            "",
        ]
        first = False
    if len(warm_by_size) > 1:
        ns = sorted(warm_by_size)
        growth = [
            f"{ns[i]}→{ns[i + 1]}: ×{warm_by_size[ns[i + 1]] / warm_by_size[ns[i]]:.2f} time for "
            f"×{ns[i + 1] / ns[i]:.1f} studies"
            for i in range(len(ns) - 1)
        ]
        scale_lines += ["Growth of warm `suggest` (target: linear or better): " + "; ".join(growth) + ".", ""]
    lines += scale_lines

    # ------------------------------------------------ phases of the main job
    lines += [
        "## Where the time goes (one warm main-job `suggest`, fresh processes, seconds)",
        "",
        "| phase | min | median | max |",
        "|---|---|---|---|",
    ]
    for k, v in ph_main.items():
        if k == "atoms passed":
            lines.append(f"| {k} | | {_med(v):.0f} | |")
        else:
            lines.append(f"| {k} | {min(v):.4f} | {_med(v):.4f} | {max(v):.4f} |")
    lines.append("")
    return lines


def _med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


if __name__ == "__main__":
    sys.exit(main())
