"""The command line's tool commands: ``export`` and ``import`` (other tools' formats),
``schema`` (the JSON Schemas) and ``serve`` (the web app); added to the group in
:mod:`reasoner.cli`."""

from __future__ import annotations

from pathlib import Path

import click

from .cliopts import Command, chosen_format, facts_options, format_option, output_options
from .errors import ReasonerError, UnknownValueError, words
from .outputs import write_output, write_outputs


EXPORT_SUFFIXES = {".json": "indra", ".cx2": "cx2", ".tsv": "kgx", ".sif": "sif", ".graphml": "graphml"}


@click.command("export", cls=Command)
@format_option(
    "indra",
    "cx2",
    "kgx",
    "sif",
    "graphml",
    default=None,
    help="Output format (else from the suffix of -o: .json indra, .cx2, .tsv kgx, "
    ".sif, .graphml; else indra).",
)
@click.option("--disease", metavar="DISEASE", help="Keep only this disease's studies and context edges.")
@output_options
@facts_options
def export_(fmt, disease, output, force, facts, override, timeout, max_memory):
    """Export the signed graph, studies as evidence, interventions and derived relations.

    Formats: INDRA Statements JSON, CX2 (NDEx, Cytoscape), KGX TSV (Biolink;
    -o PREFIX writes PREFIX_nodes.tsv and PREFIX_edges.tsv), SIF, GraphML.
    Derived relations are marked knowledge_level logical_entailment.

    \b
    Examples:
      reasoner export --format cx2 -o graph.cx2
      reasoner export --format kgx --disease MI -o mi
    """
    from .interop.export import write
    from .knowledge.kb import load

    fmt = chosen_format(
        fmt, output, ("indra", "cx2", "kgx", "sif", "graphml"), default="indra", suffixes=EXPORT_SUFFIXES
    )
    if fmt == "kgx":
        _kgx_prefix(output)  # two files: refuse a stream or a system tree before the work
    kb = load(facts, override)
    did = None
    if disease:
        from .knowledge.names import resolve_disease

        did = resolve_disease(kb, disease)
    files = write(kb, fmt, did, timeout)
    pairs = []
    for suffix, text in files.items():
        target = output
        if suffix and output:
            target = (output[:-4] if output.endswith(".tsv") else output) + suffix
        pairs.append((text, target))
    if len(pairs) == 1:
        write_output(pairs[0][0], pairs[0][1], force)
    else:
        write_outputs(pairs, force)  # KGX's pair: both or neither


def _kgx_prefix(output) -> None:
    """Refuse an -o that cannot be the prefix of KGX's two files: a stream (``-``,
    /dev/stdout, /dev/fd/N, a FIFO) or a name in /dev, /proc or /sys."""
    import os

    from .outputs import in_system_tree, is_stream, refuse_empty

    if output is None:
        raise ReasonerError("cli.kgx_needs_prefix")
    refuse_empty(output)
    if output.endswith("/") or os.path.basename(output) in (".", ".."):
        raise ReasonerError("cli.kgx_not_directory", output=output)
    if is_stream(output) or in_system_tree(output):
        raise ReasonerError("cli.kgx_not_stream", output=output)


def _resolve_kind(value: str) -> str:
    from .knowledge.resolve import resolve

    return resolve("import_format", value, [("indra", []), ("sif", [])])


@click.command("import", cls=Command)
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

    \b
    Examples:
      reasoner import indra statements.json -o mine.yaml
      reasoner suggest --disease MI --facts mine.yaml
    """
    from .interop.imports import from_indra, from_sif
    from .knowledge.kb import load

    kb = load(facts, override)
    text = (from_indra if kind == "indra" else from_sif)(kb, source)
    write_output(text, output, force)


@click.command(cls=Command)
@click.option("--kb", "kb", is_flag=True, help="Schema of the knowledge-base files.")
@click.option("--suggestion", "suggestion", is_flag=True, help="Schema of `suggest --format json` (default).")
@click.option("--explanation", "explanation", is_flag=True, help="Schema of `explain --format json`.")
@click.option(
    "--observation", "observation", is_flag=True, help="Schema of `observe --format json` (the answer)."
)
@click.option(
    "--observation-file",
    "observation_file",
    is_flag=True,
    help="Schema of the file `observe --observations FILE` reads.",
)
@click.option("--plan", "plan", is_flag=True, help="Schema of `plan --format json`.")
@click.option("--impact", "impact_", is_flag=True, help="Schema of `impact --format json`.")
@click.option("--check", "check_", is_flag=True, help="Schema of `check --format json`.")
@click.option("--coverage", "coverage", is_flag=True, help="Schema of `check --coverage --format json`.")
@click.option("--changes", "changes", is_flag=True, help="Schema of facts/changes.yaml.")
@click.pass_context
def schema(
    ctx, kb, suggestion, explanation, observation, observation_file, plan, impact_, check_, coverage, changes
):
    """Print a JSON Schema, derived with pydantic from the answer types or the input models
    (give at most one flag).

    \b
    Examples:
      reasoner schema --suggestion
      reasoner schema --kb > facts/schema.json
    """
    from .schemas import export

    flags = (
        ("kb", kb),
        ("suggestion", suggestion),
        ("explanation", explanation),
        ("observation", observation),
        ("observation_file", observation_file),
        ("plan", plan),
        ("impact", impact_),
        ("check", check_),
        ("coverage", coverage),
        ("changes", changes),
    )
    given = [f"--{n.replace('_', '-')}" for n, on in flags if on]
    if len(given) > 1:
        from .knowledge.catalogue import say

        raise click.UsageError(words("cli.together", options=say("phrases.check.and").join(given)))
    which = next((n for n, on in flags if on), "suggestion")
    click.echo(export(which), nl=False)


@click.command(cls=Command)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback by default: only this machine).",
)
@click.option(
    "--port", default="8000", show_default=True, metavar="PORT", help="Port to listen on (0-65535)."
)
@click.option(
    "--feedback-db",
    metavar="FILE",
    default="reasoner-feedback.sqlite",
    show_default=True,
    help="SQLite file for CDS Hooks feedback ('' to not record it).",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also accept this name in the Host header (repeatable; *.example.org "
    "for a domain). The loopback names and, with --host 0.0.0.0, this "
    "machine's name are always accepted.",
)
@facts_options
def serve(host, port, feedback_db, facts, override, timeout, max_memory, allow_hosts):
    """Serve the web app, the JSON API (/api) and a CDS Hooks service (/cds-services).

    Needs the web extra: pip install 'reasoner[web]'.  Research use only.
    Then open http://127.0.0.1:8000/ (the port given).

    \b
    Examples:
      reasoner serve --port 8000
      reasoner serve --facts mine.yaml --feedback-db ''
    """
    try:
        import fastapi  # noqa: F401
        import fhir.resources  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise ReasonerError("cli.web_extra", module=exc.name) from None
    from .server import serve as run

    if not port.isdigit() or int(port) > 65535:
        raise UnknownValueError("port", port, [], valid_hint="0-65535")
    if feedback_db and Path(feedback_db).is_dir():
        raise ReasonerError("cli.feedback_db_directory", path=feedback_db)
    run(host, int(port), facts, override, feedback_db or None, timeout, allow_hosts)
