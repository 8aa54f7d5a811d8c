"""The caches: plain data only (never code), verified before use, rebuilt when anything is off.

The compiled knowledge base, the parsed rules and the validated conclusions
are cached by the content hash of their inputs.  A planted or damaged cache
file must never run code or change an answer: it is ignored and rebuilt.
"""

import json
import os
import pickle
import stat
from pathlib import Path

import pytest

from reasoner.knowledge import cache
from reasoner.knowledge.inputs import Input, key_material
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
    return sorted(d.glob("kb-*.cache"))


def rules_files(d):
    return sorted(d.glob("rules-*.cache"))


def ask(run, *extra):
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--format", "json", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The answer of a fresh process-free run with no cache at all."""
    from click.testing import CliRunner

    from reasoner.cli import cli

    old = os.environ.get("REASONER_NO_CACHE")
    os.environ["REASONER_NO_CACHE"] = "1"
    solver.load_program.cache_clear()
    try:
        r = CliRunner().invoke(
            cli, ["suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--format", "json"]
        )
    finally:
        if old is None:
            del os.environ["REASONER_NO_CACHE"]
        else:
            os.environ["REASONER_NO_CACHE"] = old
        solver.load_program.cache_clear()
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def unpack(path):
    """(parts by name, as bytes) of a cache file, checked with the directory's key."""
    secret = (path.parent / cache.KEY_FILE).read_bytes()
    kind, k = path.name[: -len(cache.SUFFIX)].split("-", 1)
    index, body = cache._unpack(secret, kind, k, path.read_bytes())
    return {name: bytes(body[o : o + n]) for name, (o, n, _) in index.items()}


def repack(path, parts, sign=True):
    """Write ``parts`` back: re-signed with the key (sign) or with the old, now stale, digests."""
    secret = (path.parent / cache.KEY_FILE).read_bytes()
    kind, k = path.name[: -len(cache.SUFFIX)].split("-", 1)
    if sign:
        path.write_bytes(cache._pack(secret, kind, k, parts))
        return
    old = path.read_bytes()
    index, _ = cache._unpack(secret, kind, k, old)
    head_end = len(old) - sum(n for _, n, _ in index.values())
    path.write_bytes(old[:head_end] + b"".join(parts.values()))  # same sizes expected


# ---------------------------------------------------------------- where and how


def test_cache_lives_in_a_private_dir_and_is_reused(run, cache_dir, good):
    assert ask(run) == good
    files = kb_files(cache_dir)
    assert len(files) == 1 and len(rules_files(cache_dir)) == 1
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    for f in cache_dir.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f.name
    content, inode = files[0].read_bytes(), files[0].stat().st_ino
    solver.load_program.cache_clear()
    assert ask(run) == good
    assert kb_files(cache_dir) == files and files[0].stat().st_ino == inode  # read, not rewritten
    assert files[0].read_bytes() == content


def test_directory_is_0700_even_under_umask_000(run, cache_dir, good):
    old = os.umask(0)
    try:
        assert ask(run) == good
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700


def test_shared_world_writable_dir_gets_a_private_subdirectory(run, tmp_path, monkeypatch, good):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("REASONER_CACHE_DIR", str(shared))
    solver.load_program.cache_clear()
    assert ask(run) == good
    private = shared / f"reasoner-{os.geteuid()}"
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert kb_files(private) and not kb_files(shared)


def test_no_pickle_anywhere_in_the_package():
    from pathlib import Path

    import reasoner

    for path in Path(reasoner.__file__).parent.rglob("*.py"):
        text = path.read_text()
        assert "import pickle" not in text and "pickle." not in text, path


# ---------------------------------------------------------------- planted payloads


class Payload:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_planted_pickles_never_run(run, cache_dir, tmp_path, good):
    """Pickles at the old cache names and in place of every cache file never execute."""
    marker = tmp_path / "PWNED"
    payload = pickle.dumps(Payload(marker))
    assert ask(run) == good
    planted = [cache_dir / f"kb-{'0' * 32}.pickle", cache_dir / f"rules-{'0' * 32}.pickle"]
    planted += kb_files(cache_dir) + rules_files(cache_dir)
    planted += [cache_dir / f"conclusions-{'0' * 40}{cache.SUFFIX}"]
    for f in planted:
        f.write_bytes(payload)
    solver.load_program.cache_clear()
    assert ask(run) == good
    run("check", "--format", "json")
    assert not marker.exists()
    for f in kb_files(cache_dir) + rules_files(cache_dir):
        assert f.read_bytes().startswith(cache.MAGIC)  # replaced by a fresh, valid file


def test_signed_rules_with_a_script_are_refused(run, cache_dir, tmp_path, good):
    """Even a correctly signed rules cache may not carry #script (clingo could run Python)."""
    marker = tmp_path / "PWNED"
    assert ask(run) == good
    (path,) = rules_files(cache_dir)
    parts = unpack(path)
    value = json.loads(parts["value"])
    value["base"] += f'#script (python)\nimport os\nos.system("touch {marker}")\n#end.\n'
    repack(path, {"value": json.dumps(value).encode()})
    solver.load_program.cache_clear()
    assert ask(run) == good
    assert not marker.exists()


def test_a_file_of_another_user_or_group_writable_is_ignored(run, cache_dir, good):
    assert ask(run) == good
    (path,) = kb_files(cache_dir)
    parts = unpack(path)
    parts["global"] = b""  # a store that would lose every global fact
    repack(path, parts)  # correctly signed...
    path.chmod(0o666)  # ...but writable by anyone
    solver.load_program.cache_clear()
    assert ask(run) == good
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # replaced
    if os.geteuid() == 0:
        repack(path, parts)
        os.chown(path, 65534, 65534)  # owned by nobody
        assert ask(run) == good
        assert path.stat().st_uid == 0


def test_a_fifo_at_the_cache_path_does_not_hang(run, cache_dir, good):
    assert ask(run) == good
    (path,) = kb_files(cache_dir)
    path.unlink()
    os.mkfifo(path)
    assert ask(run) == good
    assert stat.S_ISREG(path.stat().st_mode)


# ---------------------------------------------------------------- damaged files


def _damage(parts, how):
    p = dict(parts)
    if how == "none_values":
        p["s/diseases"] = json.dumps({k: None for k in json.loads(p["s/diseases"])}).encode()
    elif how == "empty_dicts":
        p["s/diseases"] = b"{}"
        p["index"] = b"{}"
    elif how == "missing_parts":
        del p["s/diseases"]
    elif how == "garbage_in_groups":
        for name in p:
            if name.startswith("g/"):
                p[name] = b'{"x": [1, 2, {"y": null}]}' if name.endswith("records") else b"garbage(((.\n"
    elif how == "rule_in_facts":
        name = next(n for n in p if n.startswith("g/") and n.endswith("/facts"))
        p[name] = p[name] + b"desired(X,Y,inhibit) :- disease(X), stage(X,Y).\n"
    elif how == "half_the_atoms":
        for name in p:
            if name.endswith("facts") or name == "global":
                lines = p[name].split(b"\n")
                p[name] = b"\n".join(lines[: len(lines) // 2]) + b"\n"
    return p


@pytest.mark.parametrize(
    "how", ["none_values", "empty_dicts", "garbage_in_groups", "rule_in_facts", "half_the_atoms"]
)
def test_damaged_store_is_rebuilt_when_its_hash_no_longer_matches(run, cache_dir, how, good):
    assert ask(run) == good
    (path,) = kb_files(cache_dir)
    parts = unpack(path)
    damaged = _damage(parts, how)
    secret = (cache_dir / cache.KEY_FILE).read_bytes()
    kind, k = path.name[: -len(cache.SUFFIX)].split("-", 1)
    index, _ = cache._unpack(secret, kind, k, path.read_bytes())
    header_len = len(path.read_bytes()) - sum(n for _, n, _ in index.values())
    path.write_bytes(path.read_bytes()[:header_len] + b"".join(damaged.values()))
    assert ask(run) == good


@pytest.mark.parametrize(
    "how", ["none_values", "empty_dicts", "garbage_in_groups", "rule_in_facts", "missing_parts"]
)
def test_damaged_store_with_a_valid_signature_is_still_validated(run, cache_dir, how, good):
    assert ask(run) == good
    (path,) = kb_files(cache_dir)
    repack(path, _damage(unpack(path), how))
    assert ask(run) == good


@pytest.mark.parametrize(
    "garbage", [b"", b"not a cache", pickle.dumps({"unexpected": 1}), cache.MAGIC + b"0" * 64 + b"\n12\n{}"]
)
def test_a_corrupt_cache_is_rebuilt_not_trusted(run, cache_dir, garbage, good):
    assert ask(run) == good
    for f in kb_files(cache_dir) + rules_files(cache_dir):
        f.write_bytes(garbage)
    solver.load_program.cache_clear()
    assert ask(run) == good
    for f in kb_files(cache_dir) + rules_files(cache_dir):
        assert f.read_bytes() != garbage and unpack(f)  # rewritten, valid


@pytest.mark.parametrize("program", ["this is not ASP", ":- disease(X)."])
def test_a_tampered_rules_cache_is_rebuilt(run, cache_dir, program, good):
    """Invalid ASP (was 'parsing failed') or a wrong program (was a false contradiction)."""
    assert ask(run) == good
    (path,) = rules_files(cache_dir)
    value = json.loads(unpack(path)["value"])
    value["constraints"] = program
    data = json.dumps(value).encode()
    secret = b"\0" * 32  # signed with the wrong key
    kind, k = path.name[: -len(cache.SUFFIX)].split("-", 1)
    path.write_bytes(cache._pack(secret, kind, k, {"value": data}))
    solver.load_program.cache_clear()
    assert ask(run) == good


def test_a_replaced_key_invalidates_every_file(run, cache_dir, good):
    assert ask(run) == good
    (cache_dir / cache.KEY_FILE).write_bytes(os.urandom(32))
    (path,) = kb_files(cache_dir)
    before = path.read_bytes()
    solver.load_program.cache_clear()
    assert ask(run) == good
    assert path.read_bytes() != before  # re-signed with the new key


# ---------------------------------------------------------------- keys


def test_changing_a_user_fact_invalidates_the_cache(run, cache_dir, tmp_path):
    f = tmp_path / "probe.yaml"
    f.write_text(STUDY.format(effect="inhibit"))
    before = ask(run, "--facts", f)
    # issue 24: the probe states no stage, so an inducing probe makes the item contested at
    # reperfusion (a conflict), an inhibiting one does not
    assert "contested: ucmsc_exos_mir_20a" not in {c["about"] for c in before["conflicts"]}
    f.write_text(STUDY.format(effect="induce"))  # same path, new content
    after = ask(run, "--facts", f)
    assert "contested: ucmsc_exos_mir_20a" in {c["about"] for c in after["conflicts"]}
    # one per content, plus the bundled one the score attribution asks (issue 26)
    assert len(kb_files(cache_dir)) == 2 + 1


def test_path_spelling_does_not_matter(run, cache_dir, tmp_path, monkeypatch):
    f = tmp_path / "probe.yaml"
    f.write_text(STUDY.format(effect="induce"))
    monkeypatch.chdir(tmp_path)
    answers = [
        ask(run, "--facts", spelling)
        for spelling in (str(f), "probe.yaml", "./probe.yaml", f"../{tmp_path.name}/probe.yaml")
    ]
    assert all(a["conflicts"] == answers[0]["conflicts"] for a in answers)
    assert len(kb_files(cache_dir)) == 1 + 1  # plus the bundled one the score attribution asks


def test_the_key_covers_every_bundled_file_and_override():
    from reasoner.knowledge.paths import bundled_files

    inputs = [Input(f.name, f.read_bytes(), False, True) for f in bundled_files()]
    base = cache.key(key_material(inputs), "kb", False)
    for i, item in enumerate(inputs):
        edited = list(inputs)
        edited[i] = Input(item.name, item.data + b"\n# edited\n", False, True)
        assert cache.key(key_material(edited), "kb", False) != base, item.name
    renamed = [Input("x" + i.name, i.data, i.json, True) for i in inputs]
    assert cache.key(key_material(renamed), "kb", False) == base  # names are not content
    assert cache.key(key_material(inputs), "kb", True) != base  # --override changes the key


def test_least_recently_used_entries_are_evicted(run, cache_dir, tmp_path, monkeypatch):
    ask(run)
    size = kb_files(cache_dir)[0].stat().st_size
    monkeypatch.setenv("REASONER_CACHE_MAX", str(int(size * 2.5) + 60_000))
    names = []
    for n in range(3):
        f = tmp_path / f"probe{n}.yaml"
        f.write_text(STUDY.format(effect="induce") + f"# version {n}\n")
        ask(run, "--facts", f)
        names.append({p.name for p in kb_files(cache_dir)})
    assert len(kb_files(cache_dir)) <= 2
    assert names[-1] - names[-2]  # the newest entry is kept


# ---------------------------------------------------------------- fallbacks


def test_unwritable_cache_dir_still_answers(run, tmp_path, monkeypatch, good):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("REASONER_CACHE_DIR", str(blocker / "cache"))
    solver.load_program.cache_clear()
    assert ask(run) == good


def test_cache_never_written_inside_the_package(run, cache_dir):
    import reasoner

    ask(run)
    from pathlib import Path

    pkg = Path(reasoner.__file__).parent
    assert not list(pkg.rglob("*.cache")) and not list(pkg.rglob("*.pickle"))
    assert solver.load_program(str(entry_encoding())).rules  # loaded fine from the cache dir


def test_cache_keys_change_with_the_code_that_builds_cached_objects(tmp_path):
    """A loader changed at the same version never reads an object the old one built."""
    import shutil

    from reasoner.knowledge import cache

    pkg = tmp_path / "reasoner"
    shutil.copytree(
        Path(cache.__file__).resolve().parent.parent,
        pkg,
        ignore=shutil.ignore_patterns("__pycache__", "_data"),
    )
    assert cache.code_digest(pkg) == cache.code_digest()
    before = cache.code_digest(pkg)
    for rel in ("knowledge/kb.py", "knowledge/store.py", "reasoning/solver.py", "api.py"):
        f = pkg / rel
        original = f.read_bytes()
        f.write_bytes(original + b"\n# changed\n")
        assert cache.code_digest(pkg) != before, rel
        f.write_bytes(original)
    (pkg / "cli.py").write_text("# the CLI builds nothing that is cached\n")
    assert cache.code_digest(pkg) == before
