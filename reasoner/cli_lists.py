"""The command line's listing commands: ``diseases``, ``interventions``, ``studies`` and
``refs`` (the records, filtered, as a table, CSV or JSON); added to the group in
:mod:`reasoner.cli`."""

from __future__ import annotations

import click

from .cliopts import Command, complete_disease, emit, facts_options, list_format


@click.command(cls=Command)
@list_format
@facts_options
def diseases(fmt, facts, override, timeout, max_memory):
    """List diseases with their stages and aliases.

    \b
    Examples:
      reasoner diseases
      reasoner diseases --format json
    """
    from .api import disease_rows, load_kb

    rows = disease_rows(load_kb(facts, override))
    emit(rows, ["id", "name", "stages", "aliases"], fmt)


@click.command(cls=Command)
@click.option(
    "--disease",
    metavar="DISEASE",
    shell_complete=complete_disease,
    help="Only interventions studied in this disease.",
)
@click.option("--kind", metavar="KIND", help="Only this kind (e.g. msc_exosome, cargo_blockade).")
@click.option("--cargo", metavar="ENTITY", help="Only interventions carrying or blocking this cargo.")
@click.option(
    "--effect",
    metavar="induce|inhibit",
    help="Only interventions whose studies report this effect on autophagy.",
)
@list_format
@facts_options
def interventions(disease, kind, cargo, effect, fmt, facts, override, timeout, max_memory):
    """List the curated interventions (the ids `explain` takes), with filters.

    \b
    Examples:
      reasoner interventions --disease hepatic_IR
      reasoner interventions --cargo miR-30a --format csv
      reasoner interventions --kind cargo_blockade --effect induce
    """
    from .api import find_interventions

    rows = find_interventions(
        disease=disease, kind=kind, cargo=cargo, effect=effect, facts=facts, override=override
    )
    emit(rows, ["id", "kind", "cargo", "diseases", "effects", "refs", "label"], fmt)


@click.command(cls=Command)
@click.option(
    "--disease",
    metavar="DISEASE",
    shell_complete=complete_disease,
    help="Only studies of this disease ('physiology': those of no disease).",
)
@click.option("--cargo", metavar="ENTITY", help="Only studies of this exosomal cargo.")
@click.option(
    "--entity",
    "--gene",
    "entity",
    metavar="ENTITY",
    help="Only studies naming this entity (cargo, target, pathway or source).",
)
@click.option("--ref", "ref", type=int, metavar="N", help="Only studies citing reference N.")
@click.option(
    "--effect",
    metavar="induce|inhibit|none",
    help="Only studies reporting this effect on autophagy (none: not stated).",
)
@list_format
@facts_options
def studies(disease, cargo, entity, ref, effect, fmt, facts, override, timeout, max_memory):
    """List the studies (findings the review attributes to cited papers).

    \b
    Examples:
      reasoner studies --disease hepatic_IR
      reasoner studies --cargo miR-30a --format json
      reasoner studies --ref 75 --effect inhibit
    """
    from .api import find_studies

    rows = find_studies(
        disease=disease, cargo=cargo, entity=entity, ref=ref, effect=effect, facts=facts, override=override
    )
    emit(
        rows,
        [
            "id",
            "disease",
            "stage",
            "intervention",
            "cargo",
            "autophagy_effect",
            "outcome",
            "refs",
            "user_file",
        ],
        fmt,
    )


@click.command(cls=Command)
@click.argument("numbers", nargs=-1)
@list_format
def refs(numbers, fmt):
    """Print entries of the review's reference list (all, or the numbers and ranges given),
    with each paper's DOI, PMID and PMCID and a link (doi.org, else PubMed) where recorded.

    \b
    Examples:
      reasoner refs 75 76
      reasoner refs 75-77 --format json
    """
    from .api import load_kb, reference_records
    from .knowledge.primary import reference_row  # with its DOI/PMID/PMCID and link

    rows = [reference_row(r) for r in reference_records(load_kb(), numbers)]
    if fmt == "table":
        for r in rows:
            click.echo(f"[{r['n']}] {r['citation']}" + (f" ({r['ids']}) {r['link']}" if r["ids"] else ""))
        return
    emit(
        rows,
        ["n", "first_author", "year", "title", "journal", "doi", "pmid", "pmcid", "link", "citation"],
        fmt,
    )
