"""Shared fixtures of the case desk tests: two windows with a form each, their
staff, a manager, a staff user of no window, a village agent, and cases.

Import the fixtures a module uses: `from tests.casedesk_data import desk  # noqa: F401`."""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from forms.importing import import_definition
from cases.models import Submission
from forms.models import ApplicationFormPage
from cases.states import transition
from cases.submissions import create_submission
from guides.models import WindowIndexPage
from guides.permissions import setup_manager_group, setup_window_group
from guides.site_setup import ensure_structure
from tests.forms_data import APPLICANT_ID, definition, make_id

S = Submission.Status

ANSWERS = {
    "name": "王秀英",
    "id_number": APPLICANT_ID,
    "phone": "13800138000",
    "email": "wang@example.com",
    "hukou": "非农业户口",
    "mode": "本人申请",
    "members": 3,
    "pledge": True,
}
NY_ANSWERS = {**ANSWERS, "name": "李建国", "id_number": make_id("420111", "19700101", "011"), "phone": "13900139011",
              "email": ""}  # fmt: skip
# A 上报件 of the 民政 window, for the 已上报 moves.
REPORTED_ITEM = {"code": "MZ-002", "name": "特困人员供养申请", "window": "民政窗口", "handling_type": "上报件",
                 "promised_days": 10, "legal_days": 20}  # fmt: skip


class RecordingSMSBackend:
    """settings.SMS_BACKEND for tests: keeps what would have been sent."""

    sent = []

    def send(self, phone, message):
        self.sent.append((phone, message))


@dataclass
class Desk:
    """The people and forms of the tests; `case()` makes a new 待受理 case."""

    pages: dict
    users: dict
    clients: dict = field(default_factory=dict)

    def case(self, window="民政窗口", answers=None, item="MZ-001"):
        page = self.pages[item]
        base = NY_ANSWERS if window == "农业综合服务窗口" else ANSWERS
        return create_submission(page=page, definition=page.definition, answers=dict(answers or base), uploads={})

    def client(self, name):
        if name not in self.clients:
            client = Client()
            if name != "anonymous":
                client.force_login(self.users[name])
            self.clients[name] = client
        return self.clients[name]

    def staff_of(self, case):
        return self.users[case.window.name]


def make_user(username, *groups, is_staff=True):
    user = get_user_model().objects.create_user(
        username, password="pw", is_staff=is_staff, first_name=f"{username}经办人"
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def desk(import_guides, full_item):
    import_guides(full_item, {"code": "NY-001", "name": "林木采伐许可证核发", "window": "农业综合服务窗口",
                              "handling_type": "承诺件", "promised_days": 7, "legal_days": 20}, REPORTED_ITEM)  # fmt: skip
    import_definition(definition())
    import_definition(definition(slug="ny-application", title="林木采伐申请表", guide="NY-001"))
    import_definition(definition(slug="tekun-application", title="特困人员供养申请表", guide="MZ-002"))
    pages = {page.guide_code: page for page in ApplicationFormPage.objects.all()}
    users = {}
    for window_page in WindowIndexPage.objects.select_related("window"):
        users[window_page.window.name] = make_user(window_page.window.slug, setup_window_group(window_page))
    managers = setup_manager_group(ensure_structure().home)
    managers.permissions.add(Permission.objects.get(codename="view_personal_data"))
    users["manager"] = make_user("manager", managers)
    # In the admin (it may open the dashboard of Wagtail) but in no window's group.
    nobody = Group.objects.create(name="其他后台用户")
    nobody.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    users["no_window"] = make_user("otherstaff", nobody)
    agents = Group.objects.create(name="村代办员")
    agents.permissions.add(Permission.objects.get(codename="submit_on_behalf"))
    users["agent"] = make_user("daiban", agents, is_staff=False)
    return Desk(pages=pages, users=users)


def move(case, *targets, user=None, **inputs):
    """Make legal moves in turn, giving each the input it needs."""
    needs = {
        S.REJECTED: {"reason": "不符合条件"},
        S.CORRECTION: {"missing": ["户口簿"]},
        S.COMPLETED: {"result": Submission.Result.GRANTED},
    }
    for to in targets:
        transition(case, to, user=user or _window_user(case), notify=False, **{**needs.get(to, {}), **inputs})
    return case


def _window_user(case):

    return get_user_model().objects.filter(groups__windows=case.window).first()


# Moves that bring a new case to each status (the 补正 ones before or after 受理).
PATHS = {
    "pending": [],
    "accepted": [S.ACCEPTED],
    "rejected": [S.REJECTED],
    "correction_before": [S.CORRECTION],
    "correction_after": [S.ACCEPTED, S.CORRECTION],
    "processing": [S.ACCEPTED, S.PROCESSING],
    "reported": [S.ACCEPTED, S.PROCESSING, S.REPORTED],
    "completed": [S.ACCEPTED, S.PROCESSING, S.COMPLETED],
}
