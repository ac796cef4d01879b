"""Import hardening: codes unique without regard to case, everything the
database would refuse caught by validation (so --dry-run tells the truth), a
JSON nesting cap, CSV read as a stream with the first 100 errors reported."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from forms.importing import FormImportFailed, read_definition
from guides.importing import MAX_REPORTED, ImportFailed, import_file, iter_items
from guides.models import Material, ServiceGuidePage, Theme, Window

pytestmark = pytest.mark.django_db

CSV_HEADER = "code,name,window,themes,summary\n"


def state():
    return (
        list(ServiceGuidePage.objects.order_by("code").values_list("code", "title")),
        Material.objects.count(), Window.objects.count(), Theme.objects.count(), Revision.objects.count(),
    )  # fmt: skip


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def run_import(path, *args):
    """(succeeded, stderr) of manage.py import_guides."""
    import io

    err = io.StringIO()
    try:
        call_command("import_guides", str(path), *args, stderr=err, stdout=io.StringIO())
    except CommandError:
        return False, err.getvalue()
    return True, err.getvalue()


def test_codes_differing_in_case_refused_within_a_file(tmp_path):
    path = write(tmp_path, "items.csv", CSV_HEADER + "MZ-001,低保,民政窗口,,\nmz-001,低保二,民政窗口,,\n")
    before = state()
    for args in ([], ["--dry-run"]):
        ok, err = run_import(path, *args)
        assert not ok and "第 3 行（mz-001） 字段 code（事项编码）" in err and "只差大小写" in err
    assert state() == before


def test_codes_differing_in_case_refused_against_the_database(tmp_path, import_guides, full_item):
    import_guides(full_item)
    before = state()
    path = write(tmp_path, "items.json", json.dumps([{"code": "mz-001", "name": "低保", "window": "民政窗口"}]))
    for args in (["--dry-run"], []):
        ok, err = run_import(path, *args)
        assert not ok and "第 1 项（mz-001） 字段 code（事项编码）" in err and "MZ-001" in err
    assert state() == before
    assert ServiceGuidePage.objects.filter(code__iexact="mz-001").count() == 1


@pytest.mark.parametrize(
    "item, field, words",
    [
        ({"themes": ["主" * 51]}, "themes[1]", "主题名称太长了"),
        ({"name": "低保\x00申请"}, "name（事项名称）", "控制字符"),
        ({"summary": "概述\x00"}, "summary（概述）", "控制字符"),
        ({"themes": ["社会\x00救助"]}, "themes[1]", "控制字符"),
        ({"materials": [{"name": "户口簿\x00"}]}, "materials[1].name", "控制字符"),
        ({"keywords": ["低保\x07"]}, "keywords[1]", "控制字符"),
    ],
)
def test_what_the_database_would_refuse_fails_the_dry_run_too(tmp_path, item, field, words):
    path = write(tmp_path, "items.json", json.dumps([{"code": "MZ-009", "name": "低保", "window": "民政窗口", **item}]))
    before = state()
    for args in (["--dry-run"], []):
        ok, err = run_import(path, *args)
        assert not ok and field in err and words in err, err
    assert state() == before


def test_nul_in_a_csv_cell_is_reported_not_crashed(tmp_path):
    path = write(tmp_path, "items.csv", CSV_HEADER + "MZ-001,低\x00保,民政窗口,,\n")
    before = state()
    ok, err = run_import(path, "--dry-run")
    assert not ok and "第 2 行" in err and "控制字符" in err
    assert state() == before


def test_deeply_nested_json_is_refused_with_a_message(tmp_path):
    path = write(tmp_path, "items.json", "[" * 100_000 + "]" * 100_000)
    before = state()
    ok, err = run_import(path, "--dry-run")
    assert not ok and "JSON 嵌套太深" in err and "Traceback" not in err
    assert state() == before
    # Brackets inside strings are text, not nesting.
    fine = write(tmp_path, "ok.json", json.dumps([{"code": "MZ-001", "name": "[" * 50, "window": "民政窗口"}]))
    assert run_import(fine, "--dry-run")[0]


def test_form_definition_nesting_is_capped(tmp_path):
    path = write(tmp_path, "form.json", '{"steps": ' + "[" * 50_000 + "]" * 50_000 + "}")
    with pytest.raises(FormImportFailed) as failure:
        read_definition(path)
    assert "嵌套太深" in str(failure.value)


def test_first_hundred_errors_reported(tmp_path):
    rows = "".join(f"BAD CODE {n},名称,窗口,,\n" for n in range(250))
    path = write(tmp_path, "items.csv", CSV_HEADER + rows)
    with pytest.raises(ImportFailed) as failure:
        import_file(path, dry_run=True)
    errors = [str(e) for e in failure.value.errors]
    assert len(errors) == MAX_REPORTED + 1 and "第 2 行" in errors[0]
    assert "另有 150 处错误未列出" in errors[-1]
    assert not ServiceGuidePage.objects.exists()


def test_csv_is_read_as_a_stream(tmp_path):
    path = write(tmp_path, "items.csv", CSV_HEADER + "MZ-001,低保,民政窗口,,\nMZ-002,特困,民政窗口,,\n")
    items = iter_items(path)
    assert next(items).data["code"] == "MZ-001"  # a generator: one row at a time
    assert next(items).data["code"] == "MZ-002"


def test_streamed_import_writes_and_dry_run_tells_the_truth(tmp_path):
    path = write(tmp_path, "items.csv", CSV_HEADER + "MZ-001,低保,民政窗口,社会救助,概述\nMZ-002,特困,民政窗口,,\n")
    report = import_file(path, dry_run=True)
    assert report.created == ["MZ-001", "MZ-002"] and not ServiceGuidePage.objects.exists()
    report = import_file(path)
    assert report.created == ["MZ-001", "MZ-002"] and ServiceGuidePage.objects.count() == 2
    assert import_file(path, dry_run=True).unchanged == ["MZ-001", "MZ-002"]
