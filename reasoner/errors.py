"""Domain errors.  Each message is one line that says what was wrong and what to do."""

from __future__ import annotations

from typing import Sequence


class ReasonerError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits with ``exit_code``."""

    exit_code = 2


class UnknownValueError(ReasonerError):
    """A disease, stage, intervention, reference or other name that is not known."""

    def __init__(self, what: str, value: str, suggestions: list[str], valid_hint: str = ""):
        self.what, self.value, self.suggestions = what, value, suggestions
        shown = repr(value) if len(value) <= 80 else repr(value[:77] + "...")
        msg = f"unknown {what} {shown}"
        if suggestions:
            msg += "; did you mean " + ", ".join(suggestions) + "?"
        elif valid_hint:
            msg += f"; valid: {valid_hint}"
        super().__init__(msg)


class AmbiguousValueError(UnknownValueError):
    """A name that fits several choices: lists them instead of picking one."""

    def __init__(self, what: str, value: str, candidates: list[str]):
        ReasonerError.__init__(
            self, f"ambiguous {what} {value!r}: it could mean " + ", ".join(candidates) + "; give one of them"
        )
        self.what, self.value, self.suggestions = what, value, candidates


class NameTooLongError(UnknownValueError):
    """A typed name longer than any id, name or alias may be: refused before matching."""

    def __init__(self, what: str, value: str, limit: int):
        ReasonerError.__init__(
            self,
            f"{what} {value[:40]!r}... is {len(value)} characters long; "
            f"a name is at most {limit} characters (an id, name or alias)",
        )
        self.what, self.value, self.suggestions = what, value, []


class BroaderTermError(UnknownValueError):
    """A registry term broader than the review's diseases: says so and names them."""

    def __init__(self, what: str, value: str, label: str, diseases: list[str]):
        ReasonerError.__init__(
            self,
            f"{what} {value!r} ({label}) is a broader term than the review's "
            + ("disease " if len(diseases) == 1 else "diseases ")
            + ", ".join(diseases)
            + "; give "
            + ("it" if len(diseases) == 1 else "one of them")
            + " by id or name",
        )
        self.what, self.value, self.suggestions = what, value, diseases


class NotAnInterventionError(ReasonerError):
    """An entity id (a cargo) where an intervention was asked for."""

    def __init__(self, value: str, entity: str, interventions: list[str]):
        msg = f"{value!r} is the entity {entity}, not an intervention"
        msg += (
            ("; interventions with it: " + ", ".join(interventions))
            if interventions
            else "; no intervention carries or blocks it (see `reasoner interventions`)"
        )
        super().__init__(msg)


class NoStagesError(ReasonerError):
    """A --stage for a disease that has none."""

    def __init__(self, disease: str, stage: str):
        self.disease, self.stage = disease, stage
        super().__init__(f"{disease} has no stages, so --stage {stage!r} does not apply; omit --stage")


class FactsError(ReasonerError):
    """A facts file that cannot be loaded: names the file, record, field and line."""

    def __init__(
        self,
        path: str,
        problem: str,
        record: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ):
        self.path, self.record, self.field, self.line = path, record, field, line
        where = path + (f":{line}" if line else "")
        parts = [where]
        if record:
            parts.append(f"record {record!r}")
        if field:
            parts.append(f"field {field!r}")
        super().__init__(": ".join([", ".join(parts), problem]))


class OutputExistsError(ReasonerError):
    def __init__(self, path: str):
        super().__init__(f"{path} already exists; use --force to overwrite it")


class SolverTimeout(ReasonerError):
    def __init__(self, seconds: float):
        super().__init__(
            f"the solver did not finish within {seconds:g} s; raise --timeout or ask a narrower question"
        )


class UnsatisfiableError(ReasonerError):
    """``records``: (section, id, file or None for a bundled record) of each record that
    breaks a constraint, for callers that weigh the sides (``impact``)."""

    def __init__(self, detail: str, records: Sequence[tuple] = ()):
        super().__init__(f"the knowledge base is contradictory: {detail}")
        self.records = tuple(records)


class ResourceLimitError(ReasonerError):
    """Out of memory under the memory limit (or the solver process was killed)."""

    def __init__(self, detail: str = ""):
        super().__init__(
            "out of memory"
            + (f" ({detail})" if detail and detail != "SIGKILL" else "")
            + "; raise --max-memory or ask a narrower question"
        )


class UnknownEntitiesError(ReasonerError):
    """Names in an observation file that resolve to no entity (all of them, in one line)."""

    def __init__(self, path: str, misses: list[tuple[str, list[str]]]):
        self.path, self.misses = path, misses
        parts = []
        for value, suggestions in misses:
            shown = repr(value) if len(value) <= 60 else repr(value[:57] + "...")
            parts.append(shown + (f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""))
        noun = "entity" if len(misses) == 1 else "entities"
        super().__init__(
            f"{path}: unknown {noun} "
            + ", ".join(parts)
            + "; see `reasoner observe --help` for how names resolve"
        )
