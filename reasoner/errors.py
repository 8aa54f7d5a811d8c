"""Domain errors.  Each message is one line that says what was wrong and what to do.

An error is structured: ``code`` is its key in the ``errors`` section of the wording
catalogue (rules/sentences.yaml) and ``params`` the arguments that fill it; ``str(error)``
is those words.  Code decides on the code, never on the words (CONTRIBUTING.md, "Where
words live"); tests/test_error_words.py fails on a message written in Python.
"""

from __future__ import annotations

from typing import Any, Sequence, Union

#: A noun of ``errors.what`` naming the kind of value that was wrong: its key, or
#: (key, arguments) for a noun with a blank ("stage of {disease}").
What = Union[str, tuple]


def words(code: str, /, **params: Any) -> str:
    """The words of the error ``code`` (a key under ``errors``), filled with ``params``."""
    from .knowledge.catalogue import say

    return say("errors." + code, **params)


def noun(what: What) -> str:
    """The words of a noun of ``errors.what`` (see :data:`What`)."""
    if isinstance(what, tuple):
        key, params = what
        return words("what." + key, **params)
    return words("what." + what)


def _code(what: What) -> str:
    return what[0] if isinstance(what, tuple) else what


class ReasonerError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits with ``exit_code``.

    ``ReasonerError(code, **params)``: the message is the catalogue's ``errors.<code>``
    filled with ``params``; both stay on the error (``code``, ``params``)."""

    exit_code = 2

    def __init__(self, code: str, /, **params: Any):
        self.code, self.params = code, params
        super().__init__(words(code, **params))

    def body(self) -> dict:
        """The JSON body of this error on the web: its words and its code."""
        return {"error": str(self), "code": self.code}


def error_body(code: str, /, **params: Any) -> dict:
    """The JSON body of an error the web app answers without raising one."""
    return {"error": words(code, **params), "code": code}


def _shown(value: str, limit: int = 80) -> str:
    return repr(value) if len(value) <= limit else repr(value[: limit - 3] + "...")


class UnknownValueError(ReasonerError):
    """A disease, stage, intervention, reference or other name that is not known
    (``what``: a noun of ``errors.what``)."""

    def __init__(self, what: What, value: str, suggestions: list[str], valid_hint: str = ""):
        if suggestions:
            code, extra = "value.did_you_mean", {"suggestions": ", ".join(suggestions)}
        elif valid_hint:
            code, extra = "value.unknown_valid", {"valid": valid_hint}
        else:
            code, extra = "value.unknown", {}
        super().__init__(code, what=noun(what), value=_shown(value), **extra)
        self.what, self.value, self.suggestions = _code(what), value, suggestions


class AmbiguousValueError(UnknownValueError):
    """A name that fits several choices: lists them instead of picking one."""

    def __init__(self, what: What, value: str, candidates: list[str]):
        ReasonerError.__init__(
            self, "value.ambiguous", what=noun(what), value=repr(value), candidates=", ".join(candidates)
        )
        self.what, self.value, self.suggestions = _code(what), value, candidates


class NameTooLongError(UnknownValueError):
    """A typed name longer than any id, name or alias may be: refused before matching."""

    def __init__(self, what: What, value: str, limit: int):
        ReasonerError.__init__(
            self, "value.too_long", what=noun(what), value=repr(value[:40]), length=len(value), limit=limit
        )
        self.what, self.value, self.suggestions = _code(what), value, []


class BroaderTermError(UnknownValueError):
    """A registry term broader than the review's diseases: says so and names them."""

    def __init__(self, what: What, value: str, label: str, diseases: list[str]):
        code = "value.broader_one" if len(diseases) == 1 else "value.broader_many"
        ReasonerError.__init__(
            self, code, what=noun(what), value=repr(value), label=label, diseases=", ".join(diseases)
        )
        self.what, self.value, self.suggestions = _code(what), value, diseases


class NotAnInterventionError(ReasonerError):
    """An entity id (a cargo) where an intervention was asked for."""

    def __init__(self, value: str, entity: str, interventions: list[str]):
        if interventions:
            super().__init__(
                "value.entity_with", value=repr(value), entity=entity, interventions=", ".join(interventions)
            )
        else:
            super().__init__("value.entity_without", value=repr(value), entity=entity)


class NoStagesError(ReasonerError):
    """A --stage for a disease that has none."""

    def __init__(self, disease: str, stage: str):
        super().__init__("value.no_stages", disease=disease, stage=repr(stage))
        self.disease, self.stage = disease, stage


class FactsError(ReasonerError):
    """A facts file that cannot be loaded: names the file, record, field and line.

    ``problem``: a key under ``errors.facts`` filled with ``params``; ``facts.reported``
    ({detail}) carries the words of a parser or validator as they are (YAML, JSON, pydantic)."""

    def __init__(
        self,
        path: str,
        problem: str,
        record: str | None = None,
        field: str | None = None,
        line: int | None = None,
        **params: Any,
    ):
        parts = [words("facts.where_line", path=path, line=line) if line else path]
        if record:
            from .knowledge.catalogue import say

            parts.append(say("phrases.common.record", record=repr(record)))
        if field:
            parts.append(words("facts.field", field=repr(field)))
        ReasonerError.__init__(
            self, "facts.at", where=", ".join(parts), problem=words("facts." + problem, **params)
        )
        self.code, self.params = "facts." + problem, params
        self.path, self.record, self.field, self.line = path, record, field, line


class OutputExistsError(ReasonerError):
    def __init__(self, path: str):
        super().__init__("output.exists", path=path)


class SolverTimeout(ReasonerError):
    def __init__(self, seconds: float):
        super().__init__("limits.timeout", seconds=f"{seconds:g}")


class UnsatisfiableError(ReasonerError):
    """``records``: (section, id, file or None for a bundled record) of each record that
    breaks a constraint, for callers that weigh the sides (``impact``); ``constraints``: the
    label of each constraint broken (none: the solver named none)."""

    def __init__(self, detail: str, records: Sequence[tuple] = (), constraints: Sequence[str] = ()):
        super().__init__("facts.contradictory", detail=detail)
        self.records = tuple(records)
        self.constraints = tuple(constraints)


class ResourceLimitError(ReasonerError):
    """Out of memory under the memory limit (or the solver process was killed)."""

    def __init__(self, detail: str = ""):
        if detail and detail != "SIGKILL":
            super().__init__("limits.out_of_memory_detail", detail=detail)
        else:
            super().__init__("limits.out_of_memory")


class UnknownEntitiesError(ReasonerError):
    """Names in an observation file that resolve to no entity (all of them, in one line)."""

    def __init__(self, path: str, misses: list[tuple[str, list[str]]]):
        parts = []
        for value, suggestions in misses:
            shown = _shown(value, 60)
            parts.append(
                words("observe.entity_did_you_mean", value=shown, suggestions=", ".join(suggestions))
                if suggestions
                else shown
            )
        code = "observe.unknown_entity" if len(misses) == 1 else "observe.unknown_entities"
        super().__init__(code, path=path, entities=", ".join(parts))
        self.path, self.misses = path, misses
