"""CSP in a real browser: the public guide page and Wagtail's admin (login,
dashboard, a snippet form with a date picker) run with no CSP violation."""

import pytest
from django.contrib.auth import get_user_model

from guides.importing import import_items
from tests.conftest import FULL_ITEM, raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_violations(driver):
    return driver.execute_script("return window.__cspViolations || []")


def watch(driver):
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.__cspViolations = []; document.addEventListener('securitypolicyviolation',"
                   " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"},
    )  # fmt: skip


def test_public_and_admin_pages_run_without_csp_violations(live_server, browser):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    import_items(raw(FULL_ITEM))
    get_user_model().objects.create_superuser("boss", password="pw")
    watch(browser)
    browser.get(live_server.url + "/s/MZ-001/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "最低生活保障申请"
    assert csp_violations(browser) == []

    browser.get(live_server.url + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("boss")
    browser.find_element(By.NAME, "password").send_keys("pw")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda b: "/admin/login/" not in b.current_url)
    assert csp_violations(browser) == []
    browser.get(live_server.url + "/admin/snippets/core/holiday/add/")
    WebDriverWait(browser, 15).until(lambda b: b.execute_script("return document.readyState") == "complete")
    assert browser.find_elements(By.NAME, "date")
    assert csp_violations(browser) == []
