"""Issue 26, item 1: every cache key comes from the bytes already read.

Each command that takes ``--facts`` runs twice through the installed CLI, with two
different files piped in (``--facts /dev/stdin``, ``--facts -`` and bash's ``<(...)``),
with a warm cache; the second answer must be byte for byte the answer a cache-less run
gives for that second file.  Before the fix ``explain`` printed the first file's
``elsewhere`` for the second file (the intervention index was keyed by reading the
paths a second time: a pipe then reads empty).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def cli() -> list[str]:
    exe = shutil.which("reasoner", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "reasoner"]


def study_file(tmp: Path, name: str, disease: str) -> Path:
    """A user study applying the bundled ``ucmsc_exos_mir_20a`` in ``disease``."""
    src = yaml.safe_load((ROOT / "facts" / "studies_msc.yaml").read_text(encoding="utf-8"))
    st = dict(next(s for s in src["studies"] if s["id"] == "s75_ucmsc_mir_20a_hepatic_ir"))
    st.update(id=f"user_{name}_study", disease=disease, condition=f"user study in {disease}")
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"studies": [st]}), encoding="utf-8")
    return path


def sh(
    args: list[str], stdin: Path | None, env: dict, substitute: Path | None = None, cwd: Path | None = None
):
    """Run the CLI with ``stdin``'s bytes through a pipe (never a file: /dev/stdin of a
    redirected file could be read twice), or with ``--facts <(cat substitute)``."""
    if substitute is not None:  # bash process substitution: --facts /dev/fd/63
        cmd = " ".join(f"'{a}'" for a in [*cli(), *args])
        cmd += f" --facts <(cat '{substitute}')"
        return subprocess.run(["bash", "-c", cmd], capture_output=True, env=env, timeout=120, cwd=cwd)
    return subprocess.run(
        [*cli(), *args], input=stdin.read_bytes(), capture_output=True, env=env, timeout=120, cwd=cwd
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("piped")
    obs = tmp / "obs.yaml"
    obs.write_text("observations:\n  - {entity: miR-20a, change: up}\n", encoding="utf-8")
    sif = tmp / "net.sif"
    sif.write_text("miR-20a\tinhibits\tBECN1\n", encoding="utf-8")
    return {
        "a": study_file(tmp, "a", "MI"),
        "b": study_file(tmp, "b", "AKI"),
        "obs": obs,
        "sif": sif,
        "cache": tmp / "cache",
    }


COMMANDS = [
    ["suggest", "--disease", "MI"],
    ["explain", "ucmsc_exos_mir_20a", "--disease", "breast_cancer"],
    ["explain", "ucmsc_exos_mir_20a", "--disease", "breast_cancer", "--format", "json"],
    ["report", "--disease", "AKI", "-o", "{out}", "--force"],
    ["observe", "--disease", "hepatic_IR", "--observations", "{obs}"],
    ["plan", "--disease", "MI"],
    ["diseases"],
    ["interventions", "--disease", "MI"],
    ["studies", "--disease", "AKI"],
    ["audit"],
    ["check", "--format", "json"],
    ["export", "--format", "indra", "--disease", "AKI"],
    ["import", "sif", "{sif}"],
]


@pytest.mark.parametrize("spelling", ["/dev/stdin", "-", "<(...)"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_second_piped_file_is_not_answered_from_the_first(files, command, spelling, tmp_path):
    if spelling != "/dev/stdin" and command[0] not in ("explain", "interventions", "suggest"):
        pytest.skip("every command with /dev/stdin; the other spellings on the indexed commands")
    out = tmp_path / "report.json"
    args = [a.format(out=out, **{k: str(v) for k, v in files.items()}) for a in command]
    env = {**os.environ, "REASONER_CACHE_DIR": str(files["cache"])}
    env.pop("REASONER_NO_CACHE", None)
    cold = {**env, "REASONER_NO_CACHE": "1"}
    if spelling == "-":
        (tmp_path / "-").write_text("not: [a facts file", encoding="utf-8")  # a file named -

    def once(which: str, e: dict):
        if spelling == "<(...)":
            done = sh(args, None, e, substitute=files[which], cwd=tmp_path)
        else:
            done = sh([*args, "--facts", spelling], files[which], e, cwd=tmp_path)
        if "{out}" in command:  # the report file is the answer
            done.stdout = out.read_bytes()
        return done

    first = once("a", env)  # warms every cache with a.yaml's answer
    assert first.returncode in (0, 1), first.stderr.decode()
    second, fresh = once("b", env), once("b", cold)
    assert second.returncode == fresh.returncode, second.stderr.decode()
    assert second.stdout == fresh.stdout
    if command[0] in ("explain", "interventions", "studies", "export"):
        assert first.stdout != second.stdout  # the two files give two answers


def test_explain_elsewhere_follows_the_piped_file(files):
    env = {**os.environ, "REASONER_CACHE_DIR": str(files["cache"])}
    env.pop("REASONER_NO_CACHE", None)
    args = ["explain", "ucmsc_exos_mir_20a", "--disease", "breast_cancer"]
    a = sh([*args, "--facts", "/dev/stdin"], files["a"], env).stdout.decode()
    b = sh([*args, "--facts", "/dev/stdin"], files["b"], env).stdout.decode()
    assert "evidence for it in: MI, hepatic_IR." in a
    assert "evidence for it in: AKI, hepatic_IR." in b
