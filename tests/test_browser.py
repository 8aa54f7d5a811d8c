"""The HTML report in a real headless browser (Debian's chromium via playwright)."""

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


def test_report_in_browser(run, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    assert run("report", "--disease", "hepatic_IR", "--stage", "reperfusion", "-o", out).exit_code == 0
    errors = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(out.as_uri())
        # every [n] citation lands on a reference entry
        for href in set(page.eval_on_selector_all("a.cite", "els => els.map(e => e.getAttribute('href'))")):
            assert page.locator(href).count() == 1, href
        assert page.locator("svg.mech").count() >= 1
        why = page.locator("details.why").first
        assert why.get_attribute("open") is None
        why.locator("summary").first.click()
        assert why.get_attribute("open") is not None
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
    assert errors == []


def _launch(sync_api, p):
    return p.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )


@pytest.mark.parametrize("disease", ["hepatic_IR", "myocardial_hypoxia"])
def test_no_horizontal_overflow_at_400px(run, tmp_path, disease):
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    assert run("report", "--disease", disease, "-o", out).exit_code == 0
    with sync_api.sync_playwright() as p:
        browser = _launch(sync_api, p)
        page = browser.new_page(viewport={"width": 400, "height": 800})
        page.goto(out.as_uri())
        page.locator("button[data-trees=open]:visible").first.click()  # every tree expanded
        assert page.locator("details:not([open])").count() == 0
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, width
        browser.close()


def test_index_sorts_and_filters(run, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    assert run("report", "--all", "--disease", "hepatic_IR", "-o", tmp_path / "h").exit_code == 0
    with sync_api.sync_playwright() as p:
        browser = _launch(sync_api, p)
        page = browser.new_page()
        page.goto((tmp_path / "h" / "index.html").as_uri())
        rows = page.locator("#index tbody tr")
        assert rows.count() == 3
        page.fill("#filter", "reperfusion stage")
        assert page.locator("#index tbody tr:visible").count() == 1
        page.fill("#filter", "")
        page.locator("#index th", has_text="Candidates").click()
        counts = page.eval_on_selector_all(
            "#index tbody tr td:last-child", "els => els.map(e => +e.textContent)"
        )
        assert counts == sorted(counts)
        browser.close()
