"""Caches in the user's cache directory (never inside the installed package).

What is cached: the compiled knowledge base (records as JSON, input facts as
clingo fact text), the parsed rules (ASP text and JSON) and the validated
conclusions (JSON).  No cache file is ever unpickled or otherwise executed:
loading one is ``json.loads`` and clingo parsing fact text, and each is
checked before use:

* the directory is created with mode 0700; if the directory given is not the
  user's own or is writable by group or others (a shared ``/tmp``), a private
  ``reasoner-<uid>`` directory (0700) inside it is used instead;
* a cache file that is not a regular file owned by the user, or that is
  writable by group or others, is ignored (and replaced by a fresh one);
* every file carries a keyed HMAC-SHA256 (the key is a random secret in the
  cache directory, mode 0600) over its header, and the header carries the
  SHA-256 of each part, checked when the part is first read;
* every part's structure is validated (``store.py``; fact text must be
  nothing but ground input facts; rules text must not hold ``#script``).

A wheel also carries these objects prebuilt for its own bundled inputs
(``packaged_dir``, written by ``hatch_build.py`` through ``prebuild``): on a
cache miss an object whose key (the same content key) names a packaged file
is read from there, with the same checks except that the file may be root's
and its HMAC key is public (it is trusted as the package's own modules are).

Anything that fails a check is rebuilt from the inputs, never trusted.  The
key is the content hash of the input bytes (not their paths), so any spelling
of a path shares one entry.  Writes go to a temporary file renamed into
place, and when the directory outgrows ``REASONER_CACHE_MAX`` (default 1 GiB)
the least recently used of its own files are deleted (named ``kind-<key>.cache``
and starting with its header; nothing else in the directory is ever touched).
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from .._version import __version__

FORMAT = 7  # bump when the shape of a cached object changes
MAGIC = b"reasoner-cache\n"
SUFFIX = ".cache"
KEY_FILE = "hmac.key"
DEFAULT_BUDGET = 2**30


class Corrupt(Exception):
    """A cache file or part that failed a check."""


def cache_dir() -> Path:
    base = os.environ.get("REASONER_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "reasoner"


def enabled() -> bool:
    return not os.environ.get("REASONER_NO_CACHE")


def _private(st: os.stat_result) -> bool:
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def secure_dir(create: bool = True) -> Optional[Path]:
    """The directory to cache in (0700, the user's own), or None when none is safe."""
    base = cache_dir()
    try:
        if create:
            os.makedirs(base, mode=0o700, exist_ok=True)
        st = os.stat(base)
        if not stat.S_ISDIR(st.st_mode):
            return None
        if not _private(st):  # shared or someone else's: use a private directory inside
            base = base / f"reasoner-{os.geteuid()}"
            try:
                os.mkdir(base, 0o700)
            except FileExistsError:
                pass
            st = os.lstat(base)  # never follow a planted symlink here
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
                return None
        return base  # created 0700; an existing one of the user's is kept as it is
    except OSError:
        return None


def _open_checked(path: Path, trusted: Callable[[os.stat_result], bool]) -> Optional[int]:
    """A read fd of ``path`` if it is a regular file (not followed through a symlink, not
    a FIFO that would block) whose status ``trusted`` accepts."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and trusted(st):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _open_private(path: Path) -> Optional[int]:
    """A read fd of ``path`` if it is a regular file of the user's that no one else can write."""
    return _open_checked(path, _private)


def _read_fd(fd: int) -> bytes:
    try:
        size = os.fstat(fd).st_size
        chunks, got = [], 0
        while got < size:
            chunk = os.read(fd, size - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _atomic_write(path: Path, data, mode: int = 0o600) -> None:
    """Write ``data`` (bytes, or a list of bytes written one after another) atomically."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            for chunk in [data] if isinstance(data, bytes) else data:
                fh.write(chunk)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _secret(d: Path) -> Optional[bytes]:
    """The HMAC key of the cache directory (created once, 32 random bytes, mode 0600)."""
    path = d / KEY_FILE
    for attempt in range(3):
        fd = _open_private(path)
        if fd is not None:
            data = _read_fd(fd)
            if len(data) == 32:
                return data
        import tempfile  # only when the key is made

        try:
            fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".key")
            try:
                os.write(fd, os.urandom(32))
                os.close(fd)
                if attempt == 0 and not os.path.lexists(path):
                    os.link(tmp, path)  # exclusive: concurrent first runs agree on one key
                else:
                    os.replace(tmp, path)  # a damaged or foreign key is replaced
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except FileExistsError:
            continue
        except OSError:
            return None
    return None


_CODE: Optional[str] = None


def code_digest(pkg: Optional[Path] = None) -> str:
    """SHA-256 of the package's modules that build what is cached (the knowledge and
    reasoning rooms, ``api``, ``check`` and ``verdict``): a changed loader never reads an object an
    older one built, even at the same version.  ``pkg``: another copy of the package."""
    global _CODE
    if pkg is None and _CODE is not None:
        return _CODE
    root = pkg or Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for f in sorted(
        [
            *root.glob("knowledge/*.py"),
            *root.glob("reasoning/*.py"),
            *root.glob("api.py"),
            *root.glob("check.py"),
            *root.glob("verdict.py"),
        ]
    ):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    if pkg is None:
        _CODE = h.hexdigest()
    return h.hexdigest()


def key(material: bytes | Iterable[Path], *extra: object) -> str:
    """Cache key: hash of ``material`` (bytes, or the contents of files), ``extra`` values,
    the version, the format and the code that builds cached objects (``code_digest``)."""
    h = hashlib.sha256(f"{__version__}|{FORMAT}|{code_digest()}|{extra!r}".encode())
    if isinstance(material, bytes):
        h.update(material)
    else:
        for f in material:
            h.update(hashlib.sha256(Path(f).read_bytes()).digest())
    return h.hexdigest()[:40]


# ---------------------------------------------------------------- container


def _pack(secret: bytes, kind: str, k: str, parts: dict[str, bytes]) -> bytes:
    return b"".join(_chunks(secret, kind, k, parts))


def _chunks(secret: bytes, kind: str, k: str, parts: dict[str, bytes]) -> list[bytes]:
    """The pieces of a cache file, in order (written one by one: no copy of the whole)."""
    index, offset = {}, 0
    for name, blob in parts.items():
        index[name] = [offset, len(blob), hashlib.sha256(blob).hexdigest()]
        offset += len(blob)
    header = json.dumps(
        {"format": FORMAT, "version": __version__, "kind": kind, "key": k, "parts": index},
        separators=(",", ":"),
    ).encode()
    mac = hmac.new(secret, header, "sha256").hexdigest().encode()
    return [MAGIC, mac, b"\n", str(len(header)).encode(), b"\n", header, *parts.values()]


def _parse_header(
    secret: bytes, kind: str, k: str, read: Callable[[int, int], bytes], size: int
) -> tuple[dict, int]:
    """(part index, offset of the body) of a cache file of ``size`` bytes read by
    ``read(offset, n)``, after checking its HMAC and header; Corrupt if anything is off."""
    lead = read(0, len(MAGIC) + 65 + 12)
    if not lead.startswith(MAGIC):
        raise Corrupt("magic")
    pos = len(MAGIC)
    mac, pos = lead[pos : pos + 64], pos + 65
    if lead[pos - 1 : pos] != b"\n":
        raise Corrupt("mac")
    end = lead.find(b"\n", pos)
    if end < 0 or not lead[pos:end].isdigit():
        raise Corrupt("length")
    length = int(lead[pos:end])
    if end + 1 + length > size:
        raise Corrupt("length")
    header = read(end + 1, length)
    if len(header) != length or not hmac.compare_digest(
        hmac.new(secret, header, "sha256").hexdigest().encode(), mac
    ):
        raise Corrupt("hmac")
    try:
        head = json.loads(header)
    except ValueError:
        raise Corrupt("header") from None
    if not (
        isinstance(head, dict)
        and head.get("format") == FORMAT
        and head.get("version") == __version__
        and head.get("kind") == kind
        and head.get("key") == k
        and isinstance(head.get("parts"), dict)
    ):
        raise Corrupt("header")
    start = end + 1 + length
    for name, entry in head["parts"].items():
        if not (
            isinstance(name, str)
            and isinstance(entry, list)
            and len(entry) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in entry[:2])
            and isinstance(entry[2], str)
            and start + entry[0] + entry[1] <= size
        ):
            raise Corrupt("index")
    return head["parts"], start


def _unpack(secret: bytes, kind: str, k: str, data: bytes) -> tuple[dict, memoryview]:
    """(part index, body) of a whole cache file in memory (tests, tools)."""
    index, start = _parse_header(secret, kind, k, lambda o, n: data[o : o + n], len(data))
    return index, memoryview(data)[start:]


class Parts:
    """The parts of one cached object, each read and checked (hash, then structure) when first used.

    Parts are read from the open file with ``pread`` only when asked for, so
    a call reads what its scope needs.  A part that fails a check makes the
    whole object rebuilt from its inputs (``rebuild``), and the rebuilt parts
    answer from then on.
    """

    def __init__(self, index: dict, fd: int, start: int, rebuild: Callable[[], dict[str, bytes]]):
        self._index, self._fd, self._start, self._rebuild = index, fd, start, rebuild
        self._fresh: Optional[dict[str, bytes]] = None

    @classmethod
    def fresh(cls, parts: dict[str, bytes]) -> "Parts":
        p = cls({}, -1, 0, lambda: parts)
        p._fresh = parts
        return p

    def __del__(self) -> None:
        self._close()

    def _close(self) -> None:
        fd, self._fd = getattr(self, "_fd", -1), -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass

    def names(self):
        return self._fresh.keys() if self._fresh is not None else self._index.keys()

    def _bytes(self, name: str) -> bytes:
        if self._fresh is not None:
            return self._fresh[name]
        offset, length, digest = self._index[name]
        blob = os.pread(self._fd, length, self._start + offset)
        if len(blob) != length or hashlib.sha256(blob).hexdigest() != digest:
            raise Corrupt(name)
        return blob

    def rebuild_now(self) -> None:
        """Replace every part by a fresh build (the cached object is incomplete)."""
        if self._fresh is None:
            self._close()
            self._fresh = self._rebuild()

    def get(self, name: str, kind: str, check: Callable[[Any], Any]) -> Any:
        """Part ``name`` decoded (``json``/``iv`` as JSON, ``facts`` as text) and checked."""
        try:
            return _decode(self._bytes(name), kind, check)
        except (Corrupt, KeyError, ValueError, TypeError, UnicodeDecodeError, RecursionError, OSError):
            if self._fresh is not None:
                raise
        self._close()
        self._fresh = self._rebuild()
        return _decode(self._fresh[name], kind, check)


def _decode(blob: bytes, kind: str, check: Callable[[Any], Any]) -> Any:
    value = blob.decode("utf-8") if kind == "facts" else json.loads(blob)
    return check(value)


@contextmanager
def no_gc():
    """Cyclic garbage collection off (loading and building make many objects, no cycles)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _budget() -> int:
    from .inputs import size_from_env

    return size_from_env("REASONER_CACHE_MAX", DEFAULT_BUDGET)


#: The name of a cache file: ``kind-key.cache`` (``cached_parts``), nothing else.
_NAME = None


def _own_file(entry: os.DirEntry) -> bool:
    """Whether ``entry`` is one of the cache's own files: its name has the cache's pattern
    (``kind-<40 hex>.cache``), it is a regular file of the user's (not a link) and it
    starts with the cache's magic line.  Anything else in the directory is never deleted."""
    global _NAME
    if _NAME is None:
        import re

        _NAME = re.compile(r"[a-z][a-z0-9_]{0,31}-[0-9a-f]{40}" + re.escape(SUFFIX))
    if not _NAME.fullmatch(entry.name) or not entry.is_file(follow_symlinks=False):
        return False
    fd = _open_private(Path(entry.path))
    if fd is None:
        return False
    try:
        return os.pread(fd, len(MAGIC), 0) == MAGIC
    except OSError:
        return False
    finally:
        os.close(fd)


def evict(d: Path, keep: Path) -> None:
    """Delete the least recently used cache files while the directory exceeds the budget;
    only the cache's own files (``_own_file``) count and are ever deleted."""
    try:
        files = []
        for entry in os.scandir(d):
            if entry.name.endswith(SUFFIX) and _own_file(entry):
                st = entry.stat(follow_symlinks=False)
                files.append((st.st_mtime_ns, st.st_size, entry.path))
    except OSError:
        return
    total = sum(f[1] for f in files)
    budget = _budget()
    for _, size, path in sorted(files):
        if total <= budget:
            break
        if path == str(keep):
            continue
        try:
            os.unlink(path)
            total -= size
        except OSError:
            pass


def cached_parts(kind: str, k: str, build: Callable[[], dict[str, bytes]]) -> Parts:
    """The parts cached under ``kind-k``, else prebuilt by the wheel (``packaged_dir``),
    or ``build()`` (then cached)."""
    if _PREBUILD is not None:  # the wheel build writes the packaged files (``prebuild``)
        return Parts.fresh(store(_PREBUILD, PACKAGED_SECRET, kind, k, build()))
    if not enabled():
        return Parts.fresh(build())
    d = secure_dir()
    secret = _secret(d) if d is not None else None
    if d is None or secret is None:  # no cache of the user's own: the packaged object, if any
        packaged = _packaged(kind, k, build)
        return packaged if packaged is not None else Parts.fresh(build())
    path = d / f"{kind}-{k}{SUFFIX}"

    def rebuild() -> dict[str, bytes]:
        return store(d, secret, kind, k, build())

    fd = _open_private(path)
    if fd is not None:
        try:
            size = os.fstat(fd).st_size
            index, start = _parse_header(secret, kind, k, lambda o, n: os.pread(fd, n, o), size)
            try:
                os.utime(path)  # "last used", for eviction
            except OSError:
                pass
            return Parts(index, fd, start, rebuild)
        except (Corrupt, OSError, ValueError):
            os.close(fd)
    packaged = _packaged(kind, k, rebuild)
    if packaged is not None:
        return packaged
    return Parts.fresh(rebuild())


# ---------------------------------------------------------------- packaged (prebuilt) objects

#: The key of the packaged files' HMAC.  It is public: a packaged file is trusted as the
#: installed package's own modules are (it is installed with them, and only a regular file
#: no one can write who cannot write those modules is read: ``_open_packaged``); the HMAC and the
#: per-part SHA-256 catch a damaged file, and each part's structure is validated as a
#: cached one's.  What a packaged file holds is data (JSON and clingo fact text), never code.
PACKAGED_SECRET = b"reasoner packaged object: integrity check, not a secret"
_PREBUILD: Optional[Path] = None
#: The package's own first module: who may write a packaged file (``_open_packaged``).
_PACKAGE_INIT = Path(__file__).resolve().parent.parent / "__init__.py"


def packaged_dir() -> Path:
    """Where a wheel carries the objects it prebuilt (the bundled knowledge base and the
    parsed rules, see ``hatch_build.py``); absent in a source checkout."""
    from .paths import data_root

    return data_root() / "prebuilt"


def _open_packaged(path: Path) -> Optional[int]:
    """A read fd of ``path`` if it is a regular file that no one can write who cannot also
    write the package's own modules: the owner of ``reasoner/__init__.py``, and group or
    others only where that module is writable by them too (an install made with umask
    002 leaves both group-writable)."""
    try:
        ref = os.stat(_PACKAGE_INIT)
    except OSError:
        return None
    return _open_checked(path, lambda st: st.st_uid == ref.st_uid and not st.st_mode & 0o022 & ~ref.st_mode)


def _packaged(kind: str, k: str, rebuild: Callable[[], dict[str, bytes]]) -> Optional[Parts]:
    """The packaged object ``kind-k``: the same key as the cache's (the inputs' bytes, the
    version and the format), so it is used only for exactly the inputs it was built from."""
    fd = _open_packaged(packaged_dir() / f"{kind}-{k}{SUFFIX}")
    if fd is None:
        return None
    try:
        size = os.fstat(fd).st_size
        index, start = _parse_header(PACKAGED_SECRET, kind, k, lambda o, n: os.pread(fd, n, o), size)
        return Parts(index, fd, start, rebuild)
    except (Corrupt, OSError, ValueError):
        os.close(fd)
        return None


@contextmanager
def prebuild(target: Path):
    """Within this block every cached object is built afresh and written to ``target`` as a
    packaged file (the wheel build's hook: ``hatch_build.py``)."""
    global _PREBUILD
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    _PREBUILD = target
    try:
        yield target
    finally:
        _PREBUILD = None


def store(d: Path, secret: bytes, kind: str, k: str, parts: dict[str, bytes]) -> dict[str, bytes]:
    """Write ``parts`` to the cache (best effort: an unwritable cache only costs time)."""
    path = d / f"{kind}-{k}{SUFFIX}"
    try:
        if _PREBUILD is not None:  # a packaged file: installed read-only with the package
            _atomic_write(path, _chunks(secret, kind, k, parts), 0o644)
            return parts
        _atomic_write(path, _chunks(secret, kind, k, parts))
        evict(d, path)
    except OSError:
        if _PREBUILD is not None:
            raise
    return parts


def cached_json(kind: str, k: str, build: Callable[[], Any], check: Callable[[Any], Any]) -> Any:
    """A JSON value cached under ``kind-k``, checked by ``check`` (which raises ValueError)."""

    def parts() -> dict[str, bytes]:
        return {"value": json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()}

    return cached_parts(kind, k, parts).get("value", "json", check)


def cached_or_built(
    kind: str, material: Any, build: Callable[[], Any], check: Callable[[Any], Any], *extra: object
) -> Any:
    """The one "cache or build" of a JSON value: ``build()`` cached under ``kind`` and the key
    of ``material`` (bytes, files whose contents are hashed, or a function giving either) and
    ``extra``, and passed through ``check`` (which validates it and may convert it) whether
    read back or just built, so both give the same value.  Built without the cache when
    caching is off (``REASONER_NO_CACHE``), when ``material`` is None, or when it cannot be
    read (``build`` then meets the same error and reports it in its own words)."""
    if material is None or not enabled():
        return check(build())
    try:
        k = key(material() if callable(material) else material, kind, *extra)
    except OSError:
        return check(build())
    return cached_json(kind, k, build, check)


# ---------------------------------------------------------------- the knowledge base


def load_store(
    facts: tuple[str, ...] = (),
    override: bool = False,
    writer: Optional[Callable[[list], str]] = None,
    base: Optional[str] = None,
):
    """The compiled knowledge base (bundled plus ``facts``), from the cache when it is current.

    Every input is read once (``inputs.read_inputs``); the key hashes those
    bytes and a cache miss parses the same bytes.  ``writer`` turns atoms into
    clingo fact text (``solver.facts_text``); without one nothing is cached.
    """
    from .inputs import key_material, read_inputs
    from .store import Store, encode_parts

    with no_gc():
        inputs = read_inputs(facts, base)
        names = [i.name for i in inputs]

        def compiled(w) -> dict:
            from .kb import compile_kb, load

            return compile_kb(load(override=override, inputs=inputs), w)

        material = key_material(inputs)
        if writer is None or not enabled():
            kb = Store(compiled(writer), names)
        else:
            k = key(material, "kb", override)
            kb = Store(cached_parts("kb", k, lambda: encode_parts(compiled(writer))), names)
        # what every cache key derived from this knowledge base hashes: the bytes read above,
        # never the paths read again (a pipe or /dev/stdin gives other bytes, or none, twice)
        kb.content_key = material + (b"O" if override else b"-")
        return kb
