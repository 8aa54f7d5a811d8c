"""``--timeout T``: one deadline for the whole command (issue 26, item 2).

The limit covers loading, grounding, solving, building and rendering, not
only one solve: ``start(T)`` (called when a command's ``--timeout`` is
parsed) sets the deadline, every solve of the command is bounded by what is
left of it (``left``, ``cap``: the solver's child is killed there), and a
watchdog thread ends the process shortly after the deadline wherever it is
(grounding in this process, building results, rendering), with the same one
line as a solver timeout and exit 2.  Before it exits it kills the solver
children still running and waits for an output file being renamed into place
(``writing``), so nothing of the user's is left half written.

The watchdog is a daemon thread: clingo releases the GIL while it grounds
and solves, and Python code yields it every few milliseconds.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Optional

#: Seconds after the deadline before the watchdog ends the process: a solve that
#: times out at the deadline reports it through the ordinary path first.
GRACE = 0.25

_deadline: Optional[float] = None
_seconds: float = 0.0
_children: set[int] = set()
_write_lock = threading.Lock()
_timer: Optional[threading.Thread] = None
_generation = 0


def message(seconds: float) -> str:
    from ..errors import SolverTimeout

    return str(SolverTimeout(seconds))


def start(seconds: Optional[float]) -> None:
    """Start the command's deadline ``seconds`` from now (None: no limit)."""
    global _deadline, _seconds, _timer, _generation
    _generation += 1
    if seconds is None:
        _deadline = None
        return
    _seconds = seconds
    _deadline = time.monotonic() + seconds
    gen = _generation
    _timer = threading.Thread(
        target=_watch, args=(gen, _deadline + GRACE), daemon=True, name="reasoner-deadline"
    )
    _timer.start()


def stop() -> None:
    """No deadline any more (the command ended; tests running commands in one process)."""
    global _deadline, _generation
    _generation += 1
    _deadline = None


def active() -> bool:
    return _deadline is not None


def left() -> Optional[float]:
    """Seconds left before the command's deadline (None: no deadline)."""
    return None if _deadline is None else _deadline - time.monotonic()


def cap(deadline: Optional[float]) -> Optional[float]:
    """``deadline`` (time.monotonic), no later than the command's."""
    if _deadline is None:
        return deadline
    return _deadline if deadline is None else min(deadline, _deadline)


def check() -> None:
    """Raise SolverTimeout when the command's deadline has passed."""
    if _deadline is not None and time.monotonic() >= _deadline:
        from ..errors import SolverTimeout

        raise SolverTimeout(_seconds)


def child_started(pid: int) -> None:
    _children.add(pid)


def child_ended(pid: int) -> None:
    _children.discard(pid)


@contextmanager
def writing():
    """An output being written and renamed into place: the watchdog waits for it."""
    with _write_lock:
        yield


def _watch(gen: int, at: float) -> None:
    while True:
        now = time.monotonic()
        if gen != _generation:
            return
        if now >= at:
            break
        time.sleep(min(at - now, 0.05))
    if gen != _generation:
        return
    for pid in list(_children):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    got = _write_lock.acquire(timeout=0.5)  # an output being renamed into place finishes
    if gen != _generation or not _hard:  # the command ended meanwhile, or not the real CLI
        if got:
            _write_lock.release()
        return
    try:
        os.write(2, f"Error: {message(_seconds)}\n".encode())
    except OSError:
        pass
    os._exit(2)


_hard = False


def hard_exit() -> None:
    """Let the watchdog end the process (the ``reasoner`` executable; not a test's runner,
    where only the solves are bounded)."""
    global _hard
    _hard = True
