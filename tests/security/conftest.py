"""The people and records of the permission tests, built once per module with
the ORM (not load_demo, which is slow) and rolled back at the module's end.

Two windows (民政 = own, 劳动保障 = other), two townships (东山 = A, 西河 = B),
each with its own records carrying a unique marker string, and one user per role:

| role | user | holds |
|---|---|---|
| own window | minzheng | 民政窗口 staff group (no 查看个人信息) |
| other window | laodong | 劳动保障窗口 staff group |
| township A | dongshan | 东山镇's township group |
| township B | xihe | 西河镇's township group |
| manager | manager | 中心管理员 (setup_manager_group) + 查看个人信息 |
| agent | daiban | 村代办员: no admin access |
| anonymous | — | |
"""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from wagtail.models import Page, Site

from cases.submissions import create_submission
from core.models import Holiday
from core.roles import AGENT_GROUP
from forms.importing import import_definition
from forms.models import ApplicationFormPage
from guides.importing import import_items
from guides.models import (
    GuideFeedback,
    RegulationPage,
    ReviewFlag,
    ServiceGuidePage,
    Theme,
    Window,
    WindowIndexPage,
    WindowStaff,
)
from guides.permissions import setup_manager_group, setup_window_group
from guides.site_setup import ensure_structure
from network.models import AgencyPoint, LocalGuideDetails, TownshipHomePage, Village
from network.permissions import setup_township_group
from search.models import Synonym
from tests.conftest import FULL_ITEM, raw
from tests.support import definition, make_id

ROLES = ["own_window", "other_window", "township_a", "township_b", "manager", "agent", "anonymous"]
USERNAMES = {
    "own_window": "minzheng",
    "other_window": "laodong",
    "township_a": "dongshan",
    "township_b": "xihe",
    "manager": "manager",
    "agent": "daiban",
}

MZ = "民政窗口"
LD = "劳动保障窗口"
ANSWERS = {
    "name": "王秀英",
    "id_number": make_id("420111", "19680315", "042"),
    "phone": "13800138000",
    "email": "",
    "hukou": "非农业户口",
    "mode": "本人申请",
    "members": 3,
    "pledge": True,
}
LD_ANSWERS = {**ANSWERS, "name": "赵丽华", "id_number": make_id("420111", "19750505", "013"), "phone": "13900139013"}


@dataclass
class World:
    users: dict
    objects: dict  # name -> the record owned by "own window" / "township A" (the target)
    others: dict  # name -> the matching record of the other window / township B
    markers: dict  # name -> strings, one of which shows wherever the target is listed
    other_markers: dict
    extra: dict = field(default_factory=dict)

    def client(self, role):
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _user(username, *groups, is_staff=True):
    user = get_user_model().objects.create_user(username, password=f"{username}-pw", is_staff=is_staff)
    user.groups.add(*groups)
    return user


def _township(root, key, name):
    home = root.add_child(instance=TownshipHomePage(title=name, slug=f"{key}-home"))
    return Site.objects.create(hostname=f"{key}.localhost", port=80, root_page=home, site_name=name)


def build_world():
    structure = ensure_structure()
    import_items(raw(
        FULL_ITEM,
        {"code": "LD-001", "name": "失业登记", "window": LD, "handling_type": "即办件", "promised_days": 1, "legal_days": 1},
    ))  # fmt: skip
    mz_guide = ServiceGuidePage.objects.get(code="MZ-001")
    ld_guide = ServiceGuidePage.objects.get(code="LD-001")
    mz, ld = Window.objects.get(name=MZ), Window.objects.get(name=LD)
    groups = {page.window.name: setup_window_group(page) for page in WindowIndexPage.objects.select_related("window")}
    managers = setup_manager_group(structure.home)
    managers.permissions.add(Permission.objects.get(codename="view_personal_data"))

    root = Page.get_first_root_node()
    site_a = _township(root, "dongshan", "东山镇")
    site_b = _township(root, "xihe", "西河镇")
    agents, _ = Group.objects.get_or_create(name=AGENT_GROUP)
    agents.permissions.add(Permission.objects.get(codename="submit_on_behalf"))
    users = {
        "own_window": _user("minzheng", groups[MZ]),
        "other_window": _user("laodong", groups[LD]),
        "township_a": _user("dongshan", setup_township_group(site_a)),
        "township_b": _user("xihe", setup_township_group(site_b)),
        "manager": _user("manager", managers),
        "agent": _user("daiban", agents, is_staff=False),
    }

    objects, others = {}, {}
    objects["windowstaff"] = WindowStaff.objects.create(window=mz, name="民政甲员工", post="低保", staff_number="MZ01")
    others["windowstaff"] = WindowStaff.objects.create(window=ld, name="劳动乙员工", post="就业", staff_number="LD01")
    objects["village"] = Village.objects.create(township=site_a, name="东山一村", slug="dongshan1")
    others["village"] = Village.objects.create(township=site_b, name="西河一村", slug="xihe1")
    objects["agencypoint"] = AgencyPoint.objects.create(
        village=objects["village"], agent_name="东山代办员", phone="13800000001", place="东山一村村委会"
    )
    others["agencypoint"] = AgencyPoint.objects.create(
        village=others["village"], agent_name="西河代办员", phone="13800000002", place="西河一村村委会"
    )
    objects["localguidedetails"] = LocalGuideDetails.objects.create(township=site_a, guide=mz_guide, window="东山镇一号窗口")
    others["localguidedetails"] = LocalGuideDetails.objects.create(township=site_b, guide=mz_guide, window="西河镇三号窗口")
    # Windows nobody's guides use, so that a manager may delete one.
    objects["window"] = Window.objects.create(name="测试窗口甲", slug="ceshi-jia")
    others["window"] = Window.objects.create(name="测试窗口乙", slug="ceshi-yi")
    objects["theme"] = Theme.objects.create(name="测试主题甲", slug="ceshi-jia")
    others["theme"] = Theme.objects.create(name="测试主题乙", slug="ceshi-yi")
    Holiday.objects.all().delete()  # the shipped calendar would push ours off the first page (rolled back)
    objects["holiday"] = Holiday.objects.create(date=date(2020, 1, 6), name="测试节日甲", kind=Holiday.Kind.OFF)
    others["holiday"] = Holiday.objects.create(date=date(2020, 1, 7), name="测试节日乙", kind=Holiday.Kind.OFF)
    objects["synonym"] = Synonym.objects.create(terms="测试同义甲", expansions="甲")
    others["synonym"] = Synonym.objects.create(terms="测试同义乙", expansions="乙")

    import_definition(definition())
    import_definition(definition(slug="ld-application", title="失业登记申请表", guide="LD-001"))
    pages = {page.guide.code: page for page in ApplicationFormPage.objects.filter(guide__isnull=False).select_related("guide")}
    mz_page, ld_page = pages["MZ-001"], pages["LD-001"]
    objects["form"], others["form"] = mz_page, ld_page
    objects["submission"] = create_submission(page=mz_page, definition=mz_page.definition, answers=dict(ANSWERS), uploads={})
    others["submission"] = create_submission(page=ld_page, definition=ld_page.definition, answers=dict(LD_ANSWERS), uploads={})

    regulation = structure.regulation_index.add_child(instance=RegulationPage(title="测试条例", slug="ceshi-tiaoli"))
    objects["reviewflag"] = ReviewFlag.objects.create(guide=mz_guide, regulation=regulation, reason="《测试条例》已修订")
    GuideFeedback.objects.create(guide=mz_guide, helpful=False, comment="民政反馈意见甲")
    GuideFeedback.objects.create(guide=ld_guide, helpful=False, comment="劳动反馈意见乙")
    objects["guide"], others["guide"] = mz_guide, ld_guide
    objects["site"], others["site"] = site_a, site_b

    # What shows a record: its str() (choosers, bulk pages) or a column of its list.
    markers = {name: (str(obj),) for name, obj in objects.items()}
    other_markers = {name: (str(obj),) for name, obj in others.items()}
    markers.update(windowstaff=("民政甲员工",), village=("东山一村",), agencypoint=("东山代办员",),
                   localguidedetails=(str(objects["localguidedetails"]), "东山镇一号窗口"),
                   submission=(objects["submission"].reference,), holiday=("测试节日甲",))  # fmt: skip
    other_markers.update(windowstaff=("劳动乙员工",), village=("西河一村",), agencypoint=("西河代办员",),
                         localguidedetails=(str(others["localguidedetails"]), "西河镇三号窗口"),
                         submission=(others["submission"].reference,), holiday=("测试节日乙",))  # fmt: skip
    return World(users=users, objects=objects, others=others, markers=markers, other_markers=other_markers)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module inside a transaction that is rolled back at its end;
    each test runs in a savepoint of it (pytest-django's `db`)."""
    with django_db_blocker.unblock():
        cache.clear()
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
        cache.clear()


@pytest.fixture
def w(world, db):
    """The world, with each test's changes rolled back."""
    return world
