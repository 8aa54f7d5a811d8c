"""Odd inputs give one clear line and exit 2, never a traceback (issue 26, item 7, the low
findings), each through the installed CLI where it can be reproduced there (the served-app ones are in test_server_hardening.py, the cache one in
test_cache_own_files.py, the SIF ones in test_sif_import.py)."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest
import yaml

from test_piped_inputs import ROOT, cli


def reasoner(*args, cwd=None):
    return subprocess.run([*cli(), *map(str, args)], capture_output=True, timeout=120, cwd=cwd)


def one_line_error(done, *parts):
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    for p in parts:
        assert p in err, err


def test_a_lone_surrogate_in_json_input_is_one_line(tmp_path):
    f = tmp_path / "sur.json"
    f.write_text('{"entities": [{"id": "sur_gene", "kind": "gene", "label": "A\\ud800B"}]}')
    one_line_error(
        reasoner("suggest", "--disease", "MI", "--facts", f),
        "sur.json: lone surrogate \\ud800 in a string at entities[0].label",
    )
    ok = tmp_path / "pair.json"  # a surrogate pair is one character: accepted
    ok.write_text('{"entities": [{"id": "pair_gene", "kind": "gene", "label": "A\\ud83d\\ude00B"}]}')
    assert reasoner("suggest", "--disease", "MI", "--facts", ok).returncode == 0


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_nul_in_roles_organ_is_one_line(tmp_path, suffix):
    roles = yaml.safe_load((ROOT / "facts" / "roles.yaml").read_text(encoding="utf-8"))
    section = next(iter(roles))
    rec = dict(next(r for r in roles[section] if r.get("organ")))
    rec.update(id=rec["id"] + "_nul", organ="li\x00ver")
    f = tmp_path / f"nul{suffix}"
    if suffix == ".json":
        f.write_text(json.dumps({section: [rec]}), encoding="utf-8")
    else:
        f.write_text(yaml.safe_dump({section: [rec]}), encoding="utf-8")  # writes "\0"
    one_line_error(
        reasoner("suggest", "--disease", "MI", "--facts", f),
        f"nul{suffix}: NUL character in a string at {section}[0].organ",
    )


def test_systemerror_under_a_memory_limit_is_one_line(run, monkeypatch):
    """A C extension that fails to allocate under --max-memory raises SystemError
    ('error return without exception set'); it is the out-of-memory line, not a traceback."""
    from reasoner.knowledge import cache

    def fail(*a, **k):
        raise SystemError("error return without exception set")

    monkeypatch.setattr(cache, "load_store", fail)
    from click.testing import CliRunner

    from reasoner.cli import cli as group

    r = CliRunner().invoke(group, ["suggest", "--disease", "MI", "--max-memory", "90M"])
    assert r.exit_code == 2
    assert r.output == "Error: out of memory; raise --max-memory or ask a narrower question\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_force_as_root_keeps_the_owner_and_mode(tmp_path):
    out = tmp_path / "answer.txt"
    out.write_text("old\n")
    os.chown(out, 1234, 2345)
    os.chmod(out, 0o640)
    assert reasoner("suggest", "--disease", "MI", "-o", out, "--force").returncode == 0
    st = os.stat(out)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o640)
    assert out.read_text().startswith("myocardial infarction (MI)")


def test_a_name_that_is_not_utf8_is_one_line(tmp_path):
    """The red team's M2: `explain $'\\xff'` raised UnicodeEncodeError in the store's bucket hash."""
    import subprocess
    import sys

    for args in (
        ["explain", b"\xff", "--disease", "MI"],
        ["explain", b"\xff", "--disease", "MI", "--why-not"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "reasoner", *args], capture_output=True, cwd=tmp_path, timeout=120
        )
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2 and "Traceback" not in err, err
        assert err.startswith("Error: unknown intervention") and len(err.strip().splitlines()) == 1


def test_serve_under_a_tiny_memory_limit_is_one_line(tmp_path):
    """The red team's M3: a shared object that cannot be mapped under --max-memory raised an
    ImportError traceback; it is the out-of-memory line."""
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reasoner",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--feedback-db",
            "",
            "--max-memory",
            "64M",
        ],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode == 0 or "serving on" in err:  # enough memory after all on this machine
        pytest.skip("the server started under 64M here")
    assert done.returncode == 2 and "Traceback" not in err, err
    assert "out of memory" in err


def test_a_boolean_is_not_a_reference_number(tmp_path):
    """The red team's L5: `refs: [true]` was read as reference 1."""
    import subprocess
    import sys

    f = tmp_path / "bool.yaml"
    f.write_text(
        "studies:\n- id: t_bool\n  refs: [true]\n  quote: Exosomal miR-20 derived from "
        "UCMSCs reduced liver I/R injury by inhibiting Beclin-1-mediated autophagy.\n"
        "  section: '3.3'\n  disease: hepatic_IR\n  condition: x\n"
        "  intervention: ucmsc_exos_mir_20a\n  autophagy_effect: inhibit\n"
        "  outcome: beneficial\n  evidence: in_vivo\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "reasoner", "suggest", "--disease", "hepatic_IR", "--facts", str(f)],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    err = done.stderr.decode()
    assert done.returncode == 2 and "field 'refs.0'" in err and "Traceback" not in err, err
