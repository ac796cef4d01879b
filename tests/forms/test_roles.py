"""Personal-data roles on form fields (个人信息类别): the checks, the blocks,
the publishing rule (admin, import, any other publish) and the one-time
migration that gave existing forms and cases their roles."""

import copy
import importlib
import json

import pytest
from django.apps import apps

from cases.models import Submission

forms_migration = importlib.import_module("forms.migrations.0006_field_roles")
from forms import legacy_roles
from forms.blocks import StepsBlock, steps_from_definition, steps_to_definition
from forms.definition import ROLES, check_definition, publish_problems
from forms.importing import FormImportFailed, import_definition
from forms.models import ApplicationFormPage, FormNotPublishable
from tests import factories
from tests.support import DEFINITION

cases_migration = importlib.import_module("cases.migrations.0002_submission_definition_roles")


def without_roles(definition=DEFINITION, keep=()):
    result = copy.deepcopy(definition)
    for step in result["steps"]:
        for field in step["fields"]:
            if field["key"] not in keep:
                field.pop("role", None)
    return result


def with_field(definition, step_index=0, **field):
    result = copy.deepcopy(definition)
    result["steps"][step_index]["fields"].append({"required": False, **field})
    return result


def messages(definition):
    return [str(error) for error in check_definition(definition)]


# --- Checks -----------------------------------------------------------------


def test_roles_are_named_in_chinese():
    assert ROLES == {
        "applicant_name": "申请人姓名",
        "id_number": "证件号码",
        "phone": "联系电话",
        "org_name": "单位名称",
        "personal": "个人信息",
    }


def test_the_shared_definition_is_valid_and_publishable():
    assert messages(DEFINITION) == [] and publish_problems(DEFINITION) == []


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({"key": "x", "label": "X", "type": "text", "role": "secret"}, "个人信息类别“secret”不存在"),
        ({"key": "x", "label": "别名", "type": "text", "role": "applicant_name"}, "只能有一个字段标记为“申请人姓名”（已有“姓名”）"),
        ({"key": "x", "label": "X", "type": "radio", "choices": ["甲", "乙"], "role": "phone"}, "选项字段只能标记为“个人信息”"),
        ({"key": "x", "label": "X", "type": "file", "role": "personal"}, "上传文件字段不能标记个人信息类别"),
        ({"key": "x", "label": "X", "type": "heading", "role": "personal"}, "说明文字字段不能标记个人信息类别"),
        ({"key": "x", "label": "X", "type": "agree", "role": "personal"}, "承诺/同意字段不能标记个人信息类别"),
        ({"key": "x", "label": "X", "type": "id_card", "role": "applicant_name"}, "“申请人姓名”只能标在单行文字字段上"),
        ({"key": "x", "label": "X", "type": "textarea", "role": "phone"}, "“联系电话”只能标在"),
    ],
)
def test_a_wrong_role_is_refused_naming_the_field(field, message):
    found = messages(with_field(DEFINITION, **field))
    assert len(found) == 1 and found[0].startswith(f"第 1 步“申请人信息”的字段“{field['label']}”：") and message in found[0], found


@pytest.mark.parametrize(
    "field",
    [
        {"key": "x", "label": "健康状况", "type": "radio", "choices": ["健康", "患病"], "role": "personal"},
        {"key": "x", "label": "护照号", "type": "text", "role": "id_number"},
        {"key": "x", "label": "统一社会信用代码", "type": "credit_code", "role": "id_number"},
        {"key": "x", "label": "配偶手机", "type": "mobile", "role": "phone"},
        {"key": "x", "label": "单位名称", "type": "text", "role": "org_name"},
        {"key": "x", "label": "家庭成员", "type": "textarea", "role": "personal"},
        {"key": "x", "label": "没有类别", "type": "text", "role": ""},
    ],
)
def test_meaningful_roles_are_accepted(field):
    assert messages(with_field(DEFINITION, **field)) == []


def test_a_name_inside_a_repeating_group_is_refused():
    group = {"key": "household", "label": "家庭成员", "type": "group",
             "fields": [{"key": "member", "label": "姓名", "type": "text", "role": "applicant_name"}]}  # fmt: skip
    found = [str(error) for error in check_definition(with_field(without_roles(DEFINITION), **group))]
    assert any("的字段“家庭成员”的“姓名”：“申请人姓名”不能标在重复填写的分组里" in message for message in found), found


def test_publishing_needs_the_applicant_name_and_an_id_number_or_phone():
    assert "“申请人姓名”和“证件号码”或“联系电话”" in publish_problems(without_roles())[0]
    only_name = without_roles(keep={"name"})
    assert "“证件号码”或“联系电话”" in publish_problems(only_name)[0] and "申请人姓名" not in publish_problems(only_name)[0]
    assert publish_problems(without_roles(keep={"name", "phone"})) == []
    assert publish_problems(without_roles(keep={"name", "id_number"})) == []
    assert "“申请人姓名”" in publish_problems(without_roles(keep={"id_number", "phone"}))[0]
    assert messages(without_roles()) == []  # a draft without roles is a valid definition


# --- Blocks -------------------------------------------------------------------


def test_roles_survive_the_blocks_both_ways():
    stream = StepsBlock().to_python(steps_from_definition(DEFINITION["steps"]))
    steps = steps_to_definition(stream)
    roles = {field["key"]: field.get("role") for step in steps for field in step["fields"]}
    assert roles == {
        "name": "applicant_name", "id_number": "id_number", "phone": "phone", "email": "personal",
        "hukou": None, "mode": None, "agent_name": "personal", "mu": None, "crops": None,
        "intro_text": None, "photo": None, "members": None, "since": None, "pledge": None,
    }  # fmt: skip


def test_the_editor_offers_roles_only_where_they_mean_something():
    fields_block = StepsBlock().child_blocks["step"].child_blocks["fields"]
    offered = {name: block.child_blocks.get("role") for name, block in fields_block.child_blocks.items()}
    assert all(offered[name] is None for name in ("heading", "file", "agree"))
    assert [value for value, _ in offered["radio"].field.choices] == ["", "personal"]
    assert offered["text"].field.choices[0] == ("", "无") and offered["text"].meta.label == "个人信息类别"


# --- Publishing -----------------------------------------------------------------


@pytest.mark.django_db
def test_import_refuses_a_form_without_an_applicant_name_role_and_writes_nothing():
    with pytest.raises(FormImportFailed) as failure:
        import_definition({**without_roles(keep={"phone"}), "guide": None})
    assert "申请人姓名" in str(failure.value)
    assert not ApplicationFormPage.objects.exists()


@pytest.mark.django_db
def test_a_file_in_the_format_before_roles_imports_with_the_roles_it_assumes_named():
    outcome, warnings = import_definition({**without_roles(), "guide": None})
    assert outcome == "created"
    assert any("已按旧规则推定" in warning and "→申请人姓名" in warning for warning in warnings), warnings
    assert publish_problems(ApplicationFormPage.objects.get().definition) == []


@pytest.mark.django_db
def test_any_other_publish_of_a_revision_without_roles_is_refused():
    """import_form, workflow approval and scheduled publishing all end in page.publish()."""
    page = factories.ApplicationFormPageFactory()
    page.steps = steps_from_definition(without_roles()["steps"])
    revision = page.save_revision()
    with pytest.raises(FormNotPublishable):
        revision.publish()
    page.refresh_from_db()
    assert page.live_revision != revision and all(f.get("role") for f in page.definition["steps"][0]["fields"][:3])


# --- The one-time migration -------------------------------------------------------


def old_fields():
    return [
        {"key": "name", "label": "姓名", "type": "text"},
        {"key": "id_number", "label": "公民身份号码", "type": "id_card"},
        {"key": "phone", "label": "手机号码", "type": "mobile"},
        {"key": "credit_code", "label": "统一社会信用代码", "type": "credit_code"},
        {"key": "org_name", "label": "合作社名称", "type": "text"},
        {"key": "address", "label": "现居住地址", "type": "text"},
        {"key": "account", "label": "银行账号", "type": "text"},
        {"key": "spouse", "label": "配偶姓名", "type": "text"},
        {"key": "machine", "label": "机具名称和型号", "type": "text"},
        {"key": "members", "label": "家庭成员", "type": "textarea"},
        {"key": "email", "label": "电子邮箱", "type": "email"},
        {"key": "hukou", "label": "户籍所在地", "type": "radio", "choices": ["本村", "外村"]},
        {"key": "photo", "label": "照片", "type": "file"},
    ]


def test_migration_guesses_roles_from_types_keys_and_the_old_labels():
    fields = old_fields()
    assert legacy_roles.guess_roles(fields) is True
    assert {f["key"]: f.get("role") for f in fields} == {
        "name": "applicant_name", "id_number": "id_number", "phone": "phone", "credit_code": "id_number",
        "org_name": "org_name", "address": "personal", "account": "personal", "spouse": "personal",
        "machine": None, "members": None, "email": "personal", "hukou": None, "photo": None,
    }  # fmt: skip


def test_migration_takes_the_first_name_label_when_no_key_says_name():
    fields = [{"key": "huzhu", "label": "户主姓名", "type": "text"}, {"key": "peiou", "label": "配偶姓名", "type": "text"}]
    legacy_roles.guess_roles(fields)
    assert [f["role"] for f in fields] == ["applicant_name", "personal"]


def test_migration_leaves_a_definition_with_roles_alone():
    definition = copy.deepcopy(DEFINITION)
    assert legacy_roles.guess_definition_roles(definition) is False and definition == DEFINITION


def test_migration_on_stream_data_and_revisions_as_stored():
    stream = steps_from_definition(without_roles()["steps"])
    assert legacy_roles.guess_stream_roles(stream) is True
    assert publish_problems({"steps": steps_to_definition(StepsBlock().to_python(stream))}) == []
    content = {"steps": json.dumps(steps_from_definition(without_roles()["steps"]))}
    steps, dump = forms_migration._revision_steps(content)
    assert legacy_roles.guess_stream_roles(steps) and "applicant_name" in dump(steps)


@pytest.mark.django_db
def test_migrations_give_existing_forms_revisions_and_cases_their_roles():
    old = without_roles()
    page = factories.ApplicationFormPageFactory(definition=old)
    page.save_revision()
    case = factories.SubmissionFactory(page=page, definition=old)
    other = factories.SubmissionFactory(definition=without_roles(keep={"name"}))  # has a role: left alone

    forms_migration.add_roles(apps, None)
    cases_migration.add_roles(apps, None)

    page.refresh_from_db()
    assert publish_problems(page.definition) == []
    assert publish_problems(page.get_latest_revision_as_object().definition) == []  # what the editor opens
    case.refresh_from_db()
    roles = {f["key"]: f.get("role") for f in case.definition["steps"][0]["fields"]}
    assert roles["name"] == "applicant_name" and roles["id_number"] == "id_number" and roles["phone"] == "phone"
    assert Submission.objects.get(pk=other.pk).definition == without_roles(keep={"name"})
