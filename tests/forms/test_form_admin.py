"""Building forms in the admin as window staff: forms belong to a guide and its
window (Wagtail page permissions on the window's form folder), keys and the
slug are made from what staff write, and every problem of a definition is
shown at once beside its step or field."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowState

from core.roles import MANAGER_GROUP
from forms.folders import ensure_form_index
from forms.models import ApplicationFormPage, FormFolderPage
from guides.permissions import setup_moderation
from guides.site_setup import ensure_structure
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    ny = factories.WindowPageFactory(window__name="农业综合服务窗口", window__slug="nongye")
    mz = factories.WindowPageFactory(window__name="民政窗口", window__slug="minzheng")
    guides = {
        "NY-003": factories.GuidePageFactory(parent=ny, code="NY-003", title="农机购置补贴申请"),
        "MZ-001": factories.GuidePageFactory(parent=mz, code="MZ-001", title="最低生活保障申请"),
        "NY-009": factories.GuidePageFactory(parent=ny, code="NY-009", title="尚未发布的事项", live=False),
    }
    ensure_form_index()
    users = {
        "nongye": factories.WindowStaffFactory(window_page=ny),
        "minzheng": factories.WindowStaffFactory(window_page=mz),
        "manager": factories.ManagerFactory(),
    }
    setup_moderation(ensure_structure().home, Group.objects.get(name=MANAGER_GROUP), [])
    folders = {folder.window.slug: folder for folder in FormFolderPage.objects.filter(window__isnull=False).select_related("window")}
    return guides, users, folders


# --- POST data of the StreamField, as the editor sends it ----------------------


def show_if(prefix, tests=(), match="all"):
    data = {f"{prefix}-match": match, f"{prefix}-conditions-count": str(len(tests))}
    for index, (field, operator, value) in enumerate(tests):
        item = f"{prefix}-conditions-{index}"
        data |= {f"{item}-deleted": "", f"{item}-order": str(index), f"{item}-id": f"c{index}"}
        data |= {f"{item}-value-field": field, f"{item}-value-operator": operator, f"{item}-value-value": value}
    return data


def field(prefix, index, kind, label, block_id, conditions=(), choices=(), **options):
    item = f"{prefix}-{index}"
    value = f"{item}-value"
    data = {f"{item}-deleted": "", f"{item}-order": str(index), f"{item}-type": kind, f"{item}-id": block_id}
    data |= {f"{value}-label": label, f"{value}-key": "", f"{value}-help": "", f"{value}-sample": "", f"{value}-required": "on"}
    data |= show_if(f"{value}-show_if", conditions)
    if choices:
        data[f"{value}-choices-count"] = str(len(choices))
        for number, choice in enumerate(choices):
            data |= {f"{value}-choices-{number}-value": choice, f"{value}-choices-{number}-deleted": ""}
            data |= {f"{value}-choices-{number}-order": str(number), f"{value}-choices-{number}-id": f"{block_id}-{number}"}
    for name, option in options.items():
        data[f"{value}-{name}"] = option
    return data


def step(index, title, fields, conditions=()):
    item = f"steps-{index}"
    data = {f"{item}-deleted": "", f"{item}-order": str(index), f"{item}-type": "step", f"{item}-id": f"s{index}"}
    data |= {f"{item}-value-title": title, f"{item}-value-help": "", f"{item}-value-key": ""}
    data |= show_if(f"{item}-value-show_if", conditions)
    data[f"{item}-value-fields-count"] = str(len(fields))
    for number, make in enumerate(fields):
        data |= make(f"{item}-value-fields", number)
    return data


def form_data(guide, steps, title="农机购置补贴申请表", **extra):
    data = {"title": title, "slug": title, "guide": str(guide.pk) if guide else "", "intro": "请如实填写。"}
    data["steps-count"] = str(len(steps))
    for index, (step_title, fields, conditions) in enumerate(steps):
        data |= step(index, step_title, fields, conditions)
    return data | extra


def two_steps(guide, roles=True, **extra):
    """申请人 (姓名, 是否首次申请, 联系电话) and 补贴机具, shown only when 是否首次申请 is 是 — chosen by block id.
    With roles, 姓名 and 联系电话 are marked 申请人姓名 and 联系电话, so the form may be published."""
    name_role, phone_role = ("applicant_name", "phone") if roles else ("", "")
    return form_data(
        guide,
        [
            ("申请人信息", [
                lambda p, i: field(p, i, "text", "申请人姓名", "f-name", max_length="20", pattern="", pattern_message="", role=name_role),
                lambda p, i: field(p, i, "radio", "是否首次申请", "f-first", choices=["是", "否"]),
                lambda p, i: field(p, i, "mobile", "联系电话", "f-phone", role=phone_role),
            ], ()),
            ("补贴机具", [
                lambda p, i: field(p, i, "integer", "台数", "f-count", min="1", max="10"),
            ], [("@f-first", "equals", "是")]),
        ],
        **extra,
    )  # fmt: skip


def add_url(folder):
    return f"/admin/pages/add/forms/applicationformpage/{folder.pk}/"


# --- who may build which form --------------------------------------------------------


def test_staff_add_a_form_for_their_own_windows_guide(client, site):
    guides, users, folders = site
    client.force_login(users["nongye"])
    assert client.get(add_url(folders["nongye"])).status_code == 200
    response = client.post(add_url(folders["nongye"]), two_steps(guides["NY-003"]))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    form = ApplicationFormPage.objects.get()
    assert form.guide == guides["NY-003"] and form.get_parent().pk == folders["nongye"].pk and not form.live
    # Keys and the slug from what staff wrote; the condition names the field by its new key.
    definition = form.definition
    assert form.slug == "nongji-gouzhi-butie-shenqingbiao"
    assert [s["key"] for s in definition["steps"]] == ["shenqingren_xinxi", "butie_jiju"]
    assert [f["key"] for f in definition["steps"][0]["fields"]] == ["shenqingren_xingming", "shifou_shouci_shenqing", "lianxidianhua"]
    assert definition["steps"][1]["show_if"] == {"field": "shifou_shouci_shenqing", "equals": "是"}
    assert definition["guide"] == "NY-003"


def test_keys_stay_when_a_label_is_renamed(client, site):
    guides, users, folders = site
    client.force_login(users["nongye"])
    client.post(add_url(folders["nongye"]), two_steps(guides["NY-003"]))
    form = ApplicationFormPage.objects.get()
    form.save_revision().publish()
    data = two_steps(guides["NY-003"])
    data["steps-0-value-fields-0-value-label"] = "申请人全名"
    data["steps-0-value-fields-0-value-key"] = "shenqingren_xingming"
    assert client.post(f"/admin/pages/{form.pk}/edit/", data).status_code == 302
    form.refresh_from_db()
    latest = form.get_latest_revision_as_object()
    assert latest.definition["steps"][0]["fields"][0]["key"] == "shenqingren_xingming"
    assert latest.definition["steps"][0]["fields"][0]["label"] == "申请人全名"


def test_staff_cannot_open_or_add_another_windows_forms(client, site):
    guides, users, folders = site
    other = factories.ApplicationFormPageFactory(definition={**factories.DEFINITION, "guide": "MZ-001"})
    revisions = other.revisions.count()
    client.force_login(users["nongye"])
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 403
    response = client.post(f"/admin/pages/{other.pk}/edit/", two_steps(guides["NY-003"], title="被篡改"))
    assert response.status_code == 403
    assert client.get(add_url(folders["minzheng"])).status_code == 403
    assert client.post(add_url(folders["minzheng"]), two_steps(guides["MZ-001"])).status_code == 403
    other.refresh_from_db()
    assert other.title == factories.DEFINITION["title"] and other.revisions.count() == revisions
    assert ApplicationFormPage.objects.count() == 1


@pytest.mark.parametrize(
    "code, message",
    [
        ("MZ-001", "办事指南“最低生活保障申请”（MZ-001）属于“民政窗口”，不是本目录的“农业综合服务窗口”：只能为本窗口的事项建申请表"),
        ("NY-009", "办事指南“尚未发布的事项”（NY-009）尚未发布，不能为它建申请表"),
        (None, "请选择本表申请的办事指南（事项）"),
    ],
)
def test_a_guide_of_another_window_unpublished_or_missing_is_refused(client, site, code, message):
    guides, users, folders = site
    client.force_login(users["nongye"])
    response = client.post(add_url(folders["nongye"]), two_steps(guides.get(code)))
    assert response.status_code == 200
    assert message in response.context["form"].errors["guide"][0]
    assert not ApplicationFormPage.objects.exists()


def test_staff_submit_for_approval_and_the_manager_publishes(client, site):
    guides, users, folders = site
    client.force_login(users["nongye"])
    response = client.post(add_url(folders["nongye"]), two_steps(guides["NY-003"], **{"action-submit": "1"}))
    assert response.status_code == 302
    form = ApplicationFormPage.objects.get()
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(form.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and not form.live
    # Staff may not publish themselves.
    assert not form.permissions_for_user(users["nongye"]).can_publish()
    client.force_login(users["manager"])
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/{form.pk}/edit/",
        two_steps(guides["NY-003"]) | {"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302, response
    form.refresh_from_db()
    task_state.refresh_from_db()
    assert form.live and task_state.status == "approved"
    assert client.get(form.url).status_code == 200
    assert form.url == "/zaixian/nongji-gouzhi-butie-shenqingbiao/"


def test_publishing_needs_the_roles_but_a_draft_saves_without_them(client, site):
    """发布 (and 提交审核) is refused until the form marks 申请人姓名 and 证件号码 or 联系电话; 保存草稿 is not."""
    guides, users, folders = site
    client.force_login(users["manager"])
    publish = {"action-publish": "publish"}
    response = client.post(add_url(folders["nongye"]), two_steps(guides["NY-003"], roles=False, **publish))
    assert response.status_code == 200
    assert "发布前请在字段的“个人信息类别”中标出“申请人姓名”和“证件号码”或“联系电话”" in response.content.decode()
    assert not ApplicationFormPage.objects.exists()  # nothing saved, nothing published
    assert client.post(add_url(folders["nongye"]), two_steps(guides["NY-003"], roles=False)).status_code == 302
    form = ApplicationFormPage.objects.get()
    assert not form.live and form.live_revision is None
    response = client.post(f"/admin/pages/{form.pk}/edit/", two_steps(guides["NY-003"], roles=False, **publish))
    assert response.status_code == 200 and "发布前请在字段" in response.content.decode()
    form.refresh_from_db()
    assert not form.live and form.live_revision is None


def test_a_live_form_keeps_its_live_revision_when_its_roles_are_removed(client, site):
    guides, users, folders = site
    client.force_login(users["manager"])
    publish = {"action-publish": "publish"}
    assert client.post(add_url(folders["nongye"]), two_steps(guides["NY-003"], **publish)).status_code == 302
    form = ApplicationFormPage.objects.get()
    live = form.live_revision
    assert form.live and live is not None
    response = client.post(f"/admin/pages/{form.pk}/edit/", two_steps(guides["NY-003"], roles=False, **publish))
    assert response.status_code == 200 and "发布前请在字段" in response.content.decode()
    form.refresh_from_db()
    assert form.live_revision == live and form.definition["steps"][0]["fields"][0]["role"] == "applicant_name"


# --- every mistake at once, at its place ---------------------------------------------


def test_every_problem_is_shown_beside_its_step_or_field(client, site):
    guides, users, folders = site
    client.force_login(users["nongye"])
    data = form_data(
        guides["NY-003"],
        [
            ("申请人信息", [
                lambda p, i: field(p, i, "text", "申请人姓名", "f-name", max_length="", pattern="", pattern_message=""),
                lambda p, i: field(p, i, "radio", "是否首次申请", "f-first", choices=["是", "否"]),
            ], ()),
            ("家庭情况", [
                lambda p, i: field(p, i, "integer", "家庭人口", "f-people", min="", max=""),
                lambda p, i: field(p, i, "integer", "月收入", "f-income", min="5000", max="100"),
            ], [("@f-first", "equals", "也许")]),
            ("", [lambda p, i: field(p, i, "text", "", "f-empty", max_length="", pattern="", pattern_message="")], ()),
        ],
    )  # fmt: skip
    response = client.post(add_url(folders["nongye"]), data)
    assert response.status_code == 200
    assert not ApplicationFormPage.objects.exists()
    error = response.context["form"].errors["steps"].as_data()[0]
    assert set(error.block_errors) == {1, 2}
    family = error.block_errors[1]
    assert [str(e.message) for e in family.non_block_errors.as_data()] == [
        "第 2 步“家庭情况”的显示条件：条件的值“也许”不是字段“是否首次申请”的选项"
    ]
    income = family.block_errors["fields"].block_errors[1]
    assert [str(e.message) for e in income.non_block_errors.as_data()] == ["第 2 步“家庭情况”的字段“月收入”：最小值大于最大值"]
    assert set(family.block_errors["fields"].block_errors) == {1}
    third = error.block_errors[2]
    assert [str(e.message) for e in third.non_block_errors.as_data()] == ["第 3 步：步骤标题必填"]
    assert [str(e.message) for e in third.block_errors["fields"].block_errors[0].non_block_errors.as_data()] == [
        "第 3 步的第 1 个字段：字段名称必填"
    ]
    page = response.content.decode()
    assert "key" not in "".join(str(e.message) for e in family.non_block_errors.as_data())
    assert "slug 必填" not in page


def test_a_chinese_title_never_fails_for_its_slug(client, site):
    guides, users, folders = site
    client.force_login(users["nongye"])
    data = two_steps(guides["NY-003"], title="林木采伐许可申请表")
    data["slug"] = ""
    assert client.post(add_url(folders["nongye"]), data).status_code == 302
    assert ApplicationFormPage.objects.get().slug == "linmu-caifa-xuke-shenqingbiao"


# --- folders follow windows and guides ---------------------------------------------


def test_a_window_created_later_gets_its_folder_and_rights(site):
    window = factories.WindowFactory(name="新设窗口", slug="xinshe")
    folder = FormFolderPage.objects.get(window=window)
    assert folder.get_parent().specific_class.__name__ == "FormIndexPage"
    staff = factories.UserFactory(username="xinshe", groups=[window.staff_group])
    assert folder.permissions_for_user(staff).can_add_subpage()
    assert not folder.permissions_for_user(staff).can_publish_subpage()


def test_forms_follow_their_guide_to_another_window(site):
    guides, _, folders = site
    form = factories.ApplicationFormPageFactory(definition={**factories.DEFINITION, "guide": "MZ-001"})
    assert form.get_parent().pk == folders["minzheng"].pk
    guides["MZ-001"].move(Page.objects.get(pk=guides["NY-003"].get_parent().pk), pos="last-child")
    form.refresh_from_db()
    assert form.get_parent().pk == folders["nongye"].pk
    assert form.url == f"/zaixian/{form.slug}/"


def test_upgrade_files_forms_left_under_the_index(site):
    from forms.folders import upgrade

    guides, _, folders = site
    form = factories.ApplicationFormPageFactory(definition={**factories.DEFINITION, "guide": "NY-003"})
    index = folders["nongye"].get_parent()
    form.move(index, pos="last-child")
    upgrade()
    upgrade()  # idempotent
    form.refresh_from_db()
    assert form.get_parent().pk == folders["nongye"].pk
    assert FormFolderPage.objects.filter(window=folders["nongye"].window).count() == 1


def test_a_made_slug_never_takes_a_window_folders_address(client, site):
    guides, users, folders = site
    client.force_login(users["nongye"])
    data = two_steps(guides["NY-003"], title="农业")
    assert client.post(add_url(folders["nongye"]), data).status_code == 302
    form = ApplicationFormPage.objects.get()
    assert form.slug == "nongye-2" and form.url == "/zaixian/nongye-2/"
    data = two_steps(guides["NY-003"], title="农业", slug="nongye")
    response = client.post(f"/admin/pages/{form.pk}/edit/", data)
    assert "网址 nongye 已被其他申请表或窗口目录使用" in str(response.context["form"].errors)


def test_a_guide_of_another_window_than_the_users_is_refused_even_in_a_folder_without_window(site):
    from forms.folders import folder_for

    guides, users, _ = site
    unassigned = folder_for(None)
    form_class = ApplicationFormPage.get_edit_handler().get_form_class()
    data = two_steps(guides["MZ-001"])
    form = form_class(data, instance=ApplicationFormPage(), parent_page=unassigned, for_user=users["nongye"])
    assert not form.is_valid()
    assert "属于“民政窗口”，不是您所在的窗口" in form.errors["guide"][0]
    managers = form_class(data, instance=ApplicationFormPage(), parent_page=unassigned, for_user=users["manager"])
    assert "guide" not in managers.errors
