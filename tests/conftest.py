import os

import pytest
from click.testing import CliRunner

os.environ.setdefault(
    "REASONER_CACHE_DIR", os.path.join(os.path.dirname(__file__), "..", ".pytest_cache", "kb")
)


@pytest.fixture
def run():
    """Invoke the CLI; returns the click Result."""
    from reasoner.cli import cli

    runner = CliRunner()

    def _run(*args, **kw):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)

    return _run


@pytest.fixture(scope="session")
def kb():
    from reasoner.knowledge.kb import load

    return load()
