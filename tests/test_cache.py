"""The compiled knowledge base and rules are cached by content hash, rebuilt when stale or corrupt."""

import json
import pickle

import pytest

from reasoner.knowledge import cache
from reasoner.reasoning import solver
from reasoner.knowledge.paths import entry_encoding

STUDY = """studies:
- id: cache_probe
  refs: [75]
  quote: Exosomal miR-20 derived from UCMSCs reduced liver I/R injury by inhibiting Beclin-1-mediated autophagy.
  section: '3.3'
  disease: hepatic_IR
  condition: probe
  intervention: ucmsc_exos_mir_20a
  autophagy_effect: {effect}
  outcome: beneficial
  evidence: in_vivo
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("REASONER_CACHE_DIR", str(d))
    monkeypatch.delenv("REASONER_NO_CACHE", raising=False)
    solver.load_program.cache_clear()
    yield d
    solver.load_program.cache_clear()


def kb_files(d):
    return sorted(d.glob("kb-*.pickle"))


def ask(run, *extra):
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--format", "json", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_cache_lives_in_the_cache_dir_and_is_reused(run, cache_dir):
    first = ask(run)
    files = kb_files(cache_dir)
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    assert ask(run) == first
    assert kb_files(cache_dir) == files and files[0].stat().st_mtime_ns == stamp  # read, not rewritten
    assert sorted(cache_dir.glob("rules-*.pickle"))  # the parsed rules are cached too


def test_changing_a_user_fact_invalidates_the_cache(run, cache_dir, tmp_path):
    f = tmp_path / "probe.yaml"
    f.write_text(STUDY.format(effect="inhibit"))
    before = ask(run, "--facts", f)
    assert not any(c["id"] == "ucmsc_exos_mir_20a" for c in before["not_recommended"])
    f.write_text(STUDY.format(effect="induce"))  # same path, new content
    after = ask(run, "--facts", f)
    assert "ucmsc_exos_mir_20a" in {n["id"] for n in after["not_recommended"]}
    assert len(kb_files(cache_dir)) == 2  # one per content


def test_the_key_covers_every_bundled_file(tmp_path):
    from reasoner.knowledge.paths import bundled_files

    files = bundled_files()
    copies = []
    for f in files:
        c = tmp_path / f.name
        c.write_bytes(f.read_bytes())
        copies.append(c)
    base = cache.key(copies, False)
    for c in copies:
        original = c.read_bytes()
        c.write_bytes(original + b"\n# edited\n")
        assert cache.key(copies, False) != base, c.name
        c.write_bytes(original)
    assert cache.key(copies, False) == base
    assert cache.key(copies, True) != base  # --override changes the key


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps({"unexpected": 1}),
                                     pickle.dumps([1, 2, 3])])
def test_a_corrupt_cache_is_rebuilt_not_trusted(run, cache_dir, garbage):
    good = ask(run)
    for f in kb_files(cache_dir) + sorted(cache_dir.glob("rules-*.pickle")):
        f.write_bytes(garbage)
    solver.load_program.cache_clear()
    assert ask(run) == good
    for f in kb_files(cache_dir):
        assert f.read_bytes() != garbage  # rewritten with a valid knowledge base
        assert set(pickle.loads(f.read_bytes())) >= {"sections", "atoms", "groups"}


def test_unwritable_cache_dir_still_answers(run, tmp_path, monkeypatch):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("REASONER_CACHE_DIR", str(blocker / "cache"))
    solver.load_program.cache_clear()
    assert ask(run)["autophagy"]["desired"] == "inhibit"


def test_cache_never_written_inside_the_package(run, cache_dir):
    import reasoner

    ask(run)
    from pathlib import Path

    pkg = Path(reasoner.__file__).parent
    assert not list(pkg.rglob("*.pickle"))
    assert solver.load_program(str(entry_encoding())).rules  # loaded fine from the cache dir
