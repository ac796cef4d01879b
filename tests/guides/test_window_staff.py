"""今日在岗 with AB岗 cover, and per-window rights over the staff list."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from guides.duty import is_away, on_duty
from guides.models import WindowIndexPage, WindowStaff
from guides.permissions import setup_manager_group, setup_window_group
from guides.site_setup import ensure_structure

MONDAY = datetime.date(2026, 11, 23)
SATURDAY = datetime.date(2026, 11, 28)


def person(name, post="受理岗", weekdays="12345", away_from=None, away_until=None, backup=None):
    return SimpleNamespace(name=name, post=post, weekdays=weekdays, away_from=away_from, away_until=away_until, backup=backup)


def test_present_person_holds_own_post():
    a = person("张三")
    assert [(e.post, e.person.name, e.is_cover) for e in on_duty([a], MONDAY)] == [("受理岗", "张三", False)]


def test_away_person_is_covered_by_backup():
    b = person("李四", post="审核岗")
    a = person("张三", away_from=MONDAY, away_until=MONDAY + datetime.timedelta(days=2), backup=b)
    entries = on_duty([a, b], MONDAY)
    assert entries[0].person is b and entries[0].covering_for is a and entries[0].post == "受理岗"
    assert entries[1].person is b and not entries[1].is_cover


def test_away_without_present_backup_leaves_post_empty():
    b = person("李四", weekdays="6")
    a = person("张三", away_from=MONDAY, backup=b)
    [entry] = on_duty([a], MONDAY)
    assert entry.person is None and entry.covering_for is a


def test_weekdays_and_single_day_leave():
    a = person("张三", away_from=MONDAY)
    assert is_away(a, MONDAY) and not is_away(a, MONDAY + datetime.timedelta(days=1))
    assert on_duty([person("王五")], SATURDAY) == []


@pytest.fixture
def staffed(two_guides):
    users = {}
    for page in WindowIndexPage.objects.select_related("window"):
        user = get_user_model().objects.create_user(page.window.slug or page.window.name, password="pw")
        user.groups.add(setup_window_group(page))
        users[page.window.name] = user
    manager = get_user_model().objects.create_user("manager", password="pw")
    manager.groups.add(setup_manager_group(ensure_structure().home))
    users["manager"] = manager
    minzheng = WindowIndexPage.objects.get(window__name="民政窗口").window
    nongye = WindowIndexPage.objects.get(window__name="农业综合服务窗口").window
    today = timezone.localdate()
    b = WindowStaff.objects.create(window=minzheng, name="李四", post="民政审核岗", staff_number="MZ02", weekdays="1234567")
    a = WindowStaff.objects.create(
        window=minzheng, name="张三", post="民政受理岗", staff_number="MZ01", weekdays="1234567",
        away_from=today, away_until=today, backup=b,
    )
    other = WindowStaff.objects.create(window=nongye, name="赵六", post="农业受理岗", weekdays="1234567")
    return users, a, b, other


def test_window_page_shows_today_with_ab_cover(client, staffed):
    _, a, b, _ = staffed
    page = WindowIndexPage.objects.get(window=a.window)
    html = client.get(page.url).content.decode()
    assert "今日在岗" in html
    assert "李四 <span class=\"duty__backup\">（AB岗顶岗）</span>" in html
    assert "张三今日不在岗，由李四顶岗" in html
    assert "工号 MZ02" in html


def test_staff_edit_own_window_staff_only(client, staffed):
    users, a, b, other = staffed
    client.force_login(users["民政窗口"])
    assert client.get(f"/admin/snippets/guides/windowstaff/edit/{a.pk}/").status_code == 200
    listing = client.get("/admin/snippets/guides/windowstaff/").content.decode()
    assert "张三" in listing and "赵六" not in listing
    assert client.get(f"/admin/snippets/guides/windowstaff/edit/{other.pk}/").status_code == 403
    response = client.post(f"/admin/snippets/guides/windowstaff/edit/{other.pk}/", {"name": "被篡改"})
    assert response.status_code == 403
    assert client.post(f"/admin/snippets/guides/windowstaff/delete/{other.pk}/").status_code == 403
    other.refresh_from_db()
    assert other.name == "赵六"


def form_data(window, **extra):
    data = {"name": "新人", "staff_number": "", "window": window.pk, "post": "受理岗", "photo": "",
            "weekday_set": ["1", "2"], "backup": "", "away_from": "", "away_until": "", "away_reason": "",
            "sort_order": 0}
    data.update(extra)
    return data


def test_staff_cannot_add_to_another_window(client, staffed):
    users, a, _, other = staffed
    client.force_login(users["民政窗口"])
    response = client.post("/admin/snippets/guides/windowstaff/add/", form_data(other.window))
    assert response.status_code == 200  # form shown again with the error
    assert not WindowStaff.objects.filter(name="新人").exists()
    client.post("/admin/snippets/guides/windowstaff/add/", form_data(a.window))
    created = WindowStaff.objects.get(name="新人")
    assert created.window == a.window and created.weekdays == "12"


def test_backup_must_be_same_window(client, staffed):
    users, a, _, other = staffed
    client.force_login(users["manager"])
    response = client.post(f"/admin/snippets/guides/windowstaff/edit/{a.pk}/", form_data(a.window, name="张三", backup=other.pk))
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.backup.name == "李四"
    assert client.get(f"/admin/snippets/guides/windowstaff/edit/{other.pk}/").status_code == 200
