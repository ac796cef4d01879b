"""Helpers for driving pages in the browser tests: waiting for a page load, and
the axe-core accessibility audit (installed by `make test` from package.json)."""

import json
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def click_and_wait(browser, element):
    """Click something that loads a new page, and wait until the new one has loaded."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.__previousPage = true")
    element.click()
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return !window.__previousPage && document.readyState === 'complete'")
    )


def axe_violations(browser, impacts=BLOCKING):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; the
    violations of the given impacts as readable strings."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
          .then((r) => done(JSON.stringify(r.violations)))
          .catch((e) => done(JSON.stringify([{id: "axe-error", impact: "critical", help: String(e), nodes: []}])));
        """
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in json.loads(result)
        if v["impact"] in impacts
    ]
