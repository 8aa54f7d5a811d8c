"""Run KGX's own validator (kgx 2.6) offline on a KGX TSV pair and print its errors as JSON.

    python tests/kgx_offline.py PREFIX [--declare LOCAL ...]

reads PREFIX_nodes.tsv and PREFIX_edges.tsv.  kgx fetches the Biolink Model and its JSON-LD
context from the network by default; here both come from the biolink-model package on disk:
the toolkit from its schema (schema/biolink_model.yaml, no predicate map), the context's
prefixes from its prefix map (prefixmaps/biolink_model_prefix_map.json).  ``--declare`` adds a
local prefix the export declares (the README's KGX section) to the validator's prefixes: the
one way KGX's validator is told of ids no registry names.  Output: {"model": version,
"errors": {level: {error type: {message: [entities]}}}}.

Run by tests/test_kgx_conformance.py with the Python that has kgx (REASONER_KGX_PYTHON, set by
.ci/run, which installs kgx in a venv of its own: kgx pins numpy < 2 and mypy).
"""

import argparse
import importlib.util
import json
import sys
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("prefix")
    ap.add_argument("--declare", action="append", default=[])
    args = ap.parse_args()
    root = Path(list(importlib.util.find_spec("biolink_model").submodule_search_locations)[0])
    schema = str(root / "schema" / "biolink_model.yaml")
    import bmt.toolkit

    # kgx builds a default toolkit at import: make its default the schema on disk
    bmt.toolkit.Toolkit.__init__.__defaults__ = (schema, {"predicate mappings": []})
    from kgx import config

    context = json.loads((root / "prefixmaps" / "biolink_model_prefix_map.json").read_text())
    config.jsonld_context_map["biolink"] = context
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    Validator._currently_active_toolkit = bmt.toolkit.Toolkit(schema=schema)
    v = Validator()
    v.prefixes |= set(args.declare)
    Transformer(stream=True).transform(
        input_args={"filename": [f"{args.prefix}_nodes.tsv", f"{args.prefix}_edges.tsv"], "format": "tsv"},
        output_args={"format": "null"},
        inspector=v,
    )
    errors = {
        level: {str(t): {m: sorted(set(e)) for m, e in msgs.items()} for t, msgs in types.items()}
        for level, types in v.get_errors().items()
    }
    json.dump(
        {"model": v.get_validation_model_version(), "errors": errors}, sys.stdout, indent=1, sort_keys=True
    )


if __name__ == "__main__":
    main()
