"""Before and after in one run: the main-job rows of ``bench.py`` for two installed packages,
interleaved round by round (each row of both packages once per round), medians with min/max.

    python benchmarks/compare.py --before /path/to/venv-before/bin/python \\
        --after /path/to/venv-after/bin/python --rounds 11 -o benchmarks/compare.md

Each interpreter runs its own installed ``reasoner`` (install each as a wheel, ``pip install .``,
not ``-e``), with its own cache directory, from a neutral directory.  Each row is measured
twice over: wall clock and CPU time (user + system of the process), which waiting for a core
on a shared machine does not inflate.  A row's verdict is "worse" when the after median
exceeds the before maximum (beyond the run's spread) in either measure, "better" when it is
below the before minimum in both; the last column says whether the middle halves (quartiles)
of the CPU samples are apart.  ``--rows`` picks rows by a word of their label; ``--scale FILE``
runs the warm rows on a synthetic knowledge base instead (``synth.py``).  The raw times are
written beside the table (``-o X.md`` -> ``X.json``).

Without a venv per side: unpack each wheel (``pip wheel --no-deps .``, then
``python -m zipfile -e W.whl DIR``) and pass a two-line script as the interpreter that runs
one python with ``PYTHONPATH=DIR`` (the mechanism audit in results.md was run so).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402

ROWS = [
    ("floor", None),
    ("suggest (main job) --format json", bench.MAIN),
    ("suggest (main job), text", ["suggest", *bench.HEPATIC]),
    (
        "explain ucmsc_exos_mir_20a (main job) --format json",
        ["explain", "ucmsc_exos_mir_20a", *bench.HEPATIC, "--format", "json"],
    ),
    ("check --format json", ["check", "--format", "json"]),
    ("plan --disease hepatic_IR --format json", ["plan", "--disease", "hepatic_IR", "--format", "json"]),
    ("report --all -o DIR --force", ["report", "--all", "-o", "{report}", "--force"]),
    ("cold: suggest (main job) --format json, empty cache", ["cold", *bench.MAIN]),
    (
        "check --facts ONE-RECORD --format json",
        ["check", "--facts", str(bench.ONE_RECORD), "--format", "json"],
    ),
    (
        "impact --facts ONE-RECORD --format json",
        ["impact", "--facts", str(bench.ONE_RECORD), "--format", "json"],
    ),
]
#: Rows at scale, with ``--scale FILE`` (a knowledge base of ``synth.py``): warm, as bench.py's.
SCALE_ROWS = [
    ("scale: warm suggest --facts FILE", ["suggest", *bench.SYNTH, "--facts", "{facts}", "--format", "json"]),
    (
        "scale: warm explain zi27328 --facts FILE",
        ["explain", "zi27328", *bench.SYNTH, "--facts", "{facts}", "--format", "json"],
    ),
]


def _spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def verdict(b: "bench.Case", f: "bench.Case") -> str:
    """ "worse" beyond the before side's spread in wall or CPU time, "better" below it in both."""
    if f.median > max(b.walls) or f.cpu_median > max(b.cpus):
        return "worse"
    if f.median < min(b.walls) and f.cpu_median < min(b.cpus):
        return "better"
    return "within the spread"


def apart(before: list[float], after: list[float]) -> str:
    """Whether the middle halves of two samples are apart: "after higher" when after's first
    quartile is above before's third, "after lower" the other way round, else "overlap"."""
    qb, qa = statistics.quantiles(before, n=4), statistics.quantiles(after, n=4)
    if qa[0] > qb[2]:
        return "after higher"
    if qa[2] < qb[0]:
        return "after lower"
    return "overlap"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="python of the venv with the old package")
    ap.add_argument("--after", required=True, help="python of the venv with the new package")
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("-o", "--output", default=str(HERE / "compare.md"))
    ap.add_argument(
        "--scale",
        default="",
        help="a synthetic knowledge base (benchmarks/synth.py): its warm rows instead of the main job's",
    )
    ap.add_argument(
        "--rows",
        default="",
        help="comma-separated words; only rows whose label holds one of them (default: every row)",
    )
    a = ap.parse_args(argv)
    words = [w for w in a.rows.split(",") if w]
    rows = [r for r in (SCALE_ROWS if a.scale else ROWS) if not words or any(w in r[0] for w in words)]
    tmp = Path(tempfile.mkdtemp(prefix="reasoner-compare-"))
    bench.NEUTRAL = str(tmp)
    cases = []
    for tag, py in (("before", a.before), ("after", a.after)):
        env = {**os.environ, "REASONER_CACHE_DIR": str(tmp / f"cache-{tag}")}
        env.pop("REASONER_NO_CACHE", None)
        for label, args in rows:
            case_env, before = env, None
            if args is None:
                cmd = [py, "-c", "import clingo, pydantic, click, jinja2"]
            else:
                if args[0] == "cold":  # a cache directory of its own, emptied before each run
                    cold = tmp / f"cold-{tag}"
                    case_env, before, args = (
                        {**env, "REASONER_CACHE_DIR": str(cold)},
                        bench.emptier(cold),
                        args[1:],
                    )
                cmd = [
                    py,
                    "-m",
                    "reasoner",
                    *[x.format(report=tmp / f"report-{tag}", facts=a.scale) for x in args],
                ]
            cases.append(bench.Case(f"{tag}:{label}", label, cmd, case_env, before=before))
    start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()[0]
    try:
        res = bench.interleaved(cases, a.rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        "# Before and after (one interleaved run)",
        "",
        f"`python benchmarks/compare.py --rounds {a.rounds}` on {start}; load average at "
        f"start {load:.2f}; {os.cpu_count()} cores.  Before: `{a.before}`; after: "
        f"`{a.after}`.  Seconds per process, min / median / max, of wall clock and of CPU "
        "time (user + system).",
        "",
        "| row | before wall | after wall | before CPU | after CPU | after/before wall, CPU "
        "| verdict | CPU quartiles |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, _ in rows:
        b, f = res[f"before:{label}"], res[f"after:{label}"]
        if b.error or f.error or not b.walls or not f.walls:
            lines.append(f"| {label} | failed: {b.error or f.error} | | | | | | |")
            continue
        lines.append(
            f"| {label} | {_spread(b.walls)} | {_spread(f.walls)} | {_spread(b.cpus)} | "
            f"{_spread(f.cpus)} | {f.median / b.median:.2f}, "
            f"{f.cpu_median / b.cpu_median:.2f} | {verdict(b, f)} | {apart(b.cpus, f.cpus)} |"
        )
    raw = {k: {"walls": c.walls, "cpus": c.cpus} for k, c in res.items()}
    Path(a.output).with_suffix(".json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    Path(a.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
