"""Command-line interface (thin: parse options, call the package API, render).

Exit codes: 0 success; 1 `check` found failing conclusions; 2 usage or input error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Callable, Optional

import click

from .errors import ReasonerError, UnknownValueError
from .outputs import write_output

EXIT_CODES = "Exit codes: 0 success, 1 check found failures, 2 usage or input error."


class Group(click.Group):
    """Turns domain errors into one-line messages with exit code 2 (130 on Ctrl-C)."""

    def invoke(self, ctx: click.Context):
        from .knowledge.inputs import read_once

        try:
            with read_once():  # every input file of the command is read once
                return super().invoke(ctx)
        except ReasonerError as exc:
            raise Fail(str(exc), exc.exit_code) from None
        except RecursionError:
            raise Fail("input too deeply nested", 2) from None
        except MemoryError:
            raise Fail("out of memory; raise --max-memory or ask a narrower question", 2) from None
        except KeyboardInterrupt:
            raise click.exceptions.Exit(130) from None
        except OSError as exc:  # an I/O failure no command foresaw: still one line
            where = f"{exc.filename}: " if exc.filename else ""
            raise Fail(f"{where}{exc.strerror or exc.__class__.__name__}", 2) from None


def one_line(message: str) -> str:
    """A message on one line: control characters (newlines too) shown escaped."""
    from .reporting.text import escape_controls

    return escape_controls(message, keep="")


class Fail(click.ClickException):
    def __init__(self, message: str, code: int = 2):
        super().__init__(one_line(message))
        self.exit_code = code


def format_option(*formats: str, default: str = "text") -> Callable:
    def check(ctx, param, value):
        if value is None:
            return None
        from .knowledge.resolve import resolve

        return resolve("format", value, [(f, []) for f in formats])

    return click.option("--format", "fmt", default=default, show_default=True,
                        callback=check, metavar="|".join(formats),
                        help="Output format.")


def output_options(f: Callable) -> Callable:
    f = click.option("--force", is_flag=True, help="Overwrite an existing output file.")(f)
    f = click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")(f)
    return f


def _timeout(ctx, param, value):
    from .limits import parse_timeout

    return parse_timeout(value)


def _max_memory(ctx, param, value):
    from .limits import parse_memory, set_memory_limit

    limit = parse_memory(value)
    if value is None and ctx.info_name == "serve":
        return value  # a threaded server reserves address space per thread: only an explicit limit
    ctx.call_on_close(set_memory_limit(limit))
    return value


def facts_options(f: Callable) -> Callable:
    f = click.option("--max-memory", metavar="SIZE", callback=_max_memory,
                     help="Memory limit, e.g. 2G (default: half of the machine's memory).")(f)
    f = click.option("--timeout", metavar="SECONDS", callback=_timeout,
                     help="Give up grounding and solving after SECONDS (0.001-86400).")(f)
    f = click.option("--override", is_flag=True,
                     help="Let --facts records replace bundled records with the same id.")(f)
    f = click.option("--facts", "facts", multiple=True, metavar="FILE",
                     help="Extra YAML/JSON facts for this run (repeatable; - reads stdin).")(f)
    return f


def context_options(f: Callable) -> Callable:
    f = click.option("--autophagy-state", metavar="insufficient|moderate|excessive",
                     help="The autophagy level of your model, if known.")(f)
    f = click.option("--stage", metavar="STAGE", help="Disease stage (see `reasoner diseases`).")(f)
    f = click.option("--disease", required=True, metavar="DISEASE",
                     help="Disease id or alias (see `reasoner diseases`).")(f)
    return f


# ---- issue 16: comorbidities and flips (options kept together here)


def comorbid_option(f: Callable) -> Callable:
    return click.option("--comorbid", "comorbid", multiple=True, metavar="DISEASE[:STAGE]",
                        help="A comorbidity (repeatable): candidates that would harm it are "
                             "advised against, uncertain ones cautioned.")(f)


def whatif_options(f: Callable) -> Callable:
    f = click.option("--alternatives", type=click.IntRange(min=0), metavar="N",
                     help="With --comorbid: list N choices beyond the optimal ones.")(f)
    f = click.option("--flips", "flips", is_flag=True,
                     help="Show each not-recommended entry's cheapest flip (what would change it).")(f)
    return comorbid_option(f)


@click.group(cls=Group, epilog=EXIT_CODES)
@click.version_option(package_name="reasoner")
def cli() -> None:
    """Therapy reasoning over the exosome-autophagy review (Xing et al. 2021).

    Research use only: the evidence is preclinical.
    """


@cli.command(epilog=EXIT_CODES)
@context_options
@format_option("text", "md", "json", "html", "cards")
@output_options
@facts_options
@click.option("--no-trees", is_flag=True,
              help="Leave out the justification trees (a faster answer over a large knowledge base).")
@whatif_options
def suggest(disease, stage, autophagy_state, fmt, output, force, facts, override, timeout,
            max_memory, no_trees, comorbid, flips, alternatives):
    """Propose interventions for a disease context, with what not to do and conflicts.

    Example:

    \b
        reasoner suggest --disease hepatic_IR --stage reperfusion
        reasoner suggest --disease hepatic_IR --stage ischaemia --comorbid osteosarcoma
    """
    from .api import suggest as run
    from .reporting.render import render

    if alternatives is not None and not comorbid:
        raise Fail("--alternatives needs --comorbid (it orders candidates by comorbidity cautions)", 2)
    result = run(disease, stage, autophagy_state, facts=facts, override=override, timeout=timeout,
                 trees=not no_trees, comorbid=comorbid, flips=flips, alternatives=alternatives)
    write_output(render(result, fmt), output, force)


@cli.command(epilog=EXIT_CODES)
@click.argument("intervention")
@context_options
@click.option("--why-not", is_flag=True, help="Ask why it is not recommended (same output).")
@format_option("text", "md", "json", "html")
@output_options
@facts_options
@comorbid_option
def explain(intervention, disease, stage, autophagy_state, why_not, fmt, output, force, facts,
            override, timeout, max_memory, comorbid):
    """Justify one intervention: why it is recommended, or why not, and what would change it.

    Example:

    \b
        reasoner explain ucmsc_exos_mir_20a --disease hepatic_IR --stage reperfusion
        reasoner explain bmsc_hlc_exos --disease hepatic_IR --stage reperfusion --format json
    """
    from .api import explain as run
    from .reporting.render import render

    result = run(intervention, disease, stage, autophagy_state, facts=facts, override=override,
                 timeout=timeout, comorbid=comorbid)
    write_output(render(result, fmt), output, force)


@cli.command(epilog=EXIT_CODES)
@click.option("--disease", metavar="DISEASE", help="Disease id or alias.")
@click.option("--stage", metavar="STAGE", help="Disease stage.")
@click.option("--autophagy-state", metavar="insufficient|moderate|excessive")
@click.option("--all", "all_", is_flag=True, help="Every disease and stage, plus an index page.")
@click.option("-o", "--output", required=True, metavar="PATH",
              help="Report file (format from the suffix: .html .md .json .txt) or, with --all, a directory.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@facts_options
@comorbid_option
def report(disease, stage, autophagy_state, all_, output, force, facts, override, timeout,
           max_memory, comorbid):
    """Write a report file (HTML, Markdown, JSON or text, from the suffix).

    Example:

        reasoner report --disease hepatic_IR --stage reperfusion -o report.html
    """
    from .api import suggest as run
    from .reporting.render import SUFFIX_FORMAT, environment, render
    from .reasoning.lite import notice

    NOTICE = notice()
    if all_ and comorbid:
        raise Fail("--comorbid cannot be combined with --all", 2)
    if all_:
        from .api import load_kb
        from .outputs import RESERVED, check_tree, write_tree

        kb = load_kb(facts, override)
        names: dict[str, tuple[str, Optional[str]]] = {}
        for d in kb.diseases:
            for st in [None] + [s.id for s in d.stages]:
                fname = f"{d.id}{'-' + st if st else ''}.html"
                if fname in RESERVED or fname in names:
                    raise Fail(f"disease {d.id!r}{f' stage {st!r}' if st else ''} would be "
                               f"written to {fname}, a name already taken; rename the disease", 2)
                names[fname] = (d, st)
        check_tree(output, [*names, *RESERVED], force)  # refuse before the work, not after
        pages: dict[str, str] = {}
        entries = []
        from .api import suggest_many

        answers = suggest_many([(d.id, st) for d, st in names.values()], facts=facts,
                               override=override, timeout=timeout)  # one solve for all
        for (fname, (d, st)), res in zip(names.items(), answers):
            pages[fname] = render(res, "html")
            entries.append({"file": fname, "name": d.name, "stage": st,
                            "desired": res.autophagy.desired,
                            "candidates": len(res.candidates)})
        pages["index.html"] = environment().get_template("index.html.j2").render(
            entries=entries, notice=NOTICE)
        write_tree(output, pages, force)
        click.echo(one_line(f"wrote {len(pages)} files to {output}"))
        return
    if not disease:
        raise Fail("give --disease (or --all)", 2)
    name = Path(output).name
    suffix = "." + name.rsplit(".", 1)[1].lower() if "." in name else ""
    if suffix not in SUFFIX_FORMAT:
        raise UnknownValueError("report suffix", suffix or output, [],
                                valid_hint=", ".join(sorted(SUFFIX_FORMAT)))
    res = run(disease, stage, autophagy_state, facts=facts, override=override, timeout=timeout,
              comorbid=comorbid)
    write_output(render(res, SUFFIX_FORMAT[suffix]), output, force)


@cli.command(epilog=EXIT_CODES)
@click.option("--observations", required=True, metavar="FILE",
              help="YAML or JSON file: 'observations: [{entity, change, marker}]' and optional "
                   "'edges: [{source, target, sign, evidence: {doi|pmid|text}}]'.")
@click.option("--disease", metavar="DISEASE",
              help="Disease id or alias: edges specific to other diseases leave the graph, and the "
                   "therapy question is answered for it.")
@click.option("--stage", metavar="STAGE", help="Disease stage (needs --disease).")
@format_option("text", "md", "json", "html")
@output_options
@facts_options
def observe(observations, disease, stage, fmt, output, force, facts, override, timeout,
            max_memory):
    """Check measurements against the review's signed graph; repair, predict, advise.

    Sign consistency as in Iggy/bioquali: every changed node that is not an
    input is explained by a consistent incoming influence.  Answers whether the
    observations are consistent, the minimal inconsistent cores, the minimal
    repairs (flip an observation, ignore an edge, add an input; costs in
    facts/observe.yaml), predictions for unmeasured nodes (strong or weak),
    and what a change of autophagy implies for therapy.  Entity names resolve
    through ids, labels, symbols, aliases and HGNC:/miRBase: CURIEs.

    Example:

    \b
        reasoner observe --disease hepatic_IR --stage reperfusion --observations mine.yaml
    """
    from .observe import observe as run
    from .reporting.render import render

    result = run(observations, disease, stage, facts=facts, override=override, timeout=timeout)
    write_output(render(result, fmt), output, force)


@cli.command(epilog=EXIT_CODES)
@click.option("--disease", required=True, metavar="DISEASE",
              help="A staged disease (see `reasoner diseases`).")
@comorbid_option
@format_option("text", "md", "json", "html")
@output_options
@facts_options
def plan(disease, comorbid, fmt, output, force, facts, override, timeout, max_memory):
    """A plan across the stages of a disease: per stage the desired modulation, the
    best-supported choice with its alternatives, and what must not be carried into the
    next stage.  The review gives no durations or doses; neither does the plan.

    Example:

    \b
        reasoner plan --disease hepatic_IR
        reasoner plan --disease MI --comorbid breast_cancer:late --format json
    """
    from .api import plan as run
    from .reporting.render import render

    result = run(disease, comorbid, facts=facts, override=override, timeout=timeout)
    write_output(render(result, fmt), output, force)


@cli.command(epilog=EXIT_CODES)
@format_option("text", "json")
@facts_options
def diseases(fmt, facts, override, timeout, max_memory):
    """List diseases with their stages and aliases.

    Example:

        reasoner diseases --format json
    """
    from .api import disease_rows, load_kb

    rows = disease_rows(load_kb(facts, override))
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for d in rows:
        stages = ", ".join(s["id"] for s in d["stages"]) or "no stages"
        click.echo(one_line(f"{d['id']}: {d['name']} [{stages}]; aliases: {', '.join(d['aliases'])}"))


@cli.command(epilog=EXIT_CODES)
@click.option("--disease", metavar="DISEASE", help="Only studies of this disease.")
@format_option("text", "json")
@facts_options
def studies(disease, fmt, facts, override, timeout, max_memory):
    """List the studies (findings the review attributes to cited papers).

    Example:

        reasoner studies --disease hepatic_IR --format json
    """
    from .api import load_kb, study_rows

    rows = study_rows(load_kb(facts, override), disease)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for s in rows:
        row = f" (Table 1 row {s['table1_row']})" if s["table1_row"] else ""
        click.echo(f"{s['id']}{row}: {s['disease'] or 'physiology'}; {s['intervention'] or s['cargo'] or '-'}; "
                   f"autophagy {s['autophagy_effect'] or 'not stated'}; {s['outcome']} [{', '.join(map(str, s['refs']))}]")


@cli.command(epilog=EXIT_CODES)
@click.argument("numbers", nargs=-1)
@format_option("text", "json")
def refs(numbers, fmt):
    """Print entries of the review's reference list (all, or the numbers given).

    Example:

        reasoner refs 75 76
    """
    from .api import load_kb, reference_records

    recs = reference_records(load_kb(), numbers)
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in recs], indent=2,
                              ensure_ascii=False))
        return
    for r in recs:
        click.echo(f"[{r.n}] {r.citation}")


@cli.command(epilog=EXIT_CODES)
@format_option("text", "json")
@facts_options
def audit(fmt, facts, override, timeout, max_memory):
    """Show where the review disagrees with its reference list, and mechanism checks.

    Example:

        reasoner audit --format json
    """
    from .api import load_kb
    from .check import audit as run

    result = run(load_kb(facts, override), timeout)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(f"Discrepancies between the review and its reference list ({len(result['discrepancies'])}):")
    for d in result["discrepancies"]:
        click.echo(f"  - {d['id']} ({d['kind']}, {d['where']}): review says {d['review_says']!r}; "
                   f"list: {d['list_says']}")
    from .reporting.render import environment

    click.echo(environment().get_template("audit_identifiers.txt.j2").render(
        ids=result["identifiers"]), nl=False)
    click.echo(f"\nTable 1 rows whose mechanism the signalling graph derives: "
               f"{result['table1_consistent']}/{result['table1_rows']}")
    click.echo(f"Studies whose mechanism is not sign-consistent ({len(result['mechanisms'])}):")
    for s in result["mechanisms"]:
        click.echo(f"  - {s['study']} [{', '.join(map(str, s['refs']))}]: autophagy {s['autophagy']}"
                   f" (reported {s['reported']}, derived {s['derived']}), release "
                   f"{s['exosome_release']}; path: {'; '.join(s['path']) or 'none'}")
    click.echo(f"\nJudgement calls of `observe` (facts/observe.yaml readings, "
               f"{len(result['observe_readings'])}):")
    for r in result["observe_readings"]:
        click.echo(f"  - autophagy {r['change']} where it is {r['role']} reads as {r['state']}: "
                   f"{r['note']} (section {r['section']}: {r['quote']!r})")
    click.echo("\nJudgement calls of facts/changes.yaml (flips):")
    for c in result["change_space"]:
        state = f"cost {c['cost']}" if c["allowed"] else "not used"
        click.echo(f"  - {c['kind']} ({state}): {c['note']}")
    from .reporting.render import render_template

    click.echo(render_template("judgements.txt.j2", items=result["curator_judgements"],
                               claims=result["claims"]), nl=False)


@cli.command(epilog=EXIT_CODES)
@format_option("text", "json")
@click.option("--coverage", is_flag=True, help="List sections and how many conclusions test each.")
@facts_options
def check(fmt, coverage, facts, override, timeout, max_memory):
    """Run the review's conclusions against the rules (exit 1 if any fails).

    Example:

        reasoner check --facts new_study.yaml
    """
    from .check import coverage as cov
    from .check import load_conclusions, run_checks

    if coverage:
        rows = cov(load_conclusions())
        if fmt == "json":
            click.echo(json.dumps([{"section": s, "conclusions": n} for s, n in rows], indent=2))
        else:
            for s, n in rows:
                click.echo(f"{s:<10} {n}")
        return
    results = run_checks(facts, override, timeout=timeout)
    failed = [r for r in results if r.status == "fail"]
    if fmt == "json":
        click.echo(json.dumps([r.as_json() for r in results], indent=2))
    else:
        for r in results:
            click.echo(f"{r.id:<55} {r.section:<8} {r.status}")
        for r in failed:
            click.echo(f"\nFAIL {r.id} ({r.section}):")
            for f in r.failures:
                click.echo(f"  {f}")
            if r.trace:
                click.echo("  derived answer:\n" + "\n".join("    " + x for x in r.trace.splitlines()))
        click.echo(f"\n{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        sys.exit(1)


@cli.command("export", epilog=EXIT_CODES)
@format_option("indra", "cx2", "kgx", "sif", "graphml", default="indra")
@click.option("--disease", metavar="DISEASE", help="Keep only this disease's studies and context edges.")
@output_options
@facts_options
def export_(fmt, disease, output, force, facts, override, timeout, max_memory):
    """Export the signed graph, studies as evidence, interventions and derived relations.

    Formats: INDRA Statements JSON, CX2 (NDEx, Cytoscape), KGX TSV (Biolink;
    -o PREFIX writes PREFIX_nodes.tsv and PREFIX_edges.tsv), SIF, GraphML.
    Derived relations are marked knowledge_level logical_entailment.

    Example:

    \b
        reasoner export --format cx2 -o graph.cx2
        reasoner export --format kgx --disease MI -o mi
    """
    from .interop.export import write
    from .knowledge.kb import load

    kb = load(facts, override)
    did = None
    if disease:
        from .api import _disease_choices
        from .knowledge.resolve import resolve

        did = resolve("disease", disease, _disease_choices(kb))
    files = write(kb, fmt, did, timeout)
    if fmt == "kgx" and (not output or output == "-"):
        raise Fail("--format kgx writes two files: give -o PREFIX", 2)
    for suffix, text in files.items():
        target = output
        if suffix and output:
            target = (output[:-4] if output.endswith(".tsv") else output) + suffix
        write_output(text, target, force)


def _resolve_kind(value: str) -> str:
    from .knowledge.resolve import resolve

    return resolve("import format", value, [("indra", []), ("sif", [])])


@cli.command("import", epilog=EXIT_CODES)
@click.argument("kind", metavar="indra|sif", callback=lambda ctx, param, value: _resolve_kind(value))
@click.argument("source", type=click.Path(dir_okay=False), metavar="FILE")
@output_options
@facts_options
def import_(kind, source, output, force, facts, override, timeout, max_memory):
    """Turn INDRA Statements JSON or a signed Cytoscape SIF into a --facts file.

    Activation/IncreaseAmount become '+' edges, Inhibition/DecreaseAmount '-'
    edges, Complex (member and complex) membership; agents are grounded
    through the ids, names and aliases in facts/.  What cannot be mapped is
    listed in comments at the top of the output, not dropped.

    Example:

    \b
        reasoner import indra statements.json -o mine.yaml
        reasoner suggest --disease MI --facts mine.yaml
    """
    from .interop.imports import from_indra, from_sif
    from .knowledge.kb import load

    kb = load(facts, override)
    text = (from_indra if kind == "indra" else from_sif)(kb, source)
    write_output(text, output, force)


@cli.command(epilog=EXIT_CODES)
@click.option("--kb", "which", flag_value="kb", help="Schema of the knowledge-base files.")
@click.option("--suggestion", "which", flag_value="suggestion", default=True,
              help="Schema of `suggest --format json` (default).")
@click.option("--explanation", "which", flag_value="explanation", help="Schema of `explain --format json`.")
@click.option("--observation", "which", flag_value="observation",
              help="Schema of `observe --format json`.")
@click.option("--plan", "which", flag_value="plan", help="Schema of `plan --format json`.")
@click.option("--changes", "which", flag_value="changes", help="Schema of facts/changes.yaml.")
def schema(which):
    """Print a JSON Schema exported from the pydantic models.

    Example:

        reasoner schema --suggestion
    """
    from .schemas import export

    click.echo(export(which), nl=False)


@cli.command(epilog=EXIT_CODES)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default: only this machine).")
@click.option("--port", default="8000", show_default=True, metavar="PORT",
              help="Port to listen on (0-65535).")
@click.option("--feedback-db", metavar="FILE", default="reasoner-feedback.sqlite",
              show_default=True, help="SQLite file for CDS Hooks feedback ('' to not record it).")
@facts_options
def serve(host, port, feedback_db, facts, override, timeout, max_memory):
    """Serve the web app, the JSON API (/api) and a CDS Hooks service (/cds-services).

    Needs the web extra: pip install 'reasoner[web]'.  Research use only.

    Example:

    \b
        reasoner serve --port 8000
        (then open http://127.0.0.1:8000/)
    """
    try:
        import fastapi  # noqa: F401
        import fhir.resources  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise Fail(f"reasoner serve needs the web extra ({exc.name} is missing): "
                   "pip install 'reasoner[web]'", 2) from None
    from .server import serve as run

    if not port.isdigit() or int(port) > 65535:
        raise UnknownValueError("port", port, [], valid_hint="0-65535")
    if feedback_db and Path(feedback_db).is_dir():
        raise Fail(f"{feedback_db} is a directory; give a file name for --feedback-db", 2)
    run(host, int(port), facts, override, feedback_db or None, timeout)


def main() -> None:  # pragma: no cover
    try:
        cli(prog_name="reasoner")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (``| head``)
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        sys.exit(141)
