"""The explorable HTML paper in headless Chromium, driven through chromedriver (Debian's
`chromium` and `chromium-driver`, which scripts/setup.sh installs): it loads with no console
error and no network request, and clicking a post highlights who it reports to and its routes."""

from __future__ import annotations

import shutil

import pytest

from orgsim.pipeline import analyse, diagrams
from orgsim.render.paper import paper_html
from render.paper_fixtures import FAST, write_council

webdriver = pytest.importorskip("selenium.webdriver")


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("Chromium or chromedriver is not installed: `sh scripts/setup.sh` as root, or "
                    "`sudo apt-get install chromium chromium-driver`")
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explore")
    base, option = write_council(folder)
    analysis = analyse(base, [option], FAST)
    path = folder / "paper.html"
    path.write_text(paper_html(analysis, diagrams(analysis, folder / "d", ("svg",))),
                    encoding="utf-8")
    return path


def test_the_paper_loads_without_console_errors_or_network_requests(browser, page):
    browser.get(page.as_uri())
    assert "Verdict:" in browser.find_element("css selector", "#decision").text
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert not errors, errors
    import json
    requests = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests
            if m.get("method") == "Network.requestWillBeSent"]
    assert all(u.startswith("file:") or u.startswith("data:") for u in urls), urls


def test_clicking_a_post_highlights_its_line_and_routes(browser, page):
    browser.get(page.as_uri())
    figure = browser.find_element("css selector", "#diagrams figure.explorable")
    # the Family Services Director: reports to the Chief Executive in the option, and its
    # serious incidents reach the DCS by a channel
    nodes = figure.find_elements("css selector", 'g.node[data-node="fsd"]')
    if not nodes:
        figure = browser.find_elements("css selector", "#annex-diagrams figure.explorable")[-1]
        nodes = figure.find_elements("css selector", 'g.node[data-node="fsd"]')
    assert nodes
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                           nodes[0])
    svg = figure.find_element("css selector", "svg")
    assert "has-focus" in svg.get_attribute("class")
    assert "hl-self" in nodes[0].get_attribute("class")
    lit = figure.find_elements("css selector", "g.edge.hl-route")
    assert lit, "no edge of the post's line or routes was highlighted"
    assert figure.find_elements("css selector", "g.node.hl-reports, g.node.hl")
    # the zoom buttons change the view box, and reset restores it
    def box() -> str:
        return browser.execute_script("return arguments[0].getAttribute('viewBox')", svg)
    before = box()
    assert before
    figure.find_element("css selector", ".controls button").click()
    assert box() != before
    figure.find_elements("css selector", ".controls button")[-1].click()
    assert box() == before
