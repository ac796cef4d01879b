"""Files stay with the draft once accepted: kept across steps, errors of
other fields and 删除/替换; several files per field with their limits; 修改
on 核对信息 returns there; a date that defaults to today."""

import io
import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from cases.answers import answer_sections
from cases.models import Submission
from forms.blocks import field_from_definition, field_to_definition
from forms.definition import check_definition
from forms.models import Draft
from forms.uploads import accept_uploads, human_size
from tests import factories

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PNG_HEAD = b"\x89PNG\r\n\x1a\n"

DEFINITION = {
    "slug": "upload-test",
    "title": "上传测试表",
    "guide": None,
    "intro": "",
    "steps": [
        {
            "key": "docs",
            "title": "材料",
            "fields": [
                {"key": "name", "label": "姓名", "type": "text", "required": True},
                {"key": "kind", "label": "申请类型", "type": "radio", "required": True, "choices": ["首次", "变更"]},
                {"key": "id_copy", "label": "身份证复印件", "type": "file", "required": True, "accept": ["png", "pdf"], "max_mb": 1},
                {"key": "proofs", "label": "证明材料", "type": "file", "required": False, "accept": ["png"], "max_mb": 1,
                 "multiple": True, "max_files": 3, "max_total_mb": 2},
                {"key": "apply_date", "label": "申请日期", "type": "date", "required": True, "default": "today"},
            ],
        },
        {
            "key": "change",
            "title": "变更事项",
            "show_if": {"field": "kind", "equals": "变更"},
            "fields": [{"key": "reason", "label": "变更原因", "type": "text", "required": True}],
        },
        {"key": "contact", "title": "联系方式", "fields": [{"key": "phone", "label": "手机号码", "type": "mobile", "required": True}]},
    ],
}  # fmt: skip


def png(name, size=100):
    upload = io.BytesIO(PNG_HEAD + b"\0" * (size - len(PNG_HEAD)))
    upload.name = name
    return upload


@pytest.fixture
def page(db):
    return factories.ApplicationFormPageFactory(definition=DEFINITION)


class Resident:
    def __init__(self, page):
        self.page, self.client = page, Client()
        self.prefix = f"application_{page.pk}"

    def url(self, step, query=""):
        return f"{self.page.url}step/{step}/{query}"

    def post(self, step, fields=None, query="", **extra):
        data = {f"{self.prefix}-current_step": step, **{f"{step}-{k}": v for k, v in (fields or {}).items()}, **extra}
        return self.client.post(self.url(step, query), data)

    def html(self, step, query=""):
        return self.client.get(self.url(step, query)).content.decode()


def docs(**changes):
    return {"name": "王秀英", "kind": "首次", "apply_date": "2024-03-01", **changes}


def kept(key):
    return Draft.objects.get().data["uploads"].get(key, [])


def errors(response):
    return re.findall(r'class="field__errors"[^>]*>(.*?)</ul>', response.content.decode(), re.S)


def test_a_kept_file_answers_a_required_field_when_the_step_is_sent_again(page):
    resident = Resident(page)
    resident.html("docs")
    assert resident.post("docs", docs(id_copy=png("身份证.png", 2048))).status_code == 302
    [record] = kept("id_copy")
    assert storages["private"].exists(record["tmp_name"]) and record["name"] == "身份证.png"

    html = resident.html("docs")  # back at the step: the file is listed with its size and 删除
    assert "身份证.png" in html and "2 KB" in html and 'value="id_copy:' in html and "替换为新文件" in html
    response = resident.post("docs", docs())  # 下一步 without choosing it again
    assert response.status_code == 302, errors(response)
    assert kept("id_copy") == [record]


def test_files_that_pass_are_kept_when_another_field_fails(page):
    resident = Resident(page)
    bad = io.BytesIO(b"not a png at all")
    bad.name = "坏文件.png"
    response = resident.post("docs", docs(name="", id_copy=png("身份证.png"), proofs=[png("证明一.png"), bad]))
    assert response.status_code == 200
    found = " ".join(errors(response))
    assert "请填写姓名" in found and "“坏文件.png”未能上传：文件内容与扩展名 .png 不符" in found
    assert [r["name"] for r in kept("id_copy")] == ["身份证.png"]
    assert [r["name"] for r in kept("proofs")] == ["证明一.png"]
    html = response.content.decode()
    assert "身份证.png" in html and "证明一.png" in html
    response = resident.post("docs", docs())  # the name given; no file chosen again
    assert response.status_code == 302, errors(response)


def test_delete_and_replace_keep_what_was_typed(page):
    resident = Resident(page)
    resident.post("docs", docs(id_copy=png("旧.png"), proofs=[png("a.png"), png("b.png")]))
    old = kept("id_copy")[0]
    [first, second] = kept("proofs")

    response = resident.post("docs", docs(name="李四"), wizard_remove_file=f"proofs:{first['id']}")
    assert response.status_code == 302 and response["Location"] == resident.url("docs")
    assert kept("proofs") == [second] and not storages["private"].exists(first["tmp_name"])
    html = resident.html("docs")
    assert "已删除“a.png”" in html and "李四" in html and "a.png" not in html.replace("已删除“a.png”", "")

    resident.post("docs", docs(id_copy=png("新.png")))  # choosing a new file replaces the kept one
    assert [r["name"] for r in kept("id_copy")] == ["新.png"] and not storages["private"].exists(old["tmp_name"])

    resident.post("docs", docs(), wizard_remove_file=f"id_copy:{kept('id_copy')[0]['id']}")
    response = resident.post("docs", docs())
    assert response.status_code == 200 and "请上传身份证复印件" in " ".join(errors(response))


def test_enter_in_a_text_box_presses_next_not_delete(page):
    resident = Resident(page)
    resident.post("docs", docs(id_copy=png("身份证.png")))
    html = resident.html("docs")
    form = html[html.index('class="wizard-form"') :]
    buttons = re.findall(r"<button[^>]*>", form)
    assert "wizard_remove_file" in " ".join(buttons)  # the kept file's 删除 is there …
    assert "name=" not in buttons[0] and 'type="submit"' in buttons[0]  # … but the first button submits as 下一步


def test_several_files_with_their_limits_reach_the_case(page):
    resident = Resident(page)
    big = [png(f"大{n}.png", int(0.8 * MB)) for n in (1, 2, 3)]
    response = resident.post("docs", docs(id_copy=png("身份证.png"), proofs=big))
    assert "“大3.png”未能上传：本项文件合计不能超过 2 MB（已上传 1.6 MB）" in " ".join(errors(response))
    assert [r["name"] for r in kept("proofs")] == ["大1.png", "大2.png"]
    response = resident.post("docs", docs(proofs=[png("小1.png"), png("小2.png")]))
    assert "“小2.png”未能上传：本项最多上传 3 个文件" in " ".join(errors(response))
    assert [r["name"] for r in kept("proofs")] == ["大1.png", "大2.png", "小1.png"]
    html = resident.html("docs")
    assert "已达到文件数上限" in html and 'type="file" name="docs-proofs"' not in html

    assert resident.post("docs", docs()).status_code == 302
    assert resident.post("contact", {"phone": "13800138000"}).status_code == 302
    review = resident.html("review")
    assert review.count("<li>大") == 2 and "小1.png（100 字节）" in review

    resident.post("review")
    submission = Submission.objects.get()
    assert [r["file"] for r in submission.answers["proofs"]] == ["大1.png", "大2.png", "小1.png"]
    assert len(submission.answers["id_copy"]) == 1 and submission.files.count() == 4
    assert Draft.objects.get().data["uploads"] == {}
    rows = {row.label: row for _, rows in answer_sections(submission, show_personal=True) for row in rows}
    assert [name for name, _ in rows["证明材料"].files] == ["大1.png", "大2.png", "小1.png"]
    assert rows["证明材料"].text == "已上传：大1.png\n大2.png\n小1.png"
    pdf = resident.client.get(f"/apply/submitted/{submission.reference}/receipt/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "已在线上传的材料" in text and all(name in text for name in ("大1.png", "大2.png", "小1.png", "身份证.png"))
    confirmation = resident.client.get(f"/apply/submitted/{submission.reference}/").content.decode()
    assert "<li>小1.png</li>" in confirmation


def test_single_file_input_takes_one_file_and_multiple_takes_several(page):
    html = Resident(page).html("docs")
    single = re.search(r'<input[^>]*name="docs-id_copy"[^>]*>', html).group(0)
    several = re.search(r'<input[^>]*name="docs-proofs"[^>]*>', html).group(0)
    assert "multiple" not in single and "multiple" in several and 'accept=".png"' in several
    assert "可一次选择多个文件，最多 3 个，合计不超过 2 MB" in html


def test_a_file_of_a_field_that_becomes_hidden_is_deleted(page):
    definition = {**DEFINITION, "slug": "hidden-file"}
    definition["steps"] = [dict(DEFINITION["steps"][0])]
    definition["steps"][0]["fields"] = DEFINITION["steps"][0]["fields"][:3] + [
        {"key": "change_proof", "label": "变更证明", "type": "file", "required": False, "show_if": {"field": "kind", "equals": "变更"}}
    ]
    resident = Resident(factories.ApplicationFormPageFactory(definition=definition))
    resident.post("docs", docs(name="", kind="变更", change_proof=png("证明.png")))
    [record] = kept("change_proof")
    resident.post("docs", docs(kind="首次", id_copy=png("身份证.png")))
    assert kept("change_proof") == [] and not storages["private"].exists(record["tmp_name"])


def test_modify_from_review_returns_to_review(page):
    resident = Resident(page)
    resident.post("docs", docs(id_copy=png("身份证.png")))
    resident.post("contact", {"phone": "13800138000"})
    review = resident.html("review")
    assert f'href="{resident.url("docs")}?from=review"' in review
    html = resident.html("docs", "?from=review")
    assert 'name="from_review"' in html and "保存，回到核对信息" in html
    response = resident.post("docs", docs(name="李四"), from_review="1")
    assert response["Location"] == resident.url("review")
    assert "李四" in resident.html("review")

    # A change that makes a later step appear: that step first, said why, then back to 核对信息.
    response = resident.post("docs", docs(kind="变更"), from_review="1")
    assert response["Location"] == resident.url("change", "?from=review")
    html = resident.html("change", "?from=review")
    assert "根据您的修改，还需要填写“变更事项”" in html
    response = resident.post("change", {"reason": "迁居"}, from_review="1")
    assert response["Location"] == resident.url("review")

    # Without ?from=review the wizard walks on as usual.
    assert resident.post("docs", docs(kind="变更"))["Location"] == resident.url("change")


def test_a_date_may_default_to_today(page):
    html = Resident(page).html("docs")
    today = timezone.localdate().isoformat()
    assert re.search(rf'<input type="date" name="docs-apply_date" value="{today}"', html)
    assert check_definition({**DEFINITION, "steps": [{**DEFINITION["steps"][0], "fields": [
        {"key": "d", "label": "日期", "type": "date", "default": "tomorrow"}]}]})[0].message == "日期的 default 只能是 today（默认今天）"  # fmt: skip
    block = field_from_definition(DEFINITION["steps"][0]["fields"][4])
    assert block["value"]["default_today"] is True
    assert field_to_definition("date", block["value"])["default"] == "today"


# --- Rules without the wizard -----------------------------------------------------


def field(**options):
    return {"key": "f", "label": "材料", "type": "file", **options}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"multiple": "yes"}, "multiple 应当是 true 或 false"),
        ({"max_files": 3}, "max_files 只用于可上传多个文件（multiple: true）的字段"),
        ({"multiple": True, "max_files": 0}, "max_files 应当是 1 到 50 之间的整数"),
        ({"multiple": True, "max_total_mb": 5, "max_mb": 10}, "合计大小 max_total_mb（5 MB）不能小于单个文件的 max_mb（10 MB）"),
        ({"max_mb": 100}, "max_mb 应当是 1 到 50 之间的整数"),
    ],
)
def test_file_options_are_checked(options, message):
    definition = {"slug": "x", "title": "x", "steps": [{"key": "s", "title": "s", "fields": [field(**options)]}]}
    assert [error.message for error in check_definition(definition)] == [message]


def test_file_options_round_trip_through_the_block():
    spec = field(required=True, accept=["pdf"], max_mb=5, multiple=True, max_files=4, max_total_mb=12)
    value = field_from_definition(spec)["value"]
    assert (value["multiple"], value["max_files"], value["max_total_mb"]) == (True, 4, 12)
    assert field_to_definition("file", value) == spec
    single = field(required=False)
    assert field_to_definition("file", field_from_definition(single)["value"]) == single


def test_accept_uploads_rules():
    def png(name):
        return SimpleUploadedFile(name, PNG_HEAD + b"\0" * 8)

    single = field(accept=["png"])
    accepted, replaced, problems = accept_uploads(single, [{"id": "1", "size": 5}], [png("a.png"), png("b.png")])
    assert [u.name for u in accepted] == ["a.png"] and replaced == [{"id": "1", "size": 5}]
    assert problems == ["“b.png”未能上传：本项只能上传 1 个文件"]
    accepted, replaced, problems = accept_uploads(single, [{"id": "1", "size": 5}], [png("a.pdf")])
    assert accepted == [] and replaced == [] and problems == ["“a.pdf”未能上传：只能上传以下格式的文件：png"]
    assert human_size(12) == "12 字节" and human_size(2048) == "2 KB" and human_size(3 * MB // 2) == "1.5 MB"


def test_a_draft_saved_before_files_were_kept_per_field_keeps_its_file(page):
    """Drafts written by the earlier wizard held files per step, formtools' way."""
    tmp_name = storages["private"].save("old-draft-file.png", io.BytesIO(PNG_HEAD + b"\0" * 50))
    draft = Draft.objects.create(
        page=page,
        data={
            "step": "docs",
            "step_data": {"docs": {"docs-name": ["王秀英"], "docs-kind": ["首次"], "docs-apply_date": ["2024-03-01"]}},
            "step_files": {"docs": {"docs-id_copy": {"tmp_name": tmp_name, "name": "旧草稿.png", "size": 58,
                                                      "content_type": "image/png", "charset": None}}},
            "extra_data": {},
        },
    )  # fmt: skip
    resident = Resident(page)
    resident.client.get(f"{page.url}resume/{draft.token}/")
    assert "旧草稿.png" in resident.html("docs")
    response = resident.post("docs", docs())
    assert response.status_code == 302, errors(response)
    data = Draft.objects.get().data
    assert data["step_files"] == {} and [(r["name"], r["tmp_name"]) for r in data["uploads"]["id_copy"]] == [("旧草稿.png", tmp_name)]


def test_purging_expired_drafts_deletes_their_kept_files(page):
    from django.core.management import call_command

    resident = Resident(page)
    resident.post("docs", docs(id_copy=png("身份证.png"), proofs=[png("a.png")]))
    names = [r["tmp_name"] for key in ("id_copy", "proofs") for r in kept(key)]
    assert len(names) == 2 and all(storages["private"].exists(name) for name in names)
    Draft.objects.update(expires_at=timezone.now())
    call_command("purge_drafts", stdout=io.StringIO())
    assert not Draft.objects.exists() and not any(storages["private"].exists(name) for name in names)


def test_file_answers_of_both_shapes_are_read_as_lists():
    from cases.answers import file_records

    before = {"file": "户口簿.png", "id": 7}  # stored before fields took several files
    now = [{"file": "a.png", "id": 8, "size": 10}, {"file": "b.pdf", "id": 9, "size": 20}]
    assert file_records(before) == [before] and file_records(now) == now
    assert file_records(None) == [] and file_records("x") == []
