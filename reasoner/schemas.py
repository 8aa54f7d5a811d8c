"""JSON Schema export of the pydantic models (committed under reasoner/schema/, tested for drift)."""

from __future__ import annotations

import json


def export(which: str) -> str:
    from . import impact
    from .knowledge import models
    from .reasoning import observation, results

    model = {"kb": models.KnowledgeBase, "suggestion": results.Suggestion,
             "explanation": results.Explanation, "observation": observation.Observation,
             "observation_file": observation.ObservationFile,
             "plan": results.Plan, "impact": impact.Impact, "changes": models.ChangeSpace}[which]
    return json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"
