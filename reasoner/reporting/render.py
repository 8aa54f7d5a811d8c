"""Rendering: one jinja2 Environment over reports/templates (StrictUndefined; autoescape for HTML)."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from typing import Any, Optional

FORMATS = ("text", "md", "json", "html", "cards")
SUFFIX_FORMAT = {
    ".txt": "text",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}


def new_environment(loader):
    """A jinja2 Environment with the project's settings and filters over ``loader``: the one
    configuration, shared by the renderer and by the wheel build that precompiles the
    templates (``hatch_build.py``), so that both compile the same code."""
    import jinja2

    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one process renders with templates that do not change meanwhile
    )
    env.filters["md"] = md_escape
    env.filters["refs"] = jinja2.pass_context(_refs_filter)
    env.filters["verbatim"] = verbatim
    return env


#: Name of the manifest beside the precompiled templates.
MANIFEST = "MANIFEST.json"


def templates_digest(templates) -> str:
    """SHA-256 over every file under ``templates`` (relative names and bytes): which
    sources compiled code is of (``compile_templates`` compiles every file the loader lists)."""
    from pathlib import Path

    root = Path(templates)
    h = hashlib.sha256()
    for p in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def compile_templates(templates, target) -> None:
    """Precompile every template of ``templates`` into Python modules in ``target`` (jinja2's
    ``compile_templates``), with a manifest naming the jinja2 version and the sources' digest.

    Run by the wheel build (``hatch_build.py``), never at run time: the installed package
    carries the compiled templates as it carries its own modules.  Nothing the program
    caches is code."""
    import jinja2

    from pathlib import Path

    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    env = new_environment(jinja2.FileSystemLoader(str(templates)))
    env.compile_templates(str(target), zip=None, ignore_errors=False)
    (target / MANIFEST).write_text(
        json.dumps(
            {"jinja2": jinja2.__version__, "templates": templates_digest(Path(templates))},
            indent=2,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )


def template_loader(templates, compiled):
    """The loader of the templates: the precompiled modules when ``compiled`` holds them for
    exactly these sources and this jinja2 version (compiling a report's templates costs more
    than answering the query), else the sources themselves."""
    import jinja2

    source = jinja2.FileSystemLoader(str(templates))
    try:
        manifest = json.loads((compiled / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return source
    if (
        not isinstance(manifest, dict)
        or manifest.get("jinja2") != jinja2.__version__
        or manifest.get("templates") != templates_digest(templates)
    ):
        return source
    return jinja2.ChoiceLoader([jinja2.ModuleLoader(str(compiled)), source])


@lru_cache(maxsize=1)
def environment():
    from ..knowledge.paths import compiled_templates_dir, templates_dir

    return add_globals(new_environment(template_loader(templates_dir(), compiled_templates_dir())))


def add_globals(env):
    """The run-time globals of every template: the version, the knowledge base's hash and
    the catalogue's ``say`` and ``label`` (words come from rules/sentences.yaml, not from
    templates)."""
    import jinja2

    from ..knowledge.catalogue import label

    env.globals["version"] = _version()
    env.globals["kb_hash"] = kb_hash()
    env.globals["say"] = jinja2.pass_eval_context(_say)
    env.globals["label"] = label
    env.globals["card_marks"] = card_marks  # where a --facts file acts on an item (cards)
    return env


def _say(eval_ctx, key: str, /, **args: Any):
    """``catalogue.say`` for templates.  Where autoescape is on (HTML) the phrase is escaped
    and so is each argument, except markup a template passes in (``<strong>`` around a word
    of the phrase), which stays markup: the layout stays in the template, the words in the
    catalogue."""
    from ..knowledge.catalogue import entry, say

    if not eval_ctx.autoescape:
        return say(key, **args)
    from markupsafe import Markup, escape

    template = entry(key)
    if not isinstance(template, str):
        raise KeyError(f"{key!r} is not a phrase")
    if not args:
        return escape(template)
    if _plain_fields(template) and all(type(v) in _PLAIN or isinstance(v, Markup) for v in args.values()):
        # the same words as Markup.format (each field escaped, markup kept), without its
        # Python-level formatter: str.format over escaped values, for a phrase whose fields
        # are bare names (no format spec, index or attribute) filled with text or numbers
        return Markup(str(escape(template)).format(**{k: escape(v) for k, v in args.items()}))
    return escape(template).format(**args)


_PLAIN = (str, int)


@lru_cache(maxsize=None)
def _plain_fields(template: str) -> bool:
    """Whether every field of the phrase is a bare name ("{disease}", not "{ids[0]}" or "{n:>3}")."""
    import string

    return all(
        name is None or (name.isidentifier() and not spec and not conv)
        for _, name, spec, conv in string.Formatter().parse(template)
    )


@lru_cache(maxsize=1)
def review_paragraphs() -> list[tuple[str, str]]:
    """(section heading, paragraph) of facts/review.txt, whitespace-normalised."""
    from ..knowledge.catalogue import say
    from ..knowledge.paths import review_text

    out, heading = [], say("phrases.common.front_matter")
    for block in re.split(r"\n\s*\n", review_text().read_text(encoding="utf-8")):
        text = " ".join(block.split())
        if not text:
            continue
        m = re.match(r"^(\d+(?:\.\d+)*) \| (.+)$", text)
        if m and len(text) < 120:
            heading = say("phrases.common.section", number=m.group(1), title=m.group(2).strip())
        out.append((heading, text))
    return out


class Review:
    """Where each quote stands in the review: its section and paragraph, which a report
    shows (highlighted) after its references.  A quote not found there is the user's."""

    def __init__(self):
        self.used: dict[int, set[str]] = {}

    def locate(self, quote) -> Optional[dict]:
        q = " ".join(str(quote).split())
        for i, (heading, text) in enumerate(review_paragraphs()):
            if q and q in text:
                self.used.setdefault(i, set()).add(q)
                return {"id": f"review-p{i}", "section": heading}
        return None

    def paragraphs(self) -> list[dict]:
        from markupsafe import Markup, escape

        out = []
        for i in sorted(self.used):
            heading, text = review_paragraphs()[i]
            html = str(escape(text))
            for q in sorted(self.used[i], key=len, reverse=True):
                html = html.replace(str(escape(q)), f"<mark>{escape(q)}</mark>", 1)
            out.append({"id": f"review-p{i}", "section": heading, "html": Markup(verbatim(html))})
        return out


class Citer:
    """The references a rendering cites, recorded as the template cites them, so that the
    reference list is exactly the references cited in the visible output."""

    _BRACKETS = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")

    def __init__(self):
        self.numbers: set[int] = set()

    def __call__(self, refs) -> list:
        refs = list(refs)
        self.numbers.update(int(n) for n in refs if isinstance(n, int) or str(n).isdigit())
        return refs

    def text(self, text) -> str:
        """Record the [n] / [n, m] citations written inside a sentence; return it unchanged."""
        for m in self._BRACKETS.finditer(str(text)):
            self.numbers.update(int(x) for x in m.group(1).split(","))
        return text

    def html(self, text):
        """``text`` escaped, with each [n] / [n, m] inside it a link to the reference list."""
        from markupsafe import Markup, escape

        def link(m):
            nums = [int(x) for x in m.group(1).split(",")]
            self.numbers.update(nums)
            return " ".join(f'<a class="cite" href="#ref-{n}">[{n}]</a>' for n in nums)

        return Markup(self._BRACKETS.sub(link, str(escape(text))))

    def __contains__(self, n) -> bool:
        return n in self.numbers


def _refs_filter(ctx, refs) -> str:
    cited = ctx.get("cited")
    if cited is not None:
        cited(refs)
    return "".join(f"[{n}]" for n in refs)


def _version() -> str:
    from .._version import __version__

    return __version__


def kb_hash() -> str:
    """Short SHA-256 of the bundled knowledge-base files (names and bytes): which review reading."""
    from ..knowledge.paths import bundled_files

    h = hashlib.sha256()
    for p in bundled_files():
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def verbatim(text) -> str:
    """A quote as a reader sees it: Table 1 cells (tab-separated in facts/review.txt) joined
    by " | ", and the review's TeX arrows as arrows.  The stored quote stays verbatim."""
    return str(text).replace("\t", " | ").replace("\\uparrow", "↑").replace("\\downarrow", "↓")


def md_escape(text) -> str:
    """Escape Markdown (and inline HTML) in knowledge-base and user strings."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+!|<>~":
            out.append("\\" + ch)
        elif ch in "\n\r":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_json(obj: Any) -> str:
    from .json_data import plain

    return json.dumps(plain(obj), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def card_marks(item) -> str:
    """Where a user's --facts file acts on the item: its files, and the score parts they
    changed (issue 26, item 11: every format marks a user's record); the CLI's cards and the
    served CDS card (a jinja2 global) say it alike."""
    from ..knowledge.catalogue import label, say
    from ..reasoning.user_marks import user_files  # here: hatch_build.py loads this module on its own

    files = user_files(item)
    out = " " + say("phrases.cards.your_facts", files=", ".join(files)) if files else ""
    for p in getattr(item, "score_parts", []):
        if p.changed_by:
            without = (
                say("phrases.common.score_without", value=p.value_without)
                if p.value_without is not None
                else say("phrases.cards.score_new")
            )
            out += " " + say(
                "phrases.cards.score_changed",
                part=label("score_part", p.name),
                value=p.value,
                without=without,
                files=", ".join(p.changed_by),
            )
    return out


#: The CDS Hooks specification's bound on a card's summary: "<140-character summary message".
SUMMARY_LIMIT = 140


def short(text: str, limit: int = SUMMARY_LIMIT - 1) -> str:
    """``text`` in at most ``limit`` characters, ending in "…" where it is cut: a card's
    summary (under 140 characters, as the CDS Hooks specification asks) and a suggestion's
    label. The one cut of both card surfaces, `suggest --format cards` and the CDS service."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cards(obj) -> str:
    """CDS-Hooks-style cards, one per candidate (and one warning per not-recommended entry);
    worded by the catalogue (``phrases.cards``)."""
    from ..knowledge.catalogue import label, say
    from ..knowledge.ids import REVIEW_URL

    out = []
    source = {"label": say("phrases.common.card_source"), "url": REVIEW_URL}

    def caveats(item) -> str:
        return "".join(
            " " + say("phrases.cards.caveat", kind=label("caveat", x.kind), id=x.id, text=x.text)
            for x in item.caveats
        )

    for kind, items in (
        ("candidate", getattr(obj, "candidates", [])),
        ("hypothesis", getattr(obj, "hypotheses", [])),
    ):
        for c in items:
            summary = (
                c.summary
                if kind == "candidate"
                else say(
                    "phrases.common.status_summary", status=label("status", "hypothesis"), summary=c.summary
                )
            )
            detail = say(
                "phrases.cards.detail",
                rank=c.rank,
                score=c.score,
                tier=label("tier", c.tier),
                level="; ".join(c.evidence_level),
            )
            if c.extrapolated:
                detail += say("phrases.cards.extrapolated", diseases=", ".join(c.evidence_from))
            detail += " ".join(
                say("phrases.cards.support", study=s.study, refs=", ".join(map(str, s.refs)), quote=s.quote)
                for s in c.support
            )
            out.append(
                {
                    "uuid": f"{kind}-{c.id}",
                    "summary": short(summary),
                    "indicator": "info",
                    "detail": detail + caveats(c) + card_marks(c),
                    "source": {**source, "refs": c.refs},
                }
            )
    for n in getattr(obj, "not_recommended", []):
        out.append(
            {
                "uuid": f"avoid-{n.id}",
                "summary": short(say("phrases.cards.avoid", label=n.label)),
                "indicator": "warning",
                "detail": "; ".join(n.reasons) + caveats(n) + card_marks(n),
                "source": {**source, "refs": n.refs},
            }
        )
    return json.dumps({"cards": out}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_index(entries: list[dict], notice: str) -> str:
    """The index page of ``report --all``: ``entries`` are {"file", "result"} (a Suggestion)."""
    return environment().get_template("index.html.j2").render(entries=entries, notice=notice)


def render_template(name: str, **context) -> str:
    """Render one named template of reports/templates (e.g. a section of `reasoner audit`)."""
    return environment().get_template(name).render(**context)


def render(obj: Any, fmt: str = "text") -> str:
    if fmt == "json":
        return to_json(obj)
    if fmt == "cards":
        return cards(obj)
    kind = type(obj).__name__.lower()
    ext = {"text": "txt", "md": "md", "html": "html", "fragment": "html"}[fmt]
    labels, stage_names, candidate_ids = {}, {}, []
    if kind == "suggestion":
        labels = {x.id: x.label for x in [*obj.not_recommended, *obj.candidates]}
        candidate_ids = [c.id for c in obj.candidates]
    context = getattr(obj, "context", None)
    if getattr(context, "stage", None):
        stage_names[context.stage] = getattr(context, "stage_name", None) or context.stage
    out = (
        environment()
        .get_template(f"{kind}.{ext}.j2")
        .render(
            r=obj,
            cited=Citer(),
            review=Review(),
            fragment=fmt == "fragment",
            labels=labels,
            stage_names=stage_names,
            candidate_ids=candidate_ids,
        )
    )
    if fmt in ("text", "md"):  # no raw ESC, CR or bidi controls reach a terminal or a table
        from .escape import escape_controls

        out = escape_controls(out)
    return out
