"""The staff's case list and case page: who sees what, every URL and action
tried as the wrong user, masking, filters, and a list whose query count does
not grow with the cases."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Submission
from tests.support import APPLICANT_ID

pytestmark = pytest.mark.django_db
S = Submission.Status
LIST = "/admin/casedesk/cases/"


def inspect_url(case):
    return f"{LIST}inspect/{case.pk}/"


def case_urls(case):
    """Every staff URL that belongs to one case (GET)."""
    return [
        inspect_url(case),
        reverse("casedesk_document", args=[case.pk, "application"]),
        reverse("casedesk_document", args=[case.pk, "acceptance"]),
    ]


@pytest.fixture
def cases(desk):
    mz = desk.case(state="accepted")
    ny = desk.case("农业综合服务窗口", item="NY-001", state="accepted")
    return mz, ny


def listed_references(response):
    return set(re.findall(r"\d{8}-[A-Z]{2}\d{3}-\d{4}", response.content.decode()))


def test_staff_list_only_their_own_window(desk, cases):
    mz, ny = cases
    assert listed_references(desk.client("民政窗口").get(LIST)) == {mz.reference}
    assert listed_references(desk.client("农业综合服务窗口").get(LIST)) == {ny.reference}
    assert listed_references(desk.client("manager").get(LIST)) == {mz.reference, ny.reference}


def test_staff_cannot_widen_the_list_with_parameters(desk, cases):
    mz, ny = cases
    staff = desk.client("民政窗口")
    queries = [
        f"?window={ny.window_id}",
        "?item=NY-001",
        f"?window__id={ny.window_id}",
        "?window_id__in=1,2,3,4,5,6,7,8",
    ]
    for query in queries:
        assert ny.reference not in staff.get(LIST + query).content.decode()


def test_ad_hoc_lookups_cannot_probe_masked_answers(desk, cases):
    mz, _ = cases
    staff = desk.client("民政窗口")
    # modeladmin applies unknown parameters as lookups; the case list must not.
    queries = [
        "?answers__icontains=9999999",
        f"?answers__id_number__startswith={APPLICANT_ID[:6]}X",
        "?applicant_name=某某",
    ]
    for query in queries:
        response = staff.get(LIST + query)
        assert response.status_code == 200 and mz.reference in response.content.decode()


@pytest.mark.parametrize("who", ["农业综合服务窗口", "no_window"])
def test_other_windows_are_refused_every_case_url(desk, cases, who):
    mz, _ = cases
    client = desk.client(who)
    for url in case_urls(mz):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("casedesk_transition", args=[mz.pk]), {"to": S.PROCESSING})
    assert response.status_code == 403
    mz.refresh_from_db()
    assert mz.status == S.ACCEPTED and mz.events.count() == 2


def test_staff_of_no_window_cannot_open_the_list(desk, cases):
    assert desk.client("no_window").get(LIST).status_code == 403
    assert desk.client("no_window").get(LIST + "?export=csv").status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "agent"])
def test_outsiders_are_sent_to_the_login(desk, cases, who):
    mz, _ = cases
    client = desk.client(who)
    for url in [LIST, LIST + "?export=xlsx", *case_urls(mz), reverse("casedesk_dashboard")]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    response = client.post(reverse("casedesk_transition", args=[mz.pk]), {"to": S.PROCESSING})
    assert response.status_code == 302
    mz.refresh_from_db()
    assert mz.status == S.ACCEPTED


@pytest.mark.parametrize("who", ["民政窗口", "no_window"])
def test_managers_only_pages(desk, cases, who):
    client = desk.client(who)
    assert client.get(reverse("casedesk_dashboard")).status_code == 403
    assert client.get(reverse("casedesk_generate_notice")).status_code == 403
    assert client.post(reverse("casedesk_generate_notice"), {"quarter": "2026Q3"}).status_code == 403
    manager = desk.client("manager")
    assert manager.get(reverse("casedesk_dashboard")).status_code == 200
    assert manager.get(reverse("casedesk_generate_notice")).status_code == 200


def test_no_create_edit_delete_or_history_views(desk, cases):
    mz, _ = cases
    manager = desk.client("manager")
    for action in ("edit", "delete", "history"):
        assert manager.get(f"{LIST}{action}/{mz.pk}/").status_code == 404
    assert manager.get(f"{LIST}create/").status_code == 404


def test_the_holiday_calendar_is_for_managers(desk):
    from django.contrib.auth.models import Permission

    url = reverse("wagtailsnippets_core_holiday:list")
    assert desk.client("民政窗口").get(url).status_code == 403
    desk.users["manager"].groups.first().permissions.add(*Permission.objects.filter(codename__endswith="_holiday"))
    assert desk.client("manager").get(url).status_code == 200


def test_case_page_shows_history_answers_and_legal_moves_only(desk, cases):
    mz, _ = cases
    html = desk.client("民政窗口").get(inspect_url(mz)).content.decode()
    assert mz.reference in html and "最低生活保障申请" in html
    assert "已受理，承诺办结时限：20 个工作日（受理后计算，预计" in html and "min-zheng-chuang-kou经办人" in html  # staff see who
    moves = re.findall(r'name="to" value="(\w+)"', html)
    assert moves == [S.PROCESSING, S.CORRECTION]
    assert html.count('name="csrfmiddlewaretoken"') >= len(moves)
    assert "户口簿" in html  # the guide's materials, offered for 补正
    assert reverse("casedesk_document", args=[mz.pk, "acceptance"]) in html


def test_case_page_masks_personal_data_without_the_permission(desk, cases):
    mz, _ = cases
    staff = desk.client("民政窗口").get(inspect_url(mz)).content.decode()
    assert "王*英" in staff and "王秀英" not in staff
    assert APPLICANT_ID not in staff and f"{APPLICANT_ID[:4]}**********{APPLICANT_ID[-4:]}" in staff
    assert "13800138000" not in staff and "138****8000" in staff and "wang@example.com" not in staff
    manager = desk.client("manager").get(inspect_url(mz)).content.decode()
    assert "王秀英" in manager and APPLICANT_ID in manager and "13800138000" in manager


def test_list_masks_personal_data_for_everyone(desk, cases):
    masked_id = f"{APPLICANT_ID[:4]}**********{APPLICANT_ID[-4:]}"
    for user in ("民政窗口", "manager"):  # without and with 查看申请人完整个人信息
        page = desk.client(user).get(LIST).content.decode()
        assert "王*英" in page and masked_id in page and "138****8000" in page
        assert "王秀英" not in page and APPLICANT_ID not in page and "13800138000" not in page


def test_transition_through_the_case_page(desk, cases):
    mz, _ = cases
    staff = desk.client("民政窗口")
    url = reverse("casedesk_transition", args=[mz.pk])
    assert staff.get(url).status_code == 405
    response = staff.post(url, {"to": S.CORRECTION, "missing": ["户口簿"], "missing_other": "村委会证明\n\n收入证明"})
    assert response.status_code == 302 and response["Location"] == inspect_url(mz)
    mz.refresh_from_db()
    assert mz.status == S.CORRECTION and mz.corrections.get().missing == ["户口簿", "村委会证明", "收入证明"]
    # An illegal move is refused with the reason shown, and changes nothing.
    response = staff.post(url, {"to": S.COMPLETED, "result": "granted"}, follow=True)
    assert "不能改为" in response.content.decode()
    mz.refresh_from_db()
    assert mz.status == S.CORRECTION
    # A material the guide does not list cannot be ticked (only typed).
    response = staff.post(url, {"to": S.PROCESSING, "missing": ["不存在的材料"]}, follow=True)
    assert "提交的内容有误" in response.content.decode()


def test_transition_needs_the_csrf_token(desk, cases):
    mz, _ = cases
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk.users["民政窗口"])
    assert client.post(reverse("casedesk_transition", args=[mz.pk]), {"to": S.PROCESSING}).status_code == 403
    mz.refresh_from_db()
    assert mz.status == S.ACCEPTED


def test_filters(desk, cases):
    mz, ny = cases
    rejected = desk.case(state="rejected")
    manager = desk.client("manager")
    assert listed_references(manager.get(f"{LIST}?status=rejected")) == {rejected.reference}
    assert listed_references(manager.get(f"{LIST}?window={ny.window_id}")) == {ny.reference}
    assert listed_references(manager.get(f"{LIST}?item=MZ-001")) == {mz.reference, rejected.reference}
    assert listed_references(manager.get(f"{LIST}?q={ny.reference.lower()}")) == {ny.reference}
    assert listed_references(manager.get(f"{LIST}?q=李建国")) == {ny.reference}
    today = timezone.localtime(mz.created_at).date().isoformat()  # the list filters by the local day
    assert len(listed_references(manager.get(f"{LIST}?from={today}&to={today}"))) == 3
    assert not listed_references(manager.get(f"{LIST}?from=2099-01-01"))
    assert len(listed_references(manager.get(f"{LIST}?from=not-a-date"))) == 3
    assert len(listed_references(manager.get(f"{LIST}?status=nonsense"))) == 3


def test_deadline_flags_and_filter(desk, cases):
    mz, ny = cases
    Submission.objects.filter(pk=mz.pk).update(due_date="2020-01-02")
    paused = desk.case(state="correction_after")
    late = desk.case(state="completed")
    Submission.objects.filter(pk=late.pk).update(due_date="2020-01-02")
    manager = desk.client("manager")
    assert listed_references(manager.get(f"{LIST}?deadline=overdue")) == {mz.reference}
    assert listed_references(manager.get(f"{LIST}?deadline=paused")) == {paused.reference}
    assert listed_references(manager.get(f"{LIST}?deadline=late")) == {late.reference}
    html = manager.get(LIST).content.decode()
    assert "逾期未办结</span>" in html and "超期办结</span>" in html


def test_list_query_count_does_not_grow_with_the_cases(desk, django_assert_max_num_queries):
    for _ in range(3):
        desk.case(state="accepted")
    manager = desk.client("manager")
    manager.get(LIST)  # warm caches (content types, site) before counting
    with django_assert_max_num_queries(60) as small:
        assert manager.get(LIST).status_code == 200
    for _ in range(30):
        desk.case("农业综合服务窗口", item="NY-001", state="processing")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = manager.get(LIST)
    assert len(listed_references(response)) == 33
