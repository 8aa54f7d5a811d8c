"""Load, validate and merge the knowledge base; turn it into input atoms.

Knowledge is data: this module knows the *shape* of records (through
``models``) and how each field becomes an input atom of ``rules/input.lp``;
it knows nothing about any disease, stage or study.
"""

from __future__ import annotations

import gc
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml
from pydantic import BaseModel, ValidationError

from . import models as m
from . import yamlio
from ..errors import FactsError, noun, words
from .paths import NOT_KB, bundled_files, facts_dir, review_text  # noqa: F401
from .terms import ATOM_SECTION, Atom, Const, Fn  # noqa: F401

SECTION_MODELS: dict[str, type[BaseModel]] = {
    "references": m.Reference,
    "discrepancies": m.Discrepancy,
    "entities": m.Entity,
    "edges": m.Edge,
    "diseases": m.Disease,
    "roles": m.AutophagyRole,
    "interventions": m.Intervention,
    "reconciliations": m.Reconciliation,
    "studies": m.Study,
    "judgements": m.Judgement,
    "claims": m.Claim,
    "primary": m.PrimaryReading,
}


def key_of(section: str, record: BaseModel) -> str:
    if section == "primary":  # one reading per study and reference: 'study@ref'
        return f"{record.study}@{record.ref}"  # type: ignore[attr-defined]
    return str(record.n) if section == "references" else record.id  # type: ignore[attr-defined]


@dataclass
class Source:
    """Where a record came from (for error messages and provenance)."""

    path: str
    line: int | None
    bundled: bool
    index: int = 0  # position of the file among the inputs


@dataclass
class KB:
    """The merged, validated knowledge base."""

    kb: m.KnowledgeBase
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:  # kb.studies etc.
        if name in SECTION_MODELS:
            return getattr(self.kb, name)
        raise AttributeError(name)

    @cached_property
    def index(self) -> dict[str, dict[str, BaseModel]]:
        return {s: {key_of(s, r): r for r in getattr(self.kb, s)} for s in SECTION_MODELS}

    def get(self, section: str, key: str) -> BaseModel | None:
        return self.index[section].get(str(key))

    def atoms(self) -> list[Atom]:
        return to_atoms(self.kb)


# ---------------------------------------------------------------- loading


def _record_lines(root) -> dict[tuple[str, int], int]:
    """Line number (1-based) of each record: (section, index) -> line, from the composed YAML."""
    import yaml

    lines: dict[tuple[str, int], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines[(str(key_node.value), i)] = item.start_mark.line + 1
    return lines


def parse_file(
    path: Path, raw: bytes | None = None, is_json: bool | None = None
) -> tuple[Any, dict[tuple[str, int], int], bool]:
    """Read and parse one YAML file, or JSON by its .json suffix: (data, record lines, is_json).

    ``raw`` is the file's bytes when already read (``inputs.read_input``: read
    once, hashed and parsed from the same bytes); ``is_json`` overrides the
    suffix (standard input).  A file that cannot be read or parsed is a
    one-line FactsError naming the file (and the line, where known).
    """
    from .inputs import read_input, shown as _shown

    shown = _shown(str(path))
    if raw is None:
        raw = read_input(str(path)).data
    try:
        text = raw.decode("utf-8-sig")  # a leading BOM is not content
    except UnicodeDecodeError as exc:
        raise FactsError(shown, "not_utf8", byte=exc.start) from None
    if is_json is None:
        is_json = path.suffix.lower() == ".json"
    try:
        if is_json:
            data = yamlio.load_json(text)
            lines: dict[tuple[str, int], int] = {}
        else:
            data, root = yamlio.compose(text)
            lines = _record_lines(root)
    except yamlio.DuplicateKey as exc:
        raise FactsError(shown, "duplicate_key", line=exc.line, **exc.params) from None
    except json.JSONDecodeError as exc:
        raise FactsError(shown, "invalid_json", line=exc.lineno, detail=exc.msg) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = (
            getattr(exc, "problem", None)
            or getattr(exc, "context", None)
            or str(exc).splitlines()[0]
            or words("facts.unreadable")
        )
        raise FactsError(
            shown, "invalid_yaml", line=mark.line + 1 if mark else None, detail=problem
        ) from None
    except ValueError as exc:  # e.g. an integer beyond Python's digit limit
        raise FactsError(shown, "invalid_value", detail=str(exc).splitlines()[0][:120]) from None
    if _ESCAPED_BAD.search(text) or "\x00" in text:  # rare: only then walk the values
        where, what = _bad_string(data)
        if where is not None:
            raise FactsError(shown, "bad_string", what=what, where=where or words("facts.top"))
    return data, lines, is_json


#: An escape that can give a NUL or a lone surrogate (\u0000, \ud800, YAML's \0, \U0000d800).
_ESCAPED_BAD = re.compile(r"\\(?:u0{4}|0|x00|u[dD][89a-fA-F]|U0{4}[dD][89a-fA-F])")


def _bad_string(value, where: str = "") -> tuple[Optional[str], str]:
    """(path, what) of the first key or string holding a NUL or a lone surrogate, else (None, "")."""
    stack = [(where, value)]
    while stack:
        at, v = stack.pop()
        if isinstance(v, str):
            if "\x00" in v:
                return at, words("facts.nul")
            try:
                v.encode("utf-8")
            except UnicodeEncodeError as exc:
                return at, words("facts.surrogate", char=v[exc.start].encode("unicode_escape").decode())
        elif isinstance(v, dict):
            for k, x in reversed(list(v.items())):
                stack.append((f"{at}.{k}" if at else str(k), x))
                stack.append((at, k))
        elif isinstance(v, list):
            for i, x in reversed(list(enumerate(v))):
                stack.append((f"{at}[{i}]", x))
    return None, ""


def read_file(
    path: Path, raw: bytes | None = None, is_json: bool | None = None
) -> tuple[dict, dict[tuple[str, int], int]]:
    """Parse one YAML or JSON facts file into {section: [raw records]} (see parse_file)."""
    from .inputs import shown as _shown

    shown = _shown(str(path))
    data, lines, is_json = parse_file(path, raw, is_json)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FactsError(shown, "sections_mapping")
    for section, records in data.items():
        if section not in SECTION_MODELS:
            raise FactsError(
                shown, "unknown_section", section=repr(str(section)), valid=", ".join(SECTION_MODELS)
            )
        if not isinstance(records, list):
            raise FactsError(shown, "section_not_list", section=repr(section))
    return data, lines


def _validate(section: str, raw: Any, path: str, line: int | None, index: int) -> BaseModel:
    model = SECTION_MODELS[section]
    rid = None
    if isinstance(raw, dict):
        rid = raw.get("n" if section == "references" else "id")
        if section == "primary":
            rid = f"{raw.get('study')}@{raw.get('ref')}"
    label = str(rid) if rid is not None else f"{section}[{index}]"
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or None
        raise FactsError(path, "reported", record=label, field=loc, line=line, detail=err["msg"]) from None


def load(extra: Iterable[Path | str] = (), override: bool = False, inputs=None) -> KB:
    """Load the bundled knowledge base plus user files (never modifying the bundled one).

    ``inputs`` (``inputs.read_inputs``): every file already read once; when
    given, ``extra`` is ignored.  Cyclic garbage collection is paused meanwhile:
    loading allocates many objects and frees none, so collections would only
    walk them again and again.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(extra, override, inputs)
    finally:
        if paused:
            gc.enable()


def _load(extra: Iterable[Path | str], override: bool, inputs) -> KB:
    if inputs is None:
        from .inputs import read_inputs

        inputs = read_inputs(tuple(str(p) for p in extra))
    sections: dict[str, dict[str, BaseModel]] = {s: {} for s in SECTION_MODELS}
    sources: dict[tuple[str, str], Source] = {}
    for position, item in enumerate(inputs):
        path, bundled = Path(item.name), item.bundled
        data, lines = read_file(path, item.data, item.json)
        for section, records in data.items():
            for i, raw in enumerate(records):
                line = lines.get((section, i))
                rec = _validate(section, raw, item.name, line, i)
                key = key_of(section, rec)
                previous = sources.get((section, key))
                if previous is not None and (
                    previous.bundled and not bundled and not override or previous.bundled == bundled
                ):
                    raise FactsError(
                        item.name,
                        "duplicate_id_override" if previous.bundled and not bundled else "duplicate_id",
                        record=key,
                        line=line,
                        file=Path(previous.path).name,
                    )
                sections[section][key] = rec
                sources[(section, key)] = Source(item.name, line, bundled, position)
    kb = m.KnowledgeBase(
        **{s: [recs[k] for k in sorted(recs, key=_sort_key)] for s, recs in sections.items()}
    )
    result = KB(kb, sources)
    if any(not i.bundled for i in inputs):
        check_references(result, only_user=True)
    return result


def _sort_key(k: str) -> tuple:
    return (0, int(k), "") if k.isdigit() else (1, 0, k)


# ---------------------------------------------------------------- checks


def normalise(text: str) -> str:
    return " ".join(text.split())


def review() -> str:
    return normalise(review_text().read_text(encoding="utf-8"))


def record_problems(kb: KB, section: str, rec: BaseModel) -> list[tuple[str, str]]:
    """Cross-record problems of one record: [(field, problem)]."""
    problems: list[tuple[str, str]] = []
    idx = kb.index
    ents, diseases = idx["entities"], idx["diseases"]

    def need(fieldname: str, value: str | None, where: dict, what: str) -> None:
        if value is not None and value not in where:
            problems.append((fieldname, words("value.unknown", what=noun(what), value=repr(value))))

    if section == "studies":
        need("disease", rec.disease, diseases, "disease")
        if rec.stage is not None:
            d = diseases.get(rec.disease)
            if d is not None and rec.stage not in {s.id for s in d.stages}:
                problems.append(
                    ("stage", words("facts.unknown_stage", stage=repr(rec.stage), disease=rec.disease))
                )
        for f in ("source", "cargo", "target"):
            need(f, getattr(rec, f), ents, "entity")
        for p in rec.pathway:
            need("pathway", p, ents, "entity")
        need("intervention", rec.intervention, idx["interventions"], "intervention")
    elif section == "entities":
        for mem in rec.members:
            need("members", mem, ents, "entity")
    elif section == "edges":
        need("source", rec.source, ents, "entity")
        need("target", rec.target, ents, "entity")
        need("context", rec.context, diseases, "disease")
    elif section == "interventions":
        need("source", rec.source, ents, "entity")
        need("cargo", rec.cargo, ents, "entity")
    elif section == "roles":
        set_ = [x for x in (rec.disease, rec.disease_class, rec.organ) if x]
        if len(set_) != 1:
            problems.append(("disease", words("facts.one_scope")))
        need("disease", rec.disease, diseases, "disease")
        if rec.disease and rec.stage and rec.disease in diseases:
            if rec.stage not in {s.id for s in diseases[rec.disease].stages}:
                problems.append(
                    ("stage", words("facts.unknown_stage", stage=repr(rec.stage), disease=rec.disease))
                )
    elif section == "reconciliations":
        for d in rec.diseases:
            need("diseases", d, diseases, "disease")
    elif section == "claims":
        for rid in rec.about:
            if rid not in ents and rid not in idx["interventions"]:
                problems.append(
                    ("about", words("value.unknown", what=noun("entity_or_intervention"), value=repr(rid)))
                )
    elif section == "judgements":
        for rid in rec.records:
            if not any(rid in idx[s] for s in idx if s != "judgements"):
                problems.append(("records", words("value.unknown", what=noun("record"), value=repr(rid))))
    elif section == "references":
        from .primary import reference_id_problems

        problems += reference_id_problems(kb, rec)
    elif section == "primary":
        from .primary import reading_problems

        problems += reading_problems(kb, rec)
    elif section == "discrepancies":
        for rid in rec.touches:
            if not any(rid in idx[s] for s in ("studies", "roles", "edges", "reconciliations")):
                problems.append(("touches", words("value.unknown", what=noun("record"), value=repr(rid))))
    return problems


def check_references(kb: KB, only_user: bool = False) -> None:
    """Raise FactsError for the first record that names something undeclared."""
    for section in SECTION_MODELS:
        for rec in getattr(kb.kb, section):
            src = kb.sources.get((section, key_of(section, rec)))
            if only_user and (src is None or src.bundled):
                continue
            for fieldname, problem in record_problems(kb, section, rec):
                raise FactsError(
                    src.path if src else section,
                    "reported",
                    detail=problem,
                    record=key_of(section, rec),
                    field=fieldname,
                    line=src.line if src else None,
                )


# ---------------------------------------------------------------- atoms


def _c(v: str) -> Const:
    return Const(v)


def to_atoms(kb: m.KnowledgeBase, studies: bool = True) -> list[Atom]:
    """The knowledge base as input atoms of rules/input.lp (sorted, deterministic)."""
    out: list[Atom] = []
    add = out.append
    for x in kb.discrepancies:
        add(("discrepancy", (x.id, _c(x.kind))))
        for rid in x.touches:
            add(("discrepancy_on", (x.id, rid)))
    for e in kb.entities:
        add(("entity", (e.id,)))
        if e.msc:
            add(("msc_source", (e.id,)))
        for mem in e.members:
            add(("member", (f"member_{mem}_{e.id}", mem, e.id)))
    for g in kb.edges:
        add(("edge", (g.id, g.source, g.target, 1 if g.sign == "+" else -1)))
        if g.context:
            add(("edge_context", (g.id, g.context)))
        if g.provenance != "review":
            add(("record_provenance", (g.id, _c(g.provenance))))
    for d in kb.diseases:
        add(("disease", (d.id,)))
        add(("organ", (d.id, d.organ)))
        for c in d.classes:
            add(("disease_class", (d.id, _c(c))))
        for s in d.stages:
            add(("stage", (d.id, s.id)))
    for r in kb.roles:
        role = _c(r.role)
        if r.disease and r.stage:
            add(("role_stage", (r.id, r.disease, r.stage, role)))
        elif r.disease:
            add(("role_disease", (r.id, r.disease, role)))
        elif r.disease_class and r.stage:
            add(("role_class_stage", (r.id, _c(r.disease_class), r.stage, role)))
        elif r.disease_class:
            add(("role_class", (r.id, _c(r.disease_class), role)))
        elif r.organ:
            add(("role_organ", (r.id, r.organ, role)))
        if r.provenance != "review":
            add(("record_provenance", (r.id, _c(r.provenance))))
    for i in kb.interventions:
        out += intervention_atoms(i)
    for r in kb.reconciliations:
        for d in r.diseases:
            add(("reconciliation", (r.id, d, _c(r.basis))))
    for s in kb.studies if studies else ():
        out += study_atoms(s)
    for p in kb.primary:
        out += primary_atoms(p)
    return out


def primary_atoms(p: m.PrimaryReading) -> list[Atom]:
    """The input atoms of one primary reading: the model and species the paper states."""
    if not p.checked:
        return []
    out: list[Atom] = [("primary_read", (p.study, p.ref, p.paper_id or ""))]
    if p.model != "not_stated":
        out.append(("primary_model", (p.study, p.ref, _c(p.model))))
    for sp in p.species:
        out.append(("primary_species", (p.study, p.ref, sp)))
    return out


def intervention_atoms(i: m.Intervention) -> list[Atom]:
    """The input atoms of one intervention."""
    out: list[Atom] = [("intervention", (i.id,)), ("int_kind", (i.id, _c(i.kind)))]
    if i.cargo:
        out.append(("int_cargo", (i.id, i.cargo)))
    if i.source:
        out.append(("int_source", (i.id, i.source)))
    return out


def study_atoms(s: m.Study) -> list[Atom]:
    """The input atoms of one study."""
    out: list[Atom] = []
    add = out.append
    sid = s.id
    add(("study", (sid,)))
    add(("study_kind", (sid, _c(s.kind))))
    if s.autophagy_effect:
        add(("study_effect", (sid, _c(s.autophagy_effect))))
    if s.outcome:
        add(("study_outcome", (sid, _c(s.outcome))))
    add(("study_evidence", (sid, _c(s.evidence))))
    for n in s.refs:
        add(("study_ref", (sid, n)))
    for sp in s.species:
        add(("study_species", (sid, sp)))
    if s.disease:
        add(("study_disease", (sid, s.disease)))
    if s.stage:
        add(("study_stage", (sid, s.stage)))
    if s.intervention:
        add(("study_intervention", (sid, s.intervention)))
    if s.cargo:
        add(("study_cargo", (sid, s.cargo)))
    if s.cargo_change:
        add(("study_change", (sid, _c(s.cargo_change))))
    if s.target:
        add(("study_target", (sid, s.target)))
    if s.target and s.target_change:
        add(("study_target_change", (sid, _c(s.target_change))))
    if s.release_effect:
        add(("study_release", (sid, _c(s.release_effect))))
    if s.autophagy_level:
        add(("study_level", (sid, _c(s.autophagy_level))))
    return out


def compile_kb(kb: KB, writer=None) -> dict:
    """The knowledge base as the parts of a ``store.Store`` (and its cache).

    Studies are grouped by disease and interventions bucketed, so a call
    reads only what its scope needs.  ``writer`` (``solver.facts_text``)
    turns atoms into clingo fact text; without it atoms stay Python values.
    """
    from .store import compile_parts

    lazy = ("studies", "interventions")
    sections = {
        s: {key_of(s, r): r.model_dump(mode="json") for r in getattr(kb.kb, s)}
        for s in SECTION_MODELS
        if s not in lazy
    }
    shell = kb.kb.model_copy(update={"studies": [], "interventions": []})
    studies = [(s.model_dump(mode="json"), study_atoms(s)) for s in kb.kb.studies]
    interventions = [(i.model_dump(mode="json"), intervention_atoms(i)) for i in kb.kb.interventions]
    sources = [(k[0], k[1], src.index) for k, src in kb.sources.items() if not src.bundled]
    return compile_parts(sections, to_atoms(shell), studies, interventions, sources, writer)


def store(kb: KB):
    """A ``Store`` over an already loaded knowledge base (tests, mutation runs)."""
    from .store import Store

    by_index = {src.index: src.path for src in kb.sources.values()}
    return Store(compile_kb(kb), [by_index.get(i, "") for i in range(max(by_index, default=-1) + 1)])
