"""Command-line interface (thin: parse options, call the package API, render).

Exit codes: 0 success; 1 `check` found failing conclusions; 2 usage or input error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .cliopts import (
    CONTEXT,
    by_name,
    chosen_format,
    comorbid_option,
    complete_disease,
    complete_intervention,
    complete_stage,
    context_options,
    facts_options,
    format_option,
    Group,
    max_memory_value,
    note,
    one_line,
    output_options,
    timeout_value,
    verbose,
    whatif_options,
)
from .cli_lists import diseases, interventions, refs, studies
from .cli_tools import export_, import_, schema, serve
from .errors import ReasonerError, UnknownValueError, words
from .outputs import write_output
from .knowledge.vocabulary import AUTOPHAGY_LEVELS


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(package_name="reasoner")
@click.option("-q", "--quiet", is_flag=True, help="Print only the answer (no progress or notes).")
@click.option(
    "-v",
    "--verbose",
    "loud",
    is_flag=True,
    help="Also print which knowledge base and facts files were used, and an error's catalogue keys (on stderr).",
)
@click.pass_context
def cli(ctx, quiet, loud) -> None:
    """Therapy reasoning over the exosome-autophagy review (Xing et al. 2021).

    Research use only: the evidence is preclinical.

    \b
    Exit codes: 0 success, 1 `check` found failing conclusions, 2 usage or input error.

    \b
    Examples:
      reasoner diseases
      reasoner suggest --disease "liver ischemia reperfusion" --stage reperfusion
      reasoner report --all -o reports/
    """
    if quiet and loud:
        from .knowledge.catalogue import say

        raise click.UsageError(words("cli.together", options=say("phrases.check.and").join(("-q", "-v"))))
    ctx.obj = {"quiet": quiet, "verbose": loud}


@cli.command()
@context_options
@format_option("text", "md", "json", "html", "cards", default=None)
@output_options
@facts_options
@click.option(
    "--no-trees",
    is_flag=True,
    help="Leave out the justification trees (a faster answer over a large knowledge base).",
)
@whatif_options
def suggest(
    disease,
    stage,
    autophagy_state,
    fmt,
    output,
    force,
    facts,
    override,
    timeout,
    max_memory,
    no_trees,
    comorbid,
    flips,
    alternatives,
):
    """Propose interventions for a disease context, with what not to do and conflicts.

    The format is text unless --format or the suffix of -o says otherwise.

    \b
    Examples:
      reasoner suggest --disease hepatic_IR --stage reperfusion
      reasoner suggest --disease "liver IRI" --stage reperfusion -o answer.html
      reasoner suggest --disease hepatic_IR --stage ischaemia --comorbid osteosarcoma
      reasoner suggest --disease PD --format json
    """
    from .api import suggest as run
    from .reporting.render import render

    fmt = chosen_format(fmt, output, ("text", "md", "json", "html"))
    if alternatives is not None and not comorbid:
        raise ReasonerError("cli.alternatives_needs_comorbid")
    result = run(
        disease,
        stage,
        autophagy_state,
        facts=facts,
        override=override,
        timeout=timeout,
        trees=not no_trees,
        comorbid=comorbid,
        flips=flips,
        alternatives=alternatives,
    )
    if facts and not override:  # which score parts the user's files moved (issue 26)
        from .score_changes import attribute_scores

        attribute_scores(
            result,
            facts,
            result.context.disease,
            result.context.stage,
            result.context.autophagy_state,
            comorbid,
            timeout,
        )
    _facts_note(facts)
    write_output(render(result, fmt), output, force)


def _facts_note(facts) -> None:
    """Each edge of a --facts file that duplicates a bundled edge, as a note on standard error
    (always: a user's record that adds nothing is worth knowing); with -v also the bundled
    knowledge base's hash and each --facts file with its SHA-256."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return
    from .api import facts_files, load_kb
    from .knowledge.catalogue import say
    from .knowledge.sources import duplicate_edges
    from .reporting.render import kb_hash

    if (ctx.find_root().obj or {}).get("verbose"):
        verbose(say("phrases.cli.kb_verbose", kb_hash=kb_hash()))
        for f in facts_files(facts):
            verbose(say("phrases.cli.facts_verbose", file=f["file"], sha256=f["sha256"]))
    if facts:
        for f, eid, same in duplicate_edges(load_kb(facts, bool(ctx.params.get("override")))):
            click.echo(say("phrases.facts.duplicate_edge", file=f, edge=eid, bundled=same), err=True)


@cli.command()
@click.argument("intervention", shell_complete=complete_intervention)
@context_options
@click.option(
    "--why-not",
    is_flag=True,
    help="Answer only why it is not recommended: the reasons against it, or, for a "
    "candidate, the conditions that found nothing against it.",
)
@format_option("text", "md", "json", "html", default=None)
@output_options
@facts_options
@comorbid_option
def explain(
    intervention,
    disease,
    stage,
    autophagy_state,
    why_not,
    fmt,
    output,
    force,
    facts,
    override,
    timeout,
    max_memory,
    comorbid,
):
    """Justify one intervention: why it is recommended, or why not, and what would change it.

    INTERVENTION is an id as `suggest`, `studies` or `interventions` show it
    (e.g. ucmsc_exos_mir_20a, block:mir_30a) or its name.

    \b
    Examples:
      reasoner explain ucmsc_exos_mir_20a --disease hepatic_IR --stage reperfusion
      reasoner explain bmsc_hlc_exos --disease hepatic_IR --stage reperfusion --format json
      reasoner explain bmsc_exos --disease osteosarcoma --why-not
    """
    from .api import explain as run
    from .reporting.render import render

    fmt = chosen_format(fmt, output, ("text", "md", "json", "html"))
    result = run(
        intervention,
        disease,
        stage,
        autophagy_state,
        facts=facts,
        override=override,
        timeout=timeout,
        why_not=why_not,
        comorbid=comorbid,
    )
    _facts_note(facts)
    write_output(render(result, fmt), output, force)


@cli.command()
@click.option(
    "--disease",
    metavar="DISEASE",
    shell_complete=complete_disease,
    help="Disease id, name or alias; with --all, every stage of it.",
)
@click.option("--stage", metavar="STAGE", shell_complete=complete_stage, help="Disease stage.")
@click.option("--autophagy-state", metavar="|".join(AUTOPHAGY_LEVELS))
@click.option(
    "--all",
    "all_",
    is_flag=True,
    help="Every disease (or every stage of --disease) and an index page, into the directory -o.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="PATH",
    help="Report file (format from the suffix: .html .md .json .txt; HTML into a "
    "stream such as - or /dev/stdout) or, with --all, a directory (no suffix).",
)
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@facts_options
@comorbid_option
def report(
    disease, stage, autophagy_state, all_, output, force, facts, override, timeout, max_memory, comorbid
):
    """Write a report file (HTML, Markdown, JSON or text, from the suffix).

    With --all, write one HTML report per disease and stage, plus index.html,
    into a directory; --all --disease D writes the reports of D and its stages.
    Progress is shown on a terminal (not with -q, not when piped).

    \b
    Examples:
      reasoner report --disease hepatic_IR --stage reperfusion -o report.html
      reasoner report --all -o reports/
      reasoner report --all --disease MI -o mi-reports/
    """
    from .api import suggest as run
    from .reporting.render import SUFFIX_FORMAT, render

    _facts_note(facts)

    if all_ and comorbid:
        raise ReasonerError("cli.comorbid_and_all")
    if all_:
        _report_all(disease, stage, autophagy_state, output, force, facts, override, timeout)
        return
    if not disease:
        raise ReasonerError("cli.give_disease")
    suffix = _report_suffix(output)
    res = run(
        disease, stage, autophagy_state, facts=facts, override=override, timeout=timeout, comorbid=comorbid
    )
    write_output(render(res, SUFFIX_FORMAT[suffix]), output, force)


def _report_all(disease, stage, autophagy_state, output, force, facts, override, timeout) -> None:
    """``report --all``: the HTML report of every disease and stage (or of ``disease``) and an
    index page, into the directory ``output``."""
    from .api import load_kb
    from .knowledge.catalogue import say
    from .knowledge.names import resolve_disease
    from .outputs import RESERVED, check_tree, write_tree
    from .reasoning.results import NOTICE
    from .reporting.render import SUFFIX_FORMAT, render, render_index

    out = Path(output)
    if stage is not None:
        raise ReasonerError("cli.all_and_stage")
    if autophagy_state is not None:
        raise ReasonerError("cli.all_and_state")
    if out.suffix.lower() in SUFFIX_FORMAT:
        raise ReasonerError("cli.all_needs_directory", suffix=out.suffix, output=output)
    kb = load_kb(facts, override)
    diseases = kb.diseases
    if disease:
        did = resolve_disease(kb, disease)
        diseases = [d for d in diseases if d.id == did]
    names = _report_files(diseases)
    check_tree(output, [*names, *RESERVED], force)  # refuse before the work, not after
    pages: dict[str, str] = {}
    entries = []
    from .api import suggest_many

    answers = suggest_many(
        [(d.id, st) for d, st in names.values()], facts=facts, override=override, timeout=timeout
    )  # one solve for all
    root = click.get_current_context().find_root().obj or {}
    show = sys.stderr.isatty() and not root.get("quiet")
    with click.progressbar(
        list(zip(names.items(), answers)),
        label="writing reports",
        file=sys.stderr,
        hidden=not show,
        item_show_func=lambda j: j and j[0][0],
    ) as bar:
        for (fname, _), res in bar:
            pages[fname] = render(res, "html")
            entries.append({"file": fname, "result": res})
    pages["index.html"] = render_index(entries, NOTICE)
    write_tree(output, pages, force)
    note(one_line(say("phrases.cli.wrote_files", n=len(pages), output=output)))


def _report_files(diseases) -> dict[str, tuple]:
    """File name -> (disease, stage or None) of every report ``--all`` writes, by name; a
    name taken twice (or reserved) is an error before any work."""
    from .outputs import RESERVED

    names: dict[str, tuple] = {}
    folded = {n.casefold(): words("cli.taken_by_index") for n in RESERVED}
    for d in by_name(diseases, key=lambda d: d.name):
        for st in [None] + [s.id for s in d.stages]:
            fname = f"{d.id}{'-' + st if st else ''}.html"
            other = folded.get(fname.casefold())
            if other is not None:  # same name, or one a case-insensitive file system confuses
                what = words(
                    "cli.report_of_stage" if st else "cli.report_of", disease=repr(d.id), stage=repr(st)
                )
                raise ReasonerError("cli.name_taken", what=what, file=fname, other=other)
            folded[fname.casefold()] = words("cli.report_of", disease=repr(d.id))
            names[fname] = (d, st)
    return names


def _report_suffix(output: str) -> str:
    """The suffix that chooses a report's format; a stream (-o -, /dev/stdout, /dev/fd/N)
    has none and gets HTML."""
    from .outputs import is_stream
    from .reporting.render import SUFFIX_FORMAT

    name = Path(output).name
    suffix = "." + name.rsplit(".", 1)[1].lower() if "." in name else ""
    if suffix not in SUFFIX_FORMAT and is_stream(output):
        return ".html"
    if suffix not in SUFFIX_FORMAT:
        raise UnknownValueError(
            "report_suffix", suffix or output, [], valid_hint=", ".join(sorted(SUFFIX_FORMAT))
        )
    return suffix


@cli.command()
@click.option(
    "--observations",
    required=True,
    metavar="FILE",
    help="YAML or JSON file: 'observations: [{entity, change, marker}]' and optional "
    "'edges: [{source, target, sign, evidence: {doi|pmid|text}}]'.",
)
@click.option(
    "--disease",
    metavar="DISEASE",
    shell_complete=complete_disease,
    help="Disease id or alias: edges specific to other diseases leave the graph, and the "
    "therapy question is answered for it.",
)
@click.option(
    "--stage", metavar="STAGE", shell_complete=complete_stage, help="Disease stage (needs --disease)."
)
@format_option("text", "md", "json", "html", default=None)
@output_options
@facts_options
def observe(observations, disease, stage, fmt, output, force, facts, override, timeout, max_memory):
    """Check measurements against the review's signed graph; repair, predict, advise.

    Sign consistency as in Iggy/bioquali: every changed node that is not an
    input is explained by a consistent incoming influence.  Answers whether the
    observations are consistent, the minimal inconsistent cores, the minimal
    repairs (flip an observation, ignore an edge, add an input; costs in
    facts/observe.yaml), predictions for unmeasured nodes (strong or weak),
    and what a change of autophagy implies for therapy.  Entity names resolve
    through ids, labels, symbols, aliases and HGNC:/miRBase: CURIEs.

    \b
    Examples:
      reasoner observe --disease hepatic_IR --stage reperfusion --observations mine.yaml
      reasoner observe --observations mine.yaml --format json
    """
    from .observe import observe as run
    from .reporting.render import render

    fmt = chosen_format(fmt, output, ("text", "md", "json", "html"))
    result = run(observations, disease, stage, facts=facts, override=override, timeout=timeout)
    write_output(render(result, fmt), output, force)


@cli.command()
@click.option(
    "--disease",
    required=True,
    metavar="DISEASE",
    shell_complete=complete_disease,
    help="A staged disease (see `reasoner diseases`).",
)
@comorbid_option
@format_option("text", "md", "json", "html", default=None)
@output_options
@facts_options
def plan(disease, comorbid, fmt, output, force, facts, override, timeout, max_memory):
    """A plan across the stages of a disease: per stage the desired modulation, the
    best-supported choice with its alternatives, and what must not be carried into the
    next stage.  The review gives no durations or doses; neither does the plan.

    \b
    Examples:
      reasoner plan --disease hepatic_IR
      reasoner plan --disease MI --comorbid breast_cancer:late --format json
    """
    from .api import plan as run
    from .reporting.render import render

    fmt = chosen_format(fmt, output, ("text", "md", "json", "html"))
    result = run(disease, comorbid, facts=facts, override=override, timeout=timeout)
    write_output(render(result, fmt), output, force)


@cli.command()
@format_option("text", "json")
@facts_options
def audit(fmt, facts, override, timeout, max_memory):
    """Show where the review disagrees with its reference list, and mechanism checks.

    \b
    Examples:
      reasoner audit
      reasoner audit --format json
    """
    from .api import load_kb
    from .check import audit as run
    from .reporting.render import environment

    result = run(load_kb(facts, override), timeout)
    _facts_note(facts)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(environment().get_template("audit.txt.j2").render(a=result), nl=False)


@cli.command()
@format_option("text", "json")
@click.option("--coverage", is_flag=True, help="List sections and how many conclusions test each.")
@facts_options
def check(fmt, coverage, facts, override, timeout, max_memory):
    """Run the review's conclusions against the rules.

    Exit codes: 0 every conclusion holds, 1 a conclusion fails, 2 usage or
    input error (e.g. a contradictory --facts file).

    \b
    Examples:
      reasoner check
      reasoner check --facts new_study.yaml
      reasoner check --coverage
    """
    from .check import coverage as cov
    from .check import load_conclusions, run_checks

    if coverage:
        rows = cov(load_conclusions())
        if fmt == "json":
            from .check_answer import coverage_json

            click.echo(coverage_json(rows))
        else:
            for s, n in rows:
                click.echo(f"{s:<10} {n}")
        return
    traces: dict[str, tuple[str, str]] = {}  # the failing contexts' answers, for the text
    results = run_checks(facts, override, timeout=timeout, traces=None if fmt == "json" else traces)
    _facts_note(facts)
    failed = [r for r in results if r.status == "fail"]
    if fmt == "json":
        from .check_answer import check_json

        click.echo(check_json(results))
    else:
        for r in results:
            click.echo(f"{r.id:<55} {r.section:<8} {r.status}")
        from .verdict import said  # the words of reasoner check: phrases.check.<key>

        for r in failed:
            click.echo("\n" + said("fail", id=r.id, section=r.section))
            for f in r.failures:
                click.echo(f"  {f}")
            if r.id in traces:
                where, trace = traces[r.id]
                click.echo(
                    "  "
                    + said("derived_answer", context=where)
                    + "\n"
                    + "\n".join("    " + x for x in trace.splitlines())
                )
        click.echo("\n" + said("summary", passed=len(results) - len(failed), failed=len(failed)))
    if failed:
        sys.exit(1)


@cli.command()
@click.option(
    "--facts",
    "facts",
    multiple=True,
    metavar="FILE",
    required=True,
    help="The proposed records: YAML/JSON facts files (repeatable; - reads stdin).",
)
@click.option(
    "--override", is_flag=True, help="Let the proposed records replace base records with the same id."
)
@click.option(
    "--base",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Another facts/ directory (e.g. a previous release) as the base "
    "[default: the bundled knowledge base].",
)
@format_option("text", "md", "json", "html", default=None)
@output_options
@click.option(
    "--timeout",
    metavar="SECONDS",
    callback=timeout_value,
    help="Give up grounding and solving after SECONDS (0.001-86400).",
)
@click.option(
    "--max-memory",
    metavar="SIZE",
    callback=max_memory_value,
    help="Memory limit, e.g. 2G (default: half of the machine's memory).",
)
def impact(facts, override, base, fmt, output, force, timeout, max_memory):
    """What proposed records change, across every answer: a curator's diff.

    Answers every disease (without a stage and at each stage) and the
    comorbidity questions of the review's conclusions, before (the bundled
    knowledge base, or --base DIR) and after (plus the --facts files), and
    runs the conclusions on both sides.  A record that contradicts a bundled
    one is reported with the impact of keeping either side.

    Exit codes: 0 no conclusion breaks; 1 a conclusion breaks (or the files
    contradict the base); 2 usage or input error.

    \b
    Examples:
      reasoner impact --facts new_study.yaml
      reasoner impact --facts new_study.yaml --format html -o impact.html
      reasoner impact --facts fix.yaml --base ../release-1.0/facts --format json
    """
    from .impact import exit_code
    from .impact import impact as run
    from .reporting.render import render

    fmt = chosen_format(fmt, output, ("text", "md", "json", "html"))
    result = run(facts, override, base, timeout)
    _facts_note(facts)
    write_output(render(result, fmt), output, force)
    code = exit_code(result)
    if code:
        sys.exit(code)


for command in (diseases, interventions, studies, refs, export_, import_, schema, serve):
    cli.add_command(command)


def main() -> None:  # pragma: no cover
    from .reasoning import deadline

    deadline.hard_exit()  # --timeout ends this process at its deadline, wherever it is
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
