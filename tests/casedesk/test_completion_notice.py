"""办结公告: generated from the cases of one quarter, names masked, published by managers only."""

from datetime import date, datetime, time

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from casedesk.completion import generate_notice, notice_entries, parse_quarter, previous_quarters
from casedesk.models import CompletionNoticePage
from cases.models import Submission
from cases.states import transition

pytestmark = pytest.mark.django_db
S = Submission.Status


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def complete(case, accepted, completed, result="granted", note=""):
    for to, moment, extra in [
        (S.ACCEPTED, at(accepted, 9), {}),
        (S.PROCESSING, at(accepted, 15), {}),
        (S.COMPLETED, at(completed), {"result": result, "note": note}),
    ]:
        transition(case, to, user=staff_user(case), now=moment, notify=False, **extra)


def staff_user(case):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(groups__windows=case.window)


@pytest.fixture
def quarter_cases(desk):
    inside = desk.case()
    complete(inside, date(2026, 7, 1), date(2026, 7, 20))
    refused = desk.case("农业综合服务窗口", item="NY-001")
    complete(refused, date(2026, 9, 1), date(2026, 9, 30), result="refused", note="不符合条件")
    after = desk.case()
    complete(after, date(2026, 9, 28), date(2026, 10, 9))
    still_open = desk.case()
    transition(still_open, S.ACCEPTED, user=staff_user(still_open), now=at(date(2026, 8, 3)), notify=False)
    return inside, refused, after


def test_entries_are_the_quarters_completed_cases_with_names_masked(quarter_cases):
    assert notice_entries(2026, 3) == [
        {"item": "最低生活保障申请", "window": "民政窗口", "applicant": "王*英", "accepted": "2026-07-01",
         "completed": "2026-07-20", "result": "准予"},
        {"item": "林木采伐许可证核发", "window": "农业综合服务窗口", "applicant": "李*国", "accepted": "2026-09-01",
         "completed": "2026-09-30", "result": "不予"},
    ]  # fmt: skip
    assert [entry["completed"] for entry in notice_entries(2026, 4)] == ["2026-10-09"]


def test_generated_notice_waits_for_a_manager(desk, quarter_cases):
    page = generate_notice(2026, 3)
    assert page.title == "2026年第三季度办结公告" and not page.live and len(page.entries) == 2
    assert Client().get("/banjie/2026-q3/").status_code == 404
    # Window staff may neither publish it nor edit it; a manager may.
    assert not page.permissions_for_user(desk.users["民政窗口"]).can_publish()
    assert not page.permissions_for_user(desk.users["民政窗口"]).can_edit()
    assert page.permissions_for_user(desk.users["manager"]).can_publish()
    staff = desk.client("民政窗口")
    assert (
        staff.post(f"/admin/pages/{page.pk}/edit/", {"title": "x", "slug": "x", "action-publish": "1"}).status_code
        == 403
    )
    assert not CompletionNoticePage.objects.get(pk=page.pk).live

    page.get_latest_revision().publish()
    html = Client().get("/banjie/2026-q3/").content.decode()
    assert "2026年第三季度共办结 2 件" in html and "王*英" in html and "李*国" in html and "王秀英" not in html
    assert "2026-09-30" in html and "不予" in html
    assert "2026年第三季度办结公告" in Client().get("/banjie/").content.decode()


def test_regenerating_makes_a_new_revision_and_keeps_the_published_list(desk, quarter_cases):
    page = generate_notice(2026, 3)
    page.get_latest_revision().publish()
    late = desk.case()
    complete(late, date(2026, 8, 3), date(2026, 8, 10))
    page = generate_notice(2026, 3)
    assert len(page.entries) == 3
    live = CompletionNoticePage.objects.get(pk=page.pk)
    assert len(live.entries) == 2 and live.has_unpublished_changes
    assert CompletionNoticePage.objects.count() == 1


def test_generate_from_the_admin(desk, quarter_cases):
    manager = desk.client("manager")
    year, quarter = previous_quarters(timezone.localdate(), 1)[0]
    response = manager.post("/admin/casedesk/completion-notice/", {"quarter": f"{year}Q{quarter}"})
    page = CompletionNoticePage.objects.get(year=year, quarter=quarter)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    response = manager.post("/admin/casedesk/completion-notice/", {"quarter": "1999Q1"})
    assert response.status_code == 200 and not CompletionNoticePage.objects.filter(year=1999).exists()


def test_command(quarter_cases, capsys):
    call_command("completion_notice", "2026Q3", "--publish")
    assert "2 件，已发布" in capsys.readouterr().out
    assert CompletionNoticePage.objects.get(year=2026, quarter=3).live
    assert parse_quarter("2026q4") == (2026, 4)
    with pytest.raises(ValueError):
        parse_quarter("2026-3")
