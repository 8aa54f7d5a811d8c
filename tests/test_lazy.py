"""The hot path imports only what the chosen format needs (no timing asserted here)."""

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import sys
from reasoner.cli import cli
cli.main(sys.argv[1:], standalone_mode=False)
mods = ["jinja2", "yaml", "reasoner.knowledge.models", "reasoner.knowledge.kb", "clingo.ast", "difflib",
        "pydantic.main", "pydantic._internal._model_construction",
        "tempfile", "shutil"]  # the last two: only when a file or a cache key is written
print(" ".join(m for m in mods if m in sys.modules), file=sys.stderr)
"""


def loaded(tmp_path, *args):
    env = {**os.environ, "REASONER_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("REASONER_NO_CACHE", None)
    cmd = [sys.executable, "-c", PROBE, "suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", *args]
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # fill the caches
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return done.stdout, set(done.stderr.split())


def test_json_answer_from_the_cache_imports_no_yaml_templates_or_models(tmp_path):
    # neither the knowledge-base schema nor the answer models (pydantic's model machinery)
    body, mods = loaded(tmp_path, "--format", "json")
    assert json.loads(body)["autophagy"]["desired"] == "inhibit"
    assert mods == set(), mods


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_templates_load_only_for_template_formats(tmp_path, fmt):
    _, mods = loaded(tmp_path, "--format", fmt)
    assert mods - {"tempfile", "shutil"} == {"jinja2"}, mods  # jinja2 itself imports those


def test_cold_cache_parses_yaml_and_validates(tmp_path):
    env = {**os.environ, "REASONER_CACHE_DIR": str(tmp_path / "cold")}
    env.pop("REASONER_NO_CACHE", None)
    cmd = [sys.executable, "-c", PROBE, "suggest", "--disease", "PD", "--format", "json"]
    mods = set(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stderr.split())
    assert {"yaml", "reasoner.knowledge.models"} <= mods  # the first call compiles the knowledge base


@pytest.mark.parametrize(
    "args",
    [
        [
            "explain",
            "ucmsc_exos_mir_20a",
            "--disease",
            "hepatic_IR",
            "--stage",
            "reperfusion",
            "--format",
            "json",
        ],
        ["check", "--format", "json"],
    ],
    ids=["explain", "check"],
)
def test_explain_and_check_from_the_cache_import_no_models(tmp_path, args):
    env = {**os.environ, "REASONER_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("REASONER_NO_CACHE", None)
    cmd = [sys.executable, "-c", PROBE, *args]
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # fill the caches
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    assert json.loads(done.stdout)
    assert set(done.stderr.split()) == set(), done.stderr
