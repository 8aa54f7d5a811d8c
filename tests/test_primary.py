"""Primary sources (issue 25): identifiers of the cited papers, primary readings, their caveats,
the evidence level a paper adds where the review is silent, and where users see them.

Data-dependent checks compare against facts/ itself; behaviour checks use small --facts files
with obviously synthetic identifiers (10.9999/..., 999999xx) so that they hold whatever the
curation adds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reasoner.knowledge import kb as kbmod
from reasoner.knowledge import models as m
from reasoner.knowledge.primary import id_problems, reference_id_problems

ROOT = Path(__file__).resolve().parents[1]
KB = kbmod.load()
MAIN = ["suggest", "--disease", "hepatic_IR", "--stage", "reperfusion"]
S75 = "s75_ucmsc_mir_20a_hepatic_ir"


def _ref(n: int, **ids) -> dict:
    """Reference n as bundled, with its identifier fields replaced by ``ids``."""
    rec = KB.get("references", str(n)).model_dump(mode="json")
    for k in ("doi", "pmid", "pmcid", "found_at", "matched", "note", "sought"):
        rec.pop(k, None)
    rec.update(ids)
    return rec


def _facts(tmp_path: Path, name: str, data: dict) -> Path:
    f = tmp_path / name
    f.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return f


SYNTH = {
    "doi": "10.9999/test.75",
    "pmid": "99999975",
    "found_at": ["https://example.org/75"],
    "matched": ["title"],
}


def _reading(**kw) -> dict:
    rec = {
        "study": S75,
        "ref": 75,
        "paper_id": None,
        "read_at": "https://example.org/abstract",
        "checked": True,
        "model": "in_vivo",
        "species": ["rat"],
        "system": "test",
        "autophagy_effect": "inhibit",
        "outcome": "beneficial",
        "timing": None,
        "agreement": "agrees",
        "differences": "",
        "unchecked_reason": "",
    }
    rec.update(kw)
    return rec


# ---------------------------------------------------------------- schema


@pytest.mark.parametrize(
    "field,value,words",
    [
        ("doi", "11.1000/x", "doi"),
        ("doi", "10.abc/x", "doi"),
        ("pmid", "12a", "pmid"),
        ("pmid", "0123", "pmid"),
        ("pmcid", "PMX123", "pmcid"),
        ("pmcid", "123", "pmcid"),
    ],
)
def test_identifier_shapes_refused_naming_record(tmp_path, run, field, value, words):
    f = _facts(tmp_path, "r.yaml", {"references": [_ref(76, **{**SYNTH, field: value})]})
    res = run(*MAIN, "--facts", f, "--override")
    assert res.exit_code == 2
    line = res.output.strip()
    assert "\n" not in line and "record '76'" in line and words in line, line


def test_reference_without_id_must_say_where_sought():
    with pytest.raises(ValueError, match="sought"):
        m.Reference.model_validate(_ref(76))
    with pytest.raises(ValueError, match="found_at"):
        m.Reference.model_validate(_ref(76, doi="10.9999/x", matched=["title"]))
    ok = m.Reference.model_validate(_ref(76, sought="PubMed title search"))
    assert ok.paper_ids() == []


def test_bundled_references_ids_unique_and_readings_consistent():
    assert id_problems(KB) == []
    for ref in KB.references:  # every entry has an id or says where it was sought
        assert ref.paper_ids() or ref.sought.strip(), ref.n


def test_duplicate_identifier_names_both_records(tmp_path, run):
    other = next((r for r in KB.references if r.pmid and r.n != 76), None)
    pmid = other.pmid if other else "99999901"
    recs = [_ref(76, **{**SYNTH, "pmid": pmid})]
    if other is None:
        recs.append(_ref(1, **{**SYNTH, "doi": "10.9999/one", "pmid": pmid}))
    f = _facts(tmp_path, "dup.yaml", {"references": recs})
    kb = kbmod.load([f], override=True) if other is None else None
    res = run(*MAIN, "--facts", f, "--override")
    assert res.exit_code == 2, res.output
    n_other = other.n if other else 1
    assert f"pmid {pmid} is also given for reference" in res.output
    assert "record '76'" in res.output and str(n_other) in res.output, res.output
    if kb is not None:
        assert reference_id_problems(kb, kb.get("references", "76"))


@pytest.mark.parametrize(
    "change,words",
    [
        ({"study": "no_such_study"}, "unknown study"),
        ({"ref": 74}, "reference 74 is not cited by study"),
        ({"paper_id": "pmid:99999998"}, "is not an identifier of reference 75"),
        ({"agreement": "partly"}, "differences: required"),
        ({"checked": False}, "unchecked_reason: required"),
        ({"species": ["Rat!"]}, "lower-case word"),
        ({"model": "in_silico"}, "model"),
    ],
)
def test_primary_reading_checked_naming_record(tmp_path, run, change, words):
    f = _facts(tmp_path, "p.yaml", {"references": [_ref(75, **SYNTH)], "primary": [_reading(**change)]})
    res = run(*MAIN, "--facts", f, "--override")
    assert res.exit_code == 2, res.output
    line = res.output.strip()
    assert "\n" not in line and words in line, line
    assert "record '" in line


def test_committed_kb_schema_has_identifiers_and_primary():
    schema = json.loads((ROOT / "facts" / "schema.json").read_text())
    ref = schema["$defs"]["Reference"]["properties"]
    assert {"doi", "pmid", "pmcid", "found_at", "matched", "note", "sought"} <= set(ref)
    assert "PrimaryReading" in schema["$defs"] and "primary" in schema["properties"]


# ---------------------------------------------------------------- reasoning


def _main_candidate(run, *args) -> dict:
    res = run(*MAIN, "--format", "json", *args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    return next(c for c in data["candidates"] if c["id"] == "ucmsc_exos_mir_20a"), data


def test_main_job_shows_model_and_species_from_the_paper(tmp_path, run):
    assert KB.get("studies", S75).evidence == "unspecified" and not KB.get("studies", S75).species
    f = _facts(
        tmp_path,
        "p.yaml",
        {"references": [_ref(75, **SYNTH)], "primary": [_reading(paper_id="pmid:99999975")]},
    )
    cand, _ = _main_candidate(run, "--facts", f, "--override")
    assert cand["evidence_level"] == ["in vivo (paper, PMID 99999975), rat (paper)"]
    sup = next(s for s in cand["support"] if s["study"] == S75)
    assert (sup["evidence"], sup["paper_evidence"], sup["paper_species"], sup["paper"]) == (
        "unspecified",
        "in_vivo",
        ["rat"],
        "PMID 99999975",
    )
    # the score's model part still counts the review's statement only
    assert next(p for p in cand["score_parts"] if p["name"] == "model")["value"] == 0
    text = run(*MAIN, "--facts", f, "--override").output
    assert "evidence level: in vivo (paper, PMID 99999975), rat (paper)" in text


def test_main_job_bundled_reading_drives_evidence_level(run):
    cand, _ = _main_candidate(run)
    reading = KB.get("primary", f"{S75}@75")
    if reading is None or not reading.checked or reading.model == "not_stated":
        assert cand["evidence_level"][0].startswith("model not stated")
    else:
        words = {"in_vivo": "in vivo", "in_vitro": "in vitro", "both": "in vivo and in vitro"}
        assert cand["evidence_level"][0].startswith(f"{words[reading.model]} (paper, ")
        if reading.species:
            assert cand["evidence_level"][0].endswith(f"{'/'.join(sorted(reading.species))} (paper)")


def test_review_statement_wins_over_the_paper(tmp_path, run):
    """A study whose model the review states keeps the review's level, whatever the paper says."""
    st = KB.get("studies", "s65_sdf1_bmsc_exos_mi")  # the review: in vivo, mouse
    assert (st.evidence, st.species, st.refs) == ("in_vivo", ["mouse"], [65])
    f = _facts(
        tmp_path,
        "p.yaml",
        {
            "references": [_ref(65, **{**SYNTH, "doi": "10.9999/t"})],
            "primary": [_reading(study=st.id, ref=65, model="in_vitro", species=["dog"])],
        },
    )
    res = run("suggest", "--disease", "MI", "--format", "json", "--facts", f, "--override")
    data = json.loads(res.output)
    cand = next(c for c in data["candidates"] if c["id"] == "sdf1_bmsc_exos")
    sup = next(s for s in cand["support"] if s["study"] == st.id)
    assert "paper_evidence" not in sup and "paper_species" not in sup
    assert "in vivo, mouse" in cand["evidence_level"]
    assert not any("dog" in lv or "paper" in lv for lv in cand["evidence_level"])


def test_primary_vs_review_caveat_reaches_answer_item_unscored(tmp_path, run):
    disc = {
        "id": "pvr_test_s75",
        "kind": "primary_vs_review",
        "where": "PMID 99999975",
        "review_says": KB.get("studies", S75).quote,
        "list_says": "paper: rat, in vivo",
        "ref": 75,
        "note": "test",
        "touches": [S75],
        "caveat": "The cited paper differs from the review in a test detail.",
    }
    f = _facts(tmp_path, "d.yaml", {"discrepancies": [disc]})
    before, _ = _main_candidate(run)
    after, data = _main_candidate(run, "--facts", f)
    assert "pvr_test_s75" in [c["id"] for c in after["caveats"]]
    assert "pvr_test_s75" not in [c["id"] for c in before["caveats"]]
    assert after["score"] == before["score"]  # shown, not weighed (rules/caveats.lp weighs/1)
    conflict = next(c for c in data["conflicts"] if c["about"] == "direction")  # [74] vs [75]
    assert "pvr_test_s75" in [c["id"] for c in conflict["caveats"]]
    text = run(*MAIN, "--facts", f).output
    assert "CAVEAT (primary vs review, [75]; pvr_test_s75)" in text


def test_bundled_primary_vs_review_discrepancies_follow_readings():
    pvr = {x.id: x for x in KB.discrepancies if x.kind == "primary_vs_review"}
    differing = [p for p in KB.primary if p.checked and p.agreement in ("partly", "disagrees")]
    assert len(pvr) == len(differing)
    for p in differing:
        x = pvr[f"pvr_{p.study}_r{p.ref}"]
        assert x.touches == [p.study] and x.ref == p.ref
        assert x.review_says == KB.get("studies", p.study).quote


def test_disagreements_are_pinned_by_conclusions():
    conclusions = yaml.safe_load((ROOT / "facts" / "conclusions.yaml").read_text())["conclusions"]
    pinned = {
        x for c in conclusions for e in c["expect"] for xs in (e.get("caveat_ids") or {}).values() for x in xs
    }
    for p in KB.primary:
        st = KB.get("studies", p.study)
        if p.checked and p.agreement == "disagrees" and st.disease:
            assert f"pvr_{p.study}_r{p.ref}" in pinned, p.study


# ---------------------------------------------------------------- surfaces


def test_refs_every_format_shows_identifiers(tmp_path, run, monkeypatch):
    ref = next((r for r in KB.references if r.doi and r.pmid), None)
    if ref is None:
        pytest.skip("no reference with both a DOI and a PMID yet")
    res = run("refs", ref.n)
    assert f"PMID {ref.pmid}" in res.output and f"https://doi.org/{ref.doi}" in res.output
    rows = json.loads(run("refs", ref.n, "--format", "json").output)
    assert rows[0]["doi"] == ref.doi and rows[0]["pmid"] == ref.pmid
    assert rows[0]["link"] == f"https://doi.org/{ref.doi}"
    csv = run("refs", ref.n, "--format", "csv").output.splitlines()
    assert csv[0].split(",")[5:8] == ["doi", "pmid", "pmcid"] and ref.doi in csv[1]
    nd = json.loads(run("refs", ref.n, "--format", "ndjson").output)
    assert nd["pmid"] == ref.pmid
    without = next((r for r in KB.references if not r.paper_ids()), None)
    if without is not None:
        assert run("refs", without.n).output.strip() == f"[{without.n}] {without.citation}"


@pytest.mark.parametrize(
    "fmt,needle",
    [
        ("text", "(PMID 99999975; DOI 10.9999/test.75) https://doi.org/10.9999/test.75"),
        (
            "md",
            "[DOI 10.9999/test.75](<https://doi.org/10.9999/test.75>), "
            "[PMID 99999975](https://pubmed.ncbi.nlm.nih.gov/99999975/)",
        ),
        ("html", '<a class="paper" href="https://doi.org/10.9999/test.75">DOI 10.9999/test.75</a>'),
    ],
)
def test_report_reference_lists_link_papers(tmp_path, run, fmt, needle):
    f = _facts(tmp_path, "r.yaml", {"references": [_ref(75, **SYNTH)]})
    res = run(*MAIN, "--format", fmt, "--facts", f, "--override")
    assert res.exit_code == 0 and needle in res.output
    data = json.loads(run(*MAIN, "--format", "json", "--facts", f, "--override").output)
    r75 = next(r for r in data["references"] if r["n"] == 75)
    assert (r75["doi"], r75["pmid"], r75["link"]) == (
        "10.9999/test.75",
        "99999975",
        "https://doi.org/10.9999/test.75",
    )


def test_audit_section_counts_and_disagreements(run):
    a = json.loads(run("audit", "--format", "json").output)["primary"]
    assert a["references"] == len(KB.references)
    assert a["with_ids"] == sum(1 for r in KB.references if r.paper_ids())
    assert len(a["without_ids"]) == a["references"] - a["with_ids"]
    checked = [p for p in KB.primary if p.checked]
    assert (a["agrees"], a["partly"], a["disagrees"], a["not_stated"]) == tuple(
        sum(1 for p in checked if p.agreement == x) for x in ("agrees", "partly", "disagrees", "not_stated")
    )
    assert a["studies_checked"] == len({p.study for p in checked})
    assert {d["record"] for d in a["differing"]} == {
        f"{p.study}@{p.ref}" for p in checked if p.agreement in ("partly", "disagrees")
    }
    text = run("audit").output
    assert f"references with an identifier {a['with_ids']}/{a['references']}" in text
    assert (
        f"agreeing {a['agrees']}, partly {a['partly']}, disagreeing {a['disagrees']}, "
        f"not stated {a['not_stated']}"
    ) in text
    for d in a["differing"]:
        assert d["record"] in text


def _export(run, tmp_path, fmt, f):
    out = tmp_path / ("g" if fmt == "kgx" else f"g.{fmt}")
    res = run("export", "--format", fmt, "-o", out, "--facts", f, "--override")
    assert res.exit_code == 0, res.output
    return out


def test_exports_carry_paper_ids(tmp_path, run):
    f = _facts(tmp_path, "r.yaml", {"references": [_ref(75, **{**SYNTH, "pmcid": "PMC9999975"})]})
    stmts = json.loads(_export(run, tmp_path, "indra", f).read_text())
    evs = [ev for s in stmts for ev in s["evidence"] if ev.get("pmid") == "99999975"]
    assert evs and all(
        ev["text_refs"] == {"PMID": "99999975", "DOI": "10.9999/test.75", "PMCID": "PMC9999975"} for ev in evs
    )
    assert all(ev["annotations"]["ref"] == 75 for ev in evs)
    _export(run, tmp_path, "kgx", f)
    edges = (tmp_path / "g_edges.tsv").read_text().splitlines()
    cols = edges[0].split("\t")
    pubs = [dict(zip(cols, row.split("\t")))["publications"] for row in edges[1:]]
    assert any(p == "doi:10.1111/jcmm.16276|PMID:99999975" for p in pubs)
    cx2 = json.loads(_export(run, tmp_path, "cx2", f).read_text())
    edges_cx = [e for part in cx2 if "edges" in part for e in part["edges"]]
    assert any(e["v"]["pmid"] == ["99999975"] and e["v"]["pmcid"] == ["PMC9999975"] for e in edges_cx)
    gml = _export(run, tmp_path, "graphml", f).read_text()
    assert '<data key="e_pmid">99999975</data>' in gml and 'attr.name="doi"' in gml


def test_indra_and_kgx_consumers_read_the_ids(tmp_path, run):
    pytest.importorskip("indra")
    from indra.statements import stmts_from_json

    f = _facts(tmp_path, "r.yaml", {"references": [_ref(75, **SYNTH)]})
    stmts = stmts_from_json(json.loads(_export(run, tmp_path, "indra", f).read_text()))
    evs = [ev for s in stmts for ev in s.evidence if ev.pmid == "99999975"]
    assert evs and all(ev.text_refs["DOI"] == "10.9999/test.75" for ev in evs)
    pm = pytest.importorskip("biolink_model.datamodel.pydanticmodel_v2")
    _export(run, tmp_path, "kgx", f)
    edges = (tmp_path / "g_edges.tsv").read_text().splitlines()
    cols = edges[0].split("\t")
    row = next(dict(zip(cols, r.split("\t"))) for r in edges[1:] if "PMID:99999975" in r)
    a = pm.Association(
        id=row["id"],
        subject=row["subject"],
        predicate=row["predicate"],
        object=row["object"],
        knowledge_level=row["knowledge_level"],
        agent_type=row["agent_type"],
        publications=row["publications"].split("|"),
        primary_knowledge_source=row["primary_knowledge_source"],
    )
    assert "PMID:99999975" in a.publications


def test_user_sources_with_malformed_ids_refused_by_installed_cli(tmp_path):
    exe = shutil.which("reasoner", path=str(Path(sys.executable).parent))
    assert exe, "the installed console script"
    study = {
        "id": "my_study",
        "sources": ["pmid:12ab"],
        "provenance": "review",
        "quote": "A user's study of hepatic I/R with its own source.",
        "section": "user",
        "condition": "test",
        "disease": "hepatic_IR",
        "intervention": "ucmsc_exos_mir_20a",
        "autophagy_effect": "inhibit",
        "outcome": "beneficial",
        "evidence": "in_vivo",
    }
    for bad, words in (
        ("pmid:12ab", "malformed PMID '12ab'"),
        ("doi:11.2/x", "malformed DOI"),
        ("PMCID:12345", "malformed PMCID"),
    ):
        f = _facts(tmp_path, "s.yaml", {"studies": [{**study, "sources": [bad]}]})
        p = subprocess.run([exe, *MAIN, "--facts", str(f)], capture_output=True, text=True)
        assert p.returncode == 2 and p.stdout == ""
        assert len(p.stderr.strip().splitlines()) == 1 and words in p.stderr
        assert "Traceback" not in p.stderr
    f = _facts(
        tmp_path,
        "s.yaml",
        {
            "studies": [
                {
                    **study,
                    "sources": [
                        "pmid:99999975",
                        "doi:10.9999/x.1",
                        "PMCID:PMC9999975",
                        "my lab notebook p. 3",
                    ],
                }
            ]
        },
    )
    p = subprocess.run([exe, *MAIN, "--facts", str(f)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    edge = {
        "id": "my_edge",
        "source": "mir_20a",
        "target": "becn1",
        "sign": "-",
        "quote": "A user's edge with its own source.",
        "section": "user",
        "sources": [{"pmid": "PMID-1"}],
    }
    f = _facts(tmp_path, "e.yaml", {"edges": [edge]})
    p = subprocess.run([exe, *MAIN, "--facts", str(f)], capture_output=True, text=True)
    assert p.returncode == 2 and "malformed PMID" in p.stderr


def test_browser_and_review_reader_show_identifiers():
    from reasoner.web import browse

    rows = {r["id"]: r for r in browse.rows(KB, "references")}
    assert len(rows) == len(KB.references)
    for ref in KB.references:
        links = dict(rows[str(ref.n)]["links"])
        if ref.doi:
            assert links[f"DOI {ref.doi}"] == f"https://doi.org/{ref.doi}"
        if ref.pmid:
            assert links[f"PMID {ref.pmid}"] == f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"
    prim = browse.rows(KB, "primary")
    assert len(prim) == len(KB.primary)
    assert all(r["refs"] for r in prim)


def test_web_pages_show_identifiers(tmp_path_factory):
    pytest.importorskip("fastapi")
    from _webserver import request, running_server

    ref = next((r for r in KB.references if r.doi), None)
    if ref is None:
        pytest.skip("no reference with a DOI yet")
    with running_server(tmp_path_factory.mktemp("serve25")) as base:
        html = request(base, f"/review?ref={ref.n}")[2].decode()
        assert f'href="https://doi.org/{ref.doi}"' in html
        html = request(base, "/browse?tab=references")[2].decode()
        assert f"https://doi.org/{ref.doi}" in html
        assert request(base, "/browse?tab=primary")[0] == 200
        refs = json.loads(request(base, f"/api/refs?n={ref.n}")[2].decode())
        assert refs and refs[0]["doi"] == ref.doi
