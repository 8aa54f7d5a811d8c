"""Objects the wheel carries prebuilt (issue 15: a cold main job): the bundled knowledge
base, the parsed rules, the intervention index, the change space and the conclusions,
written by the package's own loaders in the cache's format (hatch_build.py).

They are used only for exactly the inputs they were built from (the cache's content
keys), only when they are regular files no one else can write, only when every
check passes; anything else is built from the sources, and the answer is the same."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from hatch_build import PREBUILD  # noqa: E402

MAIN = ("hepatic_IR", "reperfusion")
PROBE = """
import json, sys
from pathlib import Path
from reasoner.knowledge import cache
cache.packaged_dir = lambda: Path(sys.argv[1])
from reasoner import api
from reasoner.reporting import render
facts = sys.argv[2:]
out = render.render(api.suggest("hepatic_IR", "reperfusion", facts=facts), "json")
print(json.dumps({"answer": out,
                  "built": [m for m in ("reasoner.knowledge.kb", "reasoner.knowledge.models", "yaml")
                            if m in sys.modules],
                  "cache": sorted(p.name.split("-")[0] for p in cache.secure_dir().iterdir())}))
"""


def _env(tmp_path: Path, name: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REASONER_NO_CACHE",)}
    env["REASONER_CACHE_DIR"] = str(tmp_path / name)
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    out = tmp_path_factory.mktemp("prebuilt")
    env = _env(out.parent, "prebuild-cache")
    subprocess.run(
        [sys.executable, "-c", PREBUILD, str(out)], check=True, env=env, cwd=ROOT, capture_output=True
    )
    return out


def _probe(packaged: Path, tmp_path: Path, name: str, *facts: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(packaged), *facts],
        capture_output=True,
        text=True,
        env=_env(tmp_path, name),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def expected():
    from reasoner import api
    from reasoner.reporting import render

    return render.render(api.suggest(*MAIN), "json")


def test_prebuild_writes_every_object_read_only(packaged):
    kinds = sorted(p.name.split("-")[0] for p in packaged.glob("*.cache"))
    assert kinds == ["catalogue", "changes", "conclusions", "index", "kb", "rules"]
    for p in packaged.glob("*.cache"):
        assert not p.stat().st_mode & 0o022, p.name


def test_a_cold_call_reads_the_packaged_objects(packaged, tmp_path, expected):
    got = _probe(packaged, tmp_path, "cold")
    assert got["answer"] == expected
    # nothing parsed or validated: no YAML, no knowledge-base models; nothing rebuilt
    assert got["built"] == []
    assert got["cache"] == ["hmac.key"]


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "group-writable", "symlink"])
def test_a_damaged_packaged_object_is_rebuilt_from_the_sources(packaged, tmp_path, expected, damage):
    import shutil

    pk = tmp_path / "prebuilt"
    shutil.copytree(packaged, pk)
    kb = next(pk.glob("kb-*.cache"))
    data = bytearray(kb.read_bytes())
    if damage == "flipped byte":
        data[len(data) // 2] ^= 0x01
        kb.write_bytes(bytes(data))
    elif damage == "truncated":
        kb.write_bytes(bytes(data[: len(data) // 3]))
    elif damage == "group-writable":
        kb.chmod(0o664)
    else:
        real = tmp_path / "elsewhere.cache"
        kb.rename(real)
        kb.symlink_to(real)
    got = _probe(pk, tmp_path, "damaged")
    assert got["answer"] == expected
    assert "reasoner.knowledge.kb" in got["built"]
    assert "kb" in got["cache"]  # rebuilt into the user's own cache


def test_other_inputs_are_not_answered_from_the_packaged_objects(packaged, tmp_path):
    from reasoner import api
    from reasoner.reporting import render

    extra = tmp_path / "extra.yaml"
    from test_newuser import MINE

    extra.write_text(MINE)
    expected = render.render(api.suggest(*MAIN, facts=[str(extra)]), "json")
    got = _probe(packaged, tmp_path, "user", str(extra))
    assert got["answer"] == expected
    assert "my_liver_study" in got["answer"]
    assert "reasoner.knowledge.kb" in got["built"]


def test_edited_bundled_facts_are_not_answered_from_the_packaged_objects(packaged, tmp_path, expected):
    """An installed fact file edited by hand has other bytes, so another key: the
    knowledge base is built from the files as they are."""
    import shutil

    from reasoner.knowledge.paths import data_root

    root = tmp_path / "data"
    for part in ("rules", "facts", "reports"):
        shutil.copytree(data_root() / part, root / part)
    with open(root / "facts" / "studies_msc.yaml", "a", encoding="utf-8") as fh:
        fh.write("# edited by hand\n")
    probe = PROBE.replace(
        "from reasoner import api",
        "from reasoner.knowledge import paths\n"
        f"paths.data_root = lambda: Path({str(root)!r})\n"
        "from reasoner import api",
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(packaged)],
        capture_output=True,
        text=True,
        env=_env(tmp_path, "edited"),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["answer"] == expected  # a comment changes no answer
    assert "reasoner.knowledge.kb" in got["built"]  # but the edited bytes were read
    assert "kb" in got["cache"]


def test_packaged_objects_serve_when_no_cache_directory_is_usable(packaged, tmp_path, expected):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    env = _env(tmp_path, "unused")
    env["REASONER_CACHE_DIR"] = str(blocker / "cache")
    probe = PROBE.replace(
        ',\n                  "cache": sorted(p.name.split("-")[0] for p in cache.secure_dir().iterdir())', ""
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(packaged)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["answer"] == expected
    assert got["built"] == []


@pytest.mark.parametrize("init_mode, used", [(0o644, False), (0o664, True)])
def test_group_writable_packaged_objects_only_where_the_modules_are_too(
    packaged, tmp_path, expected, init_mode, used
):
    """An install made with umask 002 leaves the modules and the packaged files group-
    writable alike: then they are trusted alike; a packaged file writable by more people
    than the package's modules is not."""
    import shutil

    pk = tmp_path / "prebuilt"
    shutil.copytree(packaged, pk)
    for p in pk.glob("*.cache"):
        p.chmod(0o664)
    init = tmp_path / "__init__.py"
    init.write_text("")
    init.chmod(init_mode)
    probe = PROBE.replace(
        "cache.packaged_dir = lambda: Path(sys.argv[1])",
        f"cache.packaged_dir = lambda: Path(sys.argv[1])\ncache._PACKAGE_INIT = Path({str(init)!r})",
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(pk)],
        capture_output=True,
        text=True,
        env=_env(tmp_path, "umask"),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["answer"] == expected
    assert (got["built"] == []) is used
