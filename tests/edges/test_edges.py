"""The edge: control characters refused with a Chinese 400, Chinese error pages,
oversized bodies, personal look-ups by POST only."""

import pytest
from django.test import Client, override_settings

from cases.models import Submission
from cases.views import STATUS_GRANTS
from forms.models import Draft
from guides.models import GuideFeedback, ServiceGuidePage
from tests.support import APPLICANT_ID

pytestmark = pytest.mark.django_db

CHINESE_400 = "无法处理这个请求"


def assert_chinese_400(response):
    assert response.status_code == 400
    html = response.content.decode()
    assert CHINESE_400 in html and "Bad Request" not in html and 'lang="zh-CN"' in html


@pytest.mark.parametrize(
    "url",
    ["/search/?q=%00", "/search/api/?q=a%00b", "/s/MZ%00001/", "/search/?q=%1b%5b31m", "/apply/status/?x=%7f", "/%00/"],
)
def test_control_characters_in_urls_refused(client, url):
    assert_chinese_400(client.get(url))


def test_tab_and_newlines_pass(client, import_guides, full_item):
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    response = client.post(guide.url + "feedback/", {"helpful": "no", "comment": "第一行\r\n第二行\t完"})
    assert response.status_code == 302 and GuideFeedback.objects.get().comment == "第一行\r\n第二行\t完"


def test_nul_in_status_lookup_refused_and_nothing_counted(desk):  # noqa: F811
    case = desk.case()
    client = Client()
    assert_chinese_400(client.post("/apply/status/", {"reference": case.reference + "\x00", "last4": APPLICANT_ID[-4:]}))
    assert STATUS_GRANTS not in client.session
    # Nothing was counted against the address either: ten honest misses still pass.
    for _ in range(10):
        assert client.post("/apply/status/", {"reference": "X", "last4": "0000"}).status_code == 200


def test_nul_in_feedback_refused_and_nothing_stored(client, import_guides, full_item):
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    assert_chinese_400(client.post(guide.url + "feedback/", {"helpful": "no", "comment": "a\x00b"}))
    assert_chinese_400(client.post(guide.url + "feedback/", {"helpful": "no", "comm\x00ent": "x"}))
    assert not GuideFeedback.objects.exists()


def test_nul_in_wizard_draft_refused_and_nothing_stored(desk):  # noqa: F811
    page = desk.pages["MZ-001"]
    client = Client()
    first = client.get(page.url + "step/applicant/")
    assert first.status_code in (200, 302)
    before = Draft.objects.count()
    response = client.post(page.url + "step/applicant/", {"name": "王\x00秀英", "save_draft": "1"})
    assert_chinese_400(response)
    assert Draft.objects.count() == before


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_post_gets_the_chinese_400(desk):  # noqa: F811
    client = Client()
    assert_chinese_400(client.post("/apply/status/", {"reference": "X" * 5000, "last4": "0000"}))
    assert STATUS_GRANTS not in client.session


def test_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_chinese_403_for_csrf_failure(import_guides, full_item):
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    response = Client(enforce_csrf_checks=True).post(guide.url + "feedback/", {"helpful": "yes"})
    html = response.content.decode()
    assert response.status_code == 403 and "不能打开这个页面" in html and "CSRF" not in html
    assert not GuideFeedback.objects.exists()


def test_error_handlers_render_chinese_pages_without_the_database():
    from django.test import RequestFactory

    from core import views

    request = RequestFactory().get("/")
    for handler, status, words in [
        (views.bad_request, 400, CHINESE_400),
        (views.permission_denied, 403, "不能打开这个页面"),
    ]:
        response = handler(request, Exception())
        assert response.status_code == status and words in response.content.decode()
    response = views.server_error(request)
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()


def test_server_error_page_is_chinese(client, monkeypatch):
    from django.urls import path

    def boom(request):
        raise RuntimeError("boom")

    import centre.urls

    monkeypatch.setattr(centre.urls, "urlpatterns", [path("boom/", boom)] + centre.urls.urlpatterns)
    from django.urls import clear_url_caches

    clear_url_caches()
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        clear_url_caches()
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()
    assert "boom" not in response.content.decode() and "Traceback" not in response.content.decode()


def test_status_lookup_by_get_reveals_nothing(desk):  # noqa: F811
    case = desk.case()
    client = Client()
    response = client.get("/apply/status/", {"reference": case.reference, "last4": APPLICANT_ID[-4:]})
    assert response.status_code == 200 and "待受理" not in response.content.decode()
    assert STATUS_GRANTS not in client.session
    assert Submission.objects.get(pk=case.pk).status == Submission.Status.PENDING
    # The form itself posts.
    assert 'method="post"' in response.content.decode()


def test_no_get_form_asks_for_personal_data():
    """Every form in the templates that asks for a reference, an ID number or a
    phone number posts it (a GET would put it in access logs and history)."""
    import re
    from pathlib import Path

    personal = re.compile(r'name="(reference|last4|id_number|phone|mobile|id_last4)"')
    for template in Path(__file__).resolve().parents[2].joinpath("templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b.*?</form>", text, flags=re.S):
            if personal.search(form):
                assert 'method="post"' in form.lower(), f"{template}: a form with personal data must POST"


@pytest.mark.parametrize(
    "body",
    [
        '{"q": "a\\u0000b"}',  # escaped NUL: valid JSON, decodes to a control character
        '{"q\\u001b": "x"}',  # in a key
        '{"q": ["ok", {"deep": "\\u007f"}]}',  # nested
        '{"q": "a\x00b"}',  # raw, not even valid JSON
    ],
)
def test_control_characters_in_json_bodies_refused(body):
    client = Client(enforce_csrf_checks=True)  # refused at the edge, before CSRF or any view
    assert_chinese_400(client.post("/search/api/", body, content_type="application/json"))
    assert_chinese_400(client.post("/search/api/", body, content_type="application/vnd.api+json"))


def test_json_bodies_with_tabs_and_newlines_pass_the_edge():
    client = Client()
    for body in ('{"q": "第一行\\n第二行\\t完"}', "not json \\u0000", "[" * 5000):
        response = client.post("/search/api/", body, content_type="application/json")
        assert response.status_code == 200, body[:20]  # the view's own answer (it reads the query string only)
