"""The attacks of issue 12 retried, and what each role holds by the README."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core.roles import MANAGER_GROUP
from guides.models import GuideChange, ReviewFlag, Window, WindowStaff
from network.models import AgencyPoint, LocalGuideDetails, Village

ROOT = Path(__file__).resolve().parents[2]


def bulk_delete(model):
    return reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"])


# --- Bulk actions ------------------------------------------------------------------


def test_window_staff_cannot_bulk_delete_another_windows_staff(w):
    target = w.others["windowstaff"]  # 劳动保障's
    client = w.client("own_window")  # minzheng
    response = client.post(f"{bulk_delete(WindowStaff)}?id={target.pk}")
    assert response.status_code == 404
    assert WindowStaff.objects.filter(pk=target.pk).exists()
    # Mixed with one of their own: only their own goes.
    own = w.objects["windowstaff"]
    client.post(f"{bulk_delete(WindowStaff)}?id={target.pk}&id={own.pk}")
    assert WindowStaff.objects.filter(pk=target.pk).exists()
    assert not WindowStaff.objects.filter(pk=own.pk).exists()


def test_township_staff_cannot_bulk_delete_another_townships_points_or_details(w):
    client = w.client("township_a")  # dongshan
    for model, key in ((AgencyPoint, "agencypoint"), (LocalGuideDetails, "localguidedetails"), (Village, "village")):
        target = w.others[key]  # 西河镇's
        response = client.post(f"{bulk_delete(model)}?id={target.pk}")
        assert response.status_code == 404, model
        assert model.objects.filter(pk=target.pk).exists(), model
        assert "西河" not in client.get(f"{bulk_delete(model)}?id=all").content.decode(), model


def test_bulk_id_all_lists_only_what_the_user_keeps(w):
    html = w.client("own_window").get(f"{bulk_delete(WindowStaff)}?id=all").content.decode()
    assert "民政甲员工" in html and "劳动乙员工" not in html
    html = w.client("township_a").get(f"{bulk_delete(Village)}?id=all").content.decode()
    assert "东山一村" in html and "西河一村" not in html
    html = w.client("manager").get(f"{bulk_delete(Village)}?id=all").content.decode()
    assert "东山一村" in html and "西河一村" in html


def test_bulk_delete_needs_the_model_permission(w):
    response = w.client("township_a").post(f"{bulk_delete(WindowStaff)}?id={w.objects['windowstaff'].pk}")
    assert response.status_code == 403
    assert WindowStaff.objects.filter(pk=w.objects["windowstaff"].pk).exists()
    response = w.client("own_window").post(f"{bulk_delete(Window)}?id={w.objects['window'].pk}")
    assert response.status_code == 403 and Window.objects.filter(pk=w.objects["window"].pk).exists()


def test_bulk_delete_with_a_malformed_id_is_not_an_error(w):
    assert w.client("manager").get(f"{bulk_delete(WindowStaff)}?id=abc").status_code == 404


# --- History and usage ------------------------------------------------------------------


@pytest.mark.parametrize("view", ["history", "usage"])
def test_history_and_usage_answer_the_keeper_and_refuse_others(w, view):
    staff = w.objects["windowstaff"]
    url = reverse(f"wagtailsnippets_guides_windowstaff:{view}", args=[staff.pk])
    assert w.client("own_window").get(url).status_code == 200
    assert w.client("manager").get(url).status_code == 200
    assert w.client("other_window").get(url).status_code == 403
    details = w.objects["localguidedetails"]
    url = reverse(f"wagtailsnippets_network_localguidedetails:{view}", args=[details.pk])
    assert w.client("township_a").get(url).status_code == 200
    assert w.client("township_b").get(url).status_code == 403


def test_chooser_offers_only_own_windows_staff(w):
    url = reverse("wagtailsnippetchoosers_guides_windowstaff:choose")
    html = w.client("own_window").get(url).content.decode("unicode_escape")
    assert "民政甲员工" in html and "劳动乙员工" not in html
    other = w.others["windowstaff"]
    chosen = reverse("wagtailsnippetchoosers_guides_windowstaff:chosen", args=[other.pk])
    assert w.client("own_window").get(chosen).status_code == 404


# --- Masked search ------------------------------------------------------------------------

CASES = "casedesk_cases_modeladmin_index"


def listed(client, **params):
    return client.get(reverse(CASES), params).content.decode()


def test_without_personal_data_the_case_search_matches_the_reference_only(w):
    case = w.objects["submission"]  # 王秀英, 民政
    staff = w.client("own_window")  # minzheng: no 查看个人信息
    assert case.reference in listed(staff)
    for term in ("王", "秀", "王秀英", "13800138000", "0042", case.answers["id_number"][-4:]):
        assert case.reference not in listed(staff, q=term), term
    assert case.reference in listed(staff, q=case.reference)
    assert case.reference in listed(staff, q=case.reference[-4:])
    # The export follows the same search.
    export = staff.get(reverse(CASES), {"q": "王", "export": "csv"})
    assert export.status_code == 200 and case.reference not in b"".join(export.streaming_content).decode("utf-8-sig")
    export = staff.get(reverse(CASES), {"q": case.reference, "export": "csv"})
    assert case.reference in b"".join(export.streaming_content).decode("utf-8-sig")


def test_with_personal_data_the_case_search_matches_names(w):
    case = w.objects["submission"]
    assert case.reference in listed(w.client("manager"), q="王秀英")
    # The manager's group holds 查看个人信息; the same user without it is back to references.
    managers = Group.objects.get(name=MANAGER_GROUP)
    managers.permissions.remove(Permission.objects.get(codename="view_personal_data"))
    assert case.reference not in listed(w.client("manager"), q="王秀英")


# --- What each role holds (README) ----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailsettings:edit", args=["core", "centresettings"]),  # 中心设置
        reverse("wagtailsites:index"),  # 站点
        reverse("wagtailsites:add"),
        reverse("wagtailusers_groups:index"),  # 用户组
        reverse("wagtailusers_groups:add"),
        reverse("wagtailsnippets_network_localguidedetails:list"),  # 本镇办理信息
        reverse("wagtailsnippets_network_localguidedetails:add"),
        reverse("wagtailsnippets_core_holiday:list"),
        reverse("wagtailsnippets_guides_window:list"),
    ],
)
def test_manager_opens_what_the_readme_tells_managers_to_use(w, url):
    response = w.client("manager").get(url, follow=True)
    assert response.status_code == 200, url


@pytest.mark.parametrize("url", [reverse("wagtailsites:index"), reverse("wagtailusers_groups:index")])
def test_window_and_township_staff_do_not_manage_sites_or_groups(w, url):
    for role in ("own_window", "township_a"):
        response = w.client(role).get(url)
        assert response.status_code in (302, 403), (role, url)


def test_managers_keep_local_details_by_role_even_without_the_group_permission(w):
    """Data-independent: an install whose managers' group lacks the permission rows."""
    managers = Group.objects.get(name=MANAGER_GROUP)
    managers.permissions.remove(*Permission.objects.filter(content_type__model="localguidedetails"))
    html = w.client("manager").get(reverse("wagtailsnippets_network_localguidedetails:list")).content.decode()
    assert "东山镇一号窗口" in html and "西河镇三号窗口" in html


def test_window_staff_cannot_confirm_a_review_flag_nor_write_the_change_log(w):
    guide, flag = w.objects["guide"], w.objects["reviewflag"]
    url = reverse("guide_review_confirm", args=[guide.pk])
    changes = GuideChange.objects.filter(guide=guide).count()
    assert w.client("own_window").post(url, {"note": "已核对"}).status_code == 403
    assert ReviewFlag.objects.open().filter(pk=flag.pk).exists()
    assert GuideChange.objects.filter(guide=guide).count() == changes
    html = w.client("own_window").get(reverse("guide_reviews")).content.decode()
    assert guide.title in html and "确认无需修改</button>" not in html
    assert w.client("manager").post(url, {"note": "已核对"}).status_code == 302
    assert not ReviewFlag.objects.open().filter(pk=flag.pk).exists()
    assert GuideChange.objects.filter(guide=guide, note__contains="已核对").exists()


def test_renaming_a_window_keeps_its_staff(w):
    window = Window.objects.get(pk=w.objects["windowstaff"].window_id)
    window.name = "民政和社会事务窗口"
    window.save()
    assert w.client("own_window").get(reverse("wagtailsnippets_guides_windowstaff:list")).content.decode().count("民政甲员工")
    assert w.objects["submission"].reference in listed(w.client("own_window"))


def test_is_manager_is_defined_once():
    definitions = []
    for package in ("centre", "core", "guides", "network", "search", "notices", "pages", "forms", "cases", "casedesk"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.Lambda)) and getattr(node, "name", "").lstrip("_") == "is_manager":
                    definitions.append(str(path.relative_to(ROOT)))
    assert definitions == ["core/roles.py"]
