"""本页是否有帮助: anonymous yes/no with comment, rate-limited, seen only by the guide's window staff."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from guides.feedback import FEEDBACK_LIMIT
from guides.models import GuideFeedback, WindowIndexPage
from guides.permissions import setup_manager_group, setup_window_group
from guides.site_setup import ensure_structure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def guides(two_guides):
    return two_guides


def test_form_is_on_the_guide_and_posts_without_login(client, guides):
    guide, _ = guides
    html = client.get(guide.url).content.decode()
    assert "本页是否有帮助" in html and f'action="{guide.url}feedback/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    response = client.post(guide.url + "feedback/", {"helpful": "no", "comment": "<script>x</script>材料写得不清楚"})
    assert response.status_code == 302 and response["Location"].endswith("?feedback=thanks#feedback")
    entry = GuideFeedback.objects.get()
    assert entry.guide == guide and entry.helpful is False and "材料写得不清楚" in entry.comment
    assert "谢谢您的反馈" in client.get(response["Location"]).content.decode()


def test_csrf_refused(guides):
    guide, _ = guides
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(guide.url + "feedback/", {"helpful": "yes"}).status_code == 403
    assert not GuideFeedback.objects.exists()


def test_invalid_and_rate_limited(client, guides):
    guide, _ = guides
    assert client.post(guide.url + "feedback/", {"comment": "没选"})["Location"].endswith("feedback=invalid#feedback")
    assert client.get(guide.url + "feedback/").status_code == 405
    for _ in range(FEEDBACK_LIMIT):
        client.post(guide.url + "feedback/", {"helpful": "yes"})
    assert client.post(guide.url + "feedback/", {"helpful": "yes"})["Location"].endswith("feedback=limited#feedback")
    assert GuideFeedback.objects.count() == FEEDBACK_LIMIT


@pytest.fixture
def users(guides):
    result = {}
    for page in WindowIndexPage.objects.select_related("window"):
        user = get_user_model().objects.create_user(page.window.slug or page.window.name, password="pw")
        user.groups.add(setup_window_group(page))
        result[page.window.name] = user
    manager = get_user_model().objects.create_user("manager", password="pw")
    manager.groups.add(setup_manager_group(ensure_structure().home))
    result["manager"] = manager
    minzheng, nongye = guides
    GuideFeedback.objects.create(guide=minzheng, helpful=False, comment="<b>低保</b>材料太多")
    GuideFeedback.objects.create(guide=minzheng, helpful=True)
    GuideFeedback.objects.create(guide=nongye, helpful=False, comment="采伐证意见")
    return result


def test_window_staff_see_only_their_windows_feedback(client, guides, users):
    minzheng, nongye = guides
    client.force_login(users["民政窗口"])
    listing = client.get("/admin/feedback/").content.decode()
    assert minzheng.title in listing and nongye.title not in listing
    detail = client.get(f"/admin/feedback/{minzheng.pk}/").content.decode()
    assert "有帮助 1 次，没有帮助 1 次" in detail
    assert "&lt;b&gt;低保&lt;/b&gt;材料太多" in detail and "<b>低保</b>" not in detail
    refused = client.get(f"/admin/feedback/{nongye.pk}/")
    assert refused.status_code == 403 and "采伐证意见" not in refused.content.decode()


def test_manager_sees_all_feedback(client, guides, users):
    minzheng, nongye = guides
    client.force_login(users["manager"])
    listing = client.get("/admin/feedback/").content.decode()
    assert minzheng.title in listing and nongye.title in listing
    assert client.get(f"/admin/feedback/{nongye.pk}/").status_code == 200
