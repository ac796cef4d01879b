"""Regulation updates keep guides true: flags, workflow, schedule, notices, change notes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import Workflow

from guides.importing import import_items
from guides.models import GuideChange, RegulationPage, ReviewFlag, ServiceGuidePage, WindowIndexPage
from guides.permissions import (
    MODERATION_WORKFLOW,
    setup_manager_group,
    setup_moderation,
    setup_window_group,
)
from guides.review import confirm_unchanged
from guides.site_setup import ensure_structure
from tests.support import FULL_ITEM, raw

pytestmark = pytest.mark.django_db


def regulation(title, doc_number="", **fields):
    parent = ensure_structure().regulation_index
    page = parent.add_child(
        instance=RegulationPage(title=title, slug=f"reg-{RegulationPage.objects.count() + 1}", doc_number=doc_number, **fields)
    )
    page.save_revision().publish()
    return page


@pytest.fixture(scope="module")
def cited_data(django_db_setup, django_db_blocker):
    """Two guides citing 社会救助暂行办法, one citing another law, one citing both,
    imported once for the module (rolled back after it); the regulations' keys."""
    social = {"title": "《社会救助暂行办法》", "article": "第十一条", "doc_number": "国务院令第649号"}
    forest = {"title": "《中华人民共和国森林法》", "article": "第五十六条"}
    with django_db_blocker.unblock(), transaction.atomic():
        import_items(raw(
            dict(FULL_ITEM, code="MZ-001", basis=[social]),
            dict(FULL_ITEM, code="MZ-002", name="临时救助申请", basis=[social]),
            dict(FULL_ITEM, code="NY-001", name="林木采伐许可证核发", window="农业综合服务窗口", basis=[forest]),
            dict(FULL_ITEM, code="MZ-003", name="医疗救助申请", basis=[forest, social]),
        ))  # fmt: skip
        yield {
            "social": regulation("社会救助暂行办法", "国务院令第649号").pk,
            "forest": regulation("中华人民共和国森林法").pk,
        }
        transaction.set_rollback(True)


@pytest.fixture
def cited(cited_data, db):
    """The regulations the guides of `cited_data` cite, fresh for each test."""
    return {key: RegulationPage.objects.get(pk=pk) for key, pk in cited_data.items()}


def flagged_codes():
    return sorted(ReviewFlag.objects.open().values_list("guide__code", flat=True))


def republish(page, **changes):
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_unrelated_publish_flags_nothing(cited):
    republish(cited["social"], summary="只改了简介")
    assert flagged_codes() == []


def test_revised_flags_exactly_citing_guides(cited):
    republish(cited["social"], status=RegulationPage.Status.REVISED)
    assert flagged_codes() == ["MZ-001", "MZ-002", "MZ-003"]
    assert ReviewFlag.objects.first().reason == "《社会救助暂行办法》已修订"


def test_repealed_flags_exactly_citing_guides(cited):
    republish(cited["forest"], status=RegulationPage.Status.REPEALED)
    assert flagged_codes() == ["MZ-003", "NY-001"]
    assert "已废止" in ReviewFlag.objects.first().reason


def test_superseding_regulation_marks_old_revised_and_flags(cited):
    new = regulation("社会救助暂行办法（2026年修订）", replaces=cited["social"])
    old = RegulationPage.objects.get(pk=cited["social"].pk)
    assert old.status == RegulationPage.Status.REVISED and old.live
    assert flagged_codes() == ["MZ-001", "MZ-002", "MZ-003"]
    flag = ReviewFlag.objects.get(guide__code="MZ-001")
    assert flag.new_regulation == new and "已被《社会救助暂行办法（2026年修订）》修订" in flag.reason
    # Publishing again does not pile up flags.
    republish(old, summary="again")
    assert ReviewFlag.objects.count() == 3


def test_scheduled_update_flags_on_its_effective_date(cited):
    from unittest import mock

    parent = ensure_structure().regulation_index
    effective = timezone.now() + datetime.timedelta(days=30)
    new = parent.add_child(
        instance=RegulationPage(title="社会救助法", slug="shjzf", replaces=cited["social"], live=False, go_live_at=effective)
    )
    new.save_revision().publish()  # approved, waiting for its date
    assert not RegulationPage.objects.get(pk=new.pk).live
    call_command("publish_scheduled")
    assert flagged_codes() == []  # not yet
    with mock.patch("django.utils.timezone.now", return_value=effective + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert RegulationPage.objects.get(pk=new.pk).live
    assert RegulationPage.objects.get(pk=cited["social"].pk).status == RegulationPage.Status.REVISED
    assert flagged_codes() == ["MZ-001", "MZ-002", "MZ-003"]


def test_resident_sees_notice_until_guide_is_reviewed(client, cited):
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    assert "正在复核" not in client.get(guide.url).content.decode()
    new = regulation("社会救助暂行办法（2026年修订）", replaces=cited["social"])
    html = client.get(guide.url).content.decode()
    assert "依据已更新，本指南正在复核" in html and f'href="{new.url}"' in html
    republish(guide, change_note="按新办法更新申请条件")
    html = client.get(guide.url).content.decode()
    assert "正在复核" not in html and "按新办法更新申请条件" in html
    flag = ReviewFlag.objects.get(guide=guide)
    assert flag.resolved_at is not None and flag.resolution_note == "按新办法更新申请条件"
    assert ReviewFlag.objects.open().count() == 2  # the other guides are still flagged


def test_confirm_unchanged_clears_flag_with_note(cited):
    republish(cited["social"], status=RegulationPage.Status.REVISED)
    guide = ServiceGuidePage.objects.get(code="MZ-002")
    user = get_user_model().objects.create_user("reviewer")
    assert confirm_unchanged(guide, user=user, note="已核对，内容不变") == 1
    assert not guide.review_flags.open().exists()
    assert guide.changes.first().note == "依据更新复核：已核对，内容不变"


@pytest.fixture
def people(cited):
    structure = ensure_structure()
    manager_group = setup_manager_group(structure.home)
    users = {"manager": get_user_model().objects.create_user("manager", password="pw")}
    users["manager"].groups.add(manager_group)
    for page in WindowIndexPage.objects.select_related("window"):
        user = get_user_model().objects.create_user(page.window.slug, password="pw", email=f"{page.window.slug}@example.com")
        user.groups.add(setup_window_group(page))
        users[page.window.name] = user
    setup_moderation(structure.home, manager_group, [structure.regulation_index])
    return users


def test_window_staff_are_told_and_see_their_flags(people, cited, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        republish(cited["forest"], status=RegulationPage.Status.REPEALED)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([people["民政窗口"].email, people["农业综合服务窗口"].email])
    staff = Client()
    staff.force_login(people["农业综合服务窗口"])
    listing = staff.get("/admin/reviews/").content.decode()
    assert "林木采伐许可证核发" in listing and "医疗救助申请" not in listing  # only their window
    dashboard = staff.get("/admin/").content.decode()
    assert "办事指南待复核" in dashboard and "林木采伐许可证核发" in dashboard
    manager = Client()
    manager.force_login(people["manager"])
    listing = manager.get("/admin/reviews/").content.decode()
    assert "林木采伐许可证核发" in listing and "医疗救助申请" in listing
    window_id = ServiceGuidePage.objects.get(code="NY-001").window_id
    filtered = manager.get(f"/admin/reviews/?window={window_id}").content.decode()
    assert "林木采伐许可证核发" in filtered and "医疗救助申请" not in filtered
    edit = staff.get(f"/admin/pages/{ServiceGuidePage.objects.get(code='NY-001').pk}/edit/").content.decode()
    assert "本指南待复核" in edit


def test_staff_cannot_confirm_another_windows_guide(people, cited):
    republish(cited["social"], status=RegulationPage.Status.REVISED)
    staff = Client()
    staff.force_login(people["农业综合服务窗口"])
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    response = staff.post(f"/admin/reviews/{guide.pk}/confirm/", {"note": "不是我的"})
    assert response.status_code == 403
    assert guide.review_flags.open().exists()


def test_staff_cannot_publish_a_regulation(people, cited):
    staff = Client()
    staff.force_login(people["民政窗口"])
    index = ensure_structure().regulation_index
    assert staff.get(f"/admin/pages/add/guides/regulationpage/{index.pk}/").status_code == 200  # may draft
    response = staff.post(
        f"/admin/pages/add/guides/regulationpage/{index.pk}/",
        {"title": "某某办法", "slug": "moumou", "doc_number": "", "issuer": "", "status": "in_force", "summary": "",
         "body-count": "0", "action-publish": "publish"},
    )  # fmt: skip
    assert response.status_code in (200, 302)
    page = RegulationPage.objects.filter(slug="moumou").first()
    assert page is None or not page.live
    assert not cited["social"].permissions_for_user(people["民政窗口"]).can_publish()
    assert cited["social"].permissions_for_user(people["manager"]).can_publish()


def test_workflow_approval_by_manager_publishes_and_flags(people, cited):
    structure = ensure_structure()
    draft = structure.regulation_index.add_child(
        instance=RegulationPage(title="社会救助暂行办法（修订稿）", slug="draft-rev", replaces=cited["social"], live=False)
    )
    draft.save_revision(user=people["民政窗口"])
    workflow = Workflow.objects.get(name=MODERATION_WORKFLOW)
    state = workflow.start(draft, people["民政窗口"])
    assert flagged_codes() == []
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, people["manager"], "approve")
    assert RegulationPage.objects.get(pk=draft.pk).live
    assert flagged_codes() == ["MZ-001", "MZ-002", "MZ-003"]


def test_republishing_a_guide_needs_a_change_note(people, cited, client):
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    manager = Client()
    manager.force_login(people["manager"])
    form = manager.get(f"/admin/pages/{guide.pk}/edit/").context["form"]
    assert "change_note" in form.fields
    from guides.admin_forms import GuideAdminForm  # noqa: F401  (the page's base form)

    FormClass = type(form)
    data = {"action-publish": "1", "change_note": guide.change_note}
    bound = FormClass(data=data, instance=guide, for_user=people["manager"], parent_page=guide.get_parent())
    bound.is_valid()
    assert "change_note" in bound.errors
    bound = FormClass(data={**data, "action-publish": ""}, instance=guide, for_user=people["manager"], parent_page=guide.get_parent())
    bound.data = {k: v for k, v in bound.data.items() if k != "action-publish"}
    bound.is_valid()
    assert "change_note" not in bound.errors  # saving a draft needs no note


def test_change_log_and_next_review(client, cited):
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    assert guide.next_review_on == timezone.localdate() + datetime.timedelta(days=365)
    republish(guide, change_note="更新了咨询电话")
    html = client.get("/banshi/changes/").content.decode()
    assert "更新了咨询电话" in html and "最低生活保障申请" in html
    assert GuideChange.objects.filter(guide=guide).count() == 2  # 按事项清单导入 + this one


def test_overdue_reviews_for_managers_only(people, cited):
    ServiceGuidePage.objects.filter(code="NY-001").update(next_review_on=timezone.localdate() - datetime.timedelta(days=1))
    manager = Client()
    manager.force_login(people["manager"])
    html = manager.get("/admin/reviews/overdue/").content.decode()
    assert "林木采伐许可证核发" in html and "最低生活保障申请" not in html
    staff = Client()
    staff.force_login(people["民政窗口"])
    assert staff.get("/admin/reviews/overdue/").status_code == 403


def test_manager_can_compare_revisions(people, cited):
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    first = guide.latest_revision
    republish(guide, change_note="改了概述", summary="新的概述")
    second = ServiceGuidePage.objects.get(pk=guide.pk).latest_revision
    manager = Client()
    manager.force_login(people["manager"])
    response = manager.get(f"/admin/pages/{guide.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert response.status_code == 200 and "新的概述" in response.content.decode()
