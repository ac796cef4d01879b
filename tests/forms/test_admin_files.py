"""Form definitions as files in the admin: download as JSON, upload with a
preview (nothing written until confirmed, all or nothing), 以此为模板新建;
Wagtail page permissions decide who may."""

import copy
import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forms.importing import import_definition
from forms.models import ApplicationFormPage
from tests import factories
from tests.support import DATA_DIR, DEFINITION

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    client = Client()
    client.force_login(factories.ManagerFactory())
    return client


@pytest.fixture
def window_staff(guide):
    """Another window's (农业) staff: they edit their own window's guides and forms, not 民政's."""
    client = Client()
    client.force_login(factories.WindowStaffFactory(window_page=factories.WindowPageFactory(window__name="农业窗口", window__slug="nongye")))
    return client


def as_file(data, name="form.json"):
    content = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def upload(client, data, parent=None):
    fields = {"file": as_file(data)}
    if parent:
        fields["parent"] = parent.pk
    return client.post("/admin/forms/upload/", fields)


def confirm(client, preview):
    return client.post("/admin/forms/upload/", {"signed": preview.context["signed"], "confirm": "1"})


def test_download_then_upload_round_trips(manager, form_page):
    form_page.notify_staff = True
    form_page.confirmation_text = "请携带户口簿原件。"
    form_page.save_revision().publish()
    response = manager.get(f"/admin/forms/{form_page.pk}/definition.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert 'filename="test-application.json"' in response["Content-Disposition"]
    downloaded = json.loads(response.content)
    assert downloaded["settings"] == {"opens_at": None, "closes_at": None, "confirmation_text": "请携带户口簿原件。", "notify_staff": True}
    assert downloaded["steps"] == form_page.definition["steps"]
    # Back in unchanged: nothing to do.
    preview = upload(manager, downloaded)
    assert "与现有表单相同，没有变化" in preview.content.decode()
    # Into a site without the form: the same form again.
    folder = form_page.get_parent().specific  # the 民政 window's folder, under the 在线申报 index
    parent = folder.get_parent().specific
    ApplicationFormPage.objects.all().delete()
    preview = upload(manager, downloaded, parent)
    assert preview.status_code == 200 and not ApplicationFormPage.objects.exists()
    assert confirm(manager, preview).status_code == 302
    page = ApplicationFormPage.objects.get()
    assert page.live and page.definition == downloaded and page.get_parent().pk == folder.pk


def test_upload_shows_the_changes_and_writes_only_when_confirmed(manager, form_page):
    revisions = form_page.revisions.count()
    changed = copy.deepcopy(DEFINITION)
    changed["steps"][0]["fields"][0]["label"] = "申请人姓名"
    changed["steps"][0]["fields"].append({"key": "address", "label": "家庭住址", "type": "text", "sample": "向阳村 3 组"})
    del changed["steps"][1]  # 承包土地情况
    changed["settings"] = {"closes_at": "2027-06-30T17:00:00+08:00"}
    preview = upload(manager, changed)
    html = preview.content.decode()
    assert preview.status_code == 200 and "将更新表单“测试申请表”" in html and "并发布" in html
    rows = [(c.action, c.kind, c.label, c.step) for c in preview.context["changes"]]
    assert rows == [
        ("修改", "设置", "截止时间", ""),
        ("修改", "步骤", "申请人信息（applicant）", ""),
        ("修改", "字段", "申请人姓名（name）", "申请人信息"),
        ("新增", "字段", "家庭住址（address）", "申请人信息"),
        ("删除", "步骤", "承包土地情况（land）", ""),
        ("删除", "字段", "承包地面积（亩）（mu）", "承包土地情况"),
        ("删除", "字段", "种植作物（crops）", "承包土地情况"),
    ]
    for row in rows:
        assert row[2] in html
    form_page.refresh_from_db()
    assert form_page.revisions.count() == revisions and form_page.closes_at is None  # nothing written yet
    assert form_page.definition["steps"][0]["fields"][0]["label"] == "姓名"
    response = confirm(manager, preview)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{form_page.pk}/edit/"
    form_page.refresh_from_db()
    assert form_page.revisions.count() == revisions + 1 and form_page.live_revision == form_page.latest_revision
    assert [s["key"] for s in form_page.definition["steps"]] == ["applicant", "docs"]
    assert form_page.closes_at.isoformat() == "2027-06-30T09:00:00+00:00"


def test_a_bad_upload_lists_every_error_and_writes_nothing(manager, form_page):
    revisions = form_page.revisions.count()
    bad = copy.deepcopy(DEFINITION)
    bad["steps"][0]["fields"][2]["sample"] = "12345"
    bad["steps"][1]["show_if"] = {"field": "nowhere", "equals": "x"}
    bad["settings"] = {"notify_staff": "是"}
    response = upload(manager, bad)
    html = response.content.decode()
    assert response.status_code == 400 and "文件有 3 处错误，没有写入任何内容" in html
    assert "第 1 步“申请人信息”的字段“手机号码”：示例值（sample）不符合本字段要求" in html
    assert "的显示条件：条件依据的字段（nowhere）不存在" in html
    assert "表单设置 notify_staff（新申请邮件通知）：应当是 true 或 false" in html
    assert "signed" not in response.context
    assert upload(manager, b"{not json").status_code == 400
    form_page.refresh_from_db()
    assert form_page.revisions.count() == revisions and ApplicationFormPage.objects.count() == 1


def test_a_tampered_confirmation_writes_nothing(manager, form_page):
    preview = upload(manager, {**DEFINITION, "title": "改过的标题"})
    response = manager.post("/admin/forms/upload/", {"signed": preview.context["signed"] + "x", "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/admin/forms/upload/"
    form_page.refresh_from_db()
    assert form_page.title == "测试申请表"


def test_todays_format_still_imports(manager, form_page):
    """The spec's own example, without "settings": imported as before, the settings at their defaults."""
    example = json.loads((DATA_DIR / "examples" / "form.example.json").read_text(encoding="utf-8"))
    assert "settings" not in example
    preview = upload(manager, example, form_page.get_parent().get_parent().specific)
    assert preview.status_code == 200 and "新建表单“最低生活保障申请表”" in preview.content.decode()
    confirm(manager, preview)
    page = ApplicationFormPage.objects.get(slug="dibao-application")
    assert page.definition["settings"] == {"opens_at": None, "closes_at": None, "confirmation_text": "", "notify_staff": False}
    assert import_definition(example)[0] == "unchanged"
    # Over a form with settings, a file without them changes none.
    page.notify_staff, page.confirmation_text = True, "请携带户口簿原件。"
    page.save_revision().publish()
    assert import_definition({**example, "title": "最低生活保障申请表（新版）"})[0] == "updated"
    page.refresh_from_db()
    assert page.notify_staff and page.confirmation_text == "请携带户口簿原件。" and page.title.endswith("（新版）")


def test_a_new_form_from_a_template(manager, form_page):
    form_page.closes_at = timezone.now() + timedelta(days=30)
    form_page.confirmation_text = "请携带户口簿原件。"
    form_page.save_revision().publish()
    response = manager.get(f"/admin/forms/{form_page.pk}/copy/")
    assert response.status_code == 200 and 'value="test-application-copy"' in response.content.decode()
    taken = manager.post(f"/admin/forms/{form_page.pk}/copy/", {"title": "新表", "slug": "test-application", "parent": form_page.get_parent().get_parent().pk})
    assert "已有表单使用这个 slug" in taken.content.decode()
    folder = form_page.get_parent()  # a window folder's slug is taken too (it was a 500)
    taken = manager.post(f"/admin/forms/{form_page.pk}/copy/", {"title": "新表", "slug": folder.slug, "parent": folder.get_parent().pk})
    assert taken.status_code == 200 and "已有表单使用这个 slug" in taken.content.decode()
    assert ApplicationFormPage.objects.count() == 1
    response = manager.post(
        f"/admin/forms/{form_page.pk}/copy/", {"title": "临时救助申请表", "slug": "linshi-jiuzhu", "parent": form_page.get_parent().get_parent().pk}
    )
    copied = ApplicationFormPage.objects.get(slug="linshi-jiuzhu")
    assert response["Location"] == f"/admin/pages/{copied.pk}/edit/"
    assert not copied.live and copied.title == "临时救助申请表" and copied.get_parent().pk == form_page.get_parent().pk
    assert copied.definition["steps"] == form_page.definition["steps"]  # keys kept
    assert copied.confirmation_text == "请携带户口簿原件。" and copied.guide.code == "MZ-001"
    assert copied.closes_at is None  # a new form sets its own period
    form_page.refresh_from_db()
    assert form_page.title == "测试申请表" and form_page.live


def test_the_buttons_are_on_the_form_and_the_index(manager, form_page):
    html = manager.get(f"/admin/pages/{form_page.pk}/edit/").content.decode()
    assert f"/admin/forms/{form_page.pk}/definition.json" in html and f"/admin/forms/{form_page.pk}/copy/" in html
    index = manager.get(f"/admin/pages/{form_page.get_parent().pk}/").content.decode()
    assert "上传表单定义（JSON）" in index


def test_no_rights_no_files(window_staff, form_page):
    """Another window's staff hold no page permission on this form: 403 on it, nothing written."""
    assert window_staff.get(f"/admin/forms/{form_page.pk}/definition.json").status_code == 403
    assert upload(window_staff, {**DEFINITION, "title": "改"}).status_code == 403
    assert window_staff.get(f"/admin/forms/{form_page.pk}/copy/").status_code == 403
    response = window_staff.post(f"/admin/forms/{form_page.pk}/copy/", {"title": "新表", "slug": "xin", "parent": form_page.get_parent().get_parent().pk})
    assert response.status_code == 403
    assert ApplicationFormPage.objects.count() == 1 and ApplicationFormPage.objects.get().title == "测试申请表"
    assert Client().get(f"/admin/forms/{form_page.pk}/definition.json").status_code == 302  # to the login page
