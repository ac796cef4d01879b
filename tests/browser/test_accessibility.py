"""Accessibility in a real browser at phone width: axe-core finds no serious or
critical WCAG 2.1 AA violation on the pages residents use, in normal and in
large text, including every step of a form with its errors shown, the review
page and the confirmation; and what axe cannot see — a visible focus ring,
44 px touch targets, error links that move focus to the field."""

import pytest

from forms.importing import import_definition
from guides.importing import import_items
from tests.browser.pages import axe_violations, click_and_wait
from tests.support import APPLICANT_ID, FULL_ITEM, definition, raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/banshi/", "/s/MZ-001/", "/search/?q=低保", "/zaixian/", "/apply/status/"]


@pytest.fixture
def centre(live_server):
    import_items(raw(FULL_ITEM))
    import_definition(definition())
    return live_server.url


def large_text(browser, base_url):
    browser.get(base_url + "/")
    browser.add_cookie({"name": "textsize", "value": "large"})


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_resident_pages_pass_axe(browser, centre, text_size):
    from selenium.webdriver.common.by import By

    if text_size == "large":
        large_text(browser, centre)
    found = {}
    for path in PAGES + ["/s/MZ-001/"]:
        browser.get(centre + path)
        found[path] = axe_violations(browser)
    # The guide's checklist, reached by its link.
    browser.get(centre + "/s/MZ-001/")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "一次性告知单"))
    found["checklist"] = axe_violations(browser)
    assert not any(found.values()), found


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_a_whole_application_passes_axe_with_errors_review_and_confirmation(browser, centre, text_size):
    from selenium.webdriver.common.by import By

    if text_size == "large":
        large_text(browser, centre)

    def fill(name, value):
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def press(label="下一步"):
        click_and_wait(browser, browser.find_element(By.XPATH, f"//button[normalize-space()='{label}']"))

    found = {}
    browser.get(centre + "/s/MZ-001/")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "在线填写"))
    found["landing"] = axe_violations(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "开始填写"))
    found["step 1"] = axe_violations(browser)
    press()  # nothing filled in: every required field in error
    assert browser.find_elements(By.ID, "error-summary")
    found["step 1 with errors"] = axe_violations(browser)
    fill("applicant-name", "王秀英")
    fill("applicant-id_number", APPLICANT_ID)
    fill("applicant-phone", "13800138000")
    browser.find_element(By.CSS_SELECTOR, "input[name='applicant-hukou'][value='农业户口']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name='applicant-mode'][value='本人申请']").click()
    press()
    press()  # 承包土地情况 empty
    found["step 2 with errors"] = axe_violations(browser)
    fill("land-mu", "3.5")
    press()
    press()
    found["step 3 with errors"] = axe_violations(browser)
    fill("docs-members", "3")
    browser.find_element(By.CSS_SELECTOR, "label[for='id_docs-pledge']").click()
    press()
    found["review"] = axe_violations(browser)
    press("确认提交")
    assert "申请已提交" in browser.find_element(By.TAG_NAME, "main").text
    found["confirmation"] = axe_violations(browser)
    assert not any(found.values()), found


def test_focus_ring_touch_targets_and_error_links(browser, centre):
    """What axe cannot judge: the focus ring is drawn with at least 3:1 contrast,
    radios are at least 44 px to touch, and an error link moves focus to its field."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(centre + "/zaixian/")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "测试申请表"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "开始填写"))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # the skip link
    ring = browser.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, s.outlineWidth, s.outlineColor];"
    )
    assert ring[0] == "solid" and float(ring[1].rstrip("px")) >= 2 and ring[2] == "rgb(11, 12, 12)", ring

    heights = browser.execute_script(
        "return [...document.querySelectorAll('label.choice')].map((l) => l.getBoundingClientRect().height);"
    )
    assert heights and min(heights) >= 44, heights

    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='下一步']"))
    links = browser.find_elements(By.CSS_SELECTOR, "#error-summary a")
    radio_link = next(link for link in links if "户籍类型" in link.text)
    radio_link.click()
    assert browser.switch_to.active_element.get_attribute("name") == "applicant-hukou"
