"""Issue 26, red team 2 M5: `import indra` on statements of a malformed shape.

A field of another JSON type than INDRA writes (subj as a string or a list, db_refs not an
object, members [null], "type" as a list, an evidence text that is a number ...) is refused
in one line naming the statement's index and the field, exit 2, nothing written; before,
8 of the red team's 23 shapes gave a traceback.  The property test corrupts one field of
a well-formed statement list with a value of every other JSON type.
"""

import json
import os
import subprocess
import sys

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.cli import cli

GOOD = [
    {
        "type": "Inhibition",
        "id": "s0",
        "subj": {"name": "MIR155", "db_refs": {"MIRBASE": "MI0000681", "TEXT": "miR-155"}},
        "obj": {"name": "mTOR", "db_refs": {"HGNC": "3942"}},
        "evidence": [
            {
                "source_api": "reach",
                "pmid": "12345",
                "text": "miR-155 inhibits mTOR.",
                "text_refs": {"PMID": "12345", "DOI": "10.1/x"},
                "annotations": {"refs": [75], "section": "3.1"},
            }
        ],
    },
    {
        "type": "Complex",
        "members": [
            {"name": "MTOR", "db_refs": {"HGNC": "3942"}},
            {"name": "mTORC1", "db_refs": {"FPLX": "mTORC1"}},
        ],
    },
]

#: the fields a malformed file can get wrong: (path into the statement list, the JSON types
#: INDRA writes there)
FIELDS = [
    ((0, "type"), (str,)),
    ((0, "subj"), (dict,)),
    ((0, "obj"), (dict,)),
    ((0, "subj", "name"), (str, int, float)),
    ((0, "subj", "db_refs"), (dict,)),
    ((0, "evidence"), (list,)),
    ((0, "evidence", 0, "text"), (str,)),
    ((0, "evidence", 0, "source_api"), (str,)),
    ((0, "evidence", 0, "pmid"), (str, int)),
    ((0, "evidence", 0, "text_refs"), (dict,)),
    ((0, "evidence", 0, "annotations"), (dict,)),
    ((0, "evidence", 0, "annotations", "refs"), (list,)),
    ((0, "evidence", 0, "annotations", "section"), (str,)),
    ((1, "members"), (list,)),
    ((1, "members", 0), (dict,)),
]

JSON_VALUES = {
    str: st.text(max_size=5),
    int: st.integers(-5, 5),
    float: st.floats(allow_nan=False),
    bool: st.booleans(),
    list: st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=3)), max_size=3),
    dict: st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
}


def _wrong(types):
    kinds = [k for k in JSON_VALUES if k not in types and not (k is float and int in types)]
    return st.one_of(*[JSON_VALUES[k] for k in kinds])


def _set(data, path, value):
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _field_name(path) -> str:
    out = ""
    for key in path[1:]:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


@st.composite
def malformed(draw):
    path, types = draw(st.sampled_from(FIELDS))
    # null stands for an absent field, except for an agent in members ([null])
    value = draw(st.none() | _wrong(types) if path == (1, "members", 0) else _wrong(types))
    data = json.loads(json.dumps(GOOD))
    _set(data, path, value)
    return path, data


def _import(tmp_path, stmts):
    src, out = tmp_path / "s.json", tmp_path / "out.yaml"
    src.write_text(json.dumps(stmts))
    if out.exists():
        out.unlink()
    r = CliRunner().invoke(cli, ["import", "indra", str(src), "-o", str(out)])
    return r, out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=malformed())
def test_a_field_of_the_wrong_json_type_is_one_line_naming_statement_and_field(tmp_path, case):
    path, stmts = case
    r, out = _import(tmp_path, stmts)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == 2, r.output
    assert r.output.count("\n") == 1 and r.output.startswith("Error: "), r.output
    assert f"statement {path[0]}: field {_field_name(path)!r}" in r.output, r.output
    assert not out.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stmts=st.lists(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=4),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(
                        [
                            "type",
                            "subj",
                            "obj",
                            "name",
                            "db_refs",
                            "members",
                            "evidence",
                            "text",
                            "annotations",
                            "refs",
                            "HGNC",
                            "kind",
                            "disease",
                        ]
                    ),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=12,
        ),
        max_size=3,
    )
)
def test_any_json_statement_list_gives_an_answer_or_one_line(tmp_path, stmts):
    r, out = _import(tmp_path, stmts)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code in (0, 2), r.output
    if r.exit_code == 2:
        assert r.output.count("\n") == 1 and not out.exists(), r.output


def test_red_team_shapes_through_the_installed_cli(tmp_path):
    shapes = [
        (
            '[{"type":"Inhibition","subj":{"name":"X","db_refs":"x"},"obj":{"name":"BECN1"}}]',
            "statement 0: field 'subj.db_refs' is a string",
        ),
        (
            '[{"type":"Activation","subj":{"name":"A"},"obj":{"name":"B"}},{"type":["Activation"]}]',
            "statement 1: field 'type' is an array",
        ),
        ('[{"type":"Complex","members":[null]}]', "statement 0: field 'members[0]' is null"),
    ]
    for text, message in shapes:
        src, out = tmp_path / "s.json", tmp_path / "out.yaml"
        src.write_text(text)
        out.write_text("KEEP\n")
        p = subprocess.run(
            [sys.executable, "-m", "reasoner", "import", "indra", str(src), "-o", str(out), "--force"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        assert p.returncode == 2, p.stderr
        assert p.stderr.count("\n") == 1 and message in p.stderr, p.stderr
        assert "Traceback" not in p.stderr and out.read_text() == "KEEP\n"


def test_review_refs_outside_the_list_are_refused_at_import(tmp_path):
    """Red team 3, N10: refs -5, 0 or 10**23 were imported (exit 0) into a file that every
    command then refused; 1e400 was worded 'is a number; INDRA writes a number there'."""
    for bad in ("-5", "0", "97", "99999999999999999999999", "1e400", "2.0"):
        text = (
            '[{"type":"Activation","subj":{"name":"TP53"},"obj":{"name":"BECN1"},"evidence":'
            '[{"source_api":"xing2021","annotations":{"refs":[' + bad + "]}}]}]"
        )
        src, out = tmp_path / "s.json", tmp_path / "out.yaml"
        src.write_text(text)
        p = subprocess.run(
            [sys.executable, "-m", "reasoner", "import", "indra", str(src), "-o", str(out), "--force"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        assert p.returncode == 2 and p.stderr.count("\n") == 1, (bad, p.stderr)
        assert "field 'evidence[0].annotations.refs[0]'" in p.stderr
        assert "valid: a whole number 1-96" in p.stderr
        assert not out.exists()
    src.write_text(text.replace(bad, "75"))
    r = CliRunner().invoke(cli, ["import", "indra", str(src), "-o", str(out)])
    assert r.exit_code == 0 and "refs:\n  - 75\n" in out.read_text(), r.output


def test_null_review_refs_are_no_refs_not_a_traceback(tmp_path):
    """Red team 4, F1: "refs": null in the review's own evidence gave a TypeError traceback
    (exit 1). A null is no refs: the statement is imported as sourced by its type and id."""
    src, out = tmp_path / "s.json", tmp_path / "out.yaml"
    src.write_text(
        '[{"type":"Activation","subj":{"name":"TP53"},"obj":{"name":"BECN1"},'
        '"evidence":[{"source_api":"xing2021","annotations":{"refs":null}}]}]'
    )
    p = subprocess.run(
        [sys.executable, "-m", "reasoner", "import", "indra", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    assert "Activation statement" in out.read_text()
