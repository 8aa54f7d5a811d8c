"""Bounded load test of `reasoner serve`: a fixed number of requests from a few clients, then stop.

    python benchmarks/load.py                  # 4 clients, 400 requests per target
    python benchmarks/load.py --requests 40    # a quick check that it works
    python benchmarks/load.py --write          # also append the figures to benchmarks/results.md

It starts its own server on 127.0.0.1 and a free port, warms it (the first
answer of a context is solved, later ones come from the process's cache), then
for each target sends the fixed number of requests from CLIENTS concurrent
clients (keep-alive connections, stdlib http.client) and reports the median,
p95 and max latency per request.  It stops the server in every case.
Targets: p95 <= 50 ms for a cached /api/suggest, p95 <= 150 ms for an answer page.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))
from _webserver import running_server  # noqa: E402

TARGETS = {
    "cached /api/suggest": [
        "/api/suggest?disease=hepatic_IR&stage=reperfusion",
        "/api/suggest?disease=MI&stage=ischaemia",
        "/api/suggest?disease=PD",
    ],
    "answer page": [
        "/answer?disease=hepatic_IR&stage=reperfusion",
        "/answer?disease=MI&stage=ischaemia",
        "/answer?disease=PD",
    ],
}
GOALS = {"cached /api/suggest": 50.0, "answer page": 150.0}
GOALS_NOTE = {"answer page, first request (solves)": "none (reported)"}


def client(port: int, paths: list[str], count: int, out: list[float], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for i in range(count):
            path = paths[i % len(paths)]
            t = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            out.append((time.perf_counter() - t) * 1000)
            if resp.status != 200:
                errors.append(f"{path}: HTTP {resp.status}")
    finally:
        conn.close()


def run_target(port: int, paths: list[str], requests: int, clients: int) -> dict:
    per = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    times: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    threads = [
        threading.Thread(target=client, args=(port, paths, per[i], times[i], errors)) for i in range(clients)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    flat = sorted(x for ts in times for x in ts)
    p95 = flat[max(0, int(round(0.95 * len(flat))) - 1)]
    return {
        "n": len(flat),
        "median": statistics.median(flat),
        "p95": p95,
        "max": flat[-1],
        "rps": len(flat) / wall,
        "errors": errors,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=400, help="requests per target")
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients")
    ap.add_argument("--write", action="store_true", help="append the table to benchmarks/results.md")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        with running_server(Path(tmp)) as base:
            port = int(base.rsplit(":", 1)[1])
            # first request of every bundled context: the solve (and rendering) of an answer page
            from reasoner.api import load_kb

            cold = [
                f"/answer?disease={d.id}" + (f"&stage={s}" if s else "")
                for d in load_kb().diseases
                for s in [None] + [x.id for x in d.stages]
            ]
            rows.append(("answer page, first request (solves)", run_target(port, cold, len(cold), 1)))
            for paths in TARGETS.values():  # warm: solve each context once
                for p in paths:
                    client(port, [p], 2, [], [])
            for name, paths in TARGETS.items():
                res = run_target(port, paths, args.requests, args.clients)
                rows.append((name, res))
    lines = [
        f"### Load test (`python benchmarks/load.py`): {args.requests} requests per target, "
        f"{args.clients} concurrent clients, warm process",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "| target | requests | median ms | p95 ms | max ms | req/s | goal (p95) | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    failed = False
    for name, r in rows:
        if name in GOALS:
            goal = f"<= {GOALS[name]:.0f} ms: " + ("met" if r["p95"] <= GOALS[name] else "missed")
        else:
            goal = GOALS_NOTE[name]
        failed |= bool(r["errors"])
        lines.append(
            f"| {name} | {r['n']} | {r['median']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | "
            f"{r['rps']:.0f} | {goal} | {len(r['errors'])} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    for _, r in rows:
        for e in r["errors"][:5]:
            print("error:", e, file=sys.stderr)
    if args.write:
        with (HERE / "results.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
