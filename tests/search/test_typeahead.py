"""The type-ahead on the home search box in a real browser (headless
Chromium): suggestions while typing, keyboard use, and the plain form."""

import pytest

from guides.importing import import_items
from tests.support import FULL_ITEM, raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typeahead_suggests_and_works_from_the_keyboard(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    import_items(raw(FULL_ITEM, {**FULL_ITEM, "code": "MZ-004", "name": "医疗救助申请", "keywords": ["大病救助"]}))
    browser.get(live_server.url + "/")
    box = browser.find_element(By.ID, "search-q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    listbox = browser.find_element(By.ID, box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox" and not listbox.is_displayed()

    box.send_keys("低保")
    WebDriverWait(browser, 10).until(lambda b: listbox.is_displayed())
    options = listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert options[0].text.startswith("最低生活保障申请") and box.get_attribute("aria-expanded") == "true"
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")

    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    assert options[0].get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ESCAPE)
    assert not listbox.is_displayed() and box.get_attribute("aria-expanded") == "false"

    box.send_keys(Keys.ARROW_DOWN)  # reopens on the first suggestion
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: "/mz-001/" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "最低生活保障申请"


def test_enter_without_a_chosen_suggestion_submits_the_form(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    import_items(raw(FULL_ITEM))
    browser.get(live_server.url + "/")
    box = browser.find_element(By.ID, "search-q")
    box.send_keys("dibao")
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: "/search/?q=dibao" in b.current_url)
    assert "您是不是要找" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.CSS_SELECTOR, ".search-result__title").text == "最低生活保障申请"
