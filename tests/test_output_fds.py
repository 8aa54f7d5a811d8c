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
    return subprocess.run(
        ["bash", "-c", script.replace("REASONER", exe)], cwd=cwd, capture_output=True, timeout=120
    )


@pytest.mark.parametrize(
    "target,redirect",
    [
        ("/dev/stdout", ">> out.txt"),
        ("/dev/stderr", "2>> out.txt"),
        ("/dev/fd/3", "3>> out.txt"),
        ("/proc/self/fd/3", "3>> out.txt"),
    ],
)
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


@pytest.mark.parametrize(
    "target,redirect",
    [
        ("/dev/stdout", "| cat > out.html"),
        ("-", "> out.html"),
        ("/dev/fd/3", "3> out.html"),
        ("/proc/self/fd/3", "3> out.html"),
    ],
)
def test_report_writes_html_through_a_stream(tmp_path, target, redirect):
    """Red team (issue 26, low): `report -o /dev/stdout` was refused for want of a suffix."""
    done = sh(f"REASONER report --disease MI -o {target} {redirect}", tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    as_file = sh("REASONER report --disease MI -o file.html", tmp_path)
    assert as_file.returncode == 0, as_file.stderr.decode()
    got = (tmp_path / "out.html").read_bytes()
    assert got.startswith(b"<!DOCTYPE html>") and got == (tmp_path / "file.html").read_bytes()


def test_report_still_refuses_a_file_without_a_known_suffix(tmp_path):
    done = sh("REASONER report --disease MI -o report", tmp_path)
    assert done.returncode == 2 and not (tmp_path / "report").exists()
    assert done.stderr.decode().splitlines() == [
        "Error: unknown report suffix 'report'; valid: .htm, .html, .json, .markdown, .md, .txt"
    ]


@pytest.mark.parametrize(
    "target,redirect",
    [
        ("/dev/stdout", "| cat"),
        ("/dev/stderr", ""),
        ("/dev/fd/3", "3>/dev/null"),
        ("/proc/self/fd/1", ""),
        ("-", ""),
        ("/dev/reasoner-kgx-test", ""),
    ],
)
def test_kgx_into_a_stream_is_refused_and_writes_no_file_in_dev(tmp_path, target, redirect):
    """Red team (issue 26, low): `export --format kgx -o /dev/stdout` wrote
    /dev/stdout_nodes.tsv and /dev/stdout_edges.tsv.  KGX is two files: a stream or a
    name in /dev cannot be their prefix, so it is refused in one line before any work."""
    before = set(os.listdir("/dev"))
    done = sh(f"set -o pipefail; REASONER export --format kgx -o {target} {redirect}", tmp_path)
    assert done.returncode == 2
    err = done.stderr.decode().splitlines()
    assert err == [
        f"Error: -o {target}: --format kgx writes two files, PREFIX_nodes.tsv and "
        "PREFIX_edges.tsv; give -o PREFIX, a file name prefix outside /dev, /proc "
        "and /sys (a stream cannot hold two files)"
    ]
    assert set(os.listdir("/dev")) == before
    assert list(tmp_path.iterdir()) == []


def test_kgx_with_a_prefix_still_writes_its_two_files(tmp_path):
    done = sh("REASONER export --format kgx --disease MI -o mi", tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mi_edges.tsv", "mi_nodes.tsv"]


@pytest.mark.parametrize(
    "target,redirect,setup",
    [
        ("/dev/./stdout", ">> out.txt", ""),
        ("//dev/stdout", ">> out.txt", ""),
        ("/dev/fd/05", "5>> out.txt", ""),
        ("/proc/thread-self/fd/5", "5>> out.txt", ""),
        ("/proc/self/fd/../fd/1", ">> out.txt", ""),
        ("/proc/$$/fd/1", ">> out.txt", ""),
        ("to_stdout", ">> out.txt", "ln -s /dev/stdout to_stdout; "),
        ("to_fd1", ">> out.txt", "ln -s /proc/self/fd/1 to_fd1; "),
        ("via/stdout", ">> out.txt", "ln -s /dev via; "),
        ("stdout", ">> OUT/out.txt", "cd /dev; "),
    ],
)
def test_any_name_of_a_descriptor_is_written_through(tmp_path, target, redirect, setup):
    """Red team 2 (M1): item 4 held only for the exact spellings; `/dev/./stdout`,
    `//dev/stdout`, `/proc/thread-self/fd/5`, `/proc/self/fd/../fd/1`, `stdout` run from
    /dev, or a symlink to /dev/stdout replaced the redirected file (a new inode, KEEP
    lost).  The path is resolved to what it is, not matched by how it is spelt.
    ($$ in /proc/$$/fd/1 is the shell's pid: exec makes it the reasoner's own.)"""
    out = tmp_path / "out.txt"
    out.write_text("KEEP\n", encoding="utf-8")
    os.chmod(out, 0o640)
    before = os.stat(out)
    redirect = redirect.replace("OUT", str(tmp_path))
    exec_ = "exec " if "$$" in target else ""
    done = sh(f"{setup}{exec_}REASONER suggest --disease MI -o {target} --force {redirect}", tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    after = os.stat(out)
    assert (after.st_ino, after.st_mode, after.st_uid) == (before.st_ino, before.st_mode, before.st_uid)
    assert out.read_text(encoding="utf-8").startswith("KEEP\nmyocardial infarction (MI)")


def test_another_process_descriptor_is_appended_to_never_replaced(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("KEEP\n", encoding="utf-8")
    before = os.stat(out)
    done = sh(
        "sleep 60 >> out.txt & pid=$!; REASONER suggest --disease MI -o /proc/$pid/fd/1 "
        "--force; rc=$?; kill $pid; exit $rc",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert os.stat(out).st_ino == before.st_ino
    assert out.read_text(encoding="utf-8").startswith("KEEP\nmyocardial infarction (MI)")


@pytest.mark.parametrize(
    "target,redirect,why",
    [
        ("/dev/fd/5", "5< out.txt", "descriptor 5 is open only for reading"),
        ("/dev/./fd/9", "", "descriptor 9 is not open"),
    ],
)
def test_a_descriptor_that_cannot_take_the_output_is_one_line(tmp_path, target, redirect, why):
    out = tmp_path / "out.txt"
    out.write_text("KEEP\n", encoding="utf-8")
    done = sh(f"REASONER suggest --disease MI -o {target} --force {redirect}", tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [f"Error: cannot write {target}: {why}"]
    assert out.read_text(encoding="utf-8") == "KEEP\n"


def test_force_through_a_symlink_chain_replaces_the_target_keeping_its_mode(tmp_path):
    """A regular file reached by symlinks: --force replaces the final target (atomically,
    keeping its mode and owner); every link stays a link; without --force it is refused."""
    (tmp_path / "d").mkdir()
    real = tmp_path / "d" / "real.txt"
    real.write_text("OLD\n", encoding="utf-8")
    os.chmod(real, 0o604)
    (tmp_path / "mid").symlink_to("d/real.txt")
    (tmp_path / "top").symlink_to("mid")
    refused = sh("REASONER suggest --disease MI -o top", tmp_path)
    assert refused.returncode == 2 and real.read_text(encoding="utf-8") == "OLD\n"
    done = sh("REASONER suggest --disease MI -o top --force", tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert os.readlink(tmp_path / "top") == "mid" and os.readlink(tmp_path / "mid") == "d/real.txt"
    assert (real.stat().st_mode & 0o777) == 0o604
    assert real.read_text(encoding="utf-8").startswith("myocardial infarction (MI)")


def test_report_all_writes_through_a_symlink_to_a_descriptor(tmp_path):
    """`report --all -o DIR --force` where DIR/MI.html is a symlink to /dev/stdout: the
    page goes through the shell's descriptor; the redirected file is not replaced."""
    (tmp_path / "rd").mkdir()
    (tmp_path / "rd" / "MI.html").symlink_to("/dev/stdout")
    out = tmp_path / "out.txt"
    out.write_text("KEEP\n", encoding="utf-8")
    before = os.stat(out)
    done = sh("REASONER report --all -o rd --force >> out.txt", tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert os.stat(out).st_ino == before.st_ino
    assert out.read_text(encoding="utf-8").startswith("KEEP\n<!DOCTYPE html>")
    assert os.readlink(tmp_path / "rd" / "MI.html") == "/dev/stdout"
    assert (tmp_path / "rd" / "index.html").is_file()
