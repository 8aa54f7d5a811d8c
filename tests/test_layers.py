"""The package's rooms import only downwards: knowledge < reasoning < reporting < the top (api, cli, ...).

A lower room that imports a higher one (or the package top) couples data to
presentation; this test names the offending module and import.
"""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reasoner"
#: Rank of each room; modules at the package top are above all rooms.
#: ``errors`` and ``_version`` are leaves every room may import.
#: reporting renders the answers of reasoning (every surface is a view of them), so it sits above.
RANK = {"knowledge": 0, "reasoning": 1, "reporting": 2, "interop": 3, "web": 4}
LEAVES = {"errors", "_version"}
TOP = 10


def rank_of(parts: tuple[str, ...]) -> int:
    if not parts:
        return TOP
    return RANK.get(parts[0], TOP)


def imports(path: Path):
    """(line, target module parts) for every import of a reasoner module in ``path``."""
    mod = path.relative_to(PACKAGE).with_suffix("").parts
    pkg = mod[:-1] if path.name != "__init__.py" else mod[:-1]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - (node.level - 1)] if node.level > 1 else pkg
                target = base + tuple((node.module or "").split(".")) if node.module else base
                names = [target + (a.name,) for a in node.names] if not node.module else [target]
            elif (node.module or "").startswith("reasoner"):
                names = [tuple(node.module.split(".")[1:])]
            else:
                continue
            for t in names:
                yield node.lineno, tuple(p for p in t if p)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("reasoner."):
                    yield node.lineno, tuple(a.name.split(".")[1:])


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_rooms_import_only_downwards(path):
    own = rank_of(path.relative_to(PACKAGE).parts[:-1])
    for line, target in imports(path):
        if target and target[0] in LEAVES:
            continue
        assert rank_of(target) <= own, (
            f"{path.relative_to(PACKAGE)}:{line} imports {'.'.join(('reasoner',) + target)}, a higher room"
        )


def _package_dir(path: Path, node: ast.ImportFrom) -> Path:
    """The package directory an ``from ... import`` statement of ``path`` imports from."""
    if node.level:
        base = path.parent
        for _ in range(node.level - 1):
            base = base.parent
    else:
        base = PACKAGE.parent
    return base.joinpath(*(node.module or "").split(".")) if node.module else base


def private_imports(path: Path):
    """(line, module, name) of every ``from <reasoner module> import _name``, and of every
    ``module._name`` read through a module of the package imported by name (``from . import
    cds`` then ``cds._short``)."""
    tree = ast.parse(path.read_text(), str(path))
    modules = set()  # names bound to modules of the package
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("reasoner")):
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    yield node.lineno, node.module or ".", a.name
                elif (_package_dir(path, node) / f"{a.name}.py").exists():
                    modules.add(a.asname or a.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            yield node.lineno, node.value.id, node.attr


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_is_imported_from_another_module(path):
    """A private helper another module needs is given a public name in its home."""
    found = list(private_imports(path))
    assert not found, f"{path.relative_to(PACKAGE)} imports private names: {found}"


FILES = {p.relative_to(PACKAGE).as_posix() for p in MODULES}
#: File names a module may name across rooms: the cache key digests the code that builds
#: cached objects, file by file (reasoner/knowledge/cache.py, code_digest).
NAMES_FILES = {"knowledge/cache.py"}


def room(rel: str) -> str:
    return rel.split("/")[0] if "/" in rel else ""


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_names_a_file_of_another_room(path):
    """Modules name each other as modules (``reasoning.forked``), not as files: a file
    name in another room's text goes stale when a file moves."""
    rel = path.relative_to(PACKAGE).as_posix()
    if rel in NAMES_FILES:
        return
    bad = []
    for m in re.finditer(r"\b((?:[a-z_]+/)*[a-z_]+\.py)\b", path.read_text()):
        ref = m.group(1).removeprefix("reasoner/")
        if ref.endswith("__init__.py"):
            continue
        target = next((f for f in sorted(FILES) if f == ref or f.endswith("/" + ref)), None)
        if target is not None and target != rel and room(target) != room(rel):
            bad.append(ref)
    assert not bad, f"{rel} names files of other rooms: {bad}"
