"""The web app's pages: the query form, answers, explanations, comparisons, the review, browsing."""

from typing import Optional

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..errors import ReasonerError, UnknownValueError
from ..knowledge.names import resolve_disease
from ..knowledge.resolve import resolve
from . import browse
from .shared import Views, answer_links


def register_pages(app, views: Views) -> None:
    """The query form and the pages of one question: answer, explanation, comparison by stage."""
    R, page, form_state, options = views.R, views.page, views.form_state, views.options

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def query_page(request: Request):
        return page("query", form=form_state(request), options=options())

    @app.get("/answer", response_class=HTMLResponse, include_in_schema=False)
    def answer_page(
        request: Request,
        disease: str = "",
        stage: str = "",
        autophagy_state: str = "",
        comorbidity: list[str] = Query(default=[]),
    ):
        if not disease.strip():
            return RedirectResponse("/", status_code=303)
        key = ("page", disease, stage, autophagy_state, tuple(comorbidity))

        def build():
            if comorbidity and not R.comorbidity:
                raise UnknownValueError("comorbidity_option", comorbidity[0], [])
            com = tuple(sorted(resolve_disease(R.kb, c) for c in comorbidity if c))
            s = R.suggestion(disease, stage, autophagy_state, comorbidities=com)
            return page(
                "answer", r=s, form=form_state(request), options=options(), links=answer_links(s)
            ).body

        return HTMLResponse(R.cache.get(key, build))

    @app.get("/explain", response_class=HTMLResponse, include_in_schema=False)
    def explain_page(
        request: Request, intervention: str, disease: str, stage: str = "", autophagy_state: str = ""
    ):
        e = R.explanation(intervention, disease, stage, autophagy_state)
        return page(
            "explain",
            r=e,
            form=form_state(request),
            options=options(),
            answer=browse.answer_url(
                e.context.disease, e.context.stage, autophagy_state=e.context.autophagy_state
            ),
        )

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, disease: str, autophagy_state: str = ""):
        d, _, st = R.context(disease, None, autophagy_state)
        if not d.stages:
            raise UnknownValueError(
                ("compare_disease", {"disease": d.id}),
                disease,
                [x.id for x in R.kb.diseases if x.stages],
            )
        whole = R.suggestion(d.id, None, st)
        columns = [R.suggestion(d.id, s.id, st) for s in d.stages]
        return page("compare", whole=whole, columns=columns, form=form_state(request), options=options())


def register_review_page(app, views: Views) -> None:
    """/review: the review's text, a sentence or a reference marked, with the records citing it."""
    R, page = views.R, views.page

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(s: Optional[int] = None, ref: Optional[int] = None, quote: str = ""):
        rv = R.review()
        if quote:
            hits = rv.spans(quote)
            if not hits:
                raise UnknownValueError("quote", quote, [])
            return RedirectResponse(f"/review?s={hits[0].id}#s-{hits[0].id}", status_code=303)
        marked: list[int] = []
        records: list[dict] = []
        title = None
        if s is not None:
            if s not in rv.sentences:
                raise UnknownValueError("sentence", str(s), [], valid_hint=f"1-{len(rv.sentences)}")
            marked = [s]
            records = rv.sentences[s].records
            title = f"Sentence {s}"
        elif ref is not None:
            from ..knowledge.primary import id_words

            rec = R.kb.get("references", str(ref))
            if rec is None:
                raise UnknownValueError("reference_number", str(ref), [], valid_hint="1-96")
            marked = [x.id for x in rv.by_ref(ref)]
            seen = set()
            for sid in marked:
                for x in rv.sentences[sid].records:
                    if ref in x["refs"] and x["key"] not in seen:
                        seen.add(x["key"])
                        records.append(x)
            title = f"[{ref}] {rec.citation}"
            if id_words(rec):
                title += f" ({id_words(rec)})"
        from ..knowledge.primary import ids_of

        return page(
            "review",
            review=rv,
            marked=marked,
            records=records,
            title=title,
            focus=marked[0] if marked else None,
            ref=ref,
            references=[(x.n, x.citation, ids_of(x)) for x in R.kb.references],
        )


def register_browse_pages(app, views: Views) -> None:
    """/browse (the knowledge browser) and /api (the JSON API's list of operations)."""
    R, page = views.R, views.page

    @app.get("/browse", response_class=HTMLResponse, include_in_schema=False)
    def browse_page(request: Request, tab: str = "studies"):
        tab = resolve("browser_tab", tab, [(t, []) for t in browse.TABS])
        filters = {k: request.query_params.get(k, "") for k in browse.FILTERS}
        # a disease named as the CLI names it (liver IRI, heart attack, ICD10:I21.4) is that
        # disease's id, matched exactly; a search that names one disease filters by it
        disease = filters["disease"].strip() or filters["q"].strip()
        did = None
        if disease:
            try:
                did = resolve_disease(R.kb, disease)
            except ReasonerError:
                did = None
        if did is not None:
            filters = {**filters, "disease": did, "q": "" if not filters["disease"].strip() else filters["q"]}
        every = browse.rows(R.kb, tab, R.usage() if tab in ("studies", "interventions") else None)
        rows = [
            dict(row, search=browse.search_text(row))
            for row in every
            if browse.matches(row, filters if did is None else {**filters, "disease": ""})
            and (did is None or did in row["keys"]["disease"])
        ]
        return page(
            "browse",
            tab=tab,
            tabs=browse.TABS,
            rows=rows,
            filters=filters,
            headers=browse.HEADERS[tab],
            total=len(every),
        )

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_docs():
        spec = app.openapi()
        ops = [
            {
                "method": m.upper(),
                "path": p,
                "summary": op.get("summary", ""),
                "params": [x["name"] for x in op.get("parameters", [])],
            }
            for p, methods in sorted(spec["paths"].items())
            for m, op in methods.items()
        ]
        return page("api", ops=ops)
