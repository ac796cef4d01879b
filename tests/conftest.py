"""Fixtures shared by the app test packages (tests/<app>/): guides through the
real importer, the case desk built with factories, moves through the real
state machine, and a headless browser.

Each app's own fixtures are in its tests/<app>/conftest.py; plain data and
test doubles are in tests/support.py, factories in tests/factories.py."""

import copy
import shutil
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import transaction
from django.test import Client

from cases.models import Submission
from cases.states import transition
from cases.submissions import create_submission
from forms.models import ApplicationFormPage
from guides.importing import import_items
from tests import factories
from tests.support import ANSWERS, DEFINITION, FULL_ITEM, NY_ANSWERS, definition, raw

S = Submission.Status



@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """Each test starts with an empty local-memory cache, so rate limits and
    cached guide content of one test never leak into the next."""
    for cache in caches.all(initialized_only=True):
        if cache.__class__.__name__ == "LocMemCache":
            cache.clear()


@pytest.fixture
def full_item():
    """A guide in the import format, every field filled (a fresh copy)."""
    return copy.deepcopy(FULL_ITEM)


@pytest.fixture
def import_guides(db):
    """Import items (dicts in the import format) through the real importer."""

    def _import(*items):
        return import_items(raw(*items))

    return _import


@pytest.fixture
def guide(import_guides, full_item):
    """MZ-001 as the importer publishes it (revision, search index, change log)."""
    from guides.models import ServiceGuidePage

    import_guides(full_item)
    return ServiceGuidePage.objects.get(code="MZ-001")


# --- The case desk ------------------------------------------------------------------

# The states a case can be in, as SubmissionFactory traits (补正 before or after 受理).
STATES = {
    "pending": {"pending": True},
    "accepted": {"accepted": True},
    "rejected": {"rejected": True},
    "correction_before": {"correction": True},
    "correction_after": {"correction": True, "after_acceptance": True},
    "processing": {"processing": True},
    "reported": {"reported": True},
    "completed": {"completed": True},
}


@dataclass
class Desk:
    """The people and forms of the case tests.

    `case()` makes a new 待受理 case through the real intake; `case(state=…)`
    makes one in that state with SubmissionFactory (see STATES)."""

    pages: dict
    users: dict
    clients: dict = field(default_factory=dict)

    def case(self, window="民政窗口", answers=None, item="MZ-001", state=None, **factory_kwargs):
        page = self.pages[item]
        answers = dict(answers or (NY_ANSWERS if window == "农业综合服务窗口" else ANSWERS))
        if state is None:
            return create_submission(page=page, definition=page.definition, answers=answers, uploads={})
        actor = self.users[page.guide.window.name]
        return factories.SubmissionFactory(page=page, answers=answers, actor=actor, **STATES[state], **factory_kwargs)

    def client(self, name):
        if name not in self.clients:
            client = Client()
            if name != "anonymous":
                client.force_login(self.users[name])
            self.clients[name] = client
        return self.clients[name]

    def staff_of(self, case):
        return self.users[case.window.name]


@pytest.fixture(scope="module")
def desk_data(django_db_setup, django_db_blocker):
    """The windows, guides, forms and people of `desk`, built once per test
    module in a transaction that is rolled back after the module (each test
    runs in a savepoint inside it). Yields the primary keys."""
    with django_db_blocker.unblock(), transaction.atomic():
        mz = factories.WindowPageFactory(window__name="民政窗口", window__slug="min-zheng-chuang-kou", window__sort_order=1)
        ny = factories.WindowPageFactory(
            window__name="农业综合服务窗口", window__slug="nong-ye-zong-he-fu-wu-chuang-kou", window__sort_order=2
        )
        factories.GuidePageFactory(parent=mz, full_item=True)  # MZ-001
        factories.GuidePageFactory(parent=ny, code="NY-001", title="林木采伐许可证核发", legal_days=20, promised_days=7)
        factories.GuidePageFactory(
            parent=mz, code="MZ-002", title="特困人员供养申请", handling_type="上报件", legal_days=20, promised_days=10
        )
        forms = [
            factories.ApplicationFormPageFactory(definition=DEFINITION),
            factories.ApplicationFormPageFactory(
                definition=definition(slug="ny-application", title="林木采伐申请表", guide="NY-001")
            ),
            factories.ApplicationFormPageFactory(
                definition=definition(slug="tekun-application", title="特困人员供养申请表", guide="MZ-002")
            ),
        ]
        users = {
            "民政窗口": factories.WindowStaffFactory(window_page=mz),
            "农业综合服务窗口": factories.WindowStaffFactory(window_page=ny),
            "manager": factories.ManagerFactory(),
            # In the admin (it may open the dashboard of Wagtail) but in no window's group.
            "no_window": factories.AdminOnlyUserFactory(),
            "agent": factories.AgentFactory(),
        }
        yield {
            "pages": {form.guide.code: form.pk for form in forms},
            "users": {name: user.pk for name, user in users.items()},
        }
        transaction.set_rollback(True)


@pytest.fixture
def desk(desk_data, db):
    """Two windows (民政, 农业) with their staff; three guides (MZ-001 and NY-001
    are 承诺件, MZ-002 a 上报件) with a form each; a manager who may see personal
    data, a staff user of no window, and a village agent. Fresh objects for
    each test, read from the module's `desk_data`."""
    users = get_user_model().objects.in_bulk(desk_data["users"].values())
    pages = ApplicationFormPage.objects.in_bulk(desk_data["pages"].values())
    return Desk(
        pages={code: pages[pk] for code, pk in desk_data["pages"].items()},
        users={name: users[pk] for name, pk in desk_data["users"].items()},
    )


@pytest.fixture
def move():
    """move(case, *targets, user=None, **inputs): legal moves in turn through
    `transition()`, each given the input it needs; returns the case."""
    needs = {
        S.REJECTED: {"reason": "不符合条件"},
        S.CORRECTION: {"missing": ["户口簿"]},
        S.COMPLETED: {"result": Submission.Result.GRANTED},
    }

    def _move(case, *targets, user=None, **inputs):
        for to in targets:
            actor = user or get_user_model().objects.filter(groups__windows=case.window).first()
            transition(case, to, user=actor, notify=False, **{**needs.get(to, {}), **inputs})
        return case

    return _move


# --- A real browser -----------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium at phone width (skips the test when Chromium is missing)."""
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
