"""The web app in a real headless browser (Debian's chromium via playwright), against `reasoner serve`."""

import json
import re
import shutil
from pathlib import Path

import pytest

from _webserver import running_server
from reasoner.knowledge.catalogue import say

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts" / "web"
WIDTHS = {"desktop": 1280, "narrow": 400}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    pytest.importorskip("fastapi")
    with running_server(tmp_path_factory.mktemp("web")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
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
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    errors = pg.errors  # CSP violations and script errors are console errors
    ctx.close()
    assert errors == []


def test_pick_disease_and_stage_with_the_keyboard(base, page):
    page.goto(base + "/")
    page.locator("#disease").focus()
    page.keyboard.type("hepatic I/R")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "stage"
    # the hint under the stage picker is worded by the catalogue (the page's phrases block)
    assert page.locator("#stage-hint").inner_text() == say("phrases.web.n_stages", n=2)
    # only the stages of hepatic I/R can be chosen
    enabled = page.eval_on_selector_all("#stage option:not([disabled])", "os => os.map(o => o.value)")
    assert enabled == ["", "ischaemia", "reperfusion"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#stage").input_value() == "reperfusion"
    page.keyboard.press("Tab")  # autophagy state
    page.keyboard.press("Tab")  # the comorbidity picker (comorbidity questions are answered)
    assert page.evaluate("document.activeElement.id") == "comorbidity"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/answer\?"))
    assert "stage=reperfusion" in page.url and "disease=hepatic+I%2FR" in page.url
    assert page.locator("h1").first.inner_text().startswith("hepatic ischaemia/reperfusion injury")
    assert "reperfusion" in page.locator("h1").first.inner_text()
    # an unstaged disease disables the stage picker
    page.goto(base + "/")
    page.locator("#disease").fill("PD")
    page.locator("#disease").dispatch_event("input")
    assert page.locator("#stage").is_disabled()
    options = json.loads(page.locator("#kb-options").text_content())
    name = next(d["name"] for d in options["diseases"] if d["id"] == "PD")
    assert page.locator("#stage-hint").inner_text() == say("phrases.web.no_stages_of", disease=name)


def test_expand_a_tree(base, page):
    page.goto(base + "/answer?disease=hepatic_IR&stage=reperfusion")
    why = page.locator(".card details.why").first
    assert why.get_attribute("open") is None
    why.locator("summary").first.click()
    assert why.get_attribute("open") is not None
    button = page.locator("button.expand-all")
    assert button.inner_text() == say("phrases.common.expand_all")
    button.click()
    closed = page.eval_on_selector_all("article details:not([open])", "ds => ds.length")
    assert closed == 0
    assert button.inner_text() == say("phrases.common.collapse_all")  # the catalogue's words
    assert page.locator("svg.mech").count() >= 1  # the pathway diagram
    page.locator("button.expand-all").click()
    assert page.eval_on_selector_all("article details[open]", "ds => ds.length") == 0
    assert button.inner_text() == say("phrases.common.expand_all")


def test_click_a_quote_and_a_citation_land_on_the_highlighted_sentence(base, page):
    page.goto(base + "/answer?disease=hepatic_IR&stage=reperfusion")
    quote = page.locator(".card .support a.quote").first
    assert quote.get_attribute("title") == say("phrases.web.show_in_review")
    text = " ".join(quote.inner_text().split())
    quote.click()
    page.wait_for_url(re.compile(r"/review\?s=\d+#s-\d+$"))
    sid = page.url.rsplit("#", 1)[1]
    target = page.locator(f"#{sid}")
    assert "mark" in target.get_attribute("class")
    assert text[:60] in " ".join(page.locator(f"#{sid}").inner_text().split()) or text[:60] in " ".join(
        page.locator("main").inner_text().split()
    )
    assert target.is_visible()
    # the panel lists every record that quotes the sentence
    assert page.locator("aside.records li").count() >= 1
    # a citation [n] leads to the sentences that cite reference n
    page.go_back()
    cite = page.locator(".card a.cite").first
    n = cite.inner_text().strip("[]")
    cite.click()
    page.wait_for_url(re.compile(rf"/review\?ref={n}$"))
    assert page.locator(".sent.mark").count() >= 1
    assert page.locator("aside.records h2").inner_text().startswith(f"[{n}]")


def test_filter_the_knowledge_browser(base, page):
    page.goto(base + "/browse?tab=studies")
    total = page.locator("#rows tbody tr").count()
    page.locator("#f-q").fill("mir-30a")
    page.locator("#f-q").dispatch_event("input")
    visible = page.locator("#rows tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    for i in range(visible.count()):
        assert "mir-30a" in visible.nth(i).get_attribute("data-search")
    assert page.locator("#count .shown").inner_text() == str(visible.count())
    # server-side filters by gene, ref and effect, and rows link to answers
    page.goto(base + "/browse?tab=studies&gene=BECN1&effect=induce")
    rows = page.locator("#rows tbody tr")
    assert rows.count() >= 1
    rows.first.locator('td.links a[href^="/answer"]').first.click()
    page.wait_for_url(re.compile(r"/answer\?disease="))


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_screenshots(base, browser, width):
    ctx = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    pg = ctx.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    overflows = []
    for name, path in [
        ("query", "/?disease=hepatic_IR"),
        ("answer", "/answer?disease=hepatic_IR&stage=reperfusion"),
        ("compare", "/compare?disease=MI"),
        ("review", "/review?ref=75"),
        ("browse", "/browse?tab=studies&cargo=mir-30a"),
    ]:
        pg.goto(base + path)
        if name == "answer":
            pg.locator(".card details.why summary").first.click()
        # nothing overflows the page sideways (wide tables and diagrams scroll in their box)
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            overflows.append((name, overflow))
        pg.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=name != "review")
    ctx.close()
    assert overflows == []
    assert errors == []


def test_the_form_fits_at_400px(base, browser):
    """At 400 px the disease input stays inside the query form (issue 23)."""
    ctx = browser.new_context(viewport={"width": 400, "height": 800})
    pg = ctx.new_page()
    pg.goto(base + "/")
    boxes = {}
    for sel in ("#disease", "#stage", "#autophagy_state"):
        field = pg.locator(sel).locator("xpath=..").bounding_box()
        box = pg.locator(sel).bounding_box()
        boxes[sel] = (box["x"] + box["width"], field["x"] + field["width"])
    ctx.close()
    # each input ends inside its field (and so inside the form's padding, not over it)
    assert all(right <= field + 0.5 for right, field in boxes.values()), boxes


def test_the_records_box_leaves_the_sentence_visible_at_1280px(base, page):
    """The sticky box of records that cite a sentence does not cover the sentence (issue 23)."""
    page.goto(base + "/review?ref=75")
    page.locator("aside.records a[href^='#s-']").first.click()
    target = page.locator(".sent.mark").first
    aside = page.locator("aside.records").bounding_box()
    sent = target.bounding_box()
    assert sent["y"] >= aside["y"] + aside["height"] - 1 or sent["y"] + sent["height"] <= aside["y"]


def test_the_form_offers_the_stages_of_any_name_the_cli_resolves(base, page):
    """'liver ischemia reperfusion' is not listed on the page; the resolver names it."""
    page.goto(base + "/")
    page.locator("#disease").fill("liver ischemia reperfusion")
    page.locator("#disease").dispatch_event("input")
    enabled = []
    for _ in range(50):  # the form asks the server once typing pauses (300 ms)
        page.wait_for_timeout(200)
        enabled = page.eval_on_selector_all("#stage option:not([disabled])", "os => os.map(o => o.value)")
        if len(enabled) > 1:
            break
    assert enabled == ["", "ischaemia", "reperfusion"]
