"""A non-editable wheel carries the rules, facts and templates."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_contains_data(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("reasoner-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ["reasoner/_data/rules/autophagy.lp", "reasoner/_data/rules/sentences.yaml",
                     "reasoner/_data/facts/references.yaml", "reasoner/_data/facts/review.txt",
                     "reasoner/_data/facts/conclusions.yaml",
                     "reasoner/_data/reports/templates/suggestion.html.j2",
                     "reasoner/schema/suggestion.json", "reasoner/schema/explanation.json",
                     "reasoner/cli.py"]:
        assert required in names, required
