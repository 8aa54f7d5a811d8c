"""Issue 26: eviction deletes only the cache's own files (item 5), and a signed but
unparsable rules cache file is rebuilt, not a traceback (item 7). Through the CLI of the source
tree: an installed wheel's prebuilt objects (the bundled knowledge base, the parsed rules) stand
in for the cache files these tests look at, so a wheel would write none."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import sys

from test_piped_inputs import ROOT


def ask(cache: Path, *extra, budget: str | None = None):
    env = {**os.environ, "REASONER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("REASONER_NO_CACHE", None)
    if budget is not None:
        env["REASONER_CACHE_MAX"] = budget
    return subprocess.run(
        [sys.executable, "-m", "reasoner", "suggest", "--disease", "MI", *map(str, extra)],
        capture_output=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )


def test_eviction_spares_files_that_are_not_the_caches(tmp_path):
    cache = tmp_path / "cache"
    assert ask(cache).returncode == 0
    own_before = sorted(p.name for p in cache.glob("kb-*.cache"))
    foreign = {
        "notes.cache": b"my notes, not the cache's\n" * 1000,  # the suffix only
        "kb-" + "0" * 40 + ".cache": b"looks like one by name, but no header\n" * 1000,
        "thesis.tex.cache": b"\\documentclass{article}\n" * 1000,
        "kb-" + "1" * 39 + ".cache": b"reasoner-cache\n" + b"x" * 1000,  # a key one short
    }
    for name, data in foreign.items():
        (cache / name).write_bytes(data)
        os.utime(cache / name, (1, 1))  # the least recently used of all
    other = tmp_path / "elsewhere.cache"
    other.write_bytes(b"reasoner-cache\n")
    os.symlink(other, cache / ("kb-" + "2" * 40 + ".cache"))
    made = []
    for n in range(2):  # new knowledge bases with a budget of one byte: evict all it may
        f = tmp_path / f"probe{n}.yaml"
        f.write_text(f"# probe {n}\nentities: []\n", encoding="utf-8")
        done = ask(cache, "--facts", f, budget="1")
        assert done.returncode == 0, done.stderr.decode()
        made.append({p.name for p in cache.glob("*-*.cache") if not p.is_symlink()} - set(foreign))
    for name, data in foreign.items():
        assert (cache / name).read_bytes() == data, name
    assert os.path.islink(cache / ("kb-" + "2" * 40 + ".cache")) and other.exists()
    own_after = {p.name for p in cache.glob("*-*.cache") if not p.is_symlink()} - set(foreign)
    # the cache's own older files did go: a run stores two knowledge bases (its own and the
    # bundled one the score attribution asks) and the wording catalogue, and keeps only the
    # last it wrote under a 1-byte budget
    assert own_before and all(len(m) == 1 for m in made) and len(own_after) == 1


def test_a_signed_but_unparsable_rules_file_is_rebuilt(tmp_path):
    os.environ.setdefault("REASONER_CACHE_DIR", str(tmp_path / "unused"))
    from reasoner.knowledge import cache as c

    cache = tmp_path / "cache"
    good = ask(cache)
    assert good.returncode == 0
    secret = (cache / "hmac.key").read_bytes()
    (f,) = cache.glob("rules-*.cache")
    kind, k = f.name[: -len(".cache")].split("-", 1)
    index, body = c._unpack(secret, kind, k, f.read_bytes())
    o, n, _ = index["value"]
    obj = json.loads(bytes(body[o : o + n]))
    obj["base"] += "\nthis is ( not ASP.\n"
    f.write_bytes(c._pack(secret, kind, k, {"value": json.dumps(obj).encode()}))
    again = ask(cache)
    assert again.returncode == 0 and b"Traceback" not in again.stderr
    assert again.stdout == good.stdout
    assert b"not ASP" not in f.read_bytes()  # rebuilt in place
