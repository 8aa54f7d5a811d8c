"""Before and after in one run: the main-job rows of ``bench.py`` for two installed packages,
interleaved round by round (each row of both packages once per round), medians with min/max.

    python benchmarks/compare.py --before /path/to/venv-before/bin/python \\
        --after /path/to/venv-after/bin/python --rounds 11 -o benchmarks/compare.md

Each interpreter runs its own installed ``reasoner`` (install each as a wheel, ``pip install .``,
not ``-e``), with its own cache directory, from a neutral directory.  A row's verdict is
"worse" only when the after median exceeds the before maximum (beyond the run's spread).
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    ("explain ucmsc_exos_mir_20a (main job) --format json",
     ["explain", "ucmsc_exos_mir_20a", *bench.HEPATIC, "--format", "json"]),
    ("check --format json", ["check", "--format", "json"]),
    ("plan --disease hepatic_IR --format json", ["plan", "--disease", "hepatic_IR", "--format", "json"]),
    ("report --all -o DIR --force", ["report", "--all", "-o", "{report}", "--force"]),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="python of the venv with the old package")
    ap.add_argument("--after", required=True, help="python of the venv with the new package")
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("-o", "--output", default=str(HERE / "compare.md"))
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="reasoner-compare-"))
    bench.NEUTRAL = str(tmp)
    cases = []
    for tag, py in (("before", a.before), ("after", a.after)):
        env = {**os.environ, "REASONER_CACHE_DIR": str(tmp / f"cache-{tag}")}
        env.pop("REASONER_NO_CACHE", None)
        for label, args in ROWS:
            if args is None:
                cmd = [py, "-c", "import clingo, pydantic, click, jinja2"]
            else:
                cmd = [py, "-m", "reasoner",
                       *[x.format(report=tmp / f"report-{tag}") for x in args]]
            cases.append(bench.Case(f"{tag}:{label}", label, cmd, env))
    start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()[0]
    try:
        res = bench.interleaved(cases, a.rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = ["# Before and after (one interleaved run)", "",
             f"`python benchmarks/compare.py --rounds {a.rounds}` on {start}; load average at "
             f"start {load:.2f}; {os.cpu_count()} cores.  Before: `{a.before}`; after: "
             f"`{a.after}`.  Seconds of wall clock per process: min / median / max.", "",
             "| row | before min | before median | before max | after min | after median | "
             "after max | after/before | verdict |", "|---|---|---|---|---|---|---|---|---|"]
    for label, _ in ROWS:
        b, f = res[f"before:{label}"], res[f"after:{label}"]
        if b.error or f.error or not b.walls or not f.walls:
            lines.append(f"| {label} | failed: {b.error or f.error} | | | | | | | |")
            continue
        worse = f.median > max(b.walls)
        better = f.median < min(b.walls)
        verdict = "worse" if worse else ("better" if better else "within the spread")
        lines.append(f"| {label} | {min(b.walls):.3f} | {b.median:.3f} | {max(b.walls):.3f} | "
                     f"{min(f.walls):.3f} | {f.median:.3f} | {max(f.walls):.3f} | "
                     f"{f.median / b.median:.2f} | {verdict} |")
    Path(a.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
