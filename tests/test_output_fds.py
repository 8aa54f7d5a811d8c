"""Issue 26, item 4: ``-o /dev/stdout --force`` (and /dev/stderr, /dev/fd/N,
/proc/self/fd/N) writes through the open descriptor; it never replaces the file the
shell redirected it to (before: a new inode, the redirected content and mode lost)."""

from __future__ import annotations

import os
import subprocess

import pytest

from test_piped_inputs import cli


def sh(script: str, cwd) -> subprocess.CompletedProcess:
    exe = " ".join(f"'{a}'" for a in cli())
    return subprocess.run(["bash", "-c", script.replace("REASONER", exe)], cwd=cwd,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("target,redirect", [
    ("/dev/stdout", ">> out.txt"),
    ("/dev/stderr", "2>> out.txt"),
    ("/dev/fd/3", "3>> out.txt"),
    ("/proc/self/fd/3", "3>> out.txt"),
])
def test_redirected_file_is_appended_to_not_replaced(tmp_path, target, redirect):
    out = tmp_path / "out.txt"
    out.write_text("KEEP\n", encoding="utf-8")
    os.chmod(out, 0o640)
    before = os.stat(out)
    done = sh(f"REASONER suggest --disease MI -o {target} --force {redirect}", tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    after = os.stat(out)
    assert (after.st_ino, after.st_mode, after.st_uid) == (before.st_ino, before.st_mode, before.st_uid)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("KEEP\nmyocardial infarction (MI)")


def test_dev_stdout_into_a_pipe(tmp_path):
    done = sh("REASONER suggest --disease MI -o /dev/stdout | cat", tmp_path)
    assert done.returncode == 0
    assert done.stdout.decode().startswith("myocardial infarction (MI)")
    plain = sh("REASONER suggest --disease MI", tmp_path)
    assert done.stdout == plain.stdout


def test_a_closed_descriptor_is_a_path_as_any_other(tmp_path):
    done = sh("REASONER suggest --disease MI -o /dev/fd/9", tmp_path)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
