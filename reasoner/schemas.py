"""JSON Schema export of the answer types and the input models (committed under reasoner/schema/,
tested for drift).  The answers are ``@answer`` dataclasses (``reasoning.results``,
``reasoning.observation``, ``impact_answer``, ``check_answer``): pydantic derives their schema here, and only here and in the tests, so a run never imports it for an answer."""

from __future__ import annotations

import json


def schema_of(model) -> dict:
    """The JSON Schema of a pydantic model or of an answer dataclass (a list default written as
    in the field's definition, ``[]``)."""
    if hasattr(model, "model_json_schema"):
        return model.model_json_schema()
    from pydantic import TypeAdapter
    from pydantic.json_schema import GenerateJsonSchema, NoDefault

    class Schema(GenerateJsonSchema):
        def get_default_value(self, schema):
            factory = schema.get("default_factory")
            if factory is not None and not schema.get("default_factory_takes_data"):
                return factory()
            return schema.get("default", NoDefault)

    return TypeAdapter(model).json_schema(schema_generator=Schema)


def export(which: str) -> str:
    from . import check_answer, impact_answer
    from .knowledge import models
    from .reasoning import observation, results

    model = {
        "kb": models.KnowledgeBase,
        "suggestion": results.Suggestion,
        "explanation": results.Explanation,
        "observation": observation.Observation,
        "observation_file": observation.ObservationFile,
        "plan": results.Plan,
        "impact": impact_answer.Impact,
        "check": check_answer.Check,
        "coverage": check_answer.Coverage,
        "changes": models.ChangeSpace,
    }[which]
    return json.dumps(schema_of(model), indent=2, sort_keys=True) + "\n"
