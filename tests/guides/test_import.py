"""import_guides / export_guides per the spec's guide-import.md (its example file is in tests/data/)."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from guides.importing import ImportFailed, parse_csv, parse_json
from guides.models import Material, ServiceGuidePage, Window
from tests.support import raw

pytestmark = pytest.mark.django_db


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(content, encoding=encoding)
    return path


def guide_state():
    """A snapshot of everything import could touch."""
    return (
        list(ServiceGuidePage.objects.order_by("code").values_list("code", "title", "promised_days")),
        Material.objects.count(),
        Window.objects.count(),
        Revision.objects.count(),
    )


def test_example_file_imports_and_publishes(tmp_path, example_items):
    path = write(tmp_path, "items.json", json.dumps({"items": example_items}, ensure_ascii=False))
    call_command("import_guides", str(path))
    guide = ServiceGuidePage.objects.get(code="JS-101")
    assert guide.live and guide.title == "独生子女父母光荣证办理"
    assert guide.window.name == "人口与计划生育窗口"
    assert [m.name for m in guide.materials.all()][:2] == ["夫妻双方居民身份证", "结婚证"]
    assert guide.materials.get(name="一寸近期免冠合影照片").required is False
    assert guide.get_parent().specific.window == guide.window
    assert guide.themes.get().name == "生育收养"
    assert ServiceGuidePage.objects.get(code="CJ-301").fees.get().amount == 0


def test_reimport_changes_nothing(tmp_path, example_items):
    path = write(tmp_path, "items.json", json.dumps(example_items, ensure_ascii=False))
    call_command("import_guides", str(path))
    before = guide_state()
    call_command("import_guides", str(path))
    assert guide_state() == before


def test_changed_item_becomes_new_published_revision(import_guides, full_item):
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    revisions = guide.revisions.count()
    full_item["promised_days"] = 15
    full_item["materials"].append({"name": "银行卡复印件"})
    report = import_guides(full_item)
    assert report.updated == ["MZ-001"]
    guide.refresh_from_db()
    assert guide.promised_days == 15
    assert guide.materials.count() == 3
    assert guide.revisions.count() == revisions + 1
    assert guide.live_revision == guide.latest_revision


def test_absent_keys_keep_stored_values(import_guides, full_item):
    import_guides(full_item)
    import_guides({"code": "MZ-001", "name": "最低生活保障申请", "window": "民政窗口", "summary": "新的概述"})
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    assert guide.summary == "新的概述"
    assert guide.faqs.count() == 1 and guide.materials.count() == 2


def test_window_change_moves_guide(import_guides, full_item):
    import_guides(full_item)
    full_item["window"] = "综合窗口"
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get(code="MZ-001")
    assert guide.window.name == "综合窗口"
    assert guide.get_parent().specific.window.name == "综合窗口"


CSV_HEADER = "code,name,window,item_type,themes,materials,steps,legal_days,promised_days,fees,basis,online,keywords\n"


def test_csv_with_bom(tmp_path):
    row = (
        'MZ-009,临时救助申请,民政窗口,行政给付,社会救助、困难帮扶,"户口簿|复印件|1|是|申请人自备|\n'
        '情况说明|原件|1|否|村委会出具|容缺",'
        '"申请|申请人|0|到窗口提交\n审批|民政办|5|",10,5,"工本费|0.00|免收","《社会救助暂行办法》|第四十七条|国务院令第649号",是,临时救济;急难救助\n'
    )
    path = write(tmp_path, "items.csv", CSV_HEADER + row, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    call_command("import_guides", str(path))
    guide = ServiceGuidePage.objects.get(code="MZ-009")
    assert [(m.name, m.required) for m in guide.materials.all()] == [("户口簿", True), ("情况说明", False)]
    assert [(s.name, s.days) for s in guide.steps.all()] == [("申请", 0), ("审批", 5)]
    assert guide.legal_bases.get().doc_number == "国务院令第649号"
    assert guide.online is True
    assert guide.keyword_list == ["临时救济", "急难救助"]
    assert sorted(t.name for t in guide.themes.all()) == ["困难帮扶", "社会救助"]


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"code": ""}, "code", "必填"),
        ({"item_type": "行政审批"}, "item_type", "不在可选值中"),
        ({"promised_days": 40}, "promised_days", "不能超过法定办结时限"),
        ({"legal_days": "三十"}, "legal_days", "不是整数"),
        ({"visits": -1}, "visits", "负数"),
        ({"handling_type": "急件"}, "handling_type", "不在可选值中"),
        ({"fees": [{"name": "工本费", "amount": "二十元"}]}, "fees[1].amount", "不是金额"),
        ({"materials": [{"form": "原件"}]}, "materials[1].name", "必填"),
        ({"materials": [{"name": "户口簿", "copies": "两份"}]}, "materials[1].copies", "不是整数"),
        ({"online": "也许"}, "online", "不是是/否"),
        ({"name": "   "}, "name", "必填"),
    ],
)
def test_bad_row_changes_nothing_and_names_row_and_field(import_guides, full_item, change, field, words):
    good = dict(full_item, code="MZ-100", name="特困人员救助供养")
    import_guides(good)
    before = guide_state()
    bad = {**full_item, "code": "MZ-101", **change}
    with pytest.raises(ImportFailed) as failure:
        import_guides(dict(good, summary="这一项本身没问题"), bad)
    assert guide_state() == before
    messages = [str(e) for e in failure.value.errors]
    assert any("第 2 项" in m and field in m and words in m for m in messages), messages
    assert ServiceGuidePage.objects.get(code="MZ-100").summary != "这一项本身没问题"


def test_duplicate_code_in_file(import_guides, full_item):
    with pytest.raises(ImportFailed) as failure:
        import_guides(full_item, dict(full_item, name="重复"))
    assert ServiceGuidePage.objects.count() == 0
    assert "第 2 项（MZ-001） 字段 code" in str(failure.value.errors[0])
    assert "重复" in str(failure.value.errors[0])


def test_not_json_fails_whole(tmp_path):
    path = write(tmp_path, "items.json", '{"items": [ {"code": "A-1", ')
    with pytest.raises(CommandError):
        call_command("import_guides", str(path))
    with pytest.raises(ImportFailed, match="不是有效的 JSON"):
        parse_json('{"items": [')
    assert ServiceGuidePage.objects.count() == 0


def test_csv_row_errors_use_spreadsheet_line_numbers():
    items = parse_csv(CSV_HEADER + "A-1,甲,综合窗口\n,乙,综合窗口\n")
    assert [str(i.source) for i in items] == ["第 2 行", "第 3 行"]


def test_dry_run_writes_nothing(tmp_path, example_items, capsys):
    path = write(tmp_path, "items.json", json.dumps(example_items, ensure_ascii=False))
    call_command("import_guides", str(path), "--dry-run")
    assert ServiceGuidePage.objects.count() == 0
    assert Window.objects.count() == 0
    assert "新增 3 项" in capsys.readouterr().out


def test_unknown_keys_are_warnings(import_guides, full_item):
    report = import_guides(dict(full_item, colour="red"))
    assert any("colour" in str(w) for w in report.warnings)
    assert ServiceGuidePage.objects.filter(code="MZ-001").exists()


def test_item_must_be_object():
    from guides.importing import validate

    _, errors, _ = validate(raw("not an object"))
    assert "第 1 项" in str(errors[0])


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip(tmp_path, import_guides, full_item, example_items, fmt):
    full_item["steps"][0]["description"] = "提交材料，窗口当场审核"
    import_guides(full_item, *example_items)
    out = tmp_path / f"export.{fmt}"
    call_command("export_guides", "--format", fmt, "--output", str(out))
    if fmt == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    before = guide_state()
    call_command("import_guides", str(out))
    assert guide_state() == before  # nothing changed: the export says exactly what is stored

    # …and into an empty database it recreates the same guides.
    from guides.serializers import guide_to_dict

    stored = {g.code: guide_to_dict(g) for g in ServiceGuidePage.objects.all()}
    ServiceGuidePage.objects.all().delete()
    call_command("import_guides", str(out))
    assert {g.code: guide_to_dict(g) for g in ServiceGuidePage.objects.all()} == stored


def test_export_json_to_stdout(import_guides, full_item, capsys):
    import_guides(full_item)
    call_command("export_guides")
    data = json.loads(capsys.readouterr().out)
    assert data["items"][0]["code"] == "MZ-001"
    assert data["items"][0]["fees"] == []
    assert data["items"][0]["materials"][1]["required"] is False


def test_theme_order_is_not_a_change(import_guides, full_item):
    full_item["themes"] = ["社会救助", "残疾人服务"]
    import_guides(full_item)
    full_item["themes"] = ["残疾人服务", "社会救助"]
    assert import_guides(full_item).unchanged == ["MZ-001"]


def test_list_order_is_kept(import_guides, full_item):
    names = [f"材料{i}" for i in range(12)]
    full_item["materials"] = [{"name": n} for n in reversed(names)]
    import_guides(full_item)
    guide = ServiceGuidePage.objects.get()
    assert [m.sort_order for m in guide.materials.all()] == list(range(12))
    assert [m.name for m in guide.materials.all()] == list(reversed(names))


def test_online_url_fills_the_guide_and_shows_as_the_way_to_apply(tmp_path, import_guides, full_item, client):
    """网办地址 (online_url): where an item is handled online on another platform."""
    address = "https://zwfw.example.gov.cn/item/MZ-201"
    item = dict(full_item, code="MZ-201", name="医保参保登记", online_url=address)
    del item["online"]
    import_guides(item)
    guide = ServiceGuidePage.objects.get(code="MZ-201")
    assert guide.online_url == address and guide.online is True  # the address says it can be done online
    html = client.get(guide.url).content.decode()
    assert "网上办理" in html and f'href="{address}"' in html and "前往网上办理" in html

    # CSV column online_url; export → import round-trips it.
    path = write(tmp_path, "items.csv", "code,name,window,online,online_url\nMZ-202,灵活就业登记,社保窗口,是,https://rs.example.gov.cn/a?b=1\n")
    call_command("import_guides", str(path))
    assert ServiceGuidePage.objects.get(code="MZ-202").online_url == "https://rs.example.gov.cn/a?b=1"
    out = tmp_path / "export.json"
    call_command("export_guides", "-o", str(out))
    exported = {i["code"]: i for i in json.loads(out.read_text(encoding="utf-8"))["items"]}
    assert exported["MZ-201"]["online_url"] == address
    revisions = Revision.objects.count()
    import_guides(exported["MZ-201"])
    assert Revision.objects.count() == revisions  # unchanged: nothing written


@pytest.mark.parametrize(
    "change, words",
    [
        ({"online_url": "zwfw.example.gov.cn"}, "不是有效的网址"),
        ({"online_url": "javascript:alert(1)"}, "不是有效的网址"),
        ({"online_url": "https://zwfw.example.gov.cn/", "online": False}, "可网上申报（online）却为否"),
    ],
)
def test_bad_online_url_is_refused(import_guides, full_item, change, words):
    with pytest.raises(ImportFailed) as failure:
        import_guides({**full_item, **change})
    assert any("online_url" in str(e) and words in str(e) for e in failure.value.errors), failure.value.errors
    assert not ServiceGuidePage.objects.filter(code="MZ-001").exists()
