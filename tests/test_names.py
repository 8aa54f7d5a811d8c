"""The one name resolver's rules (reasoner/knowledge/resolve.py, names.py), through the
installed CLI and the served app: case of ids (red team, issue 26: `Mi` beside `MI`) and
names longer than any id, name or alias (red team: 100k-character names took minutes)."""

from __future__ import annotations

import json
import subprocess
import time

import pytest
import yaml

from test_piped_inputs import ROOT, cli

LONG = "x" * 100_000


def reasoner(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*cli(), *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd)


# ---------------------------------------------------------------- case of ids


def test_an_id_in_another_case_is_the_canonical_id_everywhere():
    """Rule 1 (case- and separator-insensitive keys) applies to ids as to names and aliases:
    `Mi` and `mi` are MI, and every answer names the canonical id, byte for byte as `MI`."""
    for args in (
        ["suggest", "--disease", "{}", "--stage", "reperfusion"],
        ["suggest", "--disease", "hepatic_IR", "--comorbid", "{}", "--format", "json"],
        ["studies", "--disease", "{}", "--format", "json"],
    ):
        outs = [reasoner(*[a.format(v) for a in args]) for v in ("MI", "Mi", "mi")]
        assert [o.returncode for o in outs] == [0, 0, 0], outs[1].stderr
        assert outs[0].stdout == outs[1].stdout == outs[2].stdout
    text = reasoner("suggest", "--disease", "Mi").stdout
    assert text.startswith("myocardial infarction (MI)\n") and "(Mi)" not in text
    got = json.loads(reasoner("suggest", "--disease", "mi:Reperfusion", "--format", "json").stdout)
    assert (got["context"]["disease"], got["context"]["stage"]) == ("MI", "reperfusion")


def test_a_key_two_records_share_is_ambiguous_unless_spelt_exactly(tmp_path):
    """A user's disease `mi` beside the review's `MI`: each exact spelling is its own
    disease, and `Mi` (either, by case) is refused naming both, never a silent pick."""
    src = yaml.safe_load((ROOT / "facts" / "diseases.yaml").read_text(encoding="utf-8"))
    key = next(iter(src))
    mine = dict(next(d for d in src[key] if d["id"] == "MI"), id="mi", name="my infarction model", aliases=[])
    mine.pop("xrefs", None)
    (tmp_path / "mi.yaml").write_text(yaml.safe_dump({key: [mine]}), encoding="utf-8")
    facts = ["--facts", tmp_path / "mi.yaml"]
    assert reasoner("suggest", *facts, "--disease", "mi").stdout.startswith("my infarction model (mi)")
    assert reasoner("suggest", *facts, "--disease", "MI").stdout.startswith("myocardial infarction (MI)")
    done = reasoner("suggest", *facts, "--disease", "Mi")
    assert done.returncode == 2 and done.stderr.splitlines() == [
        "Error: ambiguous disease 'Mi': it could mean MI, mi; give one of them"
    ]


def test_an_alias_two_entities_share_is_ambiguous():
    """'RAC' is an alias of AKT1 (RAC-alpha kinase) and of retinal astrocytes: the resolver
    used to pick AKT1 silently."""
    done = reasoner("studies", "--entity", "RAC")
    assert done.returncode == 2 and done.stderr.splitlines() == [
        "Error: ambiguous entity 'RAC': it could mean akt1, retinal_astrocyte; give one of them"
    ]


def test_the_web_names_api_says_the_canonical_id():
    pytest.importorskip("fastapi")
    from _asgi import get
    from reasoner.server import create_app

    status, _, body = get(create_app(), "/api/names?disease=Mi")
    assert status == 200 and json.loads(body)["disease"] == "MI"


def test_the_resolver_rules_on_case():
    from reasoner.errors import AmbiguousValueError
    from reasoner.knowledge.resolve import resolve

    choices = [("MI", ["myocardial infarction"]), ("mi", ["model infarct"])]
    assert resolve("disease", "MI", choices) == "MI"
    assert resolve("disease", "mi", choices) == "mi"
    with pytest.raises(AmbiguousValueError):
        resolve("disease", "Mi", choices)
    assert resolve("disease", "Mi", choices[:1]) == "MI"


# ---------------------------------------------------------------- long names


@pytest.mark.parametrize(
    "args",
    [
        ["suggest", "--disease", LONG],
        ["suggest", "--disease", "ICD10:" + LONG],
        ["suggest", "--disease", "MI:" + LONG],
        ["suggest", "--disease", "MI", "--stage", LONG],
        ["suggest", "--disease", "hepatic_IR", "--comorbid", LONG],
        ["studies", "--entity", LONG],
        ["explain", LONG, "--disease", "MI"],
    ],
)
def test_a_name_longer_than_any_is_refused_in_one_line_at_once(args):
    started = time.monotonic()
    done = reasoner(*args)
    took = time.monotonic() - started
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert (
        f"is {len(LONG)}" in lines[0]
        or f"is {len(LONG) + 3}" in lines[0]
        or f"is {len(LONG) + 6}" in lines[0]
    )
    assert lines[0].endswith("characters long; a name is at most 300 characters (an id, name or alias)")
    assert took < 10, took  # before: about 45 s for 100k characters


def test_resolving_grows_linearly_not_faster():
    """Up to the cap, a miss costs time linear in the name's length (the cap bounds it)."""
    from reasoner.knowledge.names import resolve_disease
    from reasoner.errors import UnknownValueError
    from reasoner.reasoning.query import load_kb

    kb = load_kb()

    def cost(n: int) -> float:
        started = time.perf_counter()
        for _ in range(3):
            with pytest.raises(UnknownValueError):
                resolve_disease(kb, "zq" * (n // 2))
        return time.perf_counter() - started

    cost(10)
    assert cost(300) < 20 * max(cost(30), 0.002)


# ---------------------------------------------------------------- every caller, one resolver


def test_observe_and_import_read_names_as_the_resolver(tmp_path):
    """observe and import build the resolver's own tables (resolve.Names), so a name two
    entities share is never silently one of them there either (they picked akt1 for RAC)."""
    (tmp_path / "obs.yaml").write_text("observations:\n- {entity: RAC, change: up}\n")
    done = reasoner("observe", "--observations", tmp_path / "obs.yaml")
    assert done.returncode == 2 and "'RAC'" in done.stderr and "akt1, retinal_astrocyte" in done.stderr
    (tmp_path / "rac.sif").write_text("RAC\t-1\tautophagy\nakt-1\t1\tmTOR\n")
    sif = reasoner("import", "sif", tmp_path / "rac.sif")
    assert sif.returncode == 0, sif.stderr
    assert (
        "#   - 'RAC' names several entities (akt1, retinal_astrocyte); none was chosen (give one's id)"
    ) in sif.stdout.splitlines()
    assert "source: akt1\n  target: mtor\n" in sif.stdout  # rule 1 still maps other spellings
    assert "source: akt1\n  target: autophagy" not in sif.stdout
    (tmp_path / "rac.json").write_text(
        json.dumps([{"type": "Activation", "subj": {"name": "RAC"}, "obj": {"name": "autophagy"}}])
    )
    indra = reasoner("import", "indra", tmp_path / "rac.json")
    assert "'RAC' names several entities (akt1, retinal_astrocyte)" in indra.stdout
    assert "edges: []" in indra.stdout


@pytest.mark.parametrize(
    "text,stage",
    [
        ("Reperfusion Phase", "reperfusion"),
        ("reperfusion period", "reperfusion"),
        ("early stage", "ischaemia"),
        ("late phase", None),
    ],
)
def test_a_stage_in_text_reads_alike_in_the_cli_and_the_cds_service(text, stage):
    """The CDS service read a Condition's stage text with its own word matcher; now the
    resolver's resolve_stage reads it (words like "phase" set aside) for both."""
    pytest.importorskip("fastapi")
    pytest.importorskip("fhir.resources")
    from _asgi import get
    from reasoner.server import create_app

    done = reasoner("suggest", "--disease", "MI", "--stage", text, "--format", "json")
    if stage is None:
        assert done.returncode == 2 and done.stderr.startswith("Error: unknown stage of MI")
    else:
        assert json.loads(done.stdout)["context"]["stage"] == stage
    cond = {
        "resourceType": "Condition",
        "id": "c1",
        "subject": {"reference": "Patient/1"},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "22298006"}]},
        "stage": [{"summary": {"text": text}}],
    }
    body = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "1"},
        "prefetch": {
            "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": cond}]}
        },
    }
    status, _, out = get(
        create_app(),
        "/cds-services/reasoner-autophagy",
        method="POST",
        body=json.dumps(body).encode(),
        headers=(("content-type", "application/json"),),
    )
    assert status == 200
    cards = json.loads(out)["cards"]
    if stage is None:
        assert [c["indicator"] for c in cards] == ["info"] and "late phase" in cards[0]["detail"]
    else:
        assert any(f"stage={stage}" in link["url"] for c in cards for link in c.get("links", []))
