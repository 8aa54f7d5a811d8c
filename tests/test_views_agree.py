"""Every surface is a view of one answer: the same items, marks, caveats and references.

Every context (each disease, whole and at each stage, as `report --all` answers them), a
comorbidity question, explain questions and the plans of the staged diseases are rendered
through every surface (json, text, md, html, cards, the web pages and the CDS cards), and
each surface must carry each item of the answer with its marks.
"""

import html
import json
import re

import pytest

from _asgi import get
from reasoner import api
from reasoner.knowledge import catalogue
from reasoner.reporting.render import render

ANSWERS = api.suggest_many(None)  # one solve for every context
IDS = [f"{s.context.disease}-{s.context.stage or 'all'}" for s in ANSWERS]


@pytest.fixture(scope="module")
def app():
    pytest.importorskip("fastapi")
    from reasoner.server import create_app

    return create_app()


def items(s):
    """(kind, item) of the answer: candidates, hypotheses and entries not recommended."""
    return (
        [("candidate", c) for c in s.candidates]
        + [("hypothesis", c) for c in s.hypotheses]
        + [("not_recommended", n) for n in s.not_recommended]
    )


def caveat_ids(kind, x) -> set[str]:
    ids = {c.id for c in x.caveats}
    if kind != "not_recommended":
        ids |= {c.id for m in x.mechanism for c in m.caveats}
    return ids


SECTIONS = {  # where each kind of item is listed, per format
    "text": {
        "candidate": "\nCandidates (",
        "hypothesis": "\nHypotheses (",
        "not_recommended": "\nNot recommended (",
    },
    "md": {
        "candidate": "\n## Candidates",
        "hypothesis": "\n## Hypotheses",
        "not_recommended": "\n## Not recommended",
    },
}
ANCHOR = {  # the mark that starts an item's block, per format
    "text": lambda kind, x: f"[{x.id}]",
    "md": lambda kind, x: f"`{x.id}`",
    "html": lambda kind, x: (
        {"candidate": 'id="cand-', "hypothesis": 'id="hyp-', "not_recommended": 'id="avoid-'}[kind]
        + x.id
        + '"'
    ),
}


SCORE_PART = {  # how a score part reads, per format: the catalogue's label, its value and weight
    "text": lambda p: f"{catalogue.label('score_part', p.name)} {p.value}x{p.weight}",
    "md": lambda p: f"{catalogue.label('score_part', p.name)} {p.value}×{p.weight} (",
    "html": lambda p: (
        f'<td title="{p.name}">{catalogue.label("score_part", p.name)}</td><td>{p.value}</td><td>{p.weight}</td>'
    ),
}

KIND = {  # how an item's intervention kind reads, per format (its words; HTML keeps the code as the title)
    "text": lambda words, code: f"] - {words}, ",
    "md": lambda words, code: f", kind {words}, ",
    "html": lambda words, code: f'<span title="{code}">{words}</span> · ',
}


def blocks(doc: str, fmt: str, s) -> dict:
    """The text of each item's block: from its anchor to the next item's anchor (or the end
    of its section)."""
    starts = []
    for kind, x in items(s):
        lo = doc.index(SECTIONS[fmt][kind]) if fmt in SECTIONS else 0
        at = doc.find(ANCHOR[fmt](kind, x), lo)
        assert at >= 0, f"{fmt}: {kind} {x.id} missing"
        starts.append((at, kind, x.id))
    ends = sorted(a for a, _, _ in starts) + [len(doc)]
    heads = [doc.find(h) for h in SECTIONS.get(fmt, {}).values()] + [
        doc.find("\nConflicts ("),
        doc.find("\n## Conflicts"),
        doc.find("<h2>Conflicts"),
    ]
    out = {}
    for at, kind, iid in starts:
        end = min([e for e in ends + [h for h in heads if h > 0] if e > at] or [len(doc)])
        out[(kind, iid)] = doc[at:end]
    return out


def unescaped(doc: str, fmt: str) -> str:
    """The document's text as a reader sees it (Markdown escapes and HTML entities undone)."""
    if fmt == "md":
        return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", doc)
    if fmt == "html":
        return html.unescape(doc)
    return doc


def assert_carries(doc: str, fmt: str, s, where: str) -> None:
    doc = unescaped(doc, fmt)
    parts = blocks(doc, fmt, s)
    for kind, x in items(s):
        block = parts[(kind, x.id)]
        if kind != "not_recommended" and x.extrapolated:
            assert "extrapolated" in block.lower(), (where, fmt, x.id, "extrapolated mark")
        if kind == "hypothesis":
            assert all(st in block for st in x.derived_from), (where, fmt, x.id, "derived from")
        if kind == "not_recommended":
            said = " ".join(re.sub(r"<[^>]+>", "", block).split())  # the words a reader sees
            for reason in x.reasons:  # why it is advised against, as the JSON says it
                assert " ".join(reason.split()) in said, (where, fmt, x.id, "reason", reason)
        if kind != "not_recommended" and x.derived:
            assert "derived" in block, (where, fmt, x.id, "derived mark")
        for cid in caveat_ids(kind, x):
            assert cid in block, (where, fmt, x.id, "caveat", cid)
        if kind != "not_recommended":  # the intervention's kind in words, as every view says it
            assert KIND[fmt](catalogue.label("intervention", x.kind), x.kind) in block, (
                where,
                fmt,
                x.id,
                "kind",
            )
        for p in x.score_parts if kind != "not_recommended" else []:  # each part in words, JSON's code aside
            assert SCORE_PART[fmt](p) in block, (where, fmt, x.id, "score part", p.name)
    # every reference of an item is cited and listed; every one listed is the answer's
    cite = {"text": "[{}]", "md": "#ref-{}", "html": 'id="ref-{}"'}[fmt]
    for _, x in items(s):
        for n in x.refs:
            assert cite.format(n) in doc, (where, fmt, x.id, "reference", n)
    known = {ref.n for ref in s.references}
    listed = {
        int(n)
        for n in re.findall(
            {"text": r"\n  \[(\d+)\] ", "md": r'id="ref-(\d+)"', "html": r'id="ref-(\d+)"'}[fmt], doc
        )
    }
    assert listed <= known, (where, fmt, "references not in the answer", listed - known)


@pytest.mark.parametrize("s", ANSWERS, ids=IDS)
def test_every_report_format_carries_the_answer(s):
    where = f"{s.context.disease}/{s.context.stage}"
    data = json.loads(render(s, "json"))
    assert [c["id"] for c in data["candidates"]] == [c.id for c in s.candidates]
    assert [c["id"] for c in data["hypotheses"]] == [c.id for c in s.hypotheses]
    assert [n["id"] for n in data["not_recommended"]] == [n.id for n in s.not_recommended]
    for fmt in ("text", "md", "html"):
        assert_carries(render(s, fmt), fmt, s, where)
    cards = json.loads(render(s, "cards"))["cards"]
    uuids = [c["uuid"] for c in cards]
    assert uuids == (
        [f"candidate-{c.id}" for c in s.candidates]
        + [f"hypothesis-{c.id}" for c in s.hypotheses]
        + [f"avoid-{n.id}" for n in s.not_recommended]
    )
    for card in cards:
        kind, _, iid = card["uuid"].partition("-")
        x = next(x for k, x in items(s) if x.id == iid)
        for cid in caveat_ids({"avoid": "not_recommended"}.get(kind, kind), x):
            assert cid in card["detail"], (where, "cards", iid, cid)
        for reason in getattr(x, "reasons", []) if kind == "avoid" else []:
            assert reason in card["detail"], (where, "cards", iid, reason)


def test_web_answer_pages_carry_the_answer(app):
    for s in ANSWERS:
        ctx = s.context
        url = f"/answer?disease={ctx.disease}" + (f"&stage={ctx.stage}" if ctx.stage else "")
        status, _, page = get(app, url)
        assert status == 200, url
        assert_carries(page, "html", s, url)


def test_inferred_conflict_sides_are_marked_in_every_view(app):
    """A conflict side whose helpful direction is inferred from a harm of the opposite
    (``ConflictSide.inferred_from``) says so in text, md, html and on the web answer page."""
    seen = 0
    for s in ANSWERS:
        sides = [x for c in s.conflicts for x in c.sides if x.inferred_from]
        if not sides:
            continue
        ctx = s.context
        url = f"/answer?disease={ctx.disease}" + (f"&stage={ctx.stage}" if ctx.stage else "")
        views = {f: render(s, f) for f in ("text", "md", "html")} | {"web": get(app, url)[2]}
        for x in sides:
            harmed = catalogue.say("summaries.effect_past." + x.inferred_from)
            words = catalogue.say("phrases.suggestion.side_inferred", harmed=harmed, direction=x.direction)
            for name, out in views.items():
                assert words in html.unescape(out), (url, name, words)
            seen += 1
    assert seen >= 3  # osteosarcoma early, MI ischaemia, OA ... (rules/roles.lp, inferred_benefit)


def test_web_compare_pages_carry_every_stage(app):
    for s in ANSWERS:
        if s.context.stage is None and s.context.stages:
            page = get(app, f"/compare?disease={s.context.disease}")[2]
            for st in (x for x in ANSWERS if x.context.disease == s.context.disease and x.context.stage):
                for _, x in items(st):
                    assert x.label in page.replace("&#39;", "'").replace("&amp;", "&"), (
                        s.context.disease,
                        st.context.stage,
                        x.id,
                    )


def test_cds_cards_carry_the_answer(app):
    from reasoner.knowledge import codes

    table = codes.load()
    for s in ANSWERS:
        ctx = s.context
        row = next((c for c in table.codes if c.disease == ctx.disease), None)
        if row is None:
            continue
        site = row.sites[0] if not row.icd10 and not row.mondo and row.sites else None
        coding = (
            {"system": "http://hl7.org/fhir/sid/icd-10", "code": row.icd10[0]}
            if row.icd10
            else {
                "system": "http://purl.obolibrary.org/obo/mondo.owl",
                "code": site.mondo if site else row.mondo,
            }
        )
        condition = {
            "resourceType": "Condition",
            "id": "c1",
            "subject": {"reference": "Patient/p1"},
            "code": {"coding": [coding]},
        }
        if site:  # a disease the code system names only with a body site (hepatic I/R)
            condition["bodySite"] = [
                {"coding": [{"system": "http://snomed.info/sct", "code": site.body_site}]}
            ]
        if ctx.stage:
            condition["stage"] = [
                {"summary": {"coding": [{"system": "urn:reasoner:fhir:stage", "code": ctx.stage}]}}
            ]
        body = {
            "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "hook": "patient-view",
            "context": {"userId": "Practitioner/x", "patientId": "p1"},
            "prefetch": {"conditions": condition},
        }
        status, _, answer = get(
            app,
            "/cds-services/reasoner-autophagy",
            "POST",
            json.dumps(body).encode(),
            (("content-type", "application/json"),),
        )
        assert status == 200, answer
        card = json.loads(answer)["cards"][0]
        labels = [x["label"] for x in card.get("suggestions", [])]
        assert len(labels) == len(s.candidates), (ctx.disease, ctx.stage)
        for c, label in zip(s.candidates, labels):  # in rank order; long labels end in "…"
            full = f"Consider {c.label} ({c.autophagy_effect} autophagy)"
            assert full.startswith(label.rstrip("…")), (ctx.disease, ctx.stage, c.id)
        for n in s.not_recommended:
            assert n.label in card["detail"].replace("\\", ""), (ctx.disease, ctx.stage, n.id)


def test_comorbidity_answer_in_every_format():
    s = api.suggest("hepatic_IR", "ischaemia", comorbid=["osteosarcoma"])
    assert s.context.comorbidities
    for fmt in ("text", "md", "html"):
        doc = render(s, fmt)
        assert_carries(doc, fmt, s, "hepatic_IR/ischaemia + osteosarcoma")
        for c in s.candidates:
            for x in c.cautions or []:
                assert x.note.split(":")[0].replace("(", "").split()[0] in doc


@pytest.mark.parametrize("disease,stage", [("hepatic_IR", "reperfusion"), ("MI", None), ("NSCLC", "late")])
def test_explanations_in_every_format_and_on_the_web(app, disease, stage):
    s = next(x for x in ANSWERS if x.context.disease == disease and x.context.stage == stage)
    asked = [x.id for x in s.candidates[:1] + s.hypotheses[:1] + s.not_recommended[:1]]
    for iid in asked:
        e = api.explain(iid, disease, stage)
        url = f"/explain?intervention={iid}&disease={disease}" + (f"&stage={stage}" if stage else "")
        docs = {fmt: render(e, fmt) for fmt in ("text", "md", "html")}
        docs["web"] = get(app, url)[2]
        assert json.loads(render(e, "json"))["status"] == e.status
        for fmt, doc in docs.items():
            doc = unescaped(doc, "html" if fmt == "web" else fmt)
            assert e.label in doc, (fmt, iid)
            for c in e.caveats:
                assert c.id in doc, (fmt, iid, c.id)
            for f in e.flips:
                assert f.summary in doc, (fmt, iid, f.summary)


@pytest.mark.parametrize("disease", sorted({s.context.disease for s in ANSWERS if s.context.stages}))
def test_plans_in_every_format(disease):
    p = api.plan(disease)
    for fmt in ("text", "md", "html"):
        doc = render(p, fmt)
        for st in p.stages:
            for iid in [*st.choice, *st.alternatives, *st.hypotheses]:
                assert iid.replace("_", "\\_") in doc or iid in doc, (disease, fmt, iid)
            for h in st.hypotheses:
                assert (
                    re.search(re.escape(h).replace("_", r"\\?_") + r".{0,12}hypothes", doc)
                    or "hypotheses (no study of this disease applied them)" in doc
                ), (disease, fmt, h)
