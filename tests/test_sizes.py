"""No module of the package exceeds 700 lines and no function 80 (issue 23): a module or a
function past the limit is split by topic, not let grow.  A function's length counts its
nested functions (a route registered inside another function is part of it)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reasoner"
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 80
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts)


def long_functions(source: str, limit: int) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of every function (at any depth) longer than ``limit`` lines,
    from its ``def`` line to its last line."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > limit:
                out.append((node.name, node.lineno, length))
    return sorted(out, key=lambda x: x[1])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_at_most_700_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{path.relative_to(PACKAGE)} has {n} lines (at most {MAX_MODULE_LINES})"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_exceeds_80_lines(path):
    found = long_functions(path.read_text(encoding="utf-8"), MAX_FUNCTION_LINES)
    assert not found, (
        f"{path.relative_to(PACKAGE)}: functions longer than {MAX_FUNCTION_LINES} lines: {found}"
    )


def test_the_measure_counts_nested_functions_and_fails_on_a_long_one():
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = f"def outer():\n    def inner():\n{body}\n    return inner\n"
    names = [name for name, _, _ in long_functions(source, MAX_FUNCTION_LINES)]
    assert names == ["outer", "inner"]
    assert long_functions("def short():\n    return 1\n", MAX_FUNCTION_LINES) == []
