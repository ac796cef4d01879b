"""The resident's flow in a real browser (headless Chromium via chromedriver):
guide page on a phone, large-text mode remembered, checklist, keyboard access."""

import pytest

from guides.importing import import_items
from tests.browser.pages import click_and_wait
from tests.support import FULL_ITEM, raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The `browser` fixture (headless Chromium) is in tests/conftest.py.


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


def test_resident_applies_online_from_guide_to_receipt(live_server, browser):
    """Guide page → 在线申报 → every step (with a condition) → 核对信息 → 提交 → 回执."""
    from selenium.webdriver.common.by import By

    from cases.models import Submission
    from forms.importing import import_definition
    from tests.support import APPLICANT_ID, definition

    import_items(raw(FULL_ITEM))
    import_definition(definition())

    def fill(name, value):
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def choose(name, value):
        browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()

    def next_step(label="下一步"):
        click_and_wait(browser, browser.find_element(By.XPATH, f"//button[normalize-space()='{label}']"))

    browser.get(live_server.url + "/s/MZ-001/")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "在线填写"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "开始填写"))
    assert "第 1 步" in browser.find_element(By.CLASS_NAME, "wizard-progress").text

    fill("applicant-name", "王秀英")
    fill("applicant-id_number", APPLICANT_ID)
    fill("applicant-phone", "13800138000")
    choose("applicant-hukou", "农业户口")
    agent = browser.find_element(By.NAME, "applicant-agent_name")
    assert not agent.is_displayed()  # shown only for 委托代理, by the same step's answer
    choose("applicant-mode", "委托代理")
    assert agent.is_displayed()
    choose("applicant-mode", "本人申请")
    next_step()

    assert "承包土地情况" in browser.find_element(By.CLASS_NAME, "wizard-progress").text
    fill("land-mu", "abc")
    next_step()
    summary = browser.find_element(By.ID, "error-summary")
    assert "承包地面积" in summary.text
    assert browser.switch_to.active_element == summary  # focus moves to the errors
    fill("land-mu", "3.5")
    next_step()

    fill("docs-members", "3")
    browser.find_element(By.CSS_SELECTOR, "label[for='id_docs-pledge']").click()
    next_step()

    review = browser.find_element(By.TAG_NAME, "main").text
    assert "核对信息" in review and "王秀英" in review and "3.50" in review
    next_step("确认提交")

    submission = Submission.objects.get()
    page_text = browser.find_element(By.TAG_NAME, "main").text
    assert "申请已提交" in page_text and submission.reference in page_text
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "下载回执").get_attribute("href").endswith("/receipt/")
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
