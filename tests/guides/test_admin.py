"""Editing guides in the Wagtail admin: inline lists, validation, window taken from the tree."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from guides.models import ServiceGuidePage, WindowIndexPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(db):
    """MZ-001 under the 民政窗口, built with factories."""
    return factories.GuidePageFactory(full_item=True)


@pytest.fixture
def admin_client(client, guide):
    user = get_user_model().objects.create_superuser("root", password="pw")
    client.force_login(user)
    return client


def guide_form(**overrides):
    data = {
        "title": "临时救助申请",
        "slug": "mz-002",
        "code": "MZ-002",
        "department": "社会事务办",
        "item_type": "行政给付",
        "handling_type": "承诺件",
        "legal_days": 10,
        "promised_days": 5,
        "materials": inline_formset([{"name": "户口簿", "form": "原件", "copies": 1, "required": True}]),
        "steps": inline_formset([{"name": "受理", "actor": "民政窗口", "days": 1}, {"name": "审批", "days": 4}]),
        "fees": inline_formset([]),
        "legal_bases": inline_formset([{"title": "《社会救助暂行办法》", "article": "第四十七条"}]),
        "faqs": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def create_url():
    parent = WindowIndexPage.objects.get(window__name="民政窗口")
    return f"/admin/pages/add/guides/serviceguidepage/{parent.pk}/"


def test_edit_view_has_chinese_labels_and_help(admin_client, guide):
    html = admin_client.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
    for label in ["事项编码", "申请材料", "办理流程", "收费标准", "设定依据", "常见问题", "承诺办结时限（工作日）", "容缺受理"]:
        assert label in html, label


def test_create_guide_in_admin_takes_window_from_parent(admin_client):
    response = admin_client.post(create_url(), guide_form(**{"action-publish": "publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    guide = ServiceGuidePage.objects.get(code="MZ-002")
    assert guide.live and guide.window.name == "民政窗口"
    assert [s.name for s in guide.steps.all()] == ["受理", "审批"]
    assert guide.legal_bases.get().article == "第四十七条"


def test_promised_over_legal_is_refused_with_field_error(admin_client):
    response = admin_client.post(create_url(), guide_form(promised_days=20))
    assert response.status_code == 200
    assert "承诺办结时限不能超过法定办结时限" in response.content.decode()
    assert not ServiceGuidePage.objects.filter(code="MZ-002").exists()


def test_duplicate_code_is_refused(admin_client):
    response = admin_client.post(create_url(), guide_form(code="MZ-001"))
    assert response.status_code == 200
    assert not ServiceGuidePage.objects.filter(slug="mz-002").exists()
