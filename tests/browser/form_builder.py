"""The form-builder journey in the Wagtail editor, as window staff: each click,
typed text and choice counts as one action (`Actions`), so the test can
report and bound how much work building a form takes."""

import time

ADD_TYPE = "//div[contains(@class,'w-combobox__option')][normalize-space()='{}']"


class Actions:
    """A selenium driver wrapper that counts what a person would do."""

    def __init__(self, browser):
        self.browser = browser
        self.count = 0
        self.saves = 0

    def js(self, script, *args):
        return self.browser.execute_script(script, *args)

    def click(self, element):
        from selenium.common.exceptions import ElementClickInterceptedException

        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        try:
            element.click()
        except ElementClickInterceptedException:  # under the sticky footer: a person would scroll a bit
            self.browser.execute_script("arguments[0].click()", element)
        self.count += 1

    def type(self, element, text):
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.clear()
        element.send_keys(text)
        self.count += 1

    def choose(self, select, text):
        from selenium.webdriver.support.ui import Select

        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", select)
        Select(select).select_by_visible_text(text)
        self.count += 1

    def by_name(self, name):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.browser, 30).until(lambda b: b.find_element(By.NAME, name))

    def wait_for(self, css, within=None, visible=True):
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        root = within or self.browser

        def found(_):
            elements = [e for e in root.find_elements(By.CSS_SELECTOR, css) if e.is_displayed() or not visible]
            return elements[-1] if elements else False

        return WebDriverWait(self.browser, 15, ignored_exceptions=[StaleElementReferenceException]).until(found)

    def wait_xpath(self, xpath):
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        def found(browser):
            elements = [e for e in browser.find_elements(By.XPATH, xpath) if e.is_displayed()]
            return elements[0] if elements else False

        return WebDriverWait(self.browser, 15, ignored_exceptions=[StaleElementReferenceException]).until(found)

    def choose_guide(self, window, guide):
        """The page chooser: open it, go into the window's page, pick the guide."""
        from selenium.webdriver.common.by import By

        self.click(self.browser.find_element(By.CSS_SELECTOR, "[data-chooser-action-choose]"))
        guide_link = f"//div[contains(@class,'modal')]//a[normalize-space()='{guide}']"
        window_link = f"//div[contains(@class,'modal')]//a[contains(@class,'navigate-pages')][contains(@title,'{window}')]"
        found = self.wait_xpath(f"{guide_link} | {window_link}")
        if "navigate-pages" in (found.get_attribute("class") or ""):  # the chooser opened above the window's page
            self.click(found)
            found = self.wait_xpath(guide_link)
        self.click(found)
        self.wait_xpath(f"//*[contains(@class,'chooser')]//*[normalize-space()='{guide}']")

    # --- the StreamField of steps and fields ---------------------------------

    def add_step(self, title):
        """Append a step (the last top-level 'insert a block' button) and type its title; its index."""
        index = self.js("return document.querySelectorAll('input[name$=\"-type\"][name^=\"steps-\"][value=\"step\"]').length")
        button = self.js(
            """const buttons = [...document.querySelectorAll('button.c-sf-add-button')].filter(
                 (b) => !b.closest('[data-contentpath="fields"], [data-contentpath="conditions"], [data-contentpath="choices"]'));
               return buttons[buttons.length - 1];"""
        )
        self.click(button)
        self.type(self.by_name(f"steps-{index}-value-title"), title)
        return index

    def add_field(self, step, kind, label, choices=(), role=None):
        """Append a field of type `kind` (its Chinese name) to a step; type its label and
        options, and choose its 个人信息类别 (`role`, by its Chinese name)."""
        return self.add_block(f"steps-{step}-value-fields", kind, label, choices, role)

    def add_subfield(self, step, field, kind, label, role=None):
        """Append a sub-field to the repeating group that is field `field` of step `step`."""
        return self.add_block(f"steps-{step}-value-fields-{field}-value-fields", kind, label, (), role)

    def add_block(self, stream, kind, label, choices=(), role=None):
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By

        count = int(self.by_name(f"{stream}-count").get_attribute("value"))
        button = self.js(
            """const container = document.querySelector(`[name="${arguments[0]}-count"]`).parentNode;
               const buttons = [...container.querySelectorAll('button.c-sf-add-button')].filter(
                 (b) => b.closest('[data-contentpath="fields"]') === container.closest('[data-contentpath="fields"]'));
               return buttons[buttons.length - 1];""",
            stream,
        )
        self.click(button)
        try:
            self.wait_for(".w-combobox__option")
        except TimeoutException:  # a click before the editor's scripts bound it (a busy machine): once more
            self.browser.execute_script("arguments[0].click()", button)
            self.wait_for(".w-combobox__option")
        option = [o for o in self.browser.find_elements(By.XPATH, ADD_TYPE.format(kind)) if o.is_displayed()][0]
        self.click(option)
        prefix = f"{stream}-{count}-value"
        self.type(self.by_name(f"{prefix}-label"), label)
        if role:
            self.choose(self.by_name(f"{prefix}-role"), role)
        for number, choice in enumerate(choices):
            name = f"{prefix}-choices-{number}-value"
            if not self.browser.find_elements(By.NAME, name):
                container = self.by_name(f"{prefix}-choices-count").find_element(By.XPATH, "..")
                self.click(container.find_elements(By.CSS_SELECTOR, "[data-streamfield-list-add]")[-1])  # append
            self.type(self.by_name(name), choice)
        return count

    def condition(self, prefix, field_label, value):
        """On the show_if at `prefix` (e.g. steps-2-value-show_if): open it, add a test,
        choose the field by label and the value from its options."""
        from selenium.webdriver.common.by import By

        block = self.by_name(f"{prefix}-match").find_element(By.XPATH, "ancestor::*[@data-controller='show-if'][1]")
        toggle = self.js(
            "return arguments[0].closest('section').querySelector('.w-panel__toggle')", block
        )
        if toggle.get_attribute("aria-expanded") != "true":
            self.click(toggle)
        self.click(block.find_element(By.CSS_SELECTOR, "[data-streamfield-list-add]"))
        field_select = self.wait_for("select.show-if-field", within=block)
        self.choose(field_select, field_label)
        value_select = self.wait_for("select.show-if-value", within=block)
        self.choose(value_select, value)

    def submit_for_approval(self):
        from selenium.webdriver.common.by import By

        footer = self.browser.find_element(By.CSS_SELECTOR, "footer, .footer")
        toggle = footer.find_element(By.CSS_SELECTOR, ".w-dropdown__toggle, [data-w-dropdown-target='toggle']")
        self.click(toggle)
        button = self.wait_for("button[name='action-submit']")
        self.click(button)
        self.saves += 1
        time.sleep(0.5)
