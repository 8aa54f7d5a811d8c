"""Rendering: one jinja2 Environment over reports/templates (StrictUndefined; autoescape for HTML)."""

from __future__ import annotations

import json
from functools import lru_cache

from pydantic import BaseModel

FORMATS = ("text", "md", "json", "html", "cards")
SUFFIX_FORMAT = {".txt": "text", ".md": "md", ".markdown": "md", ".json": "json",
                 ".html": "html", ".htm": "html"}


@lru_cache(maxsize=1)
def environment():
    import jinja2

    from ..knowledge.paths import templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["refs"] = lambda refs: "".join(f"[{n}]" for n in refs)
    return env


def md_escape(text) -> str:
    """Escape Markdown (and inline HTML) in knowledge-base and user strings."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+!|<>~":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_json(obj: BaseModel) -> str:
    from .plain import plain

    return json.dumps(plain(obj), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def cards(obj) -> str:
    """CDS-Hooks-style cards, one per candidate (and one warning per not-recommended entry)."""
    out = []
    source = {"label": "Xing et al. 2021, J Cell Mol Med 25:2297-2308 (review)",
              "url": "https://doi.org/10.1111/jcmm.16276"}
    for c in getattr(obj, "candidates", []):
        summary = c.summary if len(c.summary) < 140 else c.summary[:136] + "..."
        out.append({"uuid": f"candidate-{c.id}", "summary": summary, "indicator": "info",
                    "detail": f"Rank {c.rank}, score {c.score}. " + " ".join(
                        f"{s.study} [{', '.join(map(str, s.refs))}]: {s.quote}" for s in c.support),
                    "source": {**source, "refs": c.refs}})
    for n in getattr(obj, "not_recommended", []):
        summary = f"Avoid {n.label}"
        summary = summary if len(summary) < 140 else summary[:136] + "..."
        out.append({"uuid": f"avoid-{n.id}", "summary": summary, "indicator": "warning",
                    "detail": "; ".join(n.reasons), "source": {**source, "refs": n.refs}})
    return json.dumps({"cards": out}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_index(entries: list[dict]) -> str:
    """The index page of ``report --all``: ``entries`` are {"file", "result"} (a Suggestion)."""
    from ..reasoning.results import NOTICE

    return environment().get_template("index.html.j2").render(entries=entries, notice=NOTICE)


def render(obj: BaseModel, fmt: str = "text") -> str:
    if fmt == "json":
        return to_json(obj)
    if fmt == "cards":
        return cards(obj)
    kind = type(obj).__name__.lower()
    ext = {"text": "txt", "md": "md", "html": "html"}[fmt]
    return environment().get_template(f"{kind}.{ext}.j2").render(r=obj)
