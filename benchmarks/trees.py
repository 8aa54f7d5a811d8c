"""Several source trees of reasoner in one interleaved run: the main-job rows of ``bench.py``,
each tree run by the same interpreter with the tree first on ``PYTHONPATH``; medians with min
and max of the wall clock and of the CPU time (user + system).

    python benchmarks/trees.py --tree lite=/tmp/a --tree dataclasses=/tmp/b --rounds 21 \\
        -o /tmp/trees.md

For comparing representations of one piece of code (e.g. the answer types, issue 23) without
installing each variant: make each tree with ``git archive`` (plus the variant's edits); the
interpreter's own ``reasoner`` install must not shadow them (an editable install does not).
Each tree gets its own cache directory, filled by the warm-up round.
"""

from __future__ import annotations

import argparse
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
    ("suggest (main job) --format json", bench.MAIN),
    ("suggest (main job), text", ["suggest", *bench.HEPATIC]),
    (
        "explain ucmsc_exos_mir_20a (main job) --format json",
        ["explain", "ucmsc_exos_mir_20a", *bench.HEPATIC, "--format", "json"],
    ),
    ("plan --disease hepatic_IR --format json", ["plan", "--disease", "hepatic_IR", "--format", "json"]),
]


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", action="append", required=True, help="NAME=PATH of a source tree")
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("-o", "--output", default=None, help="also write the table to this file")
    a = ap.parse_args(argv)
    trees = [t.split("=", 1) for t in a.tree]
    tmp = Path(tempfile.mkdtemp(prefix="reasoner-trees-"))
    bench.NEUTRAL = str(tmp)
    cases = []
    for name, path in trees:
        env = {
            **os.environ,
            "PYTHONPATH": str(Path(path).resolve()),
            "REASONER_CACHE_DIR": str(tmp / f"cache-{name}"),
        }
        env.pop("REASONER_NO_CACHE", None)
        for label, args in ROWS:
            cases.append(bench.Case(f"{name}:{label}", label, [bench.PY, "-m", "reasoner", *args], env))
    start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()
    try:
        res = bench.interleaved(cases, a.rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    end = os.getloadavg()
    lines = [
        f"`python benchmarks/trees.py --rounds {a.rounds}` on {start}; {os.cpu_count()} cores; "
        f"load average (1, 5, 15 min) {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start, "
        f"{end[0]:.2f} {end[1]:.2f} {end[2]:.2f} at the end.  Seconds per process, "
        "min / median / max.",
        "",
        "| row | tree | wall | CPU (user + system) |",
        "|---|---|---|---|",
    ]
    for label, _ in ROWS:
        for name, _ in trees:
            c = res[f"{name}:{label}"]
            if c.error or not c.walls:
                lines.append(f"| {label} | {name} | failed: {c.error} | |")
                continue
            lines.append(f"| {label} | {name} | {spread(c.walls)} | {spread(c.cpus)} |")
    text = "\n".join(lines) + "\n"
    if a.output:
        Path(a.output).write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
