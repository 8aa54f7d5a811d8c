"""A non-editable wheel carries the rules, facts and templates."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """One wheel built from the checkout for this module's tests (each build prebuilds)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("reasoner-*.whl"))


def test_wheel_contains_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in [
        "reasoner/_data/rules/autophagy.lp",
        "reasoner/_data/rules/sentences.yaml",
        "reasoner/_data/facts/references.yaml",
        "reasoner/_data/facts/review.txt",
        "reasoner/_data/facts/conclusions.yaml",
        "reasoner/_data/reports/templates/suggestion.html.j2",
        "reasoner/schema/suggestion.json",
        "reasoner/schema/explanation.json",
        "reasoner/cli.py",
    ]:
        assert required in names, required


def test_wheel_renders_with_its_precompiled_templates(wheel, tmp_path):
    """The wheel carries the templates compiled and the bundled knowledge base prebuilt
    (hatch_build.py); the installed package answers from them with an empty cache,
    byte-identical to the sources."""
    import json
    import os

    import jinja2

    from reasoner.knowledge.paths import templates_dir
    from reasoner.reporting import render

    zf = zipfile.ZipFile(wheel)
    names = set(zf.namelist())
    for t in templates_dir().glob("*.j2"):
        assert (
            f"reasoner/_data/reports/compiled/{jinja2.ModuleLoader.get_module_filename(t.name)}" in names
        ), t.name
    manifest = json.loads(zf.read("reasoner/_data/reports/compiled/MANIFEST.json"))
    assert manifest == {"jinja2": jinja2.__version__, "templates": render.templates_digest(templates_dir())}
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import sys, jinja2\n"
        "from reasoner.reporting import render\n"
        "from reasoner import api\n"
        "env = render.environment()\n"
        "assert isinstance(env.loader, jinja2.ChoiceLoader), env.loader\n"
        "t = env.get_template('suggestion.txt.j2')\n"
        "assert '/_data/reports/compiled/' in t.filename, t.filename\n"
        "sys.stdout.write(render.render(api.suggest('hepatic_IR', 'reperfusion'), 'text'))\n"
        # the bundled knowledge base came prebuilt: no YAML parsed, nothing validated
        "assert 'reasoner.knowledge.kb' not in sys.modules and 'yaml' not in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "REASONER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    from reasoner import api

    assert done.stdout == render.render(api.suggest("hepatic_IR", "reperfusion"), "text")
