"""Reading facts files: a repeated key is refused with its line (never silently dropped)."""

import pytest

from reasoner.knowledge import yamlio

YAML = """studies:
  - id: mine_1
    kind: exosome_therapy
    kind: autophagy_modulation
"""

JSON = """{"studies": [
  {"id": "mine_1",
   "kind": "exosome_therapy",
   "kind": "autophagy_modulation"}
]}
"""


@pytest.mark.parametrize("name, text", [("dup.yaml", YAML), ("dup.json", JSON)])
def test_duplicate_key_is_refused_with_its_line(run, tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text)
    r = run("suggest", "--disease", "PD", "--facts", f)
    assert r.exit_code == 2
    assert r.output == f"Error: {f}:4: duplicate key 'kind' (first at line 3)\n"


@pytest.mark.parametrize(
    "text, key, line, first",
    [
        ("a: 1\na: 2\n", "a", 2, 1),
        ("{x: 1, x: 2}\n", "x", 1, 1),  # the same line twice
        ("l:\n  - {b: 1,\n     c: 2}\n  - {b: 1,\n     b: 3}\n", "b", 5, 4),  # nested, per mapping
    ],
)
def test_yaml_duplicates(text, key, line, first):
    with pytest.raises(yamlio.DuplicateKey) as exc:
        yamlio.load(text)
    assert (exc.value.key, exc.value.line, exc.value.first) == (key, line, first)


def test_yaml_without_duplicates_keeps_merge_keys_and_typed_keys():
    data = yamlio.load("a: &x {b: 1}\nc: *x\nd: {<<: *x, e: 2, 1: one, '1': text}\n")
    assert data == {"a": {"b": 1}, "c": {"b": 1}, "d": {"b": 1, "e": 2, 1: "one", "1": "text"}}


def test_json_duplicates_nested_and_not():
    assert yamlio.load_json('[1, {"a": [1, {"b": 2, "c": {}}], "b": 3}]') == [
        1,
        {"a": [1, {"b": 2, "c": {}}], "b": 3},
    ]
    with pytest.raises(yamlio.DuplicateKey) as exc:
        yamlio.load_json('[1, {"a": [1, {"b": 2, "c": {}}],\n "b": 3,\n\n "a": "x"}]')
    assert (exc.value.key, exc.value.line, exc.value.first) == ("a", 4, 1)


def test_yaml_records_keep_their_line(tmp_path):
    from reasoner.knowledge.kb import read_file

    f = tmp_path / "two.yaml"
    f.write_text("studies:\n  - id: a\n    kind: x\n\n  - id: b\n")
    data, lines = read_file(f)
    assert [r["id"] for r in data["studies"]] == ["a", "b"]
    assert lines == {("studies", 0): 2, ("studies", 1): 5}


@pytest.mark.parametrize(
    "name, text, line, first",
    [
        ("obs.yaml", "observations:\n  - entity: MIR20A\n    change: up\n    change: down\n", 4, 3),
        ("obs.json", '{"observations": [{"entity": "MIR20A",\n "change": "up",\n "change": "down"}]}', 3, 2),
    ],
)
def test_observations_file_refuses_duplicate_keys(run, tmp_path, name, text, line, first):
    f = tmp_path / name
    f.write_text(text)
    r = run("observe", "--observations", f)
    assert r.exit_code == 2
    assert r.output == f"Error: {f}:{line}: duplicate key 'change' (first at line {first})\n"
