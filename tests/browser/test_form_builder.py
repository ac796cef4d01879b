"""Window staff build a form in the Wagtail editor without typing a key: from a
guide with no form, three steps, the third shown only for one answer of a
field chosen from lists; they submit it for approval, the manager approves,
and a resident opens it. The journey's actions are counted (see
tests/browser/form_builder.py)."""

import json

import pytest
from django.contrib.auth.models import Group

from core.roles import MANAGER_GROUP
from forms.folders import ensure_form_index
from forms.models import ApplicationFormPage, FormFolderPage
from guides.permissions import setup_moderation
from guides.site_setup import ensure_structure
from tests import factories
from tests.browser.form_builder import Actions
from tests.browser.pages import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOST_ACTIONS = 60  # the journey below takes about 50; more means the editor got harder


def log_in(actions, base_url, username, password="pw"):
    from selenium.webdriver.common.by import By

    browser = actions.browser
    browser.delete_all_cookies()
    browser.get(base_url + "/admin/login/")
    actions.type(browser.find_element(By.NAME, "username"), username)
    actions.type(browser.find_element(By.NAME, "password"), password)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    actions.count += 1


def test_staff_build_a_conditional_form_without_keys_and_the_manager_approves(live_server, browser, settings):
    from selenium.webdriver.common.by import By

    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # no background saves racing the manager's approval on SQLite

    ny = factories.WindowPageFactory(window__name="农业综合服务窗口", window__slug="nongye")
    factories.GuidePageFactory(parent=ny, code="NY-003", title="农机购置补贴申请")
    ensure_form_index()
    factories.WindowStaffFactory(window_page=ny)  # "nongye", password "pw"
    factories.ManagerFactory()
    setup_moderation(ensure_structure().home, Group.objects.get(name=MANAGER_GROUP), [])
    folder = FormFolderPage.objects.get(window=ny.window)

    browser.set_window_size(1280, 1400)
    actions = Actions(browser)
    log_in(actions, live_server.url, "nongye")
    # 页面 → 在线申报 → 农业综合服务窗口申请表 (three clicks in the page explorer), then 添加子页面.
    browser.get(f"{live_server.url}/admin/pages/{folder.pk}/")
    actions.count += 3
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"a[href$='/pages/{folder.pk}/add_subpage/']"))
    actions.count += 1

    actions.type(actions.by_name("title"), "农机购置补贴申请表")
    actions.choose_guide("农业综合服务窗口", "农机购置补贴申请")
    first = actions.add_step("申请人信息")
    actions.add_field(first, "单行文字", "申请人姓名", role="申请人姓名")
    actions.add_field(first, "单选（圆点）", "是否首次申请", choices=["是", "否"])
    second = actions.add_step("联系方式")
    actions.add_field(second, "手机号码", "联系电话", role="联系电话")
    family = actions.add_field(second, "重复组（多行表格）", "家庭成员")
    actions.add_subfield(second, family, "单行文字", "姓名", role="个人信息")
    actions.add_subfield(second, family, "整数", "年龄")
    third = actions.add_step("首次申请补充")
    actions.condition(f"steps-{third}-value-show_if", "是否首次申请", "是")
    actions.add_field(third, "整数", "购置台数")
    # No key was typed, and none is in view: they wait in the collapsed 高级 sections.
    assert not [e for e in browser.find_elements(By.CSS_SELECTOR, "input[name$='-value-key']") if e.is_displayed()]

    actions.submit_for_approval()
    assert "提交审核" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    staff_actions, staff_saves = actions.count, actions.saves

    form = ApplicationFormPage.objects.get()
    draft = form.get_latest_revision_as_object()
    steps = draft.definition["steps"]
    assert draft.guide.code == "NY-003" and not form.live
    assert [s["key"] for s in steps] == ["shenqingren_xinxi", "lianxifangshi", "shouci_shenqing_buchong"]
    assert steps[0]["fields"][1] == {
        "key": "shifou_shouci_shenqing", "label": "是否首次申请", "type": "radio", "required": True, "choices": ["是", "否"],
    }  # fmt: skip
    assert steps[2]["show_if"] == {"field": "shifou_shouci_shenqing", "equals": "是"}
    assert steps[0]["fields"][0]["role"] == "applicant_name" and steps[1]["fields"][0]["role"] == "phone"
    group = steps[1]["fields"][1]
    assert group["type"] == "group" and group["key"] == "jiatingchengyuan"
    assert [(sub["key"], sub["label"]) for sub in group["fields"]] == [("xingming", "姓名"), ("nianling", "年龄")]

    # The manager approves and publishes.
    log_in(actions, live_server.url, "manager")
    browser.get(f"{live_server.url}/admin/pages/{form.pk}/edit/")
    footer = browser.find_element(By.CSS_SELECTOR, "footer")
    actions.click(footer.find_element(By.CSS_SELECTOR, ".w-dropdown__toggle, [data-w-dropdown-target='toggle']"))
    approve = [b for b in footer.find_elements(By.TAG_NAME, "button") if b.get_attribute("innerText").split() == ["批准", "和发布"]]
    click_and_wait(browser, approve[0])
    form.refresh_from_db()
    assert form.live and form.url == "/zaixian/nongji-gouzhi-butie-shenqingbiao/"

    # A resident opens it.
    browser.delete_all_cookies()
    browser.get(live_server.url + form.url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "农机购置补贴申请表"
    print(json.dumps({"staff_actions": staff_actions, "staff_save_cycles": staff_saves}, ensure_ascii=False))
    assert staff_saves == 1 and staff_actions <= MOST_ACTIONS


def test_combined_conditions_apply_in_the_residents_browser(live_server, browser):
    """forms.js applies {"all": …} and {"any": …} rules, with a test on an earlier step decided by the server."""
    from selenium.webdriver.common.by import By

    from forms.importing import import_definition
    from tests.support import APPLICANT_ID, definition

    factories.GuidePageFactory(full_item=True)
    data = definition()
    applicant = data["steps"][0]["fields"]
    applicant.append(
        {"key": "note", "label": "补充说明", "type": "text", "required": False,
         "show_if": {"all": [{"field": "hukou", "equals": "农业户口"}, {"field": "mode", "equals": "委托代理"}]}}
    )  # fmt: skip
    data["steps"][1]["fields"].append(
        {"key": "why", "label": "种植说明", "type": "text", "required": False,
         "show_if": {"any": [{"field": "hukou", "equals": "非农业户口"}, {"field": "crops", "equals": "水稻"}]}}
    )  # fmt: skip
    import_definition(data)

    def choose(name, value):
        browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()

    browser.get(live_server.url + "/zaixian/test-application/step/applicant/")
    note = browser.find_element(By.NAME, "applicant-note")
    choose("applicant-hukou", "农业户口")
    assert not note.is_displayed()  # all: 委托代理 not chosen yet
    choose("applicant-mode", "委托代理")
    assert note.is_displayed()
    choose("applicant-hukou", "非农业户口")
    assert not note.is_displayed()

    choose("applicant-hukou", "农业户口")
    choose("applicant-mode", "本人申请")
    for name, value in [("applicant-name", "王秀英"), ("applicant-id_number", APPLICANT_ID), ("applicant-phone", "13800138000")]:
        browser.find_element(By.NAME, name).send_keys(value)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='下一步']"))
    why = browser.find_element(By.NAME, "land-why")
    assert not why.is_displayed()  # any: 农业户口 (decided on step 1) and no 水稻 yet
    browser.find_element(By.CSS_SELECTOR, "input[name='land-crops'][value='水稻']").click()
    assert why.is_displayed()
