"""`reasoner serve` works from the installed (non-editable) wheel."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from _webserver import request, running_server

ROOT = Path(__file__).parent.parent


def test_serve_from_the_installed_wheel(tmp_path, monkeypatch):
    pytest.importorskip("fastapi")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("reasoner-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in [
        "reasoner/server.py",
        "reasoner/web/static/app.js",
        "reasoner/web/static/web.css",
        "reasoner/_data/facts/clinical_codes.yaml",
        "reasoner/_data/reports/templates/web_answer.html.j2",
    ]:
        assert required in names, required
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    # the wheel's package comes first; the server runs outside the source tree
    monkeypatch.setenv("PYTHONPATH", str(site))
    monkeypatch.chdir(tmp_path)
    with running_server(tmp_path) as base:
        status, _, body = request(base, "/healthz")
        assert status == 200
        status, _, body = request(base, "/answer?disease=hepatic_IR&stage=reperfusion")
        assert status == 200 and b'id="cand-ucmsc_exos_mir_20a"' in body
        status, _, body = request(base, "/static/app.js")
        assert status == 200
        status, _, body = request(base, "/api/diseases")
        assert status == 200 and json.loads(body)
    found = subprocess.run(
        [sys.executable, "-c", "import reasoner, sys; print(reasoner.__file__)"],
        capture_output=True,
        text=True,
        env={**os.environ},
        cwd=tmp_path,
    )
    assert found.stdout.startswith(str(site))
