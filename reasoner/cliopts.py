"""The command line's shared parts: the click group and command classes, one-line failures,
the common options (format, output, facts, context), shell completion, output-format choice
and list output.  The commands themselves are in :mod:`reasoner.cli`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Optional

import click

from .errors import ReasonerError, words
from .knowledge.vocabulary import AUTOPHAGY_LEVELS

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _examples_last(kwargs: dict) -> dict:
    """Move the docstring's closing "Examples:" block to the epilog, so that --help ends with it."""
    import inspect

    text = inspect.cleandoc(kwargs.get("help") or "")
    head, sep, tail = text.partition("\b\nExamples:")
    if sep and not kwargs.get("epilog"):
        kwargs["help"], kwargs["epilog"] = head.rstrip(), sep + tail
    return kwargs


class Command(click.Command):
    """A command whose docstring ends with examples, shown at the end of --help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_examples_last(kwargs))


class Group(click.Group):
    """Turns domain errors into one-line messages with exit code 2 (130 on Ctrl-C)."""

    command_class = Command

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_examples_last(kwargs))

    #: The group's own flags, also accepted after the subcommand (`reasoner suggest ... -q`).
    GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = hoist_flags(list(args), self.GLOBAL_FLAGS, self.commands)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        from .knowledge.inputs import read_once

        from .reasoning import deadline

        try:
            with read_once():  # every input file of the command is read once
                return super().invoke(ctx)
        except ReasonerError as exc:
            raise Fail(str(exc), exc.exit_code, _codes(ctx, exc.code, getattr(exc, "what", None))) from None
        except RecursionError:
            raise Fail(words("limits.too_deep"), 2, _codes(ctx, "limits.too_deep")) from None
        except (MemoryError, SystemError):  # SystemError: a C extension's failed allocation
            raise Fail(words("limits.out_of_memory"), 2, _codes(ctx, "limits.out_of_memory")) from None
        except ImportError as exc:  # a module (a shared object) could not be mapped: the limit
            # The loader's own text is searched because it is all there is: an ImportError of a
            # failed mmap carries no errno or code (CPython passes the dynamic loader's dlerror()
            # string through), so this is the one decision on English here, and it is the
            # library's English, never the catalogue's.
            if "allocate memory" not in str(exc) and "failed to map segment" not in str(exc):
                raise
            raise Fail(words("limits.out_of_memory"), 2, _codes(ctx, "limits.out_of_memory")) from None
        except KeyboardInterrupt:
            raise click.exceptions.Exit(130) from None
        except OSError as exc:  # an I/O failure no command foresaw: still one line
            where = words("limits.os_where", file=exc.filename) if exc.filename else ""
            raise Fail(where + (exc.strerror or exc.__class__.__name__), 2) from None
        finally:
            deadline.stop()


def hoist_flags(args: list[str], flags: tuple[str, ...], commands: dict) -> list[str]:
    """``args`` with the group's ``flags`` that follow the subcommand moved before it (not
    those after ``--``, nor one that is the value of the subcommand's option before it)."""
    at = next((i for i, a in enumerate(args) if a in commands), None)
    if at is None:
        return args
    takes_value = {
        o for p in commands[args[at]].params if isinstance(p, click.Option) and not p.is_flag for o in p.opts
    }
    moved, tail, rest = [], [], args[at + 1 :]
    for i, a in enumerate(rest):
        if a == "--":
            tail += rest[i:]
            break
        if a in flags and not (i > 0 and rest[i - 1] in takes_value):
            moved.append(a)
        else:
            tail.append(a)
    return moved + args[: at + 1] + tail


def one_line(message: str) -> str:
    """A message on one line: control characters (newlines too) shown escaped."""
    from .reporting.escape import escape_controls

    return escape_controls(message, keep="")


def _codes(ctx: click.Context, code: str, what: Optional[str] = None) -> str:
    """Under -v, the line naming the catalogue keys an error line was worded from
    (``errors.<code>``, and the noun ``errors.what.<what>`` it was filled with), so a reader
    can grep rules/sentences.yaml for them; "" otherwise (the error stays one line)."""
    if not (ctx.obj or {}).get("verbose"):
        return ""
    keys = ["errors." + code] + (["errors.what." + what] if what else [])
    return words("cli.error_code", codes=", ".join(keys))


class Fail(click.ClickException):
    """A one-line failure; ``note`` (under -v: the error's catalogue keys) follows it on
    stderr as a second line."""

    def __init__(self, message: str, code: int = 2, note: str = ""):
        super().__init__(one_line(message))
        self.exit_code, self.note = code, note

    def show(self, file=None) -> None:
        super().show(file)
        if self.note:
            click.echo(self.note, file=file, err=file is None)


LIST_FORMATS = ("table", "csv", "tsv", "json", "ndjson")


def format_option(
    *formats: str, default: Optional[str] = "text", aliases: dict | None = None, help: str = "Output format."
) -> Callable:
    aliases = aliases or {}

    def check(ctx, param, value):
        if value is None:
            return None
        from .knowledge.resolve import resolve

        return resolve("format", value, [(f, aliases.get(f, [])) for f in formats])

    shown = f" [default: {default}]" if default else ""
    return click.option(
        "--format", "fmt", default=default, callback=check, metavar="|".join(formats), help=help + shown
    )


def list_format(f: Callable) -> Callable:
    return format_option(
        *LIST_FORMATS,
        default="table",
        aliases={"table": ["text"]},
        help="Output format (the table has a header row).",
    )(f)


def output_options(f: Callable) -> Callable:
    f = click.option("--force", is_flag=True, help="Overwrite an existing output file.")(f)
    f = click.option(
        "-o",
        "--output",
        metavar="FILE",
        help="Write to FILE instead of stdout; its suffix (.txt .md .json .html; "
        "export: .json .cx2 .tsv .sif .graphml) chooses the format unless "
        "--format is given; a suffix of a format the command does not write "
        "(.csv) is refused.",
    )(f)
    return f


def timeout_value(ctx, param, value):
    from .reasoning import deadline
    from .limits import parse_timeout

    seconds = parse_timeout(value)
    if ctx.info_name != "serve":  # one deadline for the whole command (serve: per request)
        deadline.start(seconds)
    return seconds


def max_memory_value(ctx, param, value):
    from .limits import parse_memory, set_memory_limit

    limit = parse_memory(value)
    if value is None and ctx.info_name == "serve":
        return value  # a threaded server reserves address space per thread: only an explicit limit
    ctx.call_on_close(set_memory_limit(limit))
    return value


def facts_options(f: Callable) -> Callable:
    f = click.option(
        "--max-memory",
        metavar="SIZE",
        callback=max_memory_value,
        help="Memory limit, e.g. 2G (default: half of the machine's memory).",
    )(f)
    f = click.option(
        "--timeout",
        metavar="SECONDS",
        callback=timeout_value,
        help="Give up grounding and solving after SECONDS (0.001-86400).",
    )(f)
    f = click.option(
        "--override", is_flag=True, help="Let --facts records replace bundled records with the same id."
    )(f)
    f = click.option(
        "--facts",
        "facts",
        multiple=True,
        metavar="FILE",
        help="Extra YAML/JSON facts for this run (repeatable; - reads stdin).",
    )(f)
    return f


# ---------------------------------------------------------------- shell completion


def _kb_for_completion():
    from .api import load_kb

    try:
        return load_kb()
    except Exception:  # completion never fails loudly
        return None


def complete_disease(ctx, param, incomplete: str):
    """Disease ids that start with what is typed, else those with a name that does (the
    resolver's names: 'heart att' completes to MI); after a colon, DISEASE:STAGE forms."""
    from click.shell_completion import CompletionItem

    from .knowledge.names import disease_choices, resolve_disease

    kb = _kb_for_completion()
    if kb is None:
        return []
    typed = incomplete.casefold()
    if ":" in incomplete:
        left, _, right = incomplete.rpartition(":")
        try:
            d = kb.get("diseases", resolve_disease(kb, left))
        except Exception:  # completion never fails loudly
            d = None
        if d is not None and d.stages:
            return [
                CompletionItem(f"{d.id}:{s.id}", help=s.name)
                for s in d.stages
                if s.id.casefold().startswith(right.casefold())
            ]
    found = {d.id for d in kb.diseases if d.id.casefold().startswith(typed)} or {
        cid for cid, names in disease_choices(kb) for n in names if n.casefold().startswith(typed)
    }
    return [CompletionItem(d.id, help=d.name) for d in kb.diseases if d.id in found]


def complete_stage(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from .knowledge.names import resolve_disease

    kb = _kb_for_completion()
    if kb is None:
        return []
    disease = ctx.params.get("disease")
    try:
        wanted = resolve_disease(kb, disease) if disease else None
    except Exception:  # completion never fails loudly
        wanted = None
    out = []
    for d in kb.diseases:
        if wanted and d.id != wanted:
            continue
        out += [
            CompletionItem(s.id, help=s.name)
            for s in d.stages
            if s.id.casefold().startswith(incomplete.casefold())
        ]
    return list({c.value: c for c in out}.values())


def complete_intervention(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    kb = _kb_for_completion()
    if kb is None:
        return []
    return [
        CompletionItem(i.id, help=i.label) for i in kb.interventions if i.id.startswith(incomplete.casefold())
    ]


def context_options(f: Callable) -> Callable:
    f = click.option(
        "--autophagy-state",
        metavar="|".join(AUTOPHAGY_LEVELS),
        help="The autophagy level of your model, if known.",
    )(f)
    f = click.option(
        "--stage",
        metavar="STAGE",
        shell_complete=complete_stage,
        help="Disease stage (see `reasoner diseases`).",
    )(f)
    f = click.option(
        "--disease",
        required=True,
        metavar="DISEASE",
        shell_complete=complete_disease,
        help="Disease id, name or alias (see `reasoner diseases`).",
    )(f)
    return f


def note(message: str) -> None:
    """A message about the run (not the answer), silenced by -q."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and (ctx.find_root().obj or {}).get("quiet"):
        return
    click.echo(message)


def verbose(message: str) -> None:
    ctx = click.get_current_context(silent=True)
    if ctx is not None and (ctx.find_root().obj or {}).get("verbose"):
        click.echo(message, err=True)


#: Suffixes that name a format of some command: ``-o FILE`` with one of them (and no
#: --format) asks for that format, and a command that cannot write it refuses.
KNOWN_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".cx2": "cx2",
    ".graphml": "graphml",
    ".sif": "sif",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".xml": "xml",
    ".pdf": "pdf",
}


def chosen_format(
    fmt: Optional[str],
    output: Optional[str],
    allowed: tuple[str, ...],
    default: str = "text",
    suffixes: Optional[dict] = None,
) -> str:
    """An explicit --format wins; else the suffix of -o (``suffixes``: the command's own
    table, else .txt .md .json .html); else ``default``.  A suffix that names a format the
    command cannot write (suggest -o mi.csv) is refused before any work."""
    from .reporting.render import SUFFIX_FORMAT

    if fmt:
        return fmt
    table = suffixes if suffixes is not None else SUFFIX_FORMAT
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        if suffix in table and table[suffix] in allowed:
            return table[suffix]
        if suffix in table or suffix in SUFFIX_FORMAT or suffix in KNOWN_SUFFIXES:
            ok = " ".join(s for s, f in table.items() if f in allowed)
            raise ReasonerError("cli.wrong_suffix", output=output, suffix=suffix, suffixes=ok)
    return default


def emit(rows: list[dict], columns: list[str], fmt: str) -> None:
    """Print list rows as a headed table, CSV, TSV, a JSON array or one JSON object a line."""
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if fmt == "ndjson":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return

    def cell(v) -> str:
        if v is None:
            return ""
        if isinstance(v, list):
            return ", ".join(cell(x) for x in v)
        if isinstance(v, dict):
            return one_line(v.get("id", json.dumps(v, ensure_ascii=False)))
        return one_line(str(v))

    table = [[cell(row.get(c)) for c in columns] for row in rows]
    if fmt in ("csv", "tsv"):
        import csv
        import io

        from .interop.sanitize import formula

        table = [[formula(v) for v in r] for r in table]  # never run as a spreadsheet formula

        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(table)
        click.echo(buf.getvalue(), nl=False)
        return
    widths = [max([len(c)] + [len(r[i]) for r in table]) for i, c in enumerate(columns)]
    widths[-1] = 0  # the last column is not padded
    # the header is each column's code (the key of the same field in --format json/csv),
    # upper-cased as a header: a code the reader passes on, not words to translate
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip())
    for r in table:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())


def by_name(items, key=lambda x: x):
    """Case-insensitive order (ties by the exact spelling)."""
    return sorted(items, key=lambda x: (key(x).casefold(), key(x)))


# ---- issue 16: comorbidities and flips (options kept together here)


def comorbid_option(f: Callable) -> Callable:
    return click.option(
        "--comorbid",
        "comorbid",
        multiple=True,
        metavar="DISEASE[:STAGE]",
        help="A comorbidity (repeatable): candidates that would harm it are "
        "advised against, uncertain ones cautioned.",
    )(f)


def whatif_options(f: Callable) -> Callable:
    f = click.option(
        "--alternatives",
        type=click.IntRange(min=0),
        metavar="N",
        help="With --comorbid: list N choices beyond the optimal ones.",
    )(f)
    f = click.option(
        "--flips",
        "flips",
        is_flag=True,
        help="Show each not-recommended entry's cheapest flip (what would change it).",
    )(f)
    return comorbid_option(f)
