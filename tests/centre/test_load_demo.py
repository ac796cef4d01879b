"""load_demo: the demo centre loads, is complete, renders, and loads again
without change; its cases (casedesk.demo) and its regulation review scenario.

The demo is loaded once for the module (`demo` in conftest.py, rolled back
after it); each test runs in a savepoint on top of it."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from casedesk.models import CompletionNoticePage
from cases.deadlines import with_deadline
from cases.models import Rating, Submission
from core.roles import MANAGER_GROUP
from guides.models import RegulationPage, ReviewFlag, ServiceGuidePage, Window

pytestmark = pytest.mark.django_db

WINDOW_SAMPLES = {
    "民政窗口": ["最低生活保障", "特困人员", "临时救助", "医疗救助", "残疾人证", "高龄津贴"],
    "劳动保障窗口": ["失业登记", "就业创业证", "城乡居民基本养老保险"],
    "卫生健康窗口": ["生育登记", "光荣证", "流动人口婚育证明"],
    "农业综合服务窗口": ["林木采伐许可", "水域滩涂养殖", "农机购置补贴"],
    "国土村镇建设窗口": ["宅基地", "乡村建设规划许可"],
    "医疗保障窗口": ["参保登记", "异地就医", "门诊慢特病"],
    "户籍窗口": ["出生登记", "居民身份证"],
    "综合窗口": ["法律援助", "人民调解", "信访"],
}


def test_load_demo(client, capsys, demo):
    out = demo  # what the first run printed
    assert "manager" in out and "minzheng-demo" in out

    guides = list(ServiceGuidePage.objects.live().select_related("window"))
    assert len(guides) >= 40
    for window, samples in WINDOW_SAMPLES.items():
        titles = " ".join(g.title for g in guides if g.window.name == window)
        for sample in samples:
            assert sample in titles, (window, sample)
    assert Window.objects.count() == 8
    assert RegulationPage.objects.live().count() >= 10
    assert all(g.materials.exists() and g.steps.exists() and g.legal_bases.exists() for g in guides)

    # Every guide's basis that names a shipped regulation links to it.
    linked = sum(1 for g in guides for b in g.legal_bases.all() if RegulationPage.for_bases([b])[b.key])
    assert linked >= len(guides)

    # Staff accounts: one per window plus a manager.
    User = get_user_model()
    assert User.objects.filter(groups__name__endswith="窗口工作人员").count() == 8
    assert User.objects.get(username="manager").groups.filter(name="中心管理员").exists()

    for guide in guides:
        assert client.get(guide.url).status_code == 200, guide.code
    for regulation in RegulationPage.objects.live():
        response = client.get(regulation.url)
        assert response.status_code == 200
        assert response.context["citing_guides"].exists(), regulation.title
    for url in ["/", "/banshi/", "/fagui/"]:
        assert client.get(url).status_code == 200
    window_pages = client.get("/").context["window_pages"]
    assert sum(page.guide_count for page in window_pages) == len(guides)
    assert max(page.guide_count for page in window_pages) > 1

    # Idempotent: a second run changes nothing.
    revisions = {g.pk: g.latest_revision_id for g in guides}
    call_command("load_demo")
    assert "新增 0 项，更新 0 项" in capsys.readouterr().out
    assert {g.pk: g.latest_revision_id for g in ServiceGuidePage.objects.live()} == revisions
    drafts = RegulationPage.objects.filter(live=False)
    assert [page.title for page in drafts] == ["社会救助暂行办法（演示用修订稿）"]  # waiting for approval


def test_demo_cases(client, demo):
    cases = with_deadline(Submission.objects.all())
    assert cases.count() == 40
    assert set(cases.values_list("status", flat=True)) == set(Submission.Status.values)
    deadlines = Counter(cases.values_list("deadline", flat=True))
    assert (
        deadlines["overdue"] >= 3 and deadlines["due_soon"] >= 1 and deadlines["paused"] >= 1 and deadlines["late"] >= 1
    )
    assert cases.values("window").distinct().count() >= 5
    assert set(cases.values_list("proxy_role", flat=True)) == {"", "窗口工作人员", "村代办员"}
    assert Rating.objects.count() >= 5
    assert CompletionNoticePage.objects.filter(live=True).exists()
    # Every demo case opens for the manager.
    client.login(username="manager", password="manager-demo")
    for case in cases:
        assert client.get(f"/admin/casedesk/cases/inspect/{case.pk}/").status_code == 200, case.reference

    call_command("load_demo", stdout=StringIO())
    assert Submission.objects.count() == 40


def test_demo_review_scenario(client, demo):
    pending = RegulationPage.objects.get(title__endswith="（演示用修订稿）")
    assert not pending.live and pending.replaces.title == "社会救助暂行办法"
    assert pending.current_workflow_state.status == "in_progress"
    assert pending.replaces.citing_guides().count() >= 3
    assert ReviewFlag.objects.count() == 0  # nothing flagged until a manager approves
    manager = Client()
    manager.force_login(get_user_model().objects.get(username="manager"))
    edit = manager.get(f"/admin/pages/{pending.pk}/edit/").content.decode()
    assert "引用本法规或被它修订的《社会救助暂行办法》的办事指南" in edit
    assert Group.objects.get(name=MANAGER_GROUP).user_set.filter(username="manager").exists()


def test_make_run_keeps_an_existing_demo_and_the_menu_comes_from_the_page_tree(client, capsys, demo):
    # make run's --if-empty: an existing demo is not loaded again (passwords stay as changed).
    manager = get_user_model().objects.get(username="manager")
    manager.set_password("changed-by-the-tester")
    manager.save()
    try:
        capsys.readouterr()
        call_command("load_demo", "--if-empty")
        assert "未重新加载" in capsys.readouterr().out
        manager.refresh_from_db()
        assert manager.check_password("changed-by-the-tester")
    finally:
        manager.set_password("manager-demo")
        manager.save()

    # The header menu: the index pages marked for menus, in tree order.
    nav = client.get("/").content.decode()
    for title in ["办事指南", "法规政策", "在线申报", "通知公告", "村级代办点"]:
        assert f">{title}</a>" in nav, title
