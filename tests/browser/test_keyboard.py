"""A whole demo application filled with the keyboard only, at phone width,
in normal and in large text: TAB from control to control, SPACE and the arrow
keys for choices, typing for text, ENTER for 下一步 and 确认提交 — no clicks.
Every control that takes focus shows it (a computed outline or box-shadow).
On the way axe-core audits a step with errors (and a kept upload), the
review page and the confirmation (回执) page: no serious or critical issue."""

import json

import pytest
from django.conf import settings
from django.utils import timezone

from cases.models import Submission
from forms.importing import import_definition, read_definition
from forms.models import ApplicationFormPage
from guides.importing import import_items
from tests.browser.pages import axe_violations
from tests.support import raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = settings.BASE_DIR / "fixtures" / "forms" / "rural-pension-enrolment.json"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 256
CONTROLS = ("input", "select", "textarea", "button", "a", "summary")

FOCUS = """
const e = document.activeElement, s = getComputedStyle(e);
return {tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "", text: (e.innerText || e.value || "").trim().slice(0, 80),
        value: e.value || "", focus: e.matches(":focus"), outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== "none"};
"""


@pytest.fixture
def demo_form(live_server):
    """The demo 城乡居民养老保险参保登记 form and its guide (LD-003)."""
    items = json.loads((settings.BASE_DIR / "fixtures" / "guides.json").read_text(encoding="utf-8"))
    items = items["items"] if isinstance(items, dict) else items
    import_items(raw(next(item for item in items if item["code"] == "LD-003")))
    definition = read_definition(FORM)
    import_definition(definition)
    return definition, ApplicationFormPage.objects.get(slug=definition["slug"])


class Keyboard:
    """Presses keys on whatever has focus, and checks each focus is visible."""

    def __init__(self, browser):
        from selenium.webdriver.common.action_chains import ActionChains

        self.browser, self.chains = browser, ActionChains
        self.unseen = []  # controls focused without a visible focus indicator

    def press(self, *keys):
        self.chains(self.browser).send_keys(*keys).perform()
        return self.focus()

    def focus(self):
        focused = self.browser.execute_script(FOCUS)
        if focused["type"] == "date" and not focused["focus"]:
            return focused  # on the date input's own calendar button, which Chromium rings itself
        if focused["tag"] in CONTROLS and not (focused["outline"] or focused["shadow"]):
            self.unseen.append(focused)
        return focused

    def submit(self):
        """ENTER on a button that loads the next page; wait until it has."""
        from selenium.webdriver.support.ui import WebDriverWait

        self.browser.execute_script("window.__previousPage = true")
        self.press("\ue007")  # ENTER
        WebDriverWait(self.browser, 20).until(
            lambda b: b.execute_script("return !window.__previousPage && document.readyState === 'complete'")
        )


def fill_step(keys, answers, upload_path, stop_before=None, focused=None):
    """TAB through the step, answering each control that takes focus, then
    ENTER on 下一步 (or on 确认提交). `stop_before` names a field left
    unanswered, to see the step's errors."""
    from selenium.webdriver.common.keys import Keys

    focused = focused or keys.press(Keys.TAB)  # from the skip link's target (<main>) into the page
    done_groups, trail = set(), []
    for _ in range(120):
        trail.append(focused["name"] or focused["text"])
        name, kind = focused["name"], focused["type"]
        if focused["tag"] == "button" and focused["text"] in ("下一步", "确认提交", "保存，回到核对信息"):
            keys.submit()
            return
        answer = answers.get(name)
        if name and name != stop_before and name not in done_groups:
            if kind == "radio" and answer is not None:
                for _ in range(answer):  # the arrow keys move to and select the next option
                    focused = keys.press(Keys.ARROW_DOWN)
                if answer == 0:
                    focused = keys.press(Keys.SPACE)
                done_groups.add(name)
            elif kind == "checkbox" and answer:
                focused = keys.press(Keys.SPACE)
                done_groups.add(name)
            elif focused["tag"] == "select" and answer is not None:
                for _ in range(answer):
                    focused = keys.press(Keys.ARROW_DOWN)
                done_groups.add(name)
            elif kind == "file" and answer:
                # What a keyboard user picks in the system's file dialog (SPACE on the
                # chooser) is set the only way WebDriver can: typing its path.
                keys.browser.switch_to.active_element.send_keys(str(upload_path))
                done_groups.add(name)
            elif kind in ("text", "email", "date", "textarea", "tel", "") and answer is not None and not focused["value"]:
                focused = keys.press(str(answer))
                done_groups.add(name)
        focused = keys.press(Keys.TAB)
    raise AssertionError(f"no 下一步 reached on {keys.browser.current_url}: {trail}")


def into_main(keys):
    """TAB once: on the skip link, ENTER it (focus moves to <main>) and answer
    None; after a redirect that kept #main in the address, the first TAB is
    already inside <main>: answer what it focused."""
    from selenium.webdriver.common.keys import Keys

    focused = keys.press(Keys.TAB)
    if focused["text"] == "跳到正文":
        keys.press(Keys.ENTER)
        return None
    return focused


def answers_for(definition):
    """name → what to give: the definition's sample, as the keys that give it
    (an option's position for radios and selects)."""
    answers = {}
    for step in definition["steps"]:
        for field in step["fields"]:
            sample, name = field.get("sample"), f"{step['key']}-{field['key']}"
            if field["type"] == "radio":
                answers[name] = field["choices"].index(sample)
            elif field["type"] == "select":
                answers[name] = field["choices"].index(sample) + 1  # after 请选择
            elif field["type"] == "file":
                answers[name] = field.get("required", False)
            elif field["type"] == "date":
                answers[name] = None  # 申请日期 defaults to today
            elif sample is not None:
                answers[name] = sample
    return answers


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_a_demo_form_filled_with_the_keyboard_only(browser, live_server, demo_form, tmp_path, text_size):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    definition, page = demo_form
    upload = tmp_path / "身份证.png"
    upload.write_bytes(PNG)
    if text_size == "large":
        browser.get(live_server.url + "/")
        browser.add_cookie({"name": "textsize", "value": "large"})
    keys = Keyboard(browser)
    answers = answers_for(definition)
    found = {}

    browser.get(live_server.url + page.url)
    assert keys.press(Keys.TAB)["text"] == "跳到正文"
    keys.press(Keys.ENTER)  # focus in <main>
    for _ in range(40):  # TAB to 开始填写 and press ENTER
        if keys.press(Keys.TAB)["text"] == "开始填写":
            break
    keys.submit()

    step_keys = [step["key"] for step in definition["steps"]]
    while True:
        step = browser.current_url.split("#")[0].rstrip("/").rsplit("/", 1)[-1]
        if step == "review":
            break
        assert step in step_keys, browser.current_url
        if step == "confirm" and "step with errors" in found:
            # TAB to the error summary's link (the summary took focus when the page
            # loaded; the axe audit may have moved it): ENTER moves focus to the field.
            for _ in range(30):
                if "请阅读并勾选同意" in keys.press(Keys.TAB)["text"]:
                    break
            focused = keys.press(Keys.ENTER)
            assert focused["name"] == "confirm-pledge", focused
            fill_step(keys, answers, upload, focused=focused)
            continue
        focused = into_main(keys)
        if step == "confirm":
            # The file chosen, the pledge not ticked: the step comes back with its error
            # and the kept file (with its 删除 button).
            fill_step(keys, answers, upload, stop_before="confirm-pledge", focused=focused)
            assert browser.find_elements(By.ID, "error-summary")
            assert "身份证.png" in browser.find_element(By.CSS_SELECTOR, ".kept-files").text
            found["step with errors"] = axe_violations(browser)
            answers["confirm-id_doc"] = False  # kept: not chosen again
            continue
        fill_step(keys, answers, upload, focused=focused)

    main = browser.find_element(By.TAG_NAME, "main").text
    assert "核对信息" in main and "周桂兰" in main and "身份证.png" in main
    found["review"] = axe_violations(browser)
    fill_step(keys, answers, upload, focused=into_main(keys))  # TAB past the 修改 links to 确认提交
    assert "申请已提交" in browser.find_element(By.TAG_NAME, "main").text
    found["confirmation"] = axe_violations(browser)

    submission = Submission.objects.get()
    assert submission.answers["name"] == "周桂兰" and submission.answers["gender"] == "女"
    assert submission.answers["hukou_type"] == "农业户口" and submission.answers["level"] == "500元"
    assert submission.answers["bank_name"] == "农村商业银行" and submission.answers["pledge"] is True
    assert submission.answers["apply_date"] == timezone.localdate().isoformat()  # 默认今天, untouched
    assert [f["file"] for f in submission.answers["id_doc"]] == ["身份证.png"]
    assert keys.unseen == [], keys.unseen
    assert not any(found.values()), found
