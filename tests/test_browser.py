"""The resident's flow in a real browser (headless Chromium via chromedriver):
guide page on a phone, large-text mode remembered, checklist, keyboard access."""

import shutil

import pytest

from guides.importing import import_items
from tests.conftest import FULL_ITEM, raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=390,844", f"--user-data-dir={tmp_path / 'profile'}",
    ]:  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def click_and_wait(browser, element):
    """Click something that loads a new page, and wait until the new one has loaded."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.__previousPage = true")
    element.click()
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return !window.__previousPage && document.readyState === 'complete'")
    )


def test_resident_reads_guide_on_phone_with_large_text(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    import_items(raw(FULL_ITEM))
    browser.get(live_server.url + "/s/MZ-001/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "最低生活保障申请"
    # Phone width: nothing sticks out sideways.
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert browser.find_element(By.CSS_SELECTOR, "#process svg").is_displayed()

    # Keyboard: the first Tab lands on the skip link, which moves focus to the content.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.text == "跳到正文"
    active.send_keys(Keys.ENTER)
    assert browser.execute_script("return location.hash") == "#main"

    normal_size = browser.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='大字版']"))
    assert "large-text" in browser.find_element(By.TAG_NAME, "html").get_attribute("class")
    large_size = browser.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large_size > normal_size * 1.15

    # Remembered on the next page, and the checklist can be ticked.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "打印一次性告知单"))
    assert "一次性告知单" in browser.find_element(By.TAG_NAME, "h1").text
    assert "large-text" in browser.find_element(By.TAG_NAME, "html").get_attribute("class")
    box = browser.find_element(By.ID, "m1")
    browser.find_element(By.CSS_SELECTOR, "label[for='m1']").click()
    assert box.is_selected()
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
