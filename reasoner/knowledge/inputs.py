"""Reading input files: each exactly once, into memory, with a size limit.

Every facts file (bundled or given with ``--facts``) is read here once; its
bytes are then hashed for the cache key *and* parsed, so a pipe, a FIFO or a
file rewritten during a run can never make the key and the knowledge base
disagree.  ``-`` reads standard input.  A named FIFO that no writer opens is
given up after ``REASONER_FIFO_WAIT`` seconds (default 5) instead of hanging.

Kept free of heavy imports: the warm path reads and hashes the inputs.
"""

from __future__ import annotations

import errno
import hashlib
import os
import select
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import FactsError, words

STDIN = "-"
#: Largest input file, in bytes (``REASONER_MAX_INPUT`` overrides, e.g. ``512M``).
DEFAULT_MAX_INPUT = 256 * 2**20
DEFAULT_FIFO_WAIT = 5.0
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Input:
    """One input file as read: the name to show, its bytes and whether it is JSON."""

    name: str
    data: bytes
    json: bool
    bundled: bool = False

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(self.data).digest()


def shown(name: str) -> str:
    """A file name as it appears in a one-line message (control characters escaped)."""
    if name.isprintable():
        return name
    return repr(name)[1:-1]


def parse_size(text: str) -> int:
    """Bytes in ``512M``, ``2G``, ``1.5G``, ``300k`` or a plain number of bytes; ValueError if not."""
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    mult = 1
    for suffix, m in (("K", 2**10), ("M", 2**20), ("G", 2**30), ("T", 2**40)):
        if t.endswith(suffix):
            t, mult = t[:-1], m
            break
    value = float(t)  # ValueError for garbage
    if not (value == value and value not in (float("inf"), float("-inf"))) or value <= 0:
        raise ValueError(text)
    return int(value * mult)


def size_from_env(name: str, default: int) -> int:
    """A size limit from the environment variable ``name`` (see parse_size); ``default`` when
    it is unset or unreadable."""
    raw = os.environ.get(name)
    if raw:
        try:
            return parse_size(raw)
        except ValueError:
            pass
    return default


def max_input() -> int:
    return size_from_env("REASONER_MAX_INPUT", DEFAULT_MAX_INPUT)


def _limit_text(n: int) -> str:
    return words("facts.mib", n=f"{n / 2**20:g}") if n >= 2**20 else words("facts.bytes", n=n)


def _fifo_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("REASONER_FIFO_WAIT", DEFAULT_FIFO_WAIT)))
    except ValueError:
        return DEFAULT_FIFO_WAIT


def _read_fd(fd: int, name: str, limit: int, fifo: bool) -> bytes:
    """All bytes of ``fd`` (non-blocking), at most ``limit``; a FIFO nobody writes is given up."""
    chunks: list[bytes] = []
    size = 0
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    waited_for_writer = False
    while True:
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:  # a writer is connected but has not written yet
            poller.poll()
            continue
        if chunk:
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FactsError(shown(name), "too_large", limit=_limit_text(limit))
            continue
        if size or not fifo or waited_for_writer:
            break
        # Empty read from a FIFO: either no writer has opened it yet or the writer closed it.
        waited_for_writer = True
        events = poller.poll(int(_fifo_wait() * 1000))
        if not events:
            raise FactsError(shown(name), "no_writer", seconds=f"{_fifo_wait():g}")
        waited_for_writer = not any(ev & select.POLLIN for _, ev in events)
    return b"".join(chunks)


_session: dict[tuple[str, bool], Input] | None = None


@contextmanager
def read_once():
    """Within this block each input is read once and its bytes reused (one CLI command:
    ``report --all`` loads the knowledge base per page, from the same bytes)."""
    global _session
    outer, _session = _session, ({} if _session is None else _session)
    try:
        yield
    finally:
        _session = outer


def read_input(name: str, limit: int | None = None, bundled: bool = False) -> Input:
    """Read one input (a path, or ``-`` for standard input) exactly once.

    Raises FactsError (one line) for a missing, unreadable, oversized or
    empty-named file, a directory, or a FIFO that no one writes.
    """
    if _session is not None:
        found = _session.get((name, bundled))
        if found is None:
            found = _session[(name, bundled)] = _read_input(name, limit, bundled)
        return found
    return _read_input(name, limit, bundled)


def _read_input(name: str, limit: int | None, bundled: bool) -> Input:
    limit = max_input() if limit is None else limit
    if name == "":
        raise FactsError("''", "empty_name")
    is_json = name.lower().endswith(".json")
    if name == STDIN:
        if sys.stdin is None:
            raise FactsError("<stdin>", "stdin_closed")
        try:
            fd = sys.stdin.fileno()
        except (OSError, ValueError, AttributeError):  # replaced stdin (tests): read its buffer
            raw = getattr(sys.stdin, "buffer", sys.stdin).read(limit + 1)
            data = raw.encode() if isinstance(raw, str) else raw
            if len(data) > limit:
                raise FactsError("<stdin>", "too_large", limit=_limit_text(limit)) from None
            return Input("<stdin>", data, data.lstrip()[:1] in (b"{", b"["))
        if os.isatty(fd):
            raise FactsError("<stdin>", "stdin_terminal")
        st = os.fstat(fd)
        data = (
            _read_blocking(fd, "<stdin>", limit)
            if stat.S_ISREG(st.st_mode)
            else _read_nonblocking(fd, "<stdin>", limit, fifo=False)
        )
        return Input("<stdin>", data, data.lstrip()[:1] in (b"{", b"["))
    shown_name = shown(name)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FactsError(shown_name, "not_found") from None
    except IsADirectoryError:
        raise FactsError(shown_name, "is_directory") from None
    except OSError as exc:
        raise FactsError(shown_name, "cannot_read", why=_why(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FactsError(shown_name, "is_directory")
        if stat.S_ISREG(st.st_mode):
            if st.st_size > limit:
                raise FactsError(shown_name, "too_large", limit=_limit_text(limit))
            data = _read_blocking(fd, shown_name, limit)
        else:
            data = _read_fd(fd, name, limit, fifo=stat.S_ISFIFO(st.st_mode))
            if not data:
                raise FactsError(shown_name, "no_data")
    except OSError as exc:
        raise FactsError(shown_name, "cannot_read", why=_why(exc)) from None
    finally:
        os.close(fd)
    return Input(name, data, is_json, bundled)


def _read_nonblocking(fd: int, name: str, limit: int, fifo: bool) -> bytes:
    os.set_blocking(fd, False)
    try:
        data = _read_fd(fd, name, limit, fifo)
    finally:
        try:
            os.set_blocking(fd, True)
        except OSError:
            pass
    if not data:
        raise FactsError(name, "no_stdin_data")
    return data


def _read_blocking(fd: int, name: str, limit: int) -> bytes:
    os.set_blocking(fd, True)
    chunks, size = [], 0
    while True:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - size) or 1)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FactsError(name, "too_large", limit=_limit_text(limit))


def _why(exc: OSError) -> str:
    if exc.errno is not None:
        return f"{errno.errorcode.get(exc.errno, exc.errno)}: {os.strerror(exc.errno)}"
    return exc.__class__.__name__


def read_inputs(facts: tuple[str, ...] | list[str], base: str | None = None) -> list[Input]:
    """The bundled knowledge-base files (or those of the directory ``base``), then every
    ``--facts`` file, each read once."""
    from .paths import bundled_files

    _refuse_a_stream_twice([str(f) for f in facts])
    out = [read_input(str(p), limit=2**31, bundled=True) for p in bundled_files(base)]
    out += [read_input(str(f)) for f in facts]
    return out


def _stream_of(name: str):
    """(device, inode) of the pipe, FIFO or device ``name`` reads (``-``: standard input's,
    ``("-",)`` when that is a regular file or unknown); None for a regular file or a path
    that cannot be stat'ed (reading it says why)."""
    try:
        st = os.fstat(0) if name == STDIN else os.stat(name)
    except (OSError, ValueError):
        return ("-",) if name == STDIN else None
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return ("-",) if name == STDIN else None
    return (st.st_dev, st.st_ino)


def _refuse_a_stream_twice(facts: list[str]) -> None:
    """A stream can be read once: the same pipe named twice (``--facts /dev/stdin --facts -``)
    is refused in one line naming both, not read empty the second time."""
    seen: dict = {}
    for name in facts:
        key = _stream_of(name)
        if key is None:
            continue
        if key in seen:
            first = seen[key]
            if STDIN in (first, name) or key == _stream_of(STDIN):
                if first == name:
                    raise FactsError("<stdin>", "stdin_twice")
                raise FactsError("<stdin>", "stdin_twice_as", first=shown(first), name=shown(name))
            raise FactsError(shown(name), "same_stream", first=shown(first))
        seen[key] = name


def key_material(inputs: list[Input]) -> bytes:
    """What the cache key covers: the bytes (not the names) and the parser of each input."""
    h = hashlib.sha256()
    for i in inputs:
        h.update(b"J" if i.json else b"Y")
        h.update(b"B" if i.bundled else b"U")
        h.update(i.digest)
    return h.digest()
