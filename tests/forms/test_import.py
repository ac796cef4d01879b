"""export_form / import_form, admin validation, demo forms. (受理编号: tests/cases/test_references.py.)"""

import json

import pytest
from django.core.management import CommandError, call_command

from forms.definition import check_definition
from forms.importing import FormImportFailed, import_definition
from forms.models import ApplicationFormPage
from tests.support import DEFINITION, definition

# Every form here is for MZ-001 (the `guide` fixture), as the import requires a known 事项编码.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("guide")]


def write(tmp_path, data):
    path = tmp_path / "form.json"
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_import_then_export_round_trips(tmp_path, capsys):
    call_command("import_form", str(write(tmp_path, DEFINITION)))
    page = ApplicationFormPage.objects.get(slug="test-application")
    folder = page.get_parent().specific
    assert page.live and folder.window == page.guide.window and folder.get_parent().slug == "zaixian"
    assert page.url == "/zaixian/test-application/"
    capsys.readouterr()
    call_command("export_form", "test-application")
    exported = json.loads(capsys.readouterr().out)
    assert exported["title"] == DEFINITION["title"] and exported["guide"] == "MZ-001"
    for got, want in zip(exported["steps"], DEFINITION["steps"], strict=True):
        assert got["key"] == want["key"] and got["show_if"] == want.get("show_if")
        for got_field, want_field in zip(got["fields"], want["fields"], strict=True):
            for option, value in want_field.items():
                assert got_field[option] == value, (want_field["key"], option)
    revisions = page.revisions.count()
    # Importing the export changes nothing; into a fresh site it recreates the same form.
    call_command("import_form", str(write(tmp_path, exported)))
    assert page.revisions.count() == revisions
    ApplicationFormPage.objects.all().delete()
    call_command("import_form", str(write(tmp_path, exported)))
    assert ApplicationFormPage.objects.get(slug="test-application").definition["steps"] == exported["steps"]


def test_changed_definition_is_a_new_revision():
    import_definition(DEFINITION)
    page = ApplicationFormPage.objects.get()
    changed = definition(title="测试申请表（2027版）")
    assert import_definition(changed)[0] == "updated"
    page.refresh_from_db()
    assert page.title == "测试申请表（2027版）" and page.revisions.count() == 2 and page.live_revision == page.latest_revision


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "不是有效的 JSON"),
        (json.dumps(definition(steps=[])), "至少要有一个步骤"),
        (json.dumps({**DEFINITION, "steps": [{**DEFINITION["steps"][1]}] + DEFINITION["steps"]}), "第 1 步“承包土地情况”的显示条件"),
    ],
)
def test_bad_file_is_rejected_whole(tmp_path, capsys, content, message):
    with pytest.raises(CommandError):
        call_command("import_form", str(write(tmp_path, content)))
    assert message in capsys.readouterr().err
    assert not ApplicationFormPage.objects.exists()


def test_bad_update_keeps_old_definition():
    import_definition(DEFINITION)
    bad = definition()
    bad["steps"][0]["fields"][2]["sample"] = "12345"
    with pytest.raises(FormImportFailed, match="第 1 步“申请人信息”的字段“手机号码”"):
        import_definition(bad)
    assert ApplicationFormPage.objects.get().revisions.count() == 1


def test_dry_run_and_parent(tmp_path, capsys):
    call_command("import_form", str(write(tmp_path, DEFINITION)), "--dry-run")
    assert not ApplicationFormPage.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_form", str(write(tmp_path, DEFINITION)), "--parent", "/banshi/")
    call_command("import_form", str(write(tmp_path, DEFINITION)), "--parent", "/zaixian/")
    assert ApplicationFormPage.objects.filter(slug="test-application").exists()


def test_unknown_guide_code_is_refused_and_nothing_written():
    with pytest.raises(FormImportFailed, match="事项编码 MZ-03 没有对应的办事指南"):
        import_definition(definition(guide="MZ-03"))
    assert not ApplicationFormPage.objects.exists()


def test_form_without_guide_goes_to_the_unassigned_folder():
    data = definition()
    del data["guide"]
    outcome, warnings = import_definition(data)
    page = ApplicationFormPage.objects.get()
    assert outcome == "created" and page.guide is None and page.get_parent().specific.window is None
    assert any("未对应事项的申请表" in warning for warning in warnings)


def test_demo_forms_are_complete(settings):
    guide_codes = {json.loads(p.read_text(encoding="utf-8"))["guide"] for p in (settings.BASE_DIR / "fixtures" / "forms").glob("*.json")}
    assert len(guide_codes) >= 6
    for path in sorted((settings.BASE_DIR / "fixtures" / "forms").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert check_definition(data) == [], path.name
        assert len(data["steps"]) >= 3
        assert any(step.get("show_if") for step in data["steps"]) or any(
            field.get("show_if") for step in data["steps"] for field in step["fields"]
        )
        for step in data["steps"]:
            for field in step["fields"]:
                if field.get("required") and field["type"] not in ("file", "heading"):
                    assert field.get("sample") not in (None, ""), (path.name, field["key"])
