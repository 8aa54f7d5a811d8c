"""Import INDRA Statements JSON or a signed SIF as a ``--facts`` file.

Agents are grounded through the identifiers and names recorded in ``facts/``
(the entities' CURIEs, registry labels and synonyms, symbols, labels and
aliases).  Whatever cannot be mapped is listed at the top of the output (as
YAML comments, so the file still loads) and on no account dropped silently.

The header's words are the catalogue's (``phrases.import`` of rules/sentences.yaml); each
listed item is an ``Item`` with its code.  What the import writes *into* records is data of
the user's file, not prose: an edge's source text (the line as given and "(file line n)"), an
AND node's name, the fallback quote "a activates b" of an edge with no text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple, Optional

from ..errors import FactsError, UnknownValueError
from ..knowledge import ids
from ..knowledge.kb import KB
from ..knowledge.names import entity_choices
from ..knowledge.resolve import Names
from .indra_shape import check as check_shape

POSITIVE = {"Activation": 1, "IncreaseAmount": 1, "Inhibition": -1, "DecreaseAmount": -1}
SIF_SIGN = {
    "activates": 1,
    "increases": 1,
    "upregulates": 1,
    "stimulates": 1,
    "positive": 1,
    "+": 1,
    "->": 1,
    "inhibits": -1,
    "decreases": -1,
    "downregulates": -1,
    "represses": -1,
    "negative": -1,
    "-": -1,
    "-|": -1,
    # the numeric style of Iggy's and INDRA's SIF files (1 activates, -1 inhibits)
    "1": 1,
    "+1": 1,
    "-1": -1,
}
#: Relations that name an edge of unknown sign (Iggy's 0, CIF's ?): listed, never imported.
SIF_UNKNOWN = {"0", "?", "unknown"}
#: The kind a node of a SIF file that names no entity of facts/ is given (a signalling node;
#: edit the imported file to say otherwise).
NEW_KIND = "protein"
SIF_MEMBER = {"member_of", "part_of", "partof", "component_of"}
#: INDRA db_refs keys -> the CURIE prefix facts/ writes (GO and CHEBI values carry their prefix).
DB_REFS = ("HGNC", "FPLX", "MIRBASE", "MGI", "RGD", "GO", "CHEBI", "MESH")


#: The catalogue sections of the import report's pieces (rules/sentences.yaml): an item not
#: mapped or needing attention, where it stands, what is wrong with a line of Iggy's format.
ITEM = "phrases.import.item."
WHERE = "phrases.import.where."
CIF_PROBLEM = "phrases.import.cif_problem."


class Item(NamedTuple):
    """A piece of the import report by its code: the ``code`` of catalogue ``section`` (ITEM,
    WHERE, CIF_PROBLEM) and the arguments that fill it (an argument may be an Item itself,
    worded in its place)."""

    section: str
    code: str
    args: dict

    def words(self) -> str:
        from ..knowledge.catalogue import say

        args = {k: v.words() if isinstance(v, Item) else v for k, v in self.args.items()}
        return say(self.section + self.code, **args)


def where(code: str, **args) -> Item:
    return Item(WHERE, code, args)


class Grounder:
    """Entity ids by CURIE and by (normalised) name, from the knowledge base."""

    def __init__(self, kb: KB):
        self.kb = kb
        # CURIE -> {entity id: is an exact xref}: one entity, or one with an exact xref, maps;
        # a CURIE several entities claim alike is listed, never the first by id order
        self.by_curie: dict[str, dict[str, bool]] = {}
        for e in kb.entities:
            for x in e.xrefs:
                if x.curie and x.relation in ("exact", "precursor", "ortholog"):
                    owners = self.by_curie.setdefault(x.curie.casefold(), {})
                    owners[e.id] = owners.get(e.id, False) or x.relation == "exact"
        # the one resolver's names (knowledge.names), exact and case-insensitive matches only:
        # an import never guesses by words
        self.names = Names(entity_choices(kb))
        self.ambiguous: dict[str, list[str]] = {}  # names several entities share: not mapped

    def curie(self, curie: str) -> Optional[str]:
        fixed = ids.normalise(curie) or curie
        owners = self.by_curie.get(fixed.casefold()) or {}
        exact = [i for i, is_exact in owners.items() if is_exact]
        if len(owners) == 1 or len(exact) == 1:
            return exact[0] if exact else next(iter(owners))
        if owners:
            self.ambiguous[curie] = sorted(exact or owners)
        return None

    def name(self, text: str) -> Optional[str]:
        found = self.curie(text) if ids.split(text) else None
        if found:
            return found
        try:
            return self.names.exactly("entity", text)
        except UnknownValueError as exc:  # a name two entities share, or longer than any
            if exc.suggestions:
                self.ambiguous[text] = exc.suggestions
            return None

    def notes(self) -> list[Item]:
        """The names that were not mapped because several entities have them."""
        from .sanitize import one_line

        return [
            Item(ITEM, "ambiguous", {"name": repr(one_line(t)), "ids": ", ".join(ids)})
            for t, ids in sorted(self.ambiguous.items())
        ]

    def agent(self, agent: dict) -> Optional[str]:
        refs = agent.get("db_refs") or {}
        for key in DB_REFS:
            if key in refs:
                value = str(refs[key])
                found = self.curie(value if ":" in value and key in ("GO", "CHEBI") else f"{key}:{value}")
                if found:
                    return found
        for text in (agent.get("name"), refs.get("TEXT")):
            if text:
                found = self.name(str(text))
                if found:
                    return found
        return None


def _load_json(path: str):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))  # a leading BOM is not content
    except FileNotFoundError:
        raise FactsError(path, "not_found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsError(path, "cannot_read", why=exc.__class__.__name__) from None
    except json.JSONDecodeError as exc:
        raise FactsError(path, "invalid_json", line=exc.lineno, detail=exc.msg) from None


def _agent_text(agent) -> str:
    if not isinstance(agent, dict):
        return "?"
    refs = agent.get("db_refs") or {}
    grounding = ", ".join(f"{k}:{v}" for k, v in sorted(refs.items()) if k != "TEXT")
    return f"{agent.get('name', '?')}" + (f" ({grounding})" if grounding else "")


class Output:
    def __init__(self, kb: KB, origin: str):
        self.kb, self.origin = kb, origin
        self.edges: dict[str, dict] = {}
        self.entities: dict[str, dict] = {}
        self.new_entities: dict[str, str] = {}  # id -> the name the file gave
        self.unmapped: list[Item] = []  # items not mapped or needing attention, by code
        self.known = {(g.source, g.target, g.sign, g.context): g.id for g in kb.edges}
        self._kb_entities = {e.id: e for e in kb.entities}
        self._seen_sources: dict[str, set] = {}

    def new_entity(self, name: str) -> str:
        """A new user entity for a node ``name`` that no entity of facts/ names (marked in the
        header and by its file; listed)."""
        import re

        from .sanitize import one_line

        base = "user_" + (re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_") or "node")
        eid, n = base, 1
        while eid in self._kb_entities or (eid in self.new_entities and self.new_entities[eid] != name):
            n += 1
            eid = f"{base}_{n}"
        if eid not in self.new_entities:
            self.new_entities[eid] = name
            self.entities[eid] = {
                "id": eid,
                "kind": NEW_KIND,
                "label": one_line(name) or eid,
                "aliases": [one_line(name)] if one_line(name) else [],
            }
        return eid

    def edge(
        self,
        a: str,
        b: str,
        sign: int,
        quote: str,
        section: str,
        refs: list[int],
        sources: list[dict],
        context: Optional[str] = None,
        what: Optional[Item] = None,
    ) -> None:
        s = "+" if sign > 0 else "-"
        eid = f"imported_{a}_{'activates' if sign > 0 else 'inhibits'}_{b}"
        if context:
            eid += f"_in_{context.lower()}"
        rec = self.edges.get(eid)
        same = self.known.get((a, b, s, context))
        if same is not None and rec is None:  # an exact duplicate of a bundled edge: reported
            self.note("duplicate_edge", what=what or where("edge"), edge=eid, bundled=same)
        if rec is None:
            rec = {
                "id": eid,
                "source": a,
                "target": b,
                "sign": s,
                "refs": [],
                "sources": [],
                "quote": quote if len(quote) >= 10 else f"{a} {'activates' if sign > 0 else 'inhibits'} {b}",
                "section": section or "imported",
            }
            if context:
                rec["context"] = context
            self.edges[eid] = rec
        if refs:
            rec["refs"] = sorted(set(rec["refs"]) | {n for n in refs if isinstance(n, int) and 1 <= n <= 96})
        seen = self._seen_sources.setdefault(eid, set())
        for src in sources:
            key = tuple(sorted((k, str(v)) for k, v in src.items()))
            if key not in seen:
                seen.add(key)
                rec["sources"].append(src)

    def note(self, code: str, **args) -> None:
        """An item not mapped or needing attention (its code in ITEM): listed at the top, never
        dropped."""
        self.unmapped.append(Item(ITEM, code, args))

    def member(self, member: str, complex_: str, what: Item) -> None:
        ent = self._kb_entities[complex_]
        if member in ent.members:
            return  # already in the knowledge base: nothing to add
        rec = self.entities.get(complex_) or ent.model_dump(mode="json", exclude_defaults=True)
        rec["members"] = sorted(set(rec.get("members", [])) | {member})
        self.entities[complex_] = rec
        self.note("adds_member", what=what, member=member, complex=complex_)

    def text(self) -> str:
        import yaml

        from ..knowledge.catalogue import say
        from .sanitize import one_line

        # every header line is one comment line: a newline in a file name or a node name
        # cannot end the comment and inject YAML
        entities = say("phrases.import.counts_entities", n=len(self.entities)) if self.entities else ""
        head = [
            "# " + say("phrases.import.header", file=one_line(Path(self.origin).name)),
            "# "
            + say("phrases.import.counts", edges=len(self.edges), entities=entities, n=len(self.unmapped)),
        ]
        head += [f"#   - {one_line(u.words())}" for u in self.unmapped]
        if self.new_entities:
            head.append(
                "# "
                + say("phrases.import.new_entities", n=len(self.new_entities), kind=NEW_KIND, gate=GATE_KIND)
            )
            head += [f"#   - {eid}: {one_line(name)}" for eid, name in sorted(self.new_entities.items())]
        data: dict = {}
        if self.entities:
            data["entities"] = [self.entities[k] for k in sorted(self.entities)]
        edges = []
        for k in sorted(self.edges):
            rec = dict(self.edges[k])
            if not rec["sources"]:
                del rec["sources"]
            if not rec["refs"]:
                del rec["refs"]
            edges.append(rec)
        data["edges"] = edges
        if sum(len(v) for v in data.values()) > FLOW_ABOVE:  # large: one flow mapping a line
            return (
                "\n".join(head)
                + "\n"
                + "".join(
                    f"{section}:\n" + "".join(f"- {_flow(rec)}\n" for rec in recs)
                    for section, recs in data.items()
                )
            )
        return "\n".join(head) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


#: Above this many records the output writes each as one YAML flow mapping (JSON syntax) on
#: its own line: PyYAML's block emitter takes about 0.3 ms a record, this a few microseconds.
FLOW_ABOVE = 5000
_YAML_UNSAFE = None


def _flow(rec: dict) -> str:
    """``rec`` as a YAML flow mapping: JSON text, with every character YAML would read as a
    line break or refuse (C1 controls, U+2028/9, BOM, lone surrogates) escaped."""
    import re

    global _YAML_UNSAFE
    if _YAML_UNSAFE is None:
        _YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
    text = json.dumps(rec, ensure_ascii=False, separators=(", ", ": "))
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def from_indra(kb: KB, path: str) -> str:
    """INDRA Statements JSON -> --facts YAML text."""
    stmts = _load_json(path)
    if isinstance(stmts, dict) and "statements" in stmts:
        stmts = stmts["statements"]
    if not isinstance(stmts, list):
        raise FactsError(path, "indra_list")
    check_shape(path, stmts)  # a field of the wrong JSON type: one line, nothing written
    g, out = Grounder(kb), Output(kb, path)
    diseases = {d.id for d in kb.diseases}
    for i, st in enumerate(stmts):
        if not isinstance(st, dict):
            out.note("not_an_object", what=where("statement", i=i))
            continue
        typ = st.get("type")
        evs = [e for e in st.get("evidence") or [] if isinstance(e, dict)]
        notes = (evs[0].get("annotations") or {}) if evs else {}
        what = where("statement_typed", i=i, type=typ)
        if notes.get("kind") in ("finding", "derived", "cargo"):
            out.note("review_relation", what=what, kind=notes["kind"], edge=notes.get("edge"))
            continue
        if typ in POSITIVE:
            subj, obj = st.get("subj"), st.get("obj")
            a, b = g.agent(subj or {}), g.agent(obj or {})
            if a is None or b is None:
                missing = [_agent_text(x) for x, y in ((subj, a), (obj, b)) if y is None]
                out.note("no_entity", what=what, names=", ".join(missing), more="")
                continue
            own, refs, sources = _indra_provenance(evs, f"{typ} statement {st.get('id', i)}")
            quote = next((e.get("text") for e in evs if e.get("text")), "") or ""
            context = notes.get("disease") if own and notes.get("disease") in diseases else None
            out.edge(
                a,
                b,
                POSITIVE[typ],
                quote,
                (own[0].get("annotations") or {}).get("section", "") if own else "imported",
                refs,
                sources,
                context,
                what=what,
            )
        elif typ == "Complex":
            members = st.get("members") or []
            grounded = [g.agent(m) for m in members]
            kinds = {e.id: e.kind for e in kb.entities}
            complexes = [x for x in grounded if x and kinds.get(x) == "complex"]
            others = [x for x in grounded if x and kinds.get(x) != "complex"]
            if None in grounded or len(complexes) != 1 or not others:
                out.note("not_a_membership", what=what, members=", ".join(_agent_text(m) for m in members))
                continue
            for m in others:
                out.member(m, complexes[0], what)
        else:
            out.note("statement_type", what=what)
    out.unmapped += g.notes()
    return out.text()


def _indra_provenance(evs: list[dict], fallback: str) -> tuple[list[dict], list[int], list[dict]]:
    """(the review's own evidence of an exported statement, its review refs, the user's
    sources: PMID, DOI, text and source_api of every other evidence); a statement with
    neither refs nor sources is sourced as ``fallback`` (its type and id), never unsourced."""
    own = [e for e in evs if e.get("source_api") == "xing2021"]
    refs = sorted({n for e in own for n in (e.get("annotations") or {}).get("refs") or []})
    sources = []
    for e in evs:
        if e.get("source_api") == "xing2021":
            continue
        tr = e.get("text_refs") or {}
        src = {
            k: v
            for k, v in (
                ("pmid", e.get("pmid") or tr.get("PMID")),
                ("doi", tr.get("DOI")),
                ("text", e.get("text")),
                ("source_api", e.get("source_api")),
            )
            if v
        }
        if src:
            sources.append(src)
    if not refs and not sources:
        sources = [{"source_api": "indra", "text": fallback}]
    return own, refs, sources


def from_sif(kb: KB, path: str, new_entities: bool = True) -> str:
    """A signed SIF (source, relation, target...) -> --facts YAML text, in linear time.

    Relations: words (activates, inhibits, ...), ``+``/``-`` or the numeric style of
    Iggy and INDRA (``1``, ``-1``; ``0`` is an edge of unknown sign, listed and not
    imported).  A node that no entity of facts/ names becomes a new user entity
    (``new_entities``), listed in the header.
    """
    from ..knowledge.inputs import read_input

    try:
        data = read_input(path).data
        text = data.decode("utf-8-sig")  # a leading BOM (as spreadsheets write) is not content
    except UnicodeDecodeError as exc:
        raise FactsError(path, "cannot_read", why=exc.__class__.__name__) from None
    g, out = Grounder(kb), Output(kb, path)
    complexes = {e.id for e in kb.entities if e.kind == "complex"}
    name = Path(path).name
    grounded: dict[str, Optional[str]] = {}

    def node(label: str) -> Optional[str]:
        if label not in grounded:
            found = g.name(label)
            if found is None and new_entities:
                found = out.new_entity(label)
            grounded[label] = found
        return grounded[label]

    for n, line in enumerate(text.splitlines(), 1):
        if "\x00" in line:  # no facts file can hold it: refused, never written
            raise FactsError(path, "sif_nul", line=n)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        parts = [p.strip() for p in parts if p.strip()]
        what = where("line", n=n)
        if len(parts) < 3:
            out.note("sif_fields", what=what, line=repr(line.strip()))
            continue
        if "->" in parts and any(c in line for c in "&!?"):
            _cif_line(out, node, line, what, f"({name} line {n})")
            continue
        src, rel, targets = parts[0], parts[1].casefold(), parts[2:]
        if rel in SIF_UNKNOWN:
            out.note("sif_unknown_sign", what=what, line=f"{src} {parts[1]} {' '.join(targets)}")
            continue
        if rel not in SIF_SIGN and rel not in SIF_MEMBER:
            out.note("sif_no_sign", what=what, relation=repr(parts[1]))
            continue
        _sif_targets(out, node, complexes, (src, rel, parts[1]), targets, what, f"({name} line {n})")
    out.unmapped += g.notes()
    return out.text()


def _sif_targets(out, node, complexes: set, relation: tuple, targets: list, what: Item, where: str) -> None:
    """The edges (or memberships) of one SIF line: ``relation`` is (source, relation
    casefolded, relation as written); ``where`` names the file and line in each edge's source."""
    src, rel, word = relation
    a = node(src)
    for t in targets:
        b = node(t)
        if a is None or b is None:
            out.note(
                "no_entity",
                what=what,
                names=", ".join(x for x, y in ((src, a), (t, b)) if y is None),
                more="",
            )
        elif rel in SIF_SIGN:
            out.edge(
                a,
                b,
                SIF_SIGN[rel],
                "",
                "imported",
                [],
                [{"source_api": "sif", "text": f"{src} {word} {t} {where}"}],
                what=what,
            )
        elif b in complexes:
            out.member(a, b, what)
        else:
            out.note("not_a_complex", what=what, target=t)


#: The kind of the node an AND of Iggy's network format becomes (a combined regulation).
GATE_KIND = "process"


#: An Iggy line longer than this is not copied whole into each of its edges' source text.
CIF_TEXT_MAX = 200


def _cif_problem(literals: list[str], target: str) -> Optional[Item]:
    """Why a CIF line is not in Iggy's format (None when it is): a doubled '!', a negated or
    unknown-sign target, or one source given with both signs."""
    if target[:1] in "!?&":
        return Item(CIF_PROBLEM, "target_signed", {"target": repr(target[:80])})
    twice = next((x for x in literals if x.startswith("!!")), None)
    if twice is not None:
        return Item(CIF_PROBLEM, "bang_twice", {"literal": repr(twice[:80])})
    signs: dict[str, set] = {}
    for x in literals:
        signs.setdefault(x.lstrip("!").strip(), set()).add(x.startswith("!"))
    both = next((k for k, v in signs.items() if len(v) > 1), None)
    if both is not None:
        return Item(CIF_PROBLEM, "both_signs", {"source": repr(both[:80])})
    return None


def _cif_line(out: Output, node, line: str, what: Item, where: str) -> None:
    """A line in Iggy's network format (CIF): ``a & !b -> c``, ``!a -> c``.  Each source
    literal (``!`` inhibits) reaches the target; several literals form an AND node (a new
    user entity with gate ``and``, as Iggy builds it: every literal reaches the AND node
    by its sign, the AND node activates the target).  ``?`` (unknown sign) is listed."""
    left, right = line.split("->", 1)
    target = right.strip()
    literals = [x.strip() for x in left.split("&")]
    if not target or len(target.split()) > 1 or not all(x.lstrip("!").strip() for x in literals):
        out.note("cif_shape", what=what, line=repr(line.strip()))
        return
    if any(x.startswith("?") for x in literals):
        out.note("cif_unknown_sign", what=what, line=line.strip()[:200])
        return
    bad = _cif_problem(literals, target)
    if bad is not None:
        out.note("cif_format", what=what, problem=bad)
        return
    signed = [(x.lstrip("!").strip(), -1 if x.startswith("!") else 1) for x in literals]
    ends = {label: node(label) for label, _ in signed} | {target: node(target)}
    missing = [label for label, eid in ends.items() if eid is None]
    if missing:
        from ..knowledge.catalogue import say

        more = say("phrases.import.more", n=len(missing) - 20) if len(missing) > 20 else ""
        out.note("no_entity", what=what, names=", ".join(missing[:20]), more=more)
        return
    short = len(line) <= CIF_TEXT_MAX
    whole = " ".join(line.split()) if short else f"{len(signed)} literals -> {target}"

    def source(lit: str = ""):  # one dict an edge (a shared one would be written as a YAML alias)
        text = whole if short or not lit else f"{lit} -> AND of {whole}"
        return [{"source_api": "sif", "text": f"{text} {where}"}]

    if len(signed) == 1:
        label, sign = signed[0]
        out.edge(ends[label], ends[target], sign, "", "imported", [], source(), what=what)
        return
    # the AND node's name is bounded, so its id (in every edge's id) does not grow with the line
    name = "AND(" + " & ".join(literals) + ")" if short else f"AND of {whole} {where}"
    gate = out.new_entity(name)
    out.entities[gate].update({"kind": GATE_KIND, "gate": "and"})
    for (label, sign), lit in zip(signed, literals):
        out.edge(ends[label], gate, sign, "", "imported", [], source(lit), what=what)
    out.edge(gate, ends[target], 1, "", "imported", [], source(), what=what)
