"""The compound field types in a real browser at phone width: an address, a
repeating group whose rows are added and removed with its buttons, a
signature, and the review table — with no serious or critical axe violation
on any of those pages, errors shown. Set SCREENSHOT_DIR to keep screenshots."""

import copy
import os

import pytest
from wagtail.models import Site

from forms.importing import import_definition
from guides.site_setup import ensure_structure
from network.models import Village
from network.places import township_name
from tests.browser.pages import axe_violations, click_and_wait
from tests.support import CHILD_ID, COMPOUND_DEFINITION, FAMILY_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def form_url(live_server):
    ensure_structure()
    site = Site.objects.get(is_default_site=True)
    Village.objects.create(township=site, name="青石村", slug="qingshi", sort_order=1)
    Village.objects.create(township=site, name="柳湾村", slug="liuwan", sort_order=2)
    import_definition(copy.deepcopy(COMPOUND_DEFINITION))
    return live_server.url + "/zaixian/family-application/", township_name(site)


def test_address_group_and_signature_pass_axe(browser, form_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, township = form_url
    found = {}

    def shot(name):
        found[name] = axe_violations(browser)
        if os.environ.get("SCREENSHOT_DIR"):
            for width in (390, 1280):
                browser.set_window_size(width, 900)
                height = browser.execute_script("return document.documentElement.scrollHeight")
                browser.set_window_size(width, min(height, 4000))
                browser.save_screenshot(os.path.join(os.environ["SCREENSHOT_DIR"], f"{name}-{width}.png"))
            browser.set_window_size(390, 844)

    def press(label):
        click_and_wait(browser, browser.find_element(By.XPATH, f"//button[normalize-space()='{label}' and not(@aria-hidden)]"))

    def fill(name, value):
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    browser.get(url + "step/applicant/")
    fill("applicant-name", "王秀英")
    Select(browser.find_element(By.NAME, "applicant-home-village")).select_by_visible_text("柳湾村")
    fill("applicant-home-detail", "二组5号")
    assert Select(browser.find_element(By.NAME, "applicant-home-township")).first_selected_option.text == township
    shot("address")
    press("下一步")

    fill("members-family-0-name", "李建国")
    Select(browser.find_element(By.NAME, "members-family-0-relation")).select_by_visible_text("配偶")
    fill("members-family-0-id_number", FAMILY_ID)
    press("再添加一行")
    assert browser.switch_to.active_element.get_attribute("name") == "members-family-1-name"  # the new row
    assert browser.find_element(By.NAME, "members-family-0-name").get_attribute("value") == "李建国"
    fill("members-family-1-name", "李小明")
    fill("members-family-1-id_number", CHILD_ID[:-1])  # one character short
    shot("group-rows")
    # Enter in a cell submits the step (it does not add a row): the errors show.
    browser.execute_script("window.__previousPage = true")
    browser.find_element(By.NAME, "members-family-1-id_number").send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return !window.__previousPage && document.readyState === 'complete'")
    )
    errors = browser.find_element(By.ID, "error-summary").text
    assert "第 2 位家庭成员：请选择与申请人关系" in errors and "第 2 位家庭成员“身份证号”" in errors
    assert len(browser.find_elements(By.CSS_SELECTOR, ".group-row")) == 2
    shot("group-errors")
    Select(browser.find_element(By.NAME, "members-family-1-relation")).select_by_visible_text("子女")
    fill("members-family-1-id_number", CHILD_ID)
    press("下一步")

    press("下一步")  # the signature left empty
    assert "请输入您的姓名作为签名" in browser.find_element(By.ID, "error-summary").text
    shot("signature-error")
    fill("pledge-signature", "王秀英")
    press("下一步")
    table = browser.find_element(By.CSS_SELECTOR, ".answer-table").text
    assert "李建国" in table and "李小明" in table and f"{township} 柳湾村 二组5号" in browser.page_source
    shot("review")
    assert not any(found.values()), found
