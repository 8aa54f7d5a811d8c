"""Writing output files without losing anything of the user's.

* ``-`` (or no ``-o``) prints to standard output.
* A character device, FIFO or socket (``/dev/null``, a named pipe) is written
  through, never replaced; ``--force`` is not needed.  So is a path naming one
  of the process's open descriptors (``/dev/stdout``, ``/dev/stderr``,
  ``/dev/fd/N``, ``/proc/self/fd/N``), whatever it is open on: a redirected
  file is appended to through the shell's descriptor, never replaced.  The path
  is resolved to what it is (``resolve``), however it is spelt; another
  process's ``/proc/PID/fd/N`` is opened for appending.
* A regular file is written to a temporary file in the same directory and
  renamed into place, so a crash leaves either the old or the new content.
  An existing file is replaced only with ``--force`` and keeps its mode; a new
  file gets the mode a plain ``open()`` gives under the umask.
* A symlink is followed: its final target is what gets written (or, with
  ``--force``, replaced keeping its mode and owner); a link is never replaced.
* Any failure (no space, read-only file system, file size limit, a name too
  long, no permission) is one line and exit 2, and leaves no temporary file.

``write_tree`` writes a set of files (``report --all``) into a temporary
directory renamed into place, so a killed or failed run leaves nothing half
written.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Optional

from .errors import OutputExistsError, ReasonerError, words
from .knowledge.inputs import shown


class OutputError(ReasonerError):
    """An output that cannot be written (one line: the path and why)."""

    def __init__(self, path: str, why: str):
        super().__init__("output.cannot_write", path=shown(path), why=why)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return words("output.why.no_space")
    if exc.errno == errno.EROFS:
        return words("output.why.read_only")
    if exc.errno == errno.EFBIG:
        return words("output.why.too_large")
    if exc.errno == errno.ENAMETOOLONG:
        return words("output.why.name_too_long")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return words("output.why.permission")
    if exc.errno == errno.ENXIO:
        return _why_enxio(exc.filename)
    if exc.errno is not None:
        return os.strerror(exc.errno).lower()
    return exc.__class__.__name__


def _why_enxio(name) -> str:
    """ENXIO on opening for writing: a FIFO without a reader, or a device that is not there
    (``/dev/tty`` without a controlling terminal)."""
    try:
        mode = os.stat(name).st_mode if name is not None else 0
    except (OSError, ValueError, TypeError):
        mode = 0
    if stat.S_ISFIFO(mode):
        return words("output.why.no_reader")
    if stat.S_ISCHR(mode) and os.path.realpath(name) == "/dev/tty":
        return words("output.why.no_terminal")
    return words("output.why.no_device")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_stdout(text: str) -> None:
    import click

    try:
        click.echo(text, nl=False)
        import sys

        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away (``| head``): cli.main exits quietly
    except OSError as exc:
        raise OutputError("<stdout>", _why(exc)) from None


def _write_through(path: str, data: bytes, append: bool = False) -> None:
    """Write into an existing device, FIFO or socket, or append to what another process's
    descriptor is open on (never replacing, truncating or creating it)."""
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags | (os.O_APPEND if append else 0))
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _replace_regular(
    target: str, data: bytes, mode: Optional[int], owner: Optional[tuple[int, int]] = None
) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it into place; a
    replaced file keeps its ``mode`` and, where this process may set it (root), its
    ``owner`` (uid, gid)."""
    tmp = _stage(target, data, mode, owner)
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _stage(target: str, data: bytes, mode: Optional[int], owner: Optional[tuple[int, int]]) -> str:
    """A temporary file beside ``target`` holding ``data`` with ``mode`` and ``owner``."""
    parent = os.path.dirname(target) or "."
    import tempfile  # only when a file is written (stdout needs none of it)

    fd, tmp = tempfile.mkstemp(dir=parent, prefix=".reasoner-", suffix=".tmp")
    try:
        if owner is not None and owner != (os.geteuid(), os.getegid()):
            try:
                os.fchown(fd, *owner)  # before the mode: a chown clears set-id bits
            except PermissionError:
                pass  # not root: the file becomes the writer's, as any editor's save does
        os.fchmod(fd, (0o666 & ~_umask()) if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


_MAGIC_FD = None


def _fd_dir(resolved: str) -> Optional[int]:
    """The pid whose descriptor table ``resolved`` (a symlink-free directory) is:
    ``/proc/PID/fd`` or ``/proc/PID/task/TID/fd``; else None."""
    global _MAGIC_FD
    if _MAGIC_FD is None:
        import re

        _MAGIC_FD = re.compile(r"/proc/(\d{1,10})(?:/task/\d{1,10})?/fd")
    m = _MAGIC_FD.fullmatch(resolved)
    return int(m.group(1)) if m else None


def resolve(path: str) -> tuple[str, Optional[tuple[int, int]]]:
    """What ``path`` IS, whatever its spelling: ``(real, None)`` with every symlink and
    ``.``/``..`` resolved as the kernel does, or ``(path, (pid, n))`` when the walk reaches
    descriptor ``n`` of process ``pid`` through /proc (``/dev/stdout``, ``/dev/./stdout``,
    ``//dev/fd/1``, ``/proc/thread-self/fd/5``, ``/proc/self/fd/../fd/1``, ``stdout`` in
    /dev, a symlink to any of them).  Those are magic links: ``realpath`` would follow them
    to the file the descriptor is open on and a rename would replace that file."""
    todo = [c for c in path.split("/") if c not in ("", ".")][::-1]
    here = "/" if path.startswith("/") else os.getcwd()
    hops = 0
    while todo:
        comp = todo.pop()
        if comp == "..":
            here = os.path.dirname(here) or "/"
            continue
        pid = _fd_dir(here)
        nxt = os.path.join(here, comp)
        if pid is not None and comp.isdigit() and comp.isascii():
            if not todo:
                return path, (pid, int(comp))
        try:
            is_link = stat.S_ISLNK(os.lstat(nxt).st_mode)
        except (OSError, ValueError):
            is_link = False
        if not is_link:
            here = nxt
            continue
        hops += 1
        if hops > 40:
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))
        link = os.readlink(nxt)
        todo.extend([c for c in link.split("/") if c not in ("", ".")][::-1])
        if link.startswith("/"):
            here = "/"
    return here, None


def open_fd_of(path: str) -> Optional[int]:
    """The descriptor ``path`` names when it is one of this process's open descriptors,
    however it is spelt (see ``resolve``); else None.  Such a path is written through
    that descriptor, never replaced, whatever it is open on (a redirected regular file
    keeps its inode, owner, mode and the shell's offset)."""
    try:
        _, fd = resolve(path)
    except (OSError, ValueError):
        return None
    if fd is None or fd[0] != os.getpid():
        return None
    try:
        os.fstat(fd[1])
    except OSError:
        return None
    return fd[1]


def is_stream(path: Optional[str]) -> bool:
    """Whether ``path`` names a stream rather than a file to create: ``-`` (standard output),
    one of this process's open descriptors (``/dev/stdout``, ``/dev/fd/N``, ...), or an
    existing device, FIFO or socket.  A stream has no suffix to choose a format and cannot
    hold a set of files."""
    if path is None or path == "-":
        return True
    if open_fd_of(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def in_system_tree(path: str) -> bool:
    """Whether files named after ``path`` would be created in /dev, /proc or /sys."""
    parent = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    return any(parent == top or parent.startswith(top + "/") for top in ("/dev", "/proc", "/sys"))


def _write_fd(fd: int, data: bytes) -> None:
    if fd == 1:
        import sys

        if sys.stdout is not None:
            sys.stdout.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_output(text: str, output: Optional[str], force: bool) -> None:
    """Print ``text``, or write it to ``output`` (see the module docstring)."""
    from .reasoning.deadline import writing

    with writing():  # a command's deadline never ends the process halfway through
        _write_output(text, output, force)


def _write_output(text: str, output: Optional[str], force: bool) -> None:
    if output is None or output == "-":
        write_stdout(text)
        return
    data = text.encode("utf-8")
    try:
        target, st, magic = _check_target(output, force)
        if magic is not None:
            _write_descriptor(text, data, output, *magic)
        elif st is not None and not stat.S_ISREG(st.st_mode):
            _write_through(target, data)  # a device, FIFO or socket
        else:
            _replace_regular(target, data, _mode_owner(st)[0], _mode_owner(st)[1])
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(output, _why(exc)) from None


def refuse_empty(output: Optional[str]) -> None:
    """One line for ``-o ''``, the same whatever the command writes (a file, a set of files)."""
    if output == "":
        raise OutputError("''", words("output.why.empty_name"))


def _check_target(output: str, force: bool):
    """What writing ``output`` would do, refused before anything is written: ``(target, stat
    or None, None)`` for a file or device, ``(output, None, (pid, fd))`` for a descriptor."""
    refuse_empty(output)
    if output.endswith("/") and not os.path.isdir(output):
        raise OutputError(output, words("output.why.slash"))
    target, magic = resolve(output)
    if magic is not None:
        return output, None, magic
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ReasonerError("output.is_directory", path=shown(output))
    if st is not None and stat.S_ISREG(st.st_mode) and not force:
        raise OutputExistsError(shown(output))
    if st is None and not os.path.isdir(os.path.dirname(target) or "."):
        raise ReasonerError("output.no_directory", path=shown(os.path.dirname(output) or "."))
    return target, st, None


def _mode_owner(st) -> tuple:
    if st is None:
        return None, None
    return stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid)


def write_outputs(pairs: list[tuple[str, str]], force: bool) -> None:
    """Write several files ([(text, path)], KGX's pair) all or none: every target is checked
    before the first is written, and regular files are written to temporaries renamed in
    only when all of them are written."""
    from .reasoning.deadline import writing

    with writing():
        current = pairs[0][1] if pairs else ""
        try:
            checked = []
            for text, out in pairs:
                current = out
                checked.append((text, out, *_check_target(out, force)))
            _write_checked(checked)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(getattr(exc, "reasoner_target", current), _why(exc)) from None


def _write_checked(checked: list[tuple]) -> None:
    staged: list[tuple[str, str]] = []
    try:
        for text, out, target, st, magic in checked:
            if magic is None and (st is None or stat.S_ISREG(st.st_mode)):
                data = text.encode("utf-8")
                staged.append((_tagged(out, _stage, target, data, *_mode_owner(st)), target))
        for text, out, _target, st, magic in checked:
            if magic is not None or (st is not None and not stat.S_ISREG(st.st_mode)):
                _write_output(text, out, True)  # a stream: written through
        while staged:
            _tagged(staged[0][1], os.replace, *staged[0])
            staged.pop(0)
    finally:
        for tmp, _ in staged:
            _unlink_quietly(tmp)


def _tagged(name: str, fn, *args):
    """``fn(*args)``; an OSError it raises carries ``name``, the file the user named."""
    try:
        return fn(*args)
    except OSError as exc:
        exc.reasoner_target = name
        raise


def _write_descriptor(text: str, data: bytes, output: str, pid: int, fd: int) -> None:
    """Write through descriptor ``fd`` of process ``pid``: this process's own descriptor
    itself (never replacing what it is open on), another process's by opening it for
    appending (never truncating, never creating)."""
    if pid != os.getpid():
        flags = _other_fd_flags(pid, fd)
        if flags is None:
            raise OutputError(output, words("output.why.fd_of_pid_closed", fd=fd, pid=pid))
        if flags & os.O_ACCMODE == os.O_RDONLY:
            raise OutputError(output, words("output.why.fd_of_pid_read_only", fd=fd, pid=pid))
        _write_through(output, data, append=True)
        return
    try:
        flags = _fd_flags(fd)
    except OSError:
        raise OutputError(output, words("output.why.fd_closed", fd=fd)) from None
    if flags & os.O_ACCMODE == os.O_RDONLY:
        raise OutputError(output, words("output.why.fd_read_only", fd=fd))
    if fd == 1:
        write_stdout(text)
    else:
        _write_fd(fd, data)


def _other_fd_flags(pid: int, fd: int) -> Optional[int]:
    """The open flags of another process's descriptor (``flags:`` in /proc/PID/fdinfo/N,
    octal), or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("flags:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        return None
    return None


def _fd_flags(fd: int) -> int:
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_GETFL)


#: File names a set of reports may not use (the index page).
RESERVED = {"index.html"}


def check_tree(out: str, names, force: bool) -> None:
    """Refuse early what ``write_tree`` would refuse: an empty name, a non-directory, existing
    files without force, and a directory where a file is to go."""
    refuse_empty(out)
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise ReasonerError("output.not_directory", path=shown(out))
    if path.is_dir():
        for name in sorted(names):
            if os.path.lexists(path / name) and not force:
                raise OutputExistsError(shown(str(path / name)))
            if os.path.isdir(path / name):
                raise ReasonerError("output.is_directory_nothing_written", path=shown(str(path / name)))


def write_tree(out: str, files: dict[str, str], force: bool) -> None:
    """Write ``files`` ({name: text}) into directory ``out`` all at once.

    A new directory is built under a temporary name beside it and renamed
    into place.  Into an existing directory each file is renamed in (existing
    ones only with ``force``).  On any failure nothing is left behind.
    """
    from .reasoning.deadline import writing

    with writing():  # a command's deadline never ends the process halfway through
        _write_tree(out, files, force)


def _write_tree(out: str, files: dict[str, str], force: bool) -> None:
    import shutil
    import tempfile

    path = Path(out)
    try:
        check_tree(out, files, force)
        existing = path.is_dir()
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise ReasonerError("output.no_directory", path=shown(str(parent)))
        tmp = tempfile.mkdtemp(dir=path if existing else parent, prefix=".reasoner-", suffix=".tmp")
        try:
            for name, text in files.items():
                fd = os.open(os.path.join(tmp, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
            if existing:
                _move_all(tmp, path, files)
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                os.chmod(tmp, 0o777 & ~_umask())
                os.rename(tmp, path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as exc:
        raise OutputError(getattr(exc, "reasoner_target", out), _why(exc)) from None


def _move_all(tmp: str, path: Path, files: dict[str, str]) -> None:
    """Rename every file built in ``tmp`` into the existing directory ``path``, all or none:
    a file it replaces is kept (hard-linked in ``tmp``) until the last is in, and on a
    failure the replaced files are put back and the new ones removed."""
    keep = os.path.join(tmp, ".old")
    os.mkdir(keep)
    done: list[tuple[Path, Optional[str], bool]] = []
    try:
        for name in sorted(files):
            dest = path / name
            existed, backup = os.path.lexists(dest), None
            if existed and not os.path.islink(dest):
                backup = os.path.join(keep, name)
                try:
                    os.link(dest, backup)
                except OSError:
                    backup = None  # no hard links here: that file cannot be put back
            _tagged(str(dest), _move_in, os.path.join(tmp, name), dest, files[name])
            done.append((dest, backup, existed))
    except BaseException:
        for dest, backup, existed in reversed(done):
            try:
                if backup is not None:
                    os.replace(backup, dest)
                elif not existed:
                    os.unlink(dest)
            except OSError:
                pass
        raise


def _move_in(built: str, dest: Path, text: str) -> None:
    """Rename the file ``built`` to ``dest`` in an existing directory.  A symlink there is
    followed (never replaced): to a regular file, that file is replaced; to a descriptor,
    device, FIFO or socket (``/dev/stdout``), it is written through (see ``resolve``)."""
    if os.path.islink(dest):
        real, magic = resolve(str(dest))
        try:
            regular = magic is None and stat.S_ISREG(os.stat(real).st_mode)
        except FileNotFoundError:
            regular = magic is None
        if not regular:
            _write_output(text, str(dest), True)
            os.unlink(built)
            return
        dest = Path(real)
    os.replace(built, dest)
