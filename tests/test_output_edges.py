"""Red team 3 (issue 26, lows L5, N3-N7): edges of writing outputs, through the installed CLI.
Each test fails without its fix; see tests/test_output_fds.py for the descriptor cases."""

from __future__ import annotations

import os

import pytest

from test_output_fds import sh

MI_LOWER = """diseases:
  - id: Mi
    name: my lab model
    organ: heart
    system: cardiovascular
    classes: [injury]
    aliases: [x mi model]
    refs: [84]
    quote: BMSC-Exos reduced neuronal apoptosis and promoted functional behaviour recovery by promoting autophagy in rats with spinal cord injury
    section: '3.5'
"""


def one_error(done) -> str:
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_report_all_refuses_two_names_equal_up_to_case(tmp_path):
    """L5: a user's disease `Mi` beside the bundled `MI` gave both MI.html and Mi.html; on a
    case-insensitive file system one replaces the other.  Refused, naming both diseases."""
    (tmp_path / "mi.yaml").write_text(MI_LOWER, encoding="utf-8")
    done = sh("REASONER report --all -o out --facts mi.yaml", tmp_path)
    err = one_error(done)
    assert "'MI'" in err and "'Mi'" in err and "MI.html" in err
    assert not (tmp_path / "out").exists()


def test_report_all_force_refuses_a_directory_in_the_way_before_any_rename(tmp_path):
    """N3: with ra/MI.html a directory, 9 reports were renamed in before the failure, and the
    message named ra, not the file."""
    (tmp_path / "ra" / "MI.html").mkdir(parents=True)
    (tmp_path / "ra" / "AKI.html").write_text("KEEP\n", encoding="utf-8")
    err = one_error(sh("REASONER report --all -o ra --force", tmp_path))
    assert "ra/MI.html is a directory" in err
    assert sorted(os.listdir(tmp_path / "ra")) == ["AKI.html", "MI.html"]
    assert (tmp_path / "ra" / "AKI.html").read_text(encoding="utf-8") == "KEEP\n"


def test_report_all_force_puts_everything_back_when_a_late_file_fails(tmp_path):
    """N3: a failure on the last file (index.html, a link to a FIFO nobody reads) undoes the
    renames before it: the replaced MI.html is back, the new stage reports are gone."""
    ra = tmp_path / "ra"
    ra.mkdir()
    (ra / "MI.html").write_text("KEEP\n", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    os.symlink("../fifo", ra / "index.html")
    err = one_error(sh("REASONER report --all --disease MI -o ra --force", tmp_path))
    assert err == "Error: cannot write ra/index.html: no process is reading this FIFO"
    assert sorted(os.listdir(ra)) == ["MI.html", "index.html"]
    assert (ra / "MI.html").read_text(encoding="utf-8") == "KEEP\n"


def test_kgx_force_writes_both_files_or_neither(tmp_path):
    """N4: with P_edges.tsv a directory, P_nodes.tsv was replaced before the failure."""
    (tmp_path / "w_edges.tsv").mkdir()
    (tmp_path / "w_nodes.tsv").write_text("KEEP\n", encoding="utf-8")
    err = one_error(sh("REASONER export --format kgx -o w --force", tmp_path))
    assert "w_edges.tsv is a directory" in err
    assert (tmp_path / "w_nodes.tsv").read_text(encoding="utf-8") == "KEEP\n"
    assert sorted(os.listdir(tmp_path)) == ["w_edges.tsv", "w_nodes.tsv"]  # no temporary left


@pytest.mark.parametrize(
    "command",
    [
        "suggest --disease MI -o ''",
        "report --all -o ''",
        "report --all --disease MI -o '' --force",
        "export --format kgx -o ''",
    ],
)
def test_an_empty_output_name_is_refused_everywhere_the_same(tmp_path, command):
    """N5: `report --all -o ''` wrote 41 files into the working directory."""
    err = one_error(sh(f"REASONER {command}", tmp_path))
    assert err == "Error: cannot write '': empty file name"
    assert list(tmp_path.iterdir()) == []


def test_kgx_prefix_that_is_a_directory_is_refused(tmp_path):
    """N5: `export --format kgx -o ./` wrote _nodes.tsv and _edges.tsv."""
    err = one_error(sh("REASONER export --format kgx -o ./", tmp_path))
    assert "not a directory" in err and "PREFIX" in err
    assert list(tmp_path.iterdir()) == []


def test_another_process_read_only_descriptor_is_refused(tmp_path):
    """N6: `-o /proc/PID/fd/0` of a process reading ro.txt appended to ro.txt, no --force."""
    (tmp_path / "ro.txt").write_text("ro\n", encoding="utf-8")
    done = sh(
        "sleep 30 < ro.txt & P=$!; REASONER suggest --disease MI -o /proc/$P/fd/0; rc=$?; kill $P; exit $rc",
        tmp_path,
    )
    err = one_error(done)
    assert "open only for reading" in err
    assert (tmp_path / "ro.txt").read_text(encoding="utf-8") == "ro\n"


def test_another_process_writable_descriptor_is_still_appended_to(tmp_path):
    (tmp_path / "a.txt").write_text("A\n", encoding="utf-8")
    done = sh(
        "sleep 30 >> a.txt & P=$!; REASONER suggest --disease MI -o /proc/$P/fd/1; rc=$?; kill $P; exit $rc",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("A\nmyocardial infarction")


def test_a_trailing_slash_on_a_regular_file_is_refused(tmp_path):
    """N7: `-o l/ --force` replaced the regular file l."""
    (tmp_path / "l").write_text("KEEP\n", encoding="utf-8")
    err = one_error(sh("REASONER suggest --disease MI -o l/ --force", tmp_path))
    assert err == "Error: cannot write l/: not a directory (the name ends in /)"
    assert (tmp_path / "l").read_text(encoding="utf-8") == "KEEP\n"
