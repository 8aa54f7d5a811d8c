"""Run a piece of work in a forked child that the parent kills at a deadline.

Grounding cannot be interrupted from inside clingo, so a solve with a time
limit runs in a child process forked after every import (cheap: the child
shares the parent's memory copy-on-write).  The parent waits for the child's
answer until the deadline and then kills it, so a limit of T seconds returns
within T plus the time to kill and reap a process.  The child inherits the
parent's memory limit (``RLIMIT_AS``, set by ``--max-memory``).

The answer travels back through a pipe as JSON (never pickled).
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
import traceback
from typing import Callable


class ChildFailed(Exception):
    """The child died or answered with an error: ``kind`` is timeout, memory, killed or internal."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


def available() -> bool:
    return hasattr(os, "fork") and not os.environ.get("REASONER_NO_FORK")


def run(
    work: Callable[[], object],
    deadline: float,
    encode_error: Callable[[BaseException], dict | None] = lambda exc: None,
) -> dict:
    """``work()``'s JSON-able dict, computed in a child killed at ``deadline`` (time.monotonic).

    Raises ChildFailed('timeout') at the deadline, ChildFailed('memory') when
    the child ran out of memory, ChildFailed('killed') when it died of a signal.
    ``encode_error`` turns an exception of the child into a JSON-able dict to
    return instead (or None to report it as internal).
    """
    from . import deadline as command

    deadline = command.cap(deadline)  # never past the command's own deadline
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(r)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                out = {"ok": work()}
            except (MemoryError, SystemError):  # SystemError: a C extension's failed allocation
                out = {"fail": "memory"}
            except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
                encoded = encode_error(exc)
                out = (
                    {"error": encoded}
                    if encoded is not None
                    else {"fail": "internal", "detail": "".join(traceback.format_exception(exc))[-2000:]}
                )
            data = json.dumps(out, ensure_ascii=False).encode()
            view = memoryview(data)
            while view:
                n = os.write(w, view)
                view = view[n:]
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    os.close(w)
    command.child_started(pid)  # the command's watchdog kills it if it is still running
    try:
        return _wait(pid, r, deadline)
    finally:
        command.child_ended(pid)


def _wait(pid: int, r: int, deadline: float) -> dict:
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChildFailed("timeout")
            ready, _, _ = select.select([r], [], [], left)
            if not ready:
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:
        _kill(pid)
        os.close(r)
        raise
    os.close(r)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        raise ChildFailed(
            "memory" if sig == signal.SIGKILL else "killed",
            signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig),
        )
    try:
        out = json.loads(b"".join(chunks))
    except ValueError:
        raise ChildFailed("killed", "no answer") from None
    if "fail" in out:
        raise ChildFailed(out["fail"], out.get("detail", ""))
    return out


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
