"""Per-window editing rights, enforced by Wagtail's page permissions and tested as the wrong user."""

import pytest
from django.contrib.auth import get_user_model

from guides.models import ServiceGuidePage, WindowIndexPage
from guides.permissions import setup_manager_group, setup_window_group
from guides.site_setup import ensure_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_windows(two_guides):
    users = {}
    for page in WindowIndexPage.objects.select_related("window"):
        user = get_user_model().objects.create_user(page.window.slug, password="pw")
        user.groups.add(setup_window_group(page))
        users[page.window.name] = user
    manager = get_user_model().objects.create_user("manager", password="pw")
    manager.groups.add(setup_manager_group(ensure_structure().home))
    users["manager"] = manager
    return users, ServiceGuidePage.objects.get(code="MZ-001"), ServiceGuidePage.objects.get(code="NY-001")


def test_staff_cannot_open_or_post_another_windows_guide(client, two_windows):
    users, minzheng_guide, nongye_guide = two_windows
    client.force_login(users["民政窗口"])
    assert client.get(f"/admin/pages/{minzheng_guide.pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{nongye_guide.pk}/edit/")
    assert refused.status_code == 403
    assert "没有权限" in refused.content.decode()
    response = client.post(f"/admin/pages/{nongye_guide.pk}/edit/", {"title": "被篡改", "code": "NY-001"})
    assert response.status_code == 403
    assert client.post(f"/admin/pages/{nongye_guide.pk}/delete/").status_code == 403
    nongye_parent = nongye_guide.get_parent()
    assert client.get(f"/admin/pages/add/guides/serviceguidepage/{nongye_parent.pk}/").status_code == 403
    nongye_guide.refresh_from_db()
    assert nongye_guide.title == "林木采伐许可证核发" and nongye_guide.live


def test_staff_may_add_under_own_window_only(client, two_windows):
    users, minzheng_guide, _ = two_windows
    client.force_login(users["农业综合服务窗口"])
    own_parent = WindowIndexPage.objects.get(window__name="农业综合服务窗口")
    assert client.get(f"/admin/pages/add/guides/serviceguidepage/{own_parent.pk}/").status_code == 200
    assert client.get(f"/admin/pages/add/guides/serviceguidepage/{minzheng_guide.get_parent().pk}/").status_code == 403


def test_staff_cannot_publish_but_manager_can(two_windows):
    users, minzheng_guide, nongye_guide = two_windows
    staff_perms = minzheng_guide.permissions_for_user(users["民政窗口"])
    assert staff_perms.can_edit() and not staff_perms.can_publish()
    assert not nongye_guide.permissions_for_user(users["民政窗口"]).can_edit()
    manager_perms = nongye_guide.permissions_for_user(users["manager"])
    assert manager_perms.can_edit() and manager_perms.can_publish()


def test_staff_publish_action_is_refused(client, two_windows):
    users, minzheng_guide, _ = two_windows
    client.force_login(users["民政窗口"])
    response = client.post(f"/admin/pages/{minzheng_guide.pk}/unpublish/")
    assert response.status_code == 403
    minzheng_guide.refresh_from_db()
    assert minzheng_guide.live


def test_moving_a_guide_changes_its_window(two_windows):
    _, minzheng_guide, nongye_guide = two_windows
    target = nongye_guide.get_parent()
    minzheng_guide.move(target, pos="last-child")
    moved = ServiceGuidePage.objects.get(pk=minzheng_guide.pk)
    assert moved.window.name == "农业综合服务窗口"
