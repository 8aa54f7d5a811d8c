"""Red team 2 (issue 26, L12): one-line messages that named the wrong cause.
``-o /dev/tty`` without a terminal said "no process is reading this FIFO" (the cause is
ENXIO: no controlling terminal); ``--facts /dev/stdin --facts -`` said "no data on
standard input" (standard input was given twice)."""

from __future__ import annotations

import os
import subprocess

import pytest

from test_piped_inputs import cli

FACTS = """entities:
  - {id: l12_thing, kind: protein, label: L12 thing}
"""


def test_dev_tty_without_a_terminal_says_so(tmp_path):
    done = subprocess.run(
        [*cli(), "suggest", "--disease", "MI", "-o", "/dev/tty"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        start_new_session=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "Error: cannot write /dev/tty: no terminal (this process has no controlling terminal)"
    ]


def test_a_fifo_without_reader_still_says_so(tmp_path):
    os.mkfifo(tmp_path / "ff")
    done = subprocess.run(
        [*cli(), "suggest", "--disease", "MI", "-o", "ff"], cwd=tmp_path, capture_output=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == ["Error: cannot write ff: no process is reading this FIFO"]


@pytest.mark.parametrize(
    "first,second,why",
    [
        ("/dev/stdin", "-", " (/dev/stdin and - are both standard input)"),
        ("-", "/proc/self/fd/0", " (- and /proc/self/fd/0 are both standard input)"),
        ("-", "-", ""),
    ],
)
def test_standard_input_given_twice_says_so(tmp_path, first, second, why):
    done = subprocess.run(
        [*cli(), "suggest", "--disease", "MI", "--facts", first, "--facts", second],
        cwd=tmp_path,
        input=FACTS.encode(),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        f"Error: <stdin>: standard input can be given to --facts only once{why}"
    ]


def test_standard_input_once_by_its_device_name_still_loads(tmp_path):
    done = subprocess.run(
        [*cli(), "suggest", "--disease", "MI", "--facts", "/dev/stdin"],
        cwd=tmp_path,
        input=FACTS.encode(),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
